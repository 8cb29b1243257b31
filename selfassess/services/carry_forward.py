"""Starting the next year from the last: the profile and every continuing answer copied, marked as carried
forward until a person confirms it by saving the section.

The new year is the newest framework's year. What is copied:
- the profile, for the questions the new framework asks (values it no longer offers are left out);
- every answered question of the latest earlier year that a new question continues (through `replaces`),
  with its evidence note and links, marked `carried_forward`. A value the new question cannot hold (its
  type or options changed) is left blank, but the evidence comes along and the question is still marked;
- the risk register summary's rows, marked carried forward until saved again (services.board_paper);
- nothing of the sign-off, the report settings or the narrative, and no data-return figures (the
  data-return page shows last year's beside each field);
- each carried answer's citations of the evidence register (which belongs to the provider and so carries
  forward by itself); the year's events, concerns, training and incidents stay with their year.
Task states: the context is completed when the copied profile answers every profile question; a section
is in progress when anything was carried into it (never completed: a person must confirm it).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..framework import Framework, ProfileQuestion, Question, current_framework_id, get_framework
from ..framework.model import NOT_KNOWN
from ..models import CONTEXT_KEY, DATA_RETURN_KEY, Answer, Assessment, TaskState, User, utcnow
from . import assessments, audit, board_paper, progress, tenancy
from .compare import continuing_keys
from .errors import Conflict, NotFound
from .transaction import writing


@dataclass(frozen=True)
class Started:
    assessment: Assessment
    carried_from: str | None  # the year copied from; None when there was none
    answers_carried: int


def start_next_year(user: User, ukprn: str) -> Assessment:
    """A new draft on the newest framework, carried forward from the provider's latest earlier year (or a
    plain new year when there is none). Conflict when that year already exists."""
    return start_next_year_with_summary(user, ukprn).assessment


def start_next_year_with_summary(user: User, ukprn: str) -> Started:
    access = tenancy.provider_for(user, ukprn)
    access.require_edit()
    try:
        year = current_framework_id()
        framework = get_framework(year)
    except (KeyError, LookupError, FileNotFoundError):
        raise NotFound("There is no question framework to start a new year on") from None
    source = _latest_before(access.provider.id, year)
    if source is None:
        return Started(assessments.start_year(user, ukprn, year), None, 0)
    with writing():
        exists = db.session.scalar(select(Assessment.id).where(
            Assessment.provider_id == access.provider.id, Assessment.year == year))
        if exists:
            raise Conflict(f"The {year} self-assessment has already been started.")
        source = _latest_before(access.provider.id, year)  # again, inside the write transaction
        profile = _copy_profile(framework, source.profile or {})
        assessment = Assessment(provider_id=access.provider.id, year=year, framework_id=framework.id,
                                status="draft", profile=profile, data_return={}, created_by_id=user.id)
        db.session.add(assessment)
        try:
            db.session.flush()
        except IntegrityError as exc:  # two people pressed Start at once
            raise Conflict(f"The {year} self-assessment has already been started.") from exc
        carried = _copy_answers(user, assessment, framework, source)
        _add_task_states(assessment, framework, profile, carried)
        risks = board_paper.carry_risks_forward(source, assessment)
        audit.record("year_carried_forward", user=user, provider=access.provider, assessment_id=assessment.id,
                     year=year, from_year=source.year, from_assessment_id=source.id,
                     answers_carried=sorted(carried), profile_keys=sorted(profile), risks_carried=risks)
    return Started(assessment, source.year, len(carried))


def _latest_before(provider_id: int, year: str) -> Assessment | None:
    query = select(Assessment).where(Assessment.provider_id == provider_id, Assessment.year < year)
    return db.session.scalar(query.order_by(Assessment.year.desc()).limit(1))


def _copy_profile(framework: Framework, old: dict) -> dict:
    copied = {}
    for question in framework.profile:
        if question.key in old and _profile_value_fits(question, old[question.key]):
            copied[question.key] = old[question.key]
    return copied


def _profile_value_fits(question: ProfileQuestion, value: Any) -> bool:
    if not progress.is_answered_value(value):
        return False
    if question.type in ("yes_no", "single_choice"):
        return isinstance(value, str) and value in question.option_values
    if question.type == "multiple_choice":
        return isinstance(value, list) and all(isinstance(v, str) and v in question.option_values
                                               for v in value)
    if question.type == "number":
        return _whole_in_range(value, question.min, question.max)
    return True


def _whole_in_range(value: Any, low: int | None, high: int | None) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def value_fits(question: Question, value: Any) -> bool:
    """Whether a stored value is a valid answer to this question as the new framework asks it."""
    if value is None:
        return True
    if question.type in ("yes_partly_no", "single_choice"):
        return isinstance(value, str) and value in question.option_values
    if question.type == "multiple_choice":
        return (isinstance(value, list) and bool(value)
                and all(isinstance(v, str) and v in question.option_values for v in value))
    if question.type == "number":
        if value == NOT_KNOWN:
            return question.allow_not_known
        return _whole_in_range(value, question.min, question.max)
    if question.type == "date":
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            return False
        return True
    if not isinstance(value, str):
        return False
    return question.max_length is None or len(value) <= question.max_length


def _copy_answers(user: User, assessment: Assessment, framework: Framework, source: Assessment) -> set[str]:
    old_answers = assessments.answers_of(source)
    mapping = continuing_keys(get_framework(source.framework_id), framework)
    carried = set()
    for question in framework.all_questions():
        old = old_answers.get(mapping.get(question.key, ""))
        if old is None or not progress.is_answered(old.value, old.not_applicable, old.na_reason):
            continue
        not_applicable = bool(old.not_applicable and question.allow_not_applicable)
        value = None if old.not_applicable or not value_fits(question, old.value) else old.value
        db.session.add(Answer(
            assessment_id=assessment.id, question_key=question.key, value=value,
            not_applicable=not_applicable, na_reason=(old.na_reason or "") if not_applicable else "",
            evidence_note=old.evidence_note or "", evidence_links=list(old.evidence_links or []),
            carried_forward=True, updated_by_id=user.id, updated_at=utcnow()))
        carried.add(question.key)
    _copy_citations(assessment, source, {question.key: mapping.get(question.key, "") for question
                                         in framework.all_questions() if question.key in carried})
    return carried


def _copy_citations(assessment: Assessment, source: Assessment, old_key_of: dict[str, str]) -> None:
    """A carried answer keeps citing the evidence register entries it rested on (the register carries
    forward with the provider)."""
    from ..models import EvidenceCitation

    cited: dict[str, list[int]] = {}
    rows = db.session.execute(select(EvidenceCitation.question_key, EvidenceCitation.evidence_id)
                              .where(EvidenceCitation.assessment_id == source.id))
    for key, evidence_id in rows:
        cited.setdefault(key, []).append(evidence_id)
    for new_key, old_key in old_key_of.items():
        for evidence_id in sorted(set(cited.get(old_key, ()))):
            db.session.add(EvidenceCitation(assessment_id=assessment.id, question_key=new_key,
                                            evidence_id=evidence_id))


def _add_task_states(assessment: Assessment, framework: Framework, profile: dict, carried: set[str]) -> None:
    if progress.profile_answered(framework, profile):
        context = "completed"
    else:
        context = "in_progress" if profile else "not_started"
    db.session.add(TaskState(assessment_id=assessment.id, task_key=CONTEXT_KEY, status=context))
    for section in framework.sections:
        touched = any(q.key in carried for q in section.questions)
        db.session.add(TaskState(assessment_id=assessment.id, task_key=section.key,
                                 status="in_progress" if touched else "not_started"))
    db.session.add(TaskState(assessment_id=assessment.id, task_key=DATA_RETURN_KEY, status="not_started"))
