"""Configuration precedence (defaults < instance/config.py < SELFASSESS_* environment < factory argument)
and refusing unsafe production settings."""

import pytest
from flask import Flask

from selfassess.config import ConfigurationError, configure

STRONG = "s" * 40


def fresh_app(tmp_path, instance_config: str | None = None) -> Flask:
    instance = tmp_path / "instance"
    instance.mkdir()
    if instance_config is not None:
        (instance / "config.py").write_text(instance_config)
    return Flask("probe", instance_path=str(instance), instance_relative_config=True)


def test_defaults_use_sqlite_in_the_instance_folder(tmp_path):
    app = fresh_app(tmp_path)
    configure(app, environ={})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'instance' / 'selfassess.sqlite'}"
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["WTF_CSRF_ENABLED"] is True
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024


def test_instance_config_overrides_defaults_and_environment_overrides_both(tmp_path):
    app = fresh_app(tmp_path, "SERVICE_NAME = 'From instance'\nLOGIN_MAX_FAILURES = 3\n")
    configure(app, environ={"SELFASSESS_LOGIN_MAX_FAILURES": "7", "UNRELATED": "x"})
    assert app.config["SERVICE_NAME"] == "From instance"
    assert app.config["LOGIN_MAX_FAILURES"] == 7


def test_factory_argument_wins(tmp_path):
    app = fresh_app(tmp_path)
    configure(app, overrides={"DATABASE_URL": "postgresql+psycopg://u@h/db"},
              environ={"SELFASSESS_DATABASE_URL": "sqlite:///x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_database_url_from_the_environment(tmp_path):
    app = fresh_app(tmp_path)
    configure(app, environ={"SELFASSESS_DATABASE_URL": "postgresql+psycopg://u@h/db"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_missing_secret_key_is_generated_once_into_the_instance_folder(tmp_path):
    first = fresh_app(tmp_path)
    configure(first, environ={})
    key_file = tmp_path / "instance" / "secret_key"
    assert key_file.exists() and (key_file.stat().st_mode & 0o077) == 0
    second = Flask("again", instance_path=str(tmp_path / "instance"), instance_relative_config=True)
    configure(second, environ={})
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] and len(first.config["SECRET_KEY"]) >= 32


@pytest.mark.parametrize(
    "environ, message",
    [
        ({"SELFASSESS_ENV_NAME": "production"}, "must be set in production"),
        ({"SELFASSESS_ENV_NAME": "production", "SELFASSESS_SECRET_KEY": "short"}, "at least 32 characters"),
        ({"SELFASSESS_ENV_NAME": "production", "SELFASSESS_SECRET_KEY": STRONG, "SELFASSESS_DEBUG": "true"},
         "Debug mode must be off"),
    ],
)
def test_production_refuses_unsafe_settings(tmp_path, environ, message):
    app = fresh_app(tmp_path)
    with pytest.raises(ConfigurationError, match=message):
        configure(app, environ=environ)
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_production_with_a_proper_key_sets_secure_cookies(tmp_path):
    app = fresh_app(tmp_path)
    configure(app, environ={"SELFASSESS_ENV_NAME": "production", "SELFASSESS_SECRET_KEY": STRONG})
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["DEBUG"] is False


def test_create_app_accepts_no_config(monkeypatch, tmp_path):
    from selfassess import create_app

    monkeypatch.setenv("SELFASSESS_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    monkeypatch.setenv("SELFASSESS_SECRET_KEY", STRONG)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.sqlite")
    assert {"auth", "dashboard", "admin", "pages"} <= set(app.blueprints)
