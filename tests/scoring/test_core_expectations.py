"""Core expectations hold the overall band back, and no question's weight can run away.

Properties run over generated profiles and answers for the shipped 2025-26 framework (derandomised).
"""

from __future__ import annotations

import pytest
from hypothesis import given

from selfassess.framework.model import MAX_BASE_WEIGHT, MAX_EFFECTIVE_WEIGHT, WEIGHT_MULTIPLIER_CAP
from selfassess.scoring import DEVELOPING, EARLY_STAGE, ESTABLISHED, NOT_ENOUGH_ANSWERED, Response, score
from selfassess.scoring.bands import capped_by_core

from .test_properties import FRAMEWORK, PROPERTY_SETTINGS, QUESTIONS, answer_sets, any_profile, full_profiles

CORE = tuple(q for q in QUESTIONS if q.core)


@pytest.mark.parametrize(
    ("band", "unmet", "expected"),
    [
        (ESTABLISHED, 0, ESTABLISHED),
        (ESTABLISHED, 1, DEVELOPING),
        (ESTABLISHED, 2, EARLY_STAGE),
        (DEVELOPING, 1, DEVELOPING),
        (DEVELOPING, 3, EARLY_STAGE),
        (EARLY_STAGE, 1, EARLY_STAGE),
        (NOT_ENOUGH_ANSWERED, 4, NOT_ENOUGH_ANSWERED),  # nothing to cap until enough is answered
    ],
)
def test_the_cap_rule(band, unmet, expected):
    assert capped_by_core(band, unmet) is expected


def test_the_shipped_framework_marks_the_core_of_the_duty():
    assert {q.key for q in CORE} >= {
        "lg_prevent_lead",
        "ra_refreshed",
        "ra_action_plan",
        "wel_concern_route",
        "pi_referral_route",
        "es_decision_test",
        "tr_specialist_lead",
        "lg_governing_body_reports",
    }
    assert all(q.core_reason and q.action for q in CORE)


def _best(question):
    return max(question.options, key=lambda option: option.score or 0).value


def _all_best(profile):
    return {q.key: Response([_best(q)] if q.type == "multiple_choice" else _best(q)) for q in QUESTIONS if q.scored}  # noqa: E501


@PROPERTY_SETTINGS
@given(any_profile, answer_sets)
def test_an_unmet_core_expectation_means_the_band_is_not_established(profile, answers):
    card = score(FRAMEWORK, profile, answers)
    unmet = [q for q in card.questions if q.core_unmet]
    assert [c.question_key for c in card.core_unmet] == [q.key for q in unmet]
    if unmet:
        assert card.band is not ESTABLISHED
    if len(unmet) >= 2:
        assert card.band not in (ESTABLISHED, DEVELOPING)


@PROPERTY_SETTINGS
@given(full_profiles)
def test_one_partly_on_a_core_question_takes_an_otherwise_perfect_provider_to_developing(profile):
    answers = _all_best(profile)
    assert score(FRAMEWORK, profile, answers).band is ESTABLISHED
    answers["ra_refreshed"] = Response("partly")
    card = score(FRAMEWORK, profile, answers)
    assert card.band is DEVELOPING and card.coverage_band is ESTABLISHED and card.band_held_back
    assert [(c.question_key, c.answer) for c in card.core_unmet] == [("ra_refreshed", "Partly")]


@PROPERTY_SETTINGS
@given(any_profile)
def test_no_effective_weight_exceeds_the_cap_and_core_questions_are_the_heaviest(profile):
    card = score(FRAMEWORK, profile, {})
    applying = [q for q in card.questions if q.applies and q.scored]
    for question in applying:
        assert question.effective_weight <= MAX_EFFECTIVE_WEIGHT
        assert question.effective_weight <= question.base_weight * WEIGHT_MULTIPLIER_CAP + 1e-9
    ordinary = [q.effective_weight for q in applying if not q.core]
    for question in applying:
        if question.core:
            assert question.effective_weight >= max(ordinary, default=0)
        else:
            assert question.base_weight <= MAX_BASE_WEIGHT
