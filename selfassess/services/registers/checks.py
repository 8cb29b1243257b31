"""The registers' facts for the sign-off checks (signoff_checks.register_findings judges them)."""

from datetime import date

from ...models import Assessment
from ..signoff_checks import RegisterFacts
from . import concerns, incidents, training


def facts(assessment: Assessment, on: date) -> RegisterFacts:
    kinds = dict(incidents.KINDS)
    unnotified = tuple(
        (entry.id, f"{kinds.get(entry.kind, entry.kind)} on "
                   f"{date.fromisoformat(entry.incident_date):%-d %B %Y}")
        for entry in incidents.not_notified(assessment.id))
    return RegisterFacts(
        unnotified_incidents=unnotified,
        concerns_escalated=concerns.escalated_count(assessment.id),
        concerns_record_used=concerns.record_used(assessment.provider_id),
        training_log_used=training.log_used(assessment),
        specialist_in_date=training.specialist_within(assessment, on),
    )
