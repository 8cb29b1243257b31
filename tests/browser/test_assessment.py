"""A person completes a whole self-assessment in Chromium: every page passes axe-core, with JavaScript on
and off, with the keyboard, and two people editing the same section at once see a conflict, not a loss."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe, sign_in

YEAR = "2025-26"
PASSWORD = "browser-test-pass"


def assert_accessible(page, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{what}: {describe(violations)}"


FILL_SCRIPT = """
() => {
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const groups = new Map();
  for (const input of document.querySelectorAll("main input, main textarea")) {
    const name = input.name || "";
    if (!/^(answer__|profile__|data__)/.test(name) || !visible(input)) continue;
    if (input.type === "radio" || input.type === "checkbox") {
      if (!groups.has(name)) groups.set(name, []);
      groups.get(name).push(input);
    } else if (!input.value) {
      const numeric = input.inputMode === "numeric" || "appNumber" in input.dataset;  // or 'not known'
      input.value = name.endsWith("-day") ? "14" : name.endsWith("-month") ? "10" : name.endsWith("-year")
        ? "2025" : numeric ? "3" : "Set out in our Prevent policy and reviewed yearly.";
    }
  }
  for (const [, inputs] of groups) {
    if (!inputs.some((i) => i.checked)) {
      const first = inputs.find((i) => i.value !== "not_applicable") || inputs[0];
      first.click();  // a real click event, so follow-up questions are revealed as they would be
    }
  }
}
"""


def fill_visible_questions(page) -> None:
    """Answer every visible question on the page with its first sensible option (in one script call, as
    setup: the submissions themselves go through the real form and buttons). Run twice so follow-ups
    revealed by the first pass are answered too."""
    page.evaluate(FILL_SCRIPT)
    page.evaluate(FILL_SCRIPT)


@pytest.fixture
def fresh_editor(live_server):
    """A provider of its own for each test, so tests do not depend on each other's answers."""
    fresh_editor.counter = getattr(fresh_editor, "counter", 0) + 1
    ukprn = f"1077{fresh_editor.counter:04d}"
    email = f"browser{fresh_editor.counter}@college.ac.uk"
    live_server.add_provider_with_editor(ukprn, email, PASSWORD)
    return ukprn, email


def start_year(page, live_server, ukprn, email):
    sign_in(page, live_server, email, PASSWORD)
    page.goto(f"{live_server}/providers/{ukprn}/years/")
    page.get_by_role("button", name=f"Start the {YEAR} self-assessment").click()
    expect(page.locator("h1")).to_have_text(f"Prevent duty self-assessment {YEAR}")


def complete_context(page):
    page.get_by_role("link", name="Your provider's context").click()
    assert_accessible(page, "context page")
    fill_visible_questions(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("context has been saved")


def test_a_whole_assessment_is_completed_and_every_page_is_accessible(page, live_server, fresh_editor):
    ukprn, email = fresh_editor
    start_year(page, live_server, ukprn, email)
    assert_accessible(page, "task list before starting")
    complete_context(page)
    assert_accessible(page, "task list")
    section_links = page.locator("#main-content .govuk-task-list").nth(1).locator("a.govuk-task-list__link")
    count = section_links.count()
    assert count >= 8
    section_links.first.click()
    for _ in range(count):
        title = page.locator("h1").inner_text()
        assert_accessible(page, f"{title} (empty)")
        page.get_by_label("Yes, I’ve completed this section").check()
        page.get_by_role("button", name="Save and continue").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert page.title().startswith("Error:")
        assert_accessible(page, f"{title} (errors)")
        fill_visible_questions(page)
        assert_accessible(page, f"{title} (filled)")
        page.get_by_role("button", name="Save and continue").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been saved")
    expect(page.locator("h1")).to_have_text("Annual data return")
    assert_accessible(page, "data return")
    fill_visible_questions(page)
    page.get_by_label("Yes, I’ve completed it").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("h1")).to_have_text("Check your answers")
    assert_accessible(page, "check your answers")
    page.goto(f"{live_server}/providers/{ukprn}/years/{YEAR}/")
    expect(page.locator("#main-content")).to_contain_text(f"{count} of {count} sections are complete.")
    statuses = page.locator(".govuk-task-list__status").all_inner_texts()
    assert all(s.strip() in {"Completed", "Does not apply to you"} for s in statuses), statuses


