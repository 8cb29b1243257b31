"""Sign-off that means what it says: the declaration checked against the year, explained exceptions, a year
complete by its stored answers, two people, and a render that does not hold the write lock."""

import json
from dataclasses import replace

import pytest

from selfassess.database import immediate_begin
from selfassess.extensions import db
from selfassess.models import Assessment, AuditEvent, Provider, ReportSnapshot, TaskState
from selfassess.services import assessments, signoff
from selfassess.services.errors import Forbidden, ValidationFailed
from tests.assessment_data import YEAR, framework, start_with_context
from tests.conftest import page, sign_in
from tests.web.test_signoff import DETAILS, add_action, complete_year, fake_pdf, people, user  # noqa: F401


def _send(app, client, ukprn):
    assert client.post(f"/providers/{ukprn}/years/{YEAR}/sign-off/send").status_code == 302
    with app.app_context():
        assert db.session.query(Assessment.status).scalar() == "awaiting_signoff"


@pytest.fixture
def not_refreshed(app, people, provider_ukprn):  # noqa: F811
    """A complete year whose answers say the risk assessment was not refreshed, sent by the editor."""
    client = sign_in(app.test_client(), people["editor"])
    complete_year(client, provider_ukprn, {"ra_refreshed": "no"})
    add_action(app)
    _send(app, client, provider_ukprn)
    return client


def test_an_imported_all_completed_empty_year_cannot_be_sent(app, people, provider_ukprn):  # noqa: F811
    client = sign_in(app.test_client(), people["editor"])
    start_with_context(client, provider_ukprn)
    fw = framework()
    with app.app_context():
        assessment = db.session.query(Assessment).one()
        payload = {"schema_version": 1, "framework_id": fw.id,
                   "provider": {"ukprn": provider_ukprn, "name": "Test University"},
                   "profile": dict(assessment.profile), "answers": {}, "data_return": {}, "action_items": [],
                   "task_status": {key: "completed" for key in
                                   ("context", *(s.key for s in fw.sections), "data-return")}}
        from selfassess.services import imports

        imports.import_year(user(people["editor"]), provider_ukprn, YEAR, json.dumps(payload))
        statuses = {s.task_key: s.status for s in db.session.query(TaskState)}
    assert statuses["context"] == "completed"
    assert statuses["data-return"] == "in_progress" and statuses[fw.sections[0].key] == "in_progress"
    response = client.post(f"/providers/{provider_ukprn}/years/{YEAR}/sign-off/send", follow_redirects=True)
    assert "cannot be sent for sign-off yet" in page(response).get_text()
    with app.app_context():
        assert db.session.query(Assessment.status).scalar() == "draft"
    missing = page(client.get(f"/providers/{provider_ukprn}/years/{YEAR}/sign-off")).select("#missing a")
    hrefs = [a["href"] for a in missing]
    assert f"/providers/{provider_ukprn}/years/{YEAR}/sections/{fw.sections[0].key}" in hrefs
    assert f"/providers/{provider_ukprn}/years/{YEAR}/data-return" in hrefs


def test_the_editor_sees_the_checks_before_sending(app, people, provider_ukprn):  # noqa: F811
    client = sign_in(app.test_client(), people["editor"])
    complete_year(client, provider_ukprn, {"ra_refreshed": "no"})
    soup = page(client.get(f"/providers/{provider_ukprn}/years/{YEAR}/sign-off"))
    statement_2 = soup.select_one("#statement-2").get_text(" ", strip=True)
    assert "refreshed" in statement_2 and "Exception" in statement_2 and "is No" in statement_2
    assert soup.select_one("#statement-3 .app-exception")  # no action plan yet
    assert soup.select_one("#statement-1 .app-no-exception")
    assert soup.select_one("form[action$='/sign-off/send']")  # complete: it can be sent, exceptions and all


