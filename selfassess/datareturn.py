"""The annual data return, summarised: derived totals, consistency warnings and change since last year.

Pure (stdlib and selfassess.framework only) so the data-return page, the results page and reports agree.

    summarise(framework, values, previous=None) -> DataReturnSummary
    display_count(n) -> str        1-4 shown as "fewer than 5" in reports (0 and 5+ exact)
    display_figure(item, value)    the same, honouring a field's `suppress_small`, for any figure
    withheld_keys(framework, figures) -> frozenset   the publishable version's suppressed cells
    published_figure(item, value, withheld)           a figure as the publishable version prints it

Two versions of every figure leave the tool: the confidential governors' version (exact) and the
publishable version, with complementary suppression so that no withheld figure can be worked back out:
- primary: a sensitive count (a field with `suppress_small`, or a total of any sensitive field) of 1-4;
- a total is withheld whenever any of its parts is, and its parts' group then has two withheld cells at
  least (the part and the total), so no subtraction recovers the part; this runs to a fixed point, so a
  total of totals is withheld too;
- a withheld total whose parts are all printed gets one part withheld with it (the smallest);
- every withheld cell prints the same words (WITHHELD_TEXT), so a reader cannot tell a small count from a
  complementary one, and a change since last year is printed only when both years' figures are.

Choices, so nobody has to guess:
- A derived total is the sum of the parts that were entered; it is None only when every part is empty.
  A half-entered return therefore shows a running total rather than "not yet calculated" for everything.
- A consistency check warns only when both of its figures are known: a blank is not evidence of a mistake.
- Warnings never block saving (the framework format says so); they ask the provider to check.
- "Not known" (NOT_KNOWN) is an answer, distinct from a blank and from 0: it counts as entered, is shown and
  exported as "not known", never takes part in a change since last year or a warning, and makes any total
  it is part of "not known" too (a sum of the known parts would understate it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .framework import DataField, DerivedTotal, Framework
from .framework.model import NOT_KNOWN

SMALL_COUNT_LIMIT = 5  # counts of 1 to 4 people could identify someone, so reports never print them
SMALL_COUNT_TEXT = "fewer than 5"
NOT_RECORDED_TEXT = "not recorded"
WITHHELD_TEXT = "withheld"  # the publishable version: fewer than 5, or a figure that would reveal one
WITHHELD_NOTE = ("“withheld” marks a count of fewer than 5, or a figure from which such a count could be "
                 "worked out. The confidential governors' version has the exact figures.")
NOT_KNOWN_TEXT = NOT_KNOWN  # "not known", as stored

Figure = int | str | None


@dataclass(frozen=True, slots=True)
class ConsistencyWarning:
    """A figure larger than one it should not exceed, e.g. a later stage of the case funnel."""

    key: str
    message: str
    field: str
    field_label: str
    field_value: int
    at_most: str
    at_most_label: str
    at_most_value: int


@dataclass(frozen=True, slots=True)
class FigureChange:
    """A figure this year beside last year's; `change` only when both are counts."""

    key: str
    label: str
    current: Figure
    previous: Figure
    change: int | None


@dataclass(frozen=True, slots=True)
class DataReturnSummary:
    values: Mapping[str, Figure]  # every entered field by key, None when left empty
    totals: Mapping[str, Figure]  # every derived total by key: a count, NOT_KNOWN or None
    warnings: tuple[ConsistencyWarning, ...]
    changes: Mapping[str, FigureChange]  # fields and totals; empty without a previous year
    fields_entered: int
    fields_total: int
    has_previous: bool

    def figure(self, key: str) -> Figure:
        """An entered field or a derived total by key."""
        if key in self.values:
            return self.values[key]
        return self.totals[key]


def summarise(
    framework: Framework, values: Mapping[str, Any], previous: Mapping[str, Any] | None = None
) -> DataReturnSummary:
    current_fields = _field_values(framework, values)
    current_totals = _totals(framework, current_fields)
    changes: dict[str, FigureChange] = {}
    if previous is not None:
        previous_fields = _field_values(framework, previous)
        previous_totals = _totals(framework, previous_fields)
        for data_field in framework.data_fields():
            key = data_field.key
            changes[key] = _change(key, data_field.label, current_fields[key], previous_fields[key])
        for total in framework.data_totals():
            changes[total.key] = _change(total.key, total.label, current_totals[total.key],
                                         previous_totals[total.key])
    return DataReturnSummary(
        values=MappingProxyType(current_fields),
        totals=MappingProxyType(current_totals),
        warnings=_warnings(framework, {**current_fields, **current_totals}),
        changes=MappingProxyType(changes),
        fields_entered=sum(1 for value in current_fields.values() if value is not None),
        fields_total=len(current_fields),
        has_previous=previous is not None,
    )


