"""A year's self-assessment as a JSON document, and its data return as CSV: the provider's own copy.

    export_year(user, ukprn, year) -> dict          for a signed-in user (viewers too), tenancy enforced
    data_return_csv(user, ukprn, year) -> str       every field and derived total, exact figures
    operator_export_year(ukprn, year) -> dict       the same for the CLI, which has no signed-in user

The JSON's shape is versioned by `schema_version`; services.imports reads exactly this shape back.
"""

import csv
import io
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from .. import datareturn
from ..extensions import db
from ..framework import Framework
from ..models import ActionItem, Assessment, Provider, User
from . import assessments
from .errors import NotFound
from .registers import json_io as register_json

SCHEMA_VERSION = 1
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def export_year(user: User, ukprn: str, year: str) -> dict[str, Any]:
    year_access = assessments.load_year(user, ukprn, year)
    return build_export(year_access.provider, year_access.assessment)


def operator_export_year(ukprn: str, year: str) -> dict[str, Any]:
    provider, assessment = assessments.operator_year(ukprn, year)
    return build_export(provider, assessment)


def build_export(provider: Provider, assessment: Assessment) -> dict[str, Any]:
    answers = assessments.answers_of(assessment)
    states = assessments.task_states(assessment)
    actions = db.session.scalars(select(ActionItem).where(ActionItem.assessment_id == assessment.id)
                                 .order_by(ActionItem.question_key)).all()
    sign_off = None
    if assessment.status == "submitted":
        sign_off = {
            "signed_off_name": assessment.signed_off_name,
            "signed_off_role": assessment.signed_off_role,
            "governing_body_approved_on": assessment.governing_body_approved_on,
            "submitted_at": _iso(assessment.submitted_at),
        }
    return {
        "schema_version": SCHEMA_VERSION,
        "framework_id": assessment.framework_id,
        "provider": {"name": provider.name, "ukprn": provider.ukprn},
        "year": assessment.year,
        "status": assessment.status,
        "profile": dict(assessment.profile or {}),
        "answers": {
            key: {
                "value": row.value,
                "not_applicable": bool(row.not_applicable),
                "na_reason": row.na_reason or "",
                "evidence_note": row.evidence_note or "",
                "evidence_links": list(row.evidence_links or []),
                "carried_forward": bool(row.carried_forward),
            }
            for key, row in sorted(answers.items())
        },
        "task_status": {key: state.status for key, state in sorted(states.items())},
        "data_return": dict(assessment.data_return or {}),
        "action_items": [
            {
                "question_key": item.question_key,
                "title": item.title,
                "owner": item.owner or "",
                "due_date": item.due_date,
                "status": item.status,
                "dismissed_reason": item.dismissed_reason or "",
            }
            for item in actions
        ],
        "sign_off": sign_off,
        "registers": register_json.export(assessment),
        "exported_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
    }


def _iso(value: datetime | None) -> str | None:
    return value.replace(microsecond=0).isoformat() if value else None


# ---- the data return as CSV -------------------------------------------------------------------------------

CSV_VERSIONS = {
    "confidential": "exact figure, not suppressed: confidential, not for publication",
    "publishable": "publishable: small numbers withheld with complementary suppression",
}


def data_return_csv(user: User, ukprn: str, year: str, version: str = "confidential") -> str:
    """One row per data-return field and derived total, with last year's figure when there is a last year.

    The confidential version (the default: the provider's own download) has exact figures; the publishable
    one withholds small numbers as the publishable report does. Each value column's header says which.
    """
    if version not in CSV_VERSIONS:
        raise NotFound("There is no such version of the data return")
    year_access = assessments.load_year(user, ukprn, year)
    earlier = assessments.previous_year(year_access)
    return build_data_return_csv(year_access.framework, year_access.assessment, earlier, version)


def build_data_return_csv(framework: Framework, assessment: Assessment, earlier: Assessment | None,
                          version: str = "confidential") -> str:
    previous = dict(earlier.data_return or {}) if earlier is not None else None
    summary = datareturn.summarise(framework, dict(assessment.data_return or {}), previous)
    withheld = withheld_before = frozenset()
    if version == "publishable":
        withheld = datareturn.withheld_keys(framework, {**summary.values, **summary.totals})
        if previous is not None:
            before = datareturn.summarise(framework, previous)
            withheld_before = datareturn.withheld_keys(framework, {**before.values, **before.totals})
    header = ["Key", "Group", "Label", "Type", f"{assessment.year} value ({CSV_VERSIONS[version]})"]
    if earlier is not None:
        header.append(f"{earlier.year} value ({CSV_VERSIONS[version]})")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for group in framework.data_groups:
        rows = [(f, "date" if f.type == "date" else "number") for f in group.fields]
        rows += [(t, "derived total") for t in group.totals]
        for item, kind in rows:
            row = [item.key, group.title, item.label, kind,
                   _version_cell(item.key in withheld, summary.figure(item.key))]
            if earlier is not None:  # as the data-return page shows it: through this year's framework
                row.append(_version_cell(item.key in withheld_before, summary.changes[item.key].previous))
            writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


def _version_cell(withheld: bool, value: Any) -> str:
    return datareturn.WITHHELD_TEXT if withheld else _cell(value)


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def safe_cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula: a leading = + - @ (or tab, CR) gets a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
