"""'Not known' is not zero: a distinct answer, shown and exported as such, never in a change or a warning."""

from __future__ import annotations

import pytest

from selfassess.datareturn import display_count, display_figure, summarise
from selfassess.framework import get_framework
from selfassess.framework.model import NOT_KNOWN
from selfassess.services.presenting import display_value

from .small_framework import load_compact
from .test_datareturn import FUNNEL


@pytest.fixture(scope="module")
def funnel(tmp_path_factory):
    return load_compact(tmp_path_factory.mktemp("funnel-not-known"), FUNNEL)


def test_not_known_is_entered_but_never_a_number(funnel):
    summary = summarise(funnel, {"lead_islamist": NOT_KNOWN, "lead_other": 3, "advice_islamist": 9},
                        previous={"lead_islamist": 5, "lead_other": 2, "advice_islamist": 1})
    assert summary.values["lead_islamist"] == NOT_KNOWN
    assert summary.fields_entered == 3
    # a total with a part not known is not known: the known parts alone would understate it
    assert summary.totals == {"lead_total": NOT_KNOWN, "grand_total": NOT_KNOWN}
    assert summary.changes["lead_islamist"].change is None, "never used in a change since last year"
    assert summary.changes["lead_total"].change is None
    assert summary.changes["lead_other"].change == 1
    assert summary.warnings == (), "a figure that is not known is not evidence of a mistake"


def test_not_known_is_shown_as_not_known_never_as_0(funnel):
    field = funnel.data_field("lead_islamist")
    total = funnel.data_totals()[0]
    assert display_figure(field, NOT_KNOWN) == "not known"
    assert display_figure(total, NOT_KNOWN) == "not known"
    assert display_count(NOT_KNOWN) == "not known"
    question = get_framework("2025-26").question("lg_oversight_meetings")[1]
    assert question.allow_not_known
    assert display_value(question, NOT_KNOWN) == "Not known"
    assert display_value(question, 0) == "0 meetings"