def test_a_section_can_be_completed_with_javascript_off(browser, live_server, fresh_editor):
    ukprn, email = fresh_editor
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    start_year(page, live_server, ukprn, email)
    page.get_by_role("link", name="Your provider's context").click()
    for group in page.locator("main fieldset").all():
        group.locator("input").first.check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("context has been saved")
    page.locator("a.govuk-task-list__link").nth(1).click()
    followups = page.locator("[data-show-if-name]")
    if followups.count():
        expect(followups.first).to_be_visible()  # without script every follow-up is shown, with its condition
    for block in page.locator(".app-question").all():
        choice = block.locator("input[type=radio][name^='answer__'], input[type=checkbox][name^='answer__']")
        if choice.count():
            choice.first.check()
        for field in block.locator("input[type=text][name^='answer__'], textarea[name^='answer__']").all():
            name = field.get_attribute("name")
            field.fill(
                "2025"
                if name.endswith("-year")
                else "3"
                if name.endswith(("-day", "-month")) or field.get_attribute("inputmode") == "numeric"
                or field.get_attribute("data-app-number")
                else "Written without JavaScript"
            )
    page.get_by_label("Yes, I’ve completed this section").check()
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been saved")
    assert "Completed" in page.locator(".govuk-task-list__status").nth(1).inner_text()
    context.close()


def test_a_section_can_be_completed_with_the_keyboard_alone(page, live_server, fresh_editor):
    ukprn, email = fresh_editor
    start_year(page, live_server, ukprn, email)
    complete_context(page)
    # GOV.UK Frontend moves focus to the success banner when it starts; start once it has.
    page.wait_for_load_state("load")
    link = page.locator("a.govuk-task-list__link").nth(1)
    link.focus()
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).not_to_have_text(re.compile("self-assessment"))
    for block in page.locator(".app-question").all():
        if not block.is_visible():
            continue
        radios = block.locator("input[type=radio]")
        if radios.count():
            radios.first.focus()
            page.keyboard.press("Space")
            continue
        boxes = block.locator("input[type=checkbox]")
        if boxes.count():
            boxes.first.focus()
            page.keyboard.press("Space")
            continue
        inputs = block.locator("input[type=text]:visible, textarea[name^='answer__']:visible")
        for i in range(inputs.count()):
            field = inputs.nth(i)
            field.focus()
            name = field.get_attribute("name")
            page.keyboard.type(
                "2025"
                if name.endswith("-year")
                else "3"
                if name.endswith(("-day", "-month")) or field.get_attribute("inputmode") == "numeric"
                or field.get_attribute("data-app-number")
                else "Written with the keyboard"
            )
    page.get_by_label("Yes, I’ve completed this section").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save and come back later").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been saved")


def test_two_people_editing_one_section_see_a_conflict_and_choose(browser, live_server, fresh_editor):
    ukprn, email = fresh_editor
    first = browser.new_context().new_page()
    start_year(first, live_server, ukprn, email)
    complete_context(first)
    second = browser.new_context().new_page()
    sign_in(second, live_server, email, PASSWORD)
    section_url = first.locator("a.govuk-task-list__link").nth(1).get_attribute("href")
    first.goto(f"{live_server}{section_url}")
    second.goto(f"{live_server}{section_url}")
    question = first.locator(".app-question").first
    name = question.locator("input[type=radio]").first.get_attribute("name")
    first.locator(f"input[name='{name}']").first.check()
    first.get_by_role("button", name="Save and come back later").click()
    expect(first.locator(".govuk-notification-banner--success")).to_be_visible()
    second.locator(f"input[name='{name}']").nth(1).check()
    second.get_by_role("button", name="Save and come back later").click()
    banner = second.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("saved this section while you were editing it")
    assert_accessible(second, "conflict page")
    second.get_by_role("button", name="Save and come back later").click()
    expect(second.locator(".govuk-notification-banner--success")).to_be_visible()
    first.goto(f"{live_server}{section_url}")
    assert first.locator(f"input[name='{name}']").nth(1).is_checked()
