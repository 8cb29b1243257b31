"""Answers as people read them: option labels, formatted numbers and dates. Pure functions."""

from datetime import date
from typing import Any

from ..framework import ProfileQuestion, Question
from ..framework.model import NOT_KNOWN

NOT_ANSWERED = "Not answered"


def points_change_text(change: float | None) -> str:
    """A change in coverage as the site's tables show it: "+2.5 points", "-1 point", "No change"."""
    if change is None:
        return "No comparison"
    if change == 0:
        return "No change"
    return f"{change:+g} point{'' if abs(change) == 1 else 's'}"


def format_date(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        value = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{value.day} {value.strftime('%B %Y')}"


def display_value(question: Question | ProfileQuestion, value: Any) -> str:
    if value in (None, "", []):
        return NOT_ANSWERED
    if question.type == "yes_no":
        return {"yes": "Yes", "no": "No"}.get(value, str(value))
    if question.type in {"yes_partly_no", "single_choice"}:
        option = question.option(value)
        return option.label if option else str(value)
    if question.type == "multiple_choice":
        labels = [(question.option(v).label if question.option(v) else str(v)) for v in value]
        return "; ".join(labels)
    if question.type == "number":
        if value == NOT_KNOWN:
            return "Not known"
        unit = f" {question.unit}" if getattr(question, "unit", "") else ""
        return f"{value:,}{unit}" if isinstance(value, int) else str(value)
    if question.type == "date":
        return format_date(value)
    return str(value)


def display_answer(question: Question, answer) -> str:
    """The answer to a section question, including 'Not applicable' with its reason."""
    if answer is None:
        return NOT_ANSWERED
    if answer.not_applicable:
        return f"Not applicable: {answer.na_reason}"
    return display_value(question, answer.value)
