"""The data return summary: totals, consistency warnings, change since last year and small-count display."""

from __future__ import annotations

import pytest

from selfassess.datareturn import display_count, display_figure, summarise

from .small_framework import load_compact

FUNNEL = {
    "sections": [{"key": "only", "questions": [{"key": "q_one", "type": "yes_partly_no"}]}],
    "data_return": {
        "groups": [
            {
                "key": "cases",
                "title": "Cases",
                "fields": [
                    {"key": "lead_islamist", "label": "Escalated to the lead: Islamist", "type": "number"},
                    {"key": "lead_other", "label": "Escalated to the lead: other", "type": "number"},
                    {"key": "advice_islamist", "label": "External advice: Islamist", "type": "number"},
                    {"key": "reviewed_on", "label": "Reviewed on", "type": "date"},
                    {"key": "events", "label": "Events", "type": "number", "suppress_small": False},
                ],
                "totals": [
                    {"key": "lead_total", "label": "Escalated", "sum": ["lead_islamist", "lead_other"]},
                    {"key": "grand_total", "label": "Everything", "sum": ["lead_total", "advice_islamist"]},
                ],
            }
        ],
        "checks": [
            {
                "key": "funnel_advice",
                "field": "advice_islamist",
                "at_most": "lead_islamist",
                "message": "More Islamist cases had external advice than were escalated to the Prevent lead.",
            }
        ],
    },
}


@pytest.fixture(scope="module")
def funnel(tmp_path_factory):
    return load_compact(tmp_path_factory.mktemp("funnel"), FUNNEL)


def test_a_total_sums_the_entered_parts_and_is_empty_only_when_every_part_is(funnel):
    assert summarise(funnel, {}).totals == {"lead_total": None, "grand_total": None}
    partial = summarise(funnel, {"lead_islamist": 4})
    assert partial.totals == {"lead_total": 4, "grand_total": 4}
    full = summarise(funnel, {"lead_islamist": 4, "lead_other": 3, "advice_islamist": 2})
    assert full.totals == {"lead_total": 7, "grand_total": 9}  # totals may sum earlier totals
    assert full.figure("grand_total") == 9 and full.figure("lead_other") == 3


def test_entries_that_are_not_figures_count_as_empty(funnel):
    summary = summarise(funnel, {"lead_islamist": True, "lead_other": -1, "advice_islamist": "3",
                                 "reviewed_on": "  ", "unknown_key": 5})
    assert summary.values == {"lead_islamist": None, "lead_other": None, "advice_islamist": None,
                              "reviewed_on": None, "events": None}
    assert summary.fields_entered == 0 and summary.fields_total == 5


def test_a_later_funnel_stage_larger_than_an_earlier_one_is_a_warning(funnel):
    (warning,) = summarise(funnel, {"lead_islamist": 2, "advice_islamist": 3}).warnings
    assert warning.key == "funnel_advice"
    assert warning.message == FUNNEL["data_return"]["checks"][0]["message"]
    assert (warning.field, warning.field_label, warning.field_value) == (
        "advice_islamist", "External advice: Islamist", 3)
    assert (warning.at_most, warning.at_most_label, warning.at_most_value) == (
        "lead_islamist", "Escalated to the lead: Islamist", 2)


@pytest.mark.parametrize("values", [
    {"lead_islamist": 3, "advice_islamist": 3},  # equal is consistent
    {"lead_islamist": 5, "advice_islamist": 0},
    {"advice_islamist": 3},  # a blank is not evidence of a mistake
    {"lead_islamist": 3},
])
def test_no_warning_when_the_funnel_narrows_or_a_figure_is_missing(funnel, values):
    assert summarise(funnel, values).warnings == ()


def test_change_since_last_year_for_fields_and_totals(funnel):
    summary = summarise(
        funnel,
        {"lead_islamist": 4, "lead_other": 1, "reviewed_on": "2025-10-01"},
        previous={"lead_islamist": 6, "reviewed_on": "2024-10-01", "retired_field": 9},
    )
    assert summary.has_previous
    islamist = summary.changes["lead_islamist"]
    assert (islamist.label, islamist.current, islamist.previous, islamist.change) == (
        "Escalated to the lead: Islamist", 4, 6, -2)
    assert summary.changes["lead_other"].previous is None and summary.changes["lead_other"].change is None
    assert summary.changes["lead_total"].change == -1  # 5 this year, 6 last year
    reviewed = summary.changes["reviewed_on"]
    assert (reviewed.current, reviewed.previous, reviewed.change) == ("2025-10-01", "2024-10-01", None)
    assert "retired_field" not in summary.changes


def test_no_changes_without_a_previous_year(funnel):
    summary = summarise(funnel, {"lead_islamist": 4})
    assert not summary.has_previous and summary.changes == {}


@pytest.mark.parametrize(("count", "shown"), [
    (0, "0"), (1, "fewer than 5"), (4, "fewer than 5"), (5, "5"), (1234, "1,234"), (None, "not recorded"),
])
def test_display_count_hides_one_to_four(count, shown):
    assert display_count(count) == shown


def test_display_figure_honours_the_fields_choice_and_always_protects_totals(funnel):
    fields = {f.key: f for f in funnel.data_fields()}
    (lead_total, _) = funnel.data_totals()
    assert display_figure(fields["lead_islamist"], 3) == "fewer than 5"
    assert display_figure(fields["events"], 3) == "3"
    assert display_figure(lead_total, 2) == "fewer than 5"
    assert display_figure(fields["reviewed_on"], "2025-10-01") == "2025-10-01"
    assert display_figure(fields["lead_islamist"], None) == "not recorded"


def test_the_shipped_funnel_checks_fire_on_the_shipped_framework():
    from selfassess.framework import get_framework

    framework = get_framework("2025-26")
    check = framework.data_checks[0]
    summary = summarise(framework, {check.field: 5, check.at_most: 1})
    assert [warning.key for warning in summary.warnings] == [check.key]
