"""Users and sign-in: authentication, the attempt limit, session revocation and account management."""

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import ROLES, Membership, Provider, User, normalise_email, utcnow
from . import audit, sign_in_limits
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


def authenticate(email: str, password: str, *, ip: str | None, limits: sign_in_limits.Limits,
                 trusted_device: bool = False) -> User:
    """The user these credentials belong to; raises ValidationFailed with one generic message otherwise, or
    TooManyAttempts (with .retry_after) once a sign-in limit is reached.

    A known and an unknown email take the same path: the same counters, one Argon2 verification (against
    a dummy hash when there is no account), the same messages, so neither the answer nor its timing
    tells whether an account exists.
    """
    email = normalise_email(email)
    address = ip or "unknown"
    with writing():
        refusal, first_over = sign_in_limits.admit(email, address, limits, trusted_device=trusted_device)
        if refusal is not None and first_over:  # each crossing once, not every refused try
            audit.record("sign_in_limited", scope=refusal.scope, ip=ip)
    if refusal is not None:
        raise TooManyAttempts(refusal.message, retry_after=refusal.retry_after)

    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        verify_against_dummy(password)
        correct = False
    else:
        correct = verify_password(user.password_hash, password) and bool(user.active)
    with writing():
        if not correct:
            # Only failures for real accounts are audited one by one; they are bounded by the limits above.
            if user is not None:
                audit.record("sign_in_failed", user=user, reason="bad password or inactive", ip=ip)
        else:
            user = db.session.get(User, user.id)
            sign_in_limits.succeeded(email, address, trusted_device=trusted_device)
            # The token is kept, so signing in on a second device leaves the first signed in; signing out
            # (or being disabled) rotates it and ends every session at once.
            user.last_login_at = utcnow()
            audit.record("sign_in", user=user, ip=ip)
    if not correct:
        raise ValidationFailed(GENERIC_SIGN_IN_ERROR)
    return user


def sign_out(user: User) -> None:
    """Make every cookie that holds the current token useless, on the server."""
    with writing():
        user.rotate_session_token()
        audit.record("sign_out", user=user)


EMAIL_FORMAT_ERROR = "Enter an email address in the correct format, like name@example.ac.uk"


def email_problem(email: str) -> str | None:
    """email-validator's syntax check (RFC 5321/5322, internationalised domains), without a DNS lookup.
    The reserved .test domain is allowed (test_environment) for the demo's administrator."""
    if not email or len(email) > 254:
        return EMAIL_FORMAT_ERROR
    try:
        validate_email(email, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        return EMAIL_FORMAT_ERROR
    return None


def _check_new_user(email: str, name: str, password: str, min_length: int) -> list[str]:
    problems = []
    email = normalise_email(email)
    if email_problem(email):
        problems.append(email_problem(email))
    if not (name or "").strip():
        problems.append("Enter the person's name")
    elif len(name) > 200:
        problems.append("Name must be 200 characters or fewer")
    problem = password_problem(password or "", min_length, personal=(name or "", email))
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
    """Set a password chosen by the person (the CLI's reset, or the change-password page)."""
    problem = password_problem(password, min_length, personal=(user.name, user.email))
    if problem:
        raise ValidationFailed(problem)
    with writing():
        user = db.session.get(User, user.id)
        user.password_hash = hash_password(password)
        user.password_changed_at = utcnow()
        user.must_change_password = False
        user.rotate_session_token()
        audit.record("password_changed", user=user)


CURRENT_PASSWORD_ERROR = "Your current password is not correct"  # noqa: S105 - a message


def change_own_password(user: User, current: str, new: str, *, min_length: int = 12) -> User:
    """The person changes their own password: the current one is required, and every session (theirs on
    other devices included) ends; the caller signs this one in again with the new token."""
    problems = []
    if not verify_password(user.password_hash, current or ""):
        problems.append(CURRENT_PASSWORD_ERROR)
    problem = password_problem(new or "", min_length, personal=(user.name, user.email))
    if problem:
        problems.append(problem)
    elif new == current:
        problems.append("Your new password must be different from your current password")
    if problems:
        raise ValidationFailed(problems)
    set_password(user, new, min_length=min_length)
    return db.session.get(User, user.id)


def set_temporary_password(actor: User, user_id: int, password: str, *, min_length: int = 12) -> User:
    """An administrator gives someone a temporary password: their sessions end, and they must choose their
    own password when they next sign in."""
    with writing():
        user = get_user(user_id)
        problem = password_problem(password or "", min_length, personal=(user.name, user.email))
        if problem:
            raise ValidationFailed(problem)
        user.password_hash = hash_password(password)
        user.must_change_password = True
        user.rotate_session_token()
        audit.record("temporary_password_set", user=actor, target=user.email)
    return user


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.name)).all())


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user")
    return user


def set_active(actor: User, user_id: int, active: bool) -> tuple[User, bool]:
    """Enable or disable an account, explicitly: doing it twice is the same as once. Disabling ends its
    sessions at once. Returns the user and whether anything changed (only a change is audited)."""
    with writing():
        user = get_user(user_id)
        if user.id == actor.id and not active:
            raise ValidationFailed("You cannot disable your own account")
        if bool(user.active) == active:
            return user, False
        user.active = active
        if not active:
            user.rotate_session_token()
        audit.record("user_enabled" if active else "user_disabled", user=actor, target=user.email)
    return user, True


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
