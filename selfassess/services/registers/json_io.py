"""A year's registers in the JSON export and import (services/exports.py, services/imports.py).

The export's "registers" object holds the year's events, concerns, training and incidents, the purge
records (counts of concerns deleted after the retention period), the data-return overrides, and the
provider's evidence register with the questions each entry is cited by this year. Import checks every row
with the same rules as the pages (spec.parse_row, the personal-data guard included), then replaces the
year's registers; evidence entries are matched by title and review-by date and added when missing, since
the evidence register belongs to the provider. A file without "registers" leaves them as they are.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from ...extensions import db
from ...framework import Framework
from ...models import Assessment, EvidenceCitation, RegisterEvidence, RegisterPurge
from . import MODULES, YEAR_REGISTERS
from .spec import parse_row

KEYS = (*YEAR_REGISTERS, "evidence", "purges", "data_return_overrides")


def _row(module, entry) -> dict:
    return {f.name: getattr(entry, f.name) for f in module.REGISTER.fields}


def export(assessment: Assessment) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key in YEAR_REGISTERS:
        module = MODULES[key]
        model, order = module.MODEL, getattr(module.MODEL, module.REGISTER.sort_field)
        result[key] = [_row(module, e) for e in db.session.scalars(
            select(model).where(model.assessment_id == assessment.id).order_by(order, model.id))]
    cited: dict[int, list[str]] = {}
    for question_key, evidence_id in db.session.execute(
            select(EvidenceCitation.question_key, EvidenceCitation.evidence_id)
            .where(EvidenceCitation.assessment_id == assessment.id).order_by(EvidenceCitation.question_key)):
        cited.setdefault(evidence_id, []).append(question_key)
    result["evidence"] = [{**_row(MODULES["evidence"], e), "cited_by": cited.get(e.id, [])}
                          for e in db.session.scalars(select(RegisterEvidence).where(
                              RegisterEvidence.provider_id == assessment.provider_id)
                              .order_by(RegisterEvidence.title, RegisterEvidence.id))]
    result["purges"] = [{"cutoff_month": p.cutoff_month, "removed": p.removed, "counts": dict(p.counts or {})}
                        for p in db.session.scalars(select(RegisterPurge).where(
                            RegisterPurge.assessment_id == assessment.id).order_by(RegisterPurge.id))]
    result["data_return_overrides"] = dict(assessment.data_return_overrides or {})
    return result


def check(given: Any, framework: Framework, problems: list[str]) -> dict | None:
    """The cleaned registers, with every problem added to `problems` (where: registers.<key>[n].<field>)."""
    if given is None:
        return None
    if not isinstance(given, dict):
        problems.append("registers must be an object")
        return None
    for key in sorted(set(given) - set(KEYS)):
        problems.append(f"Unknown register {key!r} in registers")
    valid: dict[str, Any] = {}
    question_keys = {q.key for s in framework.sections for q in s.questions}
    data_keys = {f.key for f in framework.data_fields()}
    for key in (*YEAR_REGISTERS, "evidence"):
        rows = given.get(key, [])
        if not isinstance(rows, list):
            problems.append(f"registers.{key} must be a list")
            continue
        register = MODULES[key].REGISTER
        valid[key] = []
        for n, row in enumerate(rows):
            if not isinstance(row, dict):
                problems.append(f"registers.{key}[{n}] must be an object")
                continue
            raw = {f.name: f.to_text(row.get(f.name)) if f.kind != "choices" else
                   (row.get(f.name) if isinstance(row.get(f.name), list) else []) for f in register.fields}
            values, errors = parse_row(register, raw)
            for name, message in errors.items():
                problems.append(f"registers.{key}[{n}].{name}: {message}")
            if key == "evidence":
                cited = row.get("cited_by", [])
                if not isinstance(cited, list) or any(c not in question_keys for c in cited):
                    problems.append(f"registers.evidence[{n}].cited_by must list question keys of "
                                    "this framework")
                    cited = []
                values["cited_by"] = cited
            valid[key].append(values)
    purges = given.get("purges", [])
    valid["purges"] = []
    for n, purge in enumerate(purges if isinstance(purges, list) else []):
        counts = purge.get("counts") if isinstance(purge, dict) else None
        if not (isinstance(counts, dict) and all(k in data_keys and isinstance(v, int) and v >= 0
                                                 for k, v in counts.items())
                and isinstance(purge.get("removed"), int) and isinstance(purge.get("cutoff_month"), str)):
            problems.append(f"registers.purges[{n}] must have cutoff_month, removed and counts of "
                            "data fields")
            continue
        valid["purges"].append(purge)
    overrides = given.get("data_return_overrides", {})
    valid["data_return_overrides"] = {}
    for key, override in (overrides.items() if isinstance(overrides, dict) else ()):
        if not (key in data_keys and isinstance(override, dict) and isinstance(override.get("value"), int)
                and isinstance(override.get("reason"), str) and override["reason"].strip()):
            problems.append(f"registers.data_return_overrides.{key} must be a data field with a value "
                            "and a reason")
            continue
        valid["data_return_overrides"][key] = {"value": override["value"],
                                               "reason": override["reason"][:1000]}
    return valid


def replace(assessment: Assessment, framework: Framework, valid: dict) -> None:
    """The year's registers become the file's (inside the import's transaction)."""
    from types import SimpleNamespace

    from . import fill

    for key in YEAR_REGISTERS:
        model = MODULES[key].MODEL
        db.session.execute(delete(model).where(model.assessment_id == assessment.id))
        if valid[key]:
            db.session.execute(model.__table__.insert(),
                               [{"assessment_id": assessment.id, **row} for row in valid[key]])
    db.session.execute(delete(EvidenceCitation).where(EvidenceCitation.assessment_id == assessment.id))
    existing = {(e.title, e.review_by): e for e in db.session.scalars(
        select(RegisterEvidence).where(RegisterEvidence.provider_id == assessment.provider_id))}
    for row in valid["evidence"]:
        cited = row.pop("cited_by")
        entry = existing.get((row["title"], row["review_by"]))
        if entry is None:
            entry = existing[(row["title"], row["review_by"])] = RegisterEvidence(
                provider_id=assessment.provider_id, **row)
            db.session.add(entry)
            db.session.flush()
        for question_key in sorted(set(cited)):
            db.session.add(EvidenceCitation(assessment_id=assessment.id, question_key=question_key,
                                            evidence_id=entry.id))
    db.session.execute(delete(RegisterPurge).where(RegisterPurge.assessment_id == assessment.id))
    for purge in valid["purges"]:
        db.session.add(RegisterPurge(assessment_id=assessment.id, cutoff_month=purge["cutoff_month"],
                                     removed=purge["removed"], counts=purge["counts"]))
    assessment.data_return_overrides = valid["data_return_overrides"]
    db.session.flush()
    fill.refresh(SimpleNamespace(assessment=assessment, framework=framework))
