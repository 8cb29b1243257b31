"""score(): from a framework, a provider's profile and its answers, the scorecard.

The method, with worked examples that run as tests, is in docs/scoring.md. In short:
- a question counts only where it applies: its section's and its own rules hold, and any show_if is met;
- a scored question is worth its effective weight; an answer earns weight x fraction, an unanswered one 0;
- "not applicable" (allowed by the question, with a reason) leaves both the earned and the available points;
- coverage = earned / available; completeness = answered / applicable questions (of every type);
- core expectations not met (short of full marks) cap the overall band: one at Developing, more at Early
  stage;
- a "Yes" that rests only on out-of-date evidence (`stale_evidence`: question key -> reason, facts the caller
  gathers from the evidence register) counts as "Partly", and the question carries the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..framework import Framework, Question
from ..framework.model import PROPORTIONATE
from .bands import band_for, capped_by_core
from .model import CoreShortfall, Gap, LeftOut, QuestionScore, Response, Scorecard, SectionScore, Strength
from .plan import QuestionPlan, SectionPlan, plan_for

# Option scores are written to two decimal places; summing multiple-choice scores in floating point can
# land a hair off (0.2 + 0.1 ...). Rounding the fraction keeps "every best answer" at exactly 100 %.
_FRACTION_DIGITS = 9
_NO_RESPONSE = Response()


def score(framework: Framework, profile: Mapping[str, Any], answers: Mapping[str, Response],
          stale_evidence: Mapping[str, str] | None = None) -> Scorecard:
    """The scorecard for one provider's year. `answers` may hold any objects with `value`,
    `not_applicable` and `na_reason` attributes (the app's stored answers work as they are)."""
    plan = plan_for(framework, profile)
    sections = []
    left_out: list[LeftOut] = []
    stale_evidence = stale_evidence or {}
    for section_plan in plan.sections:
        sections.append(_score_section(framework, section_plan, answers, left_out, stale_evidence))

    earned = sum(section.points_earned for section in sections)
    available = sum(section.points_available for section in sections)
    applicable = sum(section.questions_applicable for section in sections)
    answered = sum(section.questions_answered for section in sections)
    coverage = _percent(earned, available)
    completeness = _percent(answered, applicable)
    coverage_band = band_for(coverage, completeness)
    core_unmet = _core_unmet(plan.sections, sections)
    return Scorecard(
        framework_id=framework.id,
        coverage=coverage,
        completeness=completeness,
        band=capped_by_core(coverage_band, len(core_unmet)),
        coverage_band=coverage_band,
        core_unmet=core_unmet,
        framework_revision=framework.revision,
        points_earned=earned,
        points_available=available,
        questions_applicable=applicable,
        questions_answered=answered,
        questions_not_applicable=sum(section.questions_not_applicable for section in sections),
        sections=tuple(sections),
        gaps=_gaps(plan.sections, sections),
        strengths=_strengths(plan.sections, sections),
        proportionality=plan.proportionality,
        left_out=tuple(left_out),
    )


def _score_section(
    framework: Framework, plan: SectionPlan, answers: Mapping[str, Response], left_out: list[LeftOut],
    stale_evidence: Mapping[str, str],
) -> SectionScore:
    section = plan.section
    if not plan.applies:
        left_out.append(LeftOut("section", section.key, section.key, section.title, plan.why))
    # Values that show_if may read: only answers to questions actually asked, and never a not-applicable one,
    # so a stale answer to a question that no longer applies cannot reveal its follow-ups.
    shown_values: dict[str, Any] = {}
    scores = []
    for question_plan in plan.questions:
        question_score = _score_question(framework, question_plan, answers, shown_values, stale_evidence)
        if plan.applies and not question_score.applies:
            kind = "question" if not question_plan.applies else "follow_up"
            question = question_plan.entry.question
            left_out.append(LeftOut(kind, question.key, section.key, question.text, question_score.why))
        scores.append(question_score)

    applying = [q for q in scores if q.applies]
    earned = sum(q.points_earned for q in applying)
    available = sum(q.points_available for q in applying)
    answered = sum(1 for q in applying if q.answered)
    coverage = _percent(earned, available)
    completeness = _percent(answered, len(applying))
    return SectionScore(
        key=section.key,
        code=section.code,
        title=section.title,
        applies=plan.applies,
        why=plan.why,
        coverage=coverage,
        completeness=completeness,
        band=band_for(coverage, completeness, applies=plan.applies),
        points_earned=earned,
        points_available=available,
        questions_applicable=len(applying),
        questions_answered=answered,
        questions_not_applicable=sum(1 for q in applying if q.not_applicable),
        questions_left_out=len(scores) - len(applying),
        questions=tuple(scores),
    )


STALE_YES_COUNTS_AS = "partly"


def _score_question(
    framework: Framework, plan: QuestionPlan, answers: Mapping[str, Response], shown_values: dict[str, Any],
    stale_evidence: Mapping[str, str],
) -> QuestionScore:
    question = plan.entry.question
    applies, why = plan.applies, plan.why
    if applies and question.show_if is not None and not framework.is_shown(question, shown_values):
        applies, why = False, plan.entry.hidden_reason
    response = answers.get(question.key, _NO_RESPONSE) if applies else _NO_RESPONSE

    not_applicable = False
    value = response.value
    na_reason = (response.na_reason or "").strip()  # stored rows may hold None
    if response.not_applicable and question.allow_not_applicable:
        # The forms clear the value and insist on a reason; without one it is simply not answered yet.
        not_applicable = bool(na_reason)
        value = None
    answered = not_applicable or _has_value(value)
    if answered and not not_applicable:
        shown_values[question.key] = value

    fraction = None
    earned = available = 0.0
    stale = ""
    scored_value = value
    if question.type == "yes_partly_no" and value == "yes" and question.key in stale_evidence:
        stale = f"Counted as Partly: the answer {stale_evidence[question.key]}"
        scored_value = STALE_YES_COUNTS_AS
    if applies and question.scored and not not_applicable:
        available = plan.effective_weight
        if answered:
            fraction = round(question.score_fraction(scored_value) or 0.0, _FRACTION_DIGITS)
            earned = available * fraction
    return QuestionScore(
        key=question.key,
        section_key=question.section_key,
        text=question.text,
        scored=question.scored,
        applies=applies,
        why=why,
        base_weight=question.weight,
        effective_weight=plan.effective_weight,
        weight_changes=plan.weight_changes,
        answered=applies and answered,
        not_applicable=applies and not_applicable,
        na_reason=na_reason if applies and not_applicable else "",
        fraction=fraction,
        points_earned=earned,
        points_available=available,
        core=question.core,
        proportionate=fraction is not None and value == PROPORTIONATE,
        answer_label=_answer_label(question, value) if question.core and applies else "",
        stale_evidence=stale if applies and fraction is not None else "",
    )


def _answer_label(question: Question, value: Any) -> str:
    if not _has_value(value):
        return "Not answered"
    values = value if isinstance(value, list | tuple) else [value]
    labels = [option.label if (option := question.option(str(v))) is not None else str(v) for v in values]
    return "; ".join(labels)


def _has_value(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | set | frozenset):
        return bool(value)
    return True


def _percent(part: float, whole: float) -> float | None:
    if whole <= 0:
        return None
    return max(0.0, min(100.0, part / whole * 100.0))


def _gaps(plans: tuple[SectionPlan, ...], sections: list[SectionScore]) -> tuple[Gap, ...]:
    ranked = []
    for section_plan, section in zip(plans, sections, strict=True):
        for plan, question_score in zip(section_plan.questions, section.questions, strict=True):
            shortfall = round(question_score.shortfall, _FRACTION_DIGITS)  # so float noise cannot break a tie
            if question_score.points_available > 0 and shortfall > 0:
                ranked.append((-shortfall, plan.entry.order, plan, question_score))
    ranked.sort(key=lambda item: item[:2])
    return tuple(
        Gap(
            question_key=question_score.key,
            question_text=question_score.text,
            section_key=plan.entry.section.key,
            section_title=plan.entry.section.title,
            answered=question_score.answered,
            fraction=question_score.fraction,
            effective_weight=question_score.effective_weight,
            shortfall=question_score.shortfall,
            action=plan.entry.question.action,
            guidance=plan.entry.guidance,
        )
        for _, _, plan, question_score in ranked
    )


def _core_unmet(plans: tuple[SectionPlan, ...], sections: list[SectionScore]) -> tuple[CoreShortfall, ...]:
    unmet = []
    for section_plan, section in zip(plans, sections, strict=True):
        for plan, question_score in zip(section_plan.questions, section.questions, strict=True):
            if question_score.core_unmet:
                question = plan.entry.question
                unmet.append(
                    CoreShortfall(
                        question_key=question.key,
                        question_text=question.text,
                        section_key=section.key,
                        section_title=section.title,
                        answer=question_score.answer_label or "Not answered",
                        reason=question.core_reason,
                        action=question.action,
                    )
                )
    return tuple(unmet)


def _strengths(plans: tuple[SectionPlan, ...], sections: list[SectionScore]) -> tuple[Strength, ...]:
    full_marks = []
    for section_plan, section in zip(plans, sections, strict=True):
        for plan, question_score in zip(section_plan.questions, section.questions, strict=True):
            if question_score.points_available > 0 and question_score.fraction == 1.0:
                full_marks.append((-question_score.effective_weight, plan.entry.order, plan, question_score))
    full_marks.sort(key=lambda item: item[:2])
    return tuple(
        Strength(
            question_key=question_score.key,
            question_text=question_score.text,
            section_key=plan.entry.section.key,
            section_title=plan.entry.section.title,
            effective_weight=question_score.effective_weight,
            good_practice=plan.entry.question.good_practice,
            proportionate=question_score.proportionate,
        )
        for _, _, plan, question_score in full_marks
    )
