"""Stale evidence: a "Yes" resting only on evidence past its review date counts as "Partly" (reason shown);
answers with any in-date evidence, and answers that do not rest on it, are unchanged."""

from selfassess.framework import get_framework
from selfassess.scoring import Response, score
from tests.assessment_data import YEAR, start_with_context
from tests.conftest import page


def _yes_questions(fw, n):
    found = [q for s in fw.sections for q in s.questions if q.type == "yes_partly_no" and q.scored]
    return found[:n]


def test_scoring_lowers_only_the_answers_that_rest_only_on_stale_evidence():
    fw = get_framework(YEAR)
    first, second = _yes_questions(fw, 2)
    answers = {first.key: Response("yes"), second.key: Response("yes")}
    profile = {}
    plain = score(fw, profile, answers)
    stale = score(fw, profile, answers, {first.key: "rests only on evidence past its review date: Policy"})
    before, after = plain.question(first.key), stale.question(first.key)
    if after.applies:
        assert after.fraction == first.score_fraction("partly") < before.fraction
        assert after.stale_evidence.startswith("Counted as Partly: the answer rests only on evidence")
    assert stale.question(second.key) == plain.question(second.key)
    no_answer = score(fw, profile, {first.key: Response("no")}, {first.key: "stale"})
    assert no_answer.question(first.key).stale_evidence == ""  # only a Yes is lowered


def test_results_page_shows_the_reason_and_a_citation_of_in_date_evidence_keeps_the_yes(app, factory):
    from tests.conftest import sign_in

    ukprn = factory.provider("Stale University", "10000041")
    editor = sign_in(app.test_client(), factory.user("editor", ukprn))
    start_with_context(editor, ukprn)
    base = f"/providers/{ukprn}/years/{YEAR}"
    old = {"title": "Prevent policy 2021", "kind": "policy", "owner_role": "Registrar", "approved_by": "",
           "review_by-day": "1", "review_by-month": "1", "review_by-year": "2022", "link": ""}
    new = {**old, "title": "Risk assessment 2026", "kind": "risk_assessment", "review_by-year": "2099"}
    assert editor.post(f"/providers/{ukprn}/evidence/new", data=old).status_code == 302
    assert editor.post(f"/providers/{ukprn}/evidence/new", data=new).status_code == 302
    with app.app_context():
        from selfassess.extensions import db
        from selfassess.models import Answer, Assessment, RegisterEvidence

        assessment = db.session.query(Assessment).one()
        ids = {e.title: e.id for e in db.session.query(RegisterEvidence)}
        from selfassess.services.results import scorecard_for

        card = scorecard_for(assessment)
        key = next(q.key for q in card.questions if q.applies and q.scored and q.points_available
                   and get_framework(YEAR).question(q.key)[1].type == "yes_partly_no")
        other = next(q.key for q in card.questions if q.applies and q.scored and q.points_available
                     and q.key != key and get_framework(YEAR).question(q.key)[1].type == "yes_partly_no")
        for k in (key, other):
            db.session.add(Answer(assessment_id=assessment.id, question_key=k, value="yes"))
        db.session.commit()
    assert editor.post(f"{base}/evidence-citations/{key}", data={"evidence": [ids["Prevent policy 2021"]]}
                       ).status_code == 302
    assert editor.post(f"{base}/evidence-citations/{other}",
                       data={"evidence": [ids["Prevent policy 2021"], ids["Risk assessment 2026"]]}
                       ).status_code == 302
    with app.app_context():
        card = scorecard_for(db.session.query(Assessment).one())
        assert card.question(key).stale_evidence and card.question(key).fraction < 1
        assert card.question(other).stale_evidence == "" and card.question(other).fraction == 1
    results = page(editor.get(f"{base}/results")).get_text()
    assert "Prevent policy 2021" in results and "Counted as Partly" in results
    tasks = page(editor.get(f"{base}/")).get_text()
    assert "past its review date" in tasks
