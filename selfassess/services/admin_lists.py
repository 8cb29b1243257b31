"""The administration lists: providers and users, one page at a time, searchable, with their totals.

A sector-wide service has a thousand providers and several thousand users, so nothing here reads a whole
table: each list is a COUNT and one page of rows (users with their memberships loaded for that page only).
"""

from collections import defaultdict
from dataclasses import dataclass
from math import ceil

from sqlalchemy import func, or_, select

from ..extensions import db
from ..models import Membership, Provider, User

PAGE_SIZE = 20  # a screenful; the time of a page then stays that of the demo database
MAX_QUERY = 200  # longer searches are cut: no name or email is longer
# A search is counted up to this many matches, then said to match "more than 200" and listed to that many
# (ten pages): nobody pages through 200 search results, and counting every match of a short search read
# every row, the slowest part of the page at sector scale. The unsearched lists count exactly.
SEARCH_LIMIT = 200


@dataclass(frozen=True)
class Listing:
    items: list
    total: int  # rows matching the search, on every page
    page: int  # 1-based, clamped to the pages there are
    per_page: int
    query: str
    more: bool = False  # the search matches more than `total` rows; only the first `total` are listed

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def first(self) -> int:  # position of the first row shown, for "Showing 21 to 40 of 1,002"
        return 0 if not self.total else (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        return min(self.total, self.page * self.per_page)

    @property
    def page_numbers(self) -> list[int | None]:
        """The pages the pagination links to, GOV.UK style: the first, the last, the current one and its
        neighbours, None for each gap ("1 … 6 7 8 … 51"). Worked out here, not by looping over every page in
        the template: a search matching a thousand users has fifty pages."""
        wanted = sorted({1, self.pages} | {n for n in (self.page - 1, self.page, self.page + 1)
                                             if 1 <= n <= self.pages})
        numbers: list[int | None] = []
        for n in wanted:
            if numbers and n - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(n)
        return numbers


def clean_query(query: str | None) -> str:
    return " ".join((query or "").split())[:MAX_QUERY]


def page_number(raw) -> int:
    """`?page=` as typed: anything that is not a positive whole number is the first page, never an error."""
    try:
        number = int(str(raw or "1").strip())
    except ValueError:
        return 1
    return max(1, number)


def _count(model, condition) -> tuple[int, bool]:
    """(rows to list, whether more match): the whole table, or a search's first SEARCH_LIMIT matches."""
    if condition is None:
        return db.session.scalar(select(func.count()).select_from(model)) or 0, False
    found = db.session.scalar(select(func.count()).select_from(
        select(model.id).where(condition).limit(SEARCH_LIMIT + 1).subquery())) or 0
    return min(found, SEARCH_LIMIT), found > SEARCH_LIMIT


def _window(model, condition, page, per_page: int) -> tuple[int, bool, int, int, int]:
    """(rows to list, whether more match, page number, offset, limit): a page past the last shows the last,
    and none reaches past the rows counted."""
    total, more = _count(model, condition)
    number = min(page_number(page), max(1, ceil(total / per_page)))
    offset = (number - 1) * per_page
    return total, more, number, offset, max(0, min(per_page, total - offset))


def _contains(column, query: str):
    """Case-insensitive "contains", wildcards taken literally. icontains is ILIKE on PostgreSQL but
    lower(column) LIKE lower(?) on SQLite, a lower() per row; SQLite's LIKE already ignores case (ASCII only,
    as its lower() does), so there a plain contains finds the same rows for less."""
    if db.session.get_bind().dialect.name == "sqlite":
        return column.contains(query, autoescape=True)
    return column.icontains(query, autoescape=True)


def _provider_filter(query: str):
    if not query:
        return None
    return or_(_contains(Provider.name, query), Provider.ukprn.startswith(query, autoescape=True))


def providers(query: str | None = None, page=1, per_page: int = PAGE_SIZE) -> Listing:
    """Providers by name, those whose name contains the search or whose UKPRN starts with it."""
    query = clean_query(query)
    condition = _provider_filter(query)
    statement = select(Provider).order_by(Provider.name, Provider.id)
    if condition is not None:
        statement = statement.where(condition)
    total, more, number, offset, limit = _window(Provider, condition, page, per_page)
    items = list(db.session.scalars(statement.limit(limit).offset(offset))) if limit else []
    return Listing(items, total, number, per_page, query, more)


@dataclass(frozen=True)
class UserRow:
    """A line of the users list: plain values, not the ORM objects, because building twenty users with their
    memberships and providers as entities cost more than reading them."""

    id: int
    name: str
    email: str
    active: bool
    roles: tuple[str, ...]  # "editor at Demo University", then "administrator"


def users(query: str | None = None, page=1, per_page: int = PAGE_SIZE) -> Listing:
    """Users by name, those whose name or email contains the search, with their roles (this page only)."""
    query = clean_query(query)
    statement = (select(User.id, User.name, User.email, User.active, User.is_admin)
                 .order_by(User.name, User.id))
    condition = None
    if query:
        # one LIKE on a column folded when saved: a lower() or ILIKE on name and email per row made a search
        # of 2,000 users four times as slow on PostgreSQL
        condition = User.search_text.contains(query.casefold(), autoescape=True)
        statement = statement.where(condition)
    total, more, number, offset, limit = _window(User, condition, page, per_page)
    rows = db.session.execute(statement.limit(limit).offset(offset)).all() if limit else []
    roles = defaultdict(list)
    if rows:
        # the provider's name looked up per membership (by primary key): as a join, PostgreSQL read every
        # provider to hash them for twenty memberships
        provider_name = select(Provider.name).where(Provider.id == Membership.provider_id).scalar_subquery()
        for user_id, role, name in db.session.execute(
            select(Membership.user_id, Membership.role, provider_name)
            .where(Membership.user_id.in_([r.id for r in rows]))
            .order_by(Membership.id)
        ):
            roles[user_id].append(f"{role} at {name}")
    items = [UserRow(r.id, r.name, r.email, bool(r.active),
                     tuple(roles[r.id]) + (("administrator",) if r.is_admin else ()))
             for r in rows]
    return Listing(items, total, number, per_page, query, more)


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
