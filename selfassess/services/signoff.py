"""The annual cycle: send for sign-off, send back, sign off (submit) and, for administrators, reopen.

draft --send_for_signoff--> awaiting_signoff --sign_off--> submitted
            ^-------------------- send_back ---'               |
            '------------------- reopen (administrators, with a reason) ---'

Before a year can be sent, every applicable question and every required data-return figure must be
stored (signoff_checks.missing: never a task status a file claimed). Before it is signed off, each numbered
declaration statement is checked against the answers, data return and action plan (signoff_checks.check);
the approver explains each exception in writing or sends the year back. The explanations are stored with
the sign-off, audited, and printed under the declaration. By default the person who sent the year for
sign-off cannot sign it off (Provider.one_person_signoff lets a very small provider do both; recorded).

Signing off renders the final PDF before taking the write lock, then in a short transaction checks that
the report's context is unchanged (rendering again if it changed) and stores it with its sha256; from then
on the year is locked by the services and by database triggers (db_locks). Signing off twice (a double
click, two tabs, a retry) submits once: the second call finds the year already submitted and returns it.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select

from ..extensions import db
from ..models import Assessment, AuditEvent, ReopenRecord, ReportSnapshot, User, utcnow
from . import assessments, audit, notifications, signoff_checks
from .errors import Conflict, Forbidden, Locked, NotFound, ValidationFailed
from .signoff_checks import Missing, StatementCheck
from .transaction import writing

CYCLE_ACTIONS = ("year_started", "sent_for_signoff", "sent_back", "signed_off", "reopened",
                 "signoff_exception_acknowledged")
EXPLANATION_MAX = 1000
RENDER_ATTEMPTS = 3


@dataclass(frozen=True)
class SignOff:
    name: str
    role: str
    approved_on: str  # ISO date the governing body approved the report
    agreed: bool
    explanations: Mapping[str, str] = field(default_factory=dict)  # finding code -> the approver's words


@dataclass(frozen=True)
class Pending:
    """The sign-off about to be recorded, as the final report prints it (attribute names as on Assessment)."""

    signed_off_name: str
    signed_off_role: str
    governing_body_approved_on: str
    signoff_exceptions: list
    signed_off_by_sender: bool
    submitted_at: datetime


class NotReady(ValidationFailed):
    """The year cannot be sent: these things are missing (each with the page that fixes it)."""

    def __init__(self, missing: list[Missing]):
        self.missing = missing
        super().__init__([m.text for m in missing])


@dataclass(frozen=True)
class Readiness:
    missing: list[Missing]
    checks: list[StatementCheck]
    approved_on: date

    @property
    def exceptions(self):
        return signoff_checks.exceptions(self.checks)


def _stored_inputs(year_access):
    from ..models import ActionItem

    assessment = year_access.assessment
    actions = db.session.scalars(select(ActionItem).where(ActionItem.assessment_id == assessment.id)).all()
    return assessment.profile or {}, assessments.answers_of(assessment), assessment.data_return or {}, actions


def readiness(year_access, approved_on: date | None = None) -> Readiness:
    """What is missing before sending, and each statement's exceptions at the approval date (today if not
    known yet): the same list for the editor before sending and the approver before signing off."""
    approved_on = approved_on or date.today()
    profile, answers, data_return, actions = _stored_inputs(year_access)
    framework = year_access.framework
    from .registers import checks as register_checks

    facts = register_checks.facts(year_access.assessment, approved_on)
    return Readiness(signoff_checks.missing(framework, profile, answers, data_return),
                     signoff_checks.check(framework, profile, answers, data_return, actions, approved_on,
                                          registers=facts),
                     approved_on)


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
    missing = readiness(year_access).missing
    if missing:  # from the stored answers, never from task statuses
        raise NotReady(missing)
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


def _second_person(user: User, year_access, row: Assessment) -> bool:
    """Refuse the person who sent the year for sign-off unless the provider allows one person to do both;
    True when this sign-off is by the sender (allowed, and recorded)."""
    if row.sent_for_signoff_by_id is None or row.sent_for_signoff_by_id != user.id:
        return False
    if not year_access.provider.one_person_signoff:
        raise Forbidden("You sent this year for sign-off, so another approver must sign it off")
    return True


def _acknowledged(year_access, details: SignOff) -> list[dict]:
    """Every exception at the approval date with the approver's explanation; ValidationFailed naming each
    exception left unexplained (problems start "Explain" and carry the finding's code after a '|')."""
    found = readiness(year_access, date.fromisoformat(details.approved_on))
    if found.missing:
        raise NotReady(found.missing)
    result, problems = [], []
    for finding in found.exceptions:
        explanation = (details.explanations.get(finding.code) or "").strip()
        if not explanation:
            problems.append(f"Explain why the governing body signs statement {finding.statement} despite: "
                            f"{finding.problem}|{finding.code}")
        elif len(explanation) > EXPLANATION_MAX:
            problems.append(f"Explain statement {finding.statement}'s exception in {EXPLANATION_MAX} "
                            f"characters or fewer|{finding.code}")
        result.append({"statement": finding.statement, "code": finding.code, "problem": finding.problem,
                       "explanation": explanation})
    if problems:
        raise ValidationFailed(problems)
    return result


def sign_off(user: User, ukprn: str, year: str, details: SignOff, render_pdf=None) -> ReportSnapshot:
    """Submit the year: record the sign-off and its acknowledged exceptions, store the final PDF.

    `render_pdf(context) -> bytes` renders the report context of the year as it will stand once signed
    off. It runs before the write lock is taken, so other providers' saves are not held up by rendering;
    the short write transaction then checks the context is unchanged and renders again if it changed.
    """
    from . import reports

    render_pdf = render_pdf or reports.render_pdf
    year_access = assessments.load_year(user, ukprn, year)
    year_access.access.require_approve()
    problems = _check(details)
    if problems:
        raise ValidationFailed(problems)
    row = year_access.assessment
    if row.status == "submitted":  # already signed off: the same outcome, not a second submission
        return _latest_snapshot(row)
    if row.status != "awaiting_signoff":
        raise Conflict("The year must be sent for sign-off before it can be signed off")
    by_sender = _second_person(user, year_access, row)
    pending = Pending(details.name.strip(), details.role.strip(), details.approved_on,
                      _acknowledged(year_access, details), by_sender, utcnow())
    context = reports.signoff_context(year_access, pending)
    pdf = render_pdf(context)
    db.session.commit()  # end the read transaction before rendering again or writing
    for _attempt in range(RENDER_ATTEMPTS):
        with writing():
            row = _locked_row(year_access.assessment)
            if row.status == "submitted":
                return _latest_snapshot(row)
            if row.status != "awaiting_signoff":
                raise Conflict("The year must be sent for sign-off before it can be signed off")
            _second_person(user, year_access, row)
            fresh = reports.signoff_context(year_access, pending)
            if fresh.digest() == context.digest():
                return _record(user, year_access, row, pending, reports.filename_for(context), pdf)
        context, pdf = fresh, render_pdf(fresh)  # it changed since the render: render again, unlocked
    raise Conflict("The year changed while it was being signed off. Try again.")


def _record(user: User, year_access, row: Assessment, pending: Pending, filename: str,
            pdf: bytes) -> ReportSnapshot:
    row.signed_off_name, row.signed_off_role = pending.signed_off_name, pending.signed_off_role
    row.governing_body_approved_on = pending.governing_body_approved_on
    row.declaration = year_access.framework.declaration
    row.signoff_exceptions = pending.signoff_exceptions
    row.signed_off_by_sender = pending.signed_off_by_sender
    row.submitted_at, row.submitted_by_id, row.status = pending.submitted_at, user.id, "submitted"
    latest = select(func.max(ReportSnapshot.number)).where(ReportSnapshot.assessment_id == row.id)
    number = (db.session.scalar(latest) or 0) + 1
    snapshot = ReportSnapshot(assessment_id=row.id, number=number, pdf=pdf, filename=filename,
                              sha256=hashlib.sha256(pdf).hexdigest(), created_by_id=user.id)
    db.session.add(snapshot)
    for exception in pending.signoff_exceptions:
        audit.record("signoff_exception_acknowledged", user=user, provider=year_access.provider,
                     assessment_id=row.id, **exception)
    audit.record(
        "signed_off", user=user, provider=year_access.provider, assessment_id=row.id,
        name=row.signed_off_name, role=row.signed_off_role, approved_on=pending.governing_body_approved_on,
        sha256=snapshot.sha256, version=number, exceptions=len(pending.signoff_exceptions),
        one_person=pending.signed_off_by_sender,
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
        # The database lets the year leave 'submitted' only with this record, written in this transaction.
        db.session.add(ReopenRecord(assessment_id=row.id, user_id=user.id, reason=reason[:2000]))
        db.session.flush()
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


# The app's own event for each change of status; the database's 'status_changed' row for the same change
# is then redundant in the history. One without it was made outside the app, and is shown.
EXPLAINED_BY = {("draft", "awaiting_signoff"): "sent_for_signoff", ("awaiting_signoff", "draft"): "sent_back",
                ("awaiting_signoff", "submitted"): "signed_off", ("submitted", "draft"): "reopened"}
SAME_CHANGE_SECONDS = 5


def timeline(year_access) -> list[CycleEvent]:
    """Who did what in the year's cycle, and when (from the audit trail), with any change of status the
    database recorded that the app did not make."""
    rows = db.session.execute(
        select(AuditEvent, User.name)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(AuditEvent.assessment_id == year_access.assessment.id,
               AuditEvent.action.in_((*CYCLE_ACTIONS, "status_changed")))
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    events = [CycleEvent(event.at, event.action, name or "Someone", event.detail or {})
              for event, name in rows]
    return [e for e in events if e.action != "status_changed" or not _explained(e, events)]


def _explained(change: CycleEvent, events: list[CycleEvent]) -> bool:
    expected = EXPLAINED_BY.get((change.detail.get("from"), change.detail.get("to")))
    return any(e.action == expected and abs((e.at - change.at).total_seconds()) <= SAME_CHANGE_SECONDS
               for e in events)


def require_not_locked(year_access) -> None:
    if year_access.assessment.status == "submitted":
        raise Locked("This year is submitted and cannot be changed")
