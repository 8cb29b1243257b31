"""Password policy and hashing.

Hashing: argon2id (argon2-cffi) with m = 19 MiB (19456 KiB), t = 2 iterations, p = 1 lane, a 16-byte random
salt and a 32-byte tag: OWASP's Password Storage Cheat Sheet minimum for argon2id; about 20 ms per hash
here. The parameters are stored in each hash, so raising them later only affects new hashes.

Policy: 12 to 256 characters, any characters (spaces and Unicode included, no composition rules), and a
strength check by zxcvbn (Dropbox's estimator, with its lists of common passwords, names, words and
keyboard patterns), which must score at least 3 of 4; words from the person's own name and email count
against it. Nothing leaves the machine.
"""

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)

MIN_LENGTH = 12
MAX_LENGTH = 256
COMMON_PASSWORDS = frozenset(
    {
        "password1234", "password12345", "password123!", "123456789012", "1234567890123",
        "qwertyuiop12", "qwertyuiopas", "iloveyou1234", "letmein12345", "welcome12345",
        "administrator", "passwordpassword", "aaaaaaaaaaaa", "111111111111", "000000000000",
        "changeme1234", "football1234", "monkey123456", "princess1234", "sunshine1234",
        "abcdefghijkl", "abc123456789", "trustno1trustno1", "university123", "prevent12345",
    }
)


MIN_SCORE = 3  # zxcvbn: 3 is "safely unguessable: moderate protection from offline slow-hash scenario"


def password_problem(password: str, min_length: int = MIN_LENGTH, *,
                     personal: tuple[str, ...] = ()) -> str | None:
    """Why this password is refused, in words a user can act on; None when it is acceptable.
    `personal` holds the person's name and email, which make a password easier to guess."""
    if len(password) < min_length:
        return f"Password must be {min_length} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    if password.lower() in COMMON_PASSWORDS:
        return "Password is too common. Choose a password that is harder to guess"
    words = [part for item in personal for part in re.split(r"[\s@._-]+", item or "") if len(part) > 2]
    # zxcvbn's cost grows with length; the first 100 characters decide the score well enough.
    result = zxcvbn(password[:100], user_inputs=words)
    if result["score"] < MIN_SCORE:
        warning = (result["feedback"].get("warning") or "").rstrip(".")
        return ("Password is too easy to guess" + (f" ({warning[0].lower()}{warning[1:]})" if warning else "")
                + ". Use three or four unrelated words, or a longer password")
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# A real hash to verify against when the email is unknown, so timing does not reveal which emails exist.
_DUMMY_HASH = None


def verify_against_dummy(password: str) -> None:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash("not-a-real-password-at-all")
    verify_password(_DUMMY_HASH, password)
