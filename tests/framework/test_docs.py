"""docs/framework.md's worked example must stay a valid framework, or it teaches authors the wrong format."""

from __future__ import annotations

import re
from pathlib import Path

from selfassess.framework import load_framework

DOC = Path(__file__).resolve().parents[2] / "docs" / "framework.md"


def test_the_worked_example_loads(tmp_path):
    example = re.search(r"```yaml\n(schema: 1\n.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert example, "docs/framework.md has no complete example starting with 'schema: 1'"
    path = tmp_path / "2026-27.yaml"
    path.write_text(example.group(1), encoding="utf-8")
    framework = load_framework(path)
    assert len(framework.rules) == 1 and len(framework.profile) == 2
    (section,) = framework.sections
    assert len(section.questions) == 3
    escalation = section.question("lg_residence_escalation")
    assert escalation.allow_not_applicable and escalation.weight_rules
    assert section.question("lg_oversight_meetings").show_if is not None
    assert framework.data_totals() and framework.data_checks
    assert framework.weight_for(escalation, {"residences": "owned"}) == 3.0
