"""Database triggers that keep a submitted year unchangeable, whatever writes to the database.

The service layer refuses changes to a submitted year first; these triggers make the database refuse them
too, so a raw SQL UPDATE, a script or a bug cannot alter what the governing body signed off. They are
installed by a migration; a later migration that rebuilds one of these tables (SQLite batch mode copies a
table and loses its triggers) must call `install` again. tests/web/test_locking.py checks they exist at head.

Rules:
- answer, task_state, action_item: no insert, update or delete for a year whose status is 'submitted';
- assessment: a submitted row can change only by leaving 'submitted' (an administrator reopening it, which
  the service audits), and cannot be deleted;
- report_snapshot: never updated; not deleted while its year is submitted.

The trail (so even a direct SQL change leaves a trace):
- assessment: leaving 'submitted' needs an unused reopen_record for the year (on PostgreSQL one written in
  the same transaction: its txid is set by a trigger); the change marks the record used. So the
  three-statement bypass (status to draft, edit, status back) fails, and a reopening always has a record;
- every change of an assessment's status inserts an audit_event row ('status_changed', from, to) from the
  database itself, whoever made it;
- reopen_record: never deleted while its year exists; once used, never changed.
"""

CHILD_TABLES = ("answer", "task_state", "action_item")
MESSAGE = "selfassess: this year is submitted and locked"

_SQLITE = []
for _table in CHILD_TABLES:
    for _op, _row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
        _SQLITE.append(
            f"CREATE TRIGGER IF NOT EXISTS lock_{_table}_{_op.lower()} BEFORE {_op} ON {_table} "
            f"WHEN (SELECT status FROM assessment WHERE id = {_row}.assessment_id) = 'submitted' "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )
    _SQLITE.append(
        f"CREATE TRIGGER IF NOT EXISTS lock_{_table}_move BEFORE UPDATE ON {_table} "
        f"WHEN (SELECT status FROM assessment WHERE id = NEW.assessment_id) = 'submitted' "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    )
