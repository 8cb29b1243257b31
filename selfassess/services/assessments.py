"""Reporting years: starting one, finding one the user may see, and its task list."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..framework import Framework, Section, current_framework_id, get_framework
from ..models import CONTEXT_KEY, DATA_RETURN_KEY, Answer, Assessment, Provider, TaskState, User
from . import audit, progress, tenancy
from .errors import Conflict, Locked, NotFound
from .tenancy import ProviderAccess
from .transaction import writing

STATUS_LABELS = {
    "draft": "In progress",
    "awaiting_signoff": "Awaiting sign-off",
    "submitted": "Submitted",
}


@dataclass(frozen=True)
class YearAccess:
    """One reporting year as one user sees it."""

    access: ProviderAccess
    assessment: Assessment
    framework: Framework

    @property
    def provider(self):
        return self.access.provider

    @property
    def can_edit(self) -> bool:
        return self.access.can_edit and self.assessment.status == "draft"

    def require_edit(self) -> None:
        self.access.require_edit()
        if self.assessment.status != "draft":
            raise Locked(
                f"The {self.assessment.year} self-assessment is "
                f"{STATUS_LABELS[self.assessment.status].lower()} and cannot be changed."
            )

    def section(self, key: str) -> Section:
        try:
            return self.framework.section(key)
        except KeyError:
            raise NotFound("Page not found") from None


def current_year() -> str:
    return current_framework_id()


def years_for(access: ProviderAccess) -> list[Assessment]:
    return list(
        db.session.scalars(
            select(Assessment)
            .where(Assessment.provider_id == access.provider.id)
            .order_by(Assessment.year.desc())
        ).all()
    )


def can_start_current_year(access: ProviderAccess, years: list[Assessment]) -> bool:
    return access.can_edit and current_year() not in {a.year for a in years}


def start_year(user: User, ukprn: str, year: str | None = None) -> Assessment:
    """Start a draft for the year (the current one by default); one per provider and year."""
    access = tenancy.provider_for(user, ukprn)
    access.require_edit()
    year = year or current_year()
    try:
        get_framework(year)
    except (KeyError, LookupError, FileNotFoundError):
        raise NotFound(f"There is no question framework for {year}") from None
    with writing():
        existing = db.session.scalar(
            select(Assessment.id).where(Assessment.provider_id == access.provider.id, Assessment.year == year)
        )
        if existing:
            raise Conflict(f"The {year} self-assessment has already been started.")
        assessment = Assessment(
            provider_id=access.provider.id,
            year=year,
            framework_id=year,
            status="draft",
            profile={},
            data_return={},
            created_by_id=user.id,
        )
        db.session.add(assessment)
        try:
            db.session.flush()
        except IntegrityError as exc:  # two people pressed Start at once
            raise Conflict(f"The {year} self-assessment has already been started.") from exc
        framework = get_framework(year)
        # One state row per task from the start, so every later save can lock an existing row.
        for key in (CONTEXT_KEY, *(s.key for s in framework.sections), DATA_RETURN_KEY):
            db.session.add(TaskState(assessment_id=assessment.id, task_key=key, status="not_started"))
        audit.record(
            "year_started", user=user, provider=access.provider, assessment_id=assessment.id, year=year
        )
    return assessment


def load_year(user: User, ukprn: str, year: str) -> YearAccess:
    access = tenancy.provider_for(user, ukprn)
    assessment = db.session.scalar(
        select(Assessment).where(Assessment.provider_id == access.provider.id, Assessment.year == year)
    )
    if assessment is None:
        raise NotFound("Page not found")
    return YearAccess(access, assessment, get_framework(assessment.framework_id))


def operator_year(ukprn: str, year: str) -> tuple[Provider, Assessment]:
    """The provider and year by UKPRN, for operator commands: there is no signed-in user, so no tenancy."""
    provider = db.session.scalar(select(Provider).where(Provider.ukprn == str(ukprn)))
    if provider is None:
        raise NotFound(f"There is no provider with UKPRN {ukprn}")
    assessment = db.session.scalar(
        select(Assessment).where(Assessment.provider_id == provider.id, Assessment.year == str(year))
    )
    if assessment is None:
        raise NotFound(f"{provider.name} ({provider.ukprn}) has no {year} self-assessment")
    return provider, assessment


def load_year_for_edit(user: User, ukprn: str, year: str) -> YearAccess:
    """The year, if this user may change it now (Forbidden for viewers, Locked once sent for sign-off)."""
    year_access = load_year(user, ukprn, year)
    year_access.require_edit()
    return year_access


def previous_year(year_access: YearAccess) -> Assessment | None:
    """The provider's most recent earlier year, if any."""
    return previous_year_of(year_access.assessment)


def previous_year_of(assessment: Assessment) -> Assessment | None:
    return db.session.scalar(
        select(Assessment)
        .where(
            Assessment.provider_id == assessment.provider_id, Assessment.year < assessment.year
        )
        .order_by(Assessment.year.desc())
        .limit(1)
    )


def task_states(assessment: Assessment) -> dict[str, TaskState]:
    rows = db.session.scalars(select(TaskState).where(TaskState.assessment_id == assessment.id)).all()
    return {row.task_key: row for row in rows}


def answers_of(assessment: Assessment) -> dict[str, Answer]:
    rows = db.session.scalars(select(Answer).where(Answer.assessment_id == assessment.id)).all()
    return {row.question_key: row for row in rows}


# ---- the task list ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    key: str
    title: str
    summary: str
    status: str  # not_started | in_progress | completed | cannot_start | not_applicable
    needs_review: bool = False
    updated_at: datetime | None = None
    updated_by: str | None = None


@dataclass(frozen=True)
class TaskList:
    context: Task
    sections: tuple[Task, ...]
    data_return: Task

    @property
    def applicable_sections(self) -> tuple[Task, ...]:
        return tuple(t for t in self.sections if t.status != "not_applicable")

    @property
    def sections_completed(self) -> int:
        return sum(1 for t in self.applicable_sections if t.status == "completed")

    @property
    def all_complete(self) -> bool:
        return (
            self.context.status == "completed"
            and self.data_return.status == "completed"
            and self.sections_completed == len(self.applicable_sections)
        )


def _status_of(state: TaskState | None) -> str:
    return "not_started" if state is None else state.status


def build_task_list(year_access: YearAccess) -> TaskList:
    framework, assessment = year_access.framework, year_access.assessment
    states = task_states(assessment)
    profile = assessment.profile or {}
    context_state = states.get(CONTEXT_KEY)
    context_done = context_state is not None and context_state.status == "completed"

    def task(key, title, summary, status, state):
        return Task(
            key,
            title,
            summary,
            status,
            bool(state and state.needs_review),
            state.updated_at if state else None,
            state.updated_by.name if state and state.updated_by else None,
        )

    context = task(
        CONTEXT_KEY,
        "Your provider's context",
        "Size, sites, residences and other factors that decide what applies to you",
        _status_of(context_state),
        context_state,
    )
    sections = []
    for section in framework.sections:
        state = states.get(section.key)
        if not context_done:
            status = "cannot_start"
        elif not progress.section_applies(framework, section, profile)[0]:
            status = "not_applicable"
        else:
            status = _status_of(state)
        sections.append(task(section.key, section.title, section.summary, status, state))
    data_state = states.get(DATA_RETURN_KEY)
    data_return = task(
        DATA_RETURN_KEY,
        "Annual data return",
        "Counts of external speaker decisions, cases escalated and referred, staff trained",
        _status_of(data_state),
        data_state,
    )
    return TaskList(context, tuple(sections), data_return)
