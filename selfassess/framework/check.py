"""Check framework files and report the result as terminal lines (for the `framework-check` command)."""

from __future__ import annotations

from pathlib import Path

from . import FRAMEWORKS_DIR
from .loader import FrameworkError, load_framework
from .model import Framework


def check_files(paths: list[Path] | None = None) -> tuple[bool, list[str]]:
    """(all ok, lines): a summary line per good file and every problem line of a bad one.

    With None, every shipped file in selfassess/frameworks/ is checked.
    """
    if paths is None:
        paths = sorted(FRAMEWORKS_DIR.glob("*.yaml"))
        if not paths:
            return False, [f"no framework files found in {FRAMEWORKS_DIR}"]
    ok = True
    lines: list[str] = []
    for path in paths:
        path = Path(path)
        try:
            framework = load_framework(path)
        except FrameworkError as error:
            ok = False
            lines.extend(error.problems)
        else:
            lines.append(summary_line(path.name, framework))
    return ok, lines


def summary_line(file_name: str, framework: Framework) -> str:
    questions = sum(len(section.questions) for section in framework.sections)
    return (
        f"{file_name}: ok — {len(framework.sections)} sections, {questions} questions, "
        f"{len(framework.profile)} profile questions, {len(framework.data_fields())} data-return fields"
    )
