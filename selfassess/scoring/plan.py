"""What a provider's profile decides before any answer is read: which sections and questions apply, why,
and what each question weighs.

Two caches keep scoring fast without making it stateful:
- `index_for(framework)`: per framework object, the questions in order with their guidance resolved.
- `_plan(index, rule outcomes)`: per framework and per combination of rule outcomes. Everything the
  profile decides goes through the named rules, so two profiles on which every rule agrees share a plan.
Frameworks are compared by identity, so two test frameworks with the same id never share a cache entry.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..framework import Framework, Question, Rule, Section
from . import wording
from .model import GuidanceLink, WeightChange
from .proportionality import proportionality_statements


@dataclass(frozen=True, slots=True, eq=False)
class QuestionEntry:
    """A question with what never changes between providers, worked out once per framework."""

    question: Question
    section: Section
    order: int  # position in the whole framework, for stable tie-breaks
    guidance: tuple[GuidanceLink, ...]
    follows: tuple[str, ...]  # question keys its show_if reads
    hidden_reason: str  # "Only asked when you answer ..." ("" without show_if)


@dataclass(frozen=True, slots=True, eq=False)
class FrameworkIndex:
    framework: Framework
    rules: tuple[Rule, ...]
    sections: tuple[tuple[Section, tuple[QuestionEntry, ...]], ...]


@dataclass(frozen=True, slots=True, eq=False)
class QuestionPlan:
    entry: QuestionEntry
    applies: bool  # by the profile alone; show_if is decided later, by the answers
    why: str
    effective_weight: float
    weight_changes: tuple[WeightChange, ...]
    left_out_by: tuple[str, ...]  # rule keys that left it out (those of the question it follows, if so)


@dataclass(frozen=True, slots=True, eq=False)
class SectionPlan:
    section: Section
    applies: bool
    why: str
    questions: tuple[QuestionPlan, ...]


@dataclass(frozen=True, slots=True, eq=False)
class ProfilePlan:
    sections: tuple[SectionPlan, ...]
    proportionality: tuple[str, ...]


@functools.lru_cache(maxsize=16)
def index_for(framework: Framework) -> FrameworkIndex:
    sections = []
    order = 0
    for section in framework.sections:
        entries = []
        for question in section.questions:
            entries.append(
                QuestionEntry(
                    question=question,
                    section=section,
                    order=order,
                    guidance=tuple(_guidance_link(framework, g.ref, g.where) for g in question.guidance),
                    follows=tuple(wording.question_keys_named(question.show_if or {})),
                    hidden_reason=(
                        wording.only_asked_when(framework, question.show_if) if question.show_if else ""
                    ),
                )
            )
            order += 1
        sections.append((section, tuple(entries)))
    return FrameworkIndex(framework, tuple(framework.rules.values()), tuple(sections))


def _guidance_link(framework: Framework, ref: str, where: str) -> GuidanceLink:
    reference = framework.references.get(ref)
    return GuidanceLink(ref, reference.title if reference else ref, where, reference.url if reference else "")


def plan_for(framework: Framework, profile: Mapping[str, Any]) -> ProfilePlan:
    index = index_for(framework)
    try:
        key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in profile.items()))
        hash(key)
    except TypeError:  # an unhashable stored value: evaluate the rules directly
        return _plan(index, _outcomes(index, profile))
    return _plan_by_profile(index, key)


@functools.lru_cache(maxsize=512)
def _plan_by_profile(index: FrameworkIndex, profile_items: tuple) -> ProfilePlan:
    # The profile rarely changes while the answers do, and 2025-26 has some forty rules: evaluate them once.
    return _plan(index, _outcomes(index, dict((k, list(v) if isinstance(v, tuple) else v)
                                               for k, v in profile_items)))


def _outcomes(index: FrameworkIndex, profile: Mapping[str, Any]) -> tuple[bool, ...]:
    return tuple(index.framework.evaluate(rule.when, profile) for rule in index.rules)


@functools.lru_cache(maxsize=512)
def _plan(index: FrameworkIndex, outcomes: tuple[bool, ...]) -> ProfilePlan:
    rules = {rule.key: rule for rule in index.rules}
    holds = {rule.key: outcome for rule, outcome in zip(index.rules, outcomes, strict=True)}
    section_plans = tuple(_section_plan(s, entries, rules, holds) for s, entries in index.sections)
    return ProfilePlan(section_plans, proportionality_statements(index.rules, holds, section_plans))


def _section_plan(
    section: Section, entries: tuple[QuestionEntry, ...], rules: Mapping[str, Rule], holds: Mapping[str, bool]
) -> SectionPlan:
    failing = [key for key in section.applies_if if not holds[key]]
    if failing:
        reasons = [rules[key].otherwise for key in failing]
        why = wording.left_out_with_section(section.title, reasons)
        questions = tuple(_question_plan(e, holds, rules, False, why, tuple(failing)) for e in entries)
        return SectionPlan(section, False, wording.left_out_because(reasons), questions)
    section_reasons = [rules[key].because for key in section.applies_if]
    plans: dict[str, QuestionPlan] = {}
    for entry in entries:
        question = entry.question
        failing = [key for key in question.applies_if if not holds[key]]
        controllers = [plans[key] for key in entry.follows if key in plans]
        if failing:
            why = wording.left_out_because([rules[key].otherwise for key in failing])
            plan = _question_plan(entry, holds, rules, False, why, tuple(failing))
        elif controllers and not any(controller.applies for controller in controllers):
            # A follow-up to questions this provider is never asked can never be shown: it goes with them.
            first = controllers[0]
            plan = _question_plan(entry, holds, rules, False, first.why, first.left_out_by)
        else:
            why = wording.asked_because(section_reasons + [rules[key].because for key in question.applies_if])
            plan = _question_plan(entry, holds, rules, True, why, ())
        plans[question.key] = plan
    return SectionPlan(section, True, wording.asked_because(section_reasons), tuple(plans.values()))


def _question_plan(
    entry: QuestionEntry,
    holds: Mapping[str, bool],
    rules: Mapping[str, Rule],
    applies: bool,
    why: str,
    left_out_by: tuple[str, ...],
) -> QuestionPlan:
    # Same order of multiplication as Framework.weight_for, so both give bit-for-bit the same weight.
    weight = entry.question.weight
    changes = []
    for weight_rule in entry.question.weight_rules:
        if holds[weight_rule.rule]:
            weight *= weight_rule.multiply
            reason = rules[weight_rule.rule].because
            changes.append(WeightChange(weight_rule.rule, weight_rule.multiply, reason))
    return QuestionPlan(entry, applies, why, weight, tuple(changes), left_out_by)
