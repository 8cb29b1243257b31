"""Starting the next year from the last: what is copied, how it is marked, and what is not."""

import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.framework import get_framework
from selfassess.models import (
    CONTEXT_KEY,
    DATA_RETURN_KEY,
    Answer,
    Assessment,
    AuditEvent,
    Provider,
    TaskState,
    User,
)
from selfassess.services import carry_forward
from selfassess.services.demo_answers import demo_profile
from selfassess.services.errors import Conflict, Forbidden, NotFound
from tests.assessment_data import section_form
from tests.conftest import page, sign_in, text_of
from tests.history.conftest import all_demo_answers

OLD, NEW = "2024-25", "2025-26"
TAG = "Carried forward – check it is still true"
LINKS = ["https://intranet.example.ac.uk/prevent/comms-plan"]


def _old_answers() -> dict:
    """Most of 2024-25 answered (a retired question and a renamed one among them), one left blank."""
    answers = all_demo_answers(OLD, strength=0.6)
    answers["lg_communications_plan"] = {"value": "partly", "evidence_note": "Plan agreed by the board.",
                                         "evidence_links": LINKS}
    answers["wel_vulnerability_indicators"] = {"value": "yes"}  # retired in 2025-26
    del answers["es_policy"]  # continues as es_speakers_events_policy, but was never answered
    answers["lg_oversight_group"] = {"value": None}  # a row without an answer: nothing to carry
    return answers


def _user(email):
    return db.session.scalar(select(User).where(User.email == email))


def _start(app, email, ukprn):
    with app.app_context():
        assessment = carry_forward.start_next_year(_user(email), ukprn)
        return assessment.id


@pytest.fixture
def old_year(build, provider_ukprn):
    build(provider_ukprn, OLD, answers=_old_answers(),
          data_return={"es_approved_no_conditions": 388, "case_concerns_raised": 14},
          submitted={"signed_off_name": "Dr Jo Bloggs", "signed_off_role": "Chair of Council",
                     "governing_body_approved_on": "2025-07-10"})
    return provider_ukprn


@pytest.fixture
def editor(factory, provider_ukprn):
    return factory.user("editor", provider_ukprn)


def test_carry_forward_copies_exactly_the_continuing_questions_and_marks_them(app, old_year, editor):
    new_id = _start(app, editor, old_year)
    with app.app_context():
        new = db.session.get(Assessment, new_id)
        assert (new.year, new.framework_id, new.status) == (NEW, NEW, "draft")
        rows = {a.question_key: a
                for a in db.session.scalars(select(Answer).where(Answer.assessment_id == new_id))}
    old = _old_answers()
    answered = {key for key, columns in old.items() if columns.get("value") is not None}
    expected = {q.key for q in get_framework(NEW).all_questions() if q.replaces in answered}
    assert set(rows) == expected
    assert all(row.carried_forward for row in rows.values())
    assert "es_speakers_events_policy" not in rows  # its 2024-25 question was not answered
    assert "lg_oversight_group" not in rows
    renamed = rows["lg_prevent_communications"]
    assert renamed.value == "partly"
    assert (renamed.evidence_note, renamed.evidence_links) == ("Plan agreed by the board.", LINKS)
    # A question whose type changed comes along without a value it could not hold, evidence and all.
    assert rows["pi_rpec_support"].value is None


def test_carry_forward_copies_the_profile_but_no_sign_off_and_no_data_return(app, old_year, editor):
    new_id = _start(app, editor, old_year)
    with app.app_context():
        new = db.session.get(Assessment, new_id)
        old = db.session.scalar(select(Assessment).where(Assessment.year == OLD))
        assert new.profile == {k: v for k, v in old.profile.items()
                               if k in {q.key for q in get_framework(NEW).profile}}
        assert new.data_return == {}
        for column in ("submitted_at", "submitted_by_id", "signed_off_name", "signed_off_role",
                       "governing_body_approved_on", "declaration", "sent_for_signoff_at"):
            assert getattr(new, column) is None, column
        assert old.status == "submitted" and old.signed_off_name == "Dr Jo Bloggs"  # untouched
        states = {s.task_key: s.status for s in db.session.scalars(
            select(TaskState).where(TaskState.assessment_id == new_id))}
        carried_sections = {get_framework(NEW).question(a.question_key)[0].key for a in db.session.scalars(
            select(Answer).where(Answer.assessment_id == new_id))}
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "year_carried_forward"))
    framework = get_framework(NEW)
    assert set(states) == {CONTEXT_KEY, DATA_RETURN_KEY, *(s.key for s in framework.sections)}
    assert states[CONTEXT_KEY] == "completed"
    assert states[DATA_RETURN_KEY] == "not_started"
    for section in framework.sections:
        assert states[section.key] == ("in_progress" if section.key in carried_sections else "not_started")
    assert "completed" not in {states[s.key] for s in framework.sections}
    assert event.assessment_id == new_id and event.detail["from_year"] == OLD


