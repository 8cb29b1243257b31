"""Passwords and account states (issue 13 items 3 and 4): change your own password (other sessions end),
temporary passwords that must be changed, a strength check with a clear message, and explicit, idempotent
disable and enable whose page always tells the truth."""

import pytest

from selfassess.extensions import db
from selfassess.models import AuditEvent, User
from selfassess.services.passwords import password_problem
from tests.conftest import PASSWORD, error_summary, page, sign_in, text_of

NEW = "plum-lantern-river-oak"
CHANGE = "/account/password"


def user_id(app, email):
    with app.app_context():
        return db.session.query(User.id).filter_by(email=email).scalar()


def change(client, current, new, confirm=None):
    return client.post(CHANGE, data={"current_password": current, "new_password": new,
                                     "confirm_password": new if confirm is None else confirm})


def test_changing_your_password_ends_every_other_session_but_this_one(app, factory, provider_ukprn):
    email = factory.user("editor", provider_ukprn)
    laptop = sign_in(app.test_client(), email)
    phone = sign_in(app.test_client(), email)
    response = change(laptop, PASSWORD, NEW)
    assert response.status_code == 302 and response.location == "/account/"
    assert "signed out on every other device" in text_of(laptop.get("/account/"))
    assert laptop.get("/").status_code == 200, "this session carries on"
    assert phone.get("/").location.startswith("/login"), "the other one has ended"
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": email, "password": PASSWORD}).status_code == 400
    assert fresh.post("/login", data={"email": email, "password": NEW}).status_code == 302
    with app.app_context():
        assert db.session.query(AuditEvent).filter_by(action="password_changed").count() == 1


@pytest.mark.parametrize("current, new, confirm, expected", [
    ("wrong-current-password", NEW, None, ["Your current password is not correct"]),
    (PASSWORD, "password1234", None, ["Password is too common. Choose a password that is harder to guess"]),
    (PASSWORD, "qwertyuiop123", None, [
        "Password is too easy to guess (this is a very common password). Use three or four unrelated words, "
        "or a longer password"]),
    (PASSWORD, "short", None, ["Password must be 12 characters or more"]),
    (PASSWORD, NEW, "something-else-entirely", ["The passwords do not match"]),
    (PASSWORD, PASSWORD, None, ["Your new password must be different from your current password"]),
])
def test_a_refused_change_says_why_and_changes_nothing(app, factory, provider_ukprn, current, new, confirm,
                                                         expected):
    email = factory.user("editor", provider_ukprn)
    client = sign_in(app.test_client(), email)
    response = change(client, current, new, confirm)
    assert response.status_code == 400
    assert error_summary(response) == expected
    assert all(not i.get("value") for i in page(response).select("input[type=password]"))
    assert app.test_client().post("/login", data={"email": email, "password": PASSWORD}).status_code == 302


def test_the_strength_check_counts_the_persons_own_name_against_them():
    person = ("Zephyrine Quillfeather", "zq@example.ac.uk")
    assert password_problem("zephyrinequillfeather", personal=person).startswith("Password is too easy")
    assert password_problem("zephyrinequillfeather") is None


def test_a_temporary_password_must_be_changed_at_next_sign_in(app, factory, provider_ukprn, admin_client):
    email = factory.user("editor", provider_ukprn)
    their_session = sign_in(app.test_client(), email)
    target = user_id(app, email)
    weak = admin_client.post(f"/admin/users/{target}/temporary-password", data={"password": "password1234"})
    assert weak.status_code == 400 and "too common" in error_summary(weak)[0]
    temporary = "temporary-maple-cloud-9"
    response = admin_client.post(f"/admin/users/{target}/temporary-password", data={"password": temporary})
    assert response.status_code == 302
    assert "Temporary: must be changed at next sign-in" in text_of(admin_client.get(f"/admin/users/{target}"))
    assert their_session.get("/").location.startswith("/login"), "their sessions have ended"

    client = sign_in(app.test_client(), email, temporary)
    for path in ("/", f"/providers/{provider_ukprn}/", "/account/"):
        assert client.get(path).location == CHANGE, path
    assert "temporary password from an administrator" in text_of(client.get(CHANGE))
    assert change(client, temporary, NEW).location == "/"
    assert client.get("/").status_code == 200
    with app.app_context():
        assert not db.session.query(User).filter_by(email=email).one().must_change_password
        assert db.session.query(AuditEvent).filter_by(action="temporary_password_set").count() == 1


def test_disable_twice_stays_disabled_and_the_page_tells_the_truth(app, factory, admin_client):
    email = factory.user()
    target = user_id(app, email)
    first = admin_client.post(f"/admin/users/{target}/disable", follow_redirects=True)
    assert "has been disabled" in text_of(first)
    second = admin_client.post(f"/admin/users/{target}/disable", follow_redirects=True)
    assert "was already disabled" in text_of(second)
    soup = page(second)
    assert "Status Disabled" in text_of(soup)
    assert soup.find("button", string=lambda s: s and "Enable account" in s)
    assert app.test_client().post("/login", data={"email": email, "password": PASSWORD}).status_code == 400
    for _ in range(2):
        response = admin_client.post(f"/admin/users/{target}/enable", follow_redirects=True)
    assert "was already enabled" in text_of(response) and "Status Active" in text_of(response)
    assert app.test_client().post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    with app.app_context():
        actions = [e.action for e in db.session.query(AuditEvent).order_by(AuditEvent.id)
                   if e.action in ("user_disabled", "user_enabled")]
    assert actions == ["user_disabled", "user_enabled"], "only real changes are audited"


def test_the_old_toggle_route_is_gone(app, factory, admin_client):
    target = user_id(app, factory.user())
    assert admin_client.post(f"/admin/users/{target}/active").status_code in (404, 405)