_SQLITE += [
    "CREATE TRIGGER IF NOT EXISTS lock_assessment_update BEFORE UPDATE ON assessment "
    f"WHEN OLD.status = 'submitted' AND NEW.status = 'submitted' BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    "CREATE TRIGGER IF NOT EXISTS lock_assessment_delete BEFORE DELETE ON assessment "
    f"WHEN OLD.status = 'submitted' BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    "CREATE TRIGGER IF NOT EXISTS lock_report_snapshot_update BEFORE UPDATE ON report_snapshot "
    "BEGIN SELECT RAISE(ABORT, 'selfassess: a submitted report is never changed'); END",
    "CREATE TRIGGER IF NOT EXISTS lock_report_snapshot_delete BEFORE DELETE ON report_snapshot "
    f"WHEN (SELECT status FROM assessment WHERE id = OLD.assessment_id) = 'submitted' "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
LEAVE_MESSAGE = (
    "selfassess: a submitted year can be reopened only by an administrator, with a reopen record"
)
_SQLITE += [
    "CREATE TRIGGER IF NOT EXISTS trail_assessment_leave BEFORE UPDATE OF status ON assessment "
    "WHEN OLD.status = 'submitted' AND NEW.status <> 'submitted' AND NOT EXISTS "
    "(SELECT 1 FROM reopen_record WHERE assessment_id = OLD.id AND used = 0) "
    f"BEGIN SELECT RAISE(ABORT, '{LEAVE_MESSAGE}'); END",
    "CREATE TRIGGER IF NOT EXISTS trail_assessment_reopened AFTER UPDATE OF status ON assessment "
    "WHEN OLD.status = 'submitted' AND NEW.status <> 'submitted' "
    "BEGIN UPDATE reopen_record SET used = 1 WHERE assessment_id = OLD.id AND used = 0; END",
    "CREATE TRIGGER IF NOT EXISTS trail_assessment_status AFTER UPDATE OF status ON assessment "
    "WHEN OLD.status IS NOT NEW.status BEGIN "
    "INSERT INTO audit_event (at, provider_id, assessment_id, action, detail) VALUES (datetime('now'), "
    "NEW.provider_id, NEW.id, 'status_changed', json_object('from', OLD.status, 'to', NEW.status)); END",
    "CREATE TRIGGER IF NOT EXISTS trail_reopen_record_delete BEFORE DELETE ON reopen_record "
    "WHEN EXISTS (SELECT 1 FROM assessment WHERE id = OLD.assessment_id) "
    "BEGIN SELECT RAISE(ABORT, 'selfassess: a reopen record is never deleted'); END",
    "CREATE TRIGGER IF NOT EXISTS trail_reopen_record_update BEFORE UPDATE ON reopen_record "
    "WHEN OLD.used = 1 OR NEW.assessment_id <> OLD.assessment_id "
    "BEGIN SELECT RAISE(ABORT, 'selfassess: a used reopen record is never changed'); END",
]
SQLITE_TRIGGER_NAMES = tuple(statement.split()[5] for statement in _SQLITE)

_POSTGRES = [
    f"""
    CREATE OR REPLACE FUNCTION selfassess_lock_child() RETURNS trigger AS $$
    BEGIN
      IF TG_OP <> 'INSERT' AND (SELECT status FROM assessment WHERE id = OLD.assessment_id) = 'submitted' THEN
        RAISE EXCEPTION '{MESSAGE}';
      END IF;
      IF TG_OP <> 'DELETE' AND (SELECT status FROM assessment WHERE id = NEW.assessment_id) = 'submitted' THEN
        RAISE EXCEPTION '{MESSAGE}';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    f"""
    CREATE OR REPLACE FUNCTION selfassess_lock_assessment() RETURNS trigger AS $$
    BEGIN
      IF OLD.status = 'submitted' AND (TG_OP = 'DELETE' OR NEW.status = 'submitted') THEN
        RAISE EXCEPTION '{MESSAGE}';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      IF OLD.status = 'submitted' AND NEW.status <> 'submitted' AND NOT EXISTS (
          SELECT 1 FROM reopen_record
          WHERE assessment_id = OLD.id AND NOT used AND txid = txid_current()) THEN
        RAISE EXCEPTION '{LEAVE_MESSAGE}';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """
    CREATE OR REPLACE FUNCTION selfassess_trail_status() RETURNS trigger AS $$
    BEGIN
      IF OLD.status = 'submitted' AND NEW.status <> 'submitted' THEN
        UPDATE reopen_record SET used = true WHERE assessment_id = OLD.id AND NOT used;
      END IF;
      INSERT INTO audit_event (at, provider_id, assessment_id, action, detail)
        VALUES (now() AT TIME ZONE 'utc', NEW.provider_id, NEW.id, 'status_changed',
                json_build_object('from', OLD.status, 'to', NEW.status));
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """
    CREATE OR REPLACE FUNCTION selfassess_trail_reopen_record() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN NEW.txid := txid_current(); RETURN NEW; END IF;
      IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM assessment WHERE id = OLD.assessment_id) THEN
          RAISE EXCEPTION 'selfassess: a reopen record is never deleted';
        END IF;
        RETURN OLD;
      END IF;
      IF OLD.used OR NEW.assessment_id <> OLD.assessment_id OR NEW.txid IS DISTINCT FROM OLD.txid THEN
        RAISE EXCEPTION 'selfassess: a used reopen record is never changed';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    f"""
    CREATE OR REPLACE FUNCTION selfassess_lock_snapshot() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'selfassess: a submitted report is never changed'; END IF;
      IF (SELECT status FROM assessment WHERE id = OLD.assessment_id) = 'submitted' THEN
        RAISE EXCEPTION '{MESSAGE}';
      END IF;
      RETURN OLD;
    END $$ LANGUAGE plpgsql""",
]
for _table in CHILD_TABLES:
    _POSTGRES += [
        f"DROP TRIGGER IF EXISTS lock_{_table} ON {_table}",
        f"CREATE TRIGGER lock_{_table} BEFORE INSERT OR UPDATE OR DELETE ON {_table} "
        f"FOR EACH ROW EXECUTE FUNCTION selfassess_lock_child()",
    ]
