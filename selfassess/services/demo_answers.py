"""Plausible answers for the demo provider and the benchmarks: deterministic, never personal data."""

from ..framework import Framework, ProfileQuestion, Question
from .answers import AnswerInput

# Demo University: a mid-sized university with halls, two campuses, a students' union and prayer rooms.
DEMO_PROFILE_CHOICES = {
    "student_headcount": "5000_to_19999",
    "staff_headcount": "500_to_1999",
    "campuses": "two_to_four",
    "partner_areas": "two_to_three",
    "residences": "owned",
    "provider_type": "university",
    "ofs_registered": "yes",
    "franchise_delivery": "lead_partner",
    "local_risk": "heightened",
    "under_18_students": "yes",
    "student_groups": ["international", "commuters"],
    "students_union": "yes",
    "external_events": "500_to_1999",
    "security_sensitive_research": "research",
    "faith_facilities": "prayer_rooms",
    "managed_network": "yes",
}


def demo_profile(framework: Framework) -> dict:
    """The demo profile, completed with a first option for any question added in a later framework."""
    profile = {}
    for question in framework.profile:
        value = DEMO_PROFILE_CHOICES.get(question.key)
        profile[question.key] = value if value is not None else _first_value(question)
    return profile


def _first_value(question: ProfileQuestion):
    if question.type == "yes_no":
        return "no"
    if question.type == "number":
        return question.min or 0
    values = question.option_values
    return [values[0]] if question.type == "multiple_choice" else values[0]


# Answers a Prevent lead would give to the questions that are not a plain Yes/Partly/No: figures in their
# units, dates inside the reporting year, and text that answers its own question. Dates are (month, day) in
# the year's first (Aug-Dec) or second (Jan-Jul) calendar year, so the same demo works for every year.
_DEMO_DATES = {
    "wel_procedure_reviewed": (9, 16),
    "pi_rpec_last_contact": (2, 10),
    "pi_isa_reviewed": (10, 21),
    "edf_eia_date": (11, 4),
    "su_protocol_date": (9, 30),
    "su_induction_date": (8, 28),
}
_DEMO_TEXT = {
    "lg_prevent_lead_role": "Director of Student Services",
    "ra_tensions_describe": (
        "Tension between two student societies after events about the Middle East, and far-right leafleting "
        "near the city-centre campus. The oversight group reviews incident logs and security reports each "
        "term, and the Prevent lead meets the local authority Prevent co-ordinator after any flashpoint."
    ),
    "it_filtering_rationale": (
        "We filter categories identified in the risk assessment on the student and staff Wi-Fi, with an "
        "exemption process for research and teaching that the ethics committee approves; the decision and "
        "its review are minuted by the oversight group each year."
    ),
}


def demo_answer(
    question: Question, position: int, *, strength: float = 0.8, year: str = "2025-26"
) -> AnswerInput:
    """An answer whose quality depends on `strength` (0 weakest, 1 best) and the question's position, so a
    demo year has a realistic mix of strengths and gaps. Figures, dates and text are specific and agree with
    each other (for example the share of staff in date with the answer on refresher training)."""
    strong = (position * 37 % 100) / 100 < strength
    note = (f"Held by the Prevent lead: {question.evidence_prompt.rstrip('.')}."
            if question.evidence_prompt else "Recorded in the Prevent oversight group minutes.")
    well_trained = strength >= 0.8  # one decision for both training answers, so they agree
    if question.key == "tr_refresher_cycle":
        return AnswerInput("yes" if well_trained else "partly", evidence_note=note if well_trained else "")
    if question.key == "tr_in_date_percent":
        return AnswerInput(92 if well_trained else 71)
    if question.type == "yes_partly_no":
        return AnswerInput("yes" if strong else "partly", evidence_note=note if strong else "")
    if question.type == "single_choice":
        ranked = sorted(question.options, key=lambda o: -(o.score or 0))
        choice = ranked[0] if strong else ranked[min(1, len(ranked) - 1)]
        return AnswerInput(choice.value)
    if question.type == "multiple_choice":
        good = [o.value for o in question.options if (o.score or 0) > 0 and not o.exclusive]
        return AnswerInput(good if strong else good[:1] or [question.options[0].value])
    if question.type == "number":
        figures = {"lg_oversight_meetings": 4 if strong else 2, "ra_actions_carried_forward": 3,
                   "es_notice_period": 10}
        figure = figures.get(question.key, 4 if strong else 2)
        top = question.max if question.max is not None else figure
        return AnswerInput(max(question.min or 0, min(figure, top)))
    if question.type == "date":
        month, day = _DEMO_DATES.get(question.key, (10, 14) if strong else (1, 20))
        return AnswerInput(_date_in_year(year, month, day))
    return AnswerInput(_DEMO_TEXT.get(question.key, (
        "Our arrangements are described in the Prevent policy and reviewed each year by the "
        "oversight group, which reports to the Audit and Risk Committee."
    )))


