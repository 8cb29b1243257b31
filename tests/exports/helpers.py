"""Building a fully filled year through the services, and fingerprints of a year and of a whole database."""

import hashlib

from sqlalchemy import MetaData, create_engine, func, select, text

from selfassess.extensions import db
from selfassess.models import ActionItem, Answer, Assessment, Provider, TaskState, User
from selfassess.services import answers, assessments, context, data_return, progress
from selfassess.services.answers import AnswerInput, IncompleteSection
from selfassess.services.demo_answers import DEMO_DATA_RETURN, demo_answer, demo_profile
from selfassess.services.transaction import writing
from tests.assessment_data import YEAR, framework

LINKS = ("https://www.example.ac.uk/prevent-policy", "http://intranet.example.ac.uk/minutes?id=3")


def user_named(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def fill_year(email: str, ukprn: str, year: str = YEAR) -> None:
    """A draft with everything an export carries: context, answers with evidence notes, links, a
    not-applicable answer with its reason, a carried-forward answer, the data return, mixed task progress
    and action items. Call inside an app context."""
    user = user_named(email)
    fw = framework()
    assessments.start_year(user, ukprn, year)
    profile = demo_profile(fw)
    context.save_context(user, ukprn, year, profile, seen_version=None)
    not_applicable_done = False
    for n, section in enumerate(fw.sections):
        if not progress.section_applies(fw, section, profile)[0]:
            continue
        questions, _ = progress.applicable_questions(fw, section, profile)
        inputs = {}
        for position, question in enumerate(questions):
            given = demo_answer(question, position)
            if position == 0:
                given = AnswerInput(given.value, evidence_note=f"Minutes of meeting {n}\nsecond line",
                                    evidence_links=LINKS)
            if question.allow_not_applicable and not not_applicable_done:
                given = AnswerInput(None, True, "We have no residences of our own.", "", ())
                not_applicable_done = True
            inputs[question.key] = given
        try:
            answers.save_section(user, ukprn, year, section.key, inputs, seen_version=None,
                                 completed=n % 3 != 2)
        except IncompleteSection:
            answers.save_section(user, ukprn, year, section.key, inputs, seen_version=None, completed=False)
    data_return.save_data_return(user, ukprn, year, dict(DEMO_DATA_RETURN[year]), seen_version=None,
                                 completed=True)
    with writing():
        assessment = assessments.load_year(user, ukprn, year).assessment
        rows = db.session.scalars(select(Answer).where(Answer.assessment_id == assessment.id)
                                  .order_by(Answer.question_key)).all()
        rows[1].carried_forward = True
        keys = [row.question_key for row in rows]
        db.session.add(ActionItem(assessment_id=assessment.id, question_key=keys[2],
                                  title="Refresh the policy", owner="Head of Student Services",
                                  due_date="2026-07-31", status="in_progress"))
        db.session.add(ActionItem(assessment_id=assessment.id, question_key=keys[3], title="Train the SU",
                                  owner="", due_date=None, status="dismissed",
                                  dismissed_reason="Covered by the union's own induction"))
        db.session.add(ActionItem(assessment_id=assessment.id, question_key=keys[4], title="Review IT filter",
                                  owner="IT Director", due_date="2026-01-15", status="done"))


def year_state(ukprn: str, year: str = YEAR) -> dict:
    """Everything about a year that an import may set (plus status and sign-off, which it never does)."""
    db.session.expire_all()
    provider = db.session.scalar(select(Provider).where(Provider.ukprn == ukprn))
    assessment = db.session.scalar(select(Assessment).where(Assessment.provider_id == provider.id,
                                                            Assessment.year == year))
    answer_rows = db.session.scalars(select(Answer).where(Answer.assessment_id == assessment.id)).all()
    state_rows = db.session.scalars(select(TaskState).where(TaskState.assessment_id == assessment.id)).all()
    action_rows = db.session.scalars(select(ActionItem).where(
        ActionItem.assessment_id == assessment.id)).all()
    return {
        "status": assessment.status,
        "sign_off": (assessment.signed_off_name, assessment.signed_off_role, assessment.submitted_at),
        "profile": dict(assessment.profile),
        "data_return": dict(assessment.data_return),
        "answers": {a.question_key: (a.value, a.not_applicable, a.na_reason, a.evidence_note,
                                     list(a.evidence_links), a.carried_forward) for a in answer_rows},
        "tasks": {s.task_key: s.status for s in state_rows},
        "actions": {i.question_key: (i.title, i.owner, i.due_date, i.status, i.dismissed_reason)
                    for i in action_rows},
    }


def remove_year(ukprn: str, year: str = YEAR) -> None:
    """Delete a draft year and everything in it, so a fresh one can be started."""
    with writing():
        provider = db.session.scalar(select(Provider).where(Provider.ukprn == ukprn))
        assessment_id = db.session.scalar(select(Assessment.id).where(Assessment.provider_id == provider.id,
                                                                      Assessment.year == year))
        for table in ("answer", "task_state", "action_item"):
            db.session.execute(text(f"DELETE FROM {table} WHERE assessment_id = :id"), {"id": assessment_id})
        db.session.execute(text("DELETE FROM assessment WHERE id = :id"), {"id": assessment_id})


# ---- whole-database fingerprints ------------------------------------------------------------------------

def table_rows(engine, table_name: str, *, up_to: dict | None = None) -> list[tuple]:
    """A table's rows in primary-key order; `up_to` maps table -> the highest id to include."""
    metadata = MetaData()
    metadata.reflect(engine, only=[table_name])
    table = metadata.tables[table_name]
    key_columns = list(table.primary_key.columns) or list(table.columns)
    query = select(table).order_by(*key_columns)
    if up_to and table_name in up_to:
        query = query.where(table.c.id <= up_to[table_name])
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(query)]


def fingerprint(engine, *, up_to: dict | None = None) -> dict[str, tuple[int, str]]:
    """Every table's row count and a sha256 over its rows."""
    metadata = MetaData()
    metadata.reflect(engine)
    result = {}
    for name in sorted(metadata.tables):
        rows = table_rows(engine, name, up_to=up_to)
        digest = hashlib.sha256(repr(rows).encode()).hexdigest()
        result[name] = (len(rows), digest)
    return result


def live_fingerprint() -> dict[str, tuple[int, str]]:
    db.session.commit()
    return fingerprint(db.engine)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def separate_engine(url: str):
    return create_engine(url)
