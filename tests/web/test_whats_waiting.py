"""Role-aware pages in the send-back loop: the editor sees the approver's comment where they work, the
approver sees what waits for them, each role is offered only its own next step, and the days left."""

from dataclasses import replace
from datetime import date

from selfassess.framework import get_framework
from tests.assessment_data import YEAR
from tests.conftest import page, sign_in, text_of
from tests.web.test_notifications import team  # noqa: F401 - the fixture
from tests.web.test_signoff import DETAILS, add_action, complete_year, fake_pdf, user

COMMENT = "Add when the risk assessment was last reviewed by the board."


def urls(ukprn):
    base = f"/providers/{ukprn}/years/{YEAR}"
    return {"tasks": f"{base}/", "sign_off": f"{base}/sign-off", "years": f"/providers/{ukprn}/years/"}


def test_the_editor_sees_the_comment_and_the_approver_what_waits(app, team, provider_ukprn):  # noqa: F811
    u = urls(provider_ukprn)
    editor = sign_in(app.test_client(), team["editor"])
    approver = sign_in(app.test_client(), team["approver"])
    complete_year(editor, provider_ukprn)

    # before sending, the approver is not offered the editors' button
    assert "Send for sign-off" not in text_of(approver.get(u["sign_off"]))
    assert page(editor.get(u["sign_off"])).find("button", string=lambda s: s and "Send for sign-off" in s)

    editor.post(u["sign_off"] + "/send")
    home = page(approver.get("/"))
    [waiting] = home.select(".app-waiting-for-you")
    assert f"The {YEAR} self-assessment is waiting for your sign-off" in waiting.get_text()
    assert waiting.find("a")["href"] == u["sign_off"]
    assert page(approver.get(u["tasks"])).select_one("#waiting-for-you")
    assert not page(editor.get("/")).select(".app-waiting-for-you")

    approver.post(u["sign_off"] + "/send-back", data={"comment": COMMENT})
    tasks = page(editor.get(u["tasks"]))
    banner = tasks.select_one("#sent-back")
    assert banner is not None and COMMENT in banner.get_text()
    assert banner.find("a", href=u["sign_off"])
    assert COMMENT in page(editor.get("/")).select_one(".app-sent-back").get_text()
    assert COMMENT in page(editor.get(u["years"])).select_one(".app-sent-back").get_text()
    assert COMMENT in page(editor.get(u["sign_off"])).select_one("#sent-back-comment").get_text()

    # sent again: the comment has been dealt with and disappears
    editor.post(u["sign_off"] + "/send")
    assert not page(editor.get(u["tasks"])).select_one("#sent-back")


def test_the_submitted_panel_has_one_date_and_no_markup_shown(app, team, provider_ukprn):  # noqa: F811
    from selfassess.services import signoff

    editor = sign_in(app.test_client(), team["editor"])
    complete_year(editor, provider_ukprn)
    add_action(app)  # a plan with an action: no exception for the approver to explain
    editor.post(urls(provider_ukprn)["sign_off"] + "/send")
    with app.app_context():
        explained = replace(DETAILS, explanations={"3-action_plan-empty": "No new actions were needed."})
        signoff.sign_off(user(team["approver"]), provider_ukprn, YEAR, explained, fake_pdf)
    panel = page(editor.get(urls(provider_ukprn)["sign_off"])).select_one(".govuk-panel")
    text = " ".join(panel.get_text(" ").split())
    assert "<br>" not in text
    today = date.today()
    assert f"Submitted on {today.day} {today.strftime('%B %Y')}" in text
    assert "Signed off by Dr A Chair, Chair of the Board of Governors" in text


