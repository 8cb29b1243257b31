"""A year's board paper beyond the answers: report settings (meeting, committee route, author, sponsor,
recommendation, marking), the narrative, and the risk register summary.

    settings_of(year_access) -> BoardPaper                      plain values for forms and the report
    save_settings(user, ukprn, year, Settings) / save_narrative(user, ukprn, year, Narrative, confirmed)
    risks_of(year_access) -> list[RiskEntry]; save_risk(...); remove_risk(...)
    carry_risks_forward(source, target)                         used by services.carry_forward

Editors change these while the year is a draft (like answers); they are locked once it is sent for sign-off,
so a submitted year's report, preview and Word file are always built from what was signed off.
Narrative text that looks like personal data (selfassess.personal_data) is not saved until the writer
confirms it: PersonalDataWarning carries what was found, per field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from .. import personal_data
from ..extensions import db
from ..models import Assessment, ReportSettings, RiskEntry
from ..report.context import DEFAULT_RECOMMENDATION
from . import assessments, audit
from .errors import DomainError, NotFound, ValidationFailed
from .transaction import writing

DEFAULT_MEETING = "governing body"
DEFAULT_CONFIDENTIALITY = "Confidential: not for publication"
# DEFAULT_RECOMMENDATION (report.context) is printed after "The <meeting> is asked to" on the cover sheet.
TRENDS = (("new", "New"), ("rising", "Rising"), ("stable", "Stable"), ("falling", "Falling"))
ROUTE_STAGES = 4  # committee stages shown on the settings form
NARRATIVE_FIELDS = (
    ("lead_summary", "The Prevent lead's summary"),
    ("developments", "Developments this year"),
    ("themes", "Themes from cases (anonymised)"),
    ("events_commentary", "Commentary on the events and free-speech data"),
    ("horizon", "Horizon scanning"),
)


@dataclass(frozen=True)
class Settings:
    meeting: str = ""
    meeting_date: str | None = None
    route: tuple[tuple[str, str | None], ...] = ()  # (body, ISO date) in order
    author: str = ""
    sponsor: str = ""
    recommendation: str = ""
    confidentiality: str = ""


@dataclass(frozen=True)
class Narrative:
    lead_summary: str = ""
    developments: str = ""
    themes: str = ""
    events_commentary: str = ""
    horizon: str = ""
    section_commentary: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BoardPaper:
    settings: Settings
    narrative: Narrative

    @property
    def meeting(self) -> str:
        return self.settings.meeting or DEFAULT_MEETING

    @property
    def recommendation(self) -> str:
        return self.settings.recommendation or default_recommendation(self.meeting)

    @property
    def confidentiality(self) -> str:
        return self.settings.confidentiality or DEFAULT_CONFIDENTIALITY


def default_recommendation(_meeting: str = "") -> str:
    return DEFAULT_RECOMMENDATION


class PersonalDataWarning(DomainError):
    """Narrative text that looks like personal data, not yet confirmed. `found`: field name -> findings."""

    def __init__(self, found: dict[str, tuple[personal_data.Finding, ...]]):
        self.found = found
        super().__init__("Some of the text looks like personal data")


def _row(assessment: Assessment) -> ReportSettings | None:
    return db.session.scalar(select(ReportSettings).where(ReportSettings.assessment_id == assessment.id))


def settings_of(year_access) -> BoardPaper:
    return board_paper_of(year_access.assessment)


def board_paper_of(assessment: Assessment) -> BoardPaper:
    row = _row(assessment)
    if row is None:
        return BoardPaper(Settings(), Narrative())
    route = tuple(
        (str(stage.get("body", "")), stage.get("date") or None)
        for stage in (row.route or [])
        if isinstance(stage, dict) and stage.get("body")
    )
    return BoardPaper(
        Settings(
            row.meeting or "",
            row.meeting_date,
            route,
            row.author or "",
            row.sponsor or "",
            row.recommendation or "",
            row.confidentiality or "",
        ),
        Narrative(
            row.lead_summary or "",
            row.developments or "",
            row.themes or "",
            row.events_commentary or "",
            row.horizon or "",
            {str(k): str(v) for k, v in (row.section_commentary or {}).items() if v},
        ),
    )


def _editable_row(user, year_access) -> ReportSettings:
    row = _row(year_access.assessment)
    if row is None:
        row = ReportSettings(assessment_id=year_access.assessment.id, route=[], section_commentary={})
        db.session.add(row)
    row.updated_by_id = user.id
    return row


def save_settings(user, ukprn: str, year: str, given: Settings) -> None:
    year_access = assessments.load_year_for_edit(user, ukprn, year)
    with writing():
        year_access.require_edit()
        row = _editable_row(user, year_access)
        row.meeting, row.meeting_date = given.meeting[:200], given.meeting_date
        row.route = [{"body": body[:200], "date": when} for body, when in given.route if body]
        row.author, row.sponsor = given.author[:200], given.sponsor[:200]
        row.recommendation, row.confidentiality = given.recommendation[:2000], given.confidentiality[:200]
        audit.record(
            "report_settings_saved",
            user=user,
            provider=year_access.provider,
            assessment_id=year_access.assessment.id,
        )


def personal_data_in(given: Narrative) -> dict[str, tuple[personal_data.Finding, ...]]:
    """Field name (or "section-<key>") -> what looks like personal data in it."""
    texts = {name: getattr(given, name) for name, _ in NARRATIVE_FIELDS}
    texts.update({f"section-{key}": text for key, text in given.section_commentary.items()})
    return {name: found for name, text in texts.items() if (found := personal_data.findings(text))}


def save_narrative(user, ukprn: str, year: str, given: Narrative, *, confirmed: bool = False) -> None:
    """Save the narrative; PersonalDataWarning (nothing saved) when it looks personal and is not confirmed."""
    year_access = assessments.load_year_for_edit(user, ukprn, year)
    known = {s.key for s in year_access.framework.sections}
    if any(key not in known for key in given.section_commentary):
        raise ValidationFailed("There is no such section")
    found = personal_data_in(given)
    if found and not confirmed:
        raise PersonalDataWarning(found)
    with writing():
        year_access.require_edit()
        row = _editable_row(user, year_access)
        for name, _ in NARRATIVE_FIELDS:
            setattr(row, name, getattr(given, name)[:5000])
        row.section_commentary = {k: v[:5000] for k, v in given.section_commentary.items() if v}
        audit.record(
            "report_narrative_saved",
            user=user,
            provider=year_access.provider,
            assessment_id=year_access.assessment.id,
            personal_data_confirmed=sorted(found) if found else [],
        )


# ---- the risk register summary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskInput:
    risk: str
    inherent_likelihood: int
    inherent_impact: int
    residual_likelihood: int
    residual_impact: int
    owner: str
    trend: str


def risks_of(year_access) -> list[RiskEntry]:
    return risks_of_assessment(year_access.assessment)


def risks_of_assessment(assessment: Assessment) -> list[RiskEntry]:
    return list(
        db.session.scalars(
            select(RiskEntry).where(RiskEntry.assessment_id == assessment.id).order_by(RiskEntry.id)
        )
    )


def risk(year_access, risk_id: int) -> RiskEntry:
    row = db.session.get(RiskEntry, risk_id)
    if row is None or row.assessment_id != year_access.assessment.id:
        raise NotFound("Page not found")
    return row


def _check_risk(given: RiskInput) -> None:
    ratings = (
        given.inherent_likelihood,
        given.inherent_impact,
        given.residual_likelihood,
        given.residual_impact,
    )
    if not given.risk.strip() or any(not isinstance(r, int) or not 1 <= r <= 5 for r in ratings):
        raise ValidationFailed("Enter the risk and rate each likelihood and impact from 1 to 5")
    if given.trend not in dict(TRENDS):
        raise ValidationFailed("Select the risk's trend")


def save_risk(user, ukprn: str, year: str, given: RiskInput, risk_id: int | None = None) -> RiskEntry:
    """Add a risk (risk_id None) or change one; a carried-forward risk counts as confirmed once saved."""
    year_access = assessments.load_year_for_edit(user, ukprn, year)
    _check_risk(given)
    with writing():
        year_access.require_edit()
        row = (
            risk(year_access, risk_id)
            if risk_id is not None
            else RiskEntry(assessment_id=year_access.assessment.id)
        )
        row.risk, row.owner, row.trend = given.risk[:500], given.owner[:200], given.trend
        row.inherent_likelihood, row.inherent_impact = given.inherent_likelihood, given.inherent_impact
        row.residual_likelihood, row.residual_impact = given.residual_likelihood, given.residual_impact
        row.carried_forward, row.updated_by_id = False, user.id
        db.session.add(row)
        db.session.flush()
        audit.record(
            "risk_saved",
            user=user,
            provider=year_access.provider,
            assessment_id=year_access.assessment.id,
            risk_id=row.id,
        )
    return row


def remove_risk(user, ukprn: str, year: str, risk_id: int) -> None:
    year_access = assessments.load_year_for_edit(user, ukprn, year)
    with writing():
        year_access.require_edit()
        db.session.delete(risk(year_access, risk_id))
        audit.record(
            "risk_removed",
            user=user,
            provider=year_access.provider,
            assessment_id=year_access.assessment.id,
            risk_id=risk_id,
        )


def carry_risks_forward(source: Assessment, target: Assessment) -> int:
    """Copy last year's risk register summary into the new year, marked as carried forward (inside the
    caller's transaction). Residual ratings become the starting point; a person confirms each by saving it."""
    rows = risks_of_assessment(source)
    for row in rows:
        db.session.add(
            RiskEntry(
                assessment_id=target.id,
                risk=row.risk,
                owner=row.owner,
                trend=row.trend,
                inherent_likelihood=row.inherent_likelihood,
                inherent_impact=row.inherent_impact,
                residual_likelihood=row.residual_likelihood,
                residual_impact=row.residual_impact,
                carried_forward=True,
            )
        )
    return len(rows)
