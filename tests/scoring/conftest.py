"""Fixtures for the scoring tests: the small framework of small_framework.py, loaded once per session."""

from __future__ import annotations

import pytest

from selfassess.framework import Framework

from .small_framework import SMALL, load_compact


@pytest.fixture(scope="session")
def small(tmp_path_factory) -> Framework:
    return load_compact(tmp_path_factory.mktemp("small-framework"), SMALL)
