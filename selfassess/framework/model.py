"""The in-memory shape of a question framework.

Every class is a frozen, slotted dataclass holding tuples and read-only mappings, so a loaded framework
can be shared between requests (it is cached once per process) without anyone mutating it by accident.
Conditions are kept as read-only mappings in exactly the shape the YAML file uses, so
`conditions.evaluate` works the same on a raw dict and on a loaded framework.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from . import conditions

# Closed sets of the file format (see docs/framework.md).
QUESTION_TYPES = (
    "yes_partly_no",
    "single_choice",
    "multiple_choice",
    "number",
    "date",
    "short_text",
    "long_text",
)
PROFILE_TYPES = ("yes_no", "single_choice", "multiple_choice", "number")
SCORED_TYPES = frozenset({"yes_partly_no", "single_choice", "multiple_choice"})
CHOICE_TYPES = frozenset({"single_choice", "multiple_choice"})
TEXT_TYPES = frozenset({"short_text", "long_text"})
DATA_FIELD_TYPES = ("number", "date")

DEFAULT_YES_PARTLY_NO_SCORES: Mapping[str, float] = MappingProxyType({"yes": 1.0, "partly": 0.5, "no": 0.0})
YES_PARTLY_NO_LABELS: Mapping[str, str] = MappingProxyType({"yes": "Yes", "partly": "Partly", "no": "No"})
YES_NO_VALUES = ("yes", "no")
DEFAULT_MAX_LENGTH: Mapping[str, int] = MappingProxyType({"short_text": 200, "long_text": 2000})
MAX_TEXT_LENGTH = 5000
DEFAULT_NUMBER_MIN = 0
DEFAULT_NUMBER_MAX = 100000

# Weights (docs/scoring.md section 2): an ordinary question weighs 1 to 3, a core one more, and the weight
# rules of one question may together multiply it by at most WEIGHT_MULTIPLIER_CAP, so no profile can make
# a supporting question outweigh the core of the duty. The loader refuses a file that breaks either limit.
MAX_BASE_WEIGHT = 3.0
CORE_BASE_WEIGHT = 5.0
WEIGHT_MULTIPLIER_CAP = 1.5
MAX_EFFECTIVE_WEIGHT = CORE_BASE_WEIGHT * WEIGHT_MULTIPLIER_CAP

# "Not known" (docs/scoring.md section 8): an answer to a count question or a data-return figure that the
# provider's records cannot give. Stored, shown and exported as this text; never a 0, never in a change.
NOT_KNOWN = "not known"

# "Met in a proportionate way": an extra answer a yes_partly_no question may offer (`proportionate:` in the
# file), scored as met; the forms require a description of how, in the evidence note.
PROPORTIONATE = "proportionate"
PROPORTIONATE_LABEL = "Met in a proportionate way"

# Brief §5: the proportionality factor codes a profile question may carry.
FACTOR_CODES = frozenset({"S", "C", "R", "T", "F", "L", "D", "SU", "E", "RS", "FAC", "IT"})

# Brief §6: themes of the HEFCE 2017 seed blog that the question bank must cover.
SEED_THEMES: Mapping[str, str] = MappingProxyType(
    {
        "welfare_policy_update": "Update policies when embedding Prevent in welfare and safeguarding",
        "tiered_training": "Tiered training: specialist for key staff, awareness for wider staff",
        "existing_packages": "Use existing training packages and regional co-ordinators",
        "student_reps_on_groups": "Student representatives on Prevent working groups",
        "equality_legislation": "Consider the interaction with equality legislation explicitly",
        "su_officer_induction": "Annual turnover of students' union officers: induction training",
        "inter_campus_tensions": "Tensions between campuses, student groups or the community",
        "information_sharing_agreements": "Formal information-sharing agreements with external agencies",
        "referral_outcome_feedback": "Feedback on the outcome of welfare and external referrals",
        "negative_narrative": "Countering the negative narrative about Prevent",
    }
)

Condition = Mapping[str, Any]
Lookup = Mapping[str, Any] | Callable[[str], Any] | None


@dataclass(frozen=True, slots=True)
class Reference:
    """A guidance document that questions cite by its short key."""

    key: str
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Rule:
    """A named proportionality rule over the profile, with the plain-English reasons for both outcomes."""

    key: str
    when: Condition
    because: str
    otherwise: str
    note: str = ""  # wording shown to the provider when the rule holds (e.g. who inspects that provision)

    def __hash__(self) -> int:  # `when` is a read-only mapping, which cannot be hashed; the key is unique
        return hash(self.key)

    def statement(self, holds: bool) -> str:
        return self.because if holds else self.otherwise


@dataclass(frozen=True, slots=True)
class Option:
    """One answer option; `score` is the fraction of the question's weight earned (None when unscored)."""

    value: str
    label: str
    score: float | None = None
    hint: str = ""
    exclusive: bool = False


