"""The annual cycle: send for sign-off, send back, sign off once, locked afterwards, reopen."""

import threading
import time
from pathlib import Path

import pytest

from selfassess.extensions import db
from selfassess.models import ActionItem, Assessment, AuditEvent, ReportSnapshot, User
from selfassess.services import signoff
from selfassess.services.errors import Conflict, Forbidden, Locked, ValidationFailed
from tests.assessment_data import YEAR, answer_fields, framework, section_form, start_with_context
from tests.conftest import page, second_factor_code, sign_in

DETAILS = signoff.SignOff("Dr A Chair", "Chair of the Board of Governors", "2026-11-20", True)


def fake_pdf(context):
    """Stands in for the PDF renderer in service tests: bytes that record the report's context."""
    return f"%PDF report {context.year} {context.status} {context.sign_off.name}".encode()


# Answers and dates that support every declaration statement, so the year has no exception to explain.
SUPPORTING = ("edf_free_speech_references", "ra_refreshed", "ra_action_plan", "lg_ofs_notifications")
SUPPORTING_DATE = "2026-06-30"  # within twelve months of DETAILS' approval date


def complete_year(client, ukprn, overrides=None):
    """Every applicable question answered and every data-return figure entered; `overrides` maps question
    keys to answers."""
    profile = start_with_context(client, ukprn)
    fw = framework()
    from selfassess.services import progress

    wanted = {key: "yes" for key in SUPPORTING} | (overrides or {})
    for section in fw.sections:
        if progress.section_applies(fw, section, profile)[0]:
            fields = {}
            for question in section.questions:
                if question.key in wanted:
                    fields.update(answer_fields(question, wanted[question.key]))
            assert (
                client.post(
                    f"/providers/{ukprn}/years/{YEAR}/sections/{section.key}",
                    data=section_form(fw, section.key, profile, version=0, overrides=fields),
                ).status_code
                == 302
            )
    data = {"version": "0", "completed": "yes"}
    for f in fw.data_fields():
        if f.type == "number":  # more concerns raised than cases escalated: no consistency warning
            data[f"data__{f.key}"] = "100" if f.key == "case_concerns_raised" else "6"
        else:
            year, month, day = SUPPORTING_DATE.split("-")
            data |= {f"data__{f.key}-day": day, f"data__{f.key}-month": month, f"data__{f.key}-year": year}
    assert client.post(f"/providers/{ukprn}/years/{YEAR}/data-return", data=data).status_code == 302


def user(email):
    return db.session.query(User).filter_by(email=email).one()


@pytest.fixture
def people(app, factory, provider_ukprn):
    editor = factory.user("editor", provider_ukprn)
    approver = factory.user("approver", provider_ukprn)
    admin = factory.user(admin=True)
    return {"editor": editor, "approver": approver, "admin": admin}


def add_action(app):
    """One action in the plan, due after the approval date: the plan is in place and nothing is overdue."""
    with app.app_context():
        assessment = db.session.query(Assessment).one()
        first_question = framework().sections[0].questions[0].key
        db.session.add(ActionItem(assessment_id=assessment.id, question_key=first_question,
                                  title="Refresh the partnership contacts", owner="Prevent lead",
                                  due_date="2027-03-31", status="in_progress"))
        db.session.commit()


@pytest.fixture
def awaiting(app, people, provider_ukprn):
    client = sign_in(app.test_client(), people["editor"])
    complete_year(client, provider_ukprn)
    add_action(app)
    assert client.post(f"/providers/{provider_ukprn}/years/{YEAR}/sign-off/send").status_code == 302
    with app.app_context():
        assert db.session.query(Assessment.status).scalar() == "awaiting_signoff"
    return client


def test_a_year_cannot_be_sent_until_every_task_is_complete(app, people, provider_ukprn):
    client = sign_in(app.test_client(), people["editor"])
    start_with_context(client, provider_ukprn)
    response = client.post(f"/providers/{provider_ukprn}/years/{YEAR}/sign-off/send", follow_redirects=True)
    assert "cannot be sent for sign-off yet" in page(response).get_text()
    with app.app_context():
        assert db.session.query(Assessment.status).scalar() == "draft"


def test_an_approver_signs_off_once_and_the_year_is_locked(app, people, provider_ukprn, awaiting):
    with app.app_context():
        stored = signoff.sign_off(user(people["approver"]), provider_ukprn, YEAR, DETAILS, fake_pdf)
        again = signoff.sign_off(user(people["approver"]), provider_ukprn, YEAR, DETAILS, fake_pdf)
        assert again.id == stored.id
        assert bytes(stored.pdf) == b"%PDF report 2025-26 submitted Dr A Chair"
        assessment = db.session.query(Assessment).one()
        assert (assessment.status, assessment.signed_off_name, assessment.governing_body_approved_on) == (
            "submitted",
            "Dr A Chair",
            "2026-11-20",
        )
        assert assessment.declaration == framework().declaration
        assert db.session.query(ReportSnapshot).count() == 1
        assert db.session.query(AuditEvent).filter_by(action="signed_off").count() == 1
    fw = framework()
    response = awaiting.post(
        f"/providers/{provider_ukprn}/years/{YEAR}/sections/{fw.sections[0].key}",
        data=section_form(fw, fw.sections[0].key, {}, version=1),
    )
    assert response.status_code == 403


