"""A person signs in with the real form in Chromium; the pages pass axe-core's WCAG 2.2 A/AA checks."""

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe, sign_in


def test_sign_in_page_is_accessible_including_its_error_state(page, live_server):
    page.goto(f"{live_server}/login")
    assert page.title() == "Sign in – Prevent self-assessment"
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error:")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_editor_signs_in_sees_the_dashboard_and_signs_out(page, live_server):
    sign_in(page, live_server, "editor@demo.ac.uk", "demo-editor-pass")
    expect(page.locator("h1")).to_have_text("Your providers")
    assert page.get_by_text("Demo University").first.is_visible()
    assert page.get_by_text("Example College").count() == 0
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("Sign in")
    page.goto(f"{live_server}/")
    assert page.locator("h1").inner_text() == "Sign in"


def test_wrong_password_in_the_browser_keeps_the_email(page, live_server):
    sign_in(page, live_server, "editor@demo.ac.uk", "not-the-password")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.get_by_label("Email address").input_value() == "editor@demo.ac.uk"
    assert "Enter a correct email address and password" in page.locator(".govuk-error-summary").inner_text()


def test_the_site_works_with_the_keyboard_alone(page, live_server):
    page.goto(f"{live_server}/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    page.get_by_label("Email address").focus()
    page.keyboard.type("viewer@demo.ac.uk")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-viewer-pass")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Your providers')")
    assert page.locator("h1").inner_text() == "Your providers"


def test_admin_pages_are_accessible(page, live_server):
    sign_in(page, live_server, "admin@selfassess.test", "demo-admin-pass!")
    for path in ("/admin/", "/admin/providers", "/admin/users?q=demo", "/", "/admin/users/new",
                 "/admin/providers/new", "/accessibility", "/privacy"):
        page.goto(f"{live_server}{path}")
        violations = axe_violations(page)
        assert violations == [], f"{path}: {describe(violations)}"
