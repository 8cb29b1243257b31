"""Writing the audit trail. Called inside a service's transaction so the event commits with the change."""

from ..extensions import db
from ..models import AuditEvent, row_id


def record(action: str, *, user=None, provider=None, assessment_id=None, **detail) -> AuditEvent:
    event = AuditEvent(
        action=action,
        user_id=row_id(user),  # without re-reading a user or provider the transaction's start expired
        provider_id=row_id(provider),
        assessment_id=assessment_id,
        detail=detail,
    )
    db.session.add(event)
    return event
