"""`flask backup`: a consistent copy taken while another thread writes restores to an identical database."""

import shutil
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from selfassess.extensions import db
from selfassess.models import AuditEvent, RecoveryCode, User
from selfassess.services import audit, backup, demo
from selfassess.services.backup import BackupFailed
from selfassess.services.transaction import writing
from tests.exports.helpers import fingerprint

TICK = "backup_test_tick"


class Writer(threading.Thread):
    """Writes continuously: each transaction adds one audit event and one recovery-code row together, so
    a consistent copy always holds as many of one as of the other."""

    def __init__(self, app, user_id):
        super().__init__(daemon=True)
        self.app, self.user_id = app, user_id
        self.stop = threading.Event()
        self.done = 0
        self.error = None

    def run(self):
        try:
            with self.app.app_context():
                while not self.stop.is_set():
                    with writing():
                        audit.record(TICK, seq=self.done)
                        db.session.add(RecoveryCode(user_id=self.user_id, code_hash=uuid.uuid4().hex))
                    self.done += 1
                    time.sleep(0.001)
                db.session.remove()
        except Exception as exc:  # noqa: BLE001 - reported by the test
            self.error = exc

    def wait_for(self, count, timeout=30):
        deadline = time.monotonic() + timeout
        while self.done < count:
            assert self.error is None, self.error
            assert time.monotonic() < deadline, "the writer stalled"
            time.sleep(0.01)


def _pg_tool(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(candidates[-1]) if candidates else None


def _restore(app, backup_file: Path, tmp_path: Path):
    """Restore the backup as docs/operations.md says; yields an engine on the restored database."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        restored = tmp_path / "restored.sqlite"
        shutil.copyfile(backup_file, restored)  # the app is stopped; copy the file into place
        return create_engine(f"sqlite:///{restored}"), lambda: None
    name = f"selfassess_restore_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    restored_url = url.set(database=name)
    dsn, env = backup.libpq_url(restored_url)
    import os

    subprocess.run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-password", "-d", dsn,
                    str(backup_file)], check=True, capture_output=True, env={**os.environ, **env})
    engine = create_engine(restored_url)

    def drop():
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()

    return engine, drop


@pytest.fixture
def busy_database(app, filled):
    """The filled year plus the demo data (a submitted, locked year among it)."""
    with app.app_context():
        demo.load_demo()
        return db.session.scalar(select(User.id).order_by(User.id).limit(1))


def _needs_pg_dump(app):
    if make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name() == "postgresql" \
            and backup.find_pg_dump() is None:
        pytest.skip("pg_dump is not installed")


def test_a_backup_taken_while_another_thread_writes_restores_to_an_identical_database(
        app, runner, busy_database, tmp_path):
    _needs_pg_dump(app)
    writer = Writer(app, busy_database)
    writer.start()
    try:
        writer.wait_for(20)
        out = tmp_path / "backup.db"
        result = runner.invoke(args=["backup", "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert f"to {out} (" in result.output and "bytes)" in result.output
        taken = writer.done
        writer.wait_for(taken + 20)  # it kept writing after the copy was taken
    finally:
        writer.stop.set()
        writer.join(10)
    assert writer.error is None, writer.error

    restored, drop = _restore(app, out, tmp_path)
    try:
        with restored.connect() as connection:
            ticks = connection.scalar(select(func.count()).select_from(AuditEvent.__table__)
                                      .where(AuditEvent.action == TICK))
            failures = connection.scalar(select(func.count()).select_from(RecoveryCode.__table__))
            last = {table.name: connection.scalar(select(func.max(table.c.id)))
                    for table in (AuditEvent.__table__, RecoveryCode.__table__)}
        assert ticks == failures, "the copy holds half a transaction"
        assert 20 <= ticks < writer.done
        copy = fingerprint(restored)
        with app.app_context():
            live = fingerprint(db.engine, up_to=last)  # the live database as it was when the copy was taken
        assert copy == live
        assert copy["answer"][0] > 0 and copy["assessment"][0] == 3 and copy["alembic_version"][0] == 1
    finally:
        restored.dispose()
        drop()


def test_the_restored_database_runs_the_app(app, runner, busy_database, tmp_path):
    _needs_pg_dump(app)
    out = tmp_path / "backup.db"
    assert runner.invoke(args=["backup", "--out", str(out)]).exit_code == 0
    restored, drop = _restore(app, out, tmp_path)
    try:
        from tests.conftest import make_app

        restored_app = make_app(restored.url.render_as_string(hide_password=False))
        result = restored_app.test_cli_runner().invoke(
            args=["export", "--ukprn", "10099999", "--year", "2024-25"])
        assert result.exit_code == 0, result.output
        assert '"status": "submitted"' in result.stdout
        with restored_app.app_context():
            db.engine.dispose()
    finally:
        restored.dispose()
        drop()


def test_a_backup_replaces_an_old_file_and_never_overwrites_the_database(app, runner, filled, tmp_path):
    out = tmp_path / "backup.db"
    out.write_bytes(b"an old backup")
    _needs_pg_dump(app)
    assert runner.invoke(args=["backup", "--out", str(out)]).exit_code == 0
    assert out.read_bytes() != b"an old backup"
    assert [p.name for p in tmp_path.iterdir()] == ["backup.db"]  # no partial file left behind
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        result = runner.invoke(args=["backup", "--out", url.database])
        assert result.exit_code == 1
        assert result.output.strip() == "Error: The backup file cannot be the database itself"


def test_pg_dump_missing_is_one_clear_line(monkeypatch, tmp_path):
    monkeypatch.setattr(backup, "find_pg_dump", lambda: None)
    with pytest.raises(BackupFailed, match="^pg_dump was not found: install the PostgreSQL client tools"):
        backup.backup_database("postgresql+psycopg://someone:secret@127.0.0.1:1/nothing", tmp_path / "x.dump")
    assert not list(tmp_path.iterdir())


def test_a_failing_pg_dump_is_one_clear_line_and_leaves_no_file(tmp_path):
    if backup.find_pg_dump() is None:
        pytest.skip("pg_dump is not installed")
    with pytest.raises(BackupFailed, match="^pg_dump failed: ") as caught:
        backup.backup_database("postgresql+psycopg://someone:secret@127.0.0.1:1/nothing", tmp_path / "x.dump")
    assert "\n" not in str(caught.value) and "secret" not in str(caught.value)
    assert not list(tmp_path.iterdir())


def test_the_url_given_to_pg_dump_has_no_driver_and_no_password():
    dsn, env = backup.libpq_url("postgresql+psycopg://app:s3cret@db.internal:5433/selfassess")
    assert dsn == "postgresql://app@db.internal:5433/selfassess"
    assert env == {"PGPASSWORD": "s3cret"}


def test_an_in_memory_or_missing_sqlite_database_cannot_be_backed_up(tmp_path):
    with pytest.raises(BackupFailed, match="in-memory"):
        backup.backup_database("sqlite://", tmp_path / "x.db")
    with pytest.raises(BackupFailed, match="does not exist"):
        backup.backup_database(f"sqlite:///{tmp_path}/absent.sqlite", tmp_path / "x.db")
