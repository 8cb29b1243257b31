"""Which data-return figure each register fills, and how (pure: used by the register services and by
docs/coverage.md's generator, so the two cannot disagree). docs/registers.md explains the rules."""

EVENT_DECISION_FIELDS = {
    "approved": "es_approved_no_conditions",
    "approved_conditions_prevent": "es_approved_conditions_prevent",
    "approved_conditions_other": "es_approved_conditions_other",
    "rejected_prevent": "es_rejected_prevent",
    "rejected_health_safety": "es_rejected_health_safety",
    "rejected_procedural": "es_rejected_procedural",
    "rejected_other": "es_rejected_other",
    "withdrawn": "es_withdrawn_by_organiser",
}
TRAINING_TIER_FIELDS = {"induction": "tr_induction", "refresher": "tr_refresher",
                        "specialist": "tr_specialist", "governors": "tr_governors", "su_officers": "tr_su"}
CONCERN_TYPES = ("islamist", "extreme_right_wing", "mixed_unclear_unstable", "other")


def sources() -> dict[str, str]:
    """Data-return field key -> how a register fills it."""
    result = {field: f"events register: decision ‘{decision}’"
              for decision, field in EVENT_DECISION_FIELDS.items()}
    result["es_escalated_senior"] = "events register: escalated to a senior decision-maker"
    result["case_concerns_raised"] = "concerns record: every concern"
    for concern_type in CONCERN_TYPES:
        result[f"case_prevent_lead_involved_{concern_type}"] = (
            f"concerns record: type ‘{concern_type}’, stage raised with the lead or further")
        result[f"case_external_advice_{concern_type}"] = (
            f"concerns record: type ‘{concern_type}’, stage external advice or further")
        result[f"case_formal_referral_{concern_type}"] = (
            f"concerns record: type ‘{concern_type}’, stage formal referral or Channel")
    result["case_channel_adopted"] = "concerns record: stage adopted by a Channel panel"
    for tier, field in TRAINING_TIER_FIELDS.items():
        result[field] = f"training log: number attended, tier ‘{tier}’"
    result["incidents_reported_ofs"] = "incidents register: serious incidents the OfS was told of"
    result["changes_notified_ofs"] = "incidents register: other changes the OfS was told of"
    return result
