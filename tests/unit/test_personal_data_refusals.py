"""The concerns record's stricter personal-data check: what it refuses, and ordinary text it accepts."""

import pytest

from selfassess.personal_data import find_personal_data


@pytest.mark.parametrize("text, reason", [
    ("Raised by Mr Smith in halls", "name with a title"),
    ("Dr. Okafor asked for advice", "name with a title"),
    ("Prof Jones referred it", "name with a title"),
    ("Contact a.student@example.ac.uk", "email address"),
    ("Called 07700 900123 twice", "phone number"),
    ("Switchboard +44 20 7946 0018", "phone number"),
    ("Ref QQ 12 34 56 C", "National Insurance number"),
    ("NI AB123456C", "National Insurance number"),
    ("DOB 12/03/2001", "date of birth"),
    ("born on 3 May 2004", "date of birth"),
    ("date of birth 2004-05-03", "date of birth"),
])
def test_refuses_each_listed_pattern_with_a_reason(text, reason):
    reasons = find_personal_data(text)
    assert any(reason in r for r in reasons), reasons


@pytest.mark.parametrize("text", [
    "Concern about online material, reference C-2025-014, opened March 2026",
    "Student in halls; advice sought from the regional co-ordinator",
    "Reviewed by the panel on 12/03/2025",
    "450 events in 2025-26, 3 rejected",
    "Mrs",  # a title alone names nobody
    "",
])
def test_accepts_ordinary_text(text):
    assert find_personal_data(text) == []


def test_every_kind_found_is_reported_once():
    reasons = find_personal_data("Mr Smith, mr.smith@example.com, 07700 900123, Mr Jones")
    assert len(reasons) == 3
