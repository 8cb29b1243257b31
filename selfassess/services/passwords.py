"""Password policy and hashing: argon2id at OWASP's minimum cost, 12 characters, a small deny-list."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# m=19 MiB, t=2, p=1: OWASP's recommended minimum for argon2id; about 20 ms here.
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


def password_problem(password: str, min_length: int = MIN_LENGTH) -> str | None:
    """Why this password is refused, in words a user can act on; None when it is acceptable."""
    if len(password) < min_length:
        return f"Password must be {min_length} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    if password.lower() in COMMON_PASSWORDS:
        return "Password is too common. Choose a password that is harder to guess"
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
