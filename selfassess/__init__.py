"""selfassess: the annual Prevent duty self-assessment for higher-education providers in England."""

from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Application factory: build a configured app; nothing happens at import time."""
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    from . import config as config_module

    config_module.configure(app, overrides=config)

    from . import database, extensions, security, templating

    extensions.init_app(app)
    database.init_app(app)
    templating.init_app(app)
    security.init_app(app)

    from .web import register_blueprints

    register_blueprints(app)

    from . import cli

    cli.init_app(app)
    return app
