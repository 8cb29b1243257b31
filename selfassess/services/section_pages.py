"""What a section page shows: the applicable questions, those left out and why, and what is saved."""

from dataclasses import dataclass

from ..framework import Question, Section
from ..models import TaskState
from . import assessments, progress
from .answers import AnswerInput, stored_input
from .assessments import YearAccess
from .errors import NotFound


@dataclass(frozen=True)
class SectionPage:
    year: YearAccess
    section: Section
    questions: list[Question]
    left_out: list[progress.LeftOut]
    stored: dict[str, AnswerInput]
    state: TaskState | None
    next_section: Section | None
    carried_forward: frozenset[str] = frozenset()  # keys whose stored answer was copied from last year
    revised: dict[str, str] | None = None  # key -> what a framework revision changed since it was answered

    @property
    def version(self) -> int:
        return self.state.version if self.state else 0

    @property
    def completed(self) -> bool:
        return bool(self.state and self.state.status == "completed")


class ContextFirst(NotFound):
    """A section opened before the context is complete: the page says what to do first."""


def load(user, ukprn: str, year: str, section_key: str) -> SectionPage:
    year_access = assessments.load_year(user, ukprn, year)
    framework, assessment = year_access.framework, year_access.assessment
    section = year_access.section(section_key)
    profile = assessment.profile or {}
    states = assessments.task_states(assessment)
    context_state = states.get("context")
    if context_state is None or context_state.status != "completed":
        raise ContextFirst("Complete your provider's context first: which sections and questions apply "
                           "depends on it.")
    applies, _ = progress.section_applies(framework, section, profile)
    if not applies:
        raise NotFound("This section does not apply to your provider")
    questions, left_out = progress.applicable_questions(framework, section, profile)
    answers = assessments.answers_of(assessment)
    stored = {key: stored_input(answers.get(key)) for key in (q.key for q in questions) if key in answers}
    following = [s for s in framework.sections[framework.sections.index(section) + 1:]
                 if progress.section_applies(framework, s, profile)[0]]
    carried = frozenset(key for key in stored if answers[key].carried_forward)
    return SectionPage(year_access, section, questions, left_out, stored, states.get(section.key),
                       following[0] if following else None, carried,
                       revised_since_answered(framework, answers))


def revised_since_answered(framework, answers) -> dict[str, str]:
    """Answered questions that a framework revision changed after the answer was saved: the answer is kept,
    and the editor is asked to check it still fits the revised question."""
    flags = {}
    for key, answer in answers.items():
        revision = framework.revision_changing(key)
        if revision is None or answer.updated_at is None:
            continue
        if answer.updated_at.date().isoformat() < revision.date:
            flags[key] = (f"Changed in revision {revision.number} of the question set, after you answered: "
                          f"{revision.notes} Check your answer still fits.")
    return flags
