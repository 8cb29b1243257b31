"""Properties of the method over generated profiles and answer sets for the shipped 2025-26 framework.

Derandomised, so CI sees the same examples every run; a failure prints the smallest example found.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from selfassess.framework import Framework, Question, get_framework
from selfassess.scoring import Response, Scorecard, score

FRAMEWORK: Framework = get_framework("2025-26")
QUESTIONS: tuple[Question, ...] = tuple(FRAMEWORK.all_questions())
SCORED = tuple(q for q in QUESTIONS if q.scored)
ALLOWS_NA = tuple(q for q in QUESTIONS if q.allow_not_applicable)

PROPERTY_SETTINGS = settings(
    derandomize=True, max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


# ----- strategies --------------------------------------------------------------------------------------


def _profile_value(question) -> st.SearchStrategy[Any]:
    if question.type == "yes_no":
        return st.sampled_from(("yes", "no"))
    if question.type == "multiple_choice":
        return st.lists(st.sampled_from(question.option_values), unique=True, max_size=3)
    if question.type == "number":
        return st.integers(question.min or 0, question.max or 100000)
    return st.sampled_from(question.option_values)


profiles = st.fixed_dictionaries(
    {}, optional={question.key: _profile_value(question) for question in FRAMEWORK.profile}
)
# Mostly complete profiles, as the app asks for the profile first; the optional ones cover missing factors.
full_profiles = st.fixed_dictionaries({q.key: _profile_value(q) for q in FRAMEWORK.profile})
any_profile = st.one_of(full_profiles, full_profiles, profiles)


def _value(question: Question) -> st.SearchStrategy[Any]:
    if question.type in ("yes_partly_no", "single_choice"):
        return st.sampled_from(question.option_values)
    if question.type == "multiple_choice":
        return st.lists(st.sampled_from(question.option_values), unique=True, min_size=1, max_size=4)
    if question.type == "number":
        return st.integers(0, 50)
    if question.type == "date":
        return st.just("2025-10-01")
    return st.sampled_from(("Minutes of the oversight group.", ""))


def _response(question: Question) -> st.SearchStrategy[Response]:
    answered = _value(question).map(Response)
    if question.allow_not_applicable:
        return st.one_of(answered, st.just(Response(None, True, "We do not do this.")))
    return answered


answer_sets = st.fixed_dictionaries({}, optional={q.key: _response(q) for q in QUESTIONS})


# ----- helpers -----------------------------------------------------------------------------------------


def _percentages(card: Scorecard) -> list[float | None]:
    figures = [card.coverage, card.completeness]
    for section in card.sections:
        figures += [section.coverage, section.completeness]
    return figures


def _fraction(question: Question, response: Response | None) -> float:
    if response is None or response.not_applicable:
        return 0.0
    return question.score_fraction(response.value) or 0.0


def _best(question: Question) -> Any:
    if question.type == "multiple_choice":
        return [option.value for option in question.options if not option.exclusive]
    if question.scored:
        return max(question.options, key=lambda option: option.score or 0.0).value
    return {"number": 3, "date": "2025-10-01"}.get(question.type, "Recorded in the minutes.")


def _worst(question: Question) -> Any:
    if question.scored:
        lowest = min(question.options, key=lambda option: option.score or 0.0).value
        return [lowest] if question.type == "multiple_choice" else lowest
    return _best(question)


def _factors_in(condition: Mapping[str, Any]) -> set[str]:
    if "factor" in condition:
        return {condition["factor"]}
    if "not" in condition:
        return _factors_in(condition["not"])
    return {key for part in condition.get("all", condition.get("any", ())) for key in _factors_in(part)}


def _questions_named_by_show_if(condition: Mapping[str, Any]) -> set[str]:
    if "question" in condition:
        return {condition["question"]}
    if "not" in condition:
        return _questions_named_by_show_if(condition["not"])
    parts = condition.get("all", condition.get("any", ()))
    return {key for part in parts for key in _questions_named_by_show_if(part)}


def _questions_touched_by(factor: str) -> set[str]:
    """Questions whose section, applicability or weight rules name the factor, and their follow-ups."""
    rules = {key for key, rule in FRAMEWORK.rules.items() if factor in _factors_in(rule.when)}
    touched = set()
    for section in FRAMEWORK.sections:
        for question in section.questions:
            named = {*section.applies_if, *question.applies_if, *(w.rule for w in question.weight_rules)}
            follows = _questions_named_by_show_if(question.show_if or {})
            if named & rules or follows & touched:
                touched.add(question.key)
    return touched


# ----- properties --------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(profile=any_profile, answers=answer_sets)
def test_every_percentage_lies_between_0_and_100(profile, answers):
    card = score(FRAMEWORK, profile, answers)
    for percent in _percentages(card):
        assert percent is None or 0.0 <= percent <= 100.0
    for section in card.sections:
        assert section.points_earned <= section.points_available + 1e-9


@PROPERTY_SETTINGS
@given(profile=any_profile, answers=answer_sets)
def test_weights_and_applicability_agree_with_the_framework_package(profile, answers):
    card = score(FRAMEWORK, profile, answers)
    for section in FRAMEWORK.sections:
        section_applies = FRAMEWORK.applies(section, profile)
        assert card.section(section.key).applies == section_applies
        for question in section.questions:
            result = card.question(question.key)
            assert result.effective_weight == FRAMEWORK.weight_for(question, profile)
            if not (section_applies and FRAMEWORK.applies(question, profile)):
                assert not result.applies


@PROPERTY_SETTINGS
@given(profile=any_profile, answers=answer_sets, data=st.data())
def test_improving_one_answer_never_lowers_its_sections_or_the_overall_coverage(profile, answers, data):
    question = data.draw(st.sampled_from(SCORED), label="question")
    old = answers.get(question.key)
    assume(old is None or not old.not_applicable)
    new = data.draw(_value(question).map(Response), label="new answer")
    assume(_fraction(question, new) >= _fraction(question, old))
    before = score(FRAMEWORK, profile, answers)
    after = score(FRAMEWORK, profile, {**answers, question.key: new})
    # A scored follow-up (it_alert_escalation) brought in or left out changes the points available, so the
    # change is no longer to one answer alone; docs/scoring.md explains this edge. Only those are set aside.
    scored_in_play = {q.key for q in before.questions if q.points_available}
    assume(scored_in_play == {q.key for q in after.questions if q.points_available})
    section_before = before.section(question.section_key)
    section_after = after.section(question.section_key)
    note(f"{question.key}: {old} -> {new}")
    if section_before.coverage is not None:
        assert section_after.coverage >= section_before.coverage - 1e-9
    if before.coverage is not None:
        assert after.coverage >= before.coverage - 1e-9


@PROPERTY_SETTINGS
@given(profile=any_profile, answers=answer_sets, data=st.data())
def test_marking_a_question_not_applicable_never_changes_another_questions_points(profile, answers, data):
    question = data.draw(st.sampled_from(ALLOWS_NA), label="question")
    before = score(FRAMEWORK, profile, answers)
    after = score(FRAMEWORK, profile, {**answers, question.key: Response(None, True, "Not relevant to us.")})
    follow_ups = {q.key for q in QUESTIONS if question.key in _questions_named_by_show_if(q.show_if or {})}
    for old, new in zip(before.questions, after.questions, strict=True):
        if old.key != question.key and old.key not in follow_ups:
            assert (old.points_earned, old.points_available) == (new.points_earned, new.points_available)


@PROPERTY_SETTINGS
@given(profile=any_profile)
def test_all_best_answers_give_100_percent(profile):
    card = score(FRAMEWORK, profile, {q.key: Response(_best(q)) for q in QUESTIONS})
    assert card.coverage == 100.0 and card.completeness == 100.0
    for section in card.sections:
        if section.applies:
            assert section.coverage == 100.0 and section.completeness == 100.0


@PROPERTY_SETTINGS
@given(profile=any_profile)
def test_all_worst_answers_give_the_lowest_possible_coverage(profile):
    """0 % wherever every question can score nothing. Two 2025-26 questions have no zero-scoring answer
    (es_late_requests at least 0.2, ra_coverage at least 0.05 once anything is ticked), so their sections
    bottom out just above 0; the expected floor is worked out here from the options, not from scoring."""
    card = score(FRAMEWORK, profile, {q.key: Response(_worst(q)) for q in QUESTIONS})
    for section in card.sections:
        scored = [q for q in section.questions if q.points_available]
        if not scored:
            continue
        questions = [FRAMEWORK.question(q.key)[1] for q in scored]
        floor = [question.score_fraction(_worst(question)) for question in questions]
        expected = sum(q.effective_weight * f for q, f in zip(scored, floor, strict=True))
        assert abs(section.points_earned - expected) < 1e-9
        if not any(floor):
            assert section.coverage == 0.0
    assert card.completeness == 100.0


@PROPERTY_SETTINGS
@given(profile=any_profile, answers=answer_sets, data=st.data())
def test_the_order_of_answers_does_not_matter(profile, answers, data):
    shuffled = dict(data.draw(st.permutations(list(answers.items())), label="order"))
    assert score(FRAMEWORK, profile, shuffled) == score(FRAMEWORK, profile, answers)


@PROPERTY_SETTINGS
@given(profile=full_profiles, answers=answer_sets, data=st.data())
def test_a_profile_factor_changes_only_the_questions_whose_rules_name_it(profile, answers, data):
    factor = data.draw(st.sampled_from(FRAMEWORK.profile), label="factor")
    changed = {**profile, factor.key: data.draw(_profile_value(factor), label="new value")}
    before, after = score(FRAMEWORK, profile, answers), score(FRAMEWORK, changed, answers)
    touched = _questions_touched_by(factor.key)
    for old, new in zip(before.questions, after.questions, strict=True):
        if old.key not in touched:
            assert (old.applies, old.effective_weight) == (new.applies, new.effective_weight), old.key
