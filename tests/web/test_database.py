"""The schema: migrations on an empty database, models in step with migrations, SQLite under concurrent
writers, and the invariants the database enforces itself."""

import os
import threading

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from selfassess.extensions import db
from selfassess.models import Membership, Provider, User
from tests.conftest import make_app


@pytest.fixture
def empty_database_url(tmp_path):
    """A brand-new database on the engine under test."""
    url = os.environ.get("SELFASSESS_TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    name = "selfassess_migration_probe"
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def test_migrations_upgrade_an_empty_database_to_head(empty_database_url):
    from selfassess.services import schema

    app = make_app(empty_database_url)
    with app.app_context():
        revision = schema.upgrade_to_head()
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    assert revision and revision != "base"
    assert {"provider", "user_account", "membership", "audit_event", "alembic_version"} <= tables


def test_the_user_search_migration_fills_existing_users(empty_database_url):
    """0014 adds the folded search column; users created before it must be found by the search after it."""
    import flask_migrate

    from selfassess.services import admin_lists, schema

    app = make_app(empty_database_url)
    with app.app_context():
        flask_migrate.upgrade(directory=str(schema.MIGRATIONS), revision="0013_registers")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO user_account (email, name, password_hash, active, is_admin, session_token, "
                "created_at, must_change_password) VALUES ('zoe@uni.ac.uk', 'Zoë Ørsted', 'x', true, false, "
                "'token-1', '2025-01-01 00:00:00', false)"))
        schema.upgrade_to_head()
        found = [row.email for row in admin_lists.users("ZOË ØR").items]
        by_email = [row.email for row in admin_lists.users("Zoe@UNI").items]
        db.session.remove()
        db.engine.dispose()
    assert found == ["zoe@uni.ac.uk"] and by_email == ["zoe@uni.ac.uk"]


def test_models_and_migrations_agree(app_ctx):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert diff == [], f"models differ from the migrations; run flask db migrate: {diff}"


def test_ukprn_must_be_eight_digits_in_the_database_too(app_ctx):
    with pytest.raises(IntegrityError):
        db.session.execute(
            text("INSERT INTO provider (name, ukprn, created_at) VALUES ('X', '123', '2025-01-01')")
        )
        db.session.flush()
    db.session.rollback()


def test_email_is_unique_whatever_its_case(app_ctx, factory):
    factory.user(email="person@example.ac.uk")
    from selfassess.services import accounts
    from selfassess.services.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="already exists"):
        accounts.create_user("PERSON@Example.ac.uk", "Again", "another-long-password")
    assert db.session.query(User).count() == 1


def test_role_is_checked_by_the_database(app_ctx, factory):
    ukprn = factory.provider()
    factory.user("editor", ukprn)
    with pytest.raises(IntegrityError):
        db.session.execute(text("UPDATE membership SET role = 'owner'"))
        db.session.flush()
    db.session.rollback()
    assert db.session.query(Membership).one().role == "editor"


@pytest.mark.skipif(bool(os.environ.get("SELFASSESS_TEST_DATABASE_URL")), reason="SQLite behaviour")
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app_ctx):
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_concurrent_read_then_write_transactions_never_fail_with_database_is_locked(app):
    """Eight threads, each reading then writing in one transaction: the pattern that fails on SQLite
    with deferred transactions. Every write must land."""
    from selfassess.services import audit
    from selfassess.services.transaction import writing

    errors: list[BaseException] = []
    writes_each = 25

    def worker(n: int) -> None:
        try:
            with app.app_context():
                for i in range(writes_each):
                    with writing():
                        db.session.query(Provider).count()  # read first, then write
                        audit.record("probe", worker=n, i=i)
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        count = db.session.execute(text("SELECT count(*) FROM audit_event WHERE action = 'probe'")).scalar()
    assert count == 8 * writes_each


def test_a_failed_write_saves_nothing(app_ctx):
    from selfassess.services import audit
    from selfassess.services.transaction import writing

    with pytest.raises(RuntimeError), writing():
        audit.record("half-written")
        db.session.flush()
        raise RuntimeError("fails midway")
    assert (
        db.session.execute(text("SELECT count(*) FROM audit_event WHERE action = 'half-written'")).scalar()
        == 0
    )
