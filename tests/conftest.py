"""Fixtures in layers: the database, the app, clients, signed-in clients per role, small data factories.

The suite runs on SQLite by default and on PostgreSQL when SELFASSESS_TEST_DATABASE_URL names one
(scripts/test.sh starts a throwaway cluster). The schema is built once per session by the real migrations;
each test starts with empty tables.
"""

import os
import re

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import create_engine, text

from selfassess import create_app
from selfassess.extensions import db

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"
PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("SELFASSESS_TEST_DATABASE_URL")
    if url:
        engine = create_engine(url)
        with engine.begin() as connection:  # start from nothing, whatever an earlier run left
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def make_app(database_url: str, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET,
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        **overrides,
    }
    return create_app(config)


@pytest.fixture(scope="session")
def _migrated(database_url) -> str:
    app = make_app(database_url)
    with app.app_context():
        from selfassess.services import schema

        schema.upgrade_to_head()
        db.engine.dispose()
    return database_url


def _empty_all_tables() -> None:
    db.session.rollback()
    # A submitted year is locked by triggers; reopening it (as an administrator can, with a reopen
    # record) lets it be removed. Reopen records go with their year (ON DELETE CASCADE), never alone.
    db.session.execute(text("INSERT INTO reopen_record (assessment_id, at, reason, used) SELECT id, "
                            "CURRENT_TIMESTAMP, 'test clean-up', false FROM assessment "
                            "WHERE status = 'submitted'"))
    db.session.execute(text("UPDATE assessment SET status = 'draft' WHERE status = 'submitted'"))
    for table in reversed(db.metadata.sorted_tables):
        if table.name != "reopen_record":
            db.session.execute(table.delete())
    db.session.commit()


def _fresh_app(database_url: str, **overrides):
    """An app over the migrated database, its tables emptied first; disposed of afterwards."""
    app = make_app(database_url, **overrides)
    with app.app_context():
        _empty_all_tables()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(_migrated):
    yield from _fresh_app(_migrated)


@pytest.fixture
def csrf_app(_migrated):
    """The app as users get it: CSRF checked on every POST."""
    yield from _fresh_app(_migrated, WTF_CSRF_ENABLED=True)


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# ---- data factories -------------------------------------------------------------------------------

class Factory:
    """Small helpers that create data through the services, as the app itself would."""

    def __init__(self, app):
        self.app = app
        self._counter = 0

    def provider(self, name="Test University", ukprn=None):
        from selfassess.services import providers

        self._counter += 1
        with self.app.app_context():
            provider = providers.create_provider(name, ukprn or f"1000{self._counter:04d}")
            return provider.ukprn

    def user(self, role=None, ukprn=None, *, email=None, admin=False, password=PASSWORD, second_factor=None):
        """A user; approvers and administrators (who must use a second factor) are enrolled in TOTP unless
        second_factor=False, so `sign_in` passes the code step as a person with their app would."""
        from selfassess.services import accounts

        self._counter += 1
        email = email or f"user{self._counter}@example.ac.uk"
        with self.app.app_context():
            accounts.create_user(email, f"User {self._counter}", password, is_admin=admin,
                                 provider_ukprn=ukprn if role else None, role=role)
        if second_factor if second_factor is not None else (admin or role == "approver"):
            enrol_second_factor(self.app, email)
        return email


@pytest.fixture
def factory(app):
    return Factory(app)


def enrol_second_factor(app, email) -> str:
    """Turn on TOTP for an account directly (as if enrolled earlier); returns the secret."""
    from selfassess.models import User, utcnow
    from selfassess.services import second_factor
    from selfassess.services.transaction import writing

    secret = second_factor.new_secret()
    with app.app_context(), writing():
        user = db.session.query(User).filter_by(email=email).one()
        user.totp_secret, user.totp_enrolled_at, user.totp_last_step = secret, utcnow(), None
        RECOVERY_CODES[email] = second_factor.new_recovery_codes(user)
    return secret


RECOVERY_CODES: dict[str, list[str]] = {}


def second_factor_code(app, email) -> str:
    """A code the server will accept now: the earliest unused time step within the allowed drift, or an
    unused recovery code once three sign-ins have used every step of this half-minute."""
    import time

    from selfassess.models import User
    from selfassess.services import second_factor

    with app.app_context():
        user = db.session.query(User).filter_by(email=email).one()
        secret, last = user.totp_secret, user.totp_last_step
        db.session.remove()
    now = int(time.time() // second_factor.STEP_SECONDS)
    for offset in (-1, 0, 1):
        if last is None or now + offset > last:
            return second_factor.code_for_tests(secret, offset)
    return RECOVERY_CODES[email].pop()


def sign_in(client, email, password=PASSWORD):
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, f"sign-in failed for {email}: {response.status_code}"
    if response.location.endswith("/login/two-factor"):
        code = second_factor_code(client.application, email)
        response = client.post("/login/two-factor", data={"code": code})
        assert response.status_code == 302, f"second factor failed for {email}: {response.status_code}"
    return client


@pytest.fixture
def provider_ukprn(factory):
    return factory.provider("Test University", "10000001")


@pytest.fixture
def other_ukprn(factory):
    return factory.provider("Other College", "10000002")


def _role_client(app, factory, role, ukprn):
    client = app.test_client()
    return sign_in(client, factory.user(role, ukprn))


@pytest.fixture
def editor_client(app, factory, provider_ukprn):
    return _role_client(app, factory, "editor", provider_ukprn)


@pytest.fixture
def approver_client(app, factory, provider_ukprn):
    return _role_client(app, factory, "approver", provider_ukprn)


@pytest.fixture
def viewer_client(app, factory, provider_ukprn):
    return _role_client(app, factory, "viewer", provider_ukprn)


@pytest.fixture
def admin_client(app, factory):
    client = app.test_client()
    return sign_in(client, factory.user(admin=True))


# ---- parsing helpers -----------------------------------------------------------------------------

def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(soup_or_response) -> str:
    soup = soup_or_response if isinstance(soup_or_response, BeautifulSoup) else page(soup_or_response)
    return re.sub(r"\s+", " ", soup.get_text(" ")).strip()


def error_summary(response) -> list[str]:
    summary = page(response).select(".govuk-error-summary__list a")
    return [re.sub(r"\s+", " ", a.get_text()).strip() for a in summary]
