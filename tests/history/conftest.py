"""Years built directly through the models, so a provider can have a pair of years whatever the demo has."""

from datetime import datetime

import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.framework import get_framework
from selfassess.models import CONTEXT_KEY, DATA_RETURN_KEY, Answer, Assessment, Provider, TaskState
from selfassess.services.demo_answers import demo_answer, demo_profile


def build_year(ukprn: str, year: str, *, profile: dict | None = None, answers: dict | None = None,
               data_return: dict | None = None, submitted: dict | None = None) -> int:
    """One year of `ukprn` on its own framework, with the given answers (key -> value, or key -> dict of
    Answer columns); `submitted` holds the sign-off fields and makes the year submitted. Returns its id."""
    framework = get_framework(year)
    provider = db.session.scalar(select(Provider).where(Provider.ukprn == ukprn))
    assessment = Assessment(provider_id=provider.id, year=year, framework_id=framework.id, status="draft",
                            profile=profile if profile is not None else demo_profile(framework),
                            data_return=data_return or {})
    db.session.add(assessment)
    db.session.flush()
    for key, value in (answers or {}).items():
        columns = value if isinstance(value, dict) else {"value": value}
        db.session.add(Answer(assessment_id=assessment.id, question_key=key, **columns))
    for key in (CONTEXT_KEY, *(s.key for s in framework.sections), DATA_RETURN_KEY):
        db.session.add(TaskState(assessment_id=assessment.id, task_key=key, status="completed"))
    db.session.commit()
    if submitted is not None:  # last: a submitted year's answers are locked by the database
        assessment.status = "submitted"
        assessment.submitted_at = submitted.get("at", datetime(2025, 7, 14, 10, 30))
        for column in ("signed_off_name", "signed_off_role", "governing_body_approved_on"):
            if column in submitted:
                setattr(assessment, column, submitted[column])
        db.session.commit()
    return assessment.id


def all_demo_answers(year: str, strength: float = 0.6) -> dict:
    """Every question of the year's framework answered with a demo answer, with its evidence note."""
    framework = get_framework(year)
    answers = {}
    for position, question in enumerate(framework.all_questions()):
        given = demo_answer(question, position, strength=strength)
        answers[question.key] = {"value": given.value, "evidence_note": given.evidence_note}
    return answers


@pytest.fixture
def build(app):
    def _build(*args, **kwargs):
        with app.app_context():
            return build_year(*args, **kwargs)
    return _build