def display_count(n: int | None) -> str:
    """A count for a report: 1-4 become "fewer than 5" so no small group can be identified."""
    if n is None:
        return NOT_RECORDED_TEXT
    if n == NOT_KNOWN:
        return NOT_KNOWN_TEXT
    if 0 < n < SMALL_COUNT_LIMIT:
        return SMALL_COUNT_TEXT
    return f"{n:,}"


def display_figure(item: DataField | DerivedTotal, value: Figure) -> str:
    """Any data-return figure for a report. Totals are always suppressed when small: a total of 3 would
    reveal what its suppressed parts hide."""
    if value is None:
        return NOT_RECORDED_TEXT
    if value == NOT_KNOWN:
        return NOT_KNOWN_TEXT
    if isinstance(item, DataField) and item.type == "date":
        return str(value)
    if isinstance(item, DataField) and not item.suppress_small:
        return f"{value:,}" if isinstance(value, int) else str(value)
    return display_count(value) if isinstance(value, int) else str(value)


def _is_sensitive(framework: Framework) -> dict[str, bool]:
    """Which figures describe people in a way a small count could identify (totals of them included)."""
    sensitive = {f.key: f.type == "number" and f.suppress_small for f in framework.data_fields()}
    for total in framework.data_totals():
        sensitive[total.key] = any(sensitive.get(part, False) for part in total.sum)
    return sensitive


def withheld_keys(framework: Framework, figures: Mapping[str, Figure]) -> frozenset[str]:
    """The figures the publishable version withholds (see the module docstring). `figures` maps field and
    total keys to values (DataReturnSummary.values and .totals); anything not a count is never withheld."""
    sensitive = _is_sensitive(framework)
    withheld = {key for key, value in figures.items()
                if sensitive.get(key) and _is_count(value) and 0 < value < SMALL_COUNT_LIMIT}
    changed = True
    while changed:  # groups can nest (a total of totals): repeat until nothing more is withheld
        changed = False
        for total in framework.data_totals():
            parts = [part for part in total.sum if figures.get(part) is not None]
            if total.key not in withheld and any(part in withheld for part in parts):
                withheld.add(total.key)
                changed = True
            if total.key in withheld and not any(part in withheld for part in parts):
                counts = [part for part in parts if _is_count(figures.get(part))]
                if counts:  # the smallest, so the least is hidden; ties by file order
                    withheld.add(min(counts, key=lambda part: figures[part]))
                    changed = True
    return frozenset(withheld)


def published_figure(item: DataField | DerivedTotal, value: Figure, withheld: frozenset[str]) -> str:
    """A figure as the publishable version prints it."""
    if item.key in withheld:
        return WITHHELD_TEXT
    return exact_figure(item, value)


def exact_figure(item: DataField | DerivedTotal, value: Figure) -> str:
    """A figure as the confidential version (and the provider's own pages) print it."""
    if value is None:
        return NOT_RECORDED_TEXT
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _field_values(framework: Framework, values: Mapping[str, Any]) -> dict[str, Figure]:
    """Entered fields by key; anything that is not a valid figure for its field counts as empty."""
    result: dict[str, Figure] = {}
    for data_field in framework.data_fields():
        value = values.get(data_field.key)
        if data_field.type == "number":
            result[data_field.key] = value if _is_count(value) or value == NOT_KNOWN else None
        else:
            result[data_field.key] = value if isinstance(value, str) and value.strip() else None
    return result


def _totals(framework: Framework, fields: Mapping[str, Figure]) -> dict[str, Figure]:
    known: dict[str, Figure] = dict(fields)
    totals: dict[str, Figure] = {}
    for total in framework.data_totals():  # file order: a total may sum only totals defined before it
        parts = [known.get(part) for part in total.sum]
        entered = [part for part in parts if _is_count(part)]
        if NOT_KNOWN in parts:
            totals[total.key] = NOT_KNOWN
        else:
            totals[total.key] = sum(entered) if entered else None
        known[total.key] = totals[total.key]
    return totals


def _warnings(framework: Framework, figures: Mapping[str, Figure]) -> tuple[ConsistencyWarning, ...]:
    labels = {item.key: item.label for item in (*framework.data_fields(), *framework.data_totals())}
    warnings = []
    for check in framework.data_checks:
        value, limit = figures.get(check.field), figures.get(check.at_most)
        if _is_count(value) and _is_count(limit) and value > limit:
            warnings.append(
                ConsistencyWarning(
                    key=check.key,
                    message=check.message,
                    field=check.field,
                    field_label=labels.get(check.field, check.field),
                    field_value=value,
                    at_most=check.at_most,
                    at_most_label=labels.get(check.at_most, check.at_most),
                    at_most_value=limit,
                )
            )
    return tuple(warnings)


def _change(key: str, label: str, current: Figure, previous: Figure) -> FigureChange:
    change = current - previous if _is_count(current) and _is_count(previous) else None
    return FigureChange(key, label, current, previous, change)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