def _option(options: tuple[Option, ...], value: str) -> Option | None:
    return next((option for option in options if option.value == value), None)


@dataclass(frozen=True, slots=True)
class ProfileQuestion:
    """A provider-context question; its answer is the profile factor that rules test."""

    key: str
    text: str
    type: str
    hint: str = ""
    options: tuple[Option, ...] = ()
    factor: str | None = None
    min: int | None = None
    max: int | None = None
    unit: str = ""

    @property
    def option_values(self) -> tuple[str, ...]:
        """Allowed values in file order (for yes_no: yes, no); banded questions list smallest first."""
        if self.type == "yes_no":
            return YES_NO_VALUES
        return tuple(option.value for option in self.options)

    def option(self, value: str) -> Option | None:
        return _option(self.options, value)


@dataclass(frozen=True, slots=True)
class WeightRule:
    """Multiply a question's weight when the named rule holds."""

    rule: str
    multiply: float


@dataclass(frozen=True, slots=True)
class GuidanceRef:
    """A pointer from a question into one of the framework's references."""

    ref: str
    where: str = ""


@dataclass(frozen=True, slots=True)
class Question:
    """One question in a section. `options` is always populated for scored types."""

    key: str
    section_key: str
    text: str
    type: str
    hint: str = ""
    weight: float = 1.0
    applies_if: tuple[str, ...] = ()
    weight_rules: tuple[WeightRule, ...] = ()
    show_if: Condition | None = None
    allow_not_applicable: bool = False
    good_practice: str = ""
    action: str = ""
    guidance: tuple[GuidanceRef, ...] = ()
    topics: tuple[str, ...] = ()  # effective topics: the question's own, else its section's
    covers_seed: tuple[str, ...] = ()
    evidence_prompt: str = ""
    replaces: str | None = None
    core: bool = False  # a core expectation: not met, it holds the band back (docs/scoring.md section 5)
    core_reason: str = ""  # why it is core and what to do first, shown when it holds the band back
    proportionate: str = ""  # how a smaller provider may meet it another way; offers PROPORTIONATE when set
    allow_not_known: bool = False  # number questions: "Not known" is an answer, never a 0
    options: tuple[Option, ...] = ()
    max_length: int | None = None  # text types only
    min: int | None = None  # number only
    max: int | None = None  # number only
    unit: str = ""

    def __hash__(self) -> int:  # `show_if` is a read-only mapping, which cannot be hashed; the key is unique
        return hash(self.key)

    @property
    def scored(self) -> bool:
        return self.type in SCORED_TYPES

    @property
    def option_values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)

    @property
    def exclusive_values(self) -> tuple[str, ...]:
        """Options such as "None of these" that cannot be combined with others (multiple_choice)."""
        return tuple(option.value for option in self.options if option.exclusive)

    def option(self, value: str) -> Option | None:
        return _option(self.options, value)

    def score_fraction(self, value: Any) -> float | None:
        """Fraction of the weight earned by an answer value, or None when unscored or unanswered.

        multiple_choice takes a list of values and earns min(1, sum of the chosen options' scores).
        Unknown values earn nothing rather than raising: a stale stored answer must not break a page.
        """
        if not self.scored or value is None or value == "" or value == []:
            return None
        if self.type == "multiple_choice":
            chosen = [value] if isinstance(value, str) else list(value)
            total = sum((option.score or 0.0) for v in chosen if (option := self.option(v)) is not None)
            return min(1.0, total)
        option = self.option(value)
        return (option.score or 0.0) if option is not None else 0.0


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    code: str
    title: str
    summary: str
    topics: tuple[str, ...]
    questions: tuple[Question, ...]
    applies_if: tuple[str, ...] = ()

    def question(self, key: str) -> Question:
        for question in self.questions:
            if question.key == key:
                return question
        raise KeyError(f"no question {key!r} in section {self.key!r}")

    @property
    def scored_questions(self) -> tuple[Question, ...]:
        return tuple(question for question in self.questions if question.scored)


