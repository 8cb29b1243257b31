"""In Chromium: an editor sends a year whose risk assessment was not refreshed; the approver sees the
exception beside statement 2, cannot sign off without explaining it, and the explanation is printed under
the declaration in the stored PDF. Every page passes axe-core."""

import subprocess

from playwright.sync_api import expect

from selfassess.extensions import db
from tests.browser.conftest import axe_violations, describe, sign_in

YEAR = "2025-26"
UKPRN = "10890001"  # not 1088xxxx: the board-paper browser tests number their providers from 10880001
PASSWORD = "browser-test-pass"
EXPLANATION = "The oversight group refreshed the assessment in October; Council saw it at this meeting."


def assert_accessible(page, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{what}: {describe(violations)}"


def seed_complete_year(app) -> None:
    """Setup, as the services' own data: a complete 2025-26 year whose answer to 'Has the risk assessment
    been refreshed?' is No, with an editor and an approver."""
    from selfassess.framework import get_framework
    from selfassess.models import CONTEXT_KEY, DATA_RETURN_KEY, ActionItem, Answer, Assessment, TaskState
    from selfassess.services import accounts, progress, providers
    from selfassess.services.demo_answers import demo_answer, demo_profile

    with app.app_context():
        provider = providers.create_provider("Signoff Test College", UKPRN)
        accounts.create_user("editor@signoff.ac.uk", "Edie Tor", PASSWORD, provider_ukprn=UKPRN,
                             role="editor")
        accounts.create_user("approver@signoff.ac.uk", "Abi Prover", PASSWORD, provider_ukprn=UKPRN,
                             role="approver")
        framework = get_framework(YEAR)
        profile = demo_profile(framework)
        data_return = {f.key: (100 if f.key == "case_concerns_raised" else 6) if f.type == "number"
                       else "2026-06-30" for f in framework.data_fields()}
        year = Assessment(provider_id=provider.id, year=YEAR, framework_id=YEAR, status="draft",
                          profile=profile, data_return=data_return)
        db.session.add(year)
        db.session.flush()
        supporting = {"edf_free_speech_references": "yes", "ra_refreshed": "no", "ra_action_plan": "yes",
                      "lg_ofs_notifications": "yes"}
        for section in framework.sections:
            db.session.add(TaskState(assessment_id=year.id, task_key=section.key, status="completed"))
            if not progress.section_applies(framework, section, profile)[0]:
                continue
            questions, _ = progress.applicable_questions(framework, section, profile)
            for n, question in enumerate(questions):
                value = supporting.get(question.key, demo_answer(question, n).value)
                db.session.add(Answer(assessment_id=year.id, question_key=question.key, value=value))
        for key in (CONTEXT_KEY, DATA_RETURN_KEY):
            db.session.add(TaskState(assessment_id=year.id, task_key=key, status="completed"))
        db.session.add(ActionItem(assessment_id=year.id, question_key="ra_tensions", title="Map tensions",
                                  owner="Prevent lead", due_date="2027-03-31", status="in_progress"))
        db.session.commit()
        db.session.remove()


def test_an_unrefreshed_risk_assessment_is_explained_and_printed_under_the_declaration(
        browser, live_server):
    seed_complete_year(live_server.app)
    sign_off_url = f"{live_server}/providers/{UKPRN}/years/{YEAR}/sign-off"

    editor = browser.new_context().new_page()
    sign_in(editor, live_server, "editor@signoff.ac.uk", PASSWORD)
    editor.goto(sign_off_url)
    expect(editor.locator("#statement-2 .app-exception")).to_contain_text("is No")
    assert_accessible(editor, "sign-off page, editor before sending")
    editor.get_by_role("button", name="Send for sign-off").click()
    expect(editor.locator(".govuk-notification-banner--success")).to_contain_text("sent to the approvers")
    editor.context.close()

    approver = browser.new_context(accept_downloads=True).new_page()
    sign_in(approver, live_server, "approver@signoff.ac.uk", PASSWORD)
    approver.goto(sign_off_url)
    statement_2 = approver.locator("#statement-2")
    expect(statement_2.locator(".app-exception")).to_contain_text(
        "Has the Prevent risk assessment been refreshed")
    assert_accessible(approver, "sign-off page, approver")

    approver.get_by_label("Name of the person signing off").fill("Dr Sam Chair")
    approver.get_by_label("Their role").fill("Chair of the Board of Governors")
    approver.get_by_label("Day").fill("20")
    approver.get_by_label("Month").fill("11")
    approver.get_by_label("Year").fill("2026")
    approver.get_by_label("On behalf of the governing body, I confirm the declaration above").check()
    approver.get_by_role("button", name="Sign off and submit").click()
    summary = approver.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Explain why the governing body signs statement 2", timeout=60_000)
    expect(approver.get_by_label("Name of the person signing off")).to_have_value("Dr Sam Chair")
    assert_accessible(approver, "sign-off page with an unexplained exception")
    summary.get_by_role("link").first.click()  # the error summary link focuses the explanation
    explanation = approver.locator("#statement-2 textarea")
    expect(explanation).to_be_focused()
    explanation.fill(EXPLANATION)
    approver.get_by_label("On behalf of the governing body, I confirm the declaration above").check()
    approver.get_by_role("button", name="Sign off and submit").click()
    # signing off renders the final PDF first: seconds on a busy machine, beyond expect's 5 s default
    expect(approver.locator(".govuk-notification-banner--success")).to_contain_text(
        "signed off and submitted", timeout=60_000)
    assert_accessible(approver, "sign-off page, submitted")

    with approver.expect_download() as download:
        approver.get_by_role("link", name="Download the submitted report").click()
    pdf = download.value.path().read_bytes()
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode().replace("\u200b", "")
    flat = " ".join(text.split())
    declaration = flat[flat.rindex("I confirm that"):]
    assert declaration.index("2. the Prevent risk assessment") < declaration.index("Exception acknowledged")
    assert " ".join(EXPLANATION.split()) in declaration
    assert declaration.index("Exception acknowledged") < declaration.index("3. an action plan")
    approver.context.close()
