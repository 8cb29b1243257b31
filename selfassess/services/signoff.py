"""The annual cycle: send for sign-off, send back, sign off (submit) and, for administrators, reopen.

draft --send_for_signoff--> awaiting_signoff --sign_off--> submitted
            ^-------------------- send_back ---'               |
            '------------------- reopen (administrators, with a reason) ---'

Signing off renders the final PDF once and stores it with its sha256; from then on the year is locked by
the services and by database triggers (db_locks). Signing off twice (a double click, two tabs, a retry)
submits once: the second call finds the year already submitted and returns it.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from ..extensions import db
from ..models import Assessment, AuditEvent, ReportSnapshot, User, utcnow
from . import assessments, audit, notifications
from .errors import Conflict, Forbidden, Locked, NotFound, ValidationFailed
from .transaction import writing

CYCLE_ACTIONS = ("year_started", "sent_for_signoff", "sent_back", "signed_off", "reopened")


@dataclass(frozen=True)
class SignOff:
    name: str
    role: str
    approved_on: str  # ISO date the governing body approved the report
    agreed: bool


@dataclass(frozen=True)
class CycleEvent:
    at: datetime
    action: str
    who: str
    detail: dict


def _locked_row(assessment: Assessment) -> Assessment:
    """The year's row, re-read inside the write transaction and locked on PostgreSQL."""
    query = select(Assessment).where(Assessment.id == assessment.id)
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return db.session.execute(query.execution_options(populate_existing=True)).scalar_one()


def send_for_signoff(user: User, ukprn: str, year: str) -> None:
    year_access = assessments.load_year_for_edit(user, ukprn, year)
    if not assessments.build_task_list(year_access).all_complete:
        raise ValidationFailed("Complete every task before you send the year for sign-off")
    with writing():
        row = _locked_row(year_access.assessment)
        if row.status != "draft":
            raise Conflict("This year has already been sent for sign-off")
        row.status, row.sent_for_signoff_at, row.sent_for_signoff_by_id = (
            "awaiting_signoff",
            utcnow(),
            user.id,
        )
        audit.record("sent_for_signoff", user=user, provider=year_access.provider, assessment_id=row.id)
        notifications.year_event("sent_for_signoff", year_access.provider, row, user)


def send_back(user: User, ukprn: str, year: str, comment: str) -> None:
    year_access = assessments.load_year(user, ukprn, year)
    year_access.access.require_approve()
    comment = (comment or "").strip()
    if not comment:
        raise ValidationFailed("Enter what needs to change before the year can be signed off")
    with writing():
        row = _locked_row(year_access.assessment)
        if row.status != "awaiting_signoff":
            raise Conflict("Only a year awaiting sign-off can be sent back")
        row.status = "draft"
        audit.record(
            "sent_back",
            user=user,
            provider=year_access.provider,
            assessment_id=row.id,
            comment=comment[:2000],
        )
        notifications.year_event("sent_back", year_access.provider, row, user, comment[:2000])


def _check(details: SignOff) -> list[str]:
    problems = []
    if not details.name.strip():
        problems.append("Enter the name of the person signing off for the governing body")
    if not details.role.strip():
        problems.append("Enter their role, like Chair of the Board of Governors")
    try:
        approved = date.fromisoformat(details.approved_on or "")
    except ValueError:
        problems.append("Enter the date the governing body approved the report")
    else:
        if approved > date.today():
            problems.append("The date the governing body approved the report must be today or in the past")
    if not details.agreed:
        problems.append("Confirm the declaration on behalf of the governing body")
    return problems


