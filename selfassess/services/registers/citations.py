"""Answers citing evidence register entries: which entries a year's answer to a question rests on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select

from ...extensions import db
from ...models import EvidenceCitation, RegisterEvidence, User
from .. import assessments, audit
from ..errors import NotFound, ValidationFailed
from ..transaction import writing
from . import evidence


@dataclass(frozen=True)
class CitationPage:
    year: assessments.YearAccess
    question_key: str
    question_text: str
    entries: list  # the provider's evidence register
    cited: set[int]
    today: date


def _question(year_access, key: str):
    try:
        return year_access.framework.question(key)[1]
    except KeyError:
        raise NotFound("Page not found") from None


def load(user: User, ukprn: str, year: str, question_key: str) -> CitationPage:
    year_access = assessments.load_year(user, ukprn, year)
    question = _question(year_access, question_key)
    entries = list(db.session.scalars(select(RegisterEvidence).where(
        RegisterEvidence.provider_id == year_access.provider.id).order_by(RegisterEvidence.title)))
    cited = set(db.session.scalars(select(EvidenceCitation.evidence_id).where(
        EvidenceCitation.assessment_id == year_access.assessment.id,
        EvidenceCitation.question_key == question_key)))
    return CitationPage(year_access, question_key, question.text, entries, cited,
                        evidence.reference_date(year_access.assessment))


def cite(user: User, ukprn: str, year: str, question_key: str, evidence_ids: list[int]) -> None:
    """The answer rests on exactly these entries (replacing what it cited)."""
    year_access = assessments.load_year_for_edit(user, ukprn, year)
    _question(year_access, question_key)
    wanted = set(evidence_ids)
    known = set(db.session.scalars(select(RegisterEvidence.id).where(
        RegisterEvidence.provider_id == year_access.provider.id, RegisterEvidence.id.in_(wanted))))
    if wanted - known:
        raise ValidationFailed("Choose entries from your evidence register")
    with writing():
        year_access.require_edit()
        assessment_id = year_access.assessment.id
        db.session.execute(delete(EvidenceCitation).where(EvidenceCitation.assessment_id == assessment_id,
                                                          EvidenceCitation.question_key == question_key))
        for evidence_id in sorted(wanted):
            db.session.add(EvidenceCitation(assessment_id=assessment_id, question_key=question_key,
                                            evidence_id=evidence_id))
        audit.record("evidence_cited", user=user, provider=year_access.provider, assessment_id=assessment_id,
                     question_key=question_key, evidence_ids=sorted(wanted))
