"""The review pages (results, action plan, report preview, sign-off, history, comparison, import) pass
axe-core's WCAG 2.2 A/AA checks in Chromium, for the demo provider's real data."""

import pytest

from tests.browser.conftest import axe_violations, describe, sign_in

BASE = "/providers/10099999"
PAGES = [
    f"{BASE}/years/",
    f"{BASE}/years/2025-26/results",
    f"{BASE}/years/2025-26/action-plan",
    f"{BASE}/years/2025-26/report",
    f"{BASE}/years/2025-26/sign-off",
    f"{BASE}/years/2024-25/sign-off",
    f"{BASE}/years/2024-25/check-answers",
    f"{BASE}/years/2025-26/import",
    f"{BASE}/compare?from=2024-25&to=2025-26",
]


@pytest.mark.parametrize("path", PAGES)
def test_review_pages_are_accessible(page, live_server, path):
    sign_in(page, live_server, "approver@demo.ac.uk", "demo-approver-pass")
    response = page.goto(f"{live_server}{path}")
    assert response.status == 200, path
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    assert violations == [], f"{path}: {describe(violations)}"


def test_the_submitted_report_downloads_as_stored(page, live_server):
    sign_in(page, live_server, "viewer@demo.ac.uk", "demo-viewer-pass")
    page.goto(f"{live_server}{BASE}/years/2024-25/sign-off")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the submitted report").click()
    assert download.value.suggested_filename.endswith("-2024-25-v1.pdf")
