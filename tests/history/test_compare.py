"""Comparing two years: coverage, answers lined up through `replaces`, new and retired questions, the data
return and the context changes that altered what applies."""

import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.framework import get_framework
from selfassess.models import Assessment, Provider
from selfassess.services import compare, results
from selfassess.services.demo_answers import demo_profile
from tests.conftest import page, text_of
from tests.history.conftest import all_demo_answers

OLD, NEW = "2024-25", "2025-26"


@pytest.fixture
def pair(build, provider_ukprn):
    """2024-25 submitted and 2025-26 in progress, with known differences."""
    old_answers = all_demo_answers(OLD, strength=0.6)
    old_answers["lg_communications_plan"] = {"value": "partly", "evidence_note": "Draft plan only."}
    old_answers["es_policy"] = {"value": "yes"}
    build(provider_ukprn, OLD, answers=old_answers,
          data_return={"es_approved_no_conditions": 388, "es_approved_conditions_prevent": 6,
                       "es_rejected_prevent": 0, "case_concerns_raised": 14},
          submitted={"signed_off_name": "Dr Jo Bloggs", "signed_off_role": "Chair of Council"})
    new_profile = demo_profile(get_framework(NEW)) | {"students_union": "no", "faith_facilities": "none"}
    new_answers = all_demo_answers(NEW, strength=0.9)
    new_answers["lg_prevent_communications"] = {"value": "yes"}
    new_answers["es_speakers_events_policy"] = {"value": "yes"}
    del new_answers["tr_content_balance" if "tr_content_balance" in new_answers else "tr_free_speech_content"]
    build(provider_ukprn, NEW, profile=new_profile, answers=new_answers,
          data_return={"es_approved_no_conditions": 400, "es_approved_conditions_prevent": 6,
                       "es_rejected_prevent": 2, "es_withdrawn_by_organiser": 3})
    return provider_ukprn


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


def _comparison(app, ukprn):
    with app.app_context():
        provider = db.session.scalar(select(Provider).where(Provider.ukprn == ukprn))
        years = {a.year: a for a in db.session.scalars(
            select(Assessment).where(Assessment.provider_id == provider.id))}
        comparison = compare.build(provider, years[OLD], years[NEW])
        cards = {year: results.scorecard_for(a) for year, a in years.items()}
        return comparison, cards


def test_coverage_per_section_and_overall_with_the_change(app, pair):
    comparison, cards = _comparison(app, pair)
    old, new = cards[OLD], cards[NEW]
    assert comparison.overall.before == old.coverage and comparison.overall.now == new.coverage
    assert comparison.overall.change == round(round(new.coverage, 1) - round(old.coverage, 1), 1)
    assert [s.key for s in comparison.sections] == [s.key for s in new.sections]
    for change in comparison.sections:
        before, now = old.section(change.key).coverage, new.section(change.key).coverage
        assert (change.before, change.now) == (before, now)
        expected = None if before is None or now is None else round(round(now, 1) - round(before, 1), 1)
        assert change.change == expected
    union = next(s for s in comparison.sections if s.key == "students-union-engagement")
    assert union.before is not None and union.now is None and union.change_text == "No comparison"
    moved = [s for s in comparison.sections if s.change not in (None, 0)]
    assert moved, "the stronger answers this year must move some section"


def test_a_renamed_question_is_lined_up_and_shown_old_to_new(app, pair):
    comparison, _ = _comparison(app, pair)
    changed = {c.key: c for c in comparison.changed_answers}
    rename = changed["lg_prevent_communications"]
    assert rename.previous_key == "lg_communications_plan"
    assert (rename.before, rename.now) == ("Partly", "Yes")
    assert "es_speakers_events_policy" not in changed  # renamed, answered the same: not a change
    # Unanswered this year but answered last year: listed as still to answer, not as a change.
    assert "tr_free_speech_content" not in changed
    assert "tr_free_speech_content" in {q.key for q in comparison.not_yet_answered}
    # Each year is shown with its own framework question: a type change reads in both years' terms.
    rpec = changed["pi_rpec_support"]
    assert rpec.before in {"Yes", "Partly", "No"}
    assert rpec.now not in {"Yes", "Partly", "No"}


def test_new_and_retired_questions(app, pair):
    comparison, _ = _comparison(app, pair)
    old_fw, new_fw = get_framework(OLD), get_framework(NEW)
    continued = {q.replaces for q in new_fw.all_questions() if q.replaces}
    new_keys = {q.key for q in new_fw.all_questions() if not q.replaces}
    assert {q.key for q in comparison.new_questions} == new_keys
    retired_keys = {q.key for q in old_fw.all_questions()} - continued
    assert {q.key for q in comparison.retired_questions} == retired_keys
    assert "lg_prevent_policy_published" in {q.key for q in comparison.retired_questions}
    assert "lg_oversight_meetings" in {q.key for q in comparison.new_questions}


def test_the_data_return_side_by_side_with_the_change(app, pair):
    comparison, _ = _comparison(app, pair)
    figures = {f.key: f for f in comparison.figures}
    approved = figures["es_approved_no_conditions"]
    assert (approved.before, approved.now, approved.change, approved.change_text) == ("388", "400", 12, "+12")
    assert (figures["es_rejected_prevent"].change, figures["es_rejected_prevent"].change_text) == (2, "+2")
    total = figures["es_approved_total"]
    assert (total.before, total.now, total.change, total.total) == ("394", "406", 12, True)
    withdrawn = figures["es_withdrawn_by_organiser"]  # new this year: nothing to compare with
    assert (withdrawn.before, withdrawn.now, withdrawn.change) == ("Not recorded", "3", None)
    assert figures["case_concerns_raised"].now == "Not recorded"


