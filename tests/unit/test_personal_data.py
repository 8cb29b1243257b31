"""The personal-data guard warns about emails, phone numbers, NI numbers and dates of birth, and leaves the
ordinary text of a board paper alone."""

import pytest

from selfassess.personal_data import describe, findings, looks_personal


@pytest.mark.parametrize(("text", "kind", "match"), [
    ("Contact jo.bloggs@uni.example.ac.uk for details", "email", "jo.bloggs@uni.example.ac.uk"),
    ("Ring 020 7946 0958 after six", "phone", "020 7946 0958"),
    ("mobile 07700 900123", "phone", "07700 900123"),
    ("call +44 7700 900123", "phone", "+44 7700 900123"),
    ("Her NI number is AB 12 34 56 C.", "ni_number", "AB 12 34 56 C"),
    ("ni: ab123456c", "ni_number", "ab123456c"),
    ("The student (born 12/03/2004) was referred", "date_of_birth", "born 12/03/2004"),
    ("DOB: 3 March 2004", "date_of_birth", "DOB: 3 March 2004"),
    ("date of birth 2004-03-12", "date_of_birth", "date of birth 2004-03-12"),
])
def test_it_finds_each_kind_of_personal_data(text, kind, match):
    found = findings(text)
    assert [(f.kind, f.text) for f in found] == [(kind, match)]
    assert looks_personal(text)


@pytest.mark.parametrize("text", [
    "UKPRN 10099999 reported 421 events in 2025-26.",
    "The risk assessment was refreshed on 07/10/2025 and noted by the committee on 4 November 2025.",
    "Council met on 2025-11-26; 17 concerns were raised, 2 referrals made.",
    "See https://www.gov.uk/government/publications/prevent-duty-guidance for the guidance.",
    "Prevent lead (Head of Student Safeguarding), reporting to the University Secretary.",
    "QQ 12 34 56 C is not a real prefix, nor is 1234567890123 a phone number.",
    "",
])
def test_ordinary_board_paper_text_is_not_flagged(text):
    assert findings(text) == ()
    assert not looks_personal(text)


def test_findings_come_in_order_and_describe_names_each_kind_once():
    found = findings("Email a@b.co.uk or c@d.co.uk, or phone 01632 960001.")
    assert [f.kind for f in found] == ["email", "email", "phone"]
    assert describe(found) == "an email address and a phone number"
    assert describe(findings("x@y.org, 01632 960001, AB123456C")) == (
        "an email address, a phone number and a National Insurance number")  # in the order they appear
    assert describe(()) == ""
