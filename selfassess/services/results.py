"""The results of a year: its scorecard, last year's for comparison, and the action plan so far."""

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..framework import get_framework
from ..models import ActionItem, Assessment
from ..scoring import Scorecard, score
from ..scoring.bands import NOT_ENOUGH_ANSWERED
from . import assessments
from .assessments import YearAccess
from .presenting import points_change_text


@dataclass(frozen=True)
class SectionChange:
    key: str
    title: str
    now: float | None
    before: float | None
    comparable: bool = True  # False while too few questions are answered for a band: blanks score nothing

    @property
    def change(self) -> float | None:
        if self.now is None or self.before is None:
            return None
        return round(self.now - self.before, 1)

    @property
    def change_text(self) -> str:
        return points_change_text(self.change) if self.comparable else "Not yet comparable"


@dataclass(frozen=True)
class ResultsPage:
    year: YearAccess
    scorecard: Scorecard
    previous_year: str | None
    previous: Scorecard | None
    changes: tuple[SectionChange, ...]
    actions: dict[str, ActionItem]

    @property
    def open_gaps(self):
        """Gaps not yet accepted into the action plan or dismissed."""
        return tuple(g for g in self.scorecard.gaps if g.question_key not in self.actions)


def scorecard_for(assessment: Assessment, answers: dict | None = None) -> Scorecard:
    """The year's scorecard; pass `answers` (assessments.answers_of) when the caller already has them. A "Yes"
    resting only on evidence past its review date counts as "Partly" (the evidence register's facts, judged
    today for a draft, at the approval date once submitted)."""
    from .registers import evidence

    framework = get_framework(assessment.framework_id)
    if answers is None:
        answers = assessments.answers_of(assessment)
    stale = evidence.stale_facts(assessment, evidence.reference_date(assessment))
    return score(framework, assessment.profile or {}, answers, stale)


def load(user, ukprn: str, year: str) -> ResultsPage:
    year_access = assessments.load_year(user, ukprn, year)
    card = scorecard_for(year_access.assessment)
    earlier = assessments.previous_year(year_access)
    previous = scorecard_for(earlier) if earlier else None
    changes = ()
    if previous is not None:
        before = {s.key: s.coverage for s in previous.sections}
        changes = tuple(SectionChange(s.key, s.title, s.coverage_rounded,
                                      round(before[s.key], 1) if before.get(s.key) is not None else None,
                                      comparable=s.band != NOT_ENOUGH_ANSWERED)
                        for s in card.sections)
    actions = {a.question_key: a for a in db.session.scalars(
        select(ActionItem).where(ActionItem.assessment_id == year_access.assessment.id))}
    return ResultsPage(year_access, card, earlier.year if earlier else None, previous, changes, actions)
