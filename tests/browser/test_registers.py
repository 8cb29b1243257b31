"""In Chromium: an editor records a year's events, concerns, training and an incident; the data return fills
itself with provenance; one figure is overridden with a reason; the unnotified incident is raised as a
sign-off exception. axe-core finds nothing on every register page, with JavaScript and without it."""

import re

from playwright.sync_api import expect

from selfassess.extensions import db
from tests.browser.conftest import axe_violations, describe, sign_in

YEAR = "2025-26"
UKPRN = "10880016"
EMAIL = "editor@registers.ac.uk"
PASSWORD = "browser-test-pass"


def assert_accessible(page, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{what}: {describe(violations)}"


def strip_scripts(route):
    """Serve each page without its scripts: the page as a browser without JavaScript renders it (no
    js-enabled class, no GOV.UK Frontend behaviour), while axe can still be injected to check it."""
    if route.request.resource_type != "document":
        route.continue_()
        return
    response = route.fetch()
    body = re.sub(r"<script\b.*?</script>", "", response.text(), flags=re.S)
    route.fulfill(response=response, body=body)


def seed(app) -> None:
    from selfassess.models import User
    from selfassess.services import assessments

    with app.app_context():
        user = db.session.query(User).filter_by(email=EMAIL).one()
        assessments.start_year(user, UKPRN, YEAR)
        db.session.remove()


def fill_date(page, name, day, month, year):
    if day is not None:
        page.locator(f"#{name}-day").fill(day)
    page.locator(f"#{name}-month").fill(month)
    page.locator(f"#{name}-year").fill(year)


def test_a_year_of_registers_fills_the_return_and_raises_the_unnotified_incident(browser, live_server):
    live_server.add_provider_with_editor(UKPRN, EMAIL, PASSWORD)
    seed(live_server.app)
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server, EMAIL, PASSWORD)
    base = f"{live_server}/providers/{UKPRN}/years/{YEAR}"

    page.goto(f"{base}/")
    page.get_by_role("link", name="Registers through the year").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registers through the year")

    for title, decision, reason in (("Debate night", "Approved without conditions", ""),
                                    ("Visiting lecture", "Approved without conditions", ""),
                                    ("Rally", "Rejected: Prevent-related risk", "A risk of harm")):
        page.goto(f"{base}/registers/events/new")
        fill_date(page, "event_date", "14", "10", "2025")
        page.get_by_label("Title").fill(title)
        page.get_by_label("Students' union society").check()
        page.get_by_label("In person").check()
        page.get_by_label("Low risk: standard process").check()
        page.get_by_label(decision).check()
        if reason:
            page.get_by_label("Reason for the rejection (optional)").fill(reason)
        page.get_by_role("button", name="Save the event").click()
        banner = page.locator(".govuk-notification-banner--success")
        expect(banner).to_contain_text("The event has been added")
    expect(page.get_by_text("3 events.")).to_be_visible()

    page.goto(f"{base}/registers/concerns/new")
    page.get_by_label("Reference code").fill("C-2025-001")
    fill_date(page, "opened_month", None, "11", "2025")
    page.get_by_label("Formally referred").check()
    page.get_by_label("Extreme right-wing").check()
    page.get_by_label("Notes (optional)").fill("Raised by Mr Smith, phone 07700 900123")
    page.get_by_role("button", name="Save the concern").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("name with a title")
    assert_accessible(page, "concern form with errors")
    page.get_by_label("Notes (optional)").fill("Raised by a member of residences staff")
    page.get_by_role("button", name="Save the concern").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The concern has been added")

    page.goto(f"{base}/registers/training/new")
    fill_date(page, "session_date", "2", "9", "2025")
    page.get_by_label("Induction").check()
    page.get_by_label("Audience group").fill("New academic staff")
    page.get_by_label("Number attended").fill("45")
    page.get_by_role("button", name="Save the training session").click()

    page.goto(f"{base}/registers/incidents/new")
    fill_date(page, "incident_date", "3", "3", "2026")
    page.get_by_label("Serious incident").check()
    page.get_by_role("button", name="Save the incident").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The incident has been added")

    page.goto(f"{base}/data-return")
    approved = page.locator("#figure-es_approved_no_conditions")
    expect(approved).to_contain_text("2")
    expect(approved).to_contain_text("From 3 events in the register")
    expect(page.locator("#figure-case_formal_referral_extreme_right_wing")).to_contain_text(
        "From 1 concern in the record")
    expect(page.locator("#figure-tr_induction")).to_contain_text("45")

    approved.get_by_role("link", name=re.compile("Override this figure")).click()
    assert_accessible(page, "override page")
    page.get_by_label("Your figure").fill("3")
    page.get_by_role("button", name="Use my figure").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why this figure differs")
    page.get_by_label("Why is it different from the register?").fill("One event was booked by phone")
    page.get_by_role("button", name="Use my figure").click()
    approved = page.locator("#figure-es_approved_no_conditions")
    expect(approved).to_contain_text("3")
    expect(approved).to_contain_text("Reason: One event was booked by phone")

    page.goto(f"{base}/sign-off")
    expect(page.locator("body")).to_contain_text(
        "The incidents register has an entry the OfS was not told of: Serious incident on 3 March 2026")
    context.close()


