"""Per-question figures: what applies and why, weights, answered, not applicable, fractions and points."""

from __future__ import annotations

from selfassess.scoring import Response, score

from .small_framework import SMALL_PROFILE, responses

SMALL_STUDENTS = SMALL_PROFILE
LARGE_STUDENTS = {**SMALL_PROFILE, "student_headcount": "5000_plus"}


def test_an_unanswered_applicable_question_earns_nothing_but_counts_in_the_points_available(small):
    card = score(small, SMALL_PROFILE, {})
    lead = card.question("lg_lead")
    assert lead.applies and not lead.answered
    assert (lead.fraction, lead.points_earned, lead.points_available) == (None, 0.0, 3.0)


def test_yes_partly_no_earn_all_half_and_none_of_the_weight(small):
    for value, fraction in (("yes", 1.0), ("partly", 0.5), ("no", 0.0)):
        lead = score(small, SMALL_PROFILE, {"lg_lead": Response(value)}).question("lg_lead")
        assert lead.answered and lead.fraction == fraction
        assert lead.points_earned == 3.0 * fraction and lead.points_available == 3.0


def test_single_choice_earns_the_option_score(small):
    group = score(small, SMALL_PROFILE, {"lg_group": Response("lead_only")}).question("lg_group")
    assert group.fraction == 0.4 and group.points_earned == 0.8 and group.points_available == 2.0


def test_multiple_choice_sums_the_chosen_options_up_to_full_marks(small):
    def fraction(chosen):
        card = score(small, SMALL_PROFILE, {"we_materials": Response(chosen)})
        return card.question("we_materials").fraction

    assert fraction(["webinars"]) == 0.25
    assert fraction(["home_office", "webinars"]) == 0.75
    assert fraction(["home_office", "in_house", "webinars"]) == 1.0  # 1.25, capped
    assert fraction(["none"]) == 0.0


def test_a_stale_option_counts_as_answered_but_earns_nothing(small):
    group = score(small, SMALL_PROFILE, {"lg_group": Response("retired_option")}).question("lg_group")
    assert group.answered and group.fraction == 0.0 and group.points_available == 2.0


def test_a_weight_rule_that_holds_multiplies_the_weight_and_says_which_rule(small):
    small_card = score(small, SMALL_STUDENTS, {}).question("lg_lead")
    large_card = score(small, LARGE_STUDENTS, {}).question("lg_lead")
    assert (small_card.base_weight, small_card.effective_weight, small_card.weight_changes) == (3.0, 3.0, ())
    assert (large_card.base_weight, large_card.effective_weight) == (3.0, 4.5)
    (change,) = large_card.weight_changes
    assert (change.rule, change.multiply) == ("large_provider", 1.5)
    assert change.reason == "you have 5,000 or more students"
    assert large_card.points_available == 4.5


def test_not_applicable_with_a_reason_leaves_both_earned_and_available(small):
    comms = score(small, SMALL_PROFILE, responses(
        {"lg_comms": {"not_applicable": True, "na_reason": " We have no internal comms team. "}}
    )).question("lg_comms")
    assert comms.applies and comms.answered and comms.not_applicable
    assert comms.na_reason == "We have no internal comms team."
    assert (comms.fraction, comms.points_earned, comms.points_available) == (None, 0.0, 0.0)


def test_not_applicable_without_a_reason_is_not_an_answer_yet(small):
    comms = score(small, SMALL_PROFILE, {"lg_comms": Response(None, True, "  ")}).question("lg_comms")
    assert not comms.answered and not comms.not_applicable and comms.points_available == 1.0


def test_not_applicable_is_ignored_on_a_question_that_does_not_allow_it(small):
    lead = score(small, SMALL_PROFILE, {"lg_lead": Response("yes", True, "no reason")}).question("lg_lead")
    assert lead.answered and not lead.not_applicable and lead.points_earned == 3.0


def test_a_follow_up_is_asked_only_after_the_answer_that_opens_it(small):
    shown = score(small, SMALL_PROFILE, responses({"lg_lead": "partly", "lg_lead_role": "Dean"}))
    hidden = score(small, SMALL_PROFILE, responses({"lg_lead": "no", "lg_lead_role": "Dean"}))
    assert shown.question("lg_lead_role").applies and shown.question("lg_lead_role").answered
    role = hidden.question("lg_lead_role")
    assert not role.applies and not role.answered  # the stale answer is ignored
    assert role.why == "Only asked when you answer ‘Yes’ or ‘Partly’ to ‘Question lg_lead?’."


def test_a_question_whose_rule_fails_is_left_out_with_the_rules_reason(small):
    card = score(small, {**SMALL_PROFILE, "residences": "no"}, responses({"we_residence": "yes"}))
    residence = card.question("we_residence")
    assert not residence.applies and residence.points_available == 0 and not residence.answered
    assert residence.why == "Left out because you have no residential accommodation."
    assert card.question("we_route").why == "Asked of every provider."
    assert score(small, SMALL_PROFILE, {}).question("we_residence").why == (
        "Asked because you have residential accommodation."
    )


def test_questions_of_a_left_out_section_do_not_apply(small):
    card = score(small, {**SMALL_PROFILE, "students_union": "no"}, responses({"su_protocol": "yes"}))
    protocol = card.question("su_protocol")
    assert not protocol.applies and protocol.points_earned == 0 and protocol.points_available == 0
    assert protocol.why == "Left out with the section ‘Students' union’ because you have no students' union."


def test_an_unanswered_profile_factor_makes_its_rules_fail(small):
    card = score(small, {}, {})
    assert not card.question("we_residence").applies
    assert not card.section("students-union").applies
    assert card.question("lg_lead").effective_weight == 3.0


def test_blank_text_and_empty_lists_are_not_answers(small):
    answers = responses({"lg_lead": "yes", "lg_lead_role": "   ", "we_materials": []})
    card = score(small, SMALL_PROFILE, answers)
    assert not card.question("lg_lead_role").answered
    assert not card.question("we_materials").answered


def test_unscored_questions_count_for_completeness_but_carry_no_points(small):
    reviewed = score(small, SMALL_PROFILE, responses({"we_reviewed": "2025-09-01"})).question("we_reviewed")
    assert reviewed.applies and reviewed.answered and not reviewed.scored
    assert (reviewed.fraction, reviewed.points_earned, reviewed.points_available) == (None, 0.0, 0.0)


def test_answers_to_keys_the_framework_does_not_have_are_ignored(small):
    with_stale = score(small, SMALL_PROFILE, responses({"retired_question": "yes"}))
    assert with_stale == score(small, SMALL_PROFILE, {})


def test_any_object_with_the_answer_attributes_will_do(small):
    class StoredAnswer:  # like a database row, whose reason may be NULL
        def __init__(self, value, not_applicable=False, na_reason=None):
            self.value, self.not_applicable, self.na_reason = value, not_applicable, na_reason

    stored = {"lg_lead": StoredAnswer("partly"), "lg_comms": StoredAnswer(None, True)}
    card = score(small, SMALL_PROFILE, stored)
    assert card.question("lg_lead").points_earned == 1.5
    assert not card.question("lg_comms").answered
