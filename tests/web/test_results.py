"""The results page and the action plan."""

import re

from selfassess.extensions import db
from selfassess.models import ActionItem, Assessment
from selfassess.services import demo
from tests.assessment_data import YEAR, framework, section_form, start_with_context
from tests.conftest import error_summary, page, sign_in, text_of


def results_url(ukprn, year=YEAR):
    return f"/providers/{ukprn}/years/{year}/results"


def chart_and_table(response):
    soup = page(response)
    svg = soup.select_one("svg.app-chart")
    bars = {}
    for text in svg.find_all("text"):
        if text.get("text-anchor") == "end":
            label = text.get_text()
            value = text.find_next_sibling("text")
            bars[label] = value.get_text()
    table = {}
    for row in soup.select("#coverage-table tbody tr"):
        cells = [c.get_text(strip=True) for c in row.find_all(["th", "td"])]
        table[cells[0]] = cells[1]
    return svg, bars, table


def test_results_render_for_an_empty_assessment(editor_client, provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    response = editor_client.get(results_url(provider_ukprn))
    assert response.status_code == 200
    soup = page(response)
    assert soup.select_one("#overall-coverage").get_text(strip=True) == "0%"
    assert "Not enough answered" in soup.select_one("#overall-band").get_text()
    assert len(soup.select("#gaps li")) == 10


def test_results_for_a_partial_assessment_agree_in_chart_and_table(editor_client, provider_ukprn):
    profile = start_with_context(editor_client, provider_ukprn)
    fw = framework()
    for section in fw.sections[:3]:
        editor_client.post(
            f"/providers/{provider_ukprn}/years/{YEAR}/sections/{section.key}",
            data=section_form(fw, section.key, profile, version=0),
        )
    svg, bars, table = chart_and_table(editor_client.get(results_url(provider_ukprn)))
    assert bars, "the chart has bars"
    for title, value in bars.items():
        full = next(t for t in table if t.startswith(title.rstrip("…")))
        assert value == table[full], title
    assert svg.find("title").get_text() == "Coverage by section"
    assert table[fw.sections[0].title].endswith("%") and table[fw.sections[5].title] == "0%"


def test_the_demo_results_explain_coverage_proportionality_and_change(app):
    with app.app_context():
        demo.load_demo()
    client = sign_in(app.test_client(), "viewer@demo.ac.uk", "demo-viewer-pass")
    response = client.get(results_url("10099999"))
    assert response.status_code == 200
    soup = page(response)
    assert re.fullmatch(r"\d+(\.\d)?%", soup.select_one("#overall-coverage").get_text(strip=True))
    sentences = [li.get_text(" ", strip=True) for li in soup.select("#proportionality li")]
    assert any(s.startswith("Because you have residential accommodation") for s in sentences), sentences
    head = [th.get_text(strip=True) for th in soup.select("#coverage-table thead th")]
    assert head[-1] == "Change since 2024-25"
    rows = [[cell.get_text(strip=True) for cell in tr.select("th, td")]
            for tr in soup.select("#coverage-table tbody tr")]
    # sections started this year are compared in points; those not answered yet are not shown as a fall
    assert any(re.fullmatch(r"[+-]\d+(\.\d)? points?|No change", row[-1]) for row in rows), rows
    assert all(row[-1] == "Not yet comparable" for row in rows if row[2] == "0%"), rows
    assert "not a judgement by the Office for Students" in text_of(response)
    assert not soup.select("#gaps a"), "viewers see gaps but cannot act on them"


def test_a_gap_becomes_an_action_in_the_plan(app, editor_client, provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    soup = page(editor_client.get(results_url(provider_ukprn)))
    add = soup.select_one("#gaps a[href*='/action-plan/']")
    form_page = page(editor_client.get(add["href"]))
    suggested = form_page.find("textarea", {"name": "title"}).get_text()
    assert suggested, "the recommended action is offered as the action"
    response = editor_client.post(
        add["href"],
        data={
            "title": suggested,
            "owner": "Head of Student Services",
            "due_date-day": "31",
            "due_date-month": "7",
            "due_date-year": "2026",
            "status": "in_progress",
        },
    )
    assert response.status_code == 302
    plan = page(editor_client.get(f"/providers/{provider_ukprn}/years/{YEAR}/action-plan"))
    row = [c.get_text(strip=True) for c in plan.select("#actions tbody tr")[0].find_all("td")]
    assert row[:4] == [suggested, "Head of Student Services", "31 July 2026", "In progress"]
    again = page(editor_client.get(results_url(provider_ukprn)))
    assert "In the action plan" in again.select_one("#gaps li").get_text()


def test_an_action_needs_an_owner_and_a_real_date(app, editor_client, provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    key = next(q for q in framework().sections[0].questions if q.scored).key
    url = f"/providers/{provider_ukprn}/years/{YEAR}/action-plan/{key}"
    response = editor_client.post(
        url,
        data={
            "title": "Do it",
            "owner": "",
            "due_date-day": "31",
            "due_date-month": "2",
            "due_date-year": "2026",
            "status": "done",
        },
    )
    assert response.status_code == 400
    assert error_summary(response) == [
        "Enter the role that owns this action, like Head of Student Services",
        "The date for ‘When is it due’ must be a real date",
    ]
    with app.app_context():
        assert db.session.query(ActionItem).count() == 0


def test_a_gap_can_be_dismissed_with_a_reason(app, editor_client, provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    key = next(q for q in framework().sections[0].questions if q.scored).key
    url = f"/providers/{provider_ukprn}/years/{YEAR}/action-plan/{key}/dismiss"
    assert editor_client.post(url, data={"reason": ""}).status_code == 400
    assert editor_client.post(url, data={"reason": "Covered by our safeguarding group"}).status_code == 302
    plan = page(editor_client.get(f"/providers/{provider_ukprn}/years/{YEAR}/action-plan"))
    assert "Covered by our safeguarding group" in plan.select_one("#dismissed").get_text()


def test_a_question_that_is_not_a_gap_cannot_become_an_action(editor_client, provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    url = f"/providers/{provider_ukprn}/years/{YEAR}/action-plan/not_a_question"
    assert editor_client.get(url).status_code == 404


def test_viewers_cannot_change_the_action_plan(viewer_client, editor_client, provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    key = next(q for q in framework().sections[0].questions if q.scored).key
    url = f"/providers/{provider_ukprn}/years/{YEAR}/action-plan/{key}"
    assert viewer_client.post(url, data={"title": "x", "owner": "y", "status": "done"}).status_code == 403


def test_the_action_plan_is_part_of_the_years_data(app, editor_client, provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    key = next(q for q in framework().sections[0].questions if q.scored).key
    editor_client.post(
        f"/providers/{provider_ukprn}/years/{YEAR}/action-plan/{key}",
        data={
            "title": "Name a deputy",
            "owner": "Registrar",
            "due_date-day": "1",
            "due_date-month": "3",
            "due_date-year": "2026",
            "status": "not_started",
        },
    )
    with app.app_context():
        item = db.session.query(ActionItem).one()
        assert item.assessment_id == db.session.query(Assessment.id).scalar()
        assert (item.question_key, item.due_date, item.status) == (key, "2026-03-01", "not_started")
