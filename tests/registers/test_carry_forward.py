"""The evidence register carries forward (and a carried answer keeps its citations); events, concerns,
training and incidents stay with their year."""

from selfassess.extensions import db
from selfassess.framework import get_framework
from selfassess.models import Answer, Assessment, EvidenceCitation, RegisterEvent, User
from selfassess.services import assessments, carry_forward
from selfassess.services.compare import continuing_keys
from selfassess.services.registers import citations, records
from tests.conftest import sign_in


def test_evidence_and_citations_carry_forward_and_year_registers_do_not(app, factory):
    ukprn = factory.provider("Carry University", "10000051")
    email = factory.user("editor", ukprn)
    sign_in(app.test_client(), email)
    with app.app_context():
        user = db.session.query(User).filter_by(email=email).one()
        old = assessments.start_year(user, ukprn, "2024-25")
        mapping = continuing_keys(get_framework("2024-25"), get_framework("2025-26"))
        new_key, old_key = next((n, o) for n, o in mapping.items()
                                if get_framework("2024-25").question(o)[1].type == "yes_partly_no")
        db.session.add(Answer(assessment_id=old.id, question_key=old_key, value="yes"))
        db.session.commit()
        records.add(user, records.scope(user, ukprn, "events", "2024-25"), {
            "event_date": "2024-10-01", "title": "Debate", "organiser_type": "department", "mode": "online",
            "triage": "low", "decision": "approved"})
        evidence_id = records.add(user, records.scope(user, ukprn, "evidence"), {
            "title": "Prevent policy", "kind": "policy", "owner_role": "Registrar",
            "review_by": "2030-01-01"})
        citations.cite(user, ukprn, "2024-25", old_key, [evidence_id])

        carry_forward.start_next_year_with_summary(user, ukprn)
        new = db.session.query(Assessment).filter_by(year="2025-26").one()
        assert db.session.query(RegisterEvent).filter_by(assessment_id=new.id).count() == 0
        assert db.session.query(RegisterEvent).filter_by(assessment_id=old.id).count() == 1
        cited = db.session.query(EvidenceCitation).filter_by(assessment_id=new.id).one()
        assert (cited.question_key, cited.evidence_id) == (new_key, evidence_id)
        listing = records.listing(records.scope(user, ukprn, "evidence"), 1, 50)
        assert [e.title for e in listing.rows] == ["Prevent policy"]
