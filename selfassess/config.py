"""Configuration: defaults in code, then instance/config.py, then SELFASSESS_* environment variables.

The secret key comes from the environment or is generated once into instance/secret_key, so no secret is
ever committed. In production the app refuses to start without a proper key or with debug on.
"""

import os
import secrets
from pathlib import Path

from flask import Flask

ENV_PREFIX = "SELFASSESS_"
MIN_SECRET_LENGTH = 32


class ConfigurationError(RuntimeError):
    """The configuration is unsafe or unusable; raised at start-up, never during a request."""


def defaults(instance_path: Path) -> dict:
    return {
        "ENV_NAME": "development",  # development | production | testing
        "DEBUG": False,
        "TESTING": False,
        "SECRET_KEY": None,
        "DATABASE_URL": f"sqlite:///{instance_path / 'selfassess.sqlite'}",
        "SQLITE_BUSY_TIMEOUT_MS": 15000,
        "MAX_CONTENT_LENGTH": 1024 * 1024,  # 1 MiB for forms: the longest page of answers is far smaller
        # The import page alone takes more: any export the service writes (services.imports.MAX_BYTES) plus
        # the multipart envelope.
        "IMPORT_MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
        "MAX_FORM_PARTS": 1000,
        "MAX_FORM_MEMORY_SIZE": 512 * 1024,  # one multipart field, or a whole urlencoded form
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": None,  # decided below: Secure except in local development and tests
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": 8 * 60 * 60,  # the longest a sign-in lasts, however active
        "SESSION_IDLE_SECONDS": 60 * 60,  # signed out after this long without a request
        "WTF_CSRF_ENABLED": True,
        "WTF_CSRF_TIME_LIMIT": 8 * 60 * 60,
        # Sign-in limits (services/sign_in_limits.py), shared by every worker through the database.
        "LOGIN_MAX_FAILURES": 10,  # per account and client address, per window
        "LOGIN_FAILURE_WINDOW_SECONDS": 300,
        "SIGN_IN_ADDRESS_MAX_FAILURES": 30,  # per client address across all accounts, same window
        "SIGN_IN_ACCOUNT_MAX_FAILURES": 100,  # per account from browsers it has never signed in from
        "SIGN_IN_ACCOUNT_WINDOW_SECONDS": 3600,
        "SIGN_IN_GLOBAL_MAX_ATTEMPTS": 600,  # for the whole service, per window
        "SIGN_IN_GLOBAL_WINDOW_SECONDS": 60,
        "SIGN_IN_AUDIT_RETENTION_DAYS": 30,  # failed and refused sign-ins in the audit trail
        "DEVICE_COOKIE_DAYS": 365,
        # Second factor (TOTP). Roles that must use one: any of editor, approver, viewer, admin. None means
        # "approver,admin", except in local development, where the demo sign-ins work without one.
        "MFA_REQUIRED_ROLES": None,
        "MFA_STEP_UP_SECONDS": 15 * 60,  # signing off and admin changes ask again after this long
        "MFA_ISSUER": None,  # the name an authenticator app shows; defaults to SERVICE_NAME
        # HTTPS: None means required in production. Behind a reverse proxy, TRUSTED_PROXY_HOPS says how many
        # proxies set X-Forwarded-For/-Proto/-Host (werkzeug ProxyFix); 0 trusts no forwarded header.
        "REQUIRE_HTTPS": None,
        "TRUSTED_PROXY_HOPS": 0,
        "PASSWORD_MIN_LENGTH": 12,
        "SERVICE_NAME": "Prevent self-assessment",
        "REPORT_RENDERS_PER_MINUTE": 6,  # per provider and worker; cached and stored PDFs do not count
        # Renders at once on this host, across all workers (lock files in REPORT_RENDER_SLOTS_DIR, default
        # instance/render-slots): half the CPUs, so page views always have the rest. 0 = no host limit.
        "REPORT_RENDERS_PER_HOST": max(1, (os.cpu_count() or 2) // 2),
        "REPORT_RENDER_NICE": 5,  # render children's niceness (0-19): page views first; renders progress
        "REPORT_CACHE_MAX_BYTES": 512 * 1024 * 1024,  # the PDF cache's size bound, pruned as it writes
        "REPORT_CACHE_MAX_AGE": 2 * 24 * 60 * 60,  # seconds; the cover date is in the key: 2 days is ample
        "PREFERRED_URL_SCHEME": "http",
        # Registers (docs/registers.md): concerns older than this are deleted by `flask purge-records`,
        # leaving their counts; training older than the refresher cycle no longer counts as in date.
        "CONCERN_RETENTION_MONTHS": 72,
        "TRAINING_REFRESHER_MONTHS": 24,
        "REGISTER_PAGE_SIZE": 50,
    }


def _coerce(value: str):
    lowered = value.strip().lower()
    if lowered in {"true", "yes", "on"}:
        return True
    if lowered in {"false", "no", "off"}:
        return False
    if lowered.isdigit():
        return int(lowered)
    return value


def _from_environment(environ) -> dict:
    return {
        key[len(ENV_PREFIX):]: _coerce(value)
        for key, value in environ.items()
        if key.startswith(ENV_PREFIX) and len(key) > len(ENV_PREFIX)
    }


def _secret_key_file(instance_path: Path) -> str:
    """Read instance/secret_key, creating it (readable by the owner only) the first time."""
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


MFA_ROLES = ("editor", "approver", "viewer", "admin")


def _roles(value, env_name: str) -> frozenset[str]:
    """MFA_REQUIRED_ROLES as a set, from a list or a comma-separated string ("approver,admin")."""
    if value is None:
        value = "" if env_name == "development" else "approver,admin"
    items = value.split(",") if isinstance(value, str) else list(value)
    roles = frozenset(item.strip().lower() for item in items if str(item).strip())
    unknown = roles - set(MFA_ROLES)
    if unknown:
        raise ConfigurationError(
            f"SELFASSESS_MFA_REQUIRED_ROLES: unknown role {', '.join(sorted(unknown))}; "
            f"use any of {', '.join(MFA_ROLES)}."
        )
    return roles


def configure(app: Flask, overrides: dict | None = None, environ=None) -> None:
    instance_path = Path(app.instance_path)
    app.config.update(defaults(instance_path))
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(_from_environment(os.environ if environ is None else environ))
    app.config.update(overrides or {})

    if app.config["TESTING"] and app.config["ENV_NAME"] == "development":
        app.config["ENV_NAME"] = "testing"
    production = app.config["ENV_NAME"] == "production"

    if not app.config["SECRET_KEY"]:
        if production:
            raise ConfigurationError("SELFASSESS_SECRET_KEY must be set in production.")
        app.config["SECRET_KEY"] = _secret_key_file(instance_path)
    if production:
        if len(str(app.config["SECRET_KEY"])) < MIN_SECRET_LENGTH:
            raise ConfigurationError(
                f"SELFASSESS_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters in production."
            )
        if app.config["DEBUG"]:
            raise ConfigurationError("Debug mode must be off in production.")
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = production
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    if app.config["SESSION_COOKIE_SECURE"] and app.config.get("SESSION_COOKIE_NAME", "session") == "session":
        # __Host-: the browser keeps it only if Secure, for this host alone, with Path=/ (ASVS 3.3.3).
        app.config["SESSION_COOKIE_NAME"] = "__Host-session"
    app.config["MFA_REQUIRED_ROLES"] = _roles(app.config["MFA_REQUIRED_ROLES"], app.config["ENV_NAME"])
    app.config["MFA_ISSUER"] = app.config["MFA_ISSUER"] or app.config["SERVICE_NAME"]
    if app.config["REQUIRE_HTTPS"] is None:
        app.config["REQUIRE_HTTPS"] = production
    if not isinstance(app.config["TRUSTED_PROXY_HOPS"], int) or app.config["TRUSTED_PROXY_HOPS"] < 0:
        raise ConfigurationError("SELFASSESS_TRUSTED_PROXY_HOPS must be a whole number, 0 or more.")
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
