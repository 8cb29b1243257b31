"""The shapes scoring takes in (Response) and gives back (Scorecard and its parts).

All frozen, slotted dataclasses holding tuples, so a scorecard can be cached, compared and handed to a
template without anyone changing it. Percentages are kept exact (floats in 0-100) and rounded only by the
`*_rounded` / `*_text` helpers, so a total is never the sum of already-rounded figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .bands import Band


def percent_rounded(percent: float | None) -> float | None:
    """A percentage rounded to one decimal place for display; None stays None ("not applicable")."""
    return None if percent is None else round(percent, 1)


def percent_text(percent: float | None) -> str:
    """"82.5%", or "not applicable" when nothing could be scored (never a misleading 0%)."""
    rounded = percent_rounded(percent)
    if rounded is None:
        return "not applicable"
    return f"{rounded:g}%"


@dataclass(frozen=True, slots=True)
class Response:
    """What the app passes in for one question.

    value: "yes"/"partly"/"no", an option value, a list of option values, an int, "YYYY-MM-DD" or text.
    not_applicable counts only on questions that allow it, and only with a reason (as the forms require).
    """

    value: Any = None
    not_applicable: bool = False
    na_reason: str = ""


@dataclass(frozen=True, slots=True)
class WeightChange:
    """A profile rule that held and multiplied a question's weight."""

    rule: str
    multiply: float
    reason: str  # the rule's `because` text, e.g. "you have 5,000 or more students"


@dataclass(frozen=True, slots=True)
class GuidanceLink:
    """Where to read more: a reference from the framework's catalogue and the place within it."""

    ref: str
    title: str
    where: str
    url: str


@dataclass(frozen=True, slots=True)
class QuestionScore:
    key: str
    section_key: str
    text: str
    scored: bool
    applies: bool  # section and question rules hold and any show_if is met
    why: str  # plain English: why it is asked, or why it was left out
    base_weight: float
    effective_weight: float
    weight_changes: tuple[WeightChange, ...]
    answered: bool  # a value, or "not applicable" with a reason
    not_applicable: bool  # the provider marked it not applicable, with a reason
    na_reason: str
    fraction: float | None  # share of the weight earned; None when unscored, unanswered or not applicable
    points_earned: float
    points_available: float
    core: bool = False  # a core expectation of the framework
    proportionate: bool = False  # answered "Met in a proportionate way"
    answer_label: str = ""  # core questions only: the answer in words, for "what holds the band back"
    stale_evidence: str = ""  # why a "Yes" counted as "Partly": it rests only on out-of-date evidence

    @property
    def core_unmet(self) -> bool:
        """A core expectation that applies and is short of full marks, unanswered included."""
        return self.core and self.points_available > 0 and self.fraction != 1.0

    @property
    def shortfall(self) -> float:
        return self.points_available - self.points_earned


class _Figures:
    """Display forms of the coverage and completeness a section and the whole scorecard both carry."""

    __slots__ = ()
    coverage: float | None
    completeness: float | None
    questions_applicable: int
    questions_answered: int

    @property
    def coverage_rounded(self) -> float | None:
        return percent_rounded(self.coverage)

    @property
    def coverage_text(self) -> str:
        return percent_text(self.coverage)

    @property
    def completeness_rounded(self) -> float | None:
        return percent_rounded(self.completeness)

    @property
    def completeness_text(self) -> str:
        return percent_text(self.completeness)

    @property
    def questions_unanswered(self) -> int:
        return self.questions_applicable - self.questions_answered


@dataclass(frozen=True, slots=True)
class SectionScore(_Figures):
    key: str
    code: str
    title: str
    applies: bool
    why: str
    coverage: float | None  # earned / available points as a percentage; None when nothing is scored
    completeness: float | None  # answered / applicable questions as a percentage; None when none apply
    band: Band
    points_earned: float
    points_available: float
    questions_applicable: int
    questions_answered: int
    questions_not_applicable: int
    questions_left_out: int
    questions: tuple[QuestionScore, ...]


@dataclass(frozen=True, slots=True)
class Gap:
    """An applicable scored question that falls short of full marks, with what to do about it."""

    question_key: str
    question_text: str
    section_key: str
    section_title: str
    answered: bool
    fraction: float | None  # None when unanswered (scored as 0)
    effective_weight: float
    shortfall: float  # effective weight x (1 - fraction)
    action: str
    guidance: tuple[GuidanceLink, ...]


@dataclass(frozen=True, slots=True)
class CoreShortfall:
    """A core expectation not met, which holds the overall band back, with what to do about it."""

    question_key: str
    question_text: str
    section_key: str
    section_title: str
    answer: str  # the answer given in words ("Partly", "No", "Not answered", an option label)
    reason: str  # the framework's core_reason: why it is core and what to do first
    action: str


@dataclass(frozen=True, slots=True)
class Strength:
    """A question answered at full marks."""

    question_key: str
    question_text: str
    section_key: str
    section_title: str
    effective_weight: float
    good_practice: str
    proportionate: bool = False  # met "in a proportionate way", as the framework allows


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A section or question that does not apply to this provider, and why.

    kind: "section" (its questions are not listed again), "question" (a profile rule left it out) or
    "follow_up" (only asked after a particular earlier answer, which was not given).
    """

    kind: str
    key: str
    section_key: str
    title: str  # section title, or question text
    reason: str


@dataclass(frozen=True, slots=True)
class Scorecard(_Figures):
    framework_id: str
    coverage: float | None
    completeness: float | None
    band: Band
    points_earned: float
    points_available: float
    questions_applicable: int
    questions_answered: int
    questions_not_applicable: int
    sections: tuple[SectionScore, ...]
    gaps: tuple[Gap, ...]  # heaviest shortfall first
    strengths: tuple[Strength, ...]  # heaviest first
    proportionality: tuple[str, ...]  # one sentence per profile rule that changed something
    left_out: tuple[LeftOut, ...]  # framework order
    core_unmet: tuple[CoreShortfall, ...] = ()  # framework order
    coverage_band: Band | None = None  # the band coverage alone gives, before core expectations cap it
    framework_revision: int = 1

    @property
    def band_held_back(self) -> bool:
        """Whether core expectations not met lowered the overall band."""
        return self.coverage_band is not None and self.coverage_band.key != self.band.key

    @property
    def band_text(self) -> str:
        """The band's description, or, when core expectations held it back, what coverage alone gave and why."""  # noqa: E501
        if not self.band_held_back:
            return self.band.description
        count = len(self.core_unmet)
        noun = "core expectation is" if count == 1 else "core expectations are"
        return (
            f"Coverage alone ({self.coverage_text}) would be ‘{self.coverage_band.label}’, but {count} {noun} "  # noqa: E501
            f"not met, so by your own assessment the band is held at ‘{self.band.label}’ until "
            f"{'it is' if count == 1 else 'they are'} met."
        )

    @property
    def questions(self) -> tuple[QuestionScore, ...]:
        """Every question of the framework, in framework order."""
        return tuple(question for section in self.sections for question in section.questions)

    def section(self, key: str) -> SectionScore:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(f"no section {key!r} in this scorecard")

    def question(self, key: str) -> QuestionScore:
        for section in self.sections:
            for question in section.questions:
                if question.key == key:
                    return question
        raise KeyError(f"no question {key!r} in this scorecard")
