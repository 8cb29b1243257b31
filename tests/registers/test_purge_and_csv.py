"""Purging expired concerns keeps their counts; a CSV import with one bad row saves nothing and names the
row and column; CSV export re-imports."""

from datetime import date

from selfassess.extensions import db
from selfassess.models import AuditEvent, RegisterConcern, RegisterEvent, RegisterPurge
from tests.conftest import page
from tests.registers.conftest import concern_form, event_form


def _data_return(app):
    with app.app_context():
        from selfassess.models import Assessment

        assessment = db.session.query(Assessment).one()
        return dict(assessment.data_return), dict(assessment.data_return_sources or {})


def test_purge_deletes_expired_concerns_and_keeps_the_counts(year_world, app):
    editor, base = year_world["editor"], year_world["base"]
    for n, month in enumerate(("8", "9", "9")):
        editor.post(f"{base}/registers/concerns/new",
                    data=concern_form(reference=f"C-{n}", **{"opened_month-month": month}))
    editor.post(f"{base}/registers/concerns/new",
                data=concern_form(reference="C-late", stage="raised_with_lead",
                                  **{"opened_month-month": "12"}))
    before, _ = _data_return(app)
    assert before["case_formal_referral_islamist"] == 3 and before["case_prevent_lead_involved_islamist"] == 4

    result = app.test_cli_runner().invoke(args=["purge-records", "--months", "6", "--today", "2026-04-15"])
    assert result.exit_code == 0, result.output
    assert "deleted 3 concerns opened before 2025-10; their counts are kept" in result.output

    after, sources = _data_return(app)
    assert after == before  # the return is unchanged
    provenance = sources["case_formal_referral_islamist"]["provenance"]
    assert "3 concerns deleted after the retention period" in provenance
    with app.app_context():
        assert [c.reference for c in db.session.query(RegisterConcern)] == ["C-late"]
        purge = db.session.query(RegisterPurge).one()
        assert purge.removed == 3 and purge.counts["case_formal_referral_islamist"] == 3
        event = db.session.query(AuditEvent).filter_by(action="concerns_purged").one()
        assert event.detail["removed"] == 3 and "reference" not in str(event.detail)
    again = app.test_cli_runner().invoke(args=["purge-records", "--months", "6", "--today", "2026-04-15"])
    assert "No concerns opened before 2025-10 to delete." in again.output


def test_purge_refuses_a_bad_retention_period(app):
    result = app.test_cli_runner().invoke(args=["purge-records", "--months", "0"])
    assert result.exit_code == 1 and result.output.startswith("Error:")


def test_the_database_refuses_deleting_a_submitted_years_concern_without_a_purge(year_world, app):
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    year_world["editor"].post(f"{year_world['base']}/registers/concerns/new", data=concern_form())
    with app.app_context():
        db.session.execute(text("UPDATE assessment SET status = 'submitted'"))
        db.session.commit()
        with pytest.raises(DBAPIError):
            db.session.execute(text("DELETE FROM register_concern"))
        db.session.rollback()
        with pytest.raises(DBAPIError):
            db.session.execute(text(
                "INSERT INTO register_training (assessment_id, session_date, tier, audience, attended, "
                "updated_at) SELECT id, '2025-09-01', 'induction', 'All', 3, CURRENT_TIMESTAMP "
                "FROM assessment"))
        db.session.rollback()
    from selfassess.services.registers import purge

    with app.app_context():
        done = purge.purge(date(2033, 1, 1), 6)  # a recorded purge may delete them, counts kept
        assert done and db.session.query(RegisterConcern).count() == 0


CSV = ("Date,Event title,Organiser,Format,Triage,Outcome,Reason,Conditions,Escalated,Appealed,Days,Ref\n"
       "2025-10-01,Debate,su_society,in_person,low,approved,,,no,no,3,B1\n"
       "2025-10-02,Lecture,department,online,low,approved_conditions_other,,ticketing,no,no,4,B2\n"
       "31/02/2025,Film night,su_society,in_person,low,approved,,,no,no,2,B3\n"
       "2025-10-04,Talk,external_hirer,in_person,high,rejected_prevent,,,yes,no,9,B4\n")
MAPPING = {"map-event_date": "Date", "map-title": "Event title", "map-organiser_type": "Organiser",
           "map-mode": "Format", "map-triage": "Triage", "map-decision": "Outcome",
           "map-rejection_reason": "Reason", "map-conditions": "Conditions", "map-escalated": "Escalated",
           "map-appealed": "Appealed", "map-days_to_decision": "Days", "map-booking_reference": "Ref"}


def test_a_csv_import_with_bad_rows_saves_nothing_and_names_each_row_and_column(year_world, app):
    editor, base = year_world["editor"], year_world["base"]
    step1 = editor.post(f"{base}/registers/events/import",
                        data={"file": (__import__("io").BytesIO(CSV.encode()), "bookings.csv")},
                        content_type="multipart/form-data")
    assert step1.status_code == 200
    mapping_page = page(step1)
    assert "4 rows" in mapping_page.get_text()
    assert mapping_page.select_one("#map-title option[selected]")["value"] == "Event title"  # guessed
    response = editor.post(f"{base}/registers/events/import",
                           data={"step": "map", "csv_text": CSV, **MAPPING})
    assert response.status_code == 400
    rows = [[td.get_text() for td in tr.select("td")]
            for tr in page(response).select("#problems + table tbody tr")]
    assert ["4", "Date", "Date of the event must be a real date, like 2026-03-27 or 27/03/2026"] in rows
    assert any(r[0] == "5" and r[1] == "Reason" and "reason for the rejection" in r[2] for r in rows)
    assert len(rows) == 2
    with app.app_context():
        assert db.session.query(RegisterEvent).count() == 0

    fixed = CSV.replace("31/02/2025", "28/02/2026").replace(",rejected_prevent,,", ",rejected_prevent,Risk,")
    ok = editor.post(f"{base}/registers/events/import", data={"step": "map", "csv_text": fixed, **MAPPING})
    assert ok.status_code == 302
    with app.app_context():
        assert db.session.query(RegisterEvent).count() == 4
        assert db.session.query(AuditEvent).filter_by(action="register_imported").one().detail["rows"] == 4
    values, sources = _data_return(app)
    assert values["es_approved_no_conditions"] == 2 and values["es_rejected_prevent"] == 1
    assert sources["es_rejected_prevent"]["provenance"] == "from 4 events in the register"


def test_export_then_import_gives_the_same_register(year_world, app):
    editor, base = year_world["editor"], year_world["base"]
    editor.post(f"{base}/registers/events/new",
                data=event_form(decision="approved_conditions_prevent", conditions=["ticketing", "security"]))
    exported = editor.get(f"{base}/registers/events/export.csv")
    assert exported.mimetype == "text/csv"
    text = exported.get_data(as_text=True)
    assert text.splitlines()[0].startswith("event_date,title,organiser_type")
    assert "ticketing;security" in text
    mapping = {f"map-{name}": name for name in text.splitlines()[0].split(",")}
    editor.post(f"{base}/registers/events/import", data={"step": "map", "csv_text": text, **mapping})
    with app.app_context():
        rows = db.session.query(RegisterEvent).all()
        assert len(rows) == 2 and rows[0].conditions == rows[1].conditions == ["ticketing", "security"]
