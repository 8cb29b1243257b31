"""Sign-in limits shared by every worker and host, kept in the database (table sign_in_counter).

Four counters, each a fixed window per key:
- account and address (the lock-out a person meets): LOGIN_MAX_FAILURES per LOGIN_FAILURE_WINDOW_SECONDS;
- address, across all accounts (password spraying): SIGN_IN_ADDRESS_MAX_FAILURES per window;
- account, across all addresses (a distributed attack on one account): a slower, longer
  SIGN_IN_ACCOUNT_MAX_FAILURES per SIGN_IN_ACCOUNT_WINDOW_SECONDS, which a browser that has signed in to
  that account before (a signed "device cookie", as OWASP suggests) does not count towards, so an attacker
  cannot keep the real person out;
- the whole service: SIGN_IN_GLOBAL_MAX_ATTEMPTS per SIGN_IN_GLOBAL_WINDOW_SECONDS.

An attempt is counted *before* the password is checked, by an atomic INSERT … ON CONFLICT DO UPDATE …
RETURNING (a row lock on PostgreSQL, the write lock on SQLite), so N parallel tries against a limit of 10
let exactly 10 through. A successful sign-in gives its attempt back. Keys are derived from what was typed,
never from whether the account exists, so a known and an unknown email are limited alike.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..extensions import db
from ..models import AuditEvent, SignInCounter, utcnow

SIGN_IN_AUDIT_ACTIONS = ("sign_in_failed", "sign_in_limited")


@dataclass(frozen=True)
class Limits:
    pair_max: int = 10
    pair_window: int = 300
    address_max: int = 30
    address_window: int = 300
    account_max: int = 100
    account_window: int = 3600
    global_max: int = 600
    global_window: int = 60
    audit_retention_days: int = 30

    @classmethod
    def from_config(cls, config) -> "Limits":
        return cls(
            pair_max=config["LOGIN_MAX_FAILURES"], pair_window=config["LOGIN_FAILURE_WINDOW_SECONDS"],
            address_max=config["SIGN_IN_ADDRESS_MAX_FAILURES"],
            address_window=config["LOGIN_FAILURE_WINDOW_SECONDS"],
            account_max=config["SIGN_IN_ACCOUNT_MAX_FAILURES"],
            account_window=config["SIGN_IN_ACCOUNT_WINDOW_SECONDS"],
            global_max=config["SIGN_IN_GLOBAL_MAX_ATTEMPTS"],
            global_window=config["SIGN_IN_GLOBAL_WINDOW_SECONDS"],
            audit_retention_days=config["SIGN_IN_AUDIT_RETENTION_DAYS"],
        )


@dataclass(frozen=True)
class Refusal:
    scope: str  # which counter refused: pair, address, account or global
    retry_after: int  # seconds

    @property
    def message(self) -> str:
        minutes = max(1, -(-self.retry_after // 60))
        return (f"There have been too many attempts to sign in. Wait {minutes} minute"
                f"{'' if minutes == 1 else 's'} and try again.")


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:40]


def account_key(email: str) -> str:
    return f"acct:{_digest(email)}"


def keys_for(email: str, address: str) -> dict[str, str]:
    return {
        "pair": f"pair:{_digest(email, address)}",
        "address": f"addr:{_digest(address)}",
        "account": account_key(email),
        "global": "global",
    }


def _bump(key: str, now: datetime, window_seconds: int) -> int:
    """Count one attempt for key, starting a new window if the old one has passed; the new count."""
    table = SignInCounter.__table__
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    expired = table.c.window_start < now - timedelta(seconds=window_seconds)
    statement = insert(table).values(key=key, window_start=now, count=1)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={"count": case((expired, 1), else_=table.c.count + 1),
              "window_start": case((expired, now), else_=table.c.window_start)},
    ).returning(table.c.count, table.c.window_start)
    count, _start = db.session.execute(statement).one()
    return count


def admit(email: str, address: str, limits: Limits, *, trusted_device: bool) -> tuple[Refusal | None, bool]:
    """Count this attempt against every limit (inside the caller's write transaction). Returns the refusal,
    if any, and whether this attempt is the first over a limit (so that crossing is audited once)."""
    now = utcnow()
    keys = keys_for(email, address)
    # Counting stops at the first refusal, and the account-wide counter comes last, so tries already refused
    # for one address never use up the account's allowance elsewhere. The address comes before the pair, so
    # one address cannot create more than its allowance of rows, whatever emails it makes up.
    checks = [("global", limits.global_max, limits.global_window),
              ("address", limits.address_max, limits.address_window),
              ("pair", limits.pair_max, limits.pair_window)]
    if not trusted_device:
        checks.append(("account", limits.account_max, limits.account_window))
    refusal, first_over = None, False
    for scope, maximum, window in checks:
        count = _bump(keys[scope], now, window)
        if count > maximum:
            refusal, first_over = Refusal(scope, window), count == maximum + 1
            break
    _prune_hourly(now, limits)
    return refusal, first_over


def succeeded(email: str, address: str, *, trusted_device: bool) -> None:
    """A correct sign-in: its address and account get their attempt back; the pair starts again."""
    keys = keys_for(email, address)
    db.session.execute(delete(SignInCounter).where(SignInCounter.key == keys["pair"]))
    give_back = [keys["address"]] + ([] if trusted_device else [keys["account"]])
    db.session.execute(
        update(SignInCounter).where(SignInCounter.key.in_(give_back), SignInCounter.count > 0)
        .values(count=SignInCounter.count - 1)
    )


def bump_and_check(key: str, maximum: int, window_seconds: int) -> bool:
    """One more try of something else limited the same way (second-factor codes); False once over."""
    return _bump(key, utcnow(), window_seconds) <= maximum


def reset(key: str) -> None:
    db.session.execute(delete(SignInCounter).where(SignInCounter.key == key))


def _prune_hourly(now: datetime, limits: Limits) -> None:
    """Once an hour, for the whole service: drop counters whose windows have passed and sign-in audit
    events older than the retention period. The 'prune' counter's new window is the clock."""
    if _bump("prune", now, 3600) != 1:
        return
    longest = max(limits.pair_window, limits.address_window, limits.account_window, limits.global_window)
    db.session.execute(delete(SignInCounter).where(
        SignInCounter.window_start < now - timedelta(seconds=longest), SignInCounter.key != "prune"))
    db.session.execute(delete(AuditEvent).where(
        AuditEvent.action.in_(SIGN_IN_AUDIT_ACTIONS),
        AuditEvent.at < now - timedelta(days=limits.audit_retention_days)))