def test_twenty_concurrent_sign_offs_make_one_submission(app, people, provider_ukprn, awaiting):
    results, errors = [], []

    def attempt():
        try:
            with app.app_context():
                snap = signoff.sign_off(user(people["approver"]), provider_ukprn, YEAR, DETAILS, fake_pdf)
                results.append(snap.id)
                db.session.remove()
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(set(results)) == 1
    with app.app_context():
        assert db.session.query(ReportSnapshot).count() == 1
        assert db.session.query(AuditEvent).filter_by(action="signed_off").count() == 1


@pytest.mark.parametrize(
    "details, problem",
    [
        (signoff.SignOff("", "Chair", "2026-11-20", True), "Enter the name"),
        (signoff.SignOff("A", "", "2026-11-20", True), "Enter their role"),
        (signoff.SignOff("A", "Chair", "2026-02-30", True), "Enter the date"),
        (signoff.SignOff("A", "Chair", "2999-01-01", True), "today or in the past"),
        (signoff.SignOff("A", "Chair", "2026-11-20", False), "Confirm the declaration"),
    ],
)
def test_sign_off_details_are_checked(app, people, provider_ukprn, awaiting, details, problem):
    with app.app_context():
        with pytest.raises(ValidationFailed) as caught:
            signoff.sign_off(user(people["approver"]), provider_ukprn, YEAR, details, fake_pdf)
        assert any(problem in p for p in caught.value.problems)
        assert db.session.query(Assessment.status).scalar() == "awaiting_signoff"


def test_only_approvers_sign_off_and_send_back(app, people, provider_ukprn, awaiting):
    with app.app_context():
        with pytest.raises(Forbidden):
            signoff.sign_off(user(people["editor"]), provider_ukprn, YEAR, DETAILS, fake_pdf)
        with pytest.raises(Forbidden):
            signoff.send_back(user(people["editor"]), provider_ukprn, YEAR, "no")


def test_sending_back_needs_a_comment_and_reopens_editing(app, people, provider_ukprn, awaiting):
    approver = sign_in(app.test_client(), people["approver"])
    url = f"/providers/{provider_ukprn}/years/{YEAR}/sign-off/send-back"
    response = approver.post(url, data={"comment": ""})
    assert response.status_code == 400
    assert approver.post(url, data={"comment": "Please add the March training figures"}).status_code == 302
    with app.app_context():
        assert db.session.query(Assessment.status).scalar() == "draft"
    timeline = page(awaiting.get(f"/providers/{provider_ukprn}/years/{YEAR}/sign-off")).select_one(
        "#timeline"
    )
    text = timeline.get_text(" ", strip=True)
    assert (
        "Sent for sign-off" in text
        and "Sent back" in text
        and "Please add the March training figures" in text
    )


def test_a_year_awaiting_sign_off_cannot_be_edited(app, provider_ukprn, awaiting):
    fw = framework()
    response = awaiting.post(
        f"/providers/{provider_ukprn}/years/{YEAR}/sections/{fw.sections[0].key}",
        data=section_form(fw, fw.sections[0].key, {}, version=1),
    )
    assert response.status_code == 403


def test_an_administrator_reopens_with_a_reason_and_the_earlier_pdf_is_kept(
    app, people, provider_ukprn, awaiting
):
    with app.app_context():
        signoff.sign_off(user(people["approver"]), provider_ukprn, YEAR, DETAILS, fake_pdf)
        with pytest.raises(Forbidden):
            signoff.reopen(user(people["approver"]), provider_ukprn, YEAR, "typo")
        with pytest.raises(ValidationFailed):
            signoff.reopen(user(people["admin"]), provider_ukprn, YEAR, " ")
        signoff.reopen(user(people["admin"]), provider_ukprn, YEAR, "A figure was wrong")
        assert db.session.query(Assessment.status).scalar() == "draft"
        event = db.session.query(AuditEvent).filter_by(action="reopened").one()
        assert event.detail["reason"] == "A figure was wrong"
    assert awaiting.post(f"/providers/{provider_ukprn}/years/{YEAR}/sign-off/send").status_code == 302
    with app.app_context():
        signoff.sign_off(user(people["approver"]), provider_ukprn, YEAR, DETAILS, fake_pdf)
        numbers = [s.number for s in db.session.query(ReportSnapshot).order_by(ReportSnapshot.number)]
        assert numbers == [1, 2]
    first = awaiting.get(f"/providers/{provider_ukprn}/years/{YEAR}/submitted/1.pdf")
    assert first.status_code == 200 and first.data.startswith(b"%PDF")