def _date_in_year(year: str, month: int, day: int) -> str:
    """A date inside the reporting year "YYYY-YY" (1 August to 31 July)."""
    try:
        first = int(year[:4])
    except ValueError:
        first = 2025
    return f"{first if month >= 8 else first + 1}-{month:02d}-{day:02d}"


# Demo University's data return: plausible totals for a mid-sized university (counts, never people).
DEMO_DATA_RETURN = {
    "2024-25": {
        "es_approved_no_conditions": 388,
        "es_approved_conditions_prevent": 6,
        "es_approved_conditions_other": 21,
        "es_rejected_prevent": 0,
        "es_rejected_health_safety": 2,
        "es_rejected_procedural": 5,
        "es_rejected_other": 1,
        "es_escalated_senior": 9,
        "case_concerns_raised": 14,
        "case_prevent_lead_involved_islamist": 3,
        "case_prevent_lead_involved_extreme_right_wing": 4,
        "case_prevent_lead_involved_mixed_unclear_unstable": 5,
        "case_prevent_lead_involved_other": 0,
        "case_external_advice_islamist": 1,
        "case_external_advice_extreme_right_wing": 2,
        "case_external_advice_mixed_unclear_unstable": 2,
        "case_external_advice_other": 0,
        "case_formal_referral_islamist": 0,
        "case_formal_referral_extreme_right_wing": 1,
        "case_formal_referral_mixed_unclear_unstable": 1,
        "case_formal_referral_other": 0,
        "case_channel_adopted": 0,
        "welfare_specialist_referrals": 31,
        "staff_headcount_in_scope": 1450,
        "tr_induction": 212,
        "tr_refresher": 386,
        "tr_broader_safeguarding": 940,
        "tr_specialist": 28,
        "tr_governors": 14,
        "tr_su": 9,
        "incidents_reported_ofs": 0,
        "changes_notified_ofs": 1,
        "research_sensitive_registrations": 6,
        "date_risk_assessment_reviewed": "2025-01-14",
        "date_action_plan_reviewed": "2025-03-18",
        "date_governing_body_approval": "2025-11-26",
    },
    "2025-26": {
        "es_approved_no_conditions": 421,
        "es_approved_conditions_prevent": 4,
        "es_approved_conditions_other": 25,
        "es_rejected_prevent": 1,
        "es_rejected_health_safety": 1,
        "es_rejected_procedural": 7,
        "es_rejected_other": 0,
        "es_withdrawn_by_organiser": 12,
        "es_escalated_senior": 11,
        "case_concerns_raised": 17,
        "case_prevent_lead_involved_islamist": 2,
        "case_prevent_lead_involved_extreme_right_wing": 6,
        "case_prevent_lead_involved_mixed_unclear_unstable": 7,
        "case_prevent_lead_involved_other": 1,
        "case_external_advice_islamist": 1,
        "case_external_advice_extreme_right_wing": 3,
        "case_external_advice_mixed_unclear_unstable": 2,
        "case_external_advice_other": 0,
        "case_formal_referral_islamist": 0,
        "case_formal_referral_extreme_right_wing": 2,
        "case_formal_referral_mixed_unclear_unstable": 1,
        "case_formal_referral_other": 0,
        "case_channel_adopted": 1,
        "welfare_specialist_referrals": 36,
        "staff_headcount_in_scope": 1480,
        "tr_induction": 230,
        "tr_refresher": 512,
        "tr_broader_safeguarding": 1010,
        "tr_specialist": 34,
        "tr_governors": 15,
        "tr_su": 11,
        "incidents_reported_ofs": 0,
        "changes_notified_ofs": 0,
        "research_sensitive_registrations": 8,
        "it_filter_escalations": 3,
        "date_risk_assessment_reviewed": "2025-10-07",
        "date_action_plan_reviewed": "2026-03-17",
    },
}
