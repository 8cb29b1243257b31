"""The board paper's pages (report settings, narrative, risk register summary) in Chromium: axe-core finds no
WCAG 2.2 A/AA violation with JavaScript and without it, and each page works with JavaScript off."""

import itertools

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe, sign_in

PASSWORD = "browser-test-pass"
YEAR = "2025-26"
_numbers = itertools.count(1)


@pytest.fixture
def own_year(live_server, page):
    """A provider of its own with the year started, so these tests change nobody else's data."""
    number = next(_numbers)
    ukprn, email = f"1088{number:04d}", f"board{number}@college.ac.uk"
    live_server.add_provider_with_editor(ukprn, email, PASSWORD)
    sign_in(page, live_server, email, PASSWORD)
    page.goto(f"{live_server}/providers/{ukprn}/years/")
    page.get_by_role("button", name=f"Start the {YEAR} self-assessment").click()
    expect(page.locator("h1")).to_have_text(f"Prevent duty self-assessment {YEAR}")
    return f"{live_server}/providers/{ukprn}/years/{YEAR}/report", email


def assert_accessible(page, what):
    assert page.locator("h1").count() == 1, what
    violations = axe_violations(page)
    assert violations == [], f"{what}: {describe(violations)}"


def assert_accessible_without_javascript(browser, js_page, html, url, what):
    """axe on the page as a browser without JavaScript rendered it: its HTML, served at its own address in
    a page where axe can run (the page's own scripts are not in the captured HTML's effect)."""
    check = js_page.context.new_page()
    check.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
    check.route("**/static/js/**", lambda route: route.abort())  # as without JavaScript: no GOV.UK scripts
    check.goto(url)
    assert_accessible(check, f"{what} (without JavaScript)")
    check.close()


def test_the_pages_are_accessible_with_javascript_and_show_errors_and_warnings(page, own_year):
    base, _ = own_year
    for tail, what in (("/settings", "settings"), ("/narrative", "narrative"), ("/risks", "risks"),
                       ("/risks/new", "new risk")):
        page.goto(base + tail)
        assert_accessible(page, what)
    page.goto(base + "/risks/new")
    page.get_by_role("button", name="Save the risk").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the risk")
    assert_accessible(page, "new risk with errors")
    page.goto(base + "/narrative")
    page.get_by_label("Themes from cases (anonymised)").fill("Call 07700 900123 about it")
    page.get_by_role("button", name="Save the narrative").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("a phone number")
    assert_accessible(page, "narrative with the personal-data warning")
    page.goto(base + "/settings")
    page.get_by_label("Which body is asked to approve the report?").fill("Board of Governors")
    page.locator("#meeting_date-day").fill("31")
    page.locator("#meeting_date-month").fill("2")
    page.locator("#meeting_date-year").fill("2026")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "settings with an error")


def test_everything_works_and_is_accessible_without_javascript(browser, page, own_year, live_server):
    base, email = own_year
    context = browser.new_context(java_script_enabled=False)
    nojs = context.new_page()
    sign_in(nojs, live_server, email, PASSWORD)

    nojs.goto(base + "/settings")
    assert_accessible_without_javascript(browser, page, nojs.content(), base + "/settings", "settings")
    nojs.get_by_label("Which body is asked to approve the report?").fill("Council")
    nojs.get_by_label("Author").fill("Prevent lead")
    nojs.get_by_role("button", name="Save the settings").click()
    expect(nojs.locator(".govuk-notification-banner--success")).to_contain_text("report settings")

    nojs.goto(base + "/narrative")
    assert_accessible_without_javascript(browser, page, nojs.content(), base + "/narrative", "narrative")
    nojs.get_by_label("Themes from cases (anonymised)").fill("Email someone@example.ac.uk about it")
    nojs.get_by_role("button", name="Save the narrative").click()
    expect(nojs.locator(".govuk-error-summary")).to_contain_text("an email address")
    assert_accessible_without_javascript(browser, page, nojs.content(), base + "/narrative",
                                         "narrative warning")
    nojs.get_by_label("Themes from cases (anonymised)").fill("Two themes, both anonymised.")
    nojs.get_by_role("button", name="Save the narrative").click()
    expect(nojs.locator(".govuk-notification-banner--success")).to_contain_text("narrative has been saved")

    nojs.goto(base + "/risks/new")
    assert_accessible_without_javascript(browser, page, nojs.content(), base + "/risks/new", "new risk")
    nojs.get_by_label("Risk", exact=True).fill("Concerns are not passed on")
    for legend, value in (("Likelihood before controls", "4"), ("Impact before controls", "4"),
                          ("Likelihood after controls", "2"), ("Impact after controls", "3")):
        nojs.get_by_role("group", name=legend).get_by_label(value, exact=True).check()
    nojs.get_by_label("Owner").fill("Director of Student Services")
    nojs.get_by_label("Falling").check()
    nojs.get_by_role("button", name="Save the risk").click()
    expect(nojs.locator(".govuk-notification-banner--success")).to_contain_text("risk has been added")
    assert_accessible_without_javascript(browser, page, nojs.content(), base + "/risks", "risks")
    nojs.get_by_role("link", name="Change Concerns are not passed on").click()
    nojs.get_by_label("Rising").check()
    nojs.get_by_role("button", name="Save the risk").click()
    expect(nojs.locator("main table")).to_contain_text("Rising")
    nojs.get_by_role("link", name="Remove Concerns are not passed on").click()
    nojs.get_by_role("button", name="Remove the risk").click()
    expect(nojs.locator("main")).to_contain_text("No risks have been added")

    nojs.goto(base)
    expect(nojs.locator(".app-report")).to_contain_text("Paper to the Council")
    expect(nojs.locator(".app-report")).to_contain_text("Two themes, both anonymised.")
    context.close()