@dataclass(frozen=True, slots=True)
class Revision:
    """A correction made to a framework during its year: what changed, when, and which questions."""

    number: int
    date: str
    notes: str
    questions: tuple[str, ...] = ()

    @property
    def date_text(self) -> str:
        """"30 November 2026" (the file holds YYYY-MM-DD, which the loader checks)."""
        try:
            year, month, day = (int(part) for part in self.date.split("-"))
            return f"{day} {calendar.month_name[month]} {year}"
        except (ValueError, IndexError):
            return self.date


@dataclass(frozen=True, slots=True)
class DataField:
    """One figure of the annual data return. Numbers are whole and never negative."""

    key: str
    group_key: str
    label: str
    type: str
    hint: str = ""
    max: int | None = None
    adr: bool = False
    suppress_small: bool = False


@dataclass(frozen=True, slots=True)
class DerivedTotal:
    """A figure computed as the sum of fields (or earlier totals); never entered by hand."""

    key: str
    group_key: str
    label: str
    sum: tuple[str, ...]
    hint: str = ""


@dataclass(frozen=True, slots=True)
class DataGroup:
    key: str
    title: str
    fields: tuple[DataField, ...]
    totals: tuple[DerivedTotal, ...] = ()
    hint: str = ""


@dataclass(frozen=True, slots=True)
class ConsistencyCheck:
    """A warning (never a block) shown when `field` exceeds `at_most`."""

    key: str
    field: str
    at_most: str
    message: str


EVIDENCE_RECORDS = ("action_plan", "data_return", "answers", "approval_date")


@dataclass(frozen=True, slots=True)
class DeclarationStatement:
    """One numbered statement of the sign-off declaration, with what evidences it.

    `evidence` entries: "answer:<question key>", "data:<data-return field key>", or a record of the year:
    "action_plan", "data_return" (complete, no unresolved warnings), "answers" (every applicable question
    answered), "approval_date" (the approval falls after the reporting year). The sign-off checks
    (selfassess/signoff_checks.py) look at each before the year can be signed off.
    """

    number: int
    text: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, eq=False)