_POSTGRES += [
    "DROP TRIGGER IF EXISTS lock_assessment ON assessment",
    "CREATE TRIGGER lock_assessment BEFORE UPDATE OR DELETE ON assessment "
    "FOR EACH ROW EXECUTE FUNCTION selfassess_lock_assessment()",
    "DROP TRIGGER IF EXISTS lock_report_snapshot ON report_snapshot",
    "CREATE TRIGGER lock_report_snapshot BEFORE UPDATE OR DELETE ON report_snapshot "
    "FOR EACH ROW EXECUTE FUNCTION selfassess_lock_snapshot()",
    "DROP TRIGGER IF EXISTS trail_assessment_status ON assessment",
    "CREATE TRIGGER trail_assessment_status AFTER UPDATE OF status ON assessment "
    "FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION selfassess_trail_status()",
    "DROP TRIGGER IF EXISTS trail_reopen_record ON reopen_record",
    "CREATE TRIGGER trail_reopen_record BEFORE INSERT OR UPDATE OR DELETE ON reopen_record "
    "FOR EACH ROW EXECUTE FUNCTION selfassess_trail_reopen_record()",
]
_POSTGRES_TABLES = (*CHILD_TABLES, "assessment", "report_snapshot", "assessment", "reopen_record")
POSTGRES_TRIGGER_NAMES = (*(f"lock_{t}" for t in CHILD_TABLES), "lock_assessment", "lock_report_snapshot",
                          "trail_assessment_status", "trail_reopen_record")
_POSTGRES_FUNCTIONS = ("selfassess_lock_child", "selfassess_lock_assessment", "selfassess_lock_snapshot",
                       "selfassess_trail_status", "selfassess_trail_reopen_record")


# ---- the registers (migration 0013): a year's register rows are locked with the year ------------------
# A submitted year's concerns may still be deleted by `flask purge-records` (the retention period), but
# only those opened before the cutoff of a register_purge record for the year, which the purge writes
# first with the counts it keeps: so no concern disappears without a recorded, counted purge.
REGISTER_TABLES = ("register_event", "register_training", "register_incident", "evidence_citation",
                   "risk_entry", "report_settings")  # the last two: the board paper (migration 0012)
PURGE_MESSAGE = "selfassess: a concern of a submitted year can be deleted only by a recorded purge"

