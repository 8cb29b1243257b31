"""The web layer: one blueprint per area; views parse input, call one service, and redirect or render."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import (
        account,
        admin,
        assessment,
        auth,
        board_paper,
        dashboard,
        errors,
        exports,
        history,
        notifications,
        pages,
        registers,
        report,
        signoff,
    )

    auth.init_app(app)
    for module in (auth, account, dashboard, assessment, signoff, report, board_paper, history, exports,
                   admin, pages, notifications, registers):
        app.register_blueprint(module.bp)
    errors.init_app(app)
