"""Small WTForms fields for answers. Each keeps exactly what was typed (`raw`) so a page shown again with
errors loses nothing, and parses it into `data` for the service."""

import re
from datetime import date

from wtforms.fields import Field
from wtforms.validators import ValidationError

from ...framework.model import NOT_KNOWN

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str | None) -> str:
    """Text as stored: control characters removed, line endings normalised, ends trimmed."""
    value = CONTROL_CHARACTERS.sub("", (value or "").replace("\r\n", "\n").replace("\r", "\n"))
    return value.strip()


def shortened(text: str, limit: int = 70) -> str:
    """A question cut at a word boundary, for naming it in an error message."""
    text = " ".join(text.split()).rstrip("?.:")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def subject(field: Field, generic: str) -> str:
    """How an error message names the field: its label when that is a short name ("Staff trained"), or
    the generic noun with the question quoted when the label is a whole question, so an error summary
    with several problems says which question each one is about."""
    label = field.label.text
    if len(label) <= 60 and not label.rstrip().endswith("?"):
        return label
    return f"{generic} for ‘{shortened(label)}’"


def naming(message: str, field: Field) -> str:
    """A required-answer message ("Select an answer") that names the question it is about."""
    return f"{message} for ‘{shortened(field.label.text)}’"


class ChoiceField(Field):
    """One value from a closed set (radios), or nothing."""

    def __init__(self, label=None, validators=None, *, allowed=(), **kwargs):
        super().__init__(label, validators, **kwargs)
        self.allowed = tuple(allowed)

    def process_data(self, value):
        self.data = value if value not in ("", None) else None
        self.raw = self.data or ""

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        self.data = self.raw or None

    def pre_validate(self, form):
        if self.data is not None and self.data not in self.allowed:
            self.data = None
            raise ValidationError("Select one of the options")


class MultiChoiceField(Field):
    """Any number of values from a closed set (checkboxes)."""

    def __init__(self, label=None, validators=None, *, allowed=(), exclusive=(), **kwargs):
        super().__init__(label, validators, **kwargs)
        self.allowed, self.exclusive = tuple(allowed), tuple(exclusive)

    def process_data(self, value):
        self.data = list(value) if isinstance(value, (list, tuple)) else []
        self.raw = list(self.data)

    def process_formdata(self, valuelist):
        self.raw = [v for v in valuelist if v]
        self.data = [v for v in self.allowed if v in self.raw]  # framework order, no duplicates

    def pre_validate(self, form):
        if any(v not in self.allowed for v in self.raw):
            raise ValidationError("Select from the options shown")
        if len(self.data) > 1 and any(v in self.exclusive for v in self.data):
            raise ValidationError("You cannot combine ‘none’ with other options")


class WholeNumberField(Field):
    """A whole number; with allow_not_known, the words "not known" too (kept as NOT_KNOWN, never as 0)."""

    def __init__(self, label=None, validators=None, *, minimum=0, maximum=100000, allow_not_known=False,
                 **kwargs):
        super().__init__(label, validators, **kwargs)
        self.minimum, self.maximum = minimum, maximum
        self.allow_not_known = allow_not_known

    def process_data(self, value):
        known = isinstance(value, int) or (self.allow_not_known and value == NOT_KNOWN)
        self.data = value if known else None
        self.raw = "" if self.data is None else str(self.data)

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "")[:50]
        self.data = None

    def pre_validate(self, form):
        text = self.raw.strip().replace(",", "")
        if not text:
            self.data = None
            return
        if self.allow_not_known and " ".join(text.lower().split()) in (NOT_KNOWN, "unknown"):
            self.data = NOT_KNOWN
            return
        if not re.fullmatch(r"-?\d{1,15}", text):
            also = ", or 'not known'" if self.allow_not_known else ""
            raise ValidationError(f"{subject(self, 'The number')} must be a whole number, like 12{also}")
        number = int(text)
        if number < self.minimum:
            raise ValidationError(f"{subject(self, 'The number')} must be {self.minimum} or more")
        if number > self.maximum:
            raise ValidationError(f"{subject(self, 'The number')} must be {self.maximum:,} or fewer")
        self.data = number


class DatePartsField(Field):
    """A GOV.UK date input: three boxes named <name>-day, <name>-month and <name>-year.

    `error_part` is the box an error is about (the first one missing, else the day), which the error
    summary links to so that following the link puts the cursor in it."""

    error_part = "day"

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors = []
        self.object_data = data
        self.data = data if isinstance(data, str) and data else None
        if self.data:
            year, month, day = self.data.split("-")
            self.raw = {"day": str(int(day)), "month": str(int(month)), "year": year}
        else:
            self.raw = {"day": "", "month": "", "year": ""}
        if formdata is not None:
            self.raw = {
                part: (formdata.get(f"{self.name}-{part}") or "")[:10].strip()
                for part in ("day", "month", "year")
            }
            self.data = None

    def pre_validate(self, form):
        parts = self.raw
        if not any(parts.values()):
            self.data = None
            return
        missing = [name for name in ("day", "month", "year") if not parts[name]]
        self.error_part = missing[0] if missing else "day"
        if missing:
            raise ValidationError(f"{subject(self, 'The date')} must include a {' and '.join(missing)}")
        if not all(p.isdigit() for p in parts.values()) or len(parts["year"]) != 4:
            raise ValidationError(f"{subject(self, 'The date')} must be a real date, like 27 3 2025")
        try:
            value = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            raise ValidationError(f"{subject(self, 'The date')} must be a real date") from None
        if not 2000 <= value.year <= 2100:
            raise ValidationError(f"{subject(self, 'The date')} must be between 2000 and 2100")
        self.data = value.isoformat()


class TextField(Field):
    def __init__(self, label=None, validators=None, *, max_length=2000, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.max_length = max_length

    def process_data(self, value):
        self.data = value or ""
        self.raw = self.data

    def process_formdata(self, valuelist):
        # Kept whole, however long: an answer over its limit is shown back in full so nothing typed is lost
        # (the request size limit bounds it).
        self.raw = valuelist[0] if valuelist else ""
        self.data = clean_text(self.raw)

    def pre_validate(self, form):
        over = len(self.data) - self.max_length
        if over > 0:
            raise ValidationError(
                f"{subject(self, 'Your answer')} must be {self.max_length:,} characters or fewer – "
                f"you have {over:,} character{'' if over == 1 else 's'} too many"
            )


class LinksField(TextField):
    """Up to five evidence links, one per line; only http and https, never fetched by the service."""

    MAX_LINKS = 5

    def process_data(self, value):
        links = list(value) if isinstance(value, (list, tuple)) else []
        self.raw = "\n".join(links)
        self.data = links

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "")[:5000]
        self.data = [line for line in (clean_text(x) for x in self.raw.splitlines()) if line]

    def pre_validate(self, form):
        if len(self.data) > self.MAX_LINKS:
            raise ValidationError(f"Enter {self.MAX_LINKS} evidence links or fewer")
        for link in self.data:
            if len(link) > 500:
                raise ValidationError("Each evidence link must be 500 characters or fewer")
            if not re.fullmatch(r"https?://[^\s/$.?#][^\s<>\"]*", link, flags=re.IGNORECASE):
                raise ValidationError(
                    "Evidence links must start with http:// or https://, one per line, "
                    "like https://www.example.ac.uk/prevent-policy"
                )
