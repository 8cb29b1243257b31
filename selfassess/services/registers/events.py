"""The external speakers and events register: each request, its triage and the return's decision."""

from sqlalchemy import func, select

from ...extensions import db
from ...models import RegisterEvent
from ...register_sources import EVENT_DECISION_FIELDS
from .spec import Field, Register

# The data return's decision categories (framework 2025-26, group external-speakers), field by field.
DECISIONS = (
    ("approved", "Approved without conditions"),
    ("approved_conditions_prevent", "Approved with conditions: Prevent-related risk"),
    ("approved_conditions_other", "Approved with conditions: other reasons"),
    ("rejected_prevent", "Rejected: Prevent-related risk"),
    ("rejected_health_safety", "Rejected: health and safety"),
    ("rejected_procedural", "Rejected: procedural reasons"),
    ("rejected_other", "Rejected: other reasons"),
    ("withdrawn", "Withdrawn by the organiser"),
)
DECISION_FIELD = EVENT_DECISION_FIELDS
CONDITIONS = (
    ("independent_chair", "Independent chair"), ("ticketing", "Ticketing"), ("security", "Security"),
    ("recording", "Recording"), ("code_of_conduct", "Code-of-conduct briefing"),
    ("venue_change", "Venue change"), ("other", "Other"),
)
REASON_WORDS = 300


def _check(values: dict, errors: dict) -> None:
    decision = values["decision"]
    if decision.startswith("rejected") and not values["rejection_reason"]:
        errors["rejection_reason"] = "Enter the reason for the rejection, as the return asks"
    if len(values["rejection_reason"].split()) > REASON_WORDS:
        errors["rejection_reason"] = f"The reason must be {REASON_WORDS} words or fewer"
    if decision.startswith("approved_conditions") and not values["conditions"]:
        errors["conditions"] = "Select the conditions applied"
    if values["conditions"] and not decision.startswith("approved_conditions"):
        errors["conditions"] = "Conditions apply only to a request approved with conditions"


REGISTER = Register(
    key="events", title="External speakers and events", singular="event", sort_field="event_date",
    fields=(
        Field("event_date", "Date of the event", "date"),
        Field("title", "Title", "text", max_length=300, personal_data_guard=True,
              hint="The event's title, not the speaker's name"),
        Field("organiser_type", "Organiser", "choice", options=(
            ("su_society", "Students' union society"), ("department", "Department"),
            ("external_hirer", "External hirer"), ("other", "Other"))),
        Field("mode", "In person or online", "choice",
              options=(("in_person", "In person"), ("online", "Online"))),
        Field("triage", "Triage outcome", "choice", options=(
            ("low", "Low risk: standard process"), ("medium", "Medium risk: further checks"),
            ("high", "High risk: referred for a decision"))),
        Field("decision", "Decision", "choice", options=DECISIONS),
        Field("rejection_reason", "Reason for the rejection", "longtext", required=False, max_length=2500,
              personal_data_guard=True, hint=f"Up to {REASON_WORDS} words, as the return asks"),
        Field("conditions", "Conditions applied", "choices", options=CONDITIONS, required=False),
        Field("escalated", "Escalated to a senior decision-maker", "bool"),
        Field("appealed", "Appealed", "bool"),
        Field("days_to_decision", "Days from request to decision", "number", required=False, maximum=3650),
        Field("booking_reference", "Booking-system reference", "text", required=False, max_length=100,
              hint="Your own booking system's record, instead of any speaker's personal data"),
    ),
    check=_check,
)
MODEL = RegisterEvent


def figures(assessment_id: int) -> tuple[int, dict[str, int]]:
    """How many events, and the data-return counts they make."""
    rows = db.session.execute(
        select(RegisterEvent.decision, RegisterEvent.escalated, func.count())
        .where(RegisterEvent.assessment_id == assessment_id)
        .group_by(RegisterEvent.decision, RegisterEvent.escalated)  # in index order: no sort
    ).all()
    total = sum(count for *_, count in rows)
    result = {key: 0 for key in DECISION_FIELD.values()}
    result["es_escalated_senior"] = 0
    for decision, escalated, count in rows:
        if decision in DECISION_FIELD:
            result[DECISION_FIELD[decision]] += count
        if escalated:
            result["es_escalated_senior"] += count
    return total, result
