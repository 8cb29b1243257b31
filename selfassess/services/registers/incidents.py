"""Incidents and changes of circumstance, and whether and when the OfS was told."""

from sqlalchemy import func, select

from ...extensions import db
from ...models import RegisterIncident
from .spec import Field, Register

KINDS = (
    ("serious_incident", "Serious incident"), ("prevent_lead_change", "Change of Prevent lead"),
    ("policy_change", "Policy change"), ("other", "Other change of circumstance"),
)


def _check(values: dict, errors: dict) -> None:
    if values["ofs_told"] and not values["ofs_told_on"]:
        errors["ofs_told_on"] = "Enter when the OfS was told"
    if not values["ofs_told"] and (values["ofs_told_on"] or values["ofs_reference"]):
        errors["ofs_told"] = "Say the OfS was told, or remove the date and reference"
    if values["ofs_told_on"] and values["ofs_told_on"] < values["incident_date"]:
        errors["ofs_told_on"] = "The date the OfS was told must be on or after the date of the incident"


REGISTER = Register(
    key="incidents", title="Incidents and changes of circumstance", singular="incident",
    sort_field="incident_date",
    fields=(
        Field("incident_date", "Date", "date"),
        Field("kind", "Kind", "choice", options=KINDS),
        Field("summary", "Summary", "longtext", required=False, max_length=1000, personal_data_guard=True,
              hint="Optional. Describe it without identifying anyone"),
        Field("ofs_told", "The OfS was told", "bool"),
        Field("ofs_told_on", "Date the OfS was told", "date", required=False),
        Field("ofs_reference", "OfS reference", "text", required=False, max_length=100),
    ),
    check=_check,
)
MODEL = RegisterIncident


def figures(assessment_id: int) -> tuple[int, dict[str, int]]:
    rows = db.session.execute(
        select(RegisterIncident.kind, RegisterIncident.ofs_told, func.count())
        .where(RegisterIncident.assessment_id == assessment_id)
        .group_by(RegisterIncident.kind, RegisterIncident.ofs_told)).all()
    total = sum(count for *_, count in rows)
    result = {"incidents_reported_ofs": 0, "changes_notified_ofs": 0}
    for kind, told, count in rows:
        if told:
            key = "incidents_reported_ofs" if kind == "serious_incident" else "changes_notified_ofs"
            result[key] += count
    return total, result


def not_notified(assessment_id: int) -> list[RegisterIncident]:
    return list(db.session.scalars(
        select(RegisterIncident).where(RegisterIncident.assessment_id == assessment_id,
                                       RegisterIncident.ofs_told.is_(False))
        .order_by(RegisterIncident.incident_date)))
