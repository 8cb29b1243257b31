"""Jinja set-up: GOV.UK Frontend macros, undefined names that fail loudly, and template globals."""

import sys
from pathlib import Path

from flask import Flask, g
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader, Undefined
from jinja2.utils import missing

from .scoring.bands import coverage_colour

OWN_TEMPLATES = str(Path(__file__).resolve().parent.parent / "templates")


def _used_in_our_own_template() -> bool:
    """Whether the nearest template on the stack is one of ours (not a GOV.UK macro)."""
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.endswith(".html"):
            return filename.startswith(OWN_TEMPLATES)
        frame = frame.f_back
    return False


class StrictNameUndefined(Undefined):
    """Strict for names our templates expect from the view: a missing one is a bug and fails the test.
    Lenient for missing keys inside a dict and inside the GOV.UK macros, which rely on both."""

    __slots__ = ()

    def _is_missing_name(self) -> bool:
        return (
            self._undefined_obj is missing
            and self._undefined_hint is None
            and _used_in_our_own_template()
        )

    def __str__(self) -> str:
        if self._is_missing_name():
            self._fail_with_undefined_error()
        return ""

    def __bool__(self) -> bool:
        if self._is_missing_name():
            self._fail_with_undefined_error()
        return False

    def __iter__(self):
        if self._is_missing_name():
            self._fail_with_undefined_error()
        return iter(())

    def __len__(self) -> int:
        if self._is_missing_name():
            self._fail_with_undefined_error()
        return 0


def init_app(app: Flask) -> None:
    app.jinja_env.undefined = StrictNameUndefined
    # The GOV.UK macros use the name `undefined` as a deliberate "no value"; give it one that is lenient.
    app.jinja_env.globals["undefined"] = StrictNameUndefined(hint="deliberately undefined")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_loader = ChoiceLoader(
        [
            app.jinja_loader,
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    from govuk_frontend_wtf.main import WTFormsHelpers

    WTFormsHelpers(app)

    app.jinja_env.globals["has_endpoint"] = lambda endpoint: endpoint in app.view_functions
    app.jinja_env.globals["coverage_colour"] = coverage_colour

    @app.context_processor
    def _globals():
        return {
            "service_name": app.config["SERVICE_NAME"],
            "csp_nonce": getattr(g, "csp_nonce", ""),
        }
