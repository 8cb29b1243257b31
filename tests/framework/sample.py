"""A small, complete, valid framework built in Python, which the tests break one piece at a time."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from selfassess.framework import FrameworkError, load_framework

FILE_NAME = "2025-26.yaml"


def valid_framework() -> dict[str, Any]:
    """A fresh copy each call, so a test can mutate it freely."""
    return copy.deepcopy(_VALID)


_VALID: dict[str, Any] = {
    "schema": 1,
    "id": "2025-26",
    "title": "Test framework 2025-26",
    "reporting_period": "1 August 2025 to 31 July 2026",
    "previous": "2024-25",
    "declaration": "The governing body is assured that the provider has had due regard to the duty.",
    "references": {
        "PDG23": {"title": "Prevent duty guidance (2023)", "url": "https://www.gov.uk/prevent-duty-guidance"},
    },
    "topics": {"A": "Leadership and governance", "B": "Risk assessment and action plan"},
    "rules": {
        "has_residences": {
            "when": {"factor": "residences", "equals": "yes"},
            "because": "you have residential accommodation",
            "otherwise": "you have no residential accommodation",
        },
        "large_provider": {
            "when": {"factor": "student_headcount", "at_least": "5000_plus"},
            "because": "you have 5,000 or more students",
            "otherwise": "you have fewer than 5,000 students",
        },
    },
    "profile": [
        {"key": "residences", "text": "Do you provide residences?", "type": "yes_no", "factor": "R"},
        {
            "key": "student_headcount",
            "text": "How many students do you have?",
            "type": "single_choice",
            "factor": "S",
            "options": [
                {"value": "under_1000", "label": "Under 1,000"},
                {"value": "1000_to_4999", "label": "1,000 to 4,999"},
                {"value": "5000_plus", "label": "5,000 or more"},
            ],
        },
    ],
    "sections": [
        {
            "key": "leadership-governance",
            "code": "LG",
            "title": "Leadership and governance",
            "summary": "Who leads on Prevent and how governors are assured.",
            "topics": ["A"],
            "questions": [
                {
                    "key": "lg_group_exists",
                    "text": "Is there a group that oversees Prevent?",
                    "type": "yes_partly_no",
                    "weight": 2,
                    "good_practice": "A standing group with terms of reference.",
                    "action": "Set up an oversight group.",
                    "guidance": [{"ref": "PDG23", "where": "leadership"}],
                    "covers_seed": ["student_reps_on_groups"],
                    "replaces": "lg_group_exists",
                },
                {
                    "key": "lg_group_meetings",
                    "text": "How many times did the group meet this year?",
                    "type": "number",
                    "show_if": {"question": "lg_group_exists", "in": ["yes", "partly"]},
                },
                {
                    "key": "lg_residence_escalation",
                    "text": "How are residence staff covered by escalation routes?",
                    "type": "single_choice",
                    "weight": 1,
                    "applies_if": "has_residences",
                    "weight_rules": [{"rule": "large_provider", "multiply": 1.5}],
                    "allow_not_applicable": True,
                    "topics": ["B"],
                    "good_practice": "Residence staff trained, with a 24/7 contact.",
                    "action": "Train residence staff and publish an out-of-hours contact.",
                    "guidance": [{"ref": "PDG23"}],
                    "options": [
                        {"value": "trained_and_contact", "label": "Trained, with a 24/7 contact", "score": 1},
                        {"value": "contact_only", "label": "A contact only", "score": 0.5},
                        {"value": "neither", "label": "Neither", "score": 0},
                    ],
                },
            ],
        },
    ],
    "data_return": {
        "groups": [
            {
                "key": "external-speakers",
                "title": "External speakers and events",
                "fields": [
                    {
                        "key": "es_approved_no_conditions",
                        "label": "Approved without conditions",
                        "type": "number",
                        "adr": True,
                    },
                    {
                        "key": "es_approved_conditions_prevent",
                        "label": "Approved with Prevent conditions",
                        "type": "number",
                        "adr": True,
                    },
                    {
                        "key": "date_risk_assessment_reviewed",
                        "label": "Risk assessment reviewed",
                        "type": "date",
                    },
                ],
                "totals": [
                    {
                        "key": "es_approved_total",
                        "label": "Total approved",
                        "sum": ["es_approved_no_conditions", "es_approved_conditions_prevent"],
                    },
                ],
            },
        ],
        "checks": [
            {
                "key": "prevent_within_total",
                "field": "es_approved_conditions_prevent",
                "at_most": "es_approved_total",
                "message": "More Prevent-conditioned approvals than approvals.",
            },
        ],
    },
}


def previous_framework() -> dict[str, Any]:
    """Last year's file: the same questions, no `previous`, so nothing to replace."""
    data = valid_framework()
    data["id"] = "2024-25"
    del data["previous"]
    for section in data["sections"]:
        for question in section["questions"]:
            question.pop("replaces", None)
    return data


def write_framework(
    directory: Path, data: dict[str, Any], name: str = FILE_NAME, with_previous: bool = True
) -> Path:
    if with_previous:
        (directory / "2024-25.yaml").write_text(yaml.safe_dump(previous_framework(), sort_keys=False))
    path = directory / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def problems_for(directory: Path, data: dict[str, Any] | None = None, text: str | None = None) -> list[str]:
    """The problems loading this framework (given as data or as raw YAML text); fails if it loads."""
    if text is None:
        path = write_framework(directory, data if data is not None else valid_framework())
    else:
        (directory / "2024-25.yaml").write_text(yaml.safe_dump(previous_framework(), sort_keys=False))
        path = directory / FILE_NAME
        path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as raised:
        load_framework(path)
    return raised.value.problems
