"""Schema 2 markings: core expectations, the weight cap, proportionate answers, "not known" and revisions.

framework-check (and the loader behind it) must refuse a file whose weights can run away or whose core
markings are invalid, naming the path of each problem, so an author finds the line to fix.
"""

from __future__ import annotations

from typing import Any

import pytest

from selfassess.framework import load_framework
from selfassess.framework.model import PROPORTIONATE, PROPORTIONATE_LABEL, WEIGHT_MULTIPLIER_CAP

from .sample import FILE_NAME, problems_for, valid_framework, write_framework

Q = "sections[0].questions"


def schema2() -> dict[str, Any]:
    data = valid_framework()
    data["schema"] = 2
    return data


def _q(data: dict[str, Any], index: int) -> dict[str, Any]:
    return data["sections"][0]["questions"][index]


def _core(data: dict[str, Any]) -> None:
    _q(data, 0).update(core=True, weight=5, core_reason="Why it is core, and what to do first.")


def test_a_valid_core_question_loads_and_is_marked(tmp_path):
    data = schema2()
    _core(data)
    framework = load_framework(write_framework(tmp_path, data))
    question = framework.question("lg_group_exists")[1]
    assert question.core and question.core_reason == "Why it is core, and what to do first."
    assert not framework.question("lg_residence_escalation")[1].core


BROKEN = [
    (
        "core on a question that is not scored",
        lambda d: _q(d, 1).update(core=True, core_reason="Reason."),
        f"{Q}[1].core: only scored questions (yes_partly_no, single_choice, multiple_choice) may be core",
    ),
    (
        "core without a reason",
        lambda d: _q(d, 0).update(core=True, weight=5),
        f"{Q}[0].core_reason: is required on a core question: say why it is core and what to do first",
    ),
    (
        "a reason without core",
        lambda d: _q(d, 0).update(core_reason="Reason."),
        f"{Q}[0].core_reason: only core questions have a core_reason (add core: true, or remove it)",
    ),
    (
        "core that may be marked not applicable",
        lambda d: (_core(d), _q(d, 0).update(allow_not_applicable=True)),
        f"{Q}[0].allow_not_applicable: a core question cannot be marked not applicable",
    ),
    (
        "core at an ordinary weight",
        lambda d: (_core(d), _q(d, 0).update(weight=3)),
        f"{Q}[0].weight: a core question weighs 5, not 3",
    ),
    (
        "a rule lowering a core question",
        lambda d: (_core(d), _q(d, 0).update(weight_rules=[{"rule": "large_provider", "multiply": 0.75}])),
        f"{Q}[0].weight_rules[0].multiply: must not lower the weight of a core question",
    ),
    (
        "weight rules beyond the cap",
        lambda d: _q(d, 2).update(
            weight_rules=[{"rule": "large_provider", "multiply": 1.5}, {"rule": "has_residences", "multiply": 1.5}]  # noqa: E501
        ),
        f"{Q}[2].weight_rules: together multiply the weight by up to 2.25, more than the cap of 1.5",
    ),
    (
        "an ordinary question heavier than the most it may weigh",
        lambda d: _q(d, 0).update(weight=4),
        f"{Q}[0].weight: 4 is more than 3, the most a question that is not core weighs",
    ),
    (
        "a proportionate answer on a choice question",
        lambda d: _q(d, 2).update(proportionate="Another way."),
        f"{Q}[2].proportionate: only yes_partly_no questions may have 'proportionate'",
    ),
    (
        "not known on a question that is not a number",
        lambda d: _q(d, 0).update(allow_not_known=True),
        f"{Q}[0].allow_not_known: only number questions may have 'allow_not_known'",
    ),
    (
        "a revision numbered out of order",
        lambda d: d.update(revisions=[{"number": 3, "date": "2025-10-01", "notes": "Fixed."}]),
        "revisions[0].number: must be 2: revisions are numbered 2, 3, ... in order",
    ),
    (
        "a revision naming an unknown question",
        lambda d: d.update(revisions=[{"number": 2, "date": "2025-10-01", "notes": "Fixed.", "questions": ["x"]}]),  # noqa: E501
        "revisions[0].questions[0]: unknown question 'x'",
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_each_broken_marking_names_its_path(tmp_path, mutate, expected):
    data = schema2()
    mutate(data)
    assert f"{FILE_NAME}: {expected}" in problems_for(tmp_path, data)


def test_schema_1_files_keep_their_old_weights_but_cannot_use_the_new_markings(tmp_path):
    data = valid_framework()  # schema 1, like the submitted 2024-25 year
    _q(data, 2)["weight_rules"] = [{"rule": "large_provider", "multiply": 1.5}, {"rule": "has_residences", "multiply": 1.5}]  # noqa: E501
    assert load_framework(write_framework(tmp_path, data)).schema == 1  # loads, scores as it was signed off
    _core(data)
    assert f"{FILE_NAME}: {Q}[0].core: needs schema 2" in problems_for(tmp_path, data)


def test_the_cap_allows_exactly_the_cap(tmp_path):
    data = schema2()
    _q(data, 2)["weight_rules"] = [
        {"rule": "large_provider", "multiply": 1.25},
        {"rule": "has_residences", "multiply": WEIGHT_MULTIPLIER_CAP / 1.25},
    ]
    load_framework(write_framework(tmp_path, data))


def test_a_proportionate_answer_is_an_extra_option_scored_as_met(tmp_path):
    data = schema2()
    _q(data, 0)["proportionate"] = "Oversight as a standing item of the safeguarding group."
    question = load_framework(write_framework(tmp_path, data)).question("lg_group_exists")[1]
    assert question.option_values == ("yes", "partly", "no", PROPORTIONATE)
    option = question.option(PROPORTIONATE)
    assert (option.label, option.score, option.hint) == (
        PROPORTIONATE_LABEL,
        1.0,
        "Oversight as a standing item of the safeguarding group.",
    )


def test_revisions_give_the_revision_in_force_and_the_questions_they_changed(tmp_path):
    data = schema2()
    data["revisions"] = [
        {"number": 2, "date": "2025-11-03", "notes": "After a judgment.", "questions": ["lg_group_exists"]}
    ]
    framework = load_framework(write_framework(tmp_path, data))
    assert framework.revision == 2
    assert framework.revision_changing("lg_group_exists").notes == "After a judgment."
    assert framework.revision_changing("lg_group_meetings") is None


def test_framework_check_refuses_a_runaway_weight_and_a_core_marking_without_reason(app, tmp_path):
    from selfassess.framework import framework_path

    text = framework_path("2025-26").read_text(encoding="utf-8")
    previous = framework_path("2024-25").read_text(encoding="utf-8")
    (tmp_path / "2024-25.yaml").write_text(previous, encoding="utf-8")
    rules = "[{rule: heightened_local_risk, multiply: %s}, {rule: high_local_risk, multiply: %s}]"
    core = "        core: true\n        core_%s: >-\n"
    broken = text.replace(rules % (1.25, 1.2), rules % (1.5, 1.5), 1)
    broken = broken.replace(core % "reason", core % "note", 1)
    assert broken != text
    path = tmp_path / "2025-26.yaml"
    path.write_text(broken, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["framework-check", str(path)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    # each problem on its own "Error:" line, naming the file and the path inside it
    assert ("Error: 2025-26.yaml: sections[1].questions[0].weight_rules: together multiply the weight by "
            "up to 2.25, more than the cap of 1.5") in lines, lines
    assert ("Error: 2025-26.yaml: sections[0].questions[0].core_reason: is required on a core question: "
            "say why it is core and what to do first") in lines, lines
