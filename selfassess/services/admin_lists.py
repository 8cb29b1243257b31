"""The administration lists: providers and users, one page at a time, searchable, with their totals.

A sector-wide service has a thousand providers and several thousand users, so nothing here reads a whole
table: each list is a COUNT and one page of rows (users with their memberships loaded for that page only).
"""

from dataclasses import dataclass
from math import ceil

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Membership, Provider, User

PAGE_SIZE = 20  # a screenful; the time of a page then stays that of the demo database
MAX_QUERY = 200  # longer searches are cut: no name or email is longer


@dataclass(frozen=True)
class Listing:
    items: list
    total: int  # rows matching the search, on every page
    page: int  # 1-based, clamped to the pages there are
    per_page: int
    query: str

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def first(self) -> int:  # position of the first row shown, for "Showing 21 to 40 of 1,002"
        return 0 if not self.total else (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        return min(self.total, self.page * self.per_page)


def clean_query(query: str | None) -> str:
    return " ".join((query or "").split())[:MAX_QUERY]


def page_number(raw) -> int:
    """`?page=` as typed: anything that is not a positive whole number is the first page, never an error."""
    try:
        number = int(str(raw or "1").strip())
    except ValueError:
        return 1
    return max(1, number)


def _paged(statement, count_statement, query: str, page, per_page: int) -> Listing:
    total = db.session.scalar(count_statement) or 0
    pages = max(1, ceil(total / per_page))
    number = min(page_number(page), pages)
    items = list(db.session.scalars(statement.limit(per_page).offset((number - 1) * per_page)).unique())
    return Listing(items, total, number, per_page, query)


def _provider_filter(query: str):
    if not query:
        return None
    return or_(Provider.name.icontains(query, autoescape=True),
               Provider.ukprn.startswith(query, autoescape=True))


def providers(query: str | None = None, page=1, per_page: int = PAGE_SIZE) -> Listing:
    """Providers by name, those whose name contains the search or whose UKPRN starts with it."""
    query = clean_query(query)
    condition = _provider_filter(query)
    statement = select(Provider).order_by(Provider.name, Provider.id)
    count = select(func.count()).select_from(Provider)
    if condition is not None:
        statement, count = statement.where(condition), count.where(condition)
    return _paged(statement, count, query, page, per_page)


def users(query: str | None = None, page=1, per_page: int = PAGE_SIZE) -> Listing:
    """Users by name, those whose name or email contains the search, with their roles (this page only)."""
    query = clean_query(query)
    statement = select(User).order_by(User.name, User.id).options(
        selectinload(User.memberships).selectinload(Membership.provider)
    )
    count = select(func.count()).select_from(User)
    if query:
        condition = or_(User.name.icontains(query, autoescape=True),
                        User.email.icontains(query, autoescape=True))
        statement, count = statement.where(condition), count.where(condition)
    return _paged(statement, count, query, page, per_page)


@dataclass(frozen=True)
class Totals:
    providers: int
    users: int
    active_users: int
    administrators: int


def totals() -> Totals:
    user_counts = db.session.execute(
        select(func.count(), func.count().filter(User.active), func.count().filter(User.is_admin))
        .select_from(User)
    ).one()
    return Totals(db.session.scalar(select(func.count()).select_from(Provider)) or 0, *user_counts)


def provider_by_ukprn(ukprn: str) -> Provider | None:
    return db.session.scalar(select(Provider).where(Provider.ukprn == (ukprn or "").strip()))