def test_an_incomplete_profile_leaves_the_context_in_progress(app, build, provider_ukprn, editor):
    profile = demo_profile(get_framework(OLD))
    del profile["managed_network"]
    build(provider_ukprn, OLD, profile=profile, answers={"lg_communications_plan": "yes"})
    new_id = _start(app, editor, provider_ukprn)
    with app.app_context():
        context = db.session.scalar(select(TaskState).where(TaskState.assessment_id == new_id,
                                                            TaskState.task_key == CONTEXT_KEY))
        assert context.status == "in_progress"


def test_starting_twice_is_a_conflict(app, old_year, editor):
    _start(app, editor, old_year)
    with pytest.raises(Conflict):
        _start(app, editor, old_year)


def test_without_an_earlier_year_it_is_a_plain_new_year(app, provider_ukprn, editor):
    new_id = _start(app, editor, provider_ukprn)
    with app.app_context():
        assert db.session.scalars(select(Answer).where(Answer.assessment_id == new_id)).all() == []
        assert db.session.get(Assessment, new_id).profile == {}


def test_viewers_and_other_providers_cannot_start(app, factory, old_year, other_ukprn):
    viewer = factory.user("viewer", old_year)
    outsider = factory.user("editor", other_ukprn)
    with pytest.raises(Forbidden):
        _start(app, viewer, old_year)
    with pytest.raises(NotFound):
        _start(app, outsider, old_year)
    with app.app_context():
        provider = db.session.scalar(select(Provider).where(Provider.ukprn == old_year))
        years = db.session.scalars(select(Assessment.year).where(Assessment.provider_id == provider.id)).all()
        assert years == [OLD]


def test_the_start_button_carries_forward_and_the_section_page_marks_copied_answers(app, old_year, editor):
    client = sign_in(app.test_client(), editor)
    years_page = client.get(f"/providers/{old_year}/years/")
    assert "will be copied" in text_of(years_page)
    response = client.post(f"/providers/{old_year}/years/start")
    assert response.status_code == 302 and response.location.endswith(f"/years/{NEW}/")
    assert "carried forward from 2024-25" in text_of(client.get(response.location))

    framework = get_framework(NEW)
    section = framework.section("leadership-governance")
    url = f"/providers/{old_year}/years/{NEW}/sections/{section.key}"
    soup = page(client.get(url))
    tagged = {div["id"].removeprefix("question-") for div in soup.select(".app-question")
              if TAG in div.get_text(" ")}
    with app.app_context():
        carried = {a.question_key for a in db.session.scalars(select(Answer).join(Assessment).where(
            Assessment.year == NEW, Answer.carried_forward.is_(True)))}
    assert tagged == {q.key for q in section.questions} & carried
    assert "lg_prevent_communications" in tagged

    with app.app_context():
        profile = db.session.scalar(select(Assessment.profile).where(Assessment.year == NEW))
    saved = client.post(url, data=section_form(framework, section.key, profile, version=0))
    assert saved.status_code == 302, saved.get_data(as_text=True)[:300]
    assert TAG not in text_of(client.get(url))
    with app.app_context():
        still = {a.question_key for a in db.session.scalars(select(Answer).join(Assessment).where(
            Assessment.year == NEW, Answer.carried_forward.is_(True)))}
    assert not still & {q.key for q in section.questions}
    assert still  # other sections are still waiting to be confirmed
