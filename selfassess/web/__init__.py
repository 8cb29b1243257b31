"""The web layer: one blueprint per area; views parse input, call one service, and redirect or render."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import admin, assessment, auth, dashboard, errors, pages

    auth.init_app(app)
    for module in (auth, dashboard, assessment, admin, pages):
        app.register_blueprint(module.bp)
    errors.init_app(app)
