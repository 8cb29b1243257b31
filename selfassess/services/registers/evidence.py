"""The evidence register: documents and decisions with their review-by dates. It belongs to the provider,
so it carries forward from year to year; a year's answers cite its entries (EvidenceCitation).

An entry past its review-by date is stale; an answer whose citations are all stale is reported to the
scoring (which counts a "Yes" resting only on stale evidence as "Partly") with the reason to show."""

from datetime import date

from sqlalchemy import select

from ...extensions import db
from ...models import Assessment, EvidenceCitation, RegisterEvidence
from .spec import Field, Register

KINDS = (
    ("policy", "Policy"), ("risk_assessment", "Risk assessment"),
    ("information_sharing", "Information-sharing agreement"), ("su_protocol", "Students' union protocol"),
    ("training_plan", "Training plan"), ("decision", "Decision or minute"), ("other", "Other"),
)
DUE_SOON_DAYS = 60


def _check(values: dict, errors: dict) -> None:
    link = values["link"]
    if link and not (link.startswith("https://") or link.startswith("http://")):
        errors["link"] = "The link must start with https:// or http://"
    if values["approved_on"] and values["approved_on"] > values["review_by"]:
        errors["review_by"] = "The review-by date must be after the approval date"


REGISTER = Register(
    key="evidence", title="Evidence register", singular="evidence entry", sort_field="review_by",
    per_year=False,
    fields=(
        Field("title", "Title", "text", max_length=300),
        Field("kind", "Kind", "choice", options=KINDS),
        Field("owner_role", "Owner (a role)", "text", max_length=200, hint="Like Head of Student Services"),
        Field("approved_by", "Approved by", "text", required=False, max_length=200,
              hint="A body or role, like Prevent oversight group"),
        Field("approved_on", "Approval date", "date", required=False),
        Field("review_by", "Review by", "date"),
        Field("link", "Link", "text", required=False, max_length=500),
    ),
    check=_check,
)
MODEL = RegisterEvidence


def is_stale(entry: RegisterEvidence, on: date) -> bool:
    return entry.review_by < on.isoformat()


def stale_entries(provider_id: int, on: date) -> list[RegisterEvidence]:
    return list(db.session.scalars(select(RegisterEvidence).where(
        RegisterEvidence.provider_id == provider_id, RegisterEvidence.review_by < on.isoformat())
        .order_by(RegisterEvidence.review_by)))


def due_soon(provider_id: int, on: date, days: int = DUE_SOON_DAYS) -> list[RegisterEvidence]:
    until = date.fromordinal(on.toordinal() + days).isoformat()
    return list(db.session.scalars(select(RegisterEvidence).where(
        RegisterEvidence.provider_id == provider_id, RegisterEvidence.review_by >= on.isoformat(),
        RegisterEvidence.review_by <= until).order_by(RegisterEvidence.review_by)))


def citations(assessment: Assessment) -> dict[str, list[RegisterEvidence]]:
    """Each question key with the evidence entries its answer cites."""
    rows = db.session.execute(
        select(EvidenceCitation.question_key, RegisterEvidence)
        .join(RegisterEvidence, RegisterEvidence.id == EvidenceCitation.evidence_id)
        .where(EvidenceCitation.assessment_id == assessment.id)
        .order_by(RegisterEvidence.title)).all()
    result: dict[str, list[RegisterEvidence]] = {}
    for key, entry in rows:
        result.setdefault(key, []).append(entry)
    return result


def stale_facts(assessment: Assessment, on: date) -> dict[str, str]:
    """The answers resting only on out-of-date evidence, each with the reason the scoring shows."""
    result = {}
    for key, entries in citations(assessment).items():
        if entries and all(is_stale(e, on) for e in entries):
            names = "; ".join(f"{e.title} (review by {date.fromisoformat(e.review_by):%-d %B %Y})"
                              for e in entries[:3])
            result[key] = f"rests only on evidence past its review date: {names}"
    return result


def reference_date(assessment: Assessment) -> date:
    """Stale when? A submitted year is judged at its approval date, a draft today."""
    if assessment.status == "submitted" and assessment.governing_body_approved_on:
        try:
            return date.fromisoformat(assessment.governing_body_approved_on)
        except ValueError:
            pass
    return date.today()
