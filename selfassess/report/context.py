"""The report's context: everything the report shows, as plain frozen dataclasses of str, int and float.

`build(...)` takes plain inputs (the framework, the provider's name and UKPRN, the year's status, profile,
data return, answers and actions as a service loaded them) and returns a `ReportContext` with no ORM object
in it, so the same context can be hashed for the cache, handed to a child process and rendered twice (the
PDF and the HTML preview) with the same result.

Every piece of free text a user typed goes through `bounded()`: capped at the longest answer the forms
accept, and given a break opportunity inside very long words, so no answer can make the layout engine
work for minutes (WeasyPrint's emergency word breaking is quadratic in the length of a word).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .. import datareturn
from ..framework import Framework
from ..framework.model import MAX_TEXT_LENGTH
from ..scoring import Scorecard, score
from ..scoring.bands import NOT_ENOUGH_ANSWERED
from ..services.presenting import NOT_ANSWERED, display_answer, display_value, format_date

# Longer words get an invisible break opportunity (U+200B) every this many characters.
LONGEST_UNBROKEN = 60
ZERO_WIDTH_SPACE = "\u200b"
_LONG_RUN = re.compile(rf"([^\s\u200b]{{{LONGEST_UNBROKEN}}})(?=[^\s\u200b])")

STATUS_LABELS = {"draft": "In progress", "awaiting_signoff": "Awaiting sign-off", "submitted": "Submitted"}
ACTION_STATUS_LABELS = {"not_started": "Not started", "in_progress": "In progress", "done": "Done",
                        "dismissed": "Dismissed"}
TOP_STRENGTHS = 5
TOP_GAPS = 5


def bounded(text: Any, limit: int = MAX_TEXT_LENGTH) -> str:
    """User text made safe for layout: at most `limit` characters, and no unbroken run longer than 60."""
    text = "" if text is None else str(text)
    if len(text) > limit:
        text = text[:limit].rstrip() + " […]"
    return _LONG_RUN.sub(lambda m: m.group(1) + ZERO_WIDTH_SPACE, text)


# ---- the shapes ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SectionFigure:
    """One section's figures for the summary chart, its table and the changes since last year."""

    key: str
    code: str
    title: str
    applies: bool
    coverage_rounded: float | None
    coverage_text: str
    completeness_text: str
    band: str
    previous_text: str  # "" without a previous year
    change_text: str  # "up 5 points", "down 2.5 points", "no change", "no comparison", or ""
    change: float | None


@dataclass(frozen=True, slots=True)
class Item:
    """A short entry in a list: a question or action, where it belongs and what to do."""

    text: str
    section: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class QuestionEntry:
    key: str
    text: str
    answer: str
    answered: bool
    evidence: str
    links: tuple[str, ...]
    carried_forward: bool


@dataclass(frozen=True, slots=True)
class Chapter:
    key: str
    code: str
    title: str
    summary: str
    applies: bool
    reason: str  # why it does not apply, or ""
    coverage_text: str
    completeness_text: str
    band: str
    band_description: str
    answered: int
    applicable: int
    questions: tuple[QuestionEntry, ...]
    left_out: tuple[Row, ...]  # question text, reason
    commentary: str = ""  # the Prevent lead's optional commentary on the section

    @property
    def anchor(self) -> str:
        return f"section-{self.key}"

    @property
    def not_started(self) -> bool:
        """No question of the section has an answer, an evidence note or a link yet. Appendix A then says so
        in a sentence rather than printing each of its questions over "Answer: Not answered": a draft's
        governors need to know the section is still to do, not to read its questions."""
        return bool(self.questions) and not any(q.answered or q.evidence or q.links for q in self.questions)

    @property
    def not_started_text(self) -> str:
        count = len(self.questions)
        if count == 1:
            return "The one question of this section has not been answered yet."
        return f"None of the {count} questions of this section has been answered yet."


@dataclass(frozen=True, slots=True)
class DataRow:
    label: str
    current: str
    previous: str
    change: str
    total: bool
    source: str = ""  # where a register-filled figure came from (registers), with any override's reason