def test_an_exception_must_be_explained_and_the_explanation_is_stored_audited_and_printed(
        app, people, provider_ukprn, not_refreshed):  # noqa: F811
    approver = user_email = people["approver"]
    rendered = []

    def render(context):
        rendered.append(context)
        return fake_pdf(context)

    with app.app_context():
        with pytest.raises(ValidationFailed) as caught:
            signoff.sign_off(user(approver), provider_ukprn, YEAR, DETAILS, render)
        assert any(p.endswith("|2-answer-ra_refreshed") for p in caught.value.problems)
        assert rendered == [] and db.session.query(Assessment.status).scalar() == "awaiting_signoff"
        why = "The refresh was approved by the oversight group in October, after the year end."
        signoff.sign_off(user(user_email), provider_ukprn, YEAR,
                         replace(DETAILS, explanations={"2-answer-ra_refreshed": why}), render)
        assessment = db.session.query(Assessment).one()
        assert assessment.signoff_exceptions == [{"statement": 2, "code": "2-answer-ra_refreshed",
                                                  "problem": assessment.signoff_exceptions[0]["problem"],
                                                  "explanation": why}]
        event = db.session.query(AuditEvent).filter_by(action="signoff_exception_acknowledged").one()
        assert event.detail["explanation"] == why and event.detail["statement"] == 2
    statement = rendered[-1].sign_off.statements[1]
    assert statement.number == 2 and statement.acknowledged[0].explanation == why
    timeline = page(not_refreshed.get(f"/providers/{provider_ukprn}/years/{YEAR}/sign-off"))
    assert why in timeline.select_one("#timeline").get_text(" ", strip=True)


def test_the_approver_form_shows_an_error_beside_the_unexplained_exception(app, people, provider_ukprn,  # noqa: F811
                                                                           not_refreshed):
    approver = sign_in(app.test_client(), people["approver"])
    url = f"/providers/{provider_ukprn}/years/{YEAR}/sign-off"
    form = page(approver.get(url))
    assert form.select_one("#statement-2 textarea[name='explain-2-answer-ra_refreshed']")
    response = approver.post(url + "/confirm", data={
        "name": "Dr A Chair", "role": "Chair", "approved_on-day": "20", "approved_on-month": "11",
        "approved_on-year": "2026", "agreed": "yes"})
    assert response.status_code == 400
    soup = page(response)
    assert soup.select_one(".govuk-error-summary a[href='#explain-2-answer-ra_refreshed']")
    assert soup.select_one("#statement-2 .govuk-error-message")
    assert soup.select_one("#name")["value"] == "Dr A Chair"  # what was typed is kept


def test_the_sender_cannot_sign_off_unless_the_provider_allows_one_person(app, people, provider_ukprn):  # noqa: F811
    approver = sign_in(app.test_client(), people["approver"])
    complete_year(approver, provider_ukprn)
    add_action(app)
    _send(app, approver, provider_ukprn)
    assert "another approver must sign it off" in page(
        approver.get(f"/providers/{provider_ukprn}/years/{YEAR}/sign-off")).get_text()
    with app.app_context(), pytest.raises(Forbidden, match="another approver"):
        signoff.sign_off(user(people["approver"]), provider_ukprn, YEAR, DETAILS, fake_pdf)
    admin = sign_in(app.test_client(), people["admin"])
    assert admin.post(f"/admin/providers/{provider_ukprn}/one-person-signoff",
                      data={"allowed": "yes"}).status_code == 302
    rendered = []
    with app.app_context():
        assert db.session.query(Provider).filter_by(ukprn=provider_ukprn).one().one_person_signoff
        signoff.sign_off(user(people["approver"]), provider_ukprn, YEAR, DETAILS,
                         lambda context: rendered.append(context) or fake_pdf(context))
        assert db.session.query(Assessment).one().signed_off_by_sender is True
        assert db.session.query(AuditEvent).filter_by(action="one_person_signoff_changed").count() == 1
    assert rendered[-1].sign_off.one_person


