"""The condition language: each operator, ordinal comparison, nesting, and that nothing is ever executed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfassess.framework.conditions import ConditionError, evaluate

BANDS = {"student_headcount": ["under_1000", "1000_to_4999", "5000_to_19999", "20000_plus"]}
PROFILE = {
    "residences": "owned",
    "has_su": "yes",
    "campuses": ["main", "city"],
    "student_headcount": "5000_to_19999",
    "international_students": 350,
}


def holds(condition, factors=PROFILE, answers=None) -> bool:
    return evaluate(condition, factors, answers, option_order=BANDS)


def test_equals():
    assert holds({"factor": "residences", "equals": "owned"})
    assert not holds({"factor": "residences", "equals": "none"})


def test_in():
    assert holds({"factor": "residences", "in": ["owned", "both"]})
    assert not holds({"factor": "residences", "in": ["none", "nominated"]})


def test_multiple_choice_values_match_on_any_overlap():
    assert holds({"factor": "campuses", "in": ["city", "overseas"]})
    assert not holds({"factor": "campuses", "in": ["overseas"]})
    assert holds({"factor": "campuses", "equals": "main"})  # equals on a list: was it chosen?


def test_at_least_is_ordinal_by_option_order():
    assert holds({"factor": "student_headcount", "at_least": "1000_to_4999"})
    assert holds({"factor": "student_headcount", "at_least": "5000_to_19999"})
    assert not holds({"factor": "student_headcount", "at_least": "20000_plus"})


def test_at_least_is_numeric_for_numbers():
    assert holds({"factor": "international_students", "at_least": 350})
    assert not holds({"factor": "international_students", "at_least": 351})


def test_at_least_without_an_option_order_is_an_error_not_a_guess():
    with pytest.raises(ConditionError):
        evaluate({"factor": "student_headcount", "at_least": "1000_to_4999"}, PROFILE)


def test_nested_all_any_not():
    condition = {
        "all": [
            {"any": [{"factor": "residences", "equals": "none"}, {"factor": "has_su", "equals": "yes"}]},
            {"not": {"factor": "student_headcount", "at_least": "20000_plus"}},
        ]
    }
    assert holds(condition)
    assert not holds({"not": condition})
    assert not holds({"all": [condition, {"factor": "residences", "equals": "none"}]})


def test_an_unanswered_factor_makes_a_leaf_false():
    assert not holds({"factor": "residences", "equals": "owned"}, factors={})
    assert not holds({"factor": "campuses", "in": ["main"]}, factors={"campuses": []})
    assert holds({"not": {"factor": "residences", "equals": "owned"}}, factors={})


def test_lookups_may_be_callables():
    assert evaluate({"factor": "residences", "equals": "owned"}, PROFILE.get)
    assert evaluate({"question": "q1", "in": ["yes", "partly"]}, None, {"q1": "partly"}.get)


def test_question_leaves_read_answers_not_the_profile():
    assert holds({"question": "lg_group", "equals": "yes"}, answers={"lg_group": "yes"})
    assert not holds({"question": "residences", "equals": "owned"}, answers={})


def test_yes_no_factors_stored_as_booleans_compare_as_yes_and_no():
    assert evaluate({"factor": "under_18s", "equals": "yes"}, {"under_18s": True})
    assert evaluate({"factor": "under_18s", "equals": "no"}, {"under_18s": False})


def test_strings_that_look_like_code_are_just_data(monkeypatch):
    import builtins

    def forbidden(*args, **kwargs):
        raise AssertionError("the condition language must never execute anything")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    payload = "__import__('os').system('echo pwned')"
    assert not evaluate({"factor": "residences", "equals": payload}, PROFILE)
    assert evaluate({"factor": "residences", "equals": payload}, {"residences": payload})
    assert not evaluate({"factor": payload, "equals": "owned"}, PROFILE)
    with pytest.raises(ConditionError):
        evaluate(payload, PROFILE)  # a string is not a condition


def test_a_mapping_that_is_not_a_condition_is_an_error():
    with pytest.raises(ConditionError):
        evaluate({"factor": "residences"}, PROFILE)
    with pytest.raises(ConditionError):
        evaluate({"something": "else"}, PROFILE)


LEAVES = st.sampled_from(
    [
        {"factor": "residences", "equals": "owned"},
        {"factor": "has_su", "equals": "no"},
        {"factor": "campuses", "in": ["overseas"]},
        {"factor": "student_headcount", "at_least": "1000_to_4999"},
    ]
)
CONDITIONS = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda items: {"all": items}),
        st.lists(inner, min_size=1, max_size=3).map(lambda items: {"any": items}),
        inner.map(lambda item: {"not": item}),
    ),
    max_leaves=8,
)


@given(CONDITIONS)
def test_combinators_follow_boolean_logic(condition):
    value = holds(condition)
    assert holds({"not": {"not": condition}}) == value
    assert holds({"all": [condition, condition]}) == value
    assert holds({"any": [condition, {"not": condition}]})
