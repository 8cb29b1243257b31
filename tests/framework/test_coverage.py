"""docs/coverage.md rendering and its --check mode."""

from __future__ import annotations

from selfassess.framework import coverage, load_framework

from .sample import valid_framework, write_framework


def test_coverage_tables_and_gaps(tmp_path):
    framework = load_framework(write_framework(tmp_path, valid_framework()))
    text = coverage.render_coverage_markdown(framework)
    assert "| A | Leadership and governance | `lg_group_exists`, `lg_group_meetings` |" in text
    assert "| B | Risk assessment and action plan | `lg_residence_escalation` |" in text
    assert "| `student_reps_on_groups` |" in text and "`lg_group_exists` |" in text
    assert (
        "| `es_approved_no_conditions` | Approved without conditions | external-speakers | number | Yes |"
        in text
    )
    assert "| `es_approved_total` | Total approved | external-speakers | total of" in text
    gaps = text.split("## Not covered")[1]
    assert "Topic C is not defined" in gaps
    assert "Seed theme `negative_narrative` has no question." in gaps
    assert "None." not in gaps


def test_a_complete_framework_says_none_uncovered(tmp_path):
    data = valid_framework()
    data["topics"] = {letter: f"Topic {letter}" for letter in "ABCDEFGHI"}
    data["sections"][0]["topics"] = list("ABCDEFGHI")
    data["sections"][0]["questions"][2].pop("topics")
    data["sections"][0]["questions"][0]["covers_seed"] = list(coverage.SEED_THEMES)
    framework = load_framework(write_framework(tmp_path, data))
    assert coverage.uncovered(framework) == []
    assert coverage.render_coverage_markdown(framework).endswith("## Not covered\n\nNone.\n")


def test_check_mode_reports_a_stale_file_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(coverage, "COVERAGE_PATH", tmp_path / "coverage.md")
    if coverage.main([]) != 0:  # no shipped framework yet: nothing to compare
        return
    assert coverage.main(["--check"]) == 0
    (tmp_path / "coverage.md").write_text("old\n")
    capsys.readouterr()
    assert coverage.main(["--check"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "docs/coverage.md is stale" in error
