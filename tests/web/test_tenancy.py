"""Tenancy: who sees which providers, decided in one service."""

import pytest

from selfassess.extensions import db
from selfassess.models import User
from selfassess.services import tenancy
from selfassess.services.errors import Forbidden, NotFound
from tests.conftest import page


def _user(email):
    return db.session.query(User).filter_by(email=email).one()


def test_members_see_only_their_providers(app, factory):
    mine, theirs = factory.provider("Mine", "10000011"), factory.provider("Theirs", "10000022")
    member = factory.user("viewer", mine)
    with app.app_context():
        user = _user(member)
        assert [a.provider.ukprn for a in tenancy.providers_for(user)] == [mine]
        assert tenancy.provider_for(user, mine).role == "viewer"
        with pytest.raises(NotFound):
            tenancy.provider_for(user, theirs)
        with pytest.raises(NotFound):
            tenancy.provider_for(user, "99999999")


def test_administrators_see_all_providers_but_edit_none_without_a_role(app, factory):
    factory.provider("B", "10000022")
    factory.provider("A", "10000011")
    admin = factory.user(admin=True)
    with app.app_context():
        accesses = tenancy.providers_for(_user(admin))
        assert [a.provider.name for a in accesses] == ["A", "B"]
        assert not accesses[0].can_edit
        with pytest.raises(Forbidden):
            accesses[0].require_edit()


@pytest.mark.parametrize("role, can_edit, can_approve", [
    ("editor", True, False), ("approver", True, True), ("viewer", False, False)])
def test_role_permissions(app, factory, role, can_edit, can_approve):
    ukprn = factory.provider()
    email = factory.user(role, ukprn)
    with app.app_context():
        access = tenancy.provider_for(_user(email), ukprn)
        assert (access.can_edit, access.can_approve) == (can_edit, can_approve)


def test_dashboard_lists_only_the_users_providers(app, factory):
    mine, _ = factory.provider("Mine University", "10000011"), factory.provider("Their College", "10000022")
    client = app.test_client()
    client.post("/login", data={"email": factory.user("editor", mine), "password": "correct-horse-battery"})
    text = page(client.get("/")).get_text()
    assert "Mine University" in text and "Their College" not in text
