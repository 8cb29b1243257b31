"""Two-step sign-in in Chromium: an approver sets up an authenticator app from the QR page (using the key
shown as text), signs in again with a code, and is asked for a fresh code before signing off."""

import time

import pytest
from playwright.sync_api import expect

from selfassess.extensions import db
from selfassess.models import Assessment
from selfassess.services import accounts, assessments, providers, second_factor
from selfassess.services.transaction import writing
from tests.browser.conftest import axe_violations, describe, sign_in

UKPRN, YEAR = "10055501", "2025-26"
EMAIL, PASSWORD = "approver@two-step.ac.uk", "browser-approver-pass"


@pytest.fixture
def approver(live_server):
    """An approver (not yet enrolled) at a provider whose year awaits sign-off; MFA enforced as in
    production, with a two-second step-up time so the test can wait it out."""
    app = live_server.app
    with app.app_context():
        providers.create_provider("Two Step College", UKPRN)
        editor = accounts.create_user("editor@two-step.ac.uk", "Eddie Editor", "browser-editor-pass",
                                      provider_ukprn=UKPRN, role="editor")
        accounts.create_user(EMAIL, "Aisha Approver", PASSWORD, provider_ukprn=UKPRN, role="approver")
        assessments.start_year(editor, UKPRN, YEAR)
        with writing():  # as if the editor had sent it; the sign-off itself is not what this test is about
            db.session.query(Assessment).filter_by(year=YEAR).join(Assessment.provider).filter(
                Assessment.provider.has(ukprn=UKPRN)).one().status = "awaiting_signoff"
        db.session.remove()
    saved = {key: app.config[key] for key in ("MFA_REQUIRED_ROLES", "MFA_STEP_UP_SECONDS")}
    app.config.update(MFA_REQUIRED_ROLES=frozenset({"approver", "admin"}), MFA_STEP_UP_SECONDS=2)
    yield EMAIL
    app.config.update(saved)


def code(secret: str, offset: int = 0) -> str:
    return second_factor.code_for_tests(secret, offset)


def test_an_approver_enrols_signs_in_with_a_code_and_confirms_before_signing_off(page, live_server, approver):
    sign_in(page, live_server, approver, PASSWORD)
    expect(page.locator("h1")).to_have_text("Set up two-step sign-in")
    expect(page.get_by_role("img", name="QR code for adding")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill(code(secret))
    page.get_by_role("button", name="Turn on two-step sign-in").click()

    expect(page.locator("h1")).to_have_text("Your recovery codes")
    assert page.locator(".app-recovery-codes li").count() == 10
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.get_by_role("button", name="I have saved my recovery codes").click()
    expect(page.locator("h1")).to_have_text("Your providers")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, approver, PASSWORD)
    expect(page.locator("h1")).to_have_text("Enter a code from your authenticator app")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.get_by_label("Code from your authenticator app").fill(code(secret, 1))  # the next step: unused
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Your providers")

    time.sleep(2.5)  # longer ago than the step-up time
    sign_off = f"{live_server}/providers/{UKPRN}/years/{YEAR}/sign-off"
    page.goto(sign_off)  # the year waits for this approver: the code is asked before the form, not after it
    expect(page.locator("h1")).to_have_text("Confirm it is you")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    enter_a_fresh_code(page, live_server, approver, secret)
    expect(page).to_have_url(sign_off)
    expect(page.get_by_role("button", name="Sign off and submit")).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You can carry on now")

    # The check goes stale while the approver types: signing off asks again and loses nothing typed.
    page.locator("#name").fill("Dr Jo Bloggs")
    page.locator("#role").fill("Chair of Council")
    time.sleep(2.5)
    page.get_by_role("button", name="Sign off and submit").click()
    expect(page.locator("h1")).to_have_text("Confirm it is you")
    enter_a_fresh_code(page, live_server, approver, secret)
    expect(page).to_have_url(sign_off)
    expect(page.locator("#name")).to_have_value("Dr Jo Bloggs")
    expect(page.locator("#role")).to_have_value("Chair of Council")


def enter_a_fresh_code(page, live_server, approver, secret) -> None:
    """A code from a later step than any used so far (steps are 30 seconds; at most one wait)."""
    with live_server.app.app_context():
        from selfassess.models import User

        last = db.session.query(User).filter_by(email=approver).one().totp_last_step
        db.session.remove()
    while int(time.time() // 30) + 1 <= last:
        time.sleep(1)
    page.get_by_label("Code from your authenticator app").fill(code(secret, 1))
    page.get_by_role("button", name="Continue").click()
