"""Small frameworks for scoring tests, written in a compact form and expanded into a valid file.

The compact form is the real file format with the text that scoring never reads left out (titles,
summaries, good practice, actions, guidance, the data return). `expand` fills those in, so a test, or a
worked example in docs/scoring.md, shows only what matters to the figures.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from selfassess.framework import Framework, load_framework
from selfassess.framework.model import SCORED_TYPES
from selfassess.scoring import Response

FRAMEWORK_ID = "test-year"

# The loader insists on at least one profile question; an example without rules does not need one.
_DEFAULT_PROFILE_QUESTION = {"key": "residences", "text": "Residences?", "type": "yes_no", "factor": "R"}
_DEFAULT_DATA_RETURN = {
    "groups": [
        {
            "key": "cases",
            "title": "Cases",
            "fields": [{"key": "case_concerns_raised", "label": "Concerns raised", "type": "number"}],
        }
    ]
}


def expand(compact: Mapping[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(dict(compact))
    full: dict[str, Any] = {
        "schema": 1,
        "id": FRAMEWORK_ID,
        "title": "Test framework",
        "reporting_period": "1 August 2025 to 31 July 2026",
        "declaration": "The governing body has had due regard to the duty.",
        "references": {"PDG23": {"title": "Prevent duty guidance (2023)", "url": "https://www.gov.uk/prevent"}},
        "topics": {"A": "Leadership and governance"},
        "rules": data.pop("rules", {}),
        "profile": data.pop("profile", None) or [_DEFAULT_PROFILE_QUESTION],
        "sections": [_section(section) for section in data.pop("sections")],
        "data_return": data.pop("data_return", _DEFAULT_DATA_RETURN),
    }
    full.update(data)
    return full


def _section(section: Mapping[str, Any]) -> dict[str, Any]:
    filled = {
        "code": section["key"][:3].upper(),
        "title": section["key"].replace("-", " ").capitalize(),
        "summary": "A section for tests.",
        "topics": ["A"],
        **section,
    }
    filled["questions"] = [_question(question) for question in section["questions"]]
    return filled


def _question(question: Mapping[str, Any]) -> dict[str, Any]:
    filled = {"text": f"Question {question['key']}?", **question}
    if filled["type"] in SCORED_TYPES:
        filled.setdefault("weight", 1)
        filled.setdefault("good_practice", f"Good practice for {question['key']}.")
        filled.setdefault("action", f"Action for {question['key']}.")
        filled.setdefault("guidance", [{"ref": "PDG23", "where": f"on {question['key']}"}])
    return filled


def load_compact(directory: Path, compact: Mapping[str, Any]) -> Framework:
    path = directory / f"{FRAMEWORK_ID}.yaml"
    path.write_text(yaml.safe_dump(expand(compact), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_framework(path)


def responses(answers: Mapping[str, Any]) -> dict[str, Response]:
    """Plain values become answers; a mapping spells out value / not_applicable / na_reason."""
    return {
        key: Response(**answer) if isinstance(answer, Mapping) else Response(answer)
        for key, answer in answers.items()
    }


# A framework with every case the method has to handle: weight rules, a section and a question gated by
# rules, a follow-up, "not applicable", choice and multiple-choice scores, and unscored questions.
SMALL: dict[str, Any] = {
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
        "has_students_union": {
            "when": {"factor": "students_union", "equals": "yes"},
            "because": "you have a students' union",
            "otherwise": "you have no students' union",
        },
    },
    "profile": [
        {"key": "residences", "text": "Residences?", "type": "yes_no", "factor": "R"},
        {
            "key": "student_headcount",
            "text": "Students?",
            "type": "single_choice",
            "factor": "S",
            "options": [
                {"value": "under_1000", "label": "Under 1,000"},
                {"value": "1000_to_4999", "label": "1,000 to 4,999"},
                {"value": "5000_plus", "label": "5,000 or more"},
            ],
        },
        {"key": "students_union", "text": "Students' union?", "type": "yes_no", "factor": "SU"},
    ],
    "sections": [
        {
            "key": "leadership",
            "title": "Leadership",
            "questions": [
                {
                    "key": "lg_lead",
                    "type": "yes_partly_no",
                    "weight": 3,
                    "weight_rules": [{"rule": "large_provider", "multiply": 1.5}],
                },
                {
                    "key": "lg_lead_role",
                    "type": "short_text",
                    "show_if": {"question": "lg_lead", "in": ["yes", "partly"]},
                },
                {
                    "key": "lg_group",
                    "type": "single_choice",
                    "weight": 2,
                    "options": [
                        {"value": "dedicated", "label": "A dedicated group", "score": 1},
                        {"value": "lead_only", "label": "The lead alone", "score": 0.4},
                        {"value": "none", "label": "No group", "score": 0},
                    ],
                },
                {"key": "lg_comms", "type": "yes_partly_no", "weight": 1, "allow_not_applicable": True},
            ],
        },
        {
            "key": "welfare",
            "title": "Welfare",
            "questions": [
                {"key": "we_route", "type": "yes_partly_no", "weight": 2},
                {"key": "we_residence", "type": "yes_partly_no", "weight": 3, "applies_if": "has_residences"},
                {
                    "key": "we_materials",
                    "type": "multiple_choice",
                    "weight": 1,
                    "options": [
                        {"value": "home_office", "label": "Home Office", "score": 0.5},
                        {"value": "in_house", "label": "In-house", "score": 0.5},
                        {"value": "webinars", "label": "Webinars", "score": 0.25},
                        {"value": "none", "label": "None of these", "score": 0, "exclusive": True},
                    ],
                },
                {"key": "we_reviewed", "type": "date"},
            ],
        },
        {
            "key": "students-union",
            "title": "Students' union",
            "applies_if": "has_students_union",
            "questions": [
                {"key": "su_protocol", "type": "yes_partly_no", "weight": 2},
                {"key": "su_induction", "type": "yes_partly_no", "weight": 1},
            ],
        },
    ],
}

SMALL_PROFILE = {"residences": "yes", "student_headcount": "1000_to_4999", "students_union": "yes"}
