"""Database models and the invariants that belong to the data itself."""

import re
import secrets
from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    UniqueConstraint,
    false,
    inspect,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from .extensions import db

# Exactly eight ASCII digits, the first a 1 (UKPRNs run from 10000000): not Arabic-Indic or other digits
# that \d would accept.
UKPRN_PATTERN = re.compile(r"1[0-9]{7}", re.ASCII)  # used with fullmatch
UKPRN_MESSAGE = "UKPRN must be 8 digits starting with 1, like 10012345"
ROLES = ("editor", "approver", "viewer")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def user_search_text(name: str | None, email: str | None) -> str:
    """What the administrators' user search matches: name and email case-folded in Python (Unicode, the same
    on both databases), so the search is a plain LIKE on one column. The newline keeps a search from matching
    across the two: no search contains one."""
    return f"{name or ''}\n{email or ''}".casefold()


def row_id(obj) -> int | None:
    """The primary key of a row without a query, even after a commit has expired the object.

    services.transaction.writing() commits the request's read transaction before it begins the write one,
    which expires every loaded object; reading `user.id` then costs a SELECT (and an early flush).
    """
    if obj is None:
        return None
    obj = obj._get_current_object() if hasattr(obj, "_get_current_object") else obj  # current_user
    state = inspect(obj, raiseerr=False)
    if state is not None and state.identity:
        return state.identity[0]
    return getattr(obj, "id", None)


class Provider(db.Model):
    __tablename__ = "provider"
    __table_args__ = (
        CheckConstraint("length(ukprn) = 8", name="ukprn_length"),
        Index("ix_provider_name", "name"),  # the administration list is ordered by name and paginated
    )

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
        if not UKPRN_PATTERN.fullmatch(value or ""):
            raise ValueError("UKPRN must be 8 digits starting with 1")
        return value

    def __repr__(self) -> str:
        return f"<Provider {self.ukprn} {self.name!r}>"


class User(UserMixin, db.Model):
    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL
    __table_args__ = (Index("ix_user_account_name", "name"),)  # the paginated administration list

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
    # An administrator's temporary password: the person must choose their own before doing anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    password_changed_at: Mapped[datetime | None]
    # The TOTP second factor (base32 secret) once enrolled, and the last time step used, so a code is
    # accepted once only.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enrolled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # user_search_text(name, email), kept by the validators below; read by services.admin_lists.users
    search_text: Mapped[str] = mapped_column(String(1000), default="", server_default="")

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @validates("email")
    def _normalise(self, _key, value):
        value = normalise_email(value)
        self.search_text = user_search_text(self.name, value)
        return value

    @validates("name")
    def _searchable_name(self, _key, value):
        self.search_text = user_search_text(value, self.email)
        return value

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return bool(self.active)

    def get_id(self) -> str:
        return self.session_token

    @property
    def has_second_factor(self) -> bool:
        return self.totp_secret is not None

    @property
    def roles(self) -> set[str]:
        """Every role this person holds anywhere, 'admin' included: what decides if a second factor is
        required."""
        return {m.role for m in self.memberships} | ({"admin"} if self.is_admin else set())

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


class SignInCounter(db.Model):
    """Sign-in attempts counted in a fixed window for one key: an account, an account from one address, an
    address, or the whole service (services/sign_in_limits.py). Kept in the database so every worker and
    host shares the limits; one row per key, so a flood updates rows rather than adding them."""

    __tablename__ = "sign_in_counter"
    __table_args__ = (Index("ix_sign_in_counter_window_start", "window_start"),)

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    window_start: Mapped[datetime]
    count: Mapped[int] = mapped_column(default=0)


class RecoveryCode(db.Model):
    """A one-time code that stands in for the authenticator app; only its SHA-256 is kept."""

    __tablename__ = "recovery_code"
    __table_args__ = (UniqueConstraint("user_id", "code_hash", name="uq_recovery_code_user_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]


class AuditEvent(db.Model):
    """Who did what, when, to which provider's data. Never holds passwords or personal case data."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_provider_at", "provider_id", "at"),
        # A year's cycle on the sign-off page: bounded by the year, not by the whole audit trail.
        Index("ix_audit_event_assessment_at", "assessment_id", "at"),
    )

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


MAIL_STATUSES = ("queued", "sent", "failed")
NOTIFICATION_KINDS = ("sent_for_signoff", "sent_back", "signed_off", "reopened", "deadline_reminder")


class OutboxMessage(db.Model):
    """An email waiting to be sent, queued in the same transaction as the action it tells people about.

    `flask send-mail` sends what is due and retries failures with a growing delay, so a mail server that is
    down never fails anyone's action. The body holds links and names, never answer content.
    """

    __tablename__ = "mail_outbox"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'sent', 'failed')", name="status_known"),
        Index("ix_mail_outbox_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(String(8000))
    status: Mapped[str] = mapped_column(String(20), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    sent_at: Mapped[datetime | None]
    # Reminders only: one per user, year and threshold, however often the command runs.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)


class NotificationOptOut(db.Model):
    """A kind of email a user has turned off; every kind is on unless a row says otherwise."""

    __tablename__ = "notification_opt_out"
    __table_args__ = (UniqueConstraint("user_id", "kind", name="uq_notification_opt_out_user_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
class ReportSettings(db.Model):
    """A year's board-paper settings and narrative: what the annual report says beyond the answers.

    One row per year, made when first saved. `route` is the committee route already taken, in order:
    [{"body": "Audit and risk committee", "date": "2025-11-12"}]; `section_commentary` maps a section key to
    the lead's optional commentary on it."""

    __tablename__ = "report_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), unique=True)
    meeting: Mapped[str] = mapped_column(String(200), default="")  # the body asked to approve, e.g. "Board"
    meeting_date: Mapped[str | None] = mapped_column(String(10))  # ISO date
    route: Mapped[list] = mapped_column(JSON, default=list)
    author: Mapped[str] = mapped_column(String(200), default="")  # a role or a name: the provider's choice
    sponsor: Mapped[str] = mapped_column(String(200), default="")
    recommendation: Mapped[str] = mapped_column(String(2000), default="")  # "" prints the default
    confidentiality: Mapped[str] = mapped_column(String(200), default="")  # "" prints the default
    lead_summary: Mapped[str] = mapped_column(String(5000), default="")
    developments: Mapped[str] = mapped_column(String(5000), default="")
    themes: Mapped[str] = mapped_column(String(5000), default="")
    events_commentary: Mapped[str] = mapped_column(String(5000), default="")
    horizon: Mapped[str] = mapped_column(String(5000), default="")
    section_commentary: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class RiskEntry(db.Model):
    """One line of a year's Prevent risk register summary: ratings 1-5 before and after controls."""

    __tablename__ = "risk_entry"
    __table_args__ = (
        CheckConstraint("inherent_likelihood BETWEEN 1 AND 5 AND inherent_impact BETWEEN 1 AND 5 AND "
                        "residual_likelihood BETWEEN 1 AND 5 AND residual_impact BETWEEN 1 AND 5",
                        name="ratings_1_to_5"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    risk: Mapped[str] = mapped_column(String(500))
    inherent_likelihood: Mapped[int]
    inherent_impact: Mapped[int]
    residual_likelihood: Mapped[int]
    residual_impact: Mapped[int]
    owner: Mapped[str] = mapped_column(String(200), default="")  # a role
    trend: Mapped[str] = mapped_column(String(20), default="stable")  # new | rising | stable | falling
    carried_forward: Mapped[bool] = mapped_column(default=False, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


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
