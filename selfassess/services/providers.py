"""Creating and listing providers (administrators only; tenancy decides who sees what)."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import UKPRN_MESSAGE, UKPRN_PATTERN, Provider, User
from . import audit
from .errors import Conflict, Forbidden, NotFound, ValidationFailed
from .transaction import writing


def create_provider(name: str, ukprn: str, *, actor: User | None = None) -> Provider:
    name = (name or "").strip()
    ukprn = (ukprn or "").strip()
    problems = []
    if not name:
        problems.append("Enter the provider's name")
    elif len(name) > 200:
        problems.append("Provider name must be 200 characters or fewer")
    if not UKPRN_PATTERN.fullmatch(ukprn):
        problems.append(UKPRN_MESSAGE)
    if problems:
        raise ValidationFailed(problems)
    with writing():
        if db.session.scalar(select(Provider.id).where(Provider.ukprn == ukprn)):
            raise Conflict(f"A provider with the UKPRN {ukprn} already exists")
        provider = Provider(name=name, ukprn=ukprn)
        db.session.add(provider)
        try:
            db.session.flush()
        except IntegrityError as exc:
            raise Conflict(f"A provider with the UKPRN {ukprn} already exists") from exc
        audit.record("provider_created", user=actor, provider=provider, name=name, ukprn=ukprn)
    return provider


def all_providers() -> list[Provider]:
    return list(db.session.scalars(select(Provider).order_by(Provider.name)).all())


def set_one_person_signoff(actor: User, ukprn: str, allowed: bool) -> Provider:
    """Let one person both send a year for sign-off and sign it off (a very small provider), or stop it.
    Administrators only; recorded in the audit trail, and on each year signed off that way."""
    if not actor.is_admin:
        raise Forbidden("Only an administrator can change who may sign off")
    with writing():
        provider = db.session.scalar(select(Provider).where(Provider.ukprn == str(ukprn)))
        if provider is None:
            raise NotFound("Page not found")
        provider.one_person_signoff = bool(allowed)
        audit.record("one_person_signoff_changed", user=actor, provider=provider, allowed=bool(allowed))
    return provider
