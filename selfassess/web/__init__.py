"""The web layer: one blueprint per area; views parse input, call one service, and redirect or render."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import (
        account,
        admin,
        assessment,
        auth,
        dashboard,
        errors,
        exports,
        history,
        notifications,
        pages,
        report,
        signoff,
    )

    auth.init_app(app)
    for module in (auth, account, dashboard, assessment, signoff, report, history, exports, admin, pages,
                   notifications):
        app.register_blueprint(module.bp)
    errors.init_app(app)
