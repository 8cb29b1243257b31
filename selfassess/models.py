"""Database models and the invariants that belong to the data itself."""

import re
import secrets
from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from .extensions import db

UKPRN_PATTERN = re.compile(r"^\d{8}$")
ROLES = ("editor", "approver", "viewer")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


class Provider(db.Model):
    __tablename__ = "provider"
    __table_args__ = (CheckConstraint("length(ukprn) = 8", name="ukprn_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    ukprn: Mapped[str] = mapped_column(String(8), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A very small provider may let the person who sent a year for sign-off also sign it off (set by an
    # administrator; recorded on the year when used and printed on the declaration page).
    one_person_signoff: Mapped[bool] = mapped_column(default=False, server_default="0")

    memberships: Mapped[list["Membership"]] = relationship(back_populates="provider")

    @validates("ukprn")
    def _check_ukprn(self, _key, value):
        if not UKPRN_PATTERN.match(value or ""):
            raise ValueError("UKPRN must be exactly 8 digits")
        return value

    def __repr__(self) -> str:
        return f"<Provider {self.ukprn} {self.name!r}>"


class User(UserMixin, db.Model):
    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored normalised: lower case
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    is_admin: Mapped[bool] = mapped_column(default=False)
    # Flask-Login's user id: rotating it signs out every session holding the old value.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @validates("email")
    def _normalise(self, _key, value):
        return normalise_email(value)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return bool(self.active)

    def get_id(self) -> str:
        return self.session_token

    def rotate_session_token(self) -> None:
        self.session_token = new_session_token()

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class Membership(db.Model):
    __tablename__ = "membership"
    __table_args__ = (
        UniqueConstraint("user_id", "provider_id", name="uq_membership_user_provider"),
        CheckConstraint("role IN ('editor', 'approver', 'viewer')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    user: Mapped[User] = relationship(back_populates="memberships")
    provider: Mapped[Provider] = relationship(back_populates="memberships")

    @validates("role")
    def _check_role(self, _key, value):
        if value not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        return value


class LoginFailure(db.Model):
    """One failed sign-in for an existing account; counted to slow down password guessing."""

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(db.Model):
    """Who did what, when, to which provider's data. Never holds passwords or personal case data."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_provider_at", "provider_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("provider.id", ondelete="SET NULL"))
    assessment_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


ASSESSMENT_STATUSES = ("draft", "awaiting_signoff", "submitted")
TASK_STATUSES = ("not_started", "in_progress", "completed")
CONTEXT_KEY = "context"  # the provider-context task, versioned like a section
DATA_RETURN_KEY = "data-return"  # the data-return task, versioned like a section


class Assessment(db.Model):
    """One provider's self-assessment for one reporting year, on one framework."""

    __tablename__ = "assessment"
    __table_args__ = (
        UniqueConstraint("provider_id", "year", name="uq_assessment_provider_year"),
        CheckConstraint("status IN ('draft', 'awaiting_signoff', 'submitted')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id", ondelete="CASCADE"), index=True)
    year: Mapped[str] = mapped_column(String(7))  # e.g. 2025-26
    framework_id: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    profile: Mapped[dict] = mapped_column(JSON, default=dict)  # provider context: factor key -> value
    data_return: Mapped[dict] = mapped_column(JSON, default=dict)  # data-return field key -> value
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Sign-off, filled when an approver signs the year off for the governing body.
    sent_for_signoff_at: Mapped[datetime | None]
    sent_for_signoff_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    signed_off_name: Mapped[str | None] = mapped_column(String(200))
    signed_off_role: Mapped[str | None] = mapped_column(String(200))
    governing_body_approved_on: Mapped[str | None] = mapped_column(String(10))  # ISO date
    declaration: Mapped[str | None] = mapped_column(String(4000))  # the framework's text, as agreed
    # The exceptions the checks found when signing off, each with the approver's written explanation:
    # [{"statement": 2, "code": "...", "problem": "...", "explanation": "..."}]
    signoff_exceptions: Mapped[list | None] = mapped_column(JSON)
    signed_off_by_sender: Mapped[bool] = mapped_column(default=False, server_default="0")
    # Data-return figures the registers produce: {key: {"value": 450, "register": "events",
    # "provenance": "from 450 events in the register"}}, refreshed by every register write (registers/fill)
    data_return_sources: Mapped[dict | None] = mapped_column(JSON)
    # An editor's figure in place of a register's, with the reason: {key: {"value": 3, "reason": "..."}}
    data_return_overrides: Mapped[dict | None] = mapped_column(JSON)

    provider: Mapped[Provider] = relationship()

    def __repr__(self) -> str:
        return f"<Assessment {self.provider_id} {self.year} {self.status}>"


class TaskState(db.Model):
    """Progress and the edit version of one task of an assessment: the context, a section, the data return.

    The version is what makes concurrent edits safe: a page carries the version it was loaded at, and a
    save is refused if the task has moved on since.
    """

    __tablename__ = "task_state"
    __table_args__ = (
        UniqueConstraint("assessment_id", "task_key", name="uq_task_state_assessment_task"),
        CheckConstraint("status IN ('not_started', 'in_progress', 'completed')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    task_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    version: Mapped[int] = mapped_column(default=0)
    needs_review: Mapped[bool] = mapped_column(default=False)  # the context changed what applies here
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    updated_by: Mapped[User | None] = relationship()


class Answer(db.Model):
    """The answer to one question of an assessment, with its evidence. Never personal data."""

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("assessment_id", "question_key", name="uq_answer_assessment_question"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    question_key: Mapped[str] = mapped_column(String(64))
    value: Mapped[object | None] = mapped_column(JSON)
    not_applicable: Mapped[bool] = mapped_column(default=False)
    na_reason: Mapped[str] = mapped_column(String(2000), default="")
    evidence_note: Mapped[str] = mapped_column(String(4000), default="")
    evidence_links: Mapped[list] = mapped_column(JSON, default=list)
    carried_forward: Mapped[bool] = mapped_column(default=False)  # copied from last year, not yet confirmed
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class ReopenRecord(db.Model):
    """An administrator's reopening of a submitted year. The database lets a year leave 'submitted' only
    when an unused record for it exists (on PostgreSQL, written in the same transaction) and marks it
    used; records are never deleted (db_locks)."""

    __tablename__ = "reopen_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(2000))
    used: Mapped[bool] = mapped_column(default=False, server_default="0")
    txid: Mapped[int | None] = mapped_column(db.BigInteger)  # PostgreSQL's transaction id, set by a trigger


ACTION_STATUSES = ("not_started", "in_progress", "done", "dismissed")


class ActionItem(db.Model):
    """A gap turned into an action in the year's action plan, or dismissed with a reason."""

    __tablename__ = "action_item"
    __table_args__ = (
        UniqueConstraint("assessment_id", "question_key", name="uq_action_item_assessment_question"),
        CheckConstraint("status IN ('not_started', 'in_progress', 'done', 'dismissed')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    question_key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(500))
    owner: Mapped[str] = mapped_column(String(200), default="")  # a role, e.g. "Head of Student Services"
    due_date: Mapped[str | None] = mapped_column(String(10))  # ISO date
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    dismissed_reason: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class ReportSnapshot(db.Model):
    """The PDF of a submitted year, exactly as submitted: never changed, served byte for byte.

    A year reopened and submitted again gets a new snapshot with the next number; earlier ones remain as
    previous versions.
    """

    __tablename__ = "report_snapshot"
    __table_args__ = (
        UniqueConstraint("assessment_id", "number", name="uq_report_snapshot_assessment_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="RESTRICT"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


# ---- registers kept through the year (docs/registers.md) ------------------------------------------------


class RegisterEvent(db.Model):
    """One external speaker or event request and its decision. No speaker's personal data: an optional
    reference to the provider's own booking-system record instead."""

    __tablename__ = "register_event"
    __table_args__ = (
        Index("ix_register_event_assessment_date", "assessment_id", "event_date"),
        # covers the data return's GROUP BY, so 10,000 events are counted from the index alone
        Index("ix_register_event_assessment_decision", "assessment_id", "decision", "escalated"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    event_date: Mapped[str] = mapped_column(String(10))  # ISO date
    title: Mapped[str] = mapped_column(String(300))
    organiser_type: Mapped[str] = mapped_column(String(30))
    mode: Mapped[str] = mapped_column(String(20))
    triage: Mapped[str] = mapped_column(String(30))
    decision: Mapped[str] = mapped_column(String(40))
    rejection_reason: Mapped[str] = mapped_column(String(2500), default="")
    conditions: Mapped[list] = mapped_column(JSON, default=list)
    escalated: Mapped[bool] = mapped_column(default=False)
    appealed: Mapped[bool] = mapped_column(default=False)
    days_to_decision: Mapped[int | None]
    booking_reference: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RegisterConcern(db.Model):
    """One concern, anonymised by design: a reference code, never a name (personal_data guards the text)."""

    __tablename__ = "register_concern"
    __table_args__ = (
        Index("ix_register_concern_assessment_month", "assessment_id", "opened_month"),
        Index("ix_register_concern_assessment_stage", "assessment_id", "stage", "concern_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    reference: Mapped[str] = mapped_column(String(40))
    opened_month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    stage: Mapped[str] = mapped_column(String(30))
    concern_type: Mapped[str] = mapped_column(String(40))
    feedback_sought: Mapped[bool] = mapped_column(default=False)
    closed: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(String(2000), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RegisterTraining(db.Model):
    """One training session: date, tier, audience group and how many attended (no names)."""

    __tablename__ = "register_training"
    __table_args__ = (Index("ix_register_training_assessment_date", "assessment_id", "session_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    session_date: Mapped[str] = mapped_column(String(10))
    tier: Mapped[str] = mapped_column(String(30))
    audience: Mapped[str] = mapped_column(String(200))
    attended: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RegisterIncident(db.Model):
    """A serious incident or change of circumstance, and whether and when the OfS was told."""

    __tablename__ = "register_incident"
    __table_args__ = (Index("ix_register_incident_assessment_date", "assessment_id", "incident_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    incident_date: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(30))
    summary: Mapped[str] = mapped_column(String(1000), default="")
    ofs_told: Mapped[bool] = mapped_column(default=False)
    ofs_told_on: Mapped[str | None] = mapped_column(String(10))
    ofs_reference: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RegisterEvidence(db.Model):
    """A document or decision the answers rest on. Belongs to the provider, so it carries forward."""

    __tablename__ = "register_evidence"
    __table_args__ = (Index("ix_register_evidence_provider_review", "provider_id", "review_by"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30))
    owner_role: Mapped[str] = mapped_column(String(200))
    approved_by: Mapped[str] = mapped_column(String(200), default="")
    approved_on: Mapped[str | None] = mapped_column(String(10))
    review_by: Mapped[str] = mapped_column(String(10))
    link: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class EvidenceCitation(db.Model):
    """An answer of a year resting on an evidence register entry."""

    __tablename__ = "evidence_citation"
    __table_args__ = (
        UniqueConstraint("assessment_id", "question_key", "evidence_id", name="uq_evidence_citation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    question_key: Mapped[str] = mapped_column(String(64))
    evidence_id: Mapped[int] = mapped_column(ForeignKey("register_evidence.id", ondelete="CASCADE"),
                                             index=True)


class RegisterPurge(db.Model):
    """A purge of a year's expired concerns: the counts they contributed stay here (and in the data
    return); the database lets a submitted year's concerns be deleted only below such a record's cutoff."""

    __tablename__ = "register_purge"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    cutoff_month: Mapped[str] = mapped_column(String(7))  # concerns opened before this month were deleted
    removed: Mapped[int] = mapped_column(default=0)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)  # data-return field key -> count removed