def test_signing_off_a_draft_is_a_conflict(app, people, provider_ukprn):
    client = sign_in(app.test_client(), people["editor"])
    start_with_context(client, provider_ukprn)
    with app.app_context(), pytest.raises(Conflict):
        signoff.sign_off(user(people["approver"]), provider_ukprn, YEAR, DETAILS, fake_pdf)


def test_locked_error_names_the_state(app, people, provider_ukprn, awaiting):
    from selfassess.services import answers

    with app.app_context(), pytest.raises(Locked, match="awaiting sign-off"):
        answers.save_section(
            user(people["editor"]),
            provider_ukprn,
            YEAR,
            framework().sections[0].key,
            {},
            seen_version=None,
            completed=False,
        )


def test_a_submitted_years_pdf_is_served_byte_for_byte_even_after_the_templates_change(
        app, people, provider_ukprn, awaiting, monkeypatch):
    from selfassess.services import reports

    approver = sign_in(app.test_client(), people["approver"])
    response = approver.post(f"/providers/{provider_ukprn}/years/{YEAR}/sign-off/confirm", data={
        "name": "Dr A Chair", "role": "Chair of Council", "approved_on-day": "20", "approved_on-month": "11",
        "approved_on-year": "2026", "agreed": "yes"})
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.query(ReportSnapshot).one()
        stored_bytes, digest = bytes(stored.pdf), stored.sha256
    assert stored_bytes.startswith(b"%PDF")
    import hashlib

    assert hashlib.sha256(stored_bytes).hexdigest() == digest
    monkeypatch.setattr(reports, "REPORT_FOLDERS", ())  # as if templates and styles had changed since
    download = approver.get(f"/providers/{provider_ukprn}/years/{YEAR}/report.pdf")
    assert download.status_code == 200 and download.data == stored_bytes
    assert "-draft" not in download.headers["Content-Disposition"]
    again = awaiting.post(f"/providers/{provider_ukprn}/years/{YEAR}/sign-off/confirm", data={})
    assert again.status_code in (302, 400, 403)
    with app.app_context():
        assert db.session.query(ReportSnapshot).count() == 1


# ---- the step-up check before signing off loses nothing the approver typed (issue 13) ------------------

def _stale(client, app):
    with client.session_transaction() as session:
        session["mfa_at"] = time.time() - app.config["MFA_STEP_UP_SECONDS"] - 1


def test_an_approver_with_a_stale_check_is_asked_for_a_code_before_the_form(app, people, provider_ukprn,
                                                                             awaiting):
    sign_off_page = f"/providers/{provider_ukprn}/years/{YEAR}/sign-off"
    approver = sign_in(app.test_client(), people["approver"])
    assert approver.get(sign_off_page).status_code == 200  # the check at sign-in is recent
    _stale(approver, app)
    response = approver.get(sign_off_page)
    assert response.status_code == 302 and response.location.startswith("/account/confirm-it-is-you?next=")
    done = approver.post(response.location, data={"code": second_factor_code(app, people["approver"])})
    assert done.location == sign_off_page
    assert page(approver.get(sign_off_page)).select_one("#name") is not None
    # The editor, who cannot sign off, is never asked (and the sign-off form is not theirs).
    _stale(awaiting, app)
    assert awaiting.get(sign_off_page).status_code == 200


def test_when_the_check_goes_stale_while_typing_the_form_comes_back_as_typed(app, people, provider_ukprn,
                                                                             awaiting):
    sign_off_page = f"/providers/{provider_ukprn}/years/{YEAR}/sign-off"
    approver = sign_in(app.test_client(), people["approver"])
    typed = {"name": "Dr A Chair", "role": "Chair of Council", "approved_on-day": "20",
             "approved_on-month": "11", "approved_on-year": "2026", "agreed": "yes",
             "explain-S9": "Council accepted the late review: " + "x" * 900}
    _stale(approver, app)
    response = approver.post(f"{sign_off_page}/confirm", data=typed)
    assert response.status_code == 302 and response.location.startswith("/account/confirm-it-is-you?next=")
    with app.app_context():
        assert db.session.query(Assessment.status).scalar() == "awaiting_signoff"  # nothing signed yet
    with approver.session_transaction() as session:
        assert "Dr A Chair" not in repr(dict(session))  # kept on the server, not in the cookie
        kept = Path(app.instance_path) / "step-up-drafts" / f"{session['signoff_draft']['token']}.json"
    assert kept.exists()
    done = approver.post(response.location, data={"code": second_factor_code(app, people["approver"])})
    assert done.location == sign_off_page
    form = page(approver.get(sign_off_page))
    assert form.select_one("#name")["value"] == "Dr A Chair"
    assert form.select_one("#role")["value"] == "Chair of Council"
    assert [form.select_one(f"#approved_on-{part}")["value"] for part in ("day", "month", "year")] == [
        "20", "11", "2026"]
    assert form.select_one("input[name=agreed][value=yes]").has_attr("checked")
    # Taken back once: the next visit is a fresh form, and the stored copy is gone.
    assert page(approver.get(sign_off_page)).select_one("#name").get("value", "") == ""
    assert not kept.exists()
