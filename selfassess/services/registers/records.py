"""Listing, adding, changing and removing register entries.

A year's registers (events, concerns, training, incidents) follow the year: viewers read, editors write
while the year is a draft, and the database refuses changes once it is submitted (db_locks). The
evidence register belongs to the provider (it carries forward), so editors may change it at any time.
Every write is audited (never with the entry's free text) and refreshes the data-return figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ...extensions import db
from ...models import User
from .. import assessments, audit, tenancy
from ..errors import NotFound, ValidationFailed
from ..transaction import writing
from . import fill, module


class RowInvalid(ValidationFailed):
    """An entry was refused: the problems by field name, and the values as typed."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(list(errors.values()))


@dataclass(frozen=True)
class Scope:
    """Where a register lives for one user: the provider, and the year for a year's register."""

    access: tenancy.ProviderAccess
    year: assessments.YearAccess | None
    register_key: str

    @property
    def module(self):
        return module(self.register_key)

    @property
    def can_edit(self) -> bool:
        return self.year.can_edit if self.year else self.access.can_edit

    def require_edit(self) -> None:
        if self.year:
            self.year.require_edit()
        else:
            self.access.require_edit()

    def owner_filter(self):
        model = self.module.MODEL
        if self.year:
            return model.assessment_id == self.year.assessment.id
        return model.provider_id == self.access.provider.id

    def owner_values(self) -> dict:
        if self.year:
            return {"assessment_id": self.year.assessment.id}
        return {"provider_id": self.access.provider.id}


def scope(user: User, ukprn: str, register_key: str, year: str | None = None) -> Scope:
    mod = module(register_key)
    if mod.REGISTER.per_year:
        if year is None:
            raise NotFound("Page not found")
        year_access = assessments.load_year(user, ukprn, year)
        return Scope(year_access.access, year_access, register_key)
    return Scope(tenancy.provider_for(user, ukprn), None, register_key)


@dataclass(frozen=True)
class Listing:
    scope: Scope
    rows: list
    total: int
    page: int
    pages: int
    page_size: int


def listing(found: Scope, page: int, page_size: int) -> Listing:
    model, register = found.module.MODEL, found.module.REGISTER
    total = db.session.scalar(select(func.count()).select_from(model).where(found.owner_filter())) or 0
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    order = getattr(model, register.sort_field)
    # The page's ids first, from the (owner, date) index alone, then only those rows: a late page of
    # 10,000 events skips index entries rather than whole rows.
    ids = list(db.session.scalars(select(model.id).where(found.owner_filter())
                                  .order_by(order.desc(), model.id.desc())
                                  .limit(page_size).offset((page - 1) * page_size)))
    by_id = {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)))} if ids else {}
    rows = [by_id[i] for i in ids]
    return Listing(found, rows, total, page, pages, page_size)


def get(found: Scope, entry_id: int):
    entry = db.session.scalar(select(found.module.MODEL).where(found.owner_filter(),
                                                               found.module.MODEL.id == entry_id))
    if entry is None:
        raise NotFound("Page not found")
    return entry


def values_of(found: Scope, entry) -> dict:
    return {f.name: getattr(entry, f.name) for f in found.module.REGISTER.fields}


def _parsed(found: Scope, raw) -> dict:
    from .spec import parse_row

    values, errors = parse_row(found.module.REGISTER, raw)
    if errors:
        raise RowInvalid(errors)
    return values


def _after_write(found: Scope, user: User, action: str, entry_id: int | None, **detail) -> None:
    if found.year:
        fill.refresh(found.year)
    audit.record(action, user=user, provider=found.access.provider,
                 assessment_id=found.year.assessment.id if found.year else None,
                 register=found.register_key, entry_id=entry_id, **detail)


def add(user: User, found: Scope, raw) -> int:
    found.require_edit()
    values = _parsed(found, raw)
    with writing():
        found.require_edit()
        entry = found.module.MODEL(**found.owner_values(), **values)
        db.session.add(entry)
        db.session.flush()
        _after_write(found, user, "register_entry_added", entry.id)
        return entry.id


def change(user: User, found: Scope, entry_id: int, raw) -> None:
    found.require_edit()
    values = _parsed(found, raw)
    with writing():
        entry = get(found, entry_id)
        changed = sorted(k for k, v in values.items() if getattr(entry, k) != v)
        for key, value in values.items():
            setattr(entry, key, value)
        _after_write(found, user, "register_entry_changed", entry_id, changed=changed)


def remove(user: User, found: Scope, entry_id: int) -> None:
    found.require_edit()
    with writing():
        entry = get(found, entry_id)
        db.session.delete(entry)
        db.session.flush()
        _after_write(found, user, "register_entry_removed", entry_id)


def add_many(user: User, found: Scope, rows: list[dict], *, source: str) -> int:
    """Save already-parsed rows in one transaction (the CSV import), with one audit event."""
    found.require_edit()
    with writing():
        found.require_edit()
        model = found.module.MODEL
        db.session.execute(model.__table__.insert(), [{**found.owner_values(), **row,
                                                       "updated_at": _now()} for row in rows])
        _after_write(found, user, "register_imported", None, rows=len(rows), source=source[:100])
    return len(rows)


def _now():
    from ...models import utcnow

    return utcnow()
