"""Everyday use in Chromium, as each role would: the send-back loop from both sides with the emails that a
real SMTP server receives, starting the next year after sign-off, the results page at 320px, and error
summaries whose links put the cursor in the named field. axe checks every new page state, and every state
is kept for the W3C Nu checker (tests/browser/test_nu_checker.py)."""

import pytest
from playwright.sync_api import expect

from selfassess.extensions import db
from selfassess.framework import get_framework
from selfassess.services import accounts, notifications, providers
from tests.browser.conftest import axe_violations, describe, sign_in
from tests.history.conftest import all_demo_answers, build_year
from tests.smtp_server import Inbox, smtp_server, smtp_settings

PASSWORD = "browser-test-pass"
YEAR, LAST_YEAR = "2025-26", "2024-25"
COMMENT = "Please add when the Prevent risk assessment was last reviewed."


def provider_with_team(live_server, ukprn: str, *, years=()) -> dict:
    """A provider with an editor and an approver, and years built directly (complete drafts or submitted)."""
    people = {role: f"{role}-{ukprn}@browser.test" for role in ("editor", "approver")}
    with live_server.app.app_context():
        providers.create_provider(f"Everyday College {ukprn}", ukprn)
        for role, email in people.items():
            accounts.create_user(email, f"{role.title()} {ukprn}", PASSWORD, provider_ukprn=ukprn, role=role)
        for year, submitted in years:
            # complete by what is stored (every figure of the data return too), so it can be sent
            data_return = {f.key: (100 if f.key == "case_concerns_raised" else 6) if f.type == "number"
                           else "2026-06-30" for f in get_framework(year).data_fields()}
            build_year(ukprn, year, answers=all_demo_answers(year), data_return=data_return,
                       submitted={"signed_off_name": "Dr Jo Bloggs", "signed_off_role": "Chair"} if submitted
                       else None)
        db.session.remove()
    return people


def check_page(page, states: list, name: str) -> None:
    """axe finds nothing, there is one h1, and the page is kept for the Nu checker."""
    assert page.locator("h1").count() == 1, name
    states.append((name, page.content()))
    violations = axe_violations(page)
    assert violations == [], f"{name}: {describe(violations)}"


@pytest.fixture
def smtp(live_server):
    with smtp_server() as (inbox, port):
        saved = dict(live_server.app.config)
        live_server.app.config.update(smtp_settings(port))
        yield inbox
        live_server.app.config.clear()
        live_server.app.config.update(saved)


def deliver(live_server) -> None:
    with live_server.app.app_context():
        notifications.send_due()
        db.session.remove()


def test_the_send_back_loop_from_both_sides_with_the_emails(browser, live_server, smtp, nu_states):
    ukprn = "10077001"
    people = provider_with_team(live_server, ukprn, years=[(YEAR, False)])
    base = f"{live_server}/providers/{ukprn}/years/{YEAR}"
    editor = browser.new_context().new_page()
    approver = browser.new_context().new_page()
    sign_in(editor, live_server, people["editor"], PASSWORD)
    sign_in(approver, live_server, people["approver"], PASSWORD)

    # the approver is not offered the editors' button
    approver.goto(f"{base}/sign-off")
    expect(approver.get_by_role("button", name="Send for sign-off")).to_have_count(0)

    editor.goto(f"{base}/sign-off")
    editor.get_by_role("button", name="Send for sign-off").click()
    expect(editor.locator(".govuk-notification-banner--success")).to_contain_text("sent to the approvers")

    # the approver's dashboard says what waits for them, and the email says so too
    approver.goto(f"{live_server}/")
    waiting = approver.locator(".app-waiting-for-you")
    expect(waiting).to_contain_text(f"The {YEAR} self-assessment is waiting for your sign-off")
    check_page(approver, nu_states, "dashboard: waiting for your sign-off")
    deliver(live_server)
    [email] = smtp.to(people["approver"])
    assert f"/providers/{ukprn}/years/{YEAR}/sign-off" in Inbox.body(email)

    waiting.get_by_role("link").click()
    expect(approver).to_have_url(f"{base}/sign-off")
    check_page(approver, nu_states, "sign-off: awaiting the approver")
    approver.get_by_role("button", name="Send back to the editors").click()  # no comment: an error
    summary = approver.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    check_page(approver, nu_states, "sign-off: send back without a comment")
    summary.get_by_role("link").first.click()
    expect(approver.locator("#comment")).to_be_focused()
    approver.locator("#comment").fill(COMMENT)
    approver.get_by_role("button", name="Send back to the editors").click()
    expect(approver.locator(".govuk-notification-banner--success")).to_contain_text("sent back")

    # the editor sees the comment where they work, and gets it by email
    editor.goto(f"{live_server}/")
    expect(editor.locator(".app-sent-back")).to_contain_text(COMMENT)
    check_page(editor, nu_states, "dashboard: sent back")
    editor.locator(".app-sent-back").get_by_role("link").click()
    expect(editor.locator("#sent-back")).to_contain_text(COMMENT)
    check_page(editor, nu_states, "task list: sent back")
    editor.locator("#sent-back").get_by_role("link", name="send the year for sign-off again").click()
    expect(editor.locator("#sent-back-comment")).to_contain_text(COMMENT)
    check_page(editor, nu_states, "sign-off: draft sent back")
    deliver(live_server)
    [back] = smtp.to(people["editor"])
    assert COMMENT in Inbox.body(back) and f"/providers/{ukprn}/years/{YEAR}/" in Inbox.body(back)
    for message in smtp.messages:  # names and links, never an answer's evidence
        assert "evidence" not in Inbox.body(message).lower()

    editor.goto(f"{live_server}/account/email-notifications")
    check_page(editor, nu_states, "email notifications")