class Framework:
    """One reporting year's question framework, as loaded and validated from its YAML file.

    Compared and hashed by identity: each file is loaded once per process, and identity hashing lets a
    framework be a cache key (its read-only mappings could not be hashed field by field).
    """

    id: str
    title: str
    reporting_period: str
    declaration: str
    references: Mapping[str, Reference]
    topics: Mapping[str, str]
    rules: Mapping[str, Rule]
    profile: tuple[ProfileQuestion, ...]
    sections: tuple[Section, ...]
    data_groups: tuple[DataGroup, ...] = ()
    data_checks: tuple[ConsistencyCheck, ...] = ()
    previous: str | None = None
    schema: int = 1
    revisions: tuple[Revision, ...] = ()  # oldest first; the last one is the revision in force
    declaration_intro: str = ""
    declaration_statements: tuple[DeclarationStatement, ...] = ()
    return_due: date | None = None  # when the return is due: reminders and the dashboard count down to it
    # Indexes built once in __post_init__ so lookups are cheap; not part of equality or repr.
    _questions: Mapping[str, tuple[Section, Question]] = field(init=False, repr=False, compare=False)
    _profile: Mapping[str, ProfileQuestion] = field(init=False, repr=False, compare=False)
    _sections: Mapping[str, Section] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        questions = {q.key: (s, q) for s in self.sections for q in s.questions}
        object.__setattr__(self, "_questions", MappingProxyType(questions))
        object.__setattr__(self, "_profile", MappingProxyType({p.key: p for p in self.profile}))
        object.__setattr__(self, "_sections", MappingProxyType({s.key: s for s in self.sections}))

    @property
    def revision(self) -> int:
        """The revision in force: 1 for a framework never corrected during its year."""
        return self.revisions[-1].number if self.revisions else 1

    def revision_changing(self, question_key: str) -> Revision | None:
        """The latest revision that changed this question, or None when no revision touched it."""
        for revision in reversed(self.revisions):
            if question_key in revision.questions:
                return revision
        return None

    # ----- lookups -------------------------------------------------------------------------------------

    def section(self, key: str) -> Section:
        try:
            return self._sections[key]
        except KeyError:
            raise KeyError(f"no section {key!r} in framework {self.id}") from None

    def question(self, key: str) -> tuple[Section, Question]:
        try:
            return self._questions[key]
        except KeyError:
            raise KeyError(f"no question {key!r} in framework {self.id}") from None

    def has_question(self, key: str) -> bool:
        return key in self._questions

    def all_questions(self) -> Iterator[Question]:
        for section in self.sections:
            yield from section.questions

    def profile_question(self, key: str) -> ProfileQuestion:
        try:
            return self._profile[key]
        except KeyError:
            raise KeyError(f"no profile question {key!r} in framework {self.id}") from None

    def data_fields(self) -> tuple[DataField, ...]:
        return tuple(f for group in self.data_groups for f in group.fields)

    def data_totals(self) -> tuple[DerivedTotal, ...]:
        return tuple(t for group in self.data_groups for t in group.totals)

    def data_field(self, key: str) -> DataField:
        for data_field in self.data_fields():
            if data_field.key == key:
                return data_field
        raise KeyError(f"no data-return field {key!r} in framework {self.id}")

    def data_keys(self) -> tuple[str, ...]:
        """Every data-return key, entered fields and derived totals, in file order."""
        return tuple(f.key for f in self.data_fields()) + tuple(t.key for t in self.data_totals())

    def option_order(self, key: str) -> tuple[str, ...] | None:
        """Option values of a profile or section question in file order (used by `at_least`)."""
        if key in self._profile:
            return self._profile[key].option_values
        if key in self._questions:
            return self._questions[key][1].option_values
        return None

    # ----- evaluation against a provider's profile and answers -------------------------------------------

    def evaluate(self, condition: Condition, factors: Lookup, answers: Lookup = None) -> bool:
        return conditions.evaluate(condition, factors, answers, option_order=self.option_order)

    def rule_holds(self, rule_key: str, factors: Lookup) -> bool:
        return self.evaluate(self.rules[rule_key].when, factors)

    def applies(self, item: Section | Question, factors: Lookup) -> bool:
        """A section or question applies when every rule in its `applies_if` holds."""
        return all(self.rule_holds(rule_key, factors) for rule_key in item.applies_if)

    def is_shown(self, question: Question, answers: Lookup) -> bool:
        """Whether a question's `show_if` (over earlier answers in its section) lets it be asked."""
        if question.show_if is None:
            return True
        return self.evaluate(question.show_if, None, answers)

    def weight_for(self, question: Question, factors: Lookup) -> float:
        """The question's weight after every weight rule that holds has multiplied it."""
        weight = question.weight
        for weight_rule in question.weight_rules:
            if self.rule_holds(weight_rule.rule, factors):
                weight *= weight_rule.multiply
        return weight

    def proportionality_statements(self, factors: Lookup) -> tuple[tuple[str, bool, str], ...]:
        """(rule key, holds, plain-English reason) for every rule, in file order."""
        results = []
        for rule in self.rules.values():
            holds = self.evaluate(rule.when, factors)
            results.append((rule.key, holds, rule.statement(holds)))
        return tuple(results)
