"""The publishable version's complementary suppression: no withheld figure can be worked back out.

Generated data returns over the shipped frameworks, with small counts made likely. The strongest property
is the last: changing any withheld small count (to another small count, totals following) prints exactly
the same publishable table, so nothing printed can tell the two apart.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfassess import datareturn
from selfassess.framework import get_framework
from selfassess.report.context import build

SETTINGS = settings(derandomize=True, max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
FRAMEWORKS = ("2025-26", "2024-25")
COUNT = st.one_of(st.integers(0, 6), st.integers(0, 60), st.none())  # small counts and blanks are common


@st.composite
def data_return(draw, framework):
    values = {}
    for data_field in framework.data_fields():
        if data_field.type == "number":
            value = draw(COUNT)
            if value is not None:
                values[data_field.key] = value
    return values


def figures_of(framework, values):
    summary = datareturn.summarise(framework, values)
    return summary, {**summary.values, **summary.totals}


def groups(framework):
    """Each additive group: a total and its parts."""
    return [(total.key, tuple(total.sum)) for total in framework.data_totals()]


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_every_small_sensitive_count_is_withheld(framework_id):
    framework = get_framework(framework_id)

    @SETTINGS
    @given(data_return(framework))
    def check(values):
        _, figures = figures_of(framework, values)
        withheld = datareturn.withheld_keys(framework, figures)
        for data_field in framework.data_fields():
            value = figures[data_field.key]
            if data_field.suppress_small and isinstance(value, int) and 0 < value < 5:
                assert data_field.key in withheld

    check()


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_no_additive_group_has_exactly_one_withheld_cell_and_totals_of_withheld_cells_are_too(framework_id):
    framework = get_framework(framework_id)

    @SETTINGS
    @given(data_return(framework))
    def check(values):
        _, figures = figures_of(framework, values)
        withheld = datareturn.withheld_keys(framework, figures)
        for total, parts in groups(framework):
            cells = [total, *(p for p in parts if figures.get(p) is not None)]
            hidden = [cell for cell in cells if cell in withheld]
            assert len(hidden) != 1, (total, hidden)
            if any(part in withheld for part in parts):
                assert total in withheld, total

    check()


def _table(framework, values, previous=None):
    """Every printed cell of the publishable data-return tables."""
    context = build(framework, provider_name="P", ukprn="10000001", year=framework.id, status="draft",
                    profile={}, data_return=values, answers={}, previous_year="earlier" if previous else None,
                    previous_data_return=previous, version="publishable")
    return [(t.key, row.label, row.current, row.previous, row.change) for t in context.data_tables
            for row in t.rows] + [("warnings", context.data_warnings)]


def _shifted(values, key):
    """The same return with one small count moved to another small count."""
    changed = dict(values)
    changed[key] = values[key] + 1 if values[key] < 4 else values[key] - 1
    return changed


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_a_withheld_count_cannot_be_told_apart_from_another_small_count(framework_id):
    framework = get_framework(framework_id)

    @settings(SETTINGS, max_examples=60)  # each example builds four report contexts
    @given(data_return(framework), data_return(framework), st.data())
    def check(values, previous, data):
        _, figures = figures_of(framework, values)
        small = [f.key for f in framework.data_fields()
                 if f.suppress_small and isinstance(figures[f.key], int) and 0 < figures[f.key] < 5]
        if not small:
            return
        key = data.draw(st.sampled_from(small))
        # This year's table, and the change since last year, print the same for either value...
        assert _table(framework, values, previous) == _table(framework, _shifted(values, key), previous)
        # ...and so does last year's column when the small count was last year's.
        assert _table(framework, previous, values) == _table(framework, previous, _shifted(values, key))

    check()


def test_the_issues_examples_no_longer_subtract_back():
    framework = get_framework("2025-26")
    values = {"es_approved_no_conditions": 421, "es_approved_conditions_prevent": 4,
              "es_approved_conditions_other": 25, "es_rejected_prevent": 1, "es_rejected_health_safety": 1,
              "es_rejected_procedural": 7, "es_rejected_other": 0}
    rows = {row[1]: row[2] for row in _table(framework, values)[:-1]}
    assert rows["Total approved (with or without conditions)"] == datareturn.WITHHELD_TEXT
    assert rows["Total rejected"] == datareturn.WITHHELD_TEXT
    assert rows["Total requests decided"] == datareturn.WITHHELD_TEXT
    assert rows["Approved with conditions for other reasons"] == "25"


def test_the_confidential_version_prints_exact_figures():
    framework = get_framework("2025-26")
    context = build(framework, provider_name="P", ukprn="10000001", year="2025-26", status="draft",
                    profile={}, data_return={"es_rejected_prevent": 1, "es_rejected_other": 3}, answers={})
    rows = {row.label: row.current for table in context.data_tables for row in table.rows}
    assert (rows["Rejected: Prevent-related risk"], rows["Total rejected"]) == ("1", "4")
    assert context.is_confidential and context.withheld_note == ""
