"""The one place that decides which providers a user may see and what they may do there.

Every service that touches provider data gets the provider through here, from the signed-in user's
memberships; a provider the user is not a member of is reported as NotFound, never as Forbidden, so a URL
cannot reveal that another provider exists.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from ..extensions import db
from ..models import Membership, Provider, User
from .errors import Forbidden, NotFound

if TYPE_CHECKING:
    from .admin_lists import Listing

EDIT_ROLES = frozenset({"editor", "approver"})


@dataclass(frozen=True)
class ProviderAccess:
    """A provider as seen by one user: the provider and the user's role there (None for an administrator
    who is not a member, who may read everything but edits nothing)."""

    provider: Provider
    role: str | None
    is_admin: bool

    @property
    def can_view(self) -> bool:
        return True

    @property
    def can_edit(self) -> bool:
        return self.role in EDIT_ROLES

    @property
    def can_approve(self) -> bool:
        return self.role == "approver"

    def require_edit(self) -> None:
        if not self.can_edit:
            raise Forbidden("You can read this provider's self-assessment but not change it.")

    def require_approve(self) -> None:
        if not self.can_approve:
            raise Forbidden("Only an approver can do this.")


def providers_for(user: User) -> list[ProviderAccess]:
    """The providers this user may see, by name; administrators see all."""
    if user.is_admin:
        roles = {m.provider_id: m.role for m in user.memberships}
        providers = db.session.scalars(select(Provider).order_by(Provider.name)).all()
        return [ProviderAccess(p, roles.get(p.id), True) for p in providers]
    rows = db.session.execute(
        select(Provider, Membership.role)
        .join(Membership, Membership.provider_id == Provider.id)
        .where(Membership.user_id == user.id)
        .order_by(Provider.name)
    ).all()
    return [ProviderAccess(provider, role, False) for provider, role in rows]


def providers_page_for(user: User, query: str | None, page) -> tuple[list[ProviderAccess], "Listing"]:
    """An administrator's home page: one page of all providers (searchable), with their roles there."""
    from .admin_lists import providers as provider_listing

    listing = provider_listing(query, page)
    ids = [p.id for p in listing.items]
    roles = dict(db.session.execute(
        select(Membership.provider_id, Membership.role)
        .where(Membership.user_id == user.id, Membership.provider_id.in_(ids))
    ).all()) if ids else {}
    return [ProviderAccess(p, roles.get(p.id), bool(user.is_admin)) for p in listing.items], listing


def provider_for(user: User, ukprn: str) -> ProviderAccess:
    """The provider with this UKPRN if the user may see it; NotFound otherwise, whatever the reason."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotFound("Page not found")
    row = db.session.execute(
        select(Provider, Membership.role)
        .outerjoin(Membership, (Membership.provider_id == Provider.id) & (Membership.user_id == user.id))
        .where(Provider.ukprn == str(ukprn))
    ).first()
    if row is None:
        raise NotFound("Page not found")
    provider, role = row
    if role is None and not user.is_admin:
        raise NotFound("Page not found")
    return ProviderAccess(provider, role, bool(user.is_admin))
