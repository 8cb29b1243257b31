"""Saving a section's answers: atomically, with a conflict check, and with an audit event."""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..models import Answer, User, row_id, utcnow
from . import assessments, audit, progress, tasks
from .errors import ValidationFailed
from .transaction import writing

MAX_LINKS = 5


@dataclass(frozen=True)
class AnswerInput:
    """One question's answer as submitted: already parsed and validated by the form."""

    value: Any = None
    not_applicable: bool = False
    na_reason: str = ""
    evidence_note: str = ""
    evidence_links: tuple[str, ...] = ()

    def as_stored(self) -> dict:
        return {
            "value": self.value,
            "not_applicable": self.not_applicable,
            "na_reason": self.na_reason,
            "evidence_note": self.evidence_note,
            "evidence_links": list(self.evidence_links),
        }


def stored_input(answer: Answer | None) -> AnswerInput:
    if answer is None:
        return AnswerInput()
    return AnswerInput(
        answer.value,
        answer.not_applicable,
        answer.na_reason or "",
        answer.evidence_note or "",
        tuple(answer.evidence_links or ()),
    )


@dataclass(eq=False)
class IncompleteSection(ValidationFailed):
    """The user said the section is complete but some applicable questions have no answer."""

    missing: list[str] = field(default_factory=list)

    def __post_init__(self):
        super().__init__([f"Question {key} has no answer" for key in self.missing])


@dataclass(frozen=True)
class SaveResult:
    status_before: str
    status_after: str
    changed: tuple[str, ...]
    version: int


def save_section(
    user: User,
    ukprn: str,
    year: str,
    section_key: str,
    inputs: dict[str, AnswerInput],
    *,
    seen_version: int | None,
    completed: bool,
    year_access: assessments.YearAccess | None = None,
) -> SaveResult:
    """Save every answer on a section page in one transaction, or nothing.

    Only applicable questions of this section are saved: keys from elsewhere are refused. When `completed`
    is true every applicable, shown question must be answered (IncompleteSection lists the others).
    `year_access`, when the caller has just loaded the year for this user (the section page has), saves
    reading the provider and the year again; the year's status is re-checked under the write lock anyway.
    """
    if year_access is None:
        year_access = assessments.load_year(user, ukprn, year)
    year_access.require_edit()
    framework, assessment = year_access.framework, year_access.assessment
    section = year_access.section(section_key)
    applying, _ = progress.applicable_questions(framework, section, assessment.profile or {})
    allowed = {q.key for q in applying}
    unknown = set(inputs) - allowed
    if unknown:
        raise ValidationFailed(f"Unknown questions for this section: {', '.join(sorted(unknown))}")
    for key, answer in inputs.items():
        if len(answer.evidence_links) > MAX_LINKS:
            raise ValidationFailed(f"{key}: at most {MAX_LINKS} evidence links")

    user_id = row_id(user)
    with writing():
        year_access.require_edit()  # again inside the transaction: the year may have been sent for sign-off
        state = tasks.claim(assessment, section.key, seen_version, user)
        status_before = state.status
        existing = {
            a.question_key: a
            for a in db.session.scalars(
                select(Answer).where(Answer.assessment_id == assessment.id, Answer.question_key.in_(allowed))
            )
        }
        merged = {key: stored_input(existing.get(key)) for key in allowed} | inputs
        if completed:
            missing = progress.unanswered(framework, applying, merged)
            if missing:
                raise IncompleteSection(missing=[q.key for q in missing])
        changed = []
        for key, answer in inputs.items():
            row = existing.get(key)
            if row is None and answer == AnswerInput():
                continue  # nothing given and nothing stored: no row needed
            if row is not None and stored_input(row) == answer and not row.carried_forward:
                continue
            if row is None:
                row = Answer(assessment_id=assessment.id, question_key=key)
                db.session.add(row)
            row.value = answer.value
            row.not_applicable = answer.not_applicable
            row.na_reason = answer.na_reason
            row.evidence_note = answer.evidence_note
            row.evidence_links = list(answer.evidence_links)
            row.carried_forward = False
            row.updated_by_id = user_id
            row.updated_at = utcnow()
            changed.append(key)
        state.status = "completed" if completed else "in_progress"
        state.needs_review = False
        audit.record(
            "section_saved",
            user=user,
            provider=year_access.provider,
            assessment_id=assessment.id,
            section=section.key,
            changed=sorted(changed),
            status_before=status_before,
            status_after=state.status,
        )
        result = SaveResult(status_before, state.status, tuple(sorted(changed)), state.version)
    return result