def test_profile_changes_that_altered_what_applies(app, pair):
    comparison, _ = _comparison(app, pair)
    assert {p.key: (p.before, p.now) for p in comparison.profile_changes} == {
        "students_union": ("Yes", "Neither"),
        "faith_facilities": ("Prayer or multi-faith rooms (with or without chaplaincy)", "None"),
    }
    applies = {(c.kind, c.key): c for c in comparison.applies_changes}
    assert set(applies) == {("section", "students-union-engagement"), ("question", "wel_prayer_room_policy"),
                            ("question", "wel_faith_advisers")}
    union = applies[("section", "students-union-engagement")]
    assert union.now_applies is False and union.reason == "Because you have no elected student body"
    assert applies[("question", "wel_prayer_room_policy")].now_applies is False


def test_the_compare_page_shows_it_all(viewer_client, pair):
    response = viewer_client.get(f"/providers/{pair}/compare?from={OLD}&to={NEW}")
    assert response.status_code == 200
    soup = page(response)
    assert soup.h1.get_text(strip=True) == f"{NEW} compared with {OLD}"
    rows = {r.th.get_text(strip=True): [td.get_text(strip=True) for td in r.find_all("td")]
            for r in soup.select("#coverage-table tbody tr")}
    assert rows["Overall"][0].endswith("%") and rows["Overall"][1].endswith("%")
    union = get_framework(NEW).section("students-union-engagement").title
    assert rows[union][1:] == ["not applicable", "No comparison"]
    question = get_framework(NEW).question("lg_prevent_communications")[1].text
    changed = [[td.get_text(" ", strip=True) for td in r.find_all("td")]
               for r in soup.select("#changed-answers tbody tr")]
    row = next(r for r in changed if r[0].startswith(question))
    assert row[1:] == ["Partly", "Yes"]
    retired = get_framework(OLD).question("lg_prevent_policy_published")[1].text
    assert retired in _text(soup.select_one("#retired-questions"))
    new = get_framework(NEW).question("lg_oversight_meetings")[1].text
    assert new in _text(soup.select_one("#new-questions"))
    figure = soup.select_one("#figure-es_approved_no_conditions").find_parent("tr")
    assert [td.get_text(strip=True) for td in figure.find_all("td")][-3:] == ["388", "400", "+12"]
    assert "no longer applies" in _text(soup.select_one("#applies-changes"))
    assert "Because you have no elected student body" in _text(soup.select_one("#applies-changes"))


@pytest.mark.parametrize("query, status", [
    ("", 400),
    (f"?from={OLD}", 400),
    (f"?to={NEW}", 400),
    (f"?from=last-year&to={NEW}", 400),
    (f"?from={OLD}&to=%3Cscript%3E", 400),
    (f"?from={NEW}&to={NEW}", 400),
    (f"?from={NEW}&to={OLD}", 400),
    (f"?from=2023-24&to={NEW}", 404),
    (f"?from={OLD}&to=2026-27", 404),
])
def test_bad_compare_parameters_give_a_clear_error_page(viewer_client, pair, query, status):
    response = viewer_client.get(f"/providers/{pair}/compare{query}")
    assert response.status_code == status
    soup = page(response)
    assert len(soup.find_all("h1")) == 1
    assert "&lt;script&gt;" not in response.get_data(as_text=True)  # the bad value is not echoed at all
    if status == 400:
        assert "year" in text_of(soup).lower()


def test_another_providers_comparison_is_not_found(app, factory, build, pair, other_ukprn):
    from tests.conftest import sign_in

    build(other_ukprn, OLD)
    build(other_ukprn, NEW)
    outsider = sign_in(app.test_client(), factory.user("editor", other_ukprn))
    response = outsider.get(f"/providers/{pair}/compare?from={OLD}&to={NEW}")
    assert response.status_code == 404
    assert "Test University" not in response.get_data(as_text=True)
    # Bad parameters on another provider's URL still look like a missing page, revealing nothing.
    assert outsider.get(f"/providers/{pair}/compare").status_code == 404
    assert outsider.get(f"/providers/19999999/compare?from={OLD}&to={NEW}").status_code == 404
    assert outsider.get(f"/providers/{other_ukprn}/compare?from={OLD}&to={NEW}").status_code == 200


def test_comparing_needs_signing_in(client, pair):
    response = client.get(f"/providers/{pair}/compare?from={OLD}&to={NEW}")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_a_section_with_too_few_answers_is_not_yet_comparable_as_on_the_results_page(
        app, build, provider_ukprn, viewer_client):
    build(provider_ukprn, OLD, answers=all_demo_answers(OLD, strength=0.6),
          submitted={"signed_off_name": "Dr Jo Bloggs", "signed_off_role": "Chair of Council"})
    answers = all_demo_answers(NEW, strength=0.9)
    first = get_framework(NEW).sections[0]
    for question in first.questions:  # the first section left unanswered this year
        answers.pop(question.key, None)
    build(provider_ukprn, NEW, answers=answers)
    comparison, _ = _comparison(app, provider_ukprn)
    blank = next(s for s in comparison.sections if s.key == first.key)
    assert blank.change_text == "Not yet comparable"
    response = viewer_client.get(f"/providers/{provider_ukprn}/compare?from={OLD}&to={NEW}")
    row = next(tr for tr in page(response).select("#coverage-table tr") if first.title in tr.get_text())
    assert "Not yet comparable" in row.get_text() and "points" not in row.get_text()
