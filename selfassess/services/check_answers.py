"""Everything entered for a year on one page, before it goes for sign-off."""

from dataclasses import dataclass

from .. import datareturn
from . import assessments, progress
from .answers import stored_input
from .assessments import YearAccess
from .presenting import display_answer, display_value


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: str
    answered: bool
    section_key: str | None = None
    evidence: str = ""
    links: tuple[str, ...] = ()
    carried_forward: bool = False


@dataclass(frozen=True)
class SectionSummary:
    key: str
    title: str
    status: str
    applies: bool
    reason: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Summary:
    year: YearAccess
    tasks: assessments.TaskList
    context_rows: tuple[Row, ...]
    sections: tuple[SectionSummary, ...]
    data_rows: tuple[Row, ...]
    warnings: tuple[datareturn.ConsistencyWarning, ...]

    @property
    def unanswered(self) -> int:
        return sum(1 for s in self.sections for r in s.rows if not r.answered)


def build(user, ukprn: str, year: str) -> Summary:
    year_access = assessments.load_year(user, ukprn, year)
    framework, assessment = year_access.framework, year_access.assessment
    profile = assessment.profile or {}
    answers = assessments.answers_of(assessment)
    tasks = assessments.build_task_list(year_access)
    status_by_key = {t.key: t.status for t in tasks.sections}

    context_rows = tuple(
        Row(
            q.key,
            q.text,
            display_value(q, profile.get(q.key)),
            progress.is_answered_value(profile.get(q.key)),
        )
        for q in framework.profile
    )
    inputs = {k: stored_input(a) for k, a in answers.items()}
    sections = []
    for section in framework.sections:
        applies, reason = progress.section_applies(framework, section, profile)
        questions, _ = progress.applicable_questions(framework, section, profile) if applies else ([], [])
        shown = progress.shown_questions(framework, questions, {k: a.value for k, a in inputs.items()})
        rows = []
        for question in shown:
            answer = answers.get(question.key)
            given = stored_input(answer)
            rows.append(
                Row(
                    question.key,
                    question.text,
                    display_answer(question, given if answer else None),
                    answer is not None
                    and progress.is_answered(given.value, given.not_applicable, given.na_reason),
                    section.key,
                    given.evidence_note,
                    given.evidence_links,
                    bool(answer and answer.carried_forward),
                )
            )
        sections.append(
            SectionSummary(
                section.key, section.title, status_by_key[section.key], applies, reason, tuple(rows)
            )
        )
    values = assessment.data_return or {}
    data_rows = tuple(
        Row(f.key, f.label, display_value(f, values.get(f.key)), values.get(f.key) is not None)
        for f in framework.data_fields()
    )
    warnings = datareturn.summarise(framework, values).warnings
    return Summary(year_access, tasks, context_rows, tuple(sections), data_rows, tuple(warnings))
