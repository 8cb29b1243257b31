"""Two-step sign-in (issue 13 item 2): enrolment with a QR code and the key as text, recovery codes shown once
and stored hashed, the code step at sign-in, step-up before signing off and admin changes, admin reset."""

import hashlib
import time

import pytest

from selfassess.config import ConfigurationError
from selfassess.extensions import db
from selfassess.models import AuditEvent, RecoveryCode, User
from selfassess.services import second_factor
from tests.assessment_data import start_with_context
from tests.conftest import (
    PASSWORD,
    RECOVERY_CODES,
    enrol_second_factor,
    error_summary,
    make_app,
    page,
    second_factor_code,
    sign_in,
)

SET_UP = "/account/two-factor/set-up"


def user_row(app, email):
    with app.app_context():
        user = db.session.query(User).filter_by(email=email).one()
        db.session.expunge(user)
        return user


def enrol_through_the_page(client):
    soup = page(client.get(SET_UP))
    secret = soup.select_one("#totp-secret").get_text().replace(" ", "")
    response = client.post(SET_UP, data={"code": second_factor.code_for_tests(secret)})
    return secret, response


def test_an_approver_must_set_up_a_second_factor_before_anything_else(app, factory, provider_ukprn):
    email = factory.user("approver", provider_ukprn, second_factor=False)
    client = sign_in(app.test_client(), email)
    for path in ("/", f"/providers/{provider_ukprn}/", "/account/password"):
        response = client.get(path)
        assert response.status_code == 302 and response.location == SET_UP, path
    soup = page(client.get(SET_UP))
    assert soup.h1.get_text(strip=True) == "Set up two-step sign-in"
    image = soup.select_one("img.app-qr-code")
    assert image["src"].startswith("data:image/svg+xml") and "QR code" in image["alt"]
    assert len(soup.select_one("#totp-secret").get_text().replace(" ", "")) == 32

    wrong = client.post(SET_UP, data={"code": "000000"})
    assert wrong.status_code == 400
    assert error_summary(wrong) == ["Enter the 6-digit code your authenticator app shows now"]
    secret, response = enrol_through_the_page(client)
    assert response.status_code == 302 and response.location == "/account/two-factor/recovery-codes"
    codes = [c.get_text() for c in page(client.get(response.location)).select(".app-recovery-codes code")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/account/two-factor/recovery-codes").status_code == 302, "shown once only"
    assert client.get("/").status_code == 200
    with app.app_context():
        stored = {r.code_hash for r in db.session.query(RecoveryCode)}
        assert stored == {hashlib.sha256(c.replace("-", "").encode()).hexdigest() for c in codes}
        assert db.session.query(User).filter_by(email=email).one().totp_secret == secret
        assert db.session.query(AuditEvent).filter_by(action="second_factor_enrolled").count() == 1


def test_with_a_second_factor_the_password_alone_signs_nobody_in(app, factory, provider_ukprn):
    email = factory.user("approver", provider_ukprn)
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302 and response.location == "/login/two-factor"
    assert client.get("/").location.startswith("/login")
    assert page(client.get("/login/two-factor")).h1.get_text(strip=True) == \
        "Enter a code from your authenticator app"
    wrong = client.post("/login/two-factor", data={"code": "123456"})
    assert wrong.status_code == 400 and "Enter a correct code" in error_summary(wrong)[0]
    code = second_factor_code(app, email)
    assert client.post("/login/two-factor", data={"code": code}).status_code == 302
    assert client.get("/").status_code == 200

    again = app.test_client()
    again.post("/login", data={"email": email, "password": PASSWORD})
    replay = again.post("/login/two-factor", data={"code": code})
    assert replay.status_code == 400, "a code is accepted once only"


def test_a_recovery_code_works_once(app, factory, provider_ukprn):
    email = factory.user("approver", provider_ukprn)
    code = RECOVERY_CODES[email][0]
    for expected in (302, 400):
        client = app.test_client()
        client.post("/login", data={"email": email, "password": PASSWORD})
        assert client.post("/login/two-factor", data={"code": code.upper()}).status_code == expected


def test_wrong_codes_are_limited(app, factory, provider_ukprn):
    email = factory.user("approver", provider_ukprn)
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    codes = [client.post("/login/two-factor", data={"code": "000000"}).status_code for _ in range(11)]
    assert codes == [400] * 10 + [429]
    right = client.post("/login/two-factor", data={"code": second_factor_code(app, email)})
    assert right.status_code == 429


def test_editors_need_one_only_when_the_setting_says_so(_migrated, factory, provider_ukprn):
    editor = factory.user("editor", provider_ukprn)
    client = sign_in(factory.app.test_client(), editor)
    assert client.get("/").status_code == 200
    factory.app.config["MFA_REQUIRED_ROLES"] = frozenset({"editor", "approver", "admin"})
    assert client.get("/").location == SET_UP


@pytest.mark.parametrize("env_name, value, expected", [
    ("production", None, {"approver", "admin"}),
    ("development", None, set()),
    ("production", "editor, Approver,admin", {"editor", "approver", "admin"}),
    ("production", "", set()),
])
def test_the_required_roles_setting(_migrated, env_name, value, expected):
    app = make_app(_migrated, ENV_NAME=env_name, MFA_REQUIRED_ROLES=value, TESTING=False)
    assert app.config["MFA_REQUIRED_ROLES"] == expected


def test_an_unknown_role_in_the_setting_stops_start_up(_migrated):
    with pytest.raises(ConfigurationError, match="unknown role governor"):
        make_app(_migrated, MFA_REQUIRED_ROLES="approver,governor")


def _age_the_check(client, seconds):
    with client.session_transaction() as session:
        session["mfa_at"] = time.time() - seconds


def test_signing_off_asks_again_for_a_code_after_the_step_up_time(app, factory, provider_ukprn):
    start_with_context(sign_in(app.test_client(), factory.user("editor", provider_ukprn)), provider_ukprn)
    email = factory.user("approver", provider_ukprn)
    client = sign_in(app.test_client(), email)
    _age_the_check(client, app.config["MFA_STEP_UP_SECONDS"] + 1)
    sign_off_page = f"/providers/{provider_ukprn}/years/2025-26/sign-off"
    response = client.post(f"{sign_off_page}/confirm", headers={"Referer": f"http://localhost{sign_off_page}"})
    assert response.status_code == 302
    assert response.location.startswith("/account/confirm-it-is-you?next=")
    check = client.get(response.location)
    assert page(check).h1.get_text(strip=True) == "Confirm it is you"
    done = client.post(response.location, data={"code": second_factor_code(app, email)})
    assert done.status_code == 302 and done.location == sign_off_page


def test_admin_changes_ask_again_and_change_nothing_until_then(app, factory, admin_client):
    target = factory.user()
    with app.app_context():
        target_id = db.session.query(User.id).filter_by(email=target).scalar()
    _age_the_check(admin_client, app.config["MFA_STEP_UP_SECONDS"] + 1)
    for path in (f"/admin/users/{target_id}/disable", "/admin/providers/new"):
        response = admin_client.post(path, data={"name": "X", "ukprn": "10077777"})
        assert response.location.startswith("/account/confirm-it-is-you"), path
    assert user_row(app, target).active
    with app.app_context():
        assert db.session.query(AuditEvent).filter_by(action="provider_created").count() == 0


def test_a_fresh_check_lets_admin_changes_through(app, factory, admin_client):
    target = factory.user()
    with app.app_context():
        target_id = db.session.query(User.id).filter_by(email=target).scalar()
    assert admin_client.post(f"/admin/users/{target_id}/disable").location == f"/admin/users/{target_id}"
    assert not user_row(app, target).active


def test_an_administrator_resets_a_lost_second_factor(app, factory, admin_client, provider_ukprn):
    email = factory.user("approver", provider_ukprn)
    their_client = sign_in(app.test_client(), email)
    person = user_row(app, email)
    assert "Reset two-step sign-in" in admin_client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    response = admin_client.post(f"/admin/users/{person.id}/two-factor/reset")
    assert response.status_code == 302
    assert their_client.get("/").location.startswith("/login"), "their sessions have ended"
    assert user_row(app, email).totp_secret is None
    with app.app_context():
        assert db.session.query(RecoveryCode).filter_by(user_id=person.id).count() == 0
        event = db.session.query(AuditEvent).filter_by(action="second_factor_reset").one()
        assert event.detail["target"] == email
    again = sign_in(app.test_client(), email)
    assert again.get("/").location == SET_UP, "they set it up again"


def test_a_person_may_turn_it_on_by_choice_and_get_new_recovery_codes(app, factory, provider_ukprn):
    email = factory.user("editor", provider_ukprn)
    client = sign_in(app.test_client(), email)
    assert "Set up two-step sign-in" in client.get("/account/").get_data(as_text=True)
    _secret, response = enrol_through_the_page(client)
    assert response.status_code == 302
    client.get(response.location)
    assert "On – 10 recovery codes left" in page(client.get("/account/")).get_text()
    response = client.post("/account/two-factor/recovery-codes/new")
    assert response.location == "/account/two-factor/recovery-codes"
    assert len(page(client.get(response.location)).select(".app-recovery-codes code")) == 10


def test_enrolled_fixture_users_have_recovery_codes(app, factory, provider_ukprn):
    email = factory.user("approver", provider_ukprn, second_factor=False)
    secret = enrol_second_factor(app, email)
    assert user_row(app, email).totp_secret == secret and len(RECOVERY_CODES[email]) == 10


def test_an_operator_can_reset_the_only_administrators_second_factor(app, runner, admin_client):
    with app.app_context():
        admin = db.session.query(User).filter_by(is_admin=True).one()
        email = admin.email
    result = runner.invoke(args=["reset-second-factor", "--email", email.upper()])
    assert result.exit_code == 0 and "Two-step sign-in reset for" in result.output
    assert user_row(app, email).totp_secret is None
    assert admin_client.get("/").location.startswith("/login")
    with app.app_context():
        assert db.session.query(AuditEvent).filter_by(action="second_factor_reset").count() == 1
    missing = runner.invoke(args=["reset-second-factor", "--email", "nobody@example.ac.uk"])
    assert missing.exit_code == 1 and missing.output.startswith("Error: no user has")