_REGISTER_SQLITE = []
for _table in (*REGISTER_TABLES, "register_concern"):
    _ops = (("INSERT", "NEW"), ("UPDATE", "OLD")) if _table == "register_concern" else \
        (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD"))
    for _op, _row in _ops:
        _REGISTER_SQLITE.append(
            f"CREATE TRIGGER IF NOT EXISTS lock_{_table}_{_op.lower()} BEFORE {_op} ON {_table} "
            f"WHEN (SELECT status FROM assessment WHERE id = {_row}.assessment_id) = 'submitted' "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )
    _REGISTER_SQLITE.append(
        f"CREATE TRIGGER IF NOT EXISTS lock_{_table}_move BEFORE UPDATE ON {_table} "
        f"WHEN (SELECT status FROM assessment WHERE id = NEW.assessment_id) = 'submitted' "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    )
_REGISTER_SQLITE.append(
    "CREATE TRIGGER IF NOT EXISTS lock_register_concern_delete BEFORE DELETE ON register_concern "
    "WHEN (SELECT status FROM assessment WHERE id = OLD.assessment_id) = 'submitted' AND NOT EXISTS "
    "(SELECT 1 FROM register_purge WHERE assessment_id = OLD.assessment_id "
    "AND cutoff_month > OLD.opened_month) "
    f"BEGIN SELECT RAISE(ABORT, '{PURGE_MESSAGE}'); END"
)
REGISTER_SQLITE_TRIGGER_NAMES = tuple(statement.split()[5] for statement in _REGISTER_SQLITE)

_REGISTER_POSTGRES = [
    f"""
    CREATE OR REPLACE FUNCTION selfassess_lock_concern() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF (SELECT status FROM assessment WHERE id = OLD.assessment_id) = 'submitted' AND NOT EXISTS (
            SELECT 1 FROM register_purge
            WHERE assessment_id = OLD.assessment_id AND cutoff_month > OLD.opened_month) THEN
          RAISE EXCEPTION '{PURGE_MESSAGE}';
        END IF;
        RETURN OLD;
      END IF;
      IF TG_OP = 'UPDATE' AND (SELECT status FROM assessment WHERE id = OLD.assessment_id) = 'submitted' THEN
        RAISE EXCEPTION '{MESSAGE}';
      END IF;
      IF (SELECT status FROM assessment WHERE id = NEW.assessment_id) = 'submitted' THEN
        RAISE EXCEPTION '{MESSAGE}';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
]
for _table in REGISTER_TABLES:
    _REGISTER_POSTGRES += [
        f"DROP TRIGGER IF EXISTS lock_{_table} ON {_table}",
        f"CREATE TRIGGER lock_{_table} BEFORE INSERT OR UPDATE OR DELETE ON {_table} "
        f"FOR EACH ROW EXECUTE FUNCTION selfassess_lock_child()",
    ]
_REGISTER_POSTGRES += [
    "DROP TRIGGER IF EXISTS lock_register_concern ON register_concern",
    "CREATE TRIGGER lock_register_concern BEFORE INSERT OR UPDATE OR DELETE ON register_concern "
    "FOR EACH ROW EXECUTE FUNCTION selfassess_lock_concern()",
]
REGISTER_POSTGRES_TRIGGERS = tuple((f"lock_{t}", t) for t in (*REGISTER_TABLES, "register_concern"))


def install_registers(execute, dialect: str) -> None:
    """The registers' locks (migration 0013, and again by any later migration that calls `install`)."""
    for statement in (_REGISTER_SQLITE if dialect == "sqlite" else _REGISTER_POSTGRES):
        execute(statement)


def drop_registers(execute, dialect: str) -> None:
    if dialect == "sqlite":
        for name in REGISTER_SQLITE_TRIGGER_NAMES:
            execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for name, table in REGISTER_POSTGRES_TRIGGERS:
            execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        execute("DROP FUNCTION IF EXISTS selfassess_lock_concern()")


def statements(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return list(_SQLITE)
    if dialect == "postgresql":
        return list(_POSTGRES)
    raise ValueError(f"no lock triggers for the {dialect} database")


def _is_trail(statement: str) -> bool:
    return "trail_" in statement  # every trail trigger and function is named trail_...


def install(execute, dialect: str) -> None:
    """Create (or re-create) every trigger; `execute` runs one SQL statement (e.g. op.execute).

    Before the reopen_record table exists (migration 0005) only the locks are installed; the trail comes
    with the migration that creates the table (0007), which calls this again."""
    with_trail = _trail_table_exists()
    for statement in statements(dialect):
        if with_trail or not _is_trail(statement):
            execute(statement)
    if _trail_table_exists("register_purge"):
        install_registers(execute, dialect)


def install_locks_only(execute, dialect: str) -> None:
    for statement in statements(dialect):
        if not _is_trail(statement):
            execute(statement)


def _trail_table_exists(table: str = "reopen_record") -> bool:
    from alembic import op  # triggers are installed by migrations
    from sqlalchemy import inspect

    try:
        bind = op.get_bind()
    except NameError:  # not inside a migration: assume the schema is at head
        return True
    return inspect(bind).has_table(table)


def drop(execute, dialect: str) -> None:
    if dialect == "sqlite":
        for name in SQLITE_TRIGGER_NAMES:
            execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for name, table in zip(POSTGRES_TRIGGER_NAMES, _POSTGRES_TABLES, strict=True):
            execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for function in _POSTGRES_FUNCTIONS:
            execute(f"DROP FUNCTION IF EXISTS {function}()")
