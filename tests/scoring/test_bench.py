"""The scoring benchmark runs, answers every question it should, and stays far inside its budget."""

from __future__ import annotations

from selfassess import bench_scoring
from selfassess.framework import get_framework
from selfassess.scoring import score


def test_the_benchmark_scores_a_complete_assessment():
    framework = get_framework(bench_scoring.FRAMEWORK_ID)
    card = score(framework, bench_scoring.LARGE_PROVIDER_PROFILE, bench_scoring.complete_answers(framework))
    assert card.completeness == 100.0  # every applicable question answered
    assert card.questions_applicable >= 80 and card.gaps and card.strengths


def test_run_reports_median_and_p95_in_milliseconds():
    figures = bench_scoring.run()
    assert set(figures) == {"median_ms", "p95_ms"}
    assert 0 < figures["median_ms"] <= figures["p95_ms"]
    # The target is 2 ms on a developer machine; 20 ms leaves room for a slow, busy CI runner.
    assert figures["median_ms"] < 20
