"""Text that looks like personal data: email addresses, UK phone numbers, National Insurance numbers and dates
of birth. Pure Python (no Flask, no database), so any form or report can use it.

    findings(text) -> tuple[Finding, ...]     what was found, in order, each with its kind and the match
    describe(findings) -> str                 for a warning: "an email address and a phone number"
    looks_personal(text) -> bool

    find_personal_data(text) -> list[str]     stricter, for the anonymised concerns record, which refuses
                                              text with any reason found (names with titles too)

`findings` warns, it never blocks: the patterns are deliberately narrow (a phone number needs 10 or 11
digits in a UK shape; a date needs "born", "DOB" or "date of birth" near it), so a year ("2025-26"), a
UKPRN (8 digits), a meeting date or a count is not flagged, and the person who wrote the text decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = {
    "email": "an email address",
    "phone": "a phone number",
    "ni_number": "a National Insurance number",
    "date_of_birth": "a date of birth",
}

_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# UK numbers: 0 or +44 then 9-10 more digits, with spaces, dots or dashes and an optional (0) or brackets.
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?|\(?0)\d{2,4}\)?(?:[\s.-]?\d){6,8}(?!\w)")
# Two prefix letters (not D, F, I, Q, U or V; the second not O), six digits and a suffix A-D; spaces allowed.
_NI = re.compile(
    r"(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D](?![A-Za-z0-9])",
    re.IGNORECASE,
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{4})"
)
_DOB = re.compile(
    rf"\b(?:born(?:\s+on)?|d\.?o\.?b\.?|date\s+of\s+birth)\b[\s:,-]{{0,4}}(?:was\s+|is\s+)?({_DATE})",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # a key of KINDS
    text: str  # what matched, for showing back to the writer

    @property
    def label(self) -> str:
        return KINDS[self.kind]


def findings(text: str | None) -> tuple[Finding, ...]:
    """Everything in the text that looks like personal data, in the order it appears."""
    if not text:
        return ()
    found: list[tuple[int, Finding]] = []
    for kind, pattern in (("email", _EMAIL), ("ni_number", _NI), ("phone", _PHONE)):
        found.extend((m.start(), Finding(kind, m.group(0))) for m in pattern.finditer(text))
    found.extend((m.start(), Finding("date_of_birth", m.group(0))) for m in _DOB.finditer(text))
    return tuple(finding for _, finding in sorted(found, key=lambda pair: pair[0]))


def looks_personal(text: str | None) -> bool:
    return bool(findings(text))


def describe(found: tuple[Finding, ...] | list[Finding]) -> str:
    """The kinds found, once each, in plain words: "an email address and a phone number"."""
    kinds = list(dict.fromkeys(f.label for f in found))
    if len(kinds) <= 1:
        return "".join(kinds)
    return ", ".join(kinds[:-1]) + " and " + kinds[-1]


# ---- the concerns record's stricter check (it refuses rather than warns) ----------------------------

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