@dataclass(frozen=True, slots=True)
class DataTable:
    key: str
    title: str
    rows: tuple[DataRow, ...]


@dataclass(frozen=True, slots=True)
class ActionEntry:
    title: str
    question: str
    section: str
    owner: str
    due: str
    status: str


@dataclass(frozen=True, slots=True)
class ReferenceEntry:
    key: str
    title: str
    url: str
    cited_in: str  # the titles of the sections that cite it


@dataclass(frozen=True, slots=True)
class Acknowledged:
    """An exception the sign-off checks found, with the approver's written explanation."""

    problem: str
    explanation: str


@dataclass(frozen=True, slots=True)
class Statement:
    number: int
    text: str
    acknowledged: tuple[Acknowledged, ...] = ()


@dataclass(frozen=True, slots=True)
class SignOff:
    declaration: str
    name: str
    role: str
    approved_on: str
    intro: str = ""
    statements: tuple[Statement, ...] = ()  # empty: print `declaration` as one block
    one_person: bool = False  # the person who sent the year for sign-off also signed it off (allowed)
    submitted_on: str = ""


@dataclass(frozen=True, slots=True)
class CoverSheet:
    """What a governing-body paper's cover says: the meeting, the route taken, who wrote it, the ask."""

    meeting: str  # the body asked to approve: "Board of Governors"
    meeting_date: str  # "" when not set
    route: tuple[Row, ...]  # committee (label) and date (value), in the order taken
    author: str
    sponsor: str
    recommendation: str
    confidentiality: str


@dataclass(frozen=True, slots=True)
class NarrativePart:
    key: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RiskRow:
    risk: str
    inherent: str  # "4 x 5 = 20 (high)"
    residual: str
    owner: str
    trend: str
    carried_forward: bool


@dataclass(frozen=True, slots=True)
class AssuranceEntry:
    """A declaration statement and the evidence the year holds for it, in words."""

    number: int
    statement: str
    evidence: tuple[str, ...]


NARRATIVE_TITLES = (
    ("lead_summary", "The Prevent lead's summary"),
    ("developments", "Developments this year"),
    ("themes", "Themes from cases"),
    ("events_commentary", "Events and free speech"),
    ("horizon", "Horizon scanning"),
)
DEFAULT_RECOMMENDATION = ("approve the Prevent duty accountability statements and the annual data return "
                          "in this paper for submission to the Office for Students by the deadline, and note "
                          "the action plan and the risk summary.")
TRENDS = {"new": "New", "rising": "Rising", "stable": "Stable", "falling": "Falling"}