def test_starting_the_next_year_after_sign_off(page, browser, live_server, nu_states):
    ukprn = "10077002"
    people = provider_with_team(live_server, ukprn, years=[(LAST_YEAR, True)])
    sign_in(page, live_server, people["editor"], PASSWORD)
    page.goto(f"{live_server}/providers/{ukprn}/years/")
    check_page(page, nu_states, "reporting years: last year signed off")
    page.get_by_role("button", name=f"Start the {YEAR} self-assessment").click()
    expect(page.locator("h1")).to_have_text(f"Prevent duty self-assessment {YEAR}")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"started the {YEAR}")
    check_page(page, nu_states, "task list: next year started")

    # once this year is signed off too, the page says why there is no button
    other = "10077003"
    people = provider_with_team(live_server, other, years=[(YEAR, True)])
    page = browser.new_context().new_page()
    sign_in(page, live_server, people["editor"], PASSWORD)
    page.goto(f"{live_server}/providers/{other}/years/")
    expect(page.locator("#next-year")).to_contain_text("once its question set is published")
    check_page(page, nu_states, "reporting years: nothing to start yet")


def test_the_results_page_reflows_at_320_pixels(browser, live_server, nu_states):
    page = browser.new_context(viewport={"width": 320, "height": 800}).new_page()
    sign_in(page, live_server, "editor@demo.ac.uk", "demo-editor-pass")
    for path in ("years/2025-26/results", "years/", "compare?from=2024-25&to=2025-26"):
        page.goto(f"{live_server}/providers/10099999/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    page.goto(f"{live_server}/providers/10099999/years/2025-26/results")
    chart = page.locator("#coverage-chart-narrow")
    expect(chart).to_be_visible()
    expect(page.locator("#coverage-chart")).to_be_hidden()
    label_size = chart.locator("text").first.evaluate("t => t.getBoundingClientRect().height")
    assert label_size >= 11, f"chart labels are {label_size:.1f}px tall"
    check_page(page, nu_states, "results at 320px")


def test_error_summary_links_put_the_cursor_in_the_named_field(page, browser, live_server, nu_states):
    ukprn = "10077004"
    people = provider_with_team(live_server, ukprn)
    sign_in(page, live_server, people["editor"], PASSWORD)
    page.goto(f"{live_server}/providers/{ukprn}/years/")
    page.get_by_role("button", name=f"Start the {YEAR} self-assessment").click()
    expect(page.locator("h1")).to_have_text(f"Prevent duty self-assessment {YEAR}")  # started, not racing
    page.goto(f"{live_server}/providers/{ukprn}/years/{YEAR}/context")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()  # the answer page, not the one before it
    links = page.locator(".govuk-error-summary__list a")
    texts = links.all_inner_texts()
    assert len(texts) > 3 and len(set(texts)) == len(texts), texts  # each names its question
    check_page(page, nu_states, "context: every question missing")
    for index in (0, len(texts) - 1):
        page.locator(".govuk-error-summary__list a").nth(index).click()
        target = page.locator(".govuk-error-summary__list a").nth(index).get_attribute("href")[1:]
        assert page.evaluate("document.activeElement.id") == target

    # a date: the link goes into the Day box
    page = browser.new_context().new_page()
    sign_in(page, live_server, "editor@demo.ac.uk", "demo-editor-pass")
    page.goto(f"{live_server}/providers/10099999/years/2025-26/action-plan")
    page.locator("a[href*='/action-plan/']").first.click()
    page.locator("#due_date-day").fill("31")
    page.locator("#due_date-month").fill("2")
    page.locator("#due_date-year").fill("2026")
    page.locator("form button.govuk-button").first.click()
    link = page.locator(".govuk-error-summary__list a", has_text="must be a real date")
    expect(link).to_have_attribute("href", "#due_date-day")
    check_page(page, nu_states, "action form: impossible date")
    link.click()
    expect(page.locator("#due_date-day")).to_be_focused()
