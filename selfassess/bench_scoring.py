"""Benchmark: score a complete 2025-26 answer set for a large provider, in process.

    run() -> {"median_ms": ..., "p95_ms": ...}

Pure (no Flask, no database), so the figure is scoring alone. The profile switches on nearly every rule,
so as many questions apply and as many weight rules fire as any real provider could have; every shown
question is answered, with a mix of full, partial and no marks so gaps and strengths are both non-empty.
Plans are cached per combination of rule outcomes, as in the app, where the profile rarely changes.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from .framework import Framework, Question, get_framework
from .scoring import Response, score

FRAMEWORK_ID = "2025-26"
RUNS = 200

LARGE_PROVIDER_PROFILE: dict[str, Any] = {
    "student_headcount": "20000_plus",
    "staff_headcount": "2000_to_4999",
    "campuses": "five_plus",
    "partner_areas": "four_plus",
    "residences": "both",
    "provider_type": "collegiate_university",
    "ofs_registered": "yes",
    "franchise_delivery": "both",
    "local_risk": "high",
    "under_18_students": "yes",
    "student_groups": ["international", "commuters", "distance_learners"],
    "students_union": "yes",
    "external_events": "2000_plus",
    "security_sensitive_research": "research",
    "faith_facilities": "prayer_rooms",
    "managed_network": "yes",
}


def complete_answers(framework: Framework) -> dict[str, Response]:
    """An answer for every question; questions that open follow-ups get their best answer so every
    follow-up is shown (and answered), the rest a realistic mix of full, partial and no marks."""
    triggers = {key for question in framework.all_questions() for key in _named(question.show_if)}
    return {
        question.key: _answer(question, 0 if question.key in triggers else position % 3)
        for position, question in enumerate(framework.all_questions())
    }


def _named(condition: Any) -> list[str]:
    if not condition:
        return []
    if "question" in condition:
        return [condition["question"]]
    parts = condition.get("all") or condition.get("any") or [condition.get("not")]
    return [key for part in parts for key in _named(part)]


def _answer(question: Question, quality: int) -> Response:
    """quality: 0 best, 1 middling, 2 weakest."""
    if question.type == "yes_partly_no":
        return Response(("yes", "partly", "no")[quality])
    if question.type == "single_choice":
        # Highest score first; the first option in file order wins ties, which also shows every follow-up.
        ranked = sorted(question.options, key=lambda option: -(option.score or 0.0))
        return Response(ranked[min(quality, len(ranked) - 1)].value)
    if question.type == "multiple_choice":
        useful = [option.value for option in question.options if not option.exclusive]
        return Response(useful if quality == 0 else useful[:1])
    if question.type == "number":
        return Response(3)
    if question.type == "date":
        return Response("2025-09-30")
    return Response("Recorded in the minutes of the Prevent oversight group.")


def run() -> dict[str, float]:
    framework = get_framework(FRAMEWORK_ID)
    answers = complete_answers(framework)
    score(framework, LARGE_PROVIDER_PROFILE, answers)  # warm the per-framework and per-profile caches
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        score(framework, LARGE_PROVIDER_PROFILE, answers)
        timings.append((time.perf_counter() - started) * 1000.0)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 3),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 3),
    }


if __name__ == "__main__":
    print(run())