@dataclass(frozen=True, slots=True)
class BoardInput:
    """The year's report settings and narrative as the service loaded them (plain values; dates ISO)."""

    meeting: str = "governing body"
    meeting_date: str | None = None
    route: tuple[tuple[str, str | None], ...] = ()
    author: str = ""
    sponsor: str = ""
    recommendation: str = ""  # "" prints DEFAULT_RECOMMENDATION
    confidentiality: str = ""  # "" prints "Confidential: not for publication"
    narrative: Mapping[str, str] = dataclasses.field(default_factory=dict)  # NARRATIVE_TITLES key -> text
    section_commentary: Mapping[str, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RiskInput:
    risk: str
    inherent_likelihood: int
    inherent_impact: int
    residual_likelihood: int
    residual_impact: int
    owner: str
    trend: str
    carried_forward: bool = False


VERSION_LABELS = {"confidential": "Confidential: governors' version with exact figures",
                  "publishable": "Publishable version: small numbers withheld"}


@dataclass(frozen=True, slots=True)
class ReportContext:
    provider_name: str
    ukprn: str
    year: str
    framework_id: str
    framework_title: str
    framework_revision: str  # "revision 2 of 3 November 2025: <notes>", or "" for a framework never revised
    reporting_period: str
    status: str
    status_label: str
    is_draft: bool
    generated_on: str
    version: str  # "confidential" (exact figures) or "publishable" (complementary suppression)
    # executive summary
    coverage_text: str
    band: str
    band_description: str
    completeness_text: str
    questions_answered: int
    questions_applicable: int
    sections_applicable: int
    sections_total: int
    sections: tuple[SectionFigure, ...]
    strengths: tuple[Item, ...]
    priority_gaps: tuple[Item, ...]
    core_unmet: tuple[Item, ...]  # core expectations not met, which hold the band back
    # context and proportionality
    context_rows: tuple[Row, ...]
    proportionality: tuple[str, ...]
    sections_left_out: tuple[Row, ...]
    # chapters
    chapters: tuple[Chapter, ...]
    # data return
    data_tables: tuple[DataTable, ...]
    data_entered: int
    data_total: int
    data_warnings: tuple[str, ...]
    withheld_note: str  # explains "withheld" in the publishable version; "" in the confidential one
    # action plan
    actions: tuple[ActionEntry, ...]
    remaining_gaps: tuple[Item, ...]
    dismissed_gaps: tuple[Item, ...]
    # changes since last year
    previous_year: str  # "" when there is none
    previous_coverage_text: str
    overall_change_text: str
    # assurance, sign-off and references
    sign_off: SignOff
    references: tuple[ReferenceEntry, ...]
    # the board paper
    cover: CoverSheet | None = None
    narrative: tuple[NarrativePart, ...] = ()
    risks: tuple[RiskRow, ...] = ()
    assurance: tuple[AssuranceEntry, ...] = ()
    changes_in_words: tuple[str, ...] = ()
    questions_unanswered: int = 0
    # evidence register entries past their review date (registers): "Title (review by 1 March 2026)"
    stale_evidence: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return f"Prevent duty self-assessment {self.year}: {self.provider_name}"

    @property
    def version_label(self) -> str:
        return VERSION_LABELS[self.version]

    @property
    def is_confidential(self) -> bool:
        return self.version == "confidential"

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_year)

    @property
    def commented_chapters(self) -> tuple[Chapter, ...]:
        return tuple(c for c in self.chapters if c.commentary)

    @property
    def applicable_sections(self) -> tuple[SectionFigure, ...]:
        return tuple(s for s in self.sections if s.applies)

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)

    def digest(self) -> str:
        """sha256 of every value in the context, in a stable order."""
        blob = json.dumps(self.as_dict(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


# ---- building it --------------------------------------------------------------------------------------

REGISTER_NAMES = {"events": "the events register", "concerns": "the concerns record",
                  "training": "the training log", "incidents": "the incidents register"}


def _source_text(source: Mapping[str, Any] | None, version: str) -> str:
    """A register-filled figure's provenance. The publishable version names the register only: a count of
    concerns in the provenance could reveal a withheld figure."""
    if not source:
        return ""
    text = source["provenance"] if version == "confidential" else \
        f"from {REGISTER_NAMES.get(source['register'], 'a register')}"
    override = source.get("override")
    if override:
        text = f"entered in place of the register's figure ({text}): {bounded(override['reason'], 300)}"
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class ActionInput:
    """An ActionItem's fields, copied out of the row by the service."""

    question_key: str
    title: str
    owner: str
    due_date: str | None
    status: str
    dismissed_reason: str = ""


def _change_text(change: float | None, *, too_few_answers: bool = False) -> str:
    if too_few_answers:  # blank answers score nothing: a fall here would describe the blanks
        return "not yet comparable"
    if change is None:
        return "no comparison"
    if change == 0:
        return "no change"
    return f"{'up' if change > 0 else 'down'} {abs(change):g} point{'' if abs(change) == 1 else 's'}"


def _figure_change(item, current, previous, withheld_now, withheld_before) -> tuple[str, str, str]:
    """This year's and last year's figure as printed, and the change only when both are printed exactly
    (a change beside a withheld figure would reveal it). `withheld_*` is None in the confidential version."""
    if withheld_now is None:
        now_text = datareturn.exact_figure(item, current)
        before_text = datareturn.exact_figure(item, previous)
    else:
        now_text = datareturn.published_figure(item, current, withheld_now)
        before_text = datareturn.published_figure(item, previous, withheld_before or frozenset())
    exact = (isinstance(current, int) and isinstance(previous, int)
             and now_text == f"{current:,}" and before_text == f"{previous:,}")
    if not exact:
        return now_text, before_text, "not shown" if current is not None and previous is not None else ""
    difference = current - previous
    return now_text, before_text, f"{difference:+,}" if difference else "no change"


def build(
    framework: Framework,
    *,
    provider_name: str,
    ukprn: str,
    year: str,
    status: str,
    profile: Mapping[str, Any],
    data_return: Mapping[str, Any],
    answers: Mapping[str, Any],
    actions: Iterable[ActionInput] = (),
    previous_year: str | None = None,
    previous_card: Scorecard | None = None,
    previous_data_return: Mapping[str, Any] | None = None,
    sign_off: SignOff | None = None,
    generated_on: date | None = None,
    version: str = "confidential",
    board: BoardInput | None = None,
    stale_evidence: Mapping[str, str] | None = None,
    stale_entries: tuple[str, ...] = (),
    data_sources: Mapping[str, Mapping[str, Any]] | None = None,
    risks: Iterable[RiskInput] = (),
    question_set_changes: Mapping[str, tuple[int, int]] | None = None,
) -> ReportContext:
    """The report's context. `answers`: question key -> an object with value, not_applicable, na_reason,
    evidence_note and evidence_links (the stored Answer rows will do). `question_set_changes`: section key ->
    (questions added, questions retired) since last year's question set, so the changes since last year can
    say when a change comes from the question set rather than from the provider."""
    board = board or BoardInput()
    card = score(framework, profile or {}, answers, stale_evidence)
    actions = tuple(actions)
    by_question = {a.question_key: a for a in actions}
    question_texts = {q.key: (q.text, s.title) for s in framework.sections for q in s.questions}

    before = {s.key: s for s in previous_card.sections} if previous_card else {}
    figures = []
    for s in card.sections:
        prev = before.get(s.key)
        change = None
        if prev is not None and s.coverage is not None and prev.coverage is not None:
            change = round(s.coverage_rounded - prev.coverage_rounded, 1)
        figures.append(SectionFigure(
            s.key, s.code, s.title, s.applies, s.coverage_rounded, s.coverage_text, s.completeness_text,
            s.band.label, prev.coverage_text if prev else "",
            _change_text(change, too_few_answers=s.band == NOT_ENOUGH_ANSWERED) if previous_card else "",
            change))

    chapters = []
    for section, s in zip(framework.sections, card.sections, strict=True):
        entries = []
        for q in s.questions:
            if not q.applies:
                continue
            question = section.question(q.key)
            answer = answers.get(q.key)
            links = tuple(bounded(link, 500) for link in (getattr(answer, "evidence_links", None) or ()))
            shown = display_answer(question, answer) if answer is not None else NOT_ANSWERED
            entries.append(QuestionEntry(
                q.key, q.text, bounded(shown), q.answered,
                bounded(getattr(answer, "evidence_note", "") or ""), links,
                bool(getattr(answer, "carried_forward", False))))
        left_out = tuple(Row(item.title, item.reason) for item in card.left_out
                         if item.section_key == s.key and item.kind != "section")
        chapters.append(Chapter(
            s.key, s.code, s.title, section.summary, s.applies, s.why if not s.applies else "",
            s.coverage_text, s.completeness_text, s.band.label, s.band.description, s.questions_answered,
            s.questions_applicable, tuple(entries), left_out,
            bounded(board.section_commentary.get(s.key, "")) if s.applies else ""))

    summary = datareturn.summarise(framework, data_return or {}, previous_data_return)
    previous_summary = (datareturn.summarise(framework, previous_data_return)
                        if previous_data_return is not None else None)
    if version not in VERSION_LABELS:
        raise ValueError(f"no report version {version!r}")
    withheld_now = withheld_before = None
    if version == "publishable":
        withheld_now = datareturn.withheld_keys(framework, {**summary.values, **summary.totals})
        if previous_summary is not None:
            withheld_before = datareturn.withheld_keys(framework,
                                                       {**previous_summary.values, **previous_summary.totals})
    tables = []
    printed: dict[str, str] = {}
    for group in framework.data_groups:
        rows = []
        for item in (*group.fields, *group.totals):
            current = summary.figure(item.key)
            previous = previous_summary.figure(item.key) if previous_summary else None
            now_text, before_text, change = _figure_change(item, current, previous, withheld_now,
                                                           withheld_before)
            if getattr(item, "type", "") == "date":  # one date format everywhere: 7 October 2025
                now_text, before_text = _date_text(now_text), _date_text(before_text)
            printed[item.key] = now_text
            rows.append(DataRow(item.label, now_text, before_text if previous_summary else "",
                                change if previous_summary else "", item in group.totals,
                                _source_text((data_sources or {}).get(item.key), version)))
        tables.append(DataTable(group.key, group.title, tuple(rows)))

    accepted = []
    for a in actions:
        if a.status == "dismissed":
            continue
        text, section_title = question_texts.get(a.question_key, (a.question_key, ""))
        accepted.append(ActionEntry(bounded(a.title, 500), text, section_title,
                                    bounded(a.owner, 200) or "Not set", format_date(a.due_date) or "Not set",
                                    ACTION_STATUS_LABELS.get(a.status, a.status)))
    # "Not yet answered" is not a gap: only answered questions short of full marks are called gaps.
    answered_gaps = tuple(g for g in card.gaps if g.answered)
    remaining = tuple(Item(g.question_text, g.section_title, g.action) for g in answered_gaps
                      if g.question_key not in by_question)
    dismissed = tuple(Item(g.question_text, g.section_title,
                           bounded(by_question[g.question_key].dismissed_reason))
                      for g in card.gaps
                      if g.question_key in by_question and by_question[g.question_key].status == "dismissed")

    references = _references(framework, card)
    overall_change = None
    if previous_card and card.coverage is not None and previous_card.coverage is not None:
        overall_change = round(card.coverage_rounded - previous_card.coverage_rounded, 1)

    return ReportContext(
        provider_name=bounded(provider_name, 200),
        ukprn=str(ukprn),
        year=year,
        framework_id=framework.id,
        framework_title=framework.title,
        framework_revision=_revision_text(framework),
        reporting_period=framework.reporting_period,
        status=status,
        status_label=STATUS_LABELS.get(status, status),
        is_draft=status != "submitted",
        generated_on=format_date((generated_on or date.today()).isoformat()),
        version=version,
        coverage_text=card.coverage_text,
        band=card.band.label,
        band_description=card.band_text,
        completeness_text=card.completeness_text,
        questions_answered=card.questions_answered,
        questions_applicable=card.questions_applicable,
        sections_applicable=sum(1 for s in card.sections if s.applies),
        sections_total=len(card.sections),
        sections=tuple(figures),
        strengths=_strengths(card, answers),
        priority_gaps=tuple(Item(g.question_text, g.section_title, g.action)
                            for g in answered_gaps[:TOP_GAPS]),
        core_unmet=tuple(Item(c.question_text, f"{c.section_title}; answer: {bounded(c.answer, 200)}",
                              c.reason) for c in card.core_unmet),
        context_rows=tuple(Row(q.text, bounded(display_value(q, (profile or {}).get(q.key))))
                           for q in framework.profile),
        proportionality=card.proportionality,
        sections_left_out=tuple(Row(item.title, item.reason) for item in card.left_out
                                if item.kind == "section"),
        chapters=tuple(chapters),
        data_tables=tuple(tables),
        data_entered=summary.fields_entered,
        data_total=summary.fields_total,
        # The consistency warnings compare figures, so they could narrow a withheld one: governors only.
        data_warnings=tuple(w.message for w in summary.warnings) if version == "confidential" else (),
        withheld_note=datareturn.WITHHELD_NOTE if version == "publishable" else "",
        actions=tuple(accepted),
        remaining_gaps=remaining,
        dismissed_gaps=dismissed,
        previous_year=previous_year or "",
        previous_coverage_text=previous_card.coverage_text if previous_card else "",
        overall_change_text=_change_text(overall_change, too_few_answers=card.band == NOT_ENOUGH_ANSWERED)
        if previous_card else "",
        stale_evidence=tuple(stale_entries),
        sign_off=sign_off or SignOff(
            framework.declaration, "", "", "", framework.declaration_intro,
            tuple(Statement(s.number, s.text) for s in framework.declaration_statements)),
        references=references,
        cover=_cover(board),
        narrative=tuple(NarrativePart(key, title, _paragraphs(board.narrative.get(key, "")))
                        for key, title in NARRATIVE_TITLES if (board.narrative.get(key) or "").strip()),
        risks=tuple(_risk_row(r) for r in risks),
        assurance=_assurance(framework, card, answers, printed, accepted, summary, sign_off, version),
        changes_in_words=_changes_in_words(card, previous_card, previous_year, figures,
                                           question_set_changes or {}, year),
        questions_unanswered=card.questions_applicable - card.questions_answered,
    )


def _date_text(text: str) -> str:
    return format_date(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text or "") else text


def _paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs of typed text (blank lines between them); single line breaks run on."""
    parts = re.split(r"\n\s*\n", (text or "").strip())
    return tuple(bounded(" ".join(p.split())) for p in parts if p.strip())


def _quote(text: str, limit: int = 320) -> str:
    text = " ".join((text or "").split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return bounded(text)


def _strengths(card: Scorecard, answers: Mapping[str, Any]) -> tuple[Item, ...]:
    """Questions fully met, in the provider's own words: those with an evidence note first, quoting it.
    (The framework's good-practice text describes the ideal, not this provider, so it is never printed as
    a strength.)"""
    def evidence(key):
        return (getattr(answers.get(key), "evidence_note", "") or "").strip()

    ranked = sorted(card.strengths, key=lambda s: not evidence(s.question_key))
    items = []
    for s in ranked[:TOP_STRENGTHS]:
        note = evidence(s.question_key)
        proportionate = " (met in a proportionate way)" if s.proportionate else ""
        detail = (f"Our evidence{proportionate}: “{_quote(note)}”" if note
                  else f"Fully met{proportionate}; no evidence note has been recorded yet.")
        items.append(Item(s.question_text, s.section_title, detail))
    return tuple(items)


def _cover(board: BoardInput) -> CoverSheet:
    meeting = bounded(board.meeting or "governing body", 200)
    return CoverSheet(
        meeting, format_date(board.meeting_date) if board.meeting_date else "",
        tuple(Row(bounded(body, 200), format_date(when) if when else "Date not recorded")
              for body, when in board.route if body),
        bounded(board.author, 200) or "Not recorded", bounded(board.sponsor, 200) or "Not recorded",
        bounded(board.recommendation or DEFAULT_RECOMMENDATION, 2000),
        bounded(board.confidentiality or "Confidential: not for publication", 200))


RATING_WORDS = ((15, "high"), (8, "medium"), (0, "low"))


def _rating(likelihood: int, impact: int) -> str:
    product = likelihood * impact
    word = next(w for floor, w in RATING_WORDS if product >= floor)
    return f"{likelihood} × {impact} = {product} ({word})"


def _risk_row(r: RiskInput) -> RiskRow:
    return RiskRow(bounded(r.risk, 500), _rating(r.inherent_likelihood, r.inherent_impact),
                   _rating(r.residual_likelihood, r.residual_impact), bounded(r.owner, 200) or "Not set",
                   TRENDS.get(r.trend, r.trend), bool(r.carried_forward))


def _assurance(framework, card, answers, printed, accepted, summary, sign_off, version):
    """Each declaration statement with the evidence the year holds for it, in words."""
    entries = []
    for statement in framework.declaration_statements:
        lines = []
        for source in getattr(statement, "evidence", ()) or ():
            kind, _, key = source.partition(":")
            if kind == "answer":
                try:
                    _section, question = framework.question(key)
                except KeyError:
                    continue
                answer = answers.get(key)
                shown = display_answer(question, answer) if answer is not None else NOT_ANSWERED
                note = (getattr(answer, "evidence_note", "") or "").strip()
                quoted = f" Evidence: {_quote(note, 240)}" if note else ""
                lines.append(f"{question.text} {shown}.{quoted}")
            elif kind == "data":
                try:
                    label = framework.data_field(key).label
                except KeyError:
                    continue
                lines.append(f"{label}: {printed.get(key, 'not recorded')}.")
            elif source == "action_plan":
                done = sum(1 for a in accepted if a.status == "Done")
                lines.append(f"Action plan: {_count(len(accepted), 'action')} agreed, "
                             f"{done} done; each has an owner and a due date (see the action plan).")
            elif source == "data_return":
                checks = (f"; {len(summary.warnings)} figure{'s' if len(summary.warnings) != 1 else ''} "
                          "to check" if version == "confidential" and summary.warnings else "")
                lines.append(f"Data return: {summary.fields_entered} of {summary.fields_total} figures "
                             f"entered{checks}.")
            elif source == "answers":
                lines.append(f"Answers: {card.questions_answered} of {card.questions_applicable} questions "
                             "that apply have been answered.")
            elif source == "approval_date":
                approved = sign_off.approved_on if sign_off else ""
                lines.append(f"Approved by the governing body on {approved}." if approved
                             else "The date of approval is recorded at sign-off.")
        entries.append(AssuranceEntry(statement.number, statement.text,
                                      tuple(bounded(line) for line in lines)))
    return tuple(entries)


def _count(number: int, noun: str) -> str:
    words = dict(enumerate(("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")))
    return f"{words.get(number, number)} {noun}{'' if number == 1 else 's'}"


def _changes_in_words(card, previous_card, previous_year, figures, set_changes, year) -> tuple[str, ...]:
    """The changes since last year as sentences, saying when the question set changed under a section."""
    if previous_card is None:
        return ()
    sentences = []
    if card.coverage is not None and previous_card.coverage is not None:
        change = round(card.coverage_rounded - previous_card.coverage_rounded, 1)
        overall = _change_text(change, too_few_answers=card.band == NOT_ENOUGH_ANSWERED)
        sentences.append(f"Overall coverage is {card.coverage_text}, against {previous_card.coverage_text} "
                         f"in {previous_year}: {overall}.")
    unchanged, not_comparable = [], []
    for f in figures:
        if not f.applies:
            continue
        added, retired = set_changes.get(f.key, (0, 0))
        because = ""
        if added or retired:
            parts = [p for p in (f"added {_count(added, 'question')}" if added else "",
                                 f"retired {_count(retired, 'question')}" if retired else "") if p]
            because = (f" The {year} question set {' and '.join(parts)} in this section, so part of the "
                       "change comes from the changed questions rather than from the provider's "
                       "arrangements.")
        if f.change_text == "not yet comparable":
            not_comparable.append(f.title)
        elif f.change_text in ("no change", "") and not because:
            unchanged.append(f.title)
        elif f.change_text == "no comparison":
            sentences.append(f"{f.title}: new this year or not scored last year, so there is no comparison."
                             + because)
        else:
            sentences.append(f"{f.title}: {f.change_text}, from {f.previous_text} to {f.coverage_text}."
                             + because)
    if unchanged:
        sentences.append("No change in " + "; ".join(unchanged) + ".")
    if not_comparable:
        sentences.append("Not yet comparable, because fewer than 80% of their questions are answered: "
                         + "; ".join(not_comparable) + ".")
    return tuple(sentences)


def _revision_text(framework: Framework) -> str:
    if not framework.revisions:
        return ""
    latest = framework.revisions[-1]
    return f"revision {latest.number} of {format_date(latest.date)}: {latest.notes}"


def _references(framework: Framework, card: Scorecard) -> tuple[ReferenceEntry, ...]:
    """The guidance cited by the questions that apply, in order of first citation, with the sections that
    cite it. (Where in the guidance each question points is shown beside the question in the tool.)"""
    cited: dict[str, list[str]] = {}
    for section in framework.sections:
        for q in card.section(section.key).questions:
            if not q.applies:
                continue
            for guidance in section.question(q.key).guidance:
                titles = cited.setdefault(guidance.ref, [])
                if section.title not in titles:
                    titles.append(section.title)
    return tuple(ReferenceEntry(key, framework.references[key].title,
                                bounded(framework.references[key].url, 500), "; ".join(titles))
                 for key, titles in cited.items() if key in framework.references)
