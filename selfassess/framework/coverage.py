"""docs/coverage.md: which questions cover each expectation topic and seed theme, and the data-return fields.

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
    lines += [
        "",
        "## Data-return fields (domain brief §8)",
        "",
        "| Field | Label | Group | Kind | ADR item |",
        "|---|---|---|---|---|",
    ]
    for group in framework.data_groups:
        for data_field in group.fields:
            adr = "Yes" if data_field.adr else "No"
            label = _cell(data_field.label)
            lines.append(f"| `{data_field.key}` | {label} | {group.key} | {data_field.type} | {adr} |")
        for total in group.totals:
            kind = "total of " + ", ".join(total.sum)
            lines.append(f"| `{total.key}` | {_cell(total.label)} | {group.key} | {kind} | — |")
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
