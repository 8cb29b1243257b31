"""What applies to a provider and how far each task has got: framework logic over a profile and answers.

No database access here: callers pass plain values, so the task list, the section pages and the check-answers
page all agree on what "applies" and "answered" mean.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..framework import Framework, Question, Section


def is_answered_value(value: Any) -> bool:
    return value not in (None, "", [], ())


def is_answered(value: Any, not_applicable: bool, na_reason: str) -> bool:
    """An answer counts when it has a value, or is marked not applicable with a reason."""
    if not_applicable:
        return bool((na_reason or "").strip())
    return is_answered_value(value)


def profile_answered(framework: Framework, profile: Mapping[str, Any]) -> bool:
    return all(is_answered_value(profile.get(q.key)) for q in framework.profile)


@dataclass(frozen=True)
class LeftOut:
    question: Question
    reason: str


def applicable_questions(framework: Framework, section: Section,
                         profile: Mapping[str, Any]) -> tuple[list[Question], list[LeftOut]]:
    """The section's questions that apply to this provider's context, and those left out with the reason."""
    applying, left_out = [], []
    for question in section.questions:
        failing = [key for key in question.applies_if if not framework.rule_holds(key, profile)]
        if failing:
            reason = "; ".join(framework.rules[key].otherwise for key in failing)
            left_out.append(LeftOut(question, f"Because {reason}"))
        else:
            applying.append(question)
    return applying, left_out


def section_applies(framework: Framework, section: Section, profile: Mapping[str, Any]) -> tuple[bool, str]:
    failing = [key for key in section.applies_if if not framework.rule_holds(key, profile)]
    if not failing:
        return True, ""
    return False, "Because " + "; ".join(framework.rules[key].otherwise for key in failing)


def shown_questions(framework: Framework, questions: list[Question],
                    values: Mapping[str, Any]) -> list[Question]:
    """Of the applicable questions, those asked given the answers so far (show-if follow-ups)."""
    return [q for q in questions if framework.is_shown(q, values)]


def unanswered(framework: Framework, questions: list[Question], answers: Mapping[str, Any]) -> list[Question]:
    """Applicable, shown questions without an answer. `answers` maps key -> object with value,
    not_applicable and na_reason attributes."""
    # Follow-ups only look at answers to questions that are asked here and not marked not applicable,
    # as scoring does: an old answer left behind by a context change does not reveal anything.
    asked = {q.key for q in questions}
    values = {key: a.value for key, a in answers.items() if key in asked and not a.not_applicable}
    missing = []
    for question in shown_questions(framework, questions, values):
        answer = answers.get(question.key)
        if answer is None or not is_answered(answer.value, answer.not_applicable, answer.na_reason):
            missing.append(question)
    return missing
