"""The year at a glance, through the year: reviews falling due, overdue actions, this month's events and
concerns, and the days until the return is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import func, select

from ...extensions import db
from ...models import ActionItem, RegisterConcern, RegisterEvent, RegisterEvidence
from .. import assessments
from ..signoff_checks import reporting_year_end
from . import MODULES, YEAR_REGISTERS, evidence, training

RETURN_DUE_AFTER_YEAR_END_DAYS = 123  # the annual return is due on 1 December after the year ends


@dataclass(frozen=True)
class RegisterCount:
    key: str
    title: str
    count: int


@dataclass(frozen=True)
class YearDashboard:
    year: assessments.YearAccess
    today: date
    counts: tuple[RegisterCount, ...]
    evidence_count: int
    reviews_due: list  # evidence entries due for review within 60 days
    stale: list  # evidence entries past their review date
    overdue_actions: list
    events_this_month: int
    concerns_this_month: int
    return_due: date | None
    training_shares: list

    @property
    def days_until_due(self) -> int | None:
        return (self.return_due - self.today).days if self.return_due else None


def return_due_date(framework) -> date | None:
    end = reporting_year_end(framework)
    return date.fromordinal(end.toordinal() + RETURN_DUE_AFTER_YEAR_END_DAYS) if end else None


def load(user, ukprn: str, year: str, today: date | None = None) -> YearDashboard:
    today = today or date.today()
    year_access = assessments.load_year(user, ukprn, year)
    assessment = year_access.assessment
    counts = []
    for key in YEAR_REGISTERS:
        model = MODULES[key].MODEL
        n = db.session.scalar(select(func.count()).select_from(model)
                              .where(model.assessment_id == assessment.id))
        counts.append(RegisterCount(key, MODULES[key].REGISTER.title, n or 0))
    evidence_count = db.session.scalar(select(func.count()).select_from(RegisterEvidence).where(
        RegisterEvidence.provider_id == assessment.provider_id)) or 0
    month = today.strftime("%Y-%m")
    events_month = db.session.scalar(select(func.count()).select_from(RegisterEvent).where(
        RegisterEvent.assessment_id == assessment.id, RegisterEvent.event_date >= f"{month}-01",
        RegisterEvent.event_date <= f"{month}-31")) or 0
    concerns_month = db.session.scalar(select(func.count()).select_from(RegisterConcern).where(
        RegisterConcern.assessment_id == assessment.id, RegisterConcern.opened_month == month)) or 0
    overdue = list(db.session.scalars(select(ActionItem).where(
        ActionItem.assessment_id == assessment.id, ActionItem.status.in_(("not_started", "in_progress")),
        ActionItem.due_date < today.isoformat()).order_by(ActionItem.due_date)))
    return YearDashboard(
        year_access, today, tuple(counts), evidence_count,
        evidence.due_soon(assessment.provider_id, today),
        evidence.stale_entries(assessment.provider_id, today),
        overdue, events_month, concerns_month, return_due_date(year_access.framework),
        training.in_date_shares(assessment, today, int(current_app.config["TRAINING_REFRESHER_MONTHS"]),
                                assessment.data_return or {}))
