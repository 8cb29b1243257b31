"""Plain-English fragments for reasons and the proportionality statement.

Everything the provider reads about why a question was asked, left out or weighted differently is built
here from the framework's own words (rule `because`/`otherwise` texts, option labels, section titles), so
next year's framework author changes the wording by editing the YAML, not this code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..framework import Framework, Question


def join_and(parts: Sequence[str], word: str = "and") -> str:
    """"a", "a and b", "a, b and c"."""
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {word} {parts[-1]}"


def quoted(text: str) -> str:
    return f"‘{text}’"


def count_of(number: int, singular: str, plural: str | None = None) -> str:
    """"1 question", "3 questions"."""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def times(multiplier: float) -> str:
    return f"{multiplier:g} times"


def asked_because(reasons: Sequence[str]) -> str:
    if not reasons:
        return "Asked of every provider."
    return f"Asked because {join_and(_unique(reasons))}."


def left_out_because(reasons: Sequence[str]) -> str:
    return f"Left out because {join_and(_unique(reasons))}."


def left_out_with_section(section_title: str, reasons: Sequence[str]) -> str:
    return f"Left out with the section {quoted(section_title)} because {join_and(_unique(reasons))}."


def only_asked_when(framework: Framework, condition: Mapping[str, Any]) -> str:
    """The reason a follow-up question is hidden, from its show_if condition."""
    return f"Only asked when you {_describe(framework, condition)}."


def _describe(framework: Framework, condition: Mapping[str, Any]) -> str:
    if "all" in condition:
        return join_and([_describe(framework, part) for part in condition["all"]])
    if "any" in condition:
        return join_and([_describe(framework, part) for part in condition["any"]], "or")
    if "not" in condition:
        return f"do not {_describe(framework, condition['not'])}"
    key = condition.get("question")
    if key is None or not framework.has_question(key):  # show_if only names questions; be safe anyway
        return "give a particular earlier answer"
    question = framework.question(key)[1]
    if "equals" in condition:
        values = [condition["equals"]]
    elif "in" in condition:
        values = list(condition["in"])
    else:
        return f"answer {_label(question, condition['at_least'])} or higher to {quoted(question.text)}"
    labels = [_label(question, value) for value in values]
    return f"answer {join_and(labels, 'or')} to {quoted(question.text)}"


def _label(question: Question, value: Any) -> str:
    option = question.option(str(value))
    return quoted(option.label if option is not None else str(value))


def question_keys_named(condition: Mapping[str, Any]) -> Iterable[str]:
    """Every question key a show_if condition reads."""
    for combinator in ("all", "any"):
        if combinator in condition:
            for part in condition[combinator]:
                yield from question_keys_named(part)
            return
    if "not" in condition:
        yield from question_keys_named(condition["not"])
        return
    if "question" in condition:
        yield condition["question"]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
