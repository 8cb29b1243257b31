"""The second factor: TOTP codes from an authenticator app (RFC 6238, 30-second steps, 6 digits, SHA-1, as
every common app expects), and one-time recovery codes (120 random bits each) kept only as SHA-256 digests.

A code is accepted for the current step or one either side (clock drift), once: the step used is stored and
an equal or earlier one is refused, by an atomic UPDATE, so a code seen over someone's shoulder or replayed
twice in parallel gets in once at most. Tries are limited per account in the shared sign-in counters.
"""

import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from sqlalchemy import delete, func, or_, select, update

from ..extensions import db
from ..models import RecoveryCode, User, utcnow
from . import audit, sign_in_limits
from .errors import NotFound, TooManyAttempts, ValidationFailed
from .transaction import writing

STEP_SECONDS = 30
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"  # base32: no 0/o or 1/l to confuse
MAX_TRIES, TRIES_WINDOW = 10, 300
WRONG_CODE = "Enter a correct code from your authenticator app, or one of your recovery codes"


def required_for(user: User, required_roles: frozenset[str]) -> bool:
    return bool(user.roles & set(required_roles))


def new_secret() -> str:
    return pyotp.random_base32(32)  # 160 bits, as RFC 4226 recommends


def provisioning_uri(secret: str, email: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def qr_code_data_uri(uri: str) -> str:
    """The otpauth:// address as a QR code in an SVG data URI (allowed by the page's img-src)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4)


def formatted_secret(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    totp, step = pyotp.TOTP(secret), int((time.time() if now is None else now) // STEP_SECONDS)
    for candidate in (step - 1, step, step + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def _digest(code: str) -> str:
    return hashlib.sha256("".join(code.lower().replace("-", "").split()).encode()).hexdigest()


def _new_recovery_codes(user_id: int) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = []
    for _ in range(RECOVERY_CODES):
        # 24 base32 characters: 120 bits, above the 112 that ASVS 6.5.2 asks for before a plain SHA-256
        # (rather than a salted password hash) may store a lookup secret.
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(24))
        codes.append("-".join(raw[i:i + 4] for i in range(0, 24, 4)))
        db.session.add(RecoveryCode(user_id=user_id, code_hash=_digest(raw)))
    return codes


def enrol(user: User, secret: str, code: str) -> list[str]:
    """Turn on the second factor once the person has shown their app holds the secret; the recovery codes,
    to show once."""
    step = _matching_step(secret, code or "")
    if step is None:
        raise ValidationFailed("Enter the 6-digit code your authenticator app shows now")
    with writing():
        user = db.session.get(User, user.id)
        user.totp_secret, user.totp_last_step, user.totp_enrolled_at = secret, step, utcnow()
        codes = _new_recovery_codes(user.id)
        audit.record("second_factor_enrolled", user=user)
    return codes


def new_recovery_codes(user: User) -> list[str]:
    with writing():
        codes = _new_recovery_codes(user.id)
        audit.record("recovery_codes_replaced", user=user)
    return codes


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))


def verify(user: User, code: str, *, purpose: str) -> None:
    """Check a code from the app or a recovery code; raises ValidationFailed or TooManyAttempts."""
    if user.totp_secret is None:
        raise ValidationFailed(WRONG_CODE)
    code = (code or "").strip()
    key = f"mfa:{user.id}"
    refused = None
    with writing():
        if not sign_in_limits.bump_and_check(key, MAX_TRIES, TRIES_WINDOW):
            refused = TooManyAttempts("There have been too many wrong codes. Wait 5 minutes and try again.",
                                      retry_after=TRIES_WINDOW)
    if refused:
        raise refused
    with writing():
        step = _matching_step(user.totp_secret, code)
        accepted = False
        if step is not None:
            accepted = db.session.execute(
                update(User).where(User.id == user.id,
                                   or_(User.totp_last_step.is_(None), User.totp_last_step < step))
                .values(totp_last_step=step)
            ).rowcount == 1
        elif len(code) >= 24:
            accepted = db.session.execute(
                update(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                           RecoveryCode.code_hash == _digest(code),
                                           RecoveryCode.used_at.is_(None))
                .values(used_at=utcnow())
            ).rowcount == 1
            if accepted:
                audit.record("recovery_code_used", user=user, purpose=purpose)
        if accepted:
            sign_in_limits.reset(key)
        else:
            audit.record("second_factor_failed", user=user, purpose=purpose)
    if not accepted:
        raise ValidationFailed(WRONG_CODE)


def reset(actor: User, user_id: int) -> User:
    """An administrator turns off someone's second factor (a lost phone): their sessions end, and if their
    role requires one they set it up again when they next sign in."""
    with writing():
        user = db.session.get(User, user_id)
        if user is None:
            raise NotFound("No such user")
        had = user.totp_secret is not None
        user.totp_secret = user.totp_last_step = user.totp_enrolled_at = None
        db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
        user.rotate_session_token()
        audit.record("second_factor_reset", user=actor, target=user.email, had_second_factor=had)
    return user


def code_for_tests(secret: str, step_offset: int = 0) -> str:
    """The code an app would show (used by the test fixtures and the browser test)."""
    return pyotp.TOTP(secret).generate_otp(int(time.time() // STEP_SECONDS) + step_offset)

