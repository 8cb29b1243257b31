"""A provider's years, newest first, with what each one came to and who signed it off."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..framework import current_framework_id
from ..models import Assessment, User
from . import assessments, results, tenancy
from .tenancy import ProviderAccess


@dataclass(frozen=True)
class YearRow:
    assessment: Assessment
    status_label: str
    coverage_text: str
    band_label: str
    completeness_text: str
    submitted_at: datetime | None
    signed_off_by: str  # "Name, Role", or "" before sign-off
    compare_with: str | None  # the provider's year before this one, for a "Compare" link

    @property
    def year(self) -> str:
        return self.assessment.year

    @property
    def submitted(self) -> bool:
        return self.assessment.status == "submitted"


@dataclass(frozen=True)
class History:
    access: ProviderAccess
    rows: tuple[YearRow, ...]
    can_start: bool
    start_year: str
    carry_from: str | None  # the year a new start would copy from

    @property
    def provider(self):
        return self.access.provider


def _signed_off_by(assessment: Assessment, users: dict[int, str]) -> str:
    parts = [p for p in (assessment.signed_off_name, assessment.signed_off_role) if p]
    if not parts and assessment.submitted_by_id in users:
        parts = [users[assessment.submitted_by_id]]
    return ", ".join(parts)


def load(user: User, ukprn: str) -> History:
    access = tenancy.provider_for(user, ukprn)
    years = assessments.years_for(access)  # newest first
    submitter_ids = {a.submitted_by_id for a in years if a.submitted_by_id and not a.signed_off_name}
    users = {}
    if submitter_ids:
        users = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(submitter_ids))).all())
    rows = []
    for index, assessment in enumerate(years):
        card = results.scorecard_for(assessment)
        earlier = years[index + 1].year if index + 1 < len(years) else None
        rows.append(YearRow(assessment, assessments.STATUS_LABELS[assessment.status], card.coverage_text,
                            card.band.label, card.completeness_text, assessment.submitted_at,
                            _signed_off_by(assessment, users), earlier))
    start_year = current_framework_id()
    can_start = assessments.can_start_current_year(access, years)
    carry_from = next((a.year for a in years if a.year < start_year), None)
    return History(access, tuple(rows), can_start, start_year, carry_from)
