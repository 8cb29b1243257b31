"""Bad input on the section pages: a clear message, never a 500, and nothing saved."""

import pytest

from selfassess.extensions import db
from selfassess.models import Answer
from selfassess.services import progress
from tests.assessment_data import YEAR, framework, section_form, start_with_context
from tests.conftest import error_summary, page


def first_of(questions, kind):
    return next(q for q in questions if q.type == kind and q.show_if is None)


@pytest.fixture
def setup(app, editor_client, provider_ukprn):
    profile = start_with_context(editor_client, provider_ukprn)
    fw = framework()
    by_type = {}
    for section in fw.sections:
        if not progress.section_applies(fw, section, profile)[0]:
            continue
        for q in progress.applicable_questions(fw, section, profile)[0]:
            # prefer questions that are always asked over follow-ups
            if q.type not in by_type or (q.show_if is None and by_type[q.type][1].show_if is not None):
                by_type[q.type] = (section.key, q)
    return {"profile": profile, "fw": fw, "by_type": by_type}


def post_with(editor_client, provider_ukprn, setup, kind, overrides_for):
    section_key, question = setup["by_type"][kind]
    data = section_form(
        setup["fw"],
        section_key,
        setup["profile"],
        version=0,
        completed="no",
        overrides=overrides_for(question),
    )
    return editor_client.post(f"/providers/{provider_ukprn}/years/{YEAR}/sections/{section_key}", data=data)


CASES = [
    ("number", lambda q: {f"answer__{q.key}": "twelve"}, "must be a whole number"),
    ("number", lambda q: {f"answer__{q.key}": "-3"}, "must be 0 or more"),
    ("number", lambda q: {f"answer__{q.key}": "99999999999"}, "or fewer"),
    ("number", lambda q: {f"answer__{q.key}": "1.5"}, "must be a whole number"),
    (
        "date",
        lambda q: {
            f"answer__{q.key}-day": "31",
            f"answer__{q.key}-month": "2",
            f"answer__{q.key}-year": "2025",
        },
        "must be a real date",
    ),
    (
        "date",
        lambda q: {
            f"answer__{q.key}-day": "3",
            f"answer__{q.key}-month": "",
            f"answer__{q.key}-year": "2025",
        },
        "must include a month",
    ),
    (
        "date",
        lambda q: {f"answer__{q.key}-day": "x", f"answer__{q.key}-month": "1", f"answer__{q.key}-year": "25"},
        "must be a real date",
    ),
    ("long_text", lambda q: {f"answer__{q.key}": "word " * 2000}, "characters or fewer"),
    ("yes_partly_no", lambda q: {f"links__{q.key}": "javascript:alert(1)"}, "must start with http"),
    ("yes_partly_no", lambda q: {f"links__{q.key}": "ftp://example.ac.uk/file"}, "must start with http"),
    (
        "yes_partly_no",
        lambda q: {f"links__{q.key}": "\n".join(f"https://e.ac.uk/{i}" for i in range(6))},
        "5 evidence links or fewer",
    ),
    ("yes_partly_no", lambda q: {f"answer__{q.key}": "maybe"}, "Select one of the options"),
    ("yes_partly_no", lambda q: {f"evidence__{q.key}": "x" * 2500}, "characters or fewer"),
    ("multiple_choice", lambda q: {f"answer__{q.key}": ["not-an-option"]}, "Select from the options shown"),
]


@pytest.mark.parametrize("kind, overrides_for, message", CASES)
def test_bad_input_is_explained_and_nothing_is_saved(
    app, editor_client, provider_ukprn, setup, kind, overrides_for, message
):
    if kind not in setup["by_type"]:
        pytest.skip(f"the framework has no {kind} question")
    response = post_with(editor_client, provider_ukprn, setup, kind, overrides_for)
    assert response.status_code == 400
    summary = error_summary(response)
    assert any(message in item for item in summary), summary
    with app.app_context():
        assert db.session.query(Answer).count() == 0


def test_markup_and_control_characters_are_stored_as_text_and_shown_escaped(
    app, editor_client, provider_ukprn, setup
):
    hostile = "<script>alert('x')</script>\x00\x07 <img src=x onerror=alert(1)>"
    response = post_with(
        editor_client, provider_ukprn, setup, "long_text", lambda q: {f"answer__{q.key}": hostile}
    )
    assert response.status_code == 302
    section_key, question = setup["by_type"]["long_text"]
    with app.app_context():
        stored = db.session.query(Answer).filter_by(question_key=question.key).one().value
    assert stored == "<script>alert('x')</script> <img src=x onerror=alert(1)>"
    body = editor_client.get(f"/providers/{provider_ukprn}/years/{YEAR}/sections/{section_key}").get_data(
        as_text=True
    )
    assert "<script>alert('x')</script>" not in body and "&lt;script&gt;" in body


def test_an_unknown_question_key_is_refused_and_nothing_saved(app, editor_client, provider_ukprn, setup):
    response = post_with(
        editor_client, provider_ukprn, setup, "yes_partly_no", lambda q: {"answer__not_a_question": "yes"}
    )
    assert response.status_code == 400
    assert "not on this page" in page(response).get_text()
    with app.app_context():
        assert db.session.query(Answer).count() == 0


def test_a_question_from_another_section_is_refused(app, editor_client, provider_ukprn, setup):
    section_key, _ = setup["by_type"]["yes_partly_no"]
    elsewhere = next(q for s in setup["fw"].sections if s.key != section_key for q in s.questions)
    response = post_with(
        editor_client, provider_ukprn, setup, "yes_partly_no", lambda q: {f"answer__{elsewhere.key}": "yes"}
    )
    assert response.status_code == 400


def test_a_missing_or_stale_csrf_token_is_refused(csrf_app):
    from tests.conftest import Factory

    factory = Factory(csrf_app)
    ukprn = factory.provider()
    client = csrf_app.test_client()
    email = factory.user("editor", ukprn)
    token = page(client.get("/login")).find("input", {"name": "csrf_token"})["value"]
    client.post("/login", data={"email": email, "password": "correct-horse-battery", "csrf_token": token})
    for data in ({}, {"csrf_token": token}):  # the pre-sign-in token belongs to the old session
        assert client.post(f"/providers/{ukprn}/years/start", data=data).status_code == 400
    with csrf_app.app_context():
        from selfassess.models import Assessment

        assert db.session.query(Assessment).count() == 0


def test_a_post_to_another_providers_year_is_404(app, factory, editor_client, provider_ukprn, setup):
    from tests.conftest import sign_in

    outsider = sign_in(app.test_client(), factory.user("editor", factory.provider("Other", "10000099")))
    section_key, _ = setup["by_type"]["yes_partly_no"]
    data = section_form(setup["fw"], section_key, setup["profile"], version=0)
    assert (
        outsider.post(
            f"/providers/{provider_ukprn}/years/{YEAR}/sections/{section_key}", data=data
        ).status_code
        == 404
    )
    with app.app_context():
        assert db.session.query(Answer).count() == 0


def test_an_unknown_section_is_404(editor_client, provider_ukprn, setup):
    assert editor_client.get(f"/providers/{provider_ukprn}/years/{YEAR}/sections/nope").status_code == 404
    assert editor_client.get(f"/providers/{provider_ukprn}/years/1999-00/").status_code == 404
