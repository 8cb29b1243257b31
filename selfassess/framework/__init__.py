"""Question frameworks: one YAML file per reporting year in `selfassess/frameworks/`, loaded and validated.

Public API:
    load_framework(path) -> Framework      parse and validate one file (raises FrameworkError)
    get_framework(framework_id)            the shipped framework with that id, loaded once per process
    available_frameworks() -> list[str]    ids of the shipped files, oldest first
    current_framework_id() -> str          the newest shipped id
    FrameworkError                         .problems: every problem, one `<file>: <path>: <problem>` line each

Plain Python (stdlib and PyYAML only) so scoring, the CLI and the PDF can all use it without Flask.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .conditions import ConditionError, evaluate
from .loader import FrameworkError, load_framework
from .model import (
    SEED_THEMES,
    ConsistencyCheck,
    DataField,
    DataGroup,
    DerivedTotal,
    Framework,
    GuidanceRef,
    Option,
    ProfileQuestion,
    Question,
    Reference,
    Rule,
    Section,
    WeightRule,
)

FRAMEWORKS_DIR = Path(__file__).resolve().parent.parent / "frameworks"
# Ids become file names, so only plain names are accepted (no path separators, no "..").
_FRAMEWORK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")

__all__ = [
    "FRAMEWORKS_DIR",
    "SEED_THEMES",
    "ConditionError",
    "ConsistencyCheck",
    "DataField",
    "DataGroup",
    "DerivedTotal",
    "Framework",
    "FrameworkError",
    "GuidanceRef",
    "Option",
    "ProfileQuestion",
    "Question",
    "Reference",
    "Rule",
    "Section",
    "WeightRule",
    "available_frameworks",
    "current_framework_id",
    "evaluate",
    "framework_path",
    "get_framework",
    "load_framework",
]


def available_frameworks() -> list[str]:
    """Ids of the framework files shipped in selfassess/frameworks/, sorted (so oldest year first)."""
    return sorted(path.stem for path in FRAMEWORKS_DIR.glob("*.yaml") if _FRAMEWORK_ID.match(path.stem))


def current_framework_id() -> str:
    """The newest shipped framework id; LookupError when none is shipped."""
    ids = available_frameworks()
    if not ids:
        raise LookupError(f"no framework files in {FRAMEWORKS_DIR}")
    return ids[-1]


def framework_path(framework_id: str) -> Path:
    """The shipped file for an id; KeyError for an id that is not shipped."""
    if not isinstance(framework_id, str) or not _FRAMEWORK_ID.match(framework_id):
        raise KeyError(f"not a framework id: {framework_id!r}")
    path = FRAMEWORKS_DIR / f"{framework_id}.yaml"
    if not path.is_file():
        raise KeyError(
            f"no framework {framework_id!r} (available: {', '.join(available_frameworks()) or 'none'})"
        )
    return path


@functools.cache
def get_framework(framework_id: str) -> Framework:
    """The shipped framework with this id, loaded and validated once per process (failures are not cached)."""
    return load_framework(framework_path(framework_id))


def clear_cache() -> None:
    """Forget loaded frameworks (for tests, or after editing a file in a long-running shell)."""
    get_framework.cache_clear()