def sign_off(user: User, ukprn: str, year: str, details: SignOff, render_pdf) -> ReportSnapshot:
    """Submit the year: record the sign-off, render the final PDF once and store it.

    `render_pdf(year_access) -> (filename, bytes)` renders the report of the year as it now stands
    (submitted, with its sign-off); it runs inside the write transaction, so what is stored is exactly
    what was signed.
    """
    year_access = assessments.load_year(user, ukprn, year)
    year_access.access.require_approve()
    problems = _check(details)
    if problems:
        raise ValidationFailed(problems)
    with writing():
        row = _locked_row(year_access.assessment)
        if row.status == "submitted":  # already signed off: the same outcome, not a second submission
            return _latest_snapshot(row)
        if row.status != "awaiting_signoff":
            raise Conflict("The year must be sent for sign-off before it can be signed off")
        row.signed_off_name, row.signed_off_role = details.name.strip(), details.role.strip()
        row.governing_body_approved_on = details.approved_on
        row.declaration = year_access.framework.declaration
        row.submitted_at, row.submitted_by_id, row.status = utcnow(), user.id, "submitted"
        db.session.flush()
        filename, pdf = render_pdf(year_access)
        number = (
            db.session.scalar(
                select(func.max(ReportSnapshot.number)).where(ReportSnapshot.assessment_id == row.id)
            )
            or 0
        ) + 1
        snapshot = ReportSnapshot(
            assessment_id=row.id,
            number=number,
            pdf=pdf,
            filename=filename,
            sha256=hashlib.sha256(pdf).hexdigest(),
            created_by_id=user.id,
        )
        db.session.add(snapshot)
        audit.record(
            "signed_off",
            user=user,
            provider=year_access.provider,
            assessment_id=row.id,
            name=row.signed_off_name,
            role=row.signed_off_role,
            approved_on=details.approved_on,
            sha256=snapshot.sha256,
            version=number,
        )
        notifications.year_event("signed_off", year_access.provider, row, user)
    return snapshot


def reopen(user: User, ukprn: str, year: str, reason: str) -> None:
    """An administrator reopens a submitted year; its stored PDF stays as a previous version."""
    year_access = assessments.load_year(user, ukprn, year)  # another provider's year: NotFound first
    if not user.is_admin:
        raise Forbidden("Only an administrator can reopen a submitted year")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("Enter why the submitted year is being reopened")
    with writing():
        row = _locked_row(year_access.assessment)
        if row.status != "submitted":
            raise Conflict("Only a submitted year can be reopened")
        row.status = "draft"
        audit.record(
            "reopened", user=user, provider=year_access.provider, assessment_id=row.id, reason=reason[:2000]
        )
        notifications.year_event("reopened", year_access.provider, row, user, reason[:2000])


def _latest_snapshot(assessment: Assessment) -> ReportSnapshot | None:
    return db.session.scalar(
        select(ReportSnapshot)
        .where(ReportSnapshot.assessment_id == assessment.id)
        .order_by(ReportSnapshot.number.desc())
        .limit(1)
    )


def submitted_pdf(year_access) -> ReportSnapshot | None:
    """The stored PDF of a submitted year (the newest version), served byte for byte."""
    if year_access.assessment.status != "submitted":
        return None
    return _latest_snapshot(year_access.assessment)


def snapshots(year_access) -> list[ReportSnapshot]:
    return list(
        db.session.scalars(
            select(ReportSnapshot)
            .where(ReportSnapshot.assessment_id == year_access.assessment.id)
            .order_by(ReportSnapshot.number)
        )
    )


def snapshot(year_access, number: int) -> ReportSnapshot:
    found = db.session.scalar(
        select(ReportSnapshot).where(
            ReportSnapshot.assessment_id == year_access.assessment.id, ReportSnapshot.number == number
        )
    )
    if found is None:
        raise NotFound("No such version of the report")
    return found


def timeline(year_access) -> list[CycleEvent]:
    """Who did what in the year's cycle, and when (from the audit trail)."""
    rows = db.session.execute(
        select(AuditEvent, User.name)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(AuditEvent.assessment_id == year_access.assessment.id, AuditEvent.action.in_(CYCLE_ACTIONS))
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    return [CycleEvent(event.at, event.action, name or "Someone", event.detail or {}) for event, name in rows]


def require_not_locked(year_access) -> None:
    if year_access.assessment.status == "submitted":
        raise Locked("This year is submitted and cannot be changed")
