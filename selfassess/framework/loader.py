"""Load a framework YAML file into a `Framework`, validating everything first.

Validation never stops at the first problem: an author fixing next year's file wants the whole list at once.
Each problem reads `<file name>: <path inside the file>: <problem>`, paths using 0-based indexes, e.g.
`2025-26.yaml: sections[3].questions[2].weight: must be greater than 0`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import conditions
from .conditions import Target
from .model import (
    CHOICE_TYPES,
    CORE_BASE_WEIGHT,
    DATA_FIELD_TYPES,
    DEFAULT_MAX_LENGTH,
    DEFAULT_NUMBER_MAX,
    DEFAULT_NUMBER_MIN,
    DEFAULT_YES_PARTLY_NO_SCORES,
    EVIDENCE_RECORDS,
    FACTOR_CODES,
    MAX_BASE_WEIGHT,
    MAX_TEXT_LENGTH,
    PROFILE_TYPES,
    PROPORTIONATE,
    PROPORTIONATE_LABEL,
    QUESTION_TYPES,
    SCORED_TYPES,
    SEED_THEMES,
    TEXT_TYPES,
    WEIGHT_MULTIPLIER_CAP,
    YES_PARTLY_NO_LABELS,
    ConsistencyCheck,
    DataField,
    DataGroup,
    DeclarationStatement,
    DerivedTotal,
    Framework,
    GuidanceRef,
    Option,
    ProfileQuestion,
    Question,
    Reference,
    Revision,
    Rule,
    Section,
    WeightRule,
)
from .yaml_reading import read_yaml

# Schema 1: the 2024-25 format, kept so a submitted year loads and scores exactly as it was signed off.
# Schema 2 (2025-26 onwards): core expectations, proportionate answers, "not known", revisions, rule notes,
# and the weight limits (MAX_BASE_WEIGHT, CORE_BASE_WEIGHT, WEIGHT_MULTIPLIER_CAP) enforced.
SUPPORTED_SCHEMAS = (1, 2)
SUPPORTED_SCHEMA = SUPPORTED_SCHEMAS[-1]
_SCHEMA_2_QUESTION_KEYS = ("core", "core_reason", "proportionate", "allow_not_known")
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9_]*$")
KEBAB_CASE = re.compile(r"^[a-z][a-z0-9-]*$")
SECTION_CODE = re.compile(r"^[A-Z][A-Z0-9]*$")
TOPIC_LETTER = re.compile(r"^[A-Z]$")


class FrameworkError(Exception):
    """A framework file that cannot be used; `problems` lists every problem, one message each."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems: list[str] = list(problems)
        super().__init__("\n".join(self.problems))

    def __str__(self) -> str:
        return "\n".join(self.problems)


def load_framework(path: Path | str) -> Framework:
    """Parse and validate one framework file; raise FrameworkError listing every problem found."""
    path = Path(path)
    data, reading_problems = read_yaml(path)
    checker = _Checker(path.name)
    for where, message in reading_problems:
        checker.add(where, message)
    if data is None:
        raise FrameworkError(checker.problems)
    framework = _build_framework(checker, data, path)
    if checker.problems or framework is None:
        raise FrameworkError(checker.problems)
    return framework


# ----- the problem collector and its typed readers -------------------------------------------------------


def _join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    return conditions._type_name(value)


