"""Deleting concerns past the retention period (`flask purge-records`), keeping their counts.

For each year holding expired concerns (opened before the cutoff month), a RegisterPurge row records the
cutoff, how many were deleted and the data-return counts they made; the year's figures then add those
counts back, so the return is unchanged. The database lets a submitted year's concerns go only below such
a record's cutoff (db_locks). Each purge is audited with its counts, never with the concerns' contents.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from ...extensions import db
from ...models import Assessment, Provider, RegisterConcern, RegisterPurge
from .. import audit
from ..transaction import writing
from . import concerns


def cutoff_month(today: date, retention_months: int) -> str:
    """Concerns opened before this month (YYYY-MM) are past the retention period."""
    months = today.year * 12 + today.month - 1 - retention_months
    return f"{months // 12:04d}-{months % 12 + 1:02d}"


def purge(today: date, retention_months: int) -> list[tuple[str, str, int]]:
    """Delete every expired concern; (UKPRN, year, how many) for each year purged."""
    if retention_months < 1:
        raise ValueError("the retention period must be at least one month")
    cutoff = cutoff_month(today, retention_months)
    done = []
    with writing():
        years = db.session.scalars(select(RegisterConcern.assessment_id).distinct()
                                   .where(RegisterConcern.opened_month < cutoff)).all()
        for assessment_id in years:
            assessment = db.session.get(Assessment, assessment_id)
            rows = concerns.grouped(assessment_id, before_month=cutoff)
            removed = sum(count for *_, count in rows)
            counts = {key: n for key, n in concerns.counts_of(rows).items() if n}
            db.session.add(RegisterPurge(assessment_id=assessment_id, cutoff_month=cutoff, removed=removed,
                                         counts=counts))
            db.session.flush()  # the purge record first: the database allows the deletes below it
            db.session.execute(delete(RegisterConcern).where(RegisterConcern.assessment_id == assessment_id,
                                                             RegisterConcern.opened_month < cutoff))
            if assessment.status == "draft":  # the provenance now names the purged counts
                from types import SimpleNamespace

                from ...framework import get_framework
                from . import fill

                fill.refresh(SimpleNamespace(assessment=assessment,
                                             framework=get_framework(assessment.framework_id)))
            provider = db.session.get(Provider, assessment.provider_id)
            audit.record("concerns_purged", provider=provider, assessment_id=assessment_id,
                         cutoff_month=cutoff, removed=removed, counts=counts)
            done.append((provider.ukprn, assessment.year, removed))
    return done
