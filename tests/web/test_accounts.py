"""Sign-in, sign-out, the attempt limit and server-side session revocation."""

import pytest

from tests.conftest import PASSWORD, error_summary, page, sign_in


def test_sign_in_with_the_real_form_reaches_the_dashboard(client, factory, provider_ukprn):
    email = factory.user("editor", provider_ukprn)
    response = client.post("/login", data={"email": email.upper(), "password": PASSWORD})
    assert response.status_code == 302 and response.location == "/"
    dashboard = page(client.get("/"))
    assert dashboard.h1.get_text(strip=True) == "Your providers"
    assert "Test University" in dashboard.get_text()


@pytest.mark.parametrize(
    "email, password",
    [("known", "wrong-password-here"), ("nobody@example.ac.uk", PASSWORD)],
    ids=["wrong password", "unknown email"],
)
def test_wrong_credentials_get_one_generic_message_and_keep_the_email(client, factory, email, password):
    known = factory.user()
    email = known if email == "known" else email
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 400
    assert error_summary(response) == ["Enter a correct email address and password"]
    soup = page(response)
    assert soup.find("input", {"name": "email"})["value"] == email
    assert not soup.find("input", {"name": "password"}).get("value")
    assert soup.title.get_text().startswith("Error:")


def test_empty_form_shows_both_errors(client):
    response = client.post("/login", data={"email": "", "password": ""})
    assert response.status_code == 400
    assert error_summary(response) == ["Enter your email address", "Enter your password"]


def test_inactive_user_cannot_sign_in(app, client, factory):
    email = factory.user()
    from selfassess.extensions import db
    from selfassess.models import User

    with app.app_context():
        db.session.query(User).filter_by(email=email).update({"active": False})
        db.session.commit()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 400
    assert error_summary(response) == ["Enter a correct email address and password"]


def test_more_than_ten_failures_in_five_minutes_are_refused_even_with_the_right_password(client, factory):
    email = factory.user()
    for _ in range(10):
        assert client.post("/login", data={"email": email, "password": "not-the-password"}).status_code == 400
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 429
    assert "too many attempts" in " ".join(error_summary(response)).lower()


def test_failures_older_than_the_window_do_not_count(app, client, factory):
    from datetime import timedelta

    from selfassess.extensions import db
    from selfassess.models import SignInCounter, utcnow

    email = factory.user()
    for _ in range(10):
        client.post("/login", data={"email": email, "password": "not-the-password"})
    with app.app_context():
        db.session.query(SignInCounter).update({"window_start": utcnow() - timedelta(minutes=6)})
        db.session.commit()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302


def test_sign_in_starts_a_new_session(app, client, factory):
    email = factory.user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client, email)
    with client.session_transaction() as session:
        assert "planted" not in session


def _session_cookie(client) -> str:
    return client.get_cookie("session").value


def test_old_cookie_is_useless_after_sign_out(app, factory, provider_ukprn):
    email = factory.user("editor", provider_ukprn)
    client = sign_in(app.test_client(), email)
    stolen = _session_cookie(client)
    assert client.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_old_cookie_is_useless_after_an_administrator_disables_the_account(app, factory, provider_ukprn,
                                                                          admin_client):
    from selfassess.extensions import db
    from selfassess.models import User

    email = factory.user("editor", provider_ukprn)
    client = sign_in(app.test_client(), email)
    assert client.get("/").status_code == 200
    with app.app_context():
        user_id = db.session.query(User.id).filter_by(email=email).scalar()
    assert admin_client.post(f"/admin/users/{user_id}/disable").status_code == 302
    response = client.get("/")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_signing_out_on_one_device_signs_out_everywhere(app, factory):
    email = factory.user()
    first = sign_in(app.test_client(), email)
    second = sign_in(app.test_client(), email)
    assert first.get("/").status_code == 200, "a second sign-in leaves the first device signed in"
    second.post("/logout")
    assert first.get("/").status_code == 302


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/providers/", "/providers/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("\\\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("http:/evil.example", "/"),
        ("/\r\nLocation: https://evil.example", "/"),
        ("", "/"),
        (" https://evil.example", "/"),
        ("///evil.example", "/"),
    ],
)
def test_next_only_redirects_within_the_site(client, factory, target, expected):
    email = factory.user()
    response = client.post("/login", query_string={"next": target},
                           data={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.location == expected


def test_password_is_stored_as_argon2id(app, factory):
    from selfassess.extensions import db
    from selfassess.models import User

    email = factory.user()
    with app.app_context():
        stored = db.session.query(User.password_hash).filter_by(email=email).scalar()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_failed_sign_in_is_audited_without_the_password(app, client, factory):
    from selfassess.extensions import db
    from selfassess.models import AuditEvent

    email = factory.user()
    client.post("/login", data={"email": email, "password": "a-wrong-password-123"})
    with app.app_context():
        events = db.session.query(AuditEvent).filter_by(action="sign_in_failed").all()
    assert len(events) == 1
    assert "a-wrong-password-123" not in repr(events[0].detail)


@pytest.mark.parametrize("key, age", [("seen", 61 * 60), ("signed_in_at", 8 * 60 * 60 + 1)],
                         ids=["idle for an hour", "signed in over eight hours ago"])
def test_a_session_ends_after_an_hour_idle_or_eight_hours_in_all(app, factory, provider_ukprn, key, age):
    import time

    client = sign_in(app.test_client(), factory.user("editor", provider_ukprn))
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        session[key] = time.time() - age
    response = client.get("/")
    assert response.status_code == 302 and response.location == "/login"
    assert "after 60 minutes without use, or 8 hours in all" in page(client.get("/login")).get_text()
    assert client.get("/").location.startswith("/login")