def test_the_task_list_and_dashboard_count_down_to_the_due_date(app, team, provider_ukprn):  # noqa: F811
    editor = sign_in(app.test_client(), team["editor"])
    complete_year(editor, provider_ukprn)
    due = get_framework(YEAR).return_due
    days = (due - date.today()).days
    on = f"{due.day} {due.strftime('%B %Y')}"
    # The suite runs on any day: before the due date, on it (1 December 2026 is one) and after it.
    if days > 0:
        expected = f"The {YEAR} return is due on {on}: {days} day{'s' if days != 1 else ''} left."
    elif days == 0:
        expected = f"The {YEAR} return is due today, {on}."
    else:
        expected = f"The {YEAR} return was due on {on}."
    assert expected in text_of(editor.get(urls(provider_ukprn)["tasks"]))
    assert expected in text_of(editor.get("/"))


def test_the_deadline_says_how_many_days_are_left_that_it_is_today_or_that_it_has_passed():
    from selfassess.services.attention import Deadline

    due = date(2026, 12, 1)

    def text_on(today):
        return Deadline("2025-26", due, (due - today).days).text

    assert text_on(date(2026, 11, 1)) == "The 2025-26 return is due on 1 December 2026: 30 days left."
    assert text_on(date(2026, 11, 30)) == "The 2025-26 return is due on 1 December 2026: 1 day left."
    assert text_on(due) == "The 2025-26 return is due today, 1 December 2026."
    assert text_on(date(2026, 12, 2)) == "The 2025-26 return was due on 1 December 2026."


def test_an_approver_is_not_told_they_completed_the_sections(app, team, provider_ukprn):  # noqa: F811
    editor = sign_in(app.test_client(), team["editor"])
    complete_year(editor, provider_ukprn)
    approver = sign_in(app.test_client(), team["approver"])
    text = text_of(approver.get(urls(provider_ukprn)["tasks"]))
    assert "You have completed" not in text and "sections are complete" in text


def test_check_answers_ends_with_the_next_step_for_each_role(app, team, provider_ukprn):  # noqa: F811
    editor = sign_in(app.test_client(), team["editor"])
    approver = sign_in(app.test_client(), team["approver"])
    complete_year(editor, provider_ukprn)
    check = f"/providers/{provider_ukprn}/years/{YEAR}/check-answers"
    step = page(editor.get(check)).select_one("#next-step").find_next("p")
    assert step.find("a", string="Send the year for sign-off")["href"] == urls(provider_ukprn)["sign_off"]
    approvers_step = page(approver.get(check)).select_one("#next-step").find_next("p")
    assert "An editor sends the year" in approvers_step.text
    editor.post(urls(provider_ukprn)["sign_off"] + "/send")
    step = page(approver.get(check)).select_one("#next-step").find_next("p")
    assert step.find("a")["href"] == urls(provider_ukprn)["sign_off"]


def test_the_action_plans_open_gaps_link_to_their_questions(app, team, provider_ukprn):  # noqa: F811
    from tests.assessment_data import start_with_context

    editor = sign_in(app.test_client(), team["editor"])
    start_with_context(editor, provider_ukprn)
    gaps = page(editor.get(f"/providers/{provider_ukprn}/years/{YEAR}/action-plan")).select("#open-gaps li")
    assert gaps
    question_link = gaps[0].find("a")
    assert "/sections/" in question_link["href"] and "#question-" in question_link["href"]
    assert editor.get(question_link["href"].split("#")[0]).status_code == 200


def test_a_viewer_reads_the_data_return_as_figures_not_a_greyed_out_form(app, team, provider_ukprn):  # noqa: F811
    editor = sign_in(app.test_client(), team["editor"])
    complete_year(editor, provider_ukprn)
    viewer = sign_in(app.test_client(), team["viewer"])
    soup = page(viewer.get(f"/providers/{provider_ukprn}/years/{YEAR}/data-return"))
    assert soup.main.find("form", method="post") is None and not soup.select("input[disabled]")
    assert "Enter totals" not in soup.get_text()
    assert "6" in [dd.get_text(strip=True) for dd in soup.select(".govuk-summary-list__value")]
