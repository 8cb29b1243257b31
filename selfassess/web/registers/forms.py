"""Turning a register form's fields into the text values services/registers/spec parses, and back.

The form is built from the register's field list, so one template renders every register. Dates are
GOV.UK date inputs (<name>-day/-month/-year), months the same without a day; CSRF comes from a FlaskForm.
"""

from flask_wtf import FlaskForm

from ...services.registers.spec import Register


class CsrfForm(FlaskForm):
    """Only the CSRF token: the fields are read from the register's spec."""


def raw_from_request(register: Register, form) -> dict:
    """Each field's typed value as text (what parse_row reads), plus the parts to show again."""
    raw: dict = {}
    for spec in register.fields:
        if spec.kind == "date":
            day, month, year = (form.get(f"{spec.name}-{p}", "").strip()[:10]
                                for p in ("day", "month", "year"))
            raw[spec.name] = f"{day}/{month}/{year}" if any((day, month, year)) else ""
            raw[f"{spec.name}__parts"] = {"day": day, "month": month, "year": year}
        elif spec.kind == "month":
            month, year = (form.get(f"{spec.name}-{p}", "").strip()[:10] for p in ("month", "year"))
            raw[spec.name] = f"{month}/{year}" if any((month, year)) else ""
            raw[f"{spec.name}__parts"] = {"month": month, "year": year}
        elif spec.kind == "choices":
            raw[spec.name] = [v[:60] for v in form.getlist(spec.name)][:20]
        else:
            raw[spec.name] = (form.get(spec.name) or "")[: spec.max_length * 2 + 100]
    return raw


def raw_from_values(register: Register, values: dict) -> dict:
    """A stored entry as the form shows it."""
    raw: dict = {}
    for spec in register.fields:
        value = values.get(spec.name)
        if spec.kind == "date":
            parts = value.split("-") if value else ["", "", ""]
            raw[spec.name] = value or ""
            raw[f"{spec.name}__parts"] = {"year": parts[0], "month": parts[1].lstrip("0"),
                                          "day": parts[2].lstrip("0")}
        elif spec.kind == "month":
            parts = value.split("-") if value else ["", ""]
            raw[spec.name] = value or ""
            raw[f"{spec.name}__parts"] = {"year": parts[0], "month": parts[1].lstrip("0")}
        elif spec.kind == "bool":
            raw[spec.name] = "" if value is None else ("yes" if value else "no")
        elif spec.kind == "choices":
            raw[spec.name] = list(value or [])
        else:
            raw[spec.name] = "" if value is None else str(value)
    return raw


def error_list(register: Register, errors: dict[str, str]) -> list[dict]:
    """The GOV.UK error summary's links, in the form's order, each to the field's first control."""
    items = []
    for spec in register.fields:
        if spec.name in errors:
            target = f"{spec.name}-day" if spec.kind == "date" else \
                f"{spec.name}-month" if spec.kind == "month" else spec.name
            items.append({"text": errors[spec.name], "href": f"#{target}"})
    return items