def test_every_register_page_passes_axe_with_and_without_javascript(browser, live_server):
    live_server.add_provider_with_editor("10880017", "axe@registers.ac.uk", PASSWORD)
    from selfassess.models import User
    from selfassess.services import assessments, registers
    from selfassess.services.registers import records

    app = live_server.app
    with app.app_context():
        user = db.session.query(User).filter_by(email="axe@registers.ac.uk").one()
        assessments.start_year(user, "10880017", YEAR)
        found = records.scope(user, "10880017", "events", YEAR)
        for n in range(60):  # two pages
            records.add(user, found, {"event_date": f"2025-10-{n % 28 + 1:02d}", "title": f"Event {n}",
                                      "organiser_type": "department", "mode": "online", "triage": "low",
                                      "decision": "approved"})
        evidence_id = records.add(user, records.scope(user, "10880017", "evidence"),
                    {"title": "Prevent policy", "kind": "policy", "owner_role": "Registrar",
                     "review_by": "2022-01-01"})
        assert registers.MODULES
        db.session.remove()
    base = f"{live_server}/providers/10880017"
    year = f"{base}/years/{YEAR}"
    pages = [f"{year}/registers/"]
    for register in ("events", "concerns", "training", "incidents"):
        pages += [f"{year}/registers/{register}/", f"{year}/registers/{register}/new",
                  f"{year}/registers/{register}/import"]
    from selfassess.framework import get_framework

    cited = next(q.key for section in get_framework(YEAR).sections for q in section.questions
                 if q.type == "yes_partly_no")
    pages += [f"{year}/registers/events/?page=2", f"{base}/evidence/", f"{base}/evidence/new",
              f"{base}/evidence/{evidence_id}", f"{year}/evidence-citations/{cited}", f"{year}/results",
              f"{base}/evidence/import", f"{year}/data-return/es_approved_no_conditions/override",
              f"{year}/data-return", f"{year}/"]
    for javascript in (True, False):
        context = browser.new_context()
        page = context.new_page()
        sign_in(page, live_server, "axe@registers.ac.uk", PASSWORD)
        if not javascript:
            page.route("**/*", strip_scripts)
        for url in pages:
            page.goto(url)
            expect(page.get_by_role("heading", level=1)).to_have_count(1)
            assert_accessible(page, f"{url} ({'with' if javascript else 'without'} JavaScript)")
        page.goto(f"{year}/registers/events/new")  # a form with errors, too
        page.get_by_role("button", name="Save the event").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert_accessible(page, f"event form with errors ({'with' if javascript else 'without'} JavaScript)")
        if not javascript:
            assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
        context.close()
