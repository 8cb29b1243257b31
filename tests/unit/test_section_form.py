"""The form factory: one field per answer type, parsing what people type and keeping it when it is wrong."""

import pytest
from werkzeug.datastructures import MultiDict

from selfassess.framework import get_framework
from selfassess.web.forms.fields import shortened
from selfassess.web.forms.questions import build_section_form


@pytest.fixture
def request_ctx(app):
    with app.test_request_context(method="POST"):
        yield


def questions_of_type(kind):
    fw = get_framework("2025-26")
    return fw, [q for q in fw.all_questions() if q.type == kind]


def form_for(fw, question, data):
    formdata = MultiDict({"version": "0", "completed": "no", **data})
    form = build_section_form(fw, [question], formdata=formdata)
    valid = form.validate()
    return form, valid


@pytest.mark.parametrize(
    "kind, raw, expected",
    [
        ("yes_partly_no", {"answer__{k}": "partly"}, "partly"),
        ("single_choice", {"answer__{k}": "{first}"}, "{first}"),
        ("number", {"answer__{k}": " 1,2 "}, 12),
        ("short_text", {"answer__{k}": "  Head of Student Services \x07 "}, "Head of Student Services"),
        ("long_text", {"answer__{k}": "Line one\r\nLine two"}, "Line one\nLine two"),
        (
            "date",
            {"answer__{k}-day": "7", "answer__{k}-month": "3", "answer__{k}-year": "2025"},
            "2025-03-07",
        ),
    ],
)
def test_each_answer_type_parses_what_people_type(request_ctx, kind, raw, expected):
    fw, questions = questions_of_type(kind)
    question = questions[0]
    first = question.options[0].value if question.options else ""
    data = {k.format(k=question.key): v.format(first=first) for k, v in raw.items()}
    form, valid = form_for(fw, question, data)
    assert valid, form.errors
    expected = expected.format(first=first) if isinstance(expected, str) else expected
    assert form.inputs()[question.key].value == expected


def test_multiple_choice_keeps_framework_order_and_refuses_none_with_others(request_ctx):
    fw, questions = questions_of_type("multiple_choice")
    question = next(q for q in questions if q.exclusive_values)
    values = [o.value for o in question.options if not o.exclusive]
    formdata = MultiDict(
        [("version", "0"), ("completed", "no")]
        + [(f"answer__{question.key}", v) for v in reversed(values[:2])]
    )
    form = build_section_form(fw, [question], formdata=formdata)
    assert form.validate() and form.inputs()[question.key].value == values[:2]
    formdata.add(f"answer__{question.key}", question.exclusive_values[0])
    form = build_section_form(fw, [question], formdata=formdata)
    assert not form.validate()


def test_a_wrong_number_is_kept_as_typed(request_ctx):
    fw, questions = questions_of_type("number")
    form, valid = form_for(fw, questions[0], {f"answer__{questions[0].key}": "about ten"})
    assert not valid and form.answer(questions[0]).raw == "about ten"


def test_not_applicable_needs_a_reason(request_ctx):
    fw = get_framework("2025-26")
    question = next(q for q in fw.all_questions() if q.allow_not_applicable and q.type == "yes_partly_no")
    form, valid = form_for(fw, question, {f"answer__{question.key}": "not_applicable"})
    assert not valid
    assert form.part("na_reason", question).errors == [
        f"Enter why ‘{shortened(question.text)}’ does not apply to your provider"
    ]
    form, valid = form_for(
        fw,
        question,
        {
            f"answer__{question.key}": "not_applicable",
            f"na_reason__{question.key}": "We have no such partners",
        },
    )
    assert valid
    given = form.inputs()[question.key]
    assert given.not_applicable and given.value is None and given.na_reason == "We have no such partners"


def test_completing_requires_every_shown_question_but_not_hidden_follow_ups(request_ctx):
    fw = get_framework("2025-26")
    follow_up = next(q for q in fw.all_questions() if q.show_if and q.show_if.get("question"))
    section = fw.section(follow_up.section_key)
    parent = fw.question(follow_up.show_if["question"])[1]
    questions = [parent, follow_up]
    revealing = follow_up.show_if.get("equals") or follow_up.show_if["in"][0]
    hiding = next(
        v for v in parent.option_values if v != revealing and v not in follow_up.show_if.get("in", ())
    )
    for value, should_be_valid in ((hiding, True), (revealing, False)):
        formdata = MultiDict({"version": "0", "completed": "yes", f"answer__{parent.key}": value})
        form = build_section_form(fw, questions, formdata=formdata)
        assert form.validate() is should_be_valid, (section.key, value, form.errors)


def test_met_in_a_proportionate_way_needs_a_description_in_the_evidence_note(request_ctx):
    fw = get_framework("2025-26")
    question = fw.question("pi_external_isa")[1]
    form, valid = form_for(fw, question, {"answer__pi_external_isa": "proportionate"})
    assert not valid
    assert form.part("evidence", question).errors == [
        "Describe in the evidence note how you meet this in a proportionate way"
    ]
    assert form.answer(question).data == "proportionate", "the choice is kept"
    form, valid = form_for(
        fw,
        question,
        {
            "answer__pi_external_isa": "proportionate",
            "evidence__pi_external_isa": "A documented protocol with the police; the national form.",
        },
    )
    assert valid
    assert form.inputs()["pi_external_isa"].value == "proportionate"
