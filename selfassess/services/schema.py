"""Migrating the database: the same Alembic migrations on SQLite and PostgreSQL."""

from pathlib import Path

import flask_migrate
from alembic.runtime.migration import MigrationContext

from ..extensions import db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def upgrade_to_head() -> str:
    flask_migrate.upgrade(directory=str(MIGRATIONS))
    return current_revision() or "base"


def current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
