"""Jinja set-up: GOV.UK Frontend macros, undefined names that fail loudly, and template globals."""

from flask import Flask, g
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader, Undefined
from jinja2.utils import missing


class StrictNameUndefined(Undefined):
    """Strict for names the template expects from the view (a missing one is a bug and fails the test),
    lenient for missing keys inside a dict: the GOV.UK macros test `params.x` for optional keys."""

    __slots__ = ()

    def _is_missing_name(self) -> bool:
        return self._undefined_obj is missing

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

    @app.context_processor
    def _globals():
        return {
            "service_name": app.config["SERVICE_NAME"],
            "csp_nonce": getattr(g, "csp_nonce", ""),
        }
