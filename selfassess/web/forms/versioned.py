"""The base of every form that saves a task: it carries the task version the page was loaded at."""

from flask_wtf import FlaskForm
from wtforms.fields import HiddenField


class VersionedForm(FlaskForm):
    version = HiddenField()

    def seen_version(self) -> int | None:
        """The version the page was loaded at; None when missing or tampered with (treated as unknown)."""
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None
