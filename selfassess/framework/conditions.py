"""The small declarative condition language used by rules and `show_if`.

A condition is a mapping of exactly one of these shapes (never code: nothing here is ever eval'd):

    {factor: KEY, equals: VALUE}      {question: KEY, equals: VALUE}
    {factor: KEY, in: [VALUE, ...]}   {question: KEY, in: [VALUE, ...]}
    {factor: KEY, at_least: VALUE}    {question: KEY, at_least: VALUE}
    {all: [COND, ...]}   {any: [COND, ...]}   {not: COND}

`factor` leaves read the provider profile, `question` leaves read earlier answers. A missing answer makes a
leaf false. Multiple-choice answers are lists: `equals` asks whether the value was chosen, `in` asks for
any overlap. `at_least` compares numbers, or for choice questions the position in the option list
(banded options are listed smallest first).

`check` validates a condition's shape and names against what the framework defines, for the loader.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

LEAF_KINDS = ("factor", "question")
OPERATORS = ("equals", "in", "at_least")
COMBINATORS = ("all", "any", "not")

Lookup = Mapping[str, Any] | Callable[[str], Any] | None
OptionOrder = Mapping[str, Sequence[str]] | Callable[[str], Sequence[str] | None] | None


class ConditionError(ValueError):
    """A condition that is not in the language (the loader rejects these before they reach evaluate)."""


# ----- evaluation ------------------------------------------------------------------------------------------


def evaluate(
    condition: Mapping[str, Any],
    factor_lookup: Lookup,
    answer_lookup: Lookup = None,
    *,
    option_order: OptionOrder = None,
) -> bool:
    """Whether `condition` holds for a profile (`factor_lookup`) and answers (`answer_lookup`).

    Lookups are dicts or callables taking a key and returning the stored value (None when unanswered).
    `option_order` gives the ordered option values of a key, needed only for ordinal `at_least`.
    """
    if not isinstance(condition, Mapping):
        raise ConditionError(f"a condition must be a mapping, not {type(condition).__name__}")
    if "all" in condition:
        return all(
            evaluate(c, factor_lookup, answer_lookup, option_order=option_order) for c in condition["all"]
        )
    if "any" in condition:
        return any(
            evaluate(c, factor_lookup, answer_lookup, option_order=option_order) for c in condition["any"]
        )
    if "not" in condition:
        return not evaluate(condition["not"], factor_lookup, answer_lookup, option_order=option_order)
    if "factor" in condition:
        key, lookup = condition["factor"], factor_lookup
    elif "question" in condition:
        key, lookup = condition["question"], answer_lookup
    else:
        raise ConditionError(f"not a condition: {dict(condition)!r}")

    actual = _normalise(_look_up(lookup, key))
    if actual is None or actual == "" or (isinstance(actual, list) and not actual):
        return False
    if "equals" in condition:
        return _matches(actual, [condition["equals"]])
    if "in" in condition:
        return _matches(actual, list(condition["in"]))
    if "at_least" in condition:
        return _at_least(key, actual, condition["at_least"], option_order)
    raise ConditionError(f"condition on {key!r} has no operator (equals, in or at_least)")


def _look_up(lookup: Lookup, key: str) -> Any:
    if lookup is None:
        return None
    if isinstance(lookup, Mapping):
        return lookup.get(key)
    return lookup(key)


def _normalise(value: Any) -> Any:
    """Profile yes/no answers may be stored as booleans; the language speaks "yes"/"no"."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple | set | frozenset):
        return [_normalise(v) for v in value]
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same(actual: Any, expected: Any) -> bool:
    expected = _normalise(expected)
    if _is_number(actual) and _is_number(expected):
        return actual == expected
    return str(actual) == str(expected)


def _matches(actual: Any, expected: list[Any]) -> bool:
    """Any overlap between the chosen value(s) and the expected values."""
    chosen = actual if isinstance(actual, list) else [actual]
    return any(_same(a, e) for a in chosen for e in expected)


def _at_least(key: str, actual: Any, threshold: Any, option_order: OptionOrder) -> bool:
    if _is_number(threshold):
        try:
            return float(actual) >= threshold
        except (TypeError, ValueError):
            return False
    order = list(_look_up(option_order, key) or [])
    if str(threshold) not in order:
        raise ConditionError(f"at_least {threshold!r}: {key!r} has no such option to compare against")
    chosen = actual if isinstance(actual, list) else [actual]
    positions = [order.index(str(v)) for v in chosen if str(v) in order]
    return bool(positions) and max(positions) >= order.index(str(threshold))


