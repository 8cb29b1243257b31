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
        "MAX_CONTENT_LENGTH": 1024 * 1024,  # 1 MiB: answers are text, never uploads
        "MAX_FORM_PARTS": 1000,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": None,  # decided below: Secure except in local development and tests
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": 8 * 60 * 60,
        "WTF_CSRF_ENABLED": True,
        "WTF_CSRF_TIME_LIMIT": 8 * 60 * 60,
        "LOGIN_MAX_FAILURES": 10,
        "LOGIN_FAILURE_WINDOW_SECONDS": 300,
        "PASSWORD_MIN_LENGTH": 12,
        "SERVICE_NAME": "Prevent self-assessment",
        "REPORT_RENDERS_PER_MINUTE": 6,  # per provider and worker; cached and stored PDFs do not count
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
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
