"""Saving the annual data return: whole numbers and dates, all or nothing."""

from dataclasses import dataclass
from typing import Any

from .. import datareturn
from ..framework.model import NOT_KNOWN
from ..models import DATA_RETURN_KEY, User
from . import assessments, audit, tasks
from .errors import ValidationFailed
from .registers import fill
from .transaction import writing


def save_data_return(
    user: User, ukprn: str, year: str, values: dict[str, Any], *, seen_version: int | None, completed: bool
) -> None:
    year_access = assessments.load_year_for_edit(user, ukprn, year)
    framework = year_access.framework
    fields = {f.key: f for f in framework.data_fields()}
    unknown = set(values) - set(fields)
    if unknown:
        raise ValidationFailed(f"Unknown data-return fields: {', '.join(sorted(unknown))}")
    for key, value in values.items():
        field = fields[key]
        if value is None:
            continue
        if field.type == "number" and value != NOT_KNOWN and (
            not isinstance(value, int) or value < 0 or (field.max is not None and value > field.max)
        ):
            raise ValidationFailed(f"{key}: not a whole number in range")
        if field.type == "date" and not isinstance(value, str):
            raise ValidationFailed(f"{key}: not a date")
    with writing():
        year_access.require_edit()
        assessment = year_access.assessment
        state = tasks.claim(assessment, DATA_RETURN_KEY, seen_version, user)
        # Figures a register produces are not typed here: they come from the register (or an override).
        sourced = set(assessment.data_return_sources or {})
        values = {key: value for key, value in values.items() if key not in sourced}
        before = dict(assessment.data_return or {})
        after = {**before, **values}
        assessment.data_return = after
        status_before = state.status
        state.status = "completed" if completed else "in_progress"
        audit.record(
            "data_return_saved",
            user=user,
            provider=year_access.provider,
            assessment_id=assessment.id,
            changed=sorted(k for k in after if after.get(k) != before.get(k)),
            status_before=status_before,
            status_after=state.status,
        )


@dataclass(frozen=True)
class DataReturnPage:
    year: assessments.YearAccess
    values: dict
    previous: dict | None
    previous_year: str | None
    summary: datareturn.DataReturnSummary
    version: int
    completed: bool
    sources: dict  # key -> {"value", "register", "provenance", "override"} for register figures


def load(user: User, ukprn: str, year: str) -> DataReturnPage:
    year_access = assessments.load_year(user, ukprn, year)
    assessment = year_access.assessment
    earlier = assessments.previous_year(year_access)
    previous = dict(earlier.data_return or {}) if earlier else None
    values = dict(assessment.data_return or {})
    state = assessments.task_states(assessment).get(DATA_RETURN_KEY)
    return DataReturnPage(
        year_access,
        values,
        previous,
        earlier.year if earlier else None,
        datareturn.summarise(year_access.framework, values, previous),
        state.version if state else 0,
        bool(state and state.status == "completed"),
        {key: fill.provenance_of(assessment, key) for key in (assessment.data_return_sources or {})},
    )
