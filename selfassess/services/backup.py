"""A consistent copy of the database, taken while the app keeps running.

    backup_database(url, out) -> BackupResult

SQLite: the online backup API (`sqlite3.Connection.backup`) copies every page in one step inside one read
transaction, so the copy is the database as it was at one moment, whatever other processes write meanwhile
(WAL lets them carry on). The copy is switched out of WAL mode so it is one self-contained file, checked
with `PRAGMA integrity_check`, and only then moved into place.

PostgreSQL: `pg_dump --format=custom`, which reads inside one repeatable-read snapshot. Restore with
`pg_restore --clean --if-exists -d <database> FILE` (docs/operations.md).

Either way the file is written beside the destination and renamed over it at the end, so a failed backup
never leaves a half-written file where a good one is expected.
"""

import glob
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump is the tool PostgreSQL provides for this
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from .errors import DomainError


class BackupFailed(DomainError):
    """The backup could not be made; the message says why in one line."""


@dataclass(frozen=True)
class BackupResult:
    engine: str  # sqlite | postgresql
    path: Path
    size: int


def backup_database(database_url: str, out: str | os.PathLike) -> BackupResult:
    url = make_url(database_url)
    target = Path(out).expanduser().resolve()
    if not target.parent.is_dir():
        raise BackupFailed(f"The folder {target.parent} does not exist")
    if url.get_backend_name() == "sqlite":
        _sqlite_backup(url.database, target)
        engine = "sqlite"
    elif url.get_backend_name() == "postgresql":
        _pg_dump(url, target)
        engine = "postgresql"
    else:
        raise BackupFailed(f"Backing up a {url.get_backend_name()} database is not supported")
    return BackupResult(engine, target, target.stat().st_size)


def _partial(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial-{os.getpid()}")


def _sqlite_backup(database: str | None, target: Path) -> None:
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        raise BackupFailed("An in-memory SQLite database cannot be backed up")
    source_path = Path(database).expanduser().resolve()
    if not source_path.is_file():
        raise BackupFailed(f"The database file {source_path} does not exist")
    if source_path == target:
        raise BackupFailed("The backup file cannot be the database itself")
    partial = _partial(target)
    partial.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(source_path, timeout=30)  # only read: the backup takes a read lock
        try:
            source.execute("PRAGMA busy_timeout = 30000")
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)  # all pages in one step: one consistent snapshot
                dest.execute("PRAGMA journal_mode = DELETE")
                verdict = dest.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                dest.close()
        finally:
            source.close()
        if verdict != "ok":
            raise BackupFailed(f"The copy failed its integrity check: {verdict}")
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise BackupFailed(f"SQLite could not copy the database: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)


def find_pg_dump() -> str | None:
    """pg_dump on PATH, else the newest in Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which("pg_dump")
    if found:
        return found
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return candidates[-1] if candidates else None


def libpq_url(url) -> tuple[str, dict[str, str]]:
    """The URL as libpq takes it (no `+psycopg` driver part) without the password, which goes in the
    environment instead of the command line, where other users could read it."""
    url = make_url(url) if isinstance(url, str) else url
    env = {}
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    plain = URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                       database=url.database, query=url.query)
    return plain.render_as_string(hide_password=False), env


def _pg_dump(url, target: Path) -> None:
    pg_dump = find_pg_dump()
    if pg_dump is None:
        raise BackupFailed("pg_dump was not found: install the PostgreSQL client tools (postgresql-client)")
    dsn, env = libpq_url(url)
    partial = _partial(target)
    partial.unlink(missing_ok=True)
    try:
        result = subprocess.run(  # noqa: S603 - fixed program, arguments are not shell-interpreted
            [pg_dump, "--format=custom", "--no-password", f"--file={partial}", f"--dbname={dsn}"],
            env={**os.environ, **env}, capture_output=True, text=True, timeout=3600, check=False,
        )
        if result.returncode != 0:
            reason = next((line for line in result.stderr.splitlines() if line.strip()), "no reason given")
            raise BackupFailed(f"pg_dump failed: {reason}")
        os.replace(partial, target)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupFailed(f"pg_dump could not run: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)
