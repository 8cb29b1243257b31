"""The concerns record, anonymised by design: a reference code, never a name; free text that looks like
personal data is refused (selfassess.personal_data). Expired records are purged, keeping their counts."""

from sqlalchemy import func, select

from ...extensions import db
from ...models import RegisterConcern, RegisterPurge
from .spec import Field, Register

STAGES = (
    ("raised_with_lead", "Raised with the Prevent lead"),
    ("external_advice", "External advice sought"),
    ("formal_referral", "Formally referred"),
    ("channel_adopted", "Adopted by a Channel panel"),
    ("not_known", "Not known"),
)
TYPES = (
    ("islamist", "Islamist"), ("extreme_right_wing", "Extreme right-wing"),
    ("mixed_unclear_unstable", "Mixed, unclear or unstable"), ("other", "Other"),
)
# Each stage of the return counts the cases that reached it: a referral also reached the lead and advice.
STAGE_FIELDS = {
    "raised_with_lead": ("case_prevent_lead_involved",),
    "external_advice": ("case_prevent_lead_involved", "case_external_advice"),
    "formal_referral": ("case_prevent_lead_involved", "case_external_advice", "case_formal_referral"),
    "channel_adopted": ("case_prevent_lead_involved", "case_external_advice", "case_formal_referral"),
    "not_known": (),
}
ESCALATED_STAGES = ("raised_with_lead", "external_advice", "formal_referral", "channel_adopted")

REGISTER = Register(
    key="concerns", title="Concerns record", singular="concern", sort_field="opened_month",
    fields=(
        Field("reference", "Reference code", "text", max_length=40, personal_data_guard=True,
              hint="Your own code, like C-2025-014. Never a name"),
        Field("opened_month", "Month opened", "month", hint="For example, 2026-03"),
        Field("stage", "Furthest stage reached", "choice", options=STAGES),
        Field("concern_type", "Type of concern", "choice", options=TYPES),
        Field("feedback_sought", "Feedback on the outcome sought", "bool"),
        Field("closed", "Closed", "bool"),
        Field("notes", "Notes", "longtext", required=False, max_length=2000, personal_data_guard=True,
              hint="Optional. No names, contact details, ID numbers or dates of birth: they are refused"),
    ),
)
MODEL = RegisterConcern


def counts_of(rows) -> dict[str, int]:
    """Data-return counts from (stage, concern_type, count) rows."""
    result: dict[str, int] = {"case_concerns_raised": 0, "case_channel_adopted": 0}
    for prefix in ("case_prevent_lead_involved", "case_external_advice", "case_formal_referral"):
        for concern_type, _ in TYPES:
            result[f"{prefix}_{concern_type}"] = 0
    for stage, concern_type, count in rows:
        result["case_concerns_raised"] += count
        for prefix in STAGE_FIELDS.get(stage, ()):
            key = f"{prefix}_{concern_type}"
            if key in result:
                result[key] += count
        if stage == "channel_adopted":
            result["case_channel_adopted"] += count
    return result


def grouped(assessment_id: int, *, before_month: str | None = None):
    query = (select(RegisterConcern.stage, RegisterConcern.concern_type, func.count())
             .where(RegisterConcern.assessment_id == assessment_id)
             .group_by(RegisterConcern.stage, RegisterConcern.concern_type))
    if before_month:
        query = query.where(RegisterConcern.opened_month < before_month)
    return db.session.execute(query).all()


def figures(assessment_id: int) -> tuple[int, int, dict[str, int]]:
    """How many concerns are held, how many were purged (counts kept), and the data-return counts."""
    rows = grouped(assessment_id)
    held = sum(count for *_, count in rows)
    result = counts_of(rows)
    purged = 0
    purges = db.session.scalars(select(RegisterPurge).where(RegisterPurge.assessment_id == assessment_id))
    for purge in purges:
        purged += purge.removed
        for key, count in (purge.counts or {}).items():
            result[key] = result.get(key, 0) + int(count)
    return held, purged, result


def escalated_count(assessment_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(RegisterConcern).where(
        RegisterConcern.assessment_id == assessment_id, RegisterConcern.stage.in_(ESCALATED_STAGES))) or 0


def record_used(provider_id: int) -> bool:
    """Whether the provider keeps its concerns record here: any concern, or purged counts, in any year."""
    from ...models import Assessment

    held = db.session.scalar(select(func.count()).select_from(RegisterConcern).join(
        Assessment, Assessment.id == RegisterConcern.assessment_id)
        .where(Assessment.provider_id == provider_id))
    purged = db.session.scalar(select(func.count()).select_from(RegisterPurge).join(
        Assessment, Assessment.id == RegisterPurge.assessment_id)
        .where(Assessment.provider_id == provider_id))
    return bool(held or purged)
