"""The report shows where register-filled figures came from (without counts that could reveal a small
number in the publishable version) and lists evidence past its review date."""

from selfassess.extensions import db
from selfassess.services import assessments, reports
from tests.assessment_data import YEAR
from tests.conftest import page
from tests.registers.conftest import concern_form, event_form


def _rows(context):
    return {row.label: row for table in context.data_tables for row in table.rows}


def test_report_context_carries_provenance_and_stale_evidence(year_world, app):
    editor, base, ukprn = year_world["editor"], year_world["base"], year_world["ukprn"]
    editor.post(f"{base}/registers/events/new", data=event_form())
    editor.post(f"{base}/registers/concerns/new", data=concern_form())
    editor.post(f"{base}/data-return/es_approved_no_conditions/override",
                data={"value": "5", "reason": "Four events were booked by phone"})
    editor.post(f"/providers/{ukprn}/evidence/new", data={
        "title": "Prevent policy 2020", "kind": "policy", "owner_role": "Registrar", "review_by-day": "1",
        "review_by-month": "6", "review_by-year": "2021"})
    with app.app_context():
        from selfassess.models import User

        user = db.session.query(User).join(User.memberships).filter_by(role="editor").first()
        year = assessments.load_year(user, ukprn, YEAR)
        confidential = reports.context_for(year)
        publishable = reports.context_for(year, "publishable")
    rows = _rows(confidential)
    approved = rows["External speakers or events approved without conditions"]
    assert approved.current == "5"
    assert approved.source == ("Entered in place of the register's figure (from 1 event in the register): "
                               "Four events were booked by phone")
    referral = "Formal referrals to police or local authority Prevent: Islamist"
    assert rows[referral].source == "From 1 concern in the record"
    assert _rows(publishable)[referral].source == "From the concerns record"  # no count to work back from
    assert confidential.stale_evidence == ("Prevent policy 2020 (review by 1 June 2021)",)
    preview = page(editor.get(f"{base}/report"))
    assert "From 1 concern in the record" in preview.get_text()
    stale = preview.select_one("#stale-evidence ~ ul").get_text()
    assert "Prevent policy 2020 (review by 1 June 2021)" in stale
