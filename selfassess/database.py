"""Engine-level behaviour that keeps SQLite safe under concurrent writers.

WAL and a busy timeout alone are not enough: a deferred transaction that reads and then writes cannot be
retried by the busy handler and fails with "database is locked". So pysqlite's own transaction handling is
switched off, and a write transaction (opened by services.transaction.writing) begins with BEGIN IMMEDIATE,
taking the write lock up front, where the busy timeout does apply. Read transactions stay deferred, so a
process holding two sessions cannot deadlock itself.
"""

from contextvars import ContextVar

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db

immediate_begin: ContextVar[bool] = ContextVar("immediate_begin", default=False)


def _install_sqlite_hooks(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate_begin.get() else "BEGIN")


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _install_sqlite_hooks(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
