"""The web layer: one blueprint per area; views parse input, call one service, and redirect or render."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import (
        admin,
        assessment,
        auth,
        dashboard,
        errors,
        exports,
        history,
        pages,
        registers,
        report,
        signoff,
    )

    auth.init_app(app)
    for module in (auth, dashboard, assessment, signoff, report, history, exports, admin, pages, registers):
        app.register_blueprint(module.bp)
    errors.init_app(app)
