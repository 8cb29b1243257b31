"""What needs a person's attention: a year sent back (with the approver's comment), a year waiting for
their sign-off, and the days left before the return is due. Shown on the dashboard and the task list."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from ..extensions import db
from ..framework import current_framework_id, get_framework
from ..models import Assessment, AuditEvent, User
from .tenancy import ProviderAccess

CYCLE_STEPS = ("sent_for_signoff", "sent_back", "signed_off", "reopened")


@dataclass(frozen=True)
class SentBack:
    by: str
    at: datetime
    comment: str


@dataclass(frozen=True)
class Deadline:
    year: str
    due: date
    days_left: int

    @property
    def text(self) -> str:
        due = self.due.strftime("%-d %B %Y")
        if self.days_left < 0:
            return f"The {self.year} return was due on {due}."
        if self.days_left == 0:
            return f"The {self.year} return is due today, {due}."
        days = f"{self.days_left} day{'s' if self.days_left != 1 else ''}"
        return f"The {self.year} return is due on {due}: {days} left."


@dataclass(frozen=True)
class ProviderAttention:
    waiting_for_you: tuple[str, ...]  # years awaiting this approver's sign-off
    sent_back: tuple[tuple[str, SentBack], ...]  # (year, note) for the editors
    deadline: Deadline | None  # the current year's due date, while it is not submitted


def sent_back_note(assessment: Assessment) -> SentBack | None:
    """The approver's comment, while the year is a draft because it was sent back (not after a reopen)."""
    if assessment.status != "draft":
        return None
    row = db.session.execute(
        select(AuditEvent, User.name)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(AuditEvent.assessment_id == assessment.id, AuditEvent.action.in_(CYCLE_STEPS))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(1)
    ).first()
    if row is None or row[0].action != "sent_back":
        return None
    event, name = row
    return SentBack(name or "An approver", event.at, (event.detail or {}).get("comment", ""))


def deadline(year: str, status: str | None, today: date | None = None) -> Deadline | None:
    due = get_framework(year).return_due
    if due is None or status == "submitted":
        return None
    return Deadline(year, due, (due - (today or date.today())).days)


def for_provider(access: ProviderAccess, today: date | None = None) -> ProviderAttention:
    years = db.session.scalars(select(Assessment).where(Assessment.provider_id == access.provider.id)).all()
    waiting = tuple(a.year for a in years if a.status == "awaiting_signoff" and access.can_approve)
    sent_back = tuple((a.year, note) for a in years if access.can_edit and (note := sent_back_note(a)))
    current = current_framework_id()
    status = next((a.status for a in years if a.year == current), None)
    return ProviderAttention(waiting, sent_back, deadline(current, status, today))
