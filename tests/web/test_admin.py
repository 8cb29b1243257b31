"""The admin area: providers, users, roles and disabling accounts."""

from selfassess.extensions import db
from selfassess.models import AuditEvent, Membership, Provider, User
from tests.conftest import PASSWORD, error_summary, page


def test_admin_creates_a_provider(app, admin_client):
    response = admin_client.post("/admin/providers/new", data={"name": "New College", "ukprn": "10055555"})
    assert response.status_code == 302
    listing = page(admin_client.get("/admin/providers?q=10055555"))
    assert "New College" in listing.get_text() and "10055555" in listing.get_text()


def test_bad_provider_input_keeps_what_was_typed(app, admin_client):
    response = admin_client.post("/admin/providers/new", data={"name": "New <College>", "ukprn": "1234"})
    assert response.status_code == 400
    assert error_summary(response) == ["UKPRN must be 8 digits starting with 1, like 10012345"]
    soup = page(response)
    assert soup.find("input", {"name": "name"})["value"] == "New <College>"
    assert soup.find("input", {"name": "ukprn"})["value"] == "1234"
    with app.app_context():
        assert db.session.query(Provider).count() == 0


def test_duplicate_ukprn_is_explained(app, admin_client, factory):
    factory.provider("Old", "10055555")
    response = admin_client.post("/admin/providers/new", data={"name": "New", "ukprn": "10055555"})
    assert response.status_code == 400
    assert error_summary(response) == ["A provider with the UKPRN 10055555 already exists"]


def test_admin_creates_a_user_who_can_sign_in(app, admin_client, provider_ukprn):
    response = admin_client.post("/admin/users/new", data={
        "name": "New Lead", "email": "lead@new.ac.uk", "password": PASSWORD, "provider": provider_ukprn,
        "role": "editor"})
    assert response.status_code == 302
    client = app.test_client()
    assert client.post("/login", data={"email": "lead@new.ac.uk", "password": PASSWORD}).status_code == 302
    assert "Test University" in page(client.get("/")).get_text()


def test_creating_a_user_with_a_short_password_explains_and_saves_nothing(app, admin_client, provider_ukprn):
    response = admin_client.post("/admin/users/new", data={
        "name": "New Lead", "email": "lead@new.ac.uk", "password": "short", "provider": provider_ukprn,
        "role": "editor"})
    assert response.status_code == 400
    assert error_summary(response) == ["Password must be 12 characters or more"]
    assert page(response).find("input", {"name": "email"})["value"] == "lead@new.ac.uk"
    with app.app_context():
        assert db.session.query(User).filter_by(email="lead@new.ac.uk").count() == 0


def test_admin_changes_and_removes_a_role(app, admin_client, factory, provider_ukprn):
    email = factory.user("viewer", provider_ukprn)
    with app.app_context():
        user_id = db.session.query(User.id).filter_by(email=email).scalar()
    assert admin_client.post(f"/admin/users/{user_id}",
                             data={"provider": provider_ukprn, "role": "approver"}).status_code == 302
    with app.app_context():
        assert db.session.query(Membership).filter_by(user_id=user_id).one().role == "approver"
    assert admin_client.post(f"/admin/users/{user_id}",
                             data={"provider": provider_ukprn, "role": "none"}).status_code == 302
    with app.app_context():
        assert db.session.query(Membership).filter_by(user_id=user_id).count() == 0
        actions = [e.action for e in db.session.query(AuditEvent).filter_by(action="membership_changed")]
    assert len(actions) == 2


def test_disabled_user_cannot_sign_in_and_can_be_enabled_again(app, admin_client, factory):
    email = factory.user()
    with app.app_context():
        user_id = db.session.query(User.id).filter_by(email=email).scalar()
    admin_client.post(f"/admin/users/{user_id}/disable")
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 400
    admin_client.post(f"/admin/users/{user_id}/enable")
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302


def test_an_administrator_cannot_disable_themselves(app, admin_client):
    with app.app_context():
        admin_id = db.session.query(User.id).filter_by(is_admin=True).scalar()
    admin_client.post(f"/admin/users/{admin_id}/disable")
    assert admin_client.get("/").status_code == 200


def test_markup_in_names_is_escaped(app, admin_client, factory):
    factory.user(email="x@x.ac.uk")
    with app.app_context():
        db.session.query(User).filter_by(email="x@x.ac.uk").update({"name": "<script>alert(1)</script>"})
        db.session.commit()
    body = admin_client.get("/admin/users").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
