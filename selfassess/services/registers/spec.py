"""What each register holds, in one declarative place: the web forms, CSV import and export and the JSON
export all read the same field list, so a column means the same thing everywhere.

Values are parsed from text (a form field or a CSV cell) by `parse_row`, which returns every problem by
field rather than stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from ...personal_data import find_personal_data, refusal_message

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str  # text | longtext | date | month | choice | choices | number | bool
    options: tuple[tuple[str, str], ...] = ()
    required: bool = True
    max_length: int = 200
    maximum: int = 100_000
    hint: str = ""
    personal_data_guard: bool = False  # refuse text that looks like personal data

    def option_label(self, value) -> str:
        return dict(self.options).get(value, value or "")

    def display(self, value) -> str:
        if self.kind == "bool":
            return "Yes" if value else "No"
        if self.kind == "choice":
            return self.option_label(value)
        if self.kind == "choices":
            return ", ".join(self.option_label(v) for v in value or ()) or "None"
        if self.kind == "date" and value:
            return date.fromisoformat(value).strftime("%-d %b %Y")
        if self.kind == "month" and value:
            return date.fromisoformat(value + "-01").strftime("%B %Y")
        return "" if value is None else str(value)

    def to_text(self, value) -> str:
        """The value as one CSV cell (re-importable)."""
        if self.kind == "bool":
            return "yes" if value else "no"
        if self.kind == "choices":
            return ";".join(value or ())
        return "" if value is None else str(value)


@dataclass(frozen=True)
class Register:
    key: str  # events | concerns | training | incidents | evidence
    title: str
    singular: str
    fields: tuple[Field, ...]
    per_year: bool = True  # False: belongs to the provider and carries forward (evidence)
    sort_field: str = ""
    check: Callable[[dict, dict], None] | None = field(default=None, compare=False)  # (values, errors)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _parse_date(text: str) -> str:
    text = text.strip()
    for pattern, order in ((r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"), (r"(\d{1,2})/(\d{1,2})/(\d{4})", "dmy")):
        match = re.fullmatch(pattern, text)
        if match:
            parts = dict(zip(order, map(int, match.groups()), strict=True))
            value = date(parts["y"], parts["m"], parts["d"])  # ValueError for 31/02
            if not 2000 <= value.year <= 2100:
                raise ValueError
            return value.isoformat()
    raise ValueError


def _parse_month(text: str) -> str:
    text = text.strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text) or re.fullmatch(r"(\d{1,2})/(\d{4})", text)
    if not match:
        raise ValueError
    first, second = match.groups()
    year, month = (int(first), int(second)) if len(first) == 4 else (int(second), int(first))
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise ValueError
    return f"{year:04d}-{month:02d}"


def parse_value(spec: Field, text: str | list[str] | None):
    """One field's value from text; ValueError with the message to show."""
    if spec.kind == "choices":
        items = text if isinstance(text, list) else [t.strip() for t in (text or "").split(";")]
        items = [t for t in items if t]
        allowed = {value for value, _ in spec.options}
        bad = [t for t in items if t not in allowed]
        if bad:
            raise ValueError(f"{spec.label}: ‘{bad[0]}’ is not one of "
                             f"{', '.join(value for value, _ in spec.options)}")
        return [value for value, _ in spec.options if value in items]
    text = (text or "").strip() if isinstance(text, str) else ""
    if spec.kind == "bool":
        if text.lower() in YES:
            return True
        if text.lower() in NO:
            return False
        raise ValueError(f"{spec.label}: enter yes or no")
    if not text:
        if spec.required:
            raise ValueError(f"Enter {spec.label[0].lower()}{spec.label[1:]}")
        return None if spec.kind in ("date", "month", "number") else ""
    if spec.kind == "date":
        try:
            return _parse_date(text)
        except ValueError:
            raise ValueError(f"{spec.label} must be a real date, like 2026-03-27 or 27/03/2026") from None
    if spec.kind == "month":
        try:
            return _parse_month(text)
        except ValueError:
            raise ValueError(f"{spec.label} must be a month, like 2026-03") from None
    if spec.kind == "number":
        if not re.fullmatch(r"\d{1,9}", text.replace(",", "")):
            raise ValueError(f"{spec.label} must be a whole number, like 12")
        number = int(text.replace(",", ""))
        if number > spec.maximum:
            raise ValueError(f"{spec.label} must be {spec.maximum:,} or fewer")
        return number
    if spec.kind == "choice":
        allowed = {value for value, _ in spec.options}
        by_label = {label.lower(): value for value, label in spec.options}
        value = text if text in allowed else by_label.get(text.lower())
        if value is None:
            raise ValueError(f"{spec.label}: ‘{text[:40]}’ is not one of "
                             f"{', '.join(value for value, _ in spec.options)}")
        return value
    if len(text) > spec.max_length:
        raise ValueError(f"{spec.label} must be {spec.max_length:,} characters or fewer")
    if spec.personal_data_guard:
        reasons = find_personal_data(text)
        if reasons:
            raise ValueError(f"{spec.label}: {refusal_message(reasons)}")
    return text


def parse_row(register: Register, raw: Mapping[str, object]) -> tuple[dict, dict[str, str]]:
    """Every field's value, and the problems by field name (empty when the row is good)."""
    values, errors = {}, {}
    for spec in register.fields:
        try:
            values[spec.name] = parse_value(spec, raw.get(spec.name))
        except ValueError as exc:
            errors[spec.name] = str(exc)
    if register.check and not errors:
        register.check(values, errors)
    return values, errors
