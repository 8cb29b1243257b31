"""The demo answers a Prevent lead would believe: figures in their units, dates inside the year, text that
answers its question, and answers that agree with each other."""

from __future__ import annotations

from datetime import date

import pytest

from selfassess.framework import get_framework
from selfassess.services.demo import DEMO_APPROVED_ON, DEMO_YEARS
from selfassess.services.demo_answers import DEMO_DATA_RETURN, demo_answer


@pytest.mark.parametrize(("year", "strength"), [(year, strength) for year, _, _, strength in DEMO_YEARS])
def test_dates_figures_and_text_fit_their_questions(year, strength):
    framework = get_framework(year)
    start, end = date(int(year[:4]), 8, 1), date(int(year[:4]) + 1, 7, 31)
    for position, question in enumerate(framework.all_questions()):
        value = demo_answer(question, position, strength=strength, year=year).value
        if question.type == "date":
            assert start <= date.fromisoformat(value) <= end, (question.key, value)
        elif question.type == "number":
            assert question.min <= value <= question.max, (question.key, value)
    role = framework.question("lg_prevent_lead_role")[1]
    assert demo_answer(role, 0, year=year).value == "Director of Student Services"


@pytest.mark.parametrize("strength", [0.6, 0.8])
def test_the_share_of_staff_in_date_agrees_with_the_training_answer(strength):
    framework = get_framework("2025-26")
    percent = demo_answer(framework.question("tr_in_date_percent")[1], 3, strength=strength).value
    refresher = demo_answer(framework.question("tr_refresher_cycle")[1], 5, strength=strength).value
    assert (percent >= 90) == (refresher == "yes"), (percent, refresher)


def test_the_risk_assessment_was_reviewed_within_twelve_months_of_its_approval():
    for year, approved_on in DEMO_APPROVED_ON.items():
        reviewed = date.fromisoformat(DEMO_DATA_RETURN[year]["date_risk_assessment_reviewed"])
        approved = date.fromisoformat(approved_on)
        assert 0 <= (approved - reviewed).days <= 365, (year, reviewed, approved)
