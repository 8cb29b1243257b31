"""Each kind of bad file: every problem listed, nothing saved, through the service and the web page."""

import copy
import io
import json
import re

import pytest

from selfassess.extensions import db
from selfassess.models import Assessment
from selfassess.services import exports, imports
from selfassess.services.errors import Forbidden, Locked, NotFound, ValidationFailed
from tests.conftest import error_summary, page, sign_in
from tests.exports.helpers import live_fingerprint, user_named


@pytest.fixture
def exported(app, filled):
    email, ukprn, year = filled
    with app.app_context():
        return exports.export_year(user_named(email), ukprn, year)


def _first_key(document, *, kind=None):
    from tests.assessment_data import framework

    fw = framework()
    for key, answer in sorted(document["answers"].items()):
        if answer["value"] is not None and (kind is None or fw.question(key)[1].type in kind):
            return key
    raise AssertionError(f"no answer of type {kind}")


def _set(path, value):
    def change(document):
        target = document
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    return change


def _answer(kind, field, value):
    def change(document):
        document["answers"][_first_key(document, kind=kind)][field] = value
    return change


BAD_FILES = [
    ("wrong schema version", _set(["schema_version"], 2), "comes from a different version of this service"),
    ("other framework", _set(["framework_id"], "2024-25"),
     "answers the 2024-25 questions, but this year uses the 2025-26 questions"),
    ("other provider", _set(["provider", "ukprn"], "10000002"),
     "belongs to another provider (UKPRN 10000002)"),
    ("unknown question", _set(["answers", "no_such_question"], {"value": "yes"}),
     "answers a question (‘no_such_question’) that is not among the 2025-26 questions"),
    ("bad option", _answer({"yes_partly_no"}, "value", "maybe"), "‘maybe’ is not one of the options"),
    ("bad multiple choice", _answer({"multiple_choice"}, "value", ["not_an_option"]),
     "‘not_an_option’ is not among the options"),
    ("text over the limit", _answer({"long_text"}, "value", "x" * 2001), "more than the limit of 2,000"),
    ("evidence over the limit", _answer(None, "evidence_note", "y" * 2001),
     "the evidence note is 2,001 characters"),
    ("javascript link", _answer(None, "evidence_links", ["javascript:alert(1)"]),
     "is not a web link starting http:// or https://"),
    ("too many links", _answer(None, "evidence_links", [f"https://example.ac.uk/{n}" for n in range(6)]),
     "6 links, more than 5"),
    ("negative figure", _set(["data_return", "es_approved_no_conditions"], -3), "figures cannot be negative"),
    ("fraction figure", _set(["data_return", "es_approved_no_conditions"], 2.5), "2.5 is not a whole number"),
    ("text figure", _set(["data_return", "es_approved_no_conditions"], "12"), "‘12’ is not a whole number"),
    ("figure over the maximum", _set(["data_return", "es_approved_no_conditions"], 10**9),
     "more than the maximum"),
    ("unknown data-return key", _set(["data_return", "es_imaginary"], 4),
     "Data return: the file gives a figure (‘es_imaginary’)"),
    ("impossible date", _set(["data_return", "date_risk_assessment_reviewed"], "2025-02-30"),
     "‘2025-02-30’ is not a real date"),
    ("badly written date", _set(["data_return", "date_risk_assessment_reviewed"], "30/01/2025"),
     "‘30/01/2025’ is not a date"),
    ("unknown profile key", _set(["profile", "pets_allowed"], "yes"),
     "Context: the file answers a question (‘pets_allowed’)"),
    ("bad profile value", _set(["profile", "students_union"], "perhaps"),
     "‘perhaps’ is not one of the options"),
    ("unknown task", _set(["task_status", "section-99"], "completed"), "progress for a task (‘section-99’)"),
    ("bad task status", _set(["task_status", "context"], "finished"),
     "‘finished’ is not a progress this service knows"),
    ("action with unknown status", _set(["action_items", 0, "status"], "someday"),
     "Action plan, action 1: its status ‘someday’"),
    ("action with impossible date", _set(["action_items", 0, "due_date"], "2026-13-01"), "not a real date"),
    ("action without a title", _set(["action_items", 0, "title"], ""),
     "Action plan, action 1: say what will be done"),
    ("action for an unknown question", _set(["action_items", 0, "question_key"], "nope"),
     "Action plan, action 1: it is for a question (‘nope’)"),
    ("not applicable without a reason", _answer({"yes_partly_no"}, "not_applicable", True),
     "it is marked as not applying, so give the reason why"),
    ("unknown top-level field", _set(["extra"], 1), "a part this service does not recognise (‘extra’)"),
]


