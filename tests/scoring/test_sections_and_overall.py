"""Section and overall figures: coverage, completeness, counts, bands and the display helpers."""

from __future__ import annotations

import pytest

from selfassess.scoring import (
    DEVELOPING,
    EARLY_STAGE,
    ESTABLISHED,
    NOT_APPLICABLE,
    NOT_ENOUGH_ANSWERED,
    band_for,
    percent_rounded,
    percent_text,
    score,
)

from .small_framework import SMALL_PROFILE, responses

EVERYTHING_BEST = {
    "lg_lead": "yes", "lg_lead_role": "Pro Vice-Chancellor", "lg_group": "dedicated", "lg_comms": "yes",
    "we_route": "yes", "we_residence": "yes", "we_materials": ["home_office", "in_house"],
    "we_reviewed": "2025-09-01", "su_protocol": "yes", "su_induction": "yes",
}


def test_section_coverage_is_earned_over_available_points(small):
    # Leadership: lead partly 1.5/3, group lead_only 0.8/2, comms unanswered 0/1 -> 2.3/6
    card = score(small, SMALL_PROFILE, responses({"lg_lead": "partly", "lg_group": "lead_only"}))
    leadership = card.section("leadership")
    assert leadership.points_earned == pytest.approx(2.3) and leadership.points_available == 6.0
    assert leadership.coverage == pytest.approx(2.3 / 6 * 100)
    assert leadership.coverage_rounded == 38.3 and leadership.coverage_text == "38.3%"


def test_completeness_counts_every_applicable_question_of_any_type(small):
    # Leadership applies 4 questions (the follow-up is shown by "partly"); 3 are answered: lead, role, N/A.
    card = score(small, SMALL_PROFILE, responses({
        "lg_lead": "partly", "lg_lead_role": "Registrar",
        "lg_comms": {"not_applicable": True, "na_reason": "No comms team"},
    }))
    leadership = card.section("leadership")
    assert (leadership.questions_applicable, leadership.questions_answered) == (4, 3)
    assert leadership.questions_not_applicable == 1 and leadership.questions_unanswered == 1
    assert leadership.completeness == 75.0 and leadership.completeness_text == "75%"
    assert leadership.points_available == 5.0  # comms left both sides


def test_a_hidden_follow_up_leaves_the_completeness_denominator(small):
    leadership = score(small, SMALL_PROFILE, responses({"lg_lead": "no"})).section("leadership")
    assert leadership.questions_applicable == 3 and leadership.questions_left_out == 1


def test_overall_coverage_weights_sections_by_their_points(small):
    # Leadership 6/6 (of 6); Welfare 0/6; Students' union 1.5/3: overall 7.5/15, not the mean of 100, 0, 50.
    card = score(small, SMALL_PROFILE, responses({
        "lg_lead": "yes", "lg_group": "dedicated", "lg_comms": "yes",
        "we_route": "no", "we_residence": "no", "we_materials": ["none"],
        "su_protocol": "partly", "su_induction": "partly",
    }))
    assert [s.coverage for s in card.sections] == [100.0, 0.0, 50.0]
    assert (card.points_earned, card.points_available) == (7.5, 15.0)
    assert card.coverage == 50.0


def test_every_best_answer_gives_full_coverage_and_completeness(small):
    card = score(small, SMALL_PROFILE, responses(EVERYTHING_BEST))
    assert card.coverage == 100.0 and card.completeness == 100.0 and card.band == ESTABLISHED
    assert all(s.coverage == 100.0 and s.band == ESTABLISHED for s in card.sections)


def test_a_section_with_nothing_scored_has_no_coverage_rather_than_zero(small):
    card = score(small, SMALL_PROFILE, responses({"lg_comms": {"not_applicable": True, "na_reason": "n/a"}}))
    assert card.section("leadership").coverage is not None
    left_out = score(small, {**SMALL_PROFILE, "students_union": "no"}, {}).section("students-union")
    assert left_out.coverage is None and left_out.completeness is None
    assert left_out.coverage_text == "not applicable" and left_out.band == NOT_APPLICABLE


def test_a_section_where_every_scored_question_is_not_applicable_has_no_coverage(tmp_path):
    from .small_framework import load_compact

    framework = load_compact(tmp_path, {"sections": [{"key": "only", "questions": [
        {"key": "q_one", "type": "yes_partly_no", "allow_not_applicable": True},
        {"key": "q_note", "type": "long_text"},
    ]}]})
    answers = responses({"q_one": {"not_applicable": True, "na_reason": "none"}, "q_note": "x"})
    card = score(framework, {}, answers)
    assert card.coverage is None and card.completeness == 100.0 and card.band == NOT_APPLICABLE


def test_an_empty_assessment_scores_zero_coverage_and_is_not_banded(small):
    card = score(small, SMALL_PROFILE, {})
    assert card.coverage == 0.0 and card.completeness == 0.0 and card.band == NOT_ENOUGH_ANSWERED
    assert card.questions_answered == 0 and card.questions_applicable == 9


@pytest.mark.parametrize(
    ("coverage", "completeness", "band"),
    [
        (100.0, 100.0, ESTABLISHED),
        (80.0, 100.0, ESTABLISHED),
        (79.99999999999999, 100.0, ESTABLISHED),  # float noise on the threshold is not a different band
        (79.9, 100.0, DEVELOPING),
        (50.0, 80.0, DEVELOPING),
        (49.9, 100.0, EARLY_STAGE),
        (0.0, 100.0, EARLY_STAGE),
        (95.0, 79.9, NOT_ENOUGH_ANSWERED),
        (None, 100.0, NOT_APPLICABLE),
        (None, None, NOT_APPLICABLE),
    ],
)
def test_band_thresholds(coverage, completeness, band):
    assert band_for(coverage, completeness) == band


def test_a_section_that_does_not_apply_is_never_banded():
    assert band_for(100.0, 100.0, applies=False) == NOT_APPLICABLE


JUDGEMENT_WORDS = ("compliant", "compliance", "satisfactory", "inadequate", "outstanding", "ofs", "regulator")


def test_bands_speak_as_the_providers_own_assessment_never_a_regulators_judgement():
    for band in (ESTABLISHED, DEVELOPING, EARLY_STAGE):
        assert band.description.startswith("By your own assessment")
    for band in (ESTABLISHED, DEVELOPING, EARLY_STAGE, NOT_ENOUGH_ANSWERED, NOT_APPLICABLE):
        words = f"{band.label} {band.description}".lower()
        for judgement in JUDGEMENT_WORDS:
            assert judgement not in words


def test_display_helpers_round_to_one_decimal_and_name_the_missing_figure():
    assert percent_rounded(66.66666) == 66.7 and percent_text(66.66666) == "66.7%"
    assert percent_text(100.0) == "100%" and percent_text(0.0) == "0%"
    assert percent_rounded(None) is None and percent_text(None) == "not applicable"


def test_the_scorecard_is_immutable(small):
    card = score(small, SMALL_PROFILE, {})
    with pytest.raises(AttributeError):
        card.coverage = 100.0  # type: ignore[misc]
    assert isinstance(card.sections, tuple) and isinstance(card.gaps, tuple)
