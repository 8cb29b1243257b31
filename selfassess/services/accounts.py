"""Users and sign-in: authentication, the attempt limit, session revocation and account management."""

from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import ROLES, LoginFailure, Membership, Provider, User, normalise_email, utcnow
from . import audit
from .errors import Conflict, NotFound, TooManyAttempts, ValidationFailed
from .passwords import hash_password, password_problem, verify_against_dummy, verify_password
from .transaction import writing

GENERIC_SIGN_IN_ERROR = "Enter a correct email address and password"


def user_for_session_token(token: str) -> User | None:
    """Flask-Login's loader: a rotated or unknown token signs nobody in."""
    if not token:
        return None
    user = db.session.scalar(select(User).where(User.session_token == token))
    if user is None or not user.active:
        return None
    return user


def _recent_failures(user: User, window: timedelta) -> int:
    since = utcnow() - window
    return db.session.scalar(
        select(func.count()).select_from(LoginFailure).where(
            LoginFailure.user_id == user.id, LoginFailure.at >= since
        )
    )


def authenticate(email: str, password: str, *, max_failures: int = 10, window_seconds: int = 300,
                 ip: str | None = None) -> User:
    """The user these credentials belong to, with a fresh session token; raises ValidationFailed with one
    generic message otherwise, or TooManyAttempts once the account has had too many recent failures."""
    window = timedelta(seconds=window_seconds)
    # Failures are recorded and committed before the error is raised, so they count even though the
    # attempt fails; the error is raised outside the transaction for that reason.
    refusal: Exception | None = None
    with writing():
        user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
        if user is None:
            verify_against_dummy(password)
            audit.record("sign_in_failed", reason="unknown email", ip=ip)
            refusal = ValidationFailed(GENERIC_SIGN_IN_ERROR)
        elif _recent_failures(user, window) >= max_failures:
            audit.record("sign_in_refused", user=user, reason="too many attempts", ip=ip)
            refusal = TooManyAttempts(
                "There have been too many attempts to sign in to this account. Wait 5 minutes and try again."
            )
        elif not verify_password(user.password_hash, password) or not user.active:
            db.session.add(LoginFailure(user_id=user.id))
            audit.record("sign_in_failed", user=user, reason="bad password or inactive", ip=ip)
            refusal = ValidationFailed(GENERIC_SIGN_IN_ERROR)
        else:
            db.session.execute(delete(LoginFailure).where(LoginFailure.user_id == user.id))
            # The token is kept, so signing in on a second device leaves the first signed in; signing out
            # (or being disabled) rotates it and ends every session at once.
            user.last_login_at = utcnow()
            audit.record("sign_in", user=user, ip=ip)
    if refusal is not None:
        raise refusal
    return user


def sign_out(user: User) -> None:
    """Make every cookie that holds the current token useless, on the server."""
    with writing():
        user.rotate_session_token()
        audit.record("sign_out", user=user)


def _check_new_user(email: str, name: str, password: str, min_length: int) -> list[str]:
    problems = []
    email = normalise_email(email)
    if not email or "@" not in email or email.startswith("@") or email.endswith("@") or len(email) > 254:
        problems.append("Enter an email address in the correct format, like name@example.ac.uk")
    if not (name or "").strip():
        problems.append("Enter the person's name")
    elif len(name) > 200:
        problems.append("Name must be 200 characters or fewer")
    problem = password_problem(password or "", min_length)
    if problem:
        problems.append(problem)
    if email and db.session.scalar(select(User.id).where(User.email == email)):
        problems.append(f"A user with the email address {email} already exists")
    return problems


def create_user(email: str, name: str, password: str, *, is_admin: bool = False,
                provider_ukprn: str | None = None, role: str | None = None,
                actor: User | None = None, min_length: int = 12) -> User:
    """Create an account, optionally with one membership; every problem is reported together."""
    with writing():
        problems = _check_new_user(email, name, password, min_length)
        provider = None
        if provider_ukprn is not None or role is not None:
            if role not in ROLES:
                problems.append(f"Role must be one of: {', '.join(ROLES)}")
            provider = db.session.scalar(select(Provider).where(Provider.ukprn == str(provider_ukprn)))
            if provider is None:
                problems.append(f"No provider has the UKPRN {provider_ukprn}")
        if problems:
            raise ValidationFailed(problems)
        user = User(email=email, name=name.strip(), password_hash=hash_password(password), is_admin=is_admin)
        db.session.add(user)
        if provider is not None:
            user.memberships.append(Membership(provider=provider, role=role))
        try:
            db.session.flush()
        except IntegrityError as exc:  # a concurrent create of the same email
            raise Conflict(f"A user with the email address {normalise_email(email)} already exists") from exc
        audit.record("user_created", user=actor, provider=provider, email=user.email, role=role,
                     is_admin=is_admin)
    return user


def set_password(user: User, password: str, *, min_length: int = 12) -> None:
    problem = password_problem(password, min_length)
    if problem:
        raise ValidationFailed(problem)
    with writing():
        user.password_hash = hash_password(password)
        user.rotate_session_token()
        audit.record("password_changed", user=user)


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.name)).all())


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user")
    return user


def set_active(actor: User, user_id: int, active: bool) -> User:
    """Enable or disable an account; disabling ends its sessions at once."""
    with writing():
        user = get_user(user_id)
        if user.id == actor.id and not active:
            raise ValidationFailed("You cannot disable your own account")
        user.active = active
        if not active:
            user.rotate_session_token()
        audit.record("user_enabled" if active else "user_disabled", user=actor, target=user.email)
    return user


def set_membership(actor: User, user_id: int, ukprn: str, role: str | None) -> None:
    """Give a user a role at a provider, change it, or (role None) remove the membership."""
    with writing():
        user = get_user(user_id)
        provider = db.session.scalar(select(Provider).where(Provider.ukprn == str(ukprn)))
        if provider is None:
            raise ValidationFailed(f"No provider has the UKPRN {ukprn}")
        if role is not None and role not in ROLES:
            raise ValidationFailed(f"Role must be one of: {', '.join(ROLES)}")
        membership = db.session.scalar(
            select(Membership).where(Membership.user_id == user.id, Membership.provider_id == provider.id)
        )
        before = membership.role if membership else None
        if role is None:
            if membership is not None:
                db.session.delete(membership)
        elif membership is None:
            db.session.add(Membership(user=user, provider=provider, role=role))
        else:
            membership.role = role
        audit.record("membership_changed", user=actor, provider=provider, target=user.email,
                     before=before, after=role)
