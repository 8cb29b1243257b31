"""A loaded framework: its accessors, the proportionality helpers, immutability and the per-process cache."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

import selfassess.framework as framework_package
from selfassess.framework import get_framework, load_framework
from selfassess.framework.check import check_files

from .sample import FILE_NAME, valid_framework, write_framework

LARGE_WITH_RESIDENCES = {"residences": "yes", "student_headcount": "5000_plus"}
SMALL_WITHOUT_RESIDENCES = {"residences": "no", "student_headcount": "under_1000"}


@pytest.fixture
def framework(tmp_path):
    return load_framework(write_framework(tmp_path, valid_framework()))


def test_accessors(framework):
    section, question = framework.question("lg_group_meetings")
    assert section is framework.section("leadership-governance")
    assert question.section_key == "leadership-governance"
    assert [q.key for q in framework.all_questions()] == [
        "lg_group_exists",
        "lg_group_meetings",
        "lg_residence_escalation",
    ]
    assert framework.profile_question("student_headcount").option_values[-1] == "5000_plus"
    assert framework.profile_question("residences").option_values == ("yes", "no")
    assert [f.key for f in framework.data_fields()] == [
        "es_approved_no_conditions",
        "es_approved_conditions_prevent",
        "date_risk_assessment_reviewed",
    ]
    assert framework.data_keys()[-1] == "es_approved_total"
    assert framework.data_field("es_approved_no_conditions").adr
    assert framework.data_field("es_approved_no_conditions").suppress_small  # default for numbers
    assert not framework.data_field("date_risk_assessment_reviewed").suppress_small
    assert framework.references["PDG23"].title.startswith("Prevent duty guidance")
    with pytest.raises(KeyError):
        framework.question("nope")


def test_yes_partly_no_options_are_implicit_with_their_fractions(framework):
    _, question = framework.question("lg_group_exists")
    assert question.scored
    assert [(o.value, o.label, o.score) for o in question.options] == [
        ("yes", "Yes", 1.0),
        ("partly", "Partly", 0.5),
        ("no", "No", 0.0),
    ]
    assert question.score_fraction("partly") == 0.5
    assert question.score_fraction(None) is None


def test_yes_partly_no_scores_can_be_overridden(tmp_path):
    data = valid_framework()
    data["sections"][0]["questions"][0]["scores"] = {"partly": 0.25}
    _, question = load_framework(write_framework(tmp_path, data)).question("lg_group_exists")
    assert question.score_fraction("partly") == 0.25
    assert question.score_fraction("yes") == 1.0


def test_unscored_questions(framework):
    _, question = framework.question("lg_group_meetings")
    assert not question.scored
    assert question.options == ()
    assert (question.min, question.max) == (0, 100000)
    assert question.score_fraction(3) is None


def test_multiple_choice_fraction_is_capped_at_one(tmp_path):
    data = valid_framework()
    question = data["sections"][0]["questions"][2]
    question["type"] = "multiple_choice"
    question["options"] = [
        {"value": "a", "label": "A", "score": 0.6},
        {"value": "b", "label": "B", "score": 0.6},
        {"value": "none", "label": "None of these", "score": 0, "exclusive": True},
    ]
    _, loaded = load_framework(write_framework(tmp_path, data)).question("lg_residence_escalation")
    assert loaded.score_fraction(["a"]) == 0.6
    assert loaded.score_fraction(["a", "b"]) == 1.0
    assert loaded.exclusive_values == ("none",)


def test_rules_weights_applicability_and_show_if(framework):
    _, escalation = framework.question("lg_residence_escalation")
    assert framework.applies(escalation, LARGE_WITH_RESIDENCES)
    assert not framework.applies(escalation, SMALL_WITHOUT_RESIDENCES)
    assert framework.weight_for(escalation, LARGE_WITH_RESIDENCES) == 1.5
    assert framework.weight_for(escalation, SMALL_WITHOUT_RESIDENCES) == 1.0
    _, meetings = framework.question("lg_group_meetings")
    assert framework.is_shown(meetings, {"lg_group_exists": "partly"})
    assert not framework.is_shown(meetings, {"lg_group_exists": "no"})
    assert not framework.is_shown(meetings, {})
    assert framework.proportionality_statements(SMALL_WITHOUT_RESIDENCES) == (
        ("has_residences", False, "you have no residential accommodation"),
        ("large_provider", False, "you have fewer than 5,000 students"),
    )


def test_question_topics_default_to_the_sections(framework):
    assert framework.question("lg_group_exists")[1].topics == ("A",)
    assert framework.question("lg_residence_escalation")[1].topics == ("B",)


def test_unquoted_yes_and_no_in_yaml_are_strings(tmp_path):
    text = yaml.safe_dump(valid_framework(), sort_keys=False).replace("equals: 'yes'", "equals: yes")
    assert "equals: yes" in text
    write_framework(tmp_path, valid_framework())
    (tmp_path / FILE_NAME).write_text(text)
    loaded = load_framework(tmp_path / FILE_NAME)
    assert loaded.rules["has_residences"].when["equals"] == "yes"


def test_a_loaded_framework_is_immutable(framework):
    with pytest.raises(dataclasses.FrozenInstanceError):
        framework.title = "changed"
    with pytest.raises(dataclasses.FrozenInstanceError):
        framework.sections[0].questions[0].weight = 100
    with pytest.raises(TypeError):
        framework.references["NEW"] = framework.references["PDG23"]
    with pytest.raises(TypeError):
        framework.rules["has_residences"].when["equals"] = "no"
    with pytest.raises(AttributeError):
        framework.sections.append(framework.sections[0])
    with pytest.raises(TypeError):
        framework.question("lg_group_meetings")[1].show_if["in"][0] = "no"
    with pytest.raises((AttributeError, TypeError)):
        framework.new_attribute = 1  # slotted: no instance __dict__ to grow


def test_get_framework_loads_each_file_once(tmp_path, monkeypatch):
    write_framework(tmp_path, valid_framework())
    monkeypatch.setattr(framework_package, "FRAMEWORKS_DIR", tmp_path)
    calls = []
    real_load = framework_package.load_framework
    monkeypatch.setattr(
        framework_package, "load_framework", lambda path: calls.append(path) or real_load(path)
    )
    framework_package.clear_cache()
    try:
        assert framework_package.available_frameworks() == ["2024-25", "2025-26"]
        assert framework_package.current_framework_id() == "2025-26"
        first = get_framework("2025-26")
        assert get_framework("2025-26") is first
        assert len(calls) == 1
        with pytest.raises(KeyError):
            get_framework("../2025-26")
        with pytest.raises(KeyError):
            get_framework("2019-20")
    finally:
        framework_package.clear_cache()


def test_check_files_summarises_good_files_and_lists_problems_of_bad_ones(tmp_path):
    good = write_framework(tmp_path, valid_framework())
    ok, lines = check_files([good])
    assert ok
    assert lines == ["2025-26.yaml: ok — 1 sections, 3 questions, 2 profile questions, 3 data-return fields"]

    data = valid_framework()
    data["sections"][0]["questions"][0]["weight"] = 0
    bad = write_framework(tmp_path, data)
    ok, lines = check_files([bad, tmp_path / "2024-25.yaml"])
    assert not ok
    assert lines[0] == "2025-26.yaml: sections[0].questions[0].weight: must be greater than 0"
    assert lines[-1].startswith("2024-25.yaml: ok — ")


def test_frameworks_questions_and_sections_can_be_hashed(framework):
    """Callers cache per framework and collect questions in sets; read-only mappings must not prevent that."""
    assert {framework: 1}[framework] == 1
    assert len({question for question in framework.all_questions()}) == 3
    assert len({framework.sections[0], *framework.rules.values()}) == 3