class _Checker:
    """Collects problems for one file and reads typed values out of raw mappings."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.problems: list[str] = []
        self.schema = SUPPORTED_SCHEMA  # set from the file; some checks apply from schema 2 only

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{self.file_name}: {path or '(top level)'}: {message}")

    def mapping(
        self, raw: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict | None:
        """The raw mapping after reporting unknown and missing keys; None (reported) if not a mapping."""
        if not isinstance(raw, dict):
            self.add(path, f"must be a mapping, not {_kind(raw)}")
            return None
        allowed = (*required, *optional)
        for key in raw:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.add(_join(path, key), f"unknown key{hint}")
        for key in required:
            if raw.get(key) is None:
                self.add(_join(path, key), "is required")
        return raw

    def text(self, raw: dict, key: str, path: str, default: str = "") -> str:
        value = raw.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            self.add(_join(path, key), f"must be a string, not {_kind(value)}")
            return default
        if not value.strip():
            self.add(_join(path, key), "must not be empty")
        return value.strip()

    def key(self, raw: dict, path: str, pattern: re.Pattern[str], style: str, field: str = "key") -> str:
        value = self.text(raw, field, path)
        if value and not pattern.match(value):
            self.add(_join(path, field), f"'{value}' must be {style}")
        return value

    def boolean(self, raw: dict, key: str, path: str, default: bool = False) -> bool:
        value = raw.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.add(_join(path, key), f"must be true or false, not {_kind(value)}")
            return default
        return value

    def positive(self, raw: dict, key: str, path: str, default: float = 1.0) -> float:
        value = raw.get(key)
        if value is None:
            return default
        if not _is_number(value):
            self.add(_join(path, key), f"must be a number, not {_kind(value)}")
            return default
        if value <= 0:
            self.add(_join(path, key), "must be greater than 0")
            return default
        return float(value)

    def fraction(self, value: Any, path: str) -> float | None:
        if not _is_number(value):
            self.add(path, f"must be a number between 0 and 1, not {_kind(value)}")
            return None
        if not 0 <= value <= 1:
            self.add(path, f"must be between 0 and 1 (found {value})")
            return None
        return float(value)

    def whole(
        self, raw: dict, key: str, path: str, default: int | None, low: int = 0, high: int | None = None
    ) -> int | None:
        value = raw.get(key)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool):
            self.add(_join(path, key), f"must be a whole number, not {_kind(value)}")
            return default
        if value < low or (high is not None and value > high):
            limit = f"between {low} and {high}" if high is not None else f"at least {low}"
            self.add(_join(path, key), f"must be {limit} (found {value})")
            return default
        return value

    def strings(self, raw: dict, key: str, path: str) -> tuple[str, ...]:
        value = raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.add(_join(path, key), "must be a list of strings")
            return ()
        return tuple(value)

    def items(self, raw: dict, key: str, path: str, required: bool = True) -> list[tuple[str, Any]]:
        """(path, item) for each entry of a list field, reporting a missing, empty or non-list value."""
        value = raw.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(_join(path, key), f"must be a list, not {_kind(value)}")
            return []
        if required and not value:
            self.add(_join(path, key), "must not be empty")
        return [(f"{_join(path, key)}[{index}]", item) for index, item in enumerate(value)]

    def unique(self, keyed: Iterable[tuple[str, str]], what: str) -> None:
        """Report every repeat of a key among (path, key) pairs."""
        first: dict[str, str] = {}
        for path, key in keyed:
            if not key:
                continue
            if key in first:
                self.add(path, f"duplicate {what} '{key}' (first at {first[key]})")
            else:
                first[key] = path


def _freeze(value: Any) -> Any:
    """Deep read-only copy of YAML data: dicts become MappingProxyType, lists become tuples."""
    if isinstance(value, dict):
        return MappingProxyType({key: _freeze(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(item) for item in value)
    return value


# ----- the declaration ----------------------------------------------------------------------------------

def _declaration(c: _Checker, raw: Any, sections,
                 groups) -> tuple[str, str, tuple[DeclarationStatement, ...]]:
    """The sign-off declaration: plain text (older files), or an intro and numbered statements, each
    naming the answers and records that evidence it. Returns (whole text, intro, statements)."""
    if isinstance(raw, str):
        return c.text({"declaration": raw}, "declaration", ""), "", ()
    top = c.mapping(raw, "declaration", ("intro", "statements"))
    if top is None:
        return "", "", ()
    intro = c.text(top, "intro", "declaration")
    questions = {q.key for section, _ in sections for q in section.questions}
    fields = {f.key for group in groups for f in group.fields}
    statements = []
    for path, item in c.items(top, "statements", "declaration"):
        entry = c.mapping(item, path, ("text",), ("evidence",))
        if entry is None:
            continue
        for evidence in c.strings(entry, "evidence", path):
            kind, _, key = evidence.partition(":")
            known = ((kind == "answer" and key in questions) or (kind == "data" and key in fields)
                     or (not key and kind in EVIDENCE_RECORDS))
            if not known:
                c.add(_join(path, "evidence"), f"'{evidence}' is not a question (answer:<key>), a "
                      f"data-return field (data:<key>) or one of {', '.join(EVIDENCE_RECORDS)}")
        statements.append(DeclarationStatement(len(statements) + 1, c.text(entry, "text", path),
                                               c.strings(entry, "evidence", path)))
    numbered = " ".join(f"({s.number}) {s.text}" for s in statements)
    return f"{intro} {numbered}".strip(), intro, tuple(statements)


# ----- the whole file --------------------------------------------------------------------------------------

_TOP_REQUIRED = (
    "schema",
    "id",
    "title",
    "reporting_period",
    "declaration",
    "references",
    "topics",
    "profile",
    "sections",
    "data_return",
)
_TOP_OPTIONAL = ("previous", "rules", "revisions")


def _build_framework(c: _Checker, data: Any, path: Path) -> Framework | None:
    top = c.mapping(data, "", _TOP_REQUIRED, _TOP_OPTIONAL)
    if top is None:
        return None
    schema = top.get("schema")
    if schema is not None and schema not in SUPPORTED_SCHEMAS:
        c.add("schema", f"must be 1 or 2 (the versions this loader reads), not {schema!r}")
    c.schema = schema if schema in SUPPORTED_SCHEMAS else SUPPORTED_SCHEMA
    framework_id = c.text(top, "id", "")
    if framework_id and framework_id != path.stem:
        c.add("id", f"'{framework_id}' must equal the file name stem '{path.stem}'")
    previous = c.text(top, "previous", "") or None
    if previous and previous == framework_id:
        c.add("previous", "cannot name the framework itself")

    references = _references(c, top.get("references"))
    topics = _topics(c, top.get("topics"))
    profile = _profile(c, top)
    profile_targets = {p.key: Target(p.type, p.option_values) for p in profile}
    rules = _rules(c, top.get("rules"), profile_targets)
    context = _SectionContext(
        references=references, topics=topics, rules=rules, profile_keys=set(profile_targets)
    )
    sections = _sections(c, top, context)
    _check_show_if(c, sections, context)
    _check_replaces(c, sections, context, previous, path)
    groups, checks = _data_return(c, top.get("data_return"))
    revisions = _revisions(c, top.get("revisions"), {q.key for s, _ in sections for q in s.questions})
    declaration, intro, statements = _declaration(c, top.get("declaration"), sections, groups)

    return Framework(
        id=framework_id,
        title=c.text(top, "title", ""),
        reporting_period=c.text(top, "reporting_period", ""),
        declaration=declaration,
        declaration_intro=intro,
        declaration_statements=statements,
        references=MappingProxyType(references),
        topics=MappingProxyType(topics),
        rules=MappingProxyType(rules),
        profile=tuple(profile),
        sections=tuple(section for section, _ in sections),
        data_groups=groups,
        data_checks=checks,
        previous=previous,
        schema=c.schema,
        revisions=revisions,
    )


def _revisions(c: _Checker, raw: Any, question_keys: set[str]) -> tuple[Revision, ...]:
    """Corrections during the year: numbered 2, 3, ... in order (revision 1 is the file as first issued)."""
    if raw is None:
        return ()
    if c.schema < 2:
        c.add("revisions", "needs schema 2")
    revisions = []
    for path, item in c.items({"revisions": raw}, "revisions", ""):
        entry = c.mapping(item, path, ("number", "date", "notes"), ("questions",))
        if entry is None:
            continue
        number = c.whole(entry, "number", path, None, low=2)
        expected = len(revisions) + 2
        if number is not None and number != expected:
            c.add(f"{path}.number", f"must be {expected}: revisions are numbered 2, 3, ... in order")
        date = c.text(entry, "date", path)
        if date and not re.match(r"^\d{4}-\d{2}-\d{2}$", date):
            c.add(f"{path}.date", f"'{date}' must be a date written YYYY-MM-DD (quote it)")
        keys = c.strings(entry, "questions", path)
        for index, key in enumerate(keys):
            if key not in question_keys:
                c.add(f"{path}.questions[{index}]", f"unknown question '{key}'")
        revisions.append(Revision(number or expected, date, c.text(entry, "notes", path), keys))
    return tuple(revisions)


def _references(c: _Checker, raw: Any) -> dict[str, Reference]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        c.add("references", f"must be a mapping of reference keys, not {_kind(raw)}")
        return {}
    references = {}
    for key, item in raw.items():
        path = f"references.{key}"
        entry = c.mapping(item, path, ("title", "url"))
        if entry is not None:
            references[str(key)] = Reference(
                str(key), c.text(entry, "title", path), c.text(entry, "url", path)
            )
    return references


def _topics(c: _Checker, raw: Any) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        c.add("topics", f"must be a mapping of topic letters to titles, not {_kind(raw)}")
        return {}
    topics = {}
    for letter, title in raw.items():
        if not isinstance(letter, str) or not TOPIC_LETTER.match(letter):
            c.add(f"topics.{letter}", "topic keys must be single capital letters")
        elif not isinstance(title, str) or not title.strip():
            c.add(f"topics.{letter}", "must be a topic title (a string)")
        else:
            topics[letter] = title.strip()
    return topics


# ----- options ---------------------------------------------------------------------------------------------


def _options(c: _Checker, raw: dict, path: str, scored: bool) -> tuple[Option, ...]:
    options = []
    for item_path, item in c.items(raw, "options", path):
        entry = c.mapping(item, item_path, ("value", "label"), ("score", "hint", "exclusive"))
        if entry is None:
            continue
        value = entry.get("value")
        if value is not None and not isinstance(value, str):
            c.add(f"{item_path}.value", f"must be a string, not {_kind(value)} (quote it)")
            value = str(value)
        score = None
        if scored:
            if entry.get("score") is None:
                c.add(f"{item_path}.score", "is required on every option of a scored question")
            else:
                score = c.fraction(entry["score"], f"{item_path}.score")
        elif "score" in entry:
            c.add(f"{item_path}.score", "profile options are not scored")
        options.append(
            Option(
                value=value or "",
                label=c.text(entry, "label", item_path),
                score=score,
                hint=c.text(entry, "hint", item_path),
                exclusive=c.boolean(entry, "exclusive", item_path),
            )
        )
    c.unique(((f"{path}.options[{i}].value", o.value) for i, o in enumerate(options)), "option value")
    return tuple(options)


def _yes_partly_no_options(c: _Checker, raw: dict, path: str) -> tuple[Option, ...]:
    scores = dict(DEFAULT_YES_PARTLY_NO_SCORES)
    override = raw.get("scores")
    if override is not None:
        if not isinstance(override, dict):
            c.add(
                f"{path}.scores",
                f"must be a mapping like {{yes: 1, partly: 0.5, no: 0}}, not {_kind(override)}",
            )
        else:
            for value, score in override.items():
                if value not in scores:
                    c.add(f"{path}.scores.{value}", "unknown key (expected yes, partly or no)")
                elif (fraction := c.fraction(score, f"{path}.scores.{value}")) is not None:
                    scores[value] = fraction
    return tuple(Option(value, YES_PARTLY_NO_LABELS[value], score) for value, score in scores.items())


def _number_limits(c: _Checker, raw: dict, path: str) -> tuple[int | None, int | None]:
    low = c.whole(raw, "min", path, DEFAULT_NUMBER_MIN)
    high = c.whole(raw, "max", path, DEFAULT_NUMBER_MAX)
    if low is not None and high is not None and low > high:
        c.add(f"{path}.max", f"must not be less than min ({low})")
    return low, high


def _only_for(c: _Checker, raw: dict, path: str, keys: tuple[str, ...], applies: bool, what: str) -> None:
    """Report keys that make no sense for this answer type (e.g. max_length on a number)."""
    if not applies:
        for key in keys:
            if key in raw:
                c.add(_join(path, key), f"only {what} may have '{key}'")


# ----- profile and rules -----------------------------------------------------------------------------------

_PROFILE_REQUIRED = ("key", "text", "type")
_PROFILE_OPTIONAL = ("hint", "options", "factor", "min", "max", "unit")


def _profile(c: _Checker, top: dict) -> list[ProfileQuestion]:
    profile = []
    for path, item in c.items(top, "profile", ""):
        raw = c.mapping(item, path, _PROFILE_REQUIRED, _PROFILE_OPTIONAL)
        if raw is None:
            continue
        kind = _answer_type(c, raw, path, PROFILE_TYPES)
        factor = c.text(raw, "factor", path) or None
        if factor is not None and factor not in FACTOR_CODES:
            c.add(f"{path}.factor", f"'{factor}' is not a factor code ({', '.join(sorted(FACTOR_CODES))})")
        is_choice, is_number = kind in CHOICE_TYPES, kind == "number"
        _only_for(c, raw, path, ("options",), is_choice, "choice questions")
        _only_for(c, raw, path, ("min", "max", "unit"), is_number, "number questions")
        if is_choice and raw.get("options") is None and "type" in raw:
            c.add(f"{path}.options", f"is required for {kind} questions")
        low, high = _number_limits(c, raw, path) if is_number else (None, None)
        profile.append(
            ProfileQuestion(
                key=c.key(raw, path, SNAKE_CASE, "snake_case"),
                text=c.text(raw, "text", path),
                type=kind,
                hint=c.text(raw, "hint", path),
                options=_options(c, raw, path, scored=False) if is_choice else (),
                factor=factor,
                min=low,
                max=high,
                unit=c.text(raw, "unit", path),
            )
        )
    c.unique(((f"profile[{i}].key", p.key) for i, p in enumerate(profile)), "profile key")
    return profile


def _answer_type(c: _Checker, raw: dict, path: str, allowed: tuple[str, ...]) -> str:
    kind = c.text(raw, "type", path)
    if kind and kind not in allowed:
        c.add(f"{path}.type", f"'{kind}' is not one of {', '.join(allowed)}")
        return ""
    return kind


def _factor_resolver(targets: Mapping[str, Target]) -> conditions.Resolver:
    def resolve(name: str) -> Target | str:
        return targets.get(name) or f"unknown profile factor '{name}'"

    return resolve


def _rules(c: _Checker, raw: Any, profile_targets: Mapping[str, Target]) -> dict[str, Rule]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        c.add("rules", f"must be a mapping of rule names, not {_kind(raw)}")
        return {}
    rules = {}
    for key, item in raw.items():
        path = f"rules.{key}"
        if not isinstance(key, str) or not SNAKE_CASE.match(key):
            c.add(path, "rule names must be snake_case")
        entry = c.mapping(item, path, ("when", "because", "otherwise"), ("note",))
        if entry is None:
            continue
        if entry.get("when") is not None:
            for where, message in conditions.check(
                entry["when"], f"{path}.when", factor=_factor_resolver(profile_targets)
            ):
                c.add(where, message)
        rules[str(key)] = Rule(
            key=str(key),
            when=_freeze(entry.get("when") or {}),
            because=c.text(entry, "because", path),
            otherwise=c.text(entry, "otherwise", path),
            note=c.text(entry, "note", path),
        )
    return rules


# ----- sections and questions ------------------------------------------------------------------------------


class _SectionContext:
    """What section and question validation checks names against."""

    def __init__(
        self,
        references: Mapping[str, Reference],
        topics: Mapping[str, str],
        rules: Mapping[str, Rule],
        profile_keys: set[str],
    ) -> None:
        self.references = references
        self.topics = topics
        self.rules = rules
        self.profile_keys = profile_keys
        self.raw_show_if: dict[str, Any] = {}  # question path -> raw show_if, checked once all keys are known


# A parsed section with the path of each of its questions, kept for the cross-checks that follow.
_ParsedSection = tuple[Section, tuple[str, ...]]

_SECTION_REQUIRED = ("key", "code", "title", "summary", "topics", "questions")
_SECTION_OPTIONAL = ("applies_if",)


def _sections(c: _Checker, top: dict, context: _SectionContext) -> list[_ParsedSection]:
    parsed: list[_ParsedSection] = []
    for path, item in c.items(top, "sections", ""):
        raw = c.mapping(item, path, _SECTION_REQUIRED, _SECTION_OPTIONAL)
        if raw is None:
            continue
        key = c.key(raw, path, KEBAB_CASE, "kebab-case")
        code = c.key(raw, path, SECTION_CODE, "capital letters", field="code")
        topics = _topic_letters(c, raw, path, context, required=True)
        questions, question_paths = [], []
        for question_path, question_raw in c.items(raw, "questions", path):
            question = _question(c, question_raw, question_path, key, topics, context)
            if question is not None:
                questions.append(question)
                question_paths.append(question_path)
        section = Section(
            key=key,
            code=code,
            title=c.text(raw, "title", path),
            summary=c.text(raw, "summary", path),
            topics=topics,
            questions=tuple(questions),
            applies_if=_rule_names(c, raw, path, context),
        )
        parsed.append((section, tuple(question_paths)))
    c.unique(((f"sections[{i}].key", s.key) for i, (s, _) in enumerate(parsed)), "section key")
    c.unique(((f"sections[{i}].code", s.code) for i, (s, _) in enumerate(parsed)), "section code")
    question_keys = [(p, q.key) for s, paths in parsed for p, q in zip(paths, s.questions, strict=True)]
    c.unique(((f"{p}.key", k) for p, k in question_keys), "question key")
    for p, k in question_keys:
        if k in context.profile_keys:
            c.add(f"{p}.key", f"'{k}' is already a profile question key")
    return parsed


def _topic_letters(
    c: _Checker, raw: dict, path: str, context: _SectionContext, required: bool
) -> tuple[str, ...]:
    letters = c.strings(raw, "topics", path)
    if required and "topics" in raw and not letters and isinstance(raw.get("topics"), list):
        c.add(f"{path}.topics", "must list at least one topic letter")
    for index, letter in enumerate(letters):
        if letter not in context.topics:
            c.add(f"{path}.topics[{index}]", f"unknown topic '{letter}'")
    return letters


def _rule_names(c: _Checker, raw: dict, path: str, context: _SectionContext) -> tuple[str, ...]:
    value = raw.get("applies_if")
    if value is None:
        return ()
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        c.add(f"{path}.applies_if", "must be a rule name or a list of rule names")
        return ()
    for name in names:
        if name not in context.rules:
            c.add(f"{path}.applies_if", f"unknown rule '{name}'")
    return tuple(names)


_QUESTION_REQUIRED = ("key", "text", "type")
_QUESTION_OPTIONAL = (
    "hint",
    "weight",
    "applies_if",
    "weight_rules",
    "show_if",
    "allow_not_applicable",
    "good_practice",
    "action",
    "guidance",
    "topics",
    "covers_seed",
    "evidence_prompt",
    "replaces",
    "max_length",
    "options",
    "scores",
    "min",
    "max",
    "unit",
) + _SCHEMA_2_QUESTION_KEYS


def _question(
    c: _Checker,
    item: Any,
    path: str,
    section_key: str,
    section_topics: tuple[str, ...],
    context: _SectionContext,
) -> Question | None:
    raw = c.mapping(item, path, _QUESTION_REQUIRED, _QUESTION_OPTIONAL)
    if raw is None:
        return None
    kind = _answer_type(c, raw, path, QUESTION_TYPES)
    scored = kind in SCORED_TYPES
    _only_for(c, raw, path, ("options",), kind in CHOICE_TYPES, "single_choice and multiple_choice questions")
    _only_for(c, raw, path, ("scores",), kind == "yes_partly_no", "yes_partly_no questions")
    _only_for(c, raw, path, ("min", "max", "unit"), kind == "number", "number questions")
    _only_for(c, raw, path, ("max_length",), kind in TEXT_TYPES, "short_text and long_text questions")
    if kind in CHOICE_TYPES and raw.get("options") is None:
        c.add(f"{path}.options", f"is required for {kind} questions")
    if scored:
        for field in ("weight", "good_practice", "action"):
            if raw.get(field) is None:
                c.add(f"{path}.{field}", "is required for scored questions")
        if not raw.get("guidance"):
            c.add(f"{path}.guidance", "scored questions need at least one guidance entry")

    if c.schema < 2:
        for key in _SCHEMA_2_QUESTION_KEYS:
            if key in raw:
                c.add(_join(path, key), "needs schema 2")
    _only_for(c, raw, path, ("proportionate",), kind == "yes_partly_no", "yes_partly_no questions")
    _only_for(c, raw, path, ("allow_not_known",), kind == "number", "number questions")
    core = _core(c, raw, path, scored)
    weight = c.positive(raw, "weight", path)
    weight_rules = _weight_rules(c, raw, path, context)
    if c.schema >= 2:
        _check_weight_limits(c, path, weight, weight_rules, core)
    proportionate = c.text(raw, "proportionate", path)

    if kind == "yes_partly_no":
        options = _yes_partly_no_options(c, raw, path)
        if proportionate:
            options += (Option(PROPORTIONATE, PROPORTIONATE_LABEL, 1.0, proportionate),)
    elif kind in CHOICE_TYPES:
        options = _options(c, raw, path, scored=True)
    else:
        options = ()
    low, high = _number_limits(c, raw, path) if kind == "number" else (None, None)
    max_length = (
        c.whole(raw, "max_length", path, DEFAULT_MAX_LENGTH[kind], low=1, high=MAX_TEXT_LENGTH)
        if kind in TEXT_TYPES
        else None
    )
    own_topics = _topic_letters(c, raw, path, context, required=False)
    seeds = c.strings(raw, "covers_seed", path)
    for index, seed in enumerate(seeds):
        if seed not in SEED_THEMES:
            c.add(f"{path}.covers_seed[{index}]", f"unknown seed theme '{seed}'")
    if raw.get("show_if") is not None:
        context.raw_show_if[path] = raw["show_if"]

    return Question(
        key=c.key(raw, path, SNAKE_CASE, "snake_case"),
        section_key=section_key,
        text=c.text(raw, "text", path),
        type=kind,
        hint=c.text(raw, "hint", path),
        weight=weight,
        applies_if=_rule_names(c, raw, path, context),
        weight_rules=weight_rules,
        show_if=_freeze(raw.get("show_if")),
        allow_not_applicable=c.boolean(raw, "allow_not_applicable", path),
        good_practice=c.text(raw, "good_practice", path),
        action=c.text(raw, "action", path),
        guidance=_guidance(c, raw, path, context),
        topics=own_topics or section_topics,
        covers_seed=seeds,
        evidence_prompt=c.text(raw, "evidence_prompt", path),
        replaces=c.text(raw, "replaces", path) or None,
        core=core,
        core_reason=c.text(raw, "core_reason", path),
        proportionate=proportionate,
        allow_not_known=c.boolean(raw, "allow_not_known", path),
        options=options,
        max_length=max_length,
        min=low,
        max=high,
        unit=c.text(raw, "unit", path),
    )


def _core(c: _Checker, raw: dict, path: str, scored: bool) -> bool:
    """A core marking needs a scored question that every provider it applies to must answer, with a reason."""
    core = c.boolean(raw, "core", path)
    if core and not scored:
        c.add(f"{path}.core", "only scored questions (yes_partly_no, single_choice, multiple_choice) may be core")
    if core and not raw.get("core_reason"):
        c.add(f"{path}.core_reason", "is required on a core question: say why it is core and what to do first")
    if not core and raw.get("core_reason"):
        c.add(f"{path}.core_reason", "only core questions have a core_reason (add core: true, or remove it)")
    if core and raw.get("allow_not_applicable"):
        c.add(f"{path}.allow_not_applicable", "a core question cannot be marked not applicable")
    return core and scored


def _check_weight_limits(
    c: _Checker, path: str, weight: float, weight_rules: tuple[WeightRule, ...], core: bool
) -> None:
    """Schema 2: the weight limits of docs/scoring.md section 2, each reported at the path that breaks it."""
    raised = 1.0
    for rule in weight_rules:
        raised *= max(rule.multiply, 1.0)
    if raised > WEIGHT_MULTIPLIER_CAP + 1e-9:
        c.add(
            f"{path}.weight_rules",
            f"together multiply the weight by up to {raised:g}, more than the cap of {WEIGHT_MULTIPLIER_CAP:g}",
        )
    if core:
        if weight != CORE_BASE_WEIGHT:
            c.add(f"{path}.weight", f"a core question weighs {CORE_BASE_WEIGHT:g}, not {weight:g}")
        for index, rule in enumerate(weight_rules):
            if rule.multiply < 1:
                c.add(f"{path}.weight_rules[{index}].multiply", "must not lower the weight of a core question")
    elif weight > MAX_BASE_WEIGHT:
        c.add(f"{path}.weight", f"{weight:g} is more than {MAX_BASE_WEIGHT:g}, the most a question that is not core weighs")


def _weight_rules(c: _Checker, raw: dict, path: str, context: _SectionContext) -> tuple[WeightRule, ...]:
    weight_rules = []
    for item_path, item in c.items(raw, "weight_rules", path):
        entry = c.mapping(item, item_path, ("rule", "multiply"))
        if entry is None:
            continue
        rule = c.text(entry, "rule", item_path)
        if rule and rule not in context.rules:
            c.add(f"{item_path}.rule", f"unknown rule '{rule}'")
        weight_rules.append(WeightRule(rule, c.positive(entry, "multiply", item_path)))
    return tuple(weight_rules)


def _guidance(c: _Checker, raw: dict, path: str, context: _SectionContext) -> tuple[GuidanceRef, ...]:
    guidance = []
    for item_path, item in c.items(raw, "guidance", path, required=False):
        entry = c.mapping(item, item_path, ("ref",), ("where",))
        if entry is None:
            continue
        ref = c.text(entry, "ref", item_path)
        if ref and ref not in context.references:
            c.add(f"{item_path}.ref", f"unknown reference '{ref}'")
        guidance.append(GuidanceRef(ref, c.text(entry, "where", item_path)))
    return tuple(guidance)


def _check_show_if(c: _Checker, sections: list[_ParsedSection], context: _SectionContext) -> None:
    """show_if may only name an earlier question of the same section; report any cycle as well."""
    section_of = {q.key: s.key for s, _ in sections for q in s.questions}
    for section, paths in sections:
        edges: dict[str, list[str]] = {}
        for position, (path, question) in enumerate(zip(paths, section.questions, strict=True)):
            if path not in context.raw_show_if:
                continue
            raw = context.raw_show_if[path]
            edges[question.key] = sorted(set(_question_leaves(raw)))
            resolve = _earlier_question_resolver(section, position, section_of)
            for where, message in conditions.check(raw, f"{path}.show_if", question=resolve):
                c.add(where, message)
        path_of = {q.key: p for p, q in zip(paths, section.questions, strict=True)}
        for cycle in _cycles(edges):
            c.add(f"{path_of[cycle[0]]}.show_if", "show_if cycle: " + " -> ".join(cycle))


def _earlier_question_resolver(
    section: Section, position: int, section_of: Mapping[str, str]
) -> conditions.Resolver:
    order = {q.key: index for index, q in enumerate(section.questions)}

    def resolve(name: str) -> Target | str:
        if name in order and order[name] < position:
            earlier = section.questions[order[name]]
            return Target(earlier.type, earlier.option_values)
        if name in order:
            return f"'{name}' is not an earlier question in this section (show_if may only look back)"
        if name in section_of:
            return f"'{name}' is in another section ({section_of[name]}); show_if stays within a section"
        return f"unknown question '{name}'"

    return resolve


def _question_leaves(condition: Any) -> Iterable[str]:
    if isinstance(condition, dict):
        if isinstance(condition.get("question"), str):
            yield condition["question"]
        for combinator in ("all", "any"):
            if isinstance(condition.get(combinator), list):
                for item in condition[combinator]:
                    yield from _question_leaves(item)
        if "not" in condition:
            yield from _question_leaves(condition["not"])


def _cycles(edges: Mapping[str, list[str]]) -> list[list[str]]:
    """Each distinct cycle once, as a closed walk like [a, b, a], found by depth-first search."""
    cycles: list[list[str]] = []
    seen_cycles: set[frozenset[str]] = set()
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        if node in trail:
            cycle = trail[trail.index(node) :] + [node]
            if frozenset(cycle) not in seen_cycles:
                seen_cycles.add(frozenset(cycle))
                cycles.append(cycle)
            return
        if node in done:
            return
        for target in edges.get(node, []):
            visit(target, [*trail, node])
        done.add(node)

    for start in edges:
        visit(start, [])
    return cycles


def _check_replaces(
    c: _Checker, sections: list[_ParsedSection], context: _SectionContext, previous: str | None, path: Path
) -> None:
    replacing = [
        (f"{p}.replaces", q.replaces)
        for s, paths in sections
        for p, q in zip(paths, s.questions, strict=True)
        if q.replaces
    ]
    if previous is None:
        for where, _ in replacing:
            c.add(where, "there is no 'previous' framework for a question to replace")
        return
    previous_path = path.with_name(f"{previous}.yaml")
    if not previous_path.exists():
        c.add("previous", f"'{previous}' has no file {previous_path.name} in the same folder")
        return
    data, problems = read_yaml(previous_path)
    if data is None or problems:
        c.add("previous", f"{previous_path.name} could not be read, so 'replaces' cannot be checked")
        return
    previous_keys = _question_keys(data)
    for where, key in replacing:
        if key not in previous_keys:
            c.add(where, f"'{key}' is not a question key in {previous_path.name}")


def _question_keys(data: Any) -> set[str]:
    """Question keys of a raw framework document, tolerating any shape (it is validated on its own)."""
    keys: set[str] = set()
    sections = data.get("sections") if isinstance(data, dict) else None
    for section in sections if isinstance(sections, list) else []:
        questions = section.get("questions") if isinstance(section, dict) else None
        for question in questions if isinstance(questions, list) else []:
            if isinstance(question, dict) and isinstance(question.get("key"), str):
                keys.add(question["key"])
    return keys


# ----- data return -----------------------------------------------------------------------------------------


def _data_return(c: _Checker, raw: Any) -> tuple[tuple[DataGroup, ...], tuple[ConsistencyCheck, ...]]:
    top = c.mapping(raw, "data_return", ("groups",), ("checks",)) if raw is not None else None
    if top is None:
        return (), ()
    groups = []
    number_keys: set[str] = set()  # fields and earlier totals that a total may sum
    all_keys: list[tuple[str, str]] = []
    types: dict[str, str] = {}
    for path, item in c.items(top, "groups", "data_return"):
        entry = c.mapping(item, path, ("key", "title", "fields"), ("hint", "totals"))
        if entry is None:
            continue
        key = c.key(entry, path, KEBAB_CASE, "kebab-case")
        fields = _data_fields(c, entry, path, key)
        for index, data_field in enumerate(fields):
            all_keys.append((f"{path}.fields[{index}].key", data_field.key))
            types[data_field.key] = data_field.type
            if data_field.type == "number":
                number_keys.add(data_field.key)
        groups.append((path, entry, key, fields))
    # Totals are read after every field so a total may sum a field of any group, but only earlier totals.
    built = []
    for path, entry, key, fields in groups:
        totals = []
        for total_path, item in c.items(entry, "totals", path, required=False):
            total = _derived_total(c, item, total_path, key, number_keys, types)
            if total is not None:
                totals.append(total)
                all_keys.append((f"{total_path}.key", total.key))
                number_keys.add(total.key)
                types[total.key] = "number"
        built.append(
            DataGroup(key, c.text(entry, "title", path), fields, tuple(totals), c.text(entry, "hint", path))
        )
    c.unique(((f"data_return.groups[{i}].key", g.key) for i, g in enumerate(built)), "data-return group key")
    c.unique(all_keys, "data-return key")
    return tuple(built), _data_checks(c, top, types)


def _data_fields(c: _Checker, group: dict, path: str, group_key: str) -> tuple[DataField, ...]:
    fields = []
    for field_path, item in c.items(group, "fields", path):
        entry = c.mapping(
            item, field_path, ("key", "label", "type"), ("hint", "max", "adr", "suppress_small")
        )
        if entry is None:
            continue
        kind = _answer_type(c, entry, field_path, DATA_FIELD_TYPES)
        is_number = kind == "number"
        _only_for(c, entry, field_path, ("max", "suppress_small"), is_number, "number fields")
        fields.append(
            DataField(
                key=c.key(entry, field_path, SNAKE_CASE, "snake_case"),
                group_key=group_key,
                label=c.text(entry, "label", field_path),
                type=kind,
                hint=c.text(entry, "hint", field_path),
                max=c.whole(entry, "max", field_path, DEFAULT_NUMBER_MAX, low=1) if is_number else None,
                adr=c.boolean(entry, "adr", field_path),
                suppress_small=c.boolean(entry, "suppress_small", field_path, default=is_number),
            )
        )
    return tuple(fields)


def _derived_total(
    c: _Checker, item: Any, path: str, group_key: str, number_keys: set[str], types: Mapping[str, str]
) -> DerivedTotal | None:
    entry = c.mapping(item, path, ("key", "label", "sum"), ("hint",))
    if entry is None:
        return None
    parts = c.strings(entry, "sum", path)
    if "sum" in entry and isinstance(entry["sum"], list) and not entry["sum"]:
        c.add(f"{path}.sum", "must list at least one field")
    for index, part in enumerate(parts):
        if part in number_keys:
            continue
        if types.get(part) == "date":
            c.add(f"{path}.sum[{index}]", f"'{part}' is a date field and cannot be summed")
        else:
            c.add(f"{path}.sum[{index}]", f"unknown data-return field '{part}' (or a total defined later)")
    return DerivedTotal(
        c.key(entry, path, SNAKE_CASE, "snake_case"),
        group_key,
        c.text(entry, "label", path),
        parts,
        c.text(entry, "hint", path),
    )


def _data_checks(c: _Checker, top: dict, types: Mapping[str, str]) -> tuple[ConsistencyCheck, ...]:
    checks = []
    for path, item in c.items(top, "checks", "data_return", required=False):
        entry = c.mapping(item, path, ("key", "field", "at_most", "message"))
        if entry is None:
            continue
        for name in ("field", "at_most"):
            value = c.text(entry, name, path)
            if value and value not in types:
                c.add(f"{path}.{name}", f"unknown data-return field '{value}'")
            elif value and types[value] != "number":
                c.add(f"{path}.{name}", f"'{value}' is a date field; checks compare numbers")
        checks.append(
            ConsistencyCheck(
                c.key(entry, path, SNAKE_CASE, "snake_case"),
                c.text(entry, "field", path),
                c.text(entry, "at_most", path),
                c.text(entry, "message", path),
            )
        )
    c.unique(((f"data_return.checks[{i}].key", k.key) for i, k in enumerate(checks)), "check key")
    return tuple(checks)
