"""A provider with a started year, and signed-in clients for an editor and a viewer."""

import pytest

from tests.assessment_data import YEAR, start_with_context
from tests.conftest import sign_in


@pytest.fixture
def year_world(app, factory):
    ukprn = factory.provider("Register University", "10000031")
    editor = sign_in(app.test_client(), factory.user("editor", ukprn))
    viewer = sign_in(app.test_client(), factory.user("viewer", ukprn))
    start_with_context(editor, ukprn)
    base = f"/providers/{ukprn}/years/{YEAR}"
    return {"ukprn": ukprn, "editor": editor, "viewer": viewer, "base": base, "app": app}


def event_form(**overrides) -> dict:
    form = {"event_date-day": "12", "event_date-month": "10", "event_date-year": "2025",
            "title": "Debate night",
            "organiser_type": "su_society", "mode": "in_person", "triage": "low", "decision": "approved",
            "rejection_reason": "", "escalated": "no", "appealed": "no", "days_to_decision": "5",
            "booking_reference": "BK-1"}
    form.update(overrides)
    return form


def concern_form(**overrides) -> dict:
    form = {"reference": "C-2025-001", "opened_month-month": "11", "opened_month-year": "2025",
            "stage": "formal_referral", "concern_type": "islamist", "feedback_sought": "yes", "closed": "no",
            "notes": ""}
    form.update(overrides)
    return form


def training_form(**overrides) -> dict:
    form = {"session_date-day": "1", "session_date-month": "9", "session_date-year": "2025",
            "tier": "induction",
            "audience": "New academic staff", "attended": "40"}
    form.update(overrides)
    return form


def incident_form(**overrides) -> dict:
    form = {"incident_date-day": "3", "incident_date-month": "3", "incident_date-year": "2026",
            "kind": "serious_incident", "summary": "", "ofs_told": "no", "ofs_reference": ""}
    form.update(overrides)
    return form
