"""Our templates fail loudly on a name the view forgot; the GOV.UK macros keep their lenient habits."""

import pytest
from jinja2 import ChoiceLoader, FileSystemLoader
from jinja2.exceptions import UndefinedError

from selfassess import create_app, templating


@pytest.fixture
def probe_app(tmp_path, monkeypatch):
    monkeypatch.setattr(templating, "OWN_TEMPLATES", str(tmp_path))
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40, "DATABASE_URL": "sqlite://"})
    app.jinja_loader = ChoiceLoader([FileSystemLoader(str(tmp_path)), app.jinja_loader])
    (tmp_path / "forgot.html").write_text("<p>{{ forgotten_by_the_view }}</p>")
    (tmp_path / "macro_user.html").write_text(
        '{% from "govuk_frontend_jinja/components/notification-banner/macro.html" '
        "import govukNotificationBanner %}"
        "{{ govukNotificationBanner({'text': given}) }}"
    )
    return app


def test_a_missing_name_in_our_template_raises(probe_app):
    from flask import render_template

    with probe_app.test_request_context(), pytest.raises(UndefinedError, match="forgotten_by_the_view"):
        render_template("forgot.html")


def test_govuk_macros_still_render_with_their_optional_names_missing(probe_app):
    from flask import render_template

    with probe_app.test_request_context():
        html = render_template("macro_user.html", given="Saved")
    assert "govuk-notification-banner" in html and "Saved" in html
