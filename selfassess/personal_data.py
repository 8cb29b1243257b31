"""Does a piece of free text look like personal data? Pure: no Flask, no database.

    find_personal_data(text) -> list[str]   human-readable reasons, empty when nothing was found

The concerns record refuses text with any reason found (it is anonymised by design); other places may only
warn. The patterns are deliberately simple and err on the side of refusing: a reference code such as
"C-2025-014" or a month such as "March 2026" is accepted, but a name with a title, an email address, a UK
phone number, a National Insurance number or a date of birth is not.
"""

from __future__ import annotations

import re

TITLE_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Rev|Revd)\.?\s+[A-Z][a-z'’-]+",
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# UK numbers: 07700 900123, +44 7700 900123, 020 7946 0018, (0161) 496 0000
PHONE = re.compile(r"(?<!\w)(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\w)")
NI_NUMBER = re.compile(
    r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",  # any prefix: HMRC's own examples use QQ
    re.IGNORECASE,
)
BIRTH_WORDS = re.compile(r"\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?)\b", re.IGNORECASE)
FULL_DATE = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|"
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{4}\b",
    re.IGNORECASE,
)


def find_personal_data(text: str | None) -> list[str]:
    """Why this text looks like personal data, one reason per kind found (in a fixed order)."""
    text = text or ""
    reasons = []
    if TITLE_NAME.search(text):
        reasons.append("it contains what looks like a person's name with a title (like ‘Mr Smith’)")
    if EMAIL.search(text):
        reasons.append("it contains an email address")
    if PHONE.search(text):
        reasons.append("it contains a phone number")
    if NI_NUMBER.search(text):
        reasons.append("it contains a National Insurance number")
    near_birth = FULL_DATE.search(text) and re.search(r"\b(?:aged?|birth|born)\b", text, re.I)
    if BIRTH_WORDS.search(text) or near_birth:
        reasons.append("it contains a date of birth")
    return reasons


def refusal_message(reasons: list[str]) -> str:
    """One message for a form: what was found and what to do instead."""
    return ("Remove personal data: " + "; ".join(reasons)
            + ". Use the reference code and describe the concern without identifying anyone")
