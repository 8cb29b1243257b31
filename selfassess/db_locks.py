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
]
POSTGRES_TRIGGER_NAMES = (*(f"lock_{t}" for t in CHILD_TABLES), "lock_assessment", "lock_report_snapshot")


def statements(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return list(_SQLITE)
    if dialect == "postgresql":
        return list(_POSTGRES)
    raise ValueError(f"no lock triggers for the {dialect} database")


def install(execute, dialect: str) -> None:
    """Create (or re-create) every trigger; `execute` runs one SQL statement (e.g. op.execute)."""
    for statement in statements(dialect):
        execute(statement)


def drop(execute, dialect: str) -> None:
    if dialect == "sqlite":
        for name in SQLITE_TRIGGER_NAMES:
            execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for name, table in zip(
            POSTGRES_TRIGGER_NAMES, (*CHILD_TABLES, "assessment", "report_snapshot"), strict=True
        ):
            execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for function in ("selfassess_lock_child", "selfassess_lock_assessment", "selfassess_lock_snapshot"):
            execute(f"DROP FUNCTION IF EXISTS {function}()")
