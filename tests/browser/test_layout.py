"""Layout in Chromium: the action plan and compare tables reflow at 320px with no sideways scrolling
(WCAG 1.4.10), and at 1280px a year ("2025-26") and a status tag never break over two lines ("2025-/26"
misreads)."""

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.test_everyday_use import check_page

DEMO = "/providers/10099999"

# The number of lines an element's own visible text takes (not its visually hidden extra words): a range over
# the text gives one box per line box.
LINES = """el => {
  const text = [...el.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const range = document.createRange(); range.selectNodeContents(text);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
}"""
# The bounding box of a tag against the height one line of its text needs (line height, padding, border).
ONE_LINE = """el => {
  const s = getComputedStyle(el);
  const box = el.getBoundingClientRect().height;
  const one = parseFloat(s.lineHeight) + parseFloat(s.paddingTop) + parseFloat(s.paddingBottom)
    + parseFloat(s.borderTopWidth) + parseFloat(s.borderBottomWidth);
  return [box, one];
}"""


def test_the_action_plan_and_compare_tables_reflow_at_320_pixels(browser, live_server, nu_states):
    page = browser.new_context(viewport={"width": 320, "height": 800}).new_page()
    sign_in(page, live_server, "editor@demo.ac.uk", "demo-editor-pass")
    for path, table in (("/years/2025-26/action-plan", "#actions"),
                        ("/compare?from=2024-25&to=2025-26", "#coverage-table")):
        page.goto(f"{live_server}{DEMO}{path}")
        expect(page.locator(table)).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide at 320px"
        # Each row's cells stack, labelled by their column, instead of being squeezed side by side.
        assert page.locator(f"{table} thead").evaluate("h => h.getBoundingClientRect().width") <= 1
        check_page(page, nu_states, f"{path} at 320px")


def test_years_and_status_tags_stay_on_one_line_at_1280_pixels(browser, live_server, nu_states):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, live_server, "editor@demo.ac.uk", "demo-editor-pass")
    for path in ("/years/", "/years/2025-26/", "/years/2025-26/results"):
        page.goto(f"{live_server}{DEMO}{path}")
        tags = page.locator(".govuk-tag")
        assert tags.count() > 0, path
        for n in range(tags.count()):
            box, one = tags.nth(n).evaluate(ONE_LINE)
            name = tags.nth(n).inner_text()
            assert box <= one + 1, f"{path}: tag {name!r} is {box}px tall, one line is {one}px"
            assert tags.nth(n).evaluate(LINES) == 1, path
        years = page.locator("#years-table td:first-child a, .app-year")
        assert years.count() > 0, path
        for n in range(years.count()):
            assert years.nth(n).evaluate(LINES) == 1, f"{path}: {years.nth(n).inner_text()!r} wraps"
    page.goto(f"{live_server}/")
    check_page(page, nu_states, "dashboard at 1280px")
