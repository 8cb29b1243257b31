"""The training log: sessions by date, tier and audience group, with how many attended (no names)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ...extensions import db
from ...models import Assessment, RegisterTraining
from ...register_sources import TRAINING_TIER_FIELDS
from .spec import Field, Register

TIERS = (
    ("induction", "Induction"), ("refresher", "Refresher"), ("specialist", "Specialist"),
    ("governors", "Governors"), ("su_officers", "Students' union officers"),
)
TIER_FIELD = TRAINING_TIER_FIELDS

REGISTER = Register(
    key="training", title="Training log", singular="training session", sort_field="session_date",
    fields=(
        Field("session_date", "Date of the session", "date"),
        Field("tier", "Tier", "choice", options=TIERS),
        Field("audience", "Audience group", "text", max_length=200, personal_data_guard=True,
              hint="A group, like ‘Residences staff’: never names"),
        Field("attended", "Number attended", "number", maximum=100_000),
    ),
)
MODEL = RegisterTraining


def figures(assessment_id: int) -> tuple[int, dict[str, int]]:
    rows = db.session.execute(
        select(RegisterTraining.tier, func.count(), func.sum(RegisterTraining.attended))
        .where(RegisterTraining.assessment_id == assessment_id).group_by(RegisterTraining.tier)).all()
    sessions = sum(count for _, count, _ in rows)
    result = {key: 0 for key in TIER_FIELD.values()}
    for tier, _count, attended in rows:
        if tier in TIER_FIELD:
            result[TIER_FIELD[tier]] += int(attended or 0)
    return sessions, result


@dataclass(frozen=True)
class TierShare:
    tier: str
    label: str
    in_date: int  # attendances at sessions within the refresher cycle before `on`
    share: float | None  # of the staff in scope (data return), capped at 100 %; None without a headcount


def in_date_shares(assessment: Assessment, on: date, cycle_months: int,
                   data_return: Mapping[str, object]) -> list[TierShare]:
    """The share of staff in date for each tier: attendances in the last `cycle_months` (this year's log
    and earlier years' of the same provider) over the staff in scope. Counts, not people: a person
    trained twice counts twice, so the share is an upper bound, capped at 100 %."""
    since = date(on.year - (cycle_months // 12) - (1 if on.month <= cycle_months % 12 else 0),
                 (on.month - cycle_months % 12 - 1) % 12 + 1, 1).isoformat()
    rows = db.session.execute(
        select(RegisterTraining.tier, func.sum(RegisterTraining.attended))
        .join(Assessment, Assessment.id == RegisterTraining.assessment_id)
        .where(Assessment.provider_id == assessment.provider_id, RegisterTraining.session_date >= since,
               RegisterTraining.session_date <= on.isoformat())
        .group_by(RegisterTraining.tier)).all()
    attended = {tier: int(total or 0) for tier, total in rows}
    headcount = data_return.get("staff_headcount_in_scope")
    shares = []
    for tier, label in TIERS:
        count = attended.get(tier, 0)
        share = None
        if isinstance(headcount, int) and headcount > 0 and tier in ("induction", "refresher", "specialist"):
            share = min(100.0, round(100 * count / headcount, 1))
        shares.append(TierShare(tier, label, count, share))
    return shares


def specialist_within(assessment: Assessment, on: date, months: int = 24) -> bool:
    """Any specialist session in the provider's logs within `months` before `on`."""
    since = date(on.year - months // 12, on.month, min(on.day, 28)).isoformat()
    return bool(db.session.scalar(
        select(func.count()).select_from(RegisterTraining)
        .join(Assessment, Assessment.id == RegisterTraining.assessment_id)
        .where(Assessment.provider_id == assessment.provider_id, RegisterTraining.tier == "specialist",
               RegisterTraining.session_date >= since, RegisterTraining.session_date <= on.isoformat())))


def log_used(assessment: Assessment) -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(RegisterTraining).join(
        Assessment, Assessment.id == RegisterTraining.assessment_id).where(
        Assessment.provider_id == assessment.provider_id)))