@pytest.mark.parametrize("name, change, expected", BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_a_bad_file_lists_the_problem_and_saves_nothing(app, filled, exported, name, change, expected):
    email, ukprn, year = filled
    document = copy.deepcopy(exported)
    change(document)
    with app.app_context():
        before = live_fingerprint()
        with pytest.raises(ValidationFailed) as caught:
            imports.import_year(user_named(email), ukprn, year, json.dumps(document).encode())
        db.session.rollback()
        assert live_fingerprint() == before
    problems = caught.value.problems
    assert problems[0].startswith("The file was not imported: ") and "nothing was saved" in problems[0]
    assert any(expected in problem for problem in problems[1:]), problems
    # Said as a Prevent lead reads it: the question, section or field by its name, not the file's inner words.
    assert not [problem for problem in problems if JARGON.search(problem)], problems


JARGON = re.compile(r"(?<!\.)\b(json|key|schema|null|object|field|true|false|profile|task_status|data_return|"
                    r"action_items|question_key|na_reason|evidence_note)\b", re.IGNORECASE)


def test_a_problem_names_the_question_and_its_section(app, filled, exported):
    email, ukprn, year = filled
    document = copy.deepcopy(exported)
    key = _first_key(document, kind={"yes_partly_no"})
    document["answers"][key]["value"] = "maybe"
    with app.app_context(), pytest.raises(ValidationFailed) as caught:
        imports.import_year(user_named(email), ukprn, year, document)
    from tests.assessment_data import framework

    section, question = framework().question(key)
    named = f"{section.title}: ‘{question.text[:40]}"
    assert any(problem.startswith(named) for problem in caught.value.problems)


@pytest.mark.parametrize("payload, expected", [
    (b"{not json", "the problem is on line 1, character 2"),
    (b"", "The file is empty"),
    (b"[1, 2]", "not a self-assessment exported from this service"),
    (b"\xff\xfe\x00", "it is not a text file"),
    (b'{"schema_version": NaN}', "The file cannot be read"),
    (b'{"a": 1, "a": 2}', "‘a’ appears twice"),
    (b"[" * 100_000 + b"]" * 100_000, "The file cannot be read"),
    (b" " * (2 * 1024 * 1024 + 1), "too large"),
])
def test_a_file_that_is_not_an_export_is_refused_in_one_line(app, filled, payload, expected):
    email, ukprn, year = filled
    with app.app_context():
        before = live_fingerprint()
        with pytest.raises(ValidationFailed) as caught:
            imports.import_year(user_named(email), ukprn, year, payload)
        assert live_fingerprint() == before
    assert len(caught.value.problems) == 1 and expected in caught.value.problems[0]
    assert not JARGON.search(caught.value.problems[0])


# Cases that touch different parts of the file, so all of them can be made at once.
TOGETHER = ("wrong schema version", "other framework", "other provider", "unknown question", "bad option",
            "text over the limit", "javascript link", "negative figure", "unknown data-return key",
            "unknown profile key", "bad task status", "action with unknown status")


def _all_together(exported):
    document = copy.deepcopy(exported)
    for name, change, _ in BAD_FILES:
        if name in TOGETHER:
            change(document)
    return document


def test_every_problem_is_listed_together(app, filled, exported):
    email, ukprn, year = filled
    with app.app_context(), pytest.raises(ValidationFailed) as caught:
        imports.import_year(user_named(email), ukprn, year, _all_together(exported))
    problems = caught.value.problems
    assert problems[0] == (f"The file was not imported: {len(TOGETHER)} problems found, and nothing was "
                           "saved. Correct the file or export it again, then import it again")
    for name, _, expected in BAD_FILES:
        if name in TOGETHER:
            assert any(expected in problem for problem in problems[1:]), name


@pytest.mark.parametrize("status", ["awaiting_signoff", "submitted"])
def test_a_year_that_is_not_a_draft_is_never_filled(app, filled, exported, status):
    email, ukprn, year = filled
    document = copy.deepcopy(exported)
    document["data_return"]["es_approved_no_conditions"] = 1
    client = sign_in(app.test_client(), email)
    with app.app_context():
        db.session.query(Assessment).one().status = status
        db.session.commit()
        before = live_fingerprint()
        with pytest.raises(Locked, match="cannot be changed"):
            imports.import_year(user_named(email), ukprn, year, document)
        with pytest.raises(Locked):
            imports.operator_import_year(ukprn, year, document)
        assert live_fingerprint() == before
    response = client.post(f"/providers/{ukprn}/years/{year}/import",
                           data={"file": (io.BytesIO(json.dumps(document).encode()), "x.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 403
    assert "cannot be changed" in page(response).get_text()
    with app.app_context():
        assert live_fingerprint() == before


def test_viewers_may_export_but_not_import(app, filled, factory, exported):
    _, ukprn, year = filled
    viewer = factory.user("viewer", ukprn)
    with app.app_context():
        assert exports.export_year(user_named(viewer), ukprn, year)["year"] == year
        with pytest.raises(Forbidden):
            imports.import_year(user_named(viewer), ukprn, year, exported)
    client = sign_in(app.test_client(), viewer)
    assert client.get(f"/providers/{ukprn}/years/{year}/export.json").status_code == 200
    assert client.get(f"/providers/{ukprn}/years/{year}/data-return.csv").status_code == 200
    assert client.get(f"/providers/{ukprn}/years/{year}/import").status_code == 403
    response = client.post(f"/providers/{ukprn}/years/{year}/import",
                           data={"file": (io.BytesIO(json.dumps(exported).encode()), "x.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 403
    assert "Import from a file" not in client.get(f"/providers/{ukprn}/years/{year}/").get_data(as_text=True)


def test_another_providers_year_is_not_found(app, filled, factory, exported):
    _, ukprn, year = filled
    other = factory.provider("Other College", "10000002")
    outsider = factory.user("editor", other)
    with app.app_context():
        with pytest.raises(NotFound):
            exports.export_year(user_named(outsider), ukprn, year)
        with pytest.raises(NotFound):
            imports.import_year(user_named(outsider), ukprn, year, exported)
    client = sign_in(app.test_client(), outsider)
    for url in ("export.json", "data-return.csv", "import"):
        response = client.get(f"/providers/{ukprn}/years/{year}/{url}")
        assert response.status_code == 404, url
        assert "Test University" not in response.get_data(as_text=True)
    response = client.post(f"/providers/{ukprn}/years/{year}/import",
                           data={"file": (io.BytesIO(json.dumps(exported).encode()), "x.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 404


def test_the_web_page_shows_every_problem_in_the_error_summary(app, filled, exported):
    email, ukprn, year = filled
    document = _all_together(exported)
    client = sign_in(app.test_client(), email)
    with app.app_context():
        before = live_fingerprint()
    response = client.post(f"/providers/{ukprn}/years/{year}/import",
                           data={"file": (io.BytesIO(json.dumps(document).encode()), "bad.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    listed = error_summary(response)
    assert listed[0].startswith("The file was not imported")
    assert len(listed) == len(TOGETHER) + 1
    assert any("javascript:alert(1)" in line for line in listed)
    assert all(a["href"] == "#file" for a in page(response).select(".govuk-error-summary__list a"))
    assert page(response).title.get_text().startswith("Error:")
    assert "<script>" not in response.get_data(as_text=True)
    with app.app_context():
        assert live_fingerprint() == before


def test_the_web_page_asks_for_a_file_and_refuses_bad_json(app, filled):
    email, ukprn, year = filled
    client = sign_in(app.test_client(), email)
    response = client.post(f"/providers/{ukprn}/years/{year}/import", data={},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert error_summary(response) == ["Select the file you exported from this service"]
    response = client.post(f"/providers/{ukprn}/years/{year}/import",
                           data={"file": (io.BytesIO(b"<script>alert(1)</script>"), "bad.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "The file cannot be read" in error_summary(response)[0]
    assert "<script>alert" not in response.get_data(as_text=True)


def test_a_body_over_the_limit_gives_the_413_page(app, filled):
    email, ukprn, year = filled
    client = sign_in(app.test_client(), email)
    response = client.post(f"/providers/{ukprn}/years/{year}/import",
                           data={"file": (io.BytesIO(b" " * (5 * 1024 * 1024 + 10)), "big.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    assert "too large" in page(response).h1.get_text().lower()
    assert "up to 5 MB" in page(response).get_text()  # the import page's own limit, stated
