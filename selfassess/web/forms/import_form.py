"""The upload form for importing a year from an exported JSON file."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField


class ImportForm(FlaskForm):
    file = FileField("Upload an exported file")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        upload = self.file.data
        if valid and (upload is None or not getattr(upload, "filename", "")):
            self.file.errors.append("Select the file you exported from this service")
            valid = False
        return valid

    def read(self, limit: int) -> bytes:
        """The uploaded bytes, at most `limit` + 1 of them (so the service can tell the file is too large)."""
        return self.file.data.stream.read(limit + 1)
