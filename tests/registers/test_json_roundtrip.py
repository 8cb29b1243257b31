"""The JSON export of a year carries its registers, and importing it into a fresh draft brings them back
(with the data return they fill); a register row that breaks a page rule is refused with its place."""

import json

import pytest

from selfassess.extensions import db
from selfassess.models import RegisterConcern, RegisterEvent
from selfassess.services import assessments, exports, imports
from selfassess.services.errors import ValidationFailed
from tests.assessment_data import YEAR
from tests.registers.conftest import concern_form, event_form, incident_form, training_form


def _user(email):
    from selfassess.models import User

    return db.session.query(User).filter_by(email=email).one()


def test_registers_round_trip_through_the_json_export(year_world, app):
    editor, base, ukprn = year_world["editor"], year_world["base"], year_world["ukprn"]
    editor.post(f"{base}/registers/events/new", data=event_form())
    editor.post(f"{base}/registers/events/new", data=event_form(decision="approved_conditions_other",
                                                                conditions=["security"]))
    editor.post(f"{base}/registers/concerns/new", data=concern_form())
    editor.post(f"{base}/registers/training/new", data=training_form())
    editor.post(f"{base}/registers/incidents/new", data=incident_form(ofs_told="yes", **{
        "ofs_told_on-day": "4", "ofs_told_on-month": "3", "ofs_told_on-year": "2026",
        "ofs_reference": "R-1"}))
    editor.post(f"/providers/{ukprn}/evidence/new", data={
        "title": "Prevent policy", "kind": "policy", "owner_role": "Registrar", "review_by-day": "1",
        "review_by-month": "1", "review_by-year": "2030"})
    editor.post(f"{base}/data-return/es_approved_no_conditions/override",
                data={"value": "7", "reason": "Phone"})
    with app.app_context():
        from selfassess.models import Assessment, User

        email = db.session.query(User).join(User.memberships).filter_by(role="editor").first().email
        document = exports.export_year(_user(email), ukprn, YEAR)
        registers = document["registers"]
        assert len(registers["events"]) == 2 and registers["events"][1]["conditions"] == ["security"]
        assert registers["incidents"][0]["ofs_reference"] == "R-1"
        assert registers["data_return_overrides"]["es_approved_no_conditions"]["reason"] == "Phone"
        before = dict(db.session.query(Assessment).one().data_return)
        assert before["es_approved_no_conditions"] == 7 and before["es_approved_conditions_other"] == 1

        year = db.session.query(Assessment).one()
        db.session.delete(year)
        db.session.commit()
        assessments.start_year(_user(email), ukprn, YEAR)
        imports.import_year(_user(email), ukprn, YEAR, json.dumps(document).encode())
        assert db.session.query(RegisterEvent).count() == 2
        after = db.session.query(Assessment).one()
        assert {k: after.data_return.get(k) for k in before} == before
        again = exports.export_year(_user(email), ukprn, YEAR)
        assert again["registers"] == registers


def test_a_register_row_with_personal_data_is_refused_with_its_place(year_world, app):
    editor, base, ukprn = year_world["editor"], year_world["base"], year_world["ukprn"]
    editor.post(f"{base}/registers/concerns/new", data=concern_form())
    with app.app_context():
        from selfassess.models import User

        email = db.session.query(User).join(User.memberships).filter_by(role="editor").first().email
        document = exports.export_year(_user(email), ukprn, YEAR)
        document["registers"]["concerns"][0]["notes"] = "Contact j.bloggs@example.com"
        with pytest.raises(ValidationFailed) as refused:
            imports.import_year(_user(email), ukprn, YEAR, json.dumps(document).encode())
        assert any(p.startswith("registers.concerns[0].notes:") and "email address" in p
                   for p in refused.value.problems)
        assert db.session.query(RegisterConcern).one().notes == ""
