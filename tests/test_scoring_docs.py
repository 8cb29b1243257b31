"""Every worked example in docs/scoring.md runs here, so the documentation and the code cannot disagree.

Each ```yaml block of the page is one example: a compact framework (expanded by
tests/scoring/small_framework.py), and one or more cases of profile, answers and expected figures.
Only the figures an example states are checked; percentages are compared as displayed (one decimal).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from selfassess.scoring import Scorecard, score

from .scoring.small_framework import load_compact, responses

DOC = Path(__file__).resolve().parents[1] / "docs" / "scoring.md"
_YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.DOTALL | re.MULTILINE)


def _examples() -> list[dict[str, Any]]:
    return [yaml.safe_load(block) for block in _YAML_BLOCK.findall(DOC.read_text(encoding="utf-8"))]


EXAMPLES = _examples()


def test_the_page_has_its_worked_examples():
    names = [example.get("example") for example in EXAMPLES]
    assert len(names) >= 5 and all(names), "every yaml block in docs/scoring.md must be a named example"
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.get("example", "?") for e in EXAMPLES])
def test_worked_example(example, tmp_path):
    framework = load_compact(tmp_path, example["framework"])
    assert example["cases"], "an example needs at least one case"
    for number, case in enumerate(example["cases"], start=1):
        card = score(framework, case.get("profile") or {}, responses(case.get("answers") or {}))
        _check(card, case["expect"], f"{example['example']}, case {number}")


def _check(card: Scorecard, expect: dict[str, Any], where: str) -> None:
    _check_figures(card, expect, where)
    for key, figures in (expect.get("sections") or {}).items():
        _check_figures(card.section(key), figures, f"{where}, section {key}")
    for key, figures in (expect.get("questions") or {}).items():
        question = card.question(key)
        for name, expected in figures.items():
            actual = getattr(question, name)
            if isinstance(expected, float | int) and not isinstance(expected, bool):
                assert actual == pytest.approx(expected), f"{where}, {key}.{name}"
            else:
                assert actual == expected, f"{where}, {key}.{name}"
    if "gaps" in expect:
        assert [gap.question_key for gap in card.gaps] == expect["gaps"], f"{where}, gaps"
    if "strengths" in expect:
        assert [s.question_key for s in card.strengths] == expect["strengths"], f"{where}, strengths"
    if "proportionality" in expect:
        assert list(card.proportionality) == expect["proportionality"], f"{where}, proportionality"
    if "core_unmet" in expect:
        assert [c.question_key for c in card.core_unmet] == expect["core_unmet"], f"{where}, core unmet"
    if "core_answers" in expect:
        assert [c.answer for c in card.core_unmet] == expect["core_answers"], f"{where}, core answers"
    if "coverage_band" in expect:
        assert card.coverage_band.label == expect["coverage_band"], f"{where}, coverage band"
    if "left_out" in expect:
        actual = [{"kind": item.kind, "key": item.key, "reason": item.reason} for item in card.left_out]
        assert actual == expect["left_out"], f"{where}, left out"


def _check_figures(result: Any, expect: dict[str, Any], where: str) -> None:
    for name in ("coverage", "completeness"):
        if name in expect:
            assert getattr(result, f"{name}_rounded") == expect[name], f"{where}: {name}"
    if "band" in expect:
        assert result.band.label == expect["band"], f"{where}: band"
    for name in ("points_earned", "points_available"):
        if name in expect:
            assert getattr(result, name) == pytest.approx(expect[name]), f"{where}: {name}"
    for name in ("questions_applicable", "questions_answered", "questions_not_applicable", "applies"):
        if name in expect:
            assert getattr(result, name) == expect[name], f"{where}: {name}"