def test_the_pdf_is_rendered_outside_the_write_transaction_and_again_if_the_year_changed(
        app, people, provider_ukprn, not_refreshed):  # noqa: F811
    calls = []

    def render(context):
        calls.append((immediate_begin.get(), context.provider_name))
        if len(calls) == 1:  # something changes what the report shows while the first render runs
            with app.app_context():
                db.session.query(Provider).update({"name": "Renamed University"})
                db.session.commit()
        return fake_pdf(context) + context.provider_name.encode()

    explained = replace(DETAILS, explanations={"2-answer-ra_refreshed": "Explained."})
    with app.app_context():
        stored = signoff.sign_off(user(people["approver"]), provider_ukprn, YEAR, explained, render)
        assert bytes(stored.pdf).endswith(b"Renamed University")
        assert db.session.query(ReportSnapshot).count() == 1
    assert calls == [(False, "Test University"), (False, "Renamed University")]


def test_the_report_cover_of_a_submitted_year_shows_approval_and_submission_dates(
        app, people, provider_ukprn, not_refreshed):  # noqa: F811
    from selfassess.report import render
    from selfassess.services import reports

    explained = replace(DETAILS, explanations={"2-answer-ra_refreshed": "Explained."})
    with app.app_context():
        signoff.sign_off(user(people["approver"]), provider_ukprn, YEAR, explained, fake_pdf)
        year_access = assessments.load_year(user(people["approver"]), provider_ukprn, YEAR)
        context = reports.context_for(year_access)
        html = render.render_html(context)
    cover = page_text = html[html.index('id="cover"'):html.index('id="contents"')]
    assert "Approved by the governing body" in cover and "20 November 2026" in cover
    assert "Submitted" in cover and context.sign_off.submitted_on in cover and "Generated on" not in page_text


# ---- the checks themselves, over plain values -----------------------------------------------------------

def _checks(answers_given=None, data=None, actions=(), approved="2026-11-20"):
    from datetime import date
    from types import SimpleNamespace

    from selfassess.services import signoff_checks
    from selfassess.services.demo_answers import demo_profile

    fw = framework()
    answers = {key: SimpleNamespace(value=value, not_applicable=False, na_reason="")
               for key, value in {"edf_free_speech_references": "yes", "ra_refreshed": "yes",
                                  "ra_action_plan": "yes", "lg_ofs_notifications": "yes",
                                  **(answers_given or {})}.items()}
    data = {"date_risk_assessment_reviewed": "2026-06-30", "date_action_plan_reviewed": "2026-06-30",
            "incidents_reported_ofs": 0, **(data or {})}
    found = signoff_checks.check(fw, demo_profile(fw), answers, data, actions, date.fromisoformat(approved))
    return {f.code: f.problem for c in found for f in c.findings}


def test_a_risk_assessment_reviewed_more_than_twelve_months_before_approval_is_an_exception():
    from types import SimpleNamespace

    plan = [SimpleNamespace(status="in_progress", due_date="2027-01-31", title="Map tensions")]
    assert "2-data-date_risk_assessment_reviewed" not in _checks(actions=plan)
    late = _checks(data={"date_risk_assessment_reviewed": "2025-10-08"}, actions=plan)
    assert "13.4 months before approval" in late["2-data-date_risk_assessment_reviewed"]


def test_an_empty_or_overdue_action_plan_and_a_contradicting_answer_are_exceptions():
    from types import SimpleNamespace

    assert "3-action_plan-empty" in _checks()
    overdue = [SimpleNamespace(status="not_started", due_date="2026-03-31", title="Train the SU"),
               SimpleNamespace(status="done", due_date="2026-03-31", title="Done already")]
    found = _checks(actions=overdue, answers_given={"lg_ofs_notifications": "partly"})
    assert found["3-action_plan-overdue"] == "1 action is overdue: Train the SU"
    assert "is Partly" in found["4-answer-lg_ofs_notifications"]
    assert "7-approval_date" in _checks(approved="2026-07-01")
