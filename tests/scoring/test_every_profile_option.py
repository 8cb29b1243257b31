"""Every answer to every profile question changes something: the plan (what applies, what it weighs) or the
proportionality statement (which names what changed, or tells the provider what its answer means)."""

from __future__ import annotations

from hypothesis import given, settings

from selfassess.scoring import score

from .test_properties import FRAMEWORK, PROPERTY_SETTINGS, full_profiles


def _fingerprint(profile):
    card = score(FRAMEWORK, profile, {})
    plan = tuple((q.key, q.applies, q.effective_weight) for q in card.questions)
    return plan, card.proportionality


def _alternatives(question, value):
    if question.type == "multiple_choice":
        chosen = list(value)
        for option in question.options:
            if option.exclusive:
                continue
            toggled = [v for v in chosen if v != option.value] if option.value in chosen else [
                v for v in chosen if not (question.option(v) and question.option(v).exclusive)] + [option.value]  # noqa: E501
            yield option.value, toggled
        return
    for other in question.option_values:
        if other != value:
            yield other, other


@settings(PROPERTY_SETTINGS, max_examples=25)  # each example scores some sixty changed profiles
@given(full_profiles)
def test_changing_any_single_profile_option_changes_the_plan_or_the_statement(profile):
    before = _fingerprint(profile)
    for question in FRAMEWORK.profile:
        for label, changed in _alternatives(question, profile[question.key]):
            after = _fingerprint({**profile, question.key: changed})
            assert after != before, f"{question.key}: {profile[question.key]!r} -> {label!r} changed nothing"
