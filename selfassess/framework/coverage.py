"""docs/coverage.md: which questions cover each expectation topic and seed theme, the core expectations, the
ten heaviest questions for a small, a medium and a large provider, and the data-return fields.

python -m selfassess.framework.coverage            rewrite docs/coverage.md from the current framework
python -m selfassess.framework.coverage --check    exit 1 if docs/coverage.md is out of date
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from .loader import FrameworkError
from .model import SEED_THEMES, Framework

COVERAGE_PATH = Path(__file__).resolve().parents[2] / "docs" / "coverage.md"
EXPECTED_TOPICS = tuple("ABCDEFGHI")  # brief §2.3
REGENERATE = "python -m selfassess.framework.coverage"


def topic_coverage(framework: Framework) -> dict[str, list[str]]:
    """Topic letter -> question keys, for A-I and any other topic the framework defines."""
    letters = sorted(set(EXPECTED_TOPICS) | set(framework.topics))
    covered: dict[str, list[str]] = {letter: [] for letter in letters}
    for question in framework.all_questions():
        for letter in question.topics:
            covered.setdefault(letter, []).append(question.key)
    return covered


def seed_coverage(framework: Framework) -> dict[str, list[str]]:
    """Seed theme id -> question keys that declare they cover it."""
    covered: dict[str, list[str]] = {seed: [] for seed in SEED_THEMES}
    for question in framework.all_questions():
        for seed in question.covers_seed:
            covered.setdefault(seed, []).append(question.key)
    return covered


# Three providers the weights table is shown for (docs/scoring.md section 2). Keys a framework does not ask
# about are ignored, so the same profiles serve next year's file.
EXAMPLE_PROFILES: dict[str, dict[str, object]] = {
    "Small: a specialist college, one site, no halls, a student council": {
        "student_headcount": "250_to_999",
        "staff_headcount": "under_100",
        "campuses": "one",
        "partner_areas": "one",
        "residences": "none",
        "provider_type": "specialist",
        "ofs_registered": "yes",
        "franchise_delivery": "none",
        "local_risk": "standard",
        "under_18_students": "no",
        "student_groups": ["none_of_these"],
        "students_union": "student_council",
        "external_events": "under_50",
        "security_sensitive_research": "none",
        "faith_facilities": "chaplaincy_only",
        "managed_network": "yes",
    },
    "Medium: a university of 1,000 to 4,999 students, two sites, own halls": {
        "student_headcount": "1000_to_4999",
        "staff_headcount": "100_to_499",
        "campuses": "two_to_four",
        "partner_areas": "one",
        "residences": "owned",
        "provider_type": "university",
        "ofs_registered": "yes",
        "franchise_delivery": "none",
        "local_risk": "standard",
        "under_18_students": "yes",
        "student_groups": ["international", "commuters"],
        "students_union": "yes",
        "external_events": "50_to_499",
        "security_sensitive_research": "teaching_only",
        "faith_facilities": "prayer_rooms",
        "managed_network": "yes",
    },
    "Large: a multi-site university of 20,000 or more, high local risk, franchise partners": {
        "student_headcount": "20000_plus",
        "staff_headcount": "5000_plus",
        "campuses": "five_plus",
        "partner_areas": "four_plus",
        "residences": "both",
        "provider_type": "university",
        "ofs_registered": "yes",
        "franchise_delivery": "lead_partner",
        "local_risk": "high",
        "under_18_students": "yes",
        "student_groups": ["international", "commuters", "distance_learners"],
        "students_union": "yes",
        "external_events": "2000_plus",
        "security_sensitive_research": "research",
        "faith_facilities": "prayer_rooms",
        "managed_network": "yes",
    },
}
HEAVIEST_SHOWN = 10


def heaviest(framework: Framework, profile: dict[str, object], count: int = HEAVIEST_SHOWN) -> list[tuple]:
    """(question, section title, effective weight) of the heaviest scored questions that apply to a profile,
    heaviest first, framework order between equals."""
    weighed = []
    for section in framework.sections:
        if not framework.applies(section, profile):
            continue
        for question in section.scored_questions:
            if framework.applies(question, profile):
                weighed.append((question, section.title, framework.weight_for(question, profile)))
    order = {q.key: n for n, q in enumerate(framework.all_questions())}
    weighed.sort(key=lambda item: (-item[2], order[item[0].key]))
    return weighed[:count]


def uncovered(framework: Framework) -> list[str]:
    """Plain-English lines for every gap; empty when the framework is complete."""
    gaps = []
    for letter, keys in topic_coverage(framework).items():
        if letter not in framework.topics:
            gaps.append(f"Topic {letter} is not defined in the framework's `topics`.")
        elif not keys:
            gaps.append(f"Topic {letter} ({framework.topics[letter]}) has no question.")
    for seed, keys in seed_coverage(framework).items():
        if not keys:
            gaps.append(f"Seed theme `{seed}` has no question.")
    return gaps


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _keys(keys: Iterable[str]) -> str:
    return ", ".join(f"`{key}`" for key in keys) or "—"


def render_coverage_markdown(framework: Framework) -> str:
    lines = [
        f"# Coverage of the {framework.id} framework",
        "",
        f"Generated from `selfassess/frameworks/{framework.id}.yaml` by `{REGENERATE}`; do not edit by hand.",
        "A question covers its section's topics unless it lists its own.",
        "",
        "## Expectation topics (domain brief §2.3)",
        "",
        "| Topic | Expectation | Questions |",
        "|---|---|---|",
    ]
    for letter, keys in topic_coverage(framework).items():
        title = framework.topics.get(letter, "(not defined)")
        lines.append(f"| {letter} | {_cell(title)} | {_keys(keys)} |")
    lines += [
        "",
        "## Seed themes (domain brief §6)",
        "",
        "| Seed theme | Theme | Questions |",
        "|---|---|---|",
    ]
    for seed, keys in seed_coverage(framework).items():
        lines.append(f"| `{seed}` | {_cell(SEED_THEMES.get(seed, ''))} | {_keys(keys)} |")
    core = [q for q in framework.all_questions() if q.core]
    lines += ["", "## Core expectations (docs/scoring.md section 5)", ""]
    if core:
        lines += ["| Question | Section | Why it is core and what to do first |", "|---|---|---|"]
        for question in core:
            section = framework.question(question.key)[0]
            lines.append(f"| `{question.key}` | {_cell(section.title)} | {_cell(question.core_reason)} |")
    else:
        lines.append("None marked.")
    lines += ["", "## The ten heaviest questions for three providers (docs/scoring.md section 2)", ""]
    for name, profile in EXAMPLE_PROFILES.items():
        lines += [f"### {name}", "", "| Question | Section | Weight | Core |", "|---|---|---|---|"]
        for question, section_title, weight in heaviest(framework, profile):
            core_mark = "Yes" if question.core else ""
            lines.append(f"| `{question.key}` | {_cell(section_title)} | {weight:g} | {core_mark} |")
        lines.append("")
    lines += [
        "## Data-return fields (domain brief §8)",
        "",
        "Filled from: the register that fills the figure through the year (docs/registers.md); the editor",
        "may override it with a reason. A blank means it is typed in.",
        "",
        "| Field | Label | Group | Kind | ADR item | Filled from |",
        "|---|---|---|---|---|---|",
    ]
    from ..register_sources import sources  # pure: which register fills which figure

    filled = sources()
    for group in framework.data_groups:
        for data_field in group.fields:
            adr = "Yes" if data_field.adr else "No"
            label = _cell(data_field.label)
            source = _cell(filled.get(data_field.key, ""))
            lines.append(f"| `{data_field.key}` | {label} | {group.key} | {data_field.type} | {adr} "
                         f"| {source} |")
        for total in group.totals:
            kind = "total of " + ", ".join(total.sum)
            lines.append(f"| `{total.key}` | {_cell(total.label)} | {group.key} | {kind} | — "
                         "| sum of its parts |")
    lines += ["", "## Not covered", ""]
    gaps = uncovered(framework)
    lines += [f"- {gap}" for gap in gaps] if gaps else ["None."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=REGENERATE, description="Write or check docs/coverage.md.")
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/coverage.md is out of date")
    args = parser.parse_args(argv)

    from . import current_framework_id, get_framework  # late: the package imports this module's siblings

    try:
        framework = get_framework(current_framework_id())
    except (FrameworkError, LookupError) as error:
        print(f"cannot build coverage: {error}", file=sys.stderr)
        return 1
    expected = render_coverage_markdown(framework)
    if args.check:
        current = COVERAGE_PATH.read_text(encoding="utf-8") if COVERAGE_PATH.exists() else None
        if current != expected:
            state = "missing" if current is None else "stale"
            print(
                f"docs/coverage.md is {state} for framework {framework.id}: run `{REGENERATE}`",
                file=sys.stderr,
            )
            return 1
        print(f"docs/coverage.md is up to date for framework {framework.id}")
        return 0
    COVERAGE_PATH.write_text(expected, encoding="utf-8")
    print(f"wrote docs/coverage.md for framework {framework.id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
