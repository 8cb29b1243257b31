"""The two providers issue 11 was found with, scored on the shipped 2025-26 framework.

Before: a large university missing the core of the duty scored 91.6 % "Established"; a small specialist
college meeting expectations in ways that fit its size scored 69.9 % "Developing", and higher still if it
claimed to have no student body at all.
"""

from __future__ import annotations

from selfassess.framework import get_framework
from selfassess.framework.coverage import EXAMPLE_PROFILES
from selfassess.framework.model import PROPORTIONATE
from selfassess.scoring import DEVELOPING, EARLY_STAGE, ESTABLISHED, Response, score

FRAMEWORK = get_framework("2025-26")
LARGE, SMALL = (EXAMPLE_PROFILES[name] for name in EXAMPLE_PROFILES if name.startswith(("Large", "Small")))


def _everything_met(profile, **overrides):
    """Best answer to every scored question that applies (Yes, the best option, every good option)."""
    answers = {}
    for question in FRAMEWORK.all_questions():
        if not question.scored:
            continue
        if question.type == "multiple_choice":
            answers[question.key] = Response([o.value for o in question.options if (o.score or 0) > 0
                                              and not o.exclusive])
        else:
            best = max(question.options, key=lambda o: (o.score or 0, o.value != PROPORTIONATE))
            answers[question.key] = Response(best.value)
    answers.update({key: Response(value) for key, value in overrides.items()})
    return answers


def test_a_large_university_missing_the_core_of_the_duty_is_not_established():
    answers = _everything_met(LARGE, ra_refreshed="no", ra_action_plan="no",
                              es_decision_test="cancel_if_doubt",
                              tr_specialist_lead="no")
    card = score(FRAMEWORK, LARGE, answers)
    assert card.band is EARLY_STAGE
    assert [c.question_key for c in card.core_unmet] == [
        "ra_refreshed", "ra_action_plan", "tr_specialist_lead", "es_decision_test"]
    assert all(c.reason for c in card.core_unmet)
    assert "4 core expectations are not met" in card.band_text
    one_missing = score(FRAMEWORK, LARGE, _everything_met(LARGE, ra_refreshed="partly"))
    assert one_missing.band is DEVELOPING and one_missing.coverage_band is ESTABLISHED


def test_a_small_college_meeting_expectations_proportionately_is_established():
    answers = _everything_met(SMALL, pi_external_isa=PROPORTIONATE, lg_oversight_group="safeguarding_group",
                              pi_feedback_agreement="partly")
    card = score(FRAMEWORK, SMALL, answers)
    assert card.band is ESTABLISHED and card.coverage > 95, card.coverage
    assert card.question("pi_external_isa").proportionate
    assert card.section("partnerships-information-sharing").coverage > 90
    council = card.section("students-union-engagement")
    assert council.applies and council.coverage == 100.0
    # the honest answer (a student council) is not worse than claiming no student body at all
    no_body = score(FRAMEWORK, {**SMALL, "students_union": "no"}, answers)
    assert card.coverage >= no_body.coverage