# ----- validation (used by the loader) ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    """What a condition leaf may name: its answer type and allowed values (empty for free values)."""

    type: str
    values: tuple[str, ...] = ()


# A resolver turns a key into its Target, or into a problem message (e.g. "unknown profile factor 'x'").
Resolver = Callable[[str], "Target | str"]
Problem = tuple[str, str]  # (path, message)

_ORDINAL_TYPES = ("number", "single_choice")


def check(
    condition: Any, path: str, *, factor: Resolver | None = None, question: Resolver | None = None
) -> list[Problem]:
    """Every problem with a condition. A resolver left as None means that kind of leaf is not allowed."""
    if not isinstance(condition, Mapping):
        return [(path, f"must be a condition mapping, not {_type_name(condition)}")]
    keys = set(condition)
    for combinator in COMBINATORS:
        if combinator in keys:
            if keys != {combinator}:
                extra = ", ".join(sorted(map(str, keys - {combinator})))
                return [(path, f"'{combinator}' cannot be combined with other keys (found {extra})")]
            return _check_combinator(
                combinator, condition[combinator], f"{path}.{combinator}", factor, question
            )
    kinds = [kind for kind in LEAF_KINDS if kind in keys]
    if len(kinds) != 1:
        return [(path, "must have exactly one of factor, question, all, any, not")]
    kind = kinds[0]
    problems: list[Problem] = []
    unknown = keys - {kind, *OPERATORS}
    problems += [(f"{path}.{k}", "unknown key in condition") for k in sorted(map(str, unknown))]
    operators = [op for op in OPERATORS if op in keys]
    if len(operators) != 1:
        problems.append((path, "must have exactly one of equals, in, at_least"))
        return problems
    resolver = factor if kind == "factor" else question
    if resolver is None:
        allowed = "question" if kind == "factor" else "factor"
        problems.append((f"{path}.{kind}", f"'{kind}' conditions are not allowed here (only '{allowed}')"))
        return problems
    name = condition[kind]
    if not isinstance(name, str):
        problems.append((f"{path}.{kind}", f"must be a string, not {_type_name(name)}"))
        return problems
    target = resolver(name)
    if isinstance(target, str):
        problems.append((f"{path}.{kind}", target))
        return problems
    operator = operators[0]
    problems += _check_operand(operator, condition[operator], f"{path}.{operator}", kind, name, target)
    return problems


def _check_combinator(
    combinator: str, body: Any, path: str, factor: Resolver | None, question: Resolver | None
) -> list[Problem]:
    if combinator == "not":
        return check(body, path, factor=factor, question=question)
    if not isinstance(body, list) or not body:
        return [(path, "must be a non-empty list of conditions")]
    problems: list[Problem] = []
    for index, item in enumerate(body):
        problems += check(item, f"{path}[{index}]", factor=factor, question=question)
    return problems


def _check_operand(
    operator: str, operand: Any, path: str, kind: str, name: str, target: Target
) -> list[Problem]:
    if operator == "in":
        if not isinstance(operand, list) or not operand:
            return [(path, "must be a non-empty list of values")]
        problems: list[Problem] = []
        for index, value in enumerate(operand):
            problems += _check_value(value, f"{path}[{index}]", kind, name, target)
        return problems
    if operator == "at_least" and target.type not in _ORDINAL_TYPES:
        return [(path, f"at_least needs a number or single_choice {kind}; '{name}' is {target.type}")]
    return _check_value(operand, path, kind, name, target)


def _check_value(value: Any, path: str, kind: str, name: str, target: Target) -> list[Problem]:
    if target.type == "number":
        if not (isinstance(value, int | float) and not isinstance(value, bool)):
            return [(path, f"must be a number because '{name}' is a number {kind}")]
        return []
    if not isinstance(value, str):
        return [(path, f"must be a string, not {_type_name(value)} (quote it)")]
    if target.values and value not in target.values:
        allowed = ", ".join(target.values)
        return [(path, f"'{value}' is not an option of {kind} '{name}' (options: {allowed})")]
    return []


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)
