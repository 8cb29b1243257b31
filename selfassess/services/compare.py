"""Two of a provider's years side by side: coverage, changed answers, new and retired questions, the data
return and the context changes that altered what applies.

Questions are lined up through `replaces`: a question of the later framework continues the question of the
earlier one that it names (the same key when unchanged). Each year's answers are shown with that year's own
framework question, so option labels read as they did at the time.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from .. import datareturn
from ..extensions import db
from ..framework import DataField, Framework, Question, get_framework
from ..models import Answer, Assessment, Provider
from ..scoring import NOT_ENOUGH_ANSWERED, Scorecard, percent_rounded, percent_text
from . import assessments, progress, results, tenancy
from .errors import NotFound, ValidationFailed
from .presenting import NOT_ANSWERED, display_answer, display_value, format_date, points_change_text

YEAR_PATTERN = re.compile(r"^\d{4}-\d{2}$")
NOT_RECORDED = "Not recorded"


# ---- lining questions up across frameworks --------------------------------------------------------------

def _chain(from_fw: Framework, to_fw: Framework) -> list[Framework]:
    """The frameworks from `to_fw` back to `from_fw` through `previous`; just the two when no path is
    recorded (then `replaces` is taken to name keys of `from_fw` directly)."""
    chain, seen = [to_fw], {to_fw.id}
    while chain[-1].id != from_fw.id:
        earlier = chain[-1].previous
        if not earlier or earlier in seen:
            return [to_fw, from_fw]
        try:
            chain.append(get_framework(earlier))
        except (KeyError, LookupError, FileNotFoundError):
            return [to_fw, from_fw]
        seen.add(earlier)
    return chain


def continuing_keys(from_fw: Framework, to_fw: Framework) -> dict[str, str]:
    """Key in `to_fw` -> the key in `from_fw` it continues, for every question that continues one."""
    if from_fw.id == to_fw.id:
        return {q.key: q.key for q in to_fw.all_questions()}
    chain = _chain(from_fw, to_fw)
    mapping = {}
    for question in to_fw.all_questions():
        key: str | None = question.key
        for framework in chain[:-1]:
            if key is None or not framework.has_question(key):
                key = None
                break
            key = framework.question(key)[1].replaces
        if key is not None and chain[-1].has_question(key):
            mapping[question.key] = key
    return mapping


# ---- what the comparison holds ---------------------------------------------------------------------------

@dataclass(frozen=True)
class CoverageChange:
    key: str
    title: str
    before: float | None  # exact percentages, None when nothing scored applies
    now: float | None
    comparable: bool = True  # False when either year has too few answers for a band, as on the results page

    @property
    def before_text(self) -> str:
        return percent_text(self.before)

    @property
    def now_text(self) -> str:
        return percent_text(self.now)

    @property
    def change(self) -> float | None:
        """Points of change between the rounded figures shown (as on the results page)."""
        if self.before is None or self.now is None:
            return None
        return round(percent_rounded(self.now) - percent_rounded(self.before), 1)

    @property
    def change_text(self) -> str:
        return points_change_text(self.change) if self.comparable else "Not yet comparable"


@dataclass(frozen=True)
class AnswerChange:
    key: str
    previous_key: str
    section_title: str
    question_text: str
    before: str
    now: str


@dataclass(frozen=True)
class QuestionRef:
    key: str
    text: str
    section_title: str


@dataclass(frozen=True)
class FigureRow:
    key: str
    label: str
    group_title: str
    before: str
    now: str
    change: int | None
    total: bool = False

    @property
    def change_text(self) -> str:
        if self.change is None:
            return "No comparison"
        return "No change" if self.change == 0 else f"{self.change:+,}"


@dataclass(frozen=True)
class ProfileChange:
    key: str
    text: str
    before: str
    now: str


@dataclass(frozen=True)
class ApplyChange:
    kind: str  # "section" or "question"
    key: str
    title: str  # section title or question text
    section_title: str
    now_applies: bool
    reason: str


@dataclass(frozen=True)
class Comparison:
    provider: Provider
    earlier: Assessment
    later: Assessment
    earlier_card: Scorecard
    later_card: Scorecard
    overall: CoverageChange
    sections: tuple[CoverageChange, ...]
    changed_answers: tuple[AnswerChange, ...]
    not_yet_answered: tuple[QuestionRef, ...]  # answered in the earlier year, not yet in the later one
    new_questions: tuple[QuestionRef, ...]
    retired_questions: tuple[QuestionRef, ...]
    figures: tuple[FigureRow, ...]
    profile_changes: tuple[ProfileChange, ...]
    applies_changes: tuple[ApplyChange, ...]
    later_context_complete: bool

    @property
    def from_year(self) -> str:
        return self.earlier.year

    @property
    def to_year(self) -> str:
        return self.later.year


# ---- building it -------------------------------------------------------------------------------------------

def compare(user, ukprn: str, from_year: str | None, to_year: str | None) -> Comparison:
    """The comparison of two of the provider's years. NotFound for another provider or a year the provider
    does not have; ValidationFailed for missing or malformed years, or the same year twice."""
    access = tenancy.provider_for(user, ukprn)  # tenancy first: nothing about the request leaks
    problems = []
    for name, value in (("from", from_year), ("to", to_year)):
        if not value:
            problems.append(f"Choose the year to compare {name} (‘{name}’ is missing).")
        elif not YEAR_PATTERN.match(value):
            problems.append(f"‘{name}’ must be a reporting year like 2024-25.")
    if problems:
        raise ValidationFailed(problems)
    if from_year == to_year:
        raise ValidationFailed("Choose two different years to compare.")
    if from_year > to_year:
        raise ValidationFailed("The year to compare from must be earlier than the year to compare to.")
    found = {a.year: a for a in db.session.scalars(select(Assessment).where(
        Assessment.provider_id == access.provider.id, Assessment.year.in_((from_year, to_year))))}
    if from_year not in found or to_year not in found:
        raise NotFound("Page not found")
    return build(access.provider, found[from_year], found[to_year])


def build(provider: Provider, earlier: Assessment, later: Assessment) -> Comparison:
    from_fw, to_fw = get_framework(earlier.framework_id), get_framework(later.framework_id)
    earlier_answers, later_answers = assessments.answers_of(earlier), assessments.answers_of(later)
    # Each year's answers are read once and serve both the scorecard and the list of changed answers.
    earlier_card = results.scorecard_for(earlier, earlier_answers)
    later_card = results.scorecard_for(later, later_answers)
    mapping = continuing_keys(from_fw, to_fw)
    changed, not_yet = _answer_changes(from_fw, to_fw, mapping, earlier_answers, later_answers)
    continued = set(mapping.values())
    new = tuple(_ref(to_fw, q) for q in to_fw.all_questions() if q.key not in mapping)
    retired = tuple(_ref(from_fw, q) for q in from_fw.all_questions() if q.key not in continued)
    old_profile, new_profile = dict(earlier.profile or {}), dict(later.profile or {})
    later_context_complete = progress.profile_answered(to_fw, new_profile)
    return Comparison(
        provider=provider, earlier=earlier, later=later, earlier_card=earlier_card, later_card=later_card,
        overall=CoverageChange("overall", "Overall", earlier_card.coverage, later_card.coverage,
                               _comparable(earlier_card.band, later_card.band)),
        sections=_section_changes(earlier_card, later_card),
        changed_answers=changed, not_yet_answered=not_yet, new_questions=new, retired_questions=retired,
        figures=_figures(to_fw, earlier.data_return or {}, later.data_return or {}),
        profile_changes=_profile_changes(from_fw, to_fw, old_profile, new_profile),
        applies_changes=_applies_changes(to_fw, old_profile, new_profile) if later_context_complete else (),
        later_context_complete=later_context_complete,
    )


def _ref(framework: Framework, question: Question) -> QuestionRef:
    return QuestionRef(question.key, question.text, framework.section(question.section_key).title)


def _section_changes(earlier: Scorecard, later: Scorecard) -> tuple[CoverageChange, ...]:
    before = {s.key: s for s in earlier.sections}
    return tuple(
        CoverageChange(s.key, s.title, getattr(before.get(s.key), "coverage", None), s.coverage,
                       _comparable(getattr(before.get(s.key), "band", None), s.band))
        for s in later.sections
    )


def _comparable(*bands) -> bool:
    """Blanks score nothing, so a year with too few answers would show a fall of tens of points."""
    return NOT_ENOUGH_ANSWERED not in bands


def _answered(row: Answer | None) -> bool:
    return row is not None and progress.is_answered(row.value, row.not_applicable, row.na_reason)


def _essence(row: Answer) -> tuple:
    if row.not_applicable:
        return ("not_applicable", (row.na_reason or "").strip())
    value = row.value
    if isinstance(value, list):
        value = tuple(sorted(map(str, value)))
    return ("value", value)


def _answer_changes(from_fw, to_fw, mapping, earlier_answers, later_answers):
    changed, not_yet = [], []
    for question in to_fw.all_questions():
        old_key = mapping.get(question.key)
        if old_key is None:
            continue
        old, new = earlier_answers.get(old_key), later_answers.get(question.key)
        if not _answered(new):
            if _answered(old):
                not_yet.append(_ref(to_fw, question))
            continue
        if _answered(old) and _essence(old) == _essence(new):
            continue
        _, old_question = from_fw.question(old_key)
        before = display_answer(old_question, old) if _answered(old) else NOT_ANSWERED
        changed.append(AnswerChange(question.key, old_key, to_fw.section(question.section_key).title,
                                    question.text, before, display_answer(question, new)))
    return tuple(changed), tuple(not_yet)


def _figure_text(item, value) -> str:
    if value is None:
        return NOT_RECORDED
    if isinstance(item, DataField) and item.type == "date":
        return format_date(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def _figures(framework: Framework, before: Mapping[str, Any],
             now: Mapping[str, Any]) -> tuple[FigureRow, ...]:
    summary = datareturn.summarise(framework, now, previous=before)
    rows = []
    for group in framework.data_groups:
        for item in (*group.fields, *group.totals):
            change = summary.changes[item.key]
            rows.append(FigureRow(item.key, item.label, group.title, _figure_text(item, change.previous),
                                  _figure_text(item, change.current), change.change,
                                  total=not isinstance(item, DataField)))
    return tuple(rows)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return a == b


def _profile_changes(from_fw, to_fw, before, now) -> tuple[ProfileChange, ...]:
    changes = []
    for question in to_fw.profile:
        old, new = before.get(question.key), now.get(question.key)
        if _same(old, new):
            continue
        try:
            old_question = from_fw.profile_question(question.key)
        except KeyError:
            old_question = question
        changes.append(ProfileChange(question.key, question.text, display_value(old_question, old),
                                     display_value(question, new)))
    return tuple(changes)


def _applies_changes(framework: Framework, before, now) -> tuple[ApplyChange, ...]:
    """Sections and questions of the later framework that apply under one profile and not the other (judged
    by the later framework's rules, so only the context change counts)."""
    def reason(item, applies_now: bool) -> str:
        flipped = [key for key in item.applies_if
                   if framework.rule_holds(key, before) != framework.rule_holds(key, now)]
        return "Because " + "; ".join(framework.rules[key].statement(applies_now) for key in flipped)

    changes = []
    for section in framework.sections:
        was, is_now = framework.applies(section, before), framework.applies(section, now)
        if was != is_now:
            changes.append(ApplyChange("section", section.key, section.title, section.title, is_now,
                                       reason(section, is_now)))
            continue
        if not is_now:
            continue
        for question in section.questions:
            was_q, now_q = framework.applies(question, before), framework.applies(question, now)
            if was_q != now_q:
                changes.append(ApplyChange("question", question.key, question.text, section.title, now_q,
                                           reason(question, now_q)))
    return tuple(changes)
