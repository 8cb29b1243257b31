"""CSV export and import of a register.

Import has a column-mapping step: the CSV (an events-booking system's export, a spreadsheet) may name its
columns anything, so each of the register's fields is mapped to one column (guessed from the names,
changed by the person importing). Every row is checked; if any row has a problem, every problem is
listed by row (as a spreadsheet numbers them: the header is row 1) and column, and nothing is saved.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import select

from ...extensions import db
from ...models import User
from ..errors import ValidationFailed
from . import records
from .spec import Register, parse_row

MAX_ROWS = 20_000
MAX_PROBLEMS_SHOWN = 200


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


class ImportRefused(ValidationFailed):
    def __init__(self, problems: list[Problem], rows: int):
        self.problem_rows, self.rows = problems, rows
        super().__init__([f"Row {p.row}, column {p.column}: {p.message}" for p in problems])


def export(found: records.Scope) -> str:
    """Every entry, one row each, with the field names as the header (re-importable as it is)."""
    register = found.module.REGISTER
    model = found.module.MODEL
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f.name for f in register.fields])
    order = getattr(model, register.sort_field)
    for entry in db.session.scalars(select(model).where(found.owner_filter()).order_by(order, model.id)):
        writer.writerow([_safe(f.to_text(getattr(entry, f.name))) for f in register.fields])
    return out.getvalue()


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not text[1:2].isdigit() else text


def read(text: str) -> tuple[list[str], list[list[str]]]:
    """The header and the data rows; ValidationFailed for an empty or unreadable file."""
    text = (text or "").lstrip("\ufeff")
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ValidationFailed(f"The file is not a readable CSV file: {exc}") from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ValidationFailed("The file is empty: it needs a header row and at least one row of entries")
    header = [cell.strip() for cell in rows[0]]
    if len(rows) < 2:
        raise ValidationFailed("The file has a header row but no entries")
    if len(rows) - 1 > MAX_ROWS:
        raise ValidationFailed(f"The file has more than {MAX_ROWS:,} rows: split it into smaller files")
    return header, rows[1:]


def _simplify(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def guess_mapping(register: Register, header: list[str]) -> dict[str, str]:
    """Field name -> column, where a column is named like the field (its name or its label)."""
    by_name = {_simplify(column): column for column in header}
    mapping: dict[str, str] = {}
    for spec in register.fields:  # the same name first
        for candidate in (spec.name, spec.label):
            if _simplify(candidate) in by_name:
                mapping[spec.name] = by_name[_simplify(candidate)]
                break
    taken = set(mapping.values())
    for spec in register.fields:  # then a column whose name contains the field's (“Event title”)
        if spec.name in mapping:
            continue
        wanted = _simplify(spec.label)
        for simple, column in by_name.items():
            if column not in taken and simple and (wanted in simple or simple in wanted):
                mapping[spec.name] = column
                taken.add(column)
                break
    return mapping


def check(register: Register, header: list[str], rows: list[list[str]], mapping: dict[str, str]):
    """The parsed rows, and every problem (row and column named)."""
    index = {column: i for i, column in enumerate(header)}
    problems: list[Problem] = []
    for spec in register.fields:
        column = mapping.get(spec.name)
        if column and column not in index:
            problems.append(Problem(1, column, f"There is no column ‘{column}’ in the file"))
        elif not column and spec.required and spec.kind != "bool":
            problems.append(Problem(1, spec.label, f"Choose the column that holds {spec.label.lower()}"))
    if problems:
        return [], problems
    parsed = []
    for number, row in enumerate(rows, start=2):
        raw = {name: (row[index[column]] if index[column] < len(row) else "")
               for name, column in mapping.items() if column}
        values, errors = parse_row(register, raw)
        for name, message in errors.items():
            problems.append(Problem(number, mapping.get(name) or register.field(name).label, message))
        parsed.append(values)
    return parsed, problems


def import_csv(user: User, found: records.Scope, text: str, mapping: dict[str, str], source: str) -> int:
    """All rows saved, or none (ImportRefused listing every row's problem)."""
    found.require_edit()
    header, rows = read(text)
    parsed, problems = check(found.module.REGISTER, header, rows, mapping)
    if problems:
        raise ImportRefused(problems, len(rows))
    return records.add_many(user, found, parsed, source=source)
