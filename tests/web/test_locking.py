"""A submitted year cannot change: refused by the services and by the database itself."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from selfassess import db_locks
from selfassess.extensions import db
from selfassess.models import Answer, Assessment, AuditEvent, ReopenRecord, ReportSnapshot
from tests.assessment_data import YEAR, framework, section_form, start_with_context
from tests.conftest import page


@pytest.fixture
def submitted(app, editor_client, provider_ukprn):
    profile = start_with_context(editor_client, provider_ukprn)
    fw = framework()
    section = fw.sections[0]
    editor_client.post(
        f"/providers/{provider_ukprn}/years/{YEAR}/sections/{section.key}",
        data=section_form(fw, section.key, profile, version=0),
    )
    with app.app_context():
        assessment = db.session.query(Assessment).one()
        db.session.add(
            ReportSnapshot(
                assessment_id=assessment.id, number=1, pdf=b"%PDF-1.7 test", sha256="0" * 64, filename="x.pdf"
            )
        )
        assessment.status = "submitted"
        db.session.commit()
        return assessment.id


def _state(app):
    with app.app_context():
        answers = sorted((a.question_key, repr(a.value)) for a in db.session.query(Answer))
        assessment = db.session.query(Assessment).one()
        return (
            answers,
            assessment.status,
            dict(assessment.profile),
            bytes(db.session.query(ReportSnapshot.pdf).scalar()),
        )


RAW_WRITES = [
    "UPDATE answer SET value = '\"no\"'",
    "DELETE FROM answer",
    "INSERT INTO answer (assessment_id, question_key, value, not_applicable, na_reason, evidence_note, "
    "evidence_links, carried_forward, updated_at) VALUES ({id}, 'x', '1', false, '', '', '[]', false, "
    "CURRENT_TIMESTAMP)",
    "UPDATE task_state SET status = 'in_progress'",
    "UPDATE assessment SET profile = '{{}}'",
    "DELETE FROM assessment",
    "UPDATE report_snapshot SET pdf = pdf",
    "DELETE FROM report_snapshot",
]


@pytest.mark.parametrize("statement", RAW_WRITES)
def test_the_database_refuses_raw_sql_changes_to_a_submitted_year(app, submitted, statement):
    before = _state(app)
    with app.app_context():
        with pytest.raises(DBAPIError, match="submitted"):
            db.session.execute(text(statement.format(id=submitted)))
            db.session.flush()
        db.session.rollback()
    assert _state(app) == before


def test_the_service_refuses_a_save_to_a_submitted_year(app, editor_client, provider_ukprn, submitted):
    before = _state(app)
    fw = framework()
    data = section_form(fw, fw.sections[0].key, {}, version=1)
    response = editor_client.post(
        f"/providers/{provider_ukprn}/years/{YEAR}/sections/{fw.sections[0].key}", data=data
    )
    assert response.status_code in (403, 404)
    assert _state(app) == before


def test_the_lock_triggers_exist_after_migrating_to_head(app_ctx):
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        rows = db.session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars()
        assert set(db_locks.SQLITE_TRIGGER_NAMES) <= set(rows)
    else:
        rows = db.session.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars()
        assert set(db_locks.POSTGRES_TRIGGER_NAMES) <= set(rows)


def test_reopening_unlocks_the_year(app, submitted):
    with app.app_context():
        db.session.add(ReopenRecord(assessment_id=submitted, reason="a correction"))
        db.session.flush()
        db.session.execute(text("UPDATE assessment SET status = 'draft'"))
        db.session.execute(text("UPDATE answer SET evidence_note = 'changed after reopening'"))
        db.session.commit()
        assert {a.evidence_note for a in db.session.query(Answer)} == {"changed after reopening"}


def _whole_year(app):
    """Everything stored for the year, as comparable values."""
    from selfassess.models import ActionItem, TaskState

    with app.app_context():
        assessment = db.session.query(Assessment).one()
        return (
            assessment.status, repr(assessment.profile), repr(assessment.data_return),
            sorted((a.question_key, repr(a.value), a.evidence_note) for a in db.session.query(Answer)),
            sorted((t.task_key, t.status, t.version) for t in db.session.query(TaskState)),
            sorted((i.question_key, i.status) for i in db.session.query(ActionItem)),
            [bytes(s.pdf) for s in db.session.query(ReportSnapshot)],
            _register_rows(),
        )


def _register_rows():
    from selfassess.models import (
        EvidenceCitation,
        RegisterConcern,
        RegisterEvent,
        RegisterIncident,
        RegisterTraining,
    )

    return [db.session.query(model).count() for model in (RegisterEvent, RegisterConcern, RegisterTraining,
                                                          RegisterIncident, EvidenceCitation)]


def test_every_write_route_leaves_a_submitted_year_unchanged(app, editor_client, approver_client,
                                                             provider_ukprn, submitted):
    from tests.web.routes import routes

    fw = framework()
    samples = {"ukprn": provider_ukprn, "year": YEAR, "section_key": fw.sections[0].key,
               "question_key": fw.sections[0].questions[0].key, "number": 1, "user_id": 1,
               "register": "events", "entry_id": 1, "key": "es_approved_no_conditions"}
    posting = [r for r in routes(app, samples) if "POST" in r.methods and r.provider_scoped]
    assert len(posting) >= 8
    before = _whole_year(app)
    data = {**section_form(fw, fw.sections[0].key, {}, version=1), "comment": "x", "reason": "x",
            "title": "x", "owner": "x", "status": "done", "name": "x", "role": "x", "agreed": "yes"}
    for route in posting:
        for client in (editor_client, approver_client):
            response = client.post(route.url, data=data)
            assert response.status_code < 500, route.url
            assert _whole_year(app) == before, f"POST {route.url} changed a submitted year"


THREE_STATEMENT_BYPASS = [
    "UPDATE assessment SET status = 'draft' WHERE id = {id}",
    "UPDATE answer SET evidence_note = 'changed behind the lock' WHERE assessment_id = {id}",
    "UPDATE assessment SET status = 'submitted' WHERE id = {id}",
]


def test_the_three_statement_bypass_fails_and_changes_nothing(app, submitted):
    before = _state(app)
    with app.app_context():
        with pytest.raises(DBAPIError, match="reopen"):
            for statement in THREE_STATEMENT_BYPASS:
                db.session.execute(text(statement.format(id=submitted)))
        db.session.rollback()
        trail = db.session.query(AuditEvent).filter_by(action="status_changed", assessment_id=submitted)
        assert not [e for e in trail if e.detail["from"] == "submitted"]
    assert _state(app) == before


def test_a_direct_status_change_leaves_an_audit_row_written_by_the_database(app, submitted, approver_client,
                                                                             provider_ukprn):
    with app.app_context():
        db.session.execute(text("INSERT INTO reopen_record (assessment_id, at, reason, used) "
                                "VALUES (:id, CURRENT_TIMESTAMP, 'by hand', false)"), {"id": submitted})
        db.session.execute(text("UPDATE assessment SET status = 'draft' WHERE id = :id"), {"id": submitted})
        db.session.commit()
        trail = [(e.detail["from"], e.detail["to"], e.user_id) for e in db.session.query(AuditEvent)
                 .filter_by(action="status_changed", assessment_id=submitted).order_by(AuditEvent.id)]
        assert trail[-1] == ("submitted", "draft", None)
        assert db.session.query(ReopenRecord).one().used is True
    history = page(approver_client.get(f"/providers/{provider_ukprn}/years/{YEAR}/sign-off"))
    assert "Status changed outside the app" in history.select_one("#timeline").get_text(" ", strip=True)
    assert "from submitted to draft" in history.select_one("#timeline").get_text(" ", strip=True)
    with app.app_context():
        # The record is spent: the year cannot leave 'submitted' again on it.
        back = "UPDATE assessment SET status = 'submitted' WHERE id = :id"
        db.session.execute(text(back), {"id": submitted})
        db.session.commit()
        with pytest.raises(DBAPIError, match="reopen"):
            db.session.execute(text(back.replace("'submitted'", "'draft'")), {"id": submitted})
        db.session.rollback()
        with pytest.raises(DBAPIError, match="reopen record"):
            db.session.execute(text("DELETE FROM reopen_record"))
        db.session.rollback()


def test_the_administrators_reopen_writes_its_record_and_the_trail(app, submitted, admin_client,
                                                                   provider_ukprn):
    response = admin_client.post(f"/providers/{provider_ukprn}/years/{YEAR}/sign-off/reopen",
                                 data={"reason": "A figure was wrong"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Assessment, submitted).status == "draft"
        record = db.session.query(ReopenRecord).one()
        assert (record.reason, record.used) == ("A figure was wrong", True)
        trail = db.session.query(AuditEvent).filter_by(action="status_changed", assessment_id=submitted)
        assert [e.detail["to"] for e in trail] == ["submitted", "draft"]  # the fixture's, then the reopen
