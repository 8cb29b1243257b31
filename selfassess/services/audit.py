"""Writing the audit trail. Called inside a service's transaction so the event commits with the change."""

from ..extensions import db
from ..models import AuditEvent


def record(action: str, *, user=None, provider=None, assessment_id=None, **detail) -> AuditEvent:
    event = AuditEvent(
        action=action,
        user_id=getattr(user, "id", None),
        provider_id=getattr(provider, "id", None),
        assessment_id=assessment_id,
        detail=detail,
    )
    db.session.add(event)
    return event
