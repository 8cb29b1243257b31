"""The proportionality statement: one plain-English sentence per profile rule that changed something.

A rule "changes something" when, for this profile, it brings in or leaves out a section or a question, or
multiplies a question's weight; a rule's `note` (what the provider should know when it holds) is added to its
sentence, or is the sentence when the rule changed nothing else. Rules that changed nothing get no
sentence, so the statement lists only
what is true of this provider. The counts come from the plan, so the sentences and the scores agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..framework import Rule
from .wording import count_of, join_and, quoted, times

if TYPE_CHECKING:
    from .plan import QuestionPlan, SectionPlan

# How many section titles to name before saying "across N sections" instead.
_MAX_SECTIONS_NAMED = 2


def proportionality_statements(
    rules: Sequence[Rule], holds: Mapping[str, bool], sections: Sequence[SectionPlan]
) -> tuple[str, ...]:
    sentences = []
    for rule in rules:
        held = holds[rule.key]
        parts = _effects(rule.key, held, sections)
        note = rule.note if held else ""
        clause = rule.because if held else rule.otherwise
        if parts:
            sentences.append(f"Because {clause}, {join_and(parts)}." + (f" {note}" if note else ""))
        elif note:
            sentences.append(f"Because {clause}: {note}")
    return tuple(sentences)


def _effects(rule_key: str, holds: bool, sections: Sequence[SectionPlan]) -> list[str]:
    gated = [plan for plan in sections if rule_key in plan.section.applies_if]
    # Question-level effects only count inside sections that apply: elsewhere the section reason says it all.
    open_questions = [question for plan in sections if plan.applies for question in plan.questions]
    parts = []
    if holds:
        applying = [plan for plan in gated if plan.applies]
        if applying:
            parts.append(_sections_part(applying, "applies", "apply"))
        brought_in = [q for q in open_questions if q.applies and rule_key in q.entry.question.applies_if]
        if brought_in:
            verb = "applies" if len(brought_in) == 1 else "apply"
            parts.append(f"{count_of(len(brought_in), 'more question')} {verb} {_where(brought_in)}")
        parts += _weight_parts(rule_key, [q for q in open_questions if q.applies])
    else:
        if gated:
            parts.append(_sections_part(gated, "was left out", "were left out"))
        left_out = [q for q in open_questions if not q.applies and rule_key in q.left_out_by]
        if left_out:
            verb = "was" if len(left_out) == 1 else "were"
            parts.append(f"{count_of(len(left_out), 'question')} {verb} left out {_where(left_out)}")
    return parts


def _sections_part(plans: Sequence[SectionPlan], singular_verb: str, plural_verb: str) -> str:
    questions = sum(len(plan.questions) for plan in plans)
    noun = "section" if len(plans) == 1 else "sections"
    titles = join_and([quoted(plan.section.title) for plan in plans])
    verb = singular_verb if questions == 1 else plural_verb
    return f"the {count_of(questions, 'question')} of the {noun} {titles} {verb}"


def _weight_parts(rule_key: str, questions: Sequence[QuestionPlan]) -> list[str]:
    by_multiplier: dict[float, list[QuestionPlan]] = {}
    for question in questions:
        for change in question.weight_changes:
            if change.rule == rule_key and change.multiply != 1:
                by_multiplier.setdefault(change.multiply, []).append(question)
    parts = []
    for multiplier, weighted in by_multiplier.items():
        carry = "1 question carries" if len(weighted) == 1 else f"{len(weighted)} questions carry"
        their = "its" if len(weighted) == 1 else "their"
        parts.append(f"{carry} {times(multiplier)} {their} usual weight {_where(weighted)}")
    return parts


def _where(questions: Sequence[QuestionPlan]) -> str:
    titles = list(dict.fromkeys(question.entry.section.title for question in questions))
    if len(titles) > _MAX_SECTIONS_NAMED:
        return f"(across {len(titles)} sections)"
    return f"(in {join_and([quoted(title) for title in titles])})"
