"""Gaps ranked by weighted shortfall, with actions and guidance; strengths at full marks, heaviest first."""

from __future__ import annotations

from selfassess.scoring import score

from .small_framework import SMALL_PROFILE, responses


def test_gaps_are_ranked_by_weighted_shortfall_with_unanswered_counting_as_nothing(small):
    card = score(small, SMALL_PROFILE, responses({
        "lg_lead": "partly",          # 3 x 0.5 = 1.5
        "lg_group": "lead_only",      # 2 x 0.6 = 1.2
        "lg_comms": "yes",            # full marks: not a gap
        "we_route": "no",             # 2 x 1 = 2
        # we_residence unanswered: 3 x 1 = 3
        "we_materials": ["webinars"],  # 1 x 0.75 = 0.75
        "su_protocol": "partly",      # 2 x 0.5 = 1  (ties with su_induction)
        "su_induction": "no",         # 1 x 1 = 1
    }))
    assert [(gap.question_key, round(gap.shortfall, 9)) for gap in card.gaps] == [
        ("we_residence", 3.0),
        ("we_route", 2.0),
        ("lg_lead", 1.5),
        ("lg_group", 1.2),
        ("su_protocol", 1.0),  # ties keep framework order
        ("su_induction", 1.0),
        ("we_materials", 0.75),
    ]
    unanswered = card.gaps[0]
    assert not unanswered.answered and unanswered.fraction is None and unanswered.effective_weight == 3.0


def test_a_gap_carries_its_text_section_action_and_guidance(small):
    (gap, *_) = score(small, SMALL_PROFILE, responses({"lg_lead": "yes", "we_residence": "no"})).gaps
    assert gap.question_key == "we_residence" and gap.question_text == "Question we_residence?"
    assert (gap.section_key, gap.section_title) == ("welfare", "Welfare")
    assert gap.action == "Action for we_residence."
    (link,) = gap.guidance
    assert (link.ref, link.title, link.where) == ("PDG23", "Prevent duty guidance (2023)", "on we_residence")
    assert link.url == "https://www.gov.uk/prevent"


def test_weight_rules_raise_a_gap_up_the_list(small):
    answers = responses({"lg_lead": "partly", "we_route": "partly"})
    small_provider = [gap.question_key for gap in score(small, SMALL_PROFILE, answers).gaps]
    large_provider = [gap.question_key for gap in score(
        small, {**SMALL_PROFILE, "student_headcount": "5000_plus"}, answers).gaps]
    assert small_provider.index("lg_lead") < small_provider.index("we_route")  # 1.5 vs 1
    assert large_provider[0] == "we_residence" and large_provider[1] == "lg_lead"  # 3, then 2.25


def test_not_applicable_left_out_and_unscored_questions_are_never_gaps(small):
    card = score(small, {**SMALL_PROFILE, "residences": "no", "students_union": "no"}, responses(
        {"lg_comms": {"not_applicable": True, "na_reason": "none"}}))
    keys = {gap.question_key for gap in card.gaps}
    assert keys == {"lg_lead", "lg_group", "we_route", "we_materials"}


def test_strengths_are_full_marks_heaviest_first(small):
    card = score(small, {**SMALL_PROFILE, "student_headcount": "5000_plus"}, responses({
        "lg_lead": "yes",                              # 4.5
        "lg_group": "dedicated",                       # 2
        "we_route": "yes",                             # 2, after lg_group in framework order
        "we_materials": ["home_office", "in_house"],   # 1
        "su_protocol": "partly",                       # not full marks
    }))
    assert [(s.question_key, s.effective_weight) for s in card.strengths] == [
        ("lg_lead", 4.5), ("lg_group", 2.0), ("we_route", 2.0), ("we_materials", 1.0)]
    assert card.strengths[0].good_practice == "Good practice for lg_lead."
    assert card.strengths[0].section_title == "Leadership"
