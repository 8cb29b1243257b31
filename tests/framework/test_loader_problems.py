"""Each way of breaking a framework file gives its own exact, findable message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml

from .sample import FILE_NAME, problems_for, valid_framework

Data = dict[str, Any]


def _q(data: Data, index: int) -> Data:
    return data["sections"][0]["questions"][index]


def _set(path: Callable[[Data], Data], key: str, value: Any) -> Callable[[Data], None]:
    def mutate(data: Data) -> None:
        path(data)[key] = value

    return mutate


def _delete(path: Callable[[Data], Data], key: str) -> Callable[[Data], None]:
    def mutate(data: Data) -> None:
        del path(data)[key]

    return mutate


def _second_section(data: Data) -> None:
    section = {
        "key": "risk-assessment",
        "code": "RA",
        "title": "Risk assessment",
        "summary": "How risk is assessed.",
        "topics": ["B"],
        "questions": [
            {
                "key": "ra_reviewed",
                "text": "When was it reviewed?",
                "type": "date",
                "show_if": {"question": "lg_group_exists", "equals": "yes"},
            }
        ],
    }
    data["sections"].append(section)


def _show_if_cycle(data: Data) -> None:
    _q(data, 0)["show_if"] = {"question": "lg_group_meetings", "at_least": 1}


def _total_of_unknown(data: Data) -> None:
    data["data_return"]["groups"][0]["totals"][0]["sum"].append("es_approved_typo")


def _duplicate_question_key(data: Data) -> None:
    _q(data, 2)["key"] = "lg_group_exists"


SECTION = lambda d: d["sections"][0]  # noqa: E731
Q0, Q1, Q2 = (lambda d: _q(d, 0)), (lambda d: _q(d, 1)), (lambda d: _q(d, 2))
RULE = lambda d: d["rules"]["has_residences"]  # noqa: E731
Q = "sections[0].questions"

BROKEN: list[tuple[str, Callable[[Data], None], str]] = [
    ("unknown key", _set(Q0, "wieght", 2), f"{Q}[0].wieght: unknown key (did you mean 'weight'?)"),
    ("unknown top-level key", lambda d: d.update(colour="red"), "colour: unknown key"),
    ("missing field", _delete(SECTION, "title"), "sections[0].title: is required"),
    ("wrong type", _set(Q0, "weight", "heavy"), f"{Q}[0].weight: must be a number, not a string"),
    (
        "wrong type of list",
        _set(SECTION, "questions", {"a": 1}),
        "sections[0].questions: must be a list, not a mapping",
    ),
    ("weight 0", _set(Q0, "weight", 0), f"{Q}[0].weight: must be greater than 0"),
    (
        "multiply 0",
        lambda d: _q(d, 2)["weight_rules"][0].update(multiply=0),
        f"{Q}[2].weight_rules[0].multiply: must be greater than 0",
    ),
    (
        "score 1.5",
        lambda d: _q(d, 2)["options"][0].update(score=1.5),
        f"{Q}[2].options[0].score: must be between 0 and 1 (found 1.5)",
    ),
    (
        "option without score",
        lambda d: _q(d, 2)["options"][1].pop("score"),
        f"{Q}[2].options[1].score: is required on every option of a scored question",
    ),
    (
        "yes_partly_no score override out of range",
        _set(Q0, "scores", {"partly": 2}),
        f"{Q}[0].scores.partly: must be between 0 and 1 (found 2)",
    ),
    (
        "unknown factor",
        lambda d: RULE(d)["when"].update(factor="residence"),
        "rules.has_residences.when.factor: unknown profile factor 'residence'",
    ),
    (
        "value not an option of the factor",
        lambda d: RULE(d)["when"].update(equals="maybe"),
        "rules.has_residences.when.equals: 'maybe' is not an option of factor 'residences'"
        " (options: yes, no)",
    ),
    (
        "unknown key in a condition",
        lambda d: RULE(d)["when"].update(equal="yes"),
        "rules.has_residences.when.equal: unknown key in condition",
    ),
    (
        "question leaf in a rule",
        _set(RULE, "when", {"not": {"question": "lg_group_exists", "equals": "yes"}}),
        "rules.has_residences.when.not.question: 'question' conditions are not allowed here (only 'factor')",
    ),
    (
        "unknown show_if question",
        _set(Q1, "show_if", {"question": "lg_nope", "equals": "yes"}),
        f"{Q}[1].show_if.question: unknown question 'lg_nope'",
    ),
    (
        "show_if value not an option",
        _set(Q1, "show_if", {"question": "lg_group_exists", "equals": "maybe"}),
        f"{Q}[1].show_if.equals: 'maybe' is not an option of question 'lg_group_exists'"
        " (options: yes, partly, no)",
    ),
    (
        "show_if on a later question",
        _set(Q1, "show_if", {"question": "lg_residence_escalation", "equals": "neither"}),
        f"{Q}[1].show_if.question: 'lg_residence_escalation' is not an earlier question in this section"
        " (show_if may only look back)",
    ),
    (
        "show_if in another section",
        _second_section,
        "sections[1].questions[0].show_if.question: 'lg_group_exists' is in another section"
        " (leadership-governance); show_if stays within a section",
    ),
    (
        "show_if cycle",
        _show_if_cycle,
        f"{Q}[0].show_if: show_if cycle: lg_group_exists -> lg_group_meetings -> lg_group_exists",
    ),
    (
        "replaces pointing at nothing",
        _set(Q0, "replaces", "lg_gone"),
        f"{Q}[0].replaces: 'lg_gone' is not a question key in 2024-25.yaml",
    ),
    (
        "previous file missing",
        lambda d: d.update(previous="2023-24"),
        "previous: '2023-24' has no file 2023-24.yaml in the same folder",
    ),
    (
        "unknown rule in applies_if",
        _set(Q2, "applies_if", "has_halls"),
        f"{Q}[2].applies_if: unknown rule 'has_halls'",
    ),
    (
        "unknown rule in a section's applies_if",
        _set(SECTION, "applies_if", ["has_residences", "has_su"]),
        "sections[0].applies_if: unknown rule 'has_su'",
    ),
    (
        "unknown rule in weight_rules",
        lambda d: _q(d, 2)["weight_rules"][0].update(rule="huge"),
        f"{Q}[2].weight_rules[0].rule: unknown rule 'huge'",
    ),
    (
        "unknown guidance ref",
        lambda d: _q(d, 0)["guidance"][0].update(ref="HE99"),
        f"{Q}[0].guidance[0].ref: unknown reference 'HE99'",
    ),
    (
        "id not the file stem",
        lambda d: d.update(id="2025-27"),
        "id: '2025-27' must equal the file name stem '2025-26'",
    ),
    (
        "scored question without action",
        _delete(Q0, "action"),
        f"{Q}[0].action: is required for scored questions",
    ),
    (
        "scored question without good practice",
        _delete(Q2, "good_practice"),
        f"{Q}[2].good_practice: is required for scored questions",
    ),
    (
        "scored question without guidance",
        _set(Q0, "guidance", []),
        f"{Q}[0].guidance: scored questions need at least one guidance entry",
    ),
    (
        "duplicate question key",
        _duplicate_question_key,
        f"{Q}[2].key: duplicate question key 'lg_group_exists' (first at {Q}[0].key)",
    ),
    (
        "total of an unknown field",
        _total_of_unknown,
        "data_return.groups[0].totals[0].sum[2]: unknown data-return field 'es_approved_typo'"
        " (or a total defined later)",
    ),
    (
        "check naming an unknown field",
        lambda d: d["data_return"]["checks"][0].update(at_most="es_nothing"),
        "data_return.checks[0].at_most: unknown data-return field 'es_nothing'",
    ),
    (
        "max_length over 5000",
        lambda d: d["sections"][0]["questions"].append(
            {"key": "lg_notes", "text": "Notes", "type": "long_text", "max_length": 6000}
        ),
        f"{Q}[3].max_length: must be between 1 and 5000 (found 6000)",
    ),
    (
        "unknown seed theme",
        _set(Q0, "covers_seed", ["negative_narative"]),
        f"{Q}[0].covers_seed[0]: unknown seed theme 'negative_narative'",
    ),
    (
        "unknown answer type",
        _set(Q1, "type", "integer"),
        f"{Q}[1].type: 'integer' is not one of yes_partly_no, single_choice, multiple_choice, number, date, "
        "short_text, long_text",
    ),
    (
        "unquoted number as an option value",
        lambda d: _q(d, 2)["options"][2].update(value=3),
        f"{Q}[2].options[2].value: must be a string, not a number (quote it)",
    ),
    (
        "schema version",
        lambda d: d.update(schema=3),
        "schema: must be 1 or 2 (the versions this loader reads), not 3",
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_each_broken_variant_names_its_problem(tmp_path, mutate, expected):
    data = valid_framework()
    mutate(data)
    assert f"{FILE_NAME}: {expected}" in problems_for(tmp_path, data)


def test_every_problem_is_collected_before_raising(tmp_path):
    data = valid_framework()
    _q(data, 0)["weight"] = 0
    del _q(data, 2)["action"]
    data["rules"]["has_residences"]["when"]["factor"] = "residence"
    data["id"] = "wrong"
    problems = problems_for(tmp_path, data)
    assert len(problems) == 4, problems
    assert all(problem.startswith(f"{FILE_NAME}: ") for problem in problems)


def test_duplicate_keys_are_rejected_with_line_numbers(tmp_path):
    text = yaml.safe_dump(valid_framework(), sort_keys=False)
    lines = text.splitlines()
    title_line = next(n for n, line in enumerate(lines, start=1) if line.startswith("title:"))
    lines.insert(title_line, "title: A second title")
    problems = problems_for(tmp_path, text="\n".join(lines))
    assert problems == [
        f"{FILE_NAME}: line {title_line + 1}: duplicate key 'title' (first given on line {title_line})"
    ]


def test_malformed_yaml_gives_one_line_not_a_traceback(tmp_path):
    problems = problems_for(tmp_path, text="schema: 1\nid: '2025-26'\nsections: [\n  key: value\n  - oops\n")
    assert len(problems) == 1
    assert problems[0].startswith(f"{FILE_NAME}: line ")
    assert "malformed YAML" in problems[0]
    assert "\n" not in problems[0]


def test_a_file_that_is_not_a_mapping(tmp_path):
    assert problems_for(tmp_path, text="- just\n- a list\n") == [
        f"{FILE_NAME}: (top level): must be a mapping, not a list"
    ]


def test_error_str_is_one_problem_per_line(tmp_path):
    from selfassess.framework import FrameworkError

    error = FrameworkError(["a.yaml: x: one", "a.yaml: y: two"])
    assert str(error) == "a.yaml: x: one\na.yaml: y: two"
    assert error.problems == ["a.yaml: x: one", "a.yaml: y: two"]
