"""The annual report of a year: its plain context, its HTML preview and its PDF (cached, rendered safely).

    report_context(user, ukprn, year) -> ReportContext          tenancy enforced by assessments.load_year
    report_preview(user, ukprn, year, *, stylesheet_url, download_url) -> str     the HTML preview page
    report_pdf(user, ukprn, year, version) -> (filename, bytes, from_cache)
    report_docx(user, ukprn, year, version) -> (filename, bytes, from_cache)   the same report as a Word file
        version "confidential" (exact figures; a submitted year's stored PDF) or "publishable" (small
        numbers withheld with complementary suppression; rendered from the stored, locked data)
    operator_report_pdf(ukprn, year) -> (filename, bytes, from_cache)             for the CLI: no user
    signoff_context(year_access, pending) -> ReportContext      the final report as it will be signed off

Rendering failures, timeouts, a busy renderer and too many renders of one provider's reports in a minute
(REPORT_RENDERS_PER_MINUTE; cached and stored PDFs do not count) raise report.errors.ReportUnavailable (a
DomainError), which the web layer shows as a 503 page and the CLI as one line.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..framework import get_framework
from ..models import ActionItem, Assessment, Provider, ReportSnapshot
from ..report import cache as report_cache
from ..report import context as report_context_module
from ..report import limits as report_limits
from ..report.context import (
    Acknowledged,
    ActionInput,
    BoardInput,
    ReportContext,
    RiskInput,
    SignOff,
    Statement,
)
from . import assessments, board_paper
from .assessments import YearAccess
from .compare import continuing_keys
from .presenting import format_date
from .results import scorecard_for

# Everything the PDF is drawn from: a change to any of these files makes a new cache key.
REPORT_FOLDERS = ("templates/report", "templates/components", "static/report")


VERSIONS = ("confidential", "publishable")


def _sign_off(framework, assessment: Assessment, pending=None) -> SignOff:
    """The sign-off as the report prints it: the stored one of a submitted year, the one being recorded
    (`pending`, a services.signoff.Pending) when rendering the final PDF, else blank lines to fill in."""
    source = pending or assessment
    name = getattr(source, "signed_off_name", None) or ""
    role = getattr(source, "signed_off_role", None) or ""
    approved = getattr(source, "governing_body_approved_on", None) or ""
    exceptions = getattr(source, "signoff_exceptions", None) or []
    submitted = getattr(source, "submitted_at", None)
    statements = tuple(
        Statement(s.number, s.text, tuple(
            Acknowledged(report_context_module.bounded(e.get("problem", ""), 1000),
                         report_context_module.bounded(e.get("explanation", ""), 1000))
            for e in exceptions if e.get("statement") == s.number))
        for s in framework.declaration_statements)
    declaration = getattr(assessment, "declaration", None) if pending is None else None
    return SignOff(declaration or framework.declaration, report_context_module.bounded(name, 200),
                   report_context_module.bounded(role, 200), format_date(approved),
                   framework.declaration_intro, statements,
                   bool(getattr(source, "signed_off_by_sender", False)),
                   format_date(submitted.date().isoformat()) if submitted else "")


def _load_context(provider: Provider, assessment: Assessment, earlier: Assessment | None, *,
                  version: str = "confidential", pending=None) -> ReportContext:
    framework = get_framework(assessment.framework_id)
    actions = [ActionInput(a.question_key, a.title or "", a.owner or "", a.due_date, a.status,
                           a.dismissed_reason or "")
               for a in db.session.scalars(select(ActionItem).where(ActionItem.assessment_id == assessment.id)
                                           .order_by(ActionItem.due_date, ActionItem.id))]
    return report_context_module.build(
        framework,
        provider_name=provider.name,
        ukprn=provider.ukprn,
        year=assessment.year,
        status="submitted" if pending is not None else assessment.status,
        profile=assessment.profile or {},
        data_return=assessment.data_return or {},
        answers=assessments.answers_of(assessment),
        actions=actions,
        previous_year=earlier.year if earlier else None,
        previous_card=scorecard_for(earlier) if earlier else None,
        previous_data_return=(earlier.data_return or {}) if earlier else None,
        sign_off=_sign_off(framework, assessment, pending),
        # A submitted year's report is dated by its submission, so the preview, the PDF and the Word file
        # rebuilt from the stored (locked) year and sign-off say what the stored PDF says.
        generated_on=assessment.submitted_at.date() if assessment.status == "submitted" and
        assessment.submitted_at and pending is None else date.today(),
        version=version,
        board=board_input(assessment),
        risks=[RiskInput(r.risk, r.inherent_likelihood, r.inherent_impact, r.residual_likelihood,
                         r.residual_impact, r.owner or "", r.trend, r.carried_forward)
               for r in board_paper.risks_of_assessment(assessment)],
        question_set_changes=question_set_changes(get_framework(earlier.framework_id), framework)
        if earlier is not None else None,
        **_register_facts(assessment),
    )


def board_input(assessment: Assessment) -> BoardInput:
    """The year's report settings and narrative for the report context (defaults where nothing is set)."""
    paper = board_paper.board_paper_of(assessment)
    settings, narrative = paper.settings, paper.narrative
    return BoardInput(
        meeting=paper.meeting, meeting_date=settings.meeting_date, route=settings.route,
        author=settings.author, sponsor=settings.sponsor, recommendation=paper.recommendation,
        confidentiality=paper.confidentiality,
        narrative={name: getattr(narrative, name) for name, _ in board_paper.NARRATIVE_FIELDS},
        section_commentary=dict(narrative.section_commentary))


def question_set_changes(before, after) -> dict[str, tuple[int, int]]:
    """Section key -> (questions added, questions retired) between last year's question set and this one's.
    A question that continues an earlier one (`replaces`) is neither."""
    if before.id == after.id:
        return {}
    continuing = continuing_keys(before, after)
    carried_on = set(continuing.values())
    result = {}
    for section in after.sections:
        added = sum(1 for q in section.questions if q.key not in continuing)
        retired = 0
        if section.key in {s.key for s in before.sections}:
            retired = sum(1 for q in before.section(section.key).questions if q.key not in carried_on)
        if added or retired:
            result[section.key] = (added, retired)
    return result


def _register_facts(assessment: Assessment) -> dict:
    """What the registers add to the report: stale evidence (which also lowers a Yes resting only on it)
    and where each register-filled data-return figure came from."""
    from .registers import evidence, fill

    on = evidence.reference_date(assessment)
    stale = tuple(f"{e.title} (review by {date.fromisoformat(e.review_by):%-d %B %Y})"
                  for e in evidence.stale_entries(assessment.provider_id, on))
    sources = {key: fill.provenance_of(assessment, key) for key in (assessment.data_return_sources or {})}
    return {"stale_evidence": evidence.stale_facts(assessment, on), "stale_entries": stale,
            "data_sources": sources}


def context_for(year_access: YearAccess, version: str = "confidential") -> ReportContext:
    return _load_context(year_access.provider, year_access.assessment, assessments.previous_year(year_access),
                         version=version)


def signoff_context(year_access: YearAccess, pending) -> ReportContext:
    """The confidential report as it will be stored when the pending sign-off is recorded."""
    return _load_context(year_access.provider, year_access.assessment, assessments.previous_year(year_access),
                         pending=pending)


def report_context(user, ukprn: str, year: str, version: str = "confidential") -> ReportContext:
    return context_for(assessments.load_year(user, ukprn, year), version)


def filename_for(context: ReportContext) -> str:
    suffix = "" if context.status == "submitted" else "-draft"
    version = "" if context.is_confidential else "-publishable"
    return f"prevent-self-assessment-{context.ukprn}-{context.year}{suffix}{version}.pdf"


def report_preview(user, ukprn: str, year: str, *, stylesheet_url: str, download_url: str,
                   version: str = "confidential") -> str:
    from ..report import render

    context = report_context(user, ukprn, year, version)
    return render.render_html(context, preview=True, stylesheet_url=stylesheet_url, download_url=download_url)


def _cache() -> report_cache.PdfCache:
    config = current_app.config
    folder = config.get("REPORT_CACHE_DIR") or Path(current_app.instance_path) / "report-cache"
    return report_cache.PdfCache(folder, max_bytes=config["REPORT_CACHE_MAX_BYTES"],
                                 max_age=config["REPORT_CACHE_MAX_AGE"])


def _render_timeout() -> float:
    from ..report import render

    return float(current_app.config.get("REPORT_RENDER_TIMEOUT", render.DEFAULT_TIMEOUT_SECONDS))


def _host_slots() -> report_limits.HostRenderSlots:
    config = current_app.config
    folder = config.get("REPORT_RENDER_SLOTS_DIR") or Path(current_app.instance_path) / "render-slots"
    return report_limits.HostRenderSlots(folder, int(config["REPORT_RENDERS_PER_HOST"]))


def cache_key_for(context: ReportContext) -> str:
    root = Path(current_app.root_path).parent
    files = report_cache.files_digest([root / folder for folder in REPORT_FOLDERS])
    return report_cache.cache_key(context.digest(), files)


def _limiter() -> report_limits.RenderLimiter:
    """This worker's window of recent renders (one per app, so each test's app starts afresh)."""
    return current_app.extensions.setdefault("report_render_limiter", report_limits.RenderLimiter())


def pdf_for_context(context: ReportContext) -> tuple[bytes, bool]:
    """The PDF of a context: from the cache when this exact report was rendered before, else rendered in a
    limited child process and cached. Returns (pdf, from_cache).

    Single flight: concurrent requests for the same report (any worker, any host sharing the cache folder)
    wait on the key's lock while one of them renders, then read its entry; a waiter gives up with
    RenderBusy at the render timeout. A cache that cannot be read or written only costs a render."""
    key = cache_key_for(context)
    store = _cache()
    cached = store.get(key)
    if cached is not None:
        return cached, True
    with store.single_flight(key, _render_timeout()):
        cached = store.get(key)  # rendered by another request while this one waited
        if cached is not None:
            return cached, True
        _limiter().admit(context.ukprn, int(current_app.config["REPORT_RENDERS_PER_MINUTE"]))
        pdf = render_pdf(context)
        store.put(key, pdf)
    return pdf, False


def render_pdf(context: ReportContext) -> bytes:
    """Render a context to PDF now (no cache), within the configured time and memory limits."""
    from ..report import render

    config = current_app.config
    static_folder = current_app.static_folder
    render.warm_up(static_folder)
    html = render.render_html(context)
    return render.html_to_pdf(
        html, static_folder=static_folder, title=context.title, author=context.provider_name,
        timeout=_render_timeout(),
        memory_limit=config.get("REPORT_RENDER_MEMORY_LIMIT", render.DEFAULT_MEMORY_LIMIT_BYTES),
        nice=int(config["REPORT_RENDER_NICE"]), host_slot=_host_slots().slot,
        # Tests only: a pause inside the child, to have a render slow enough to interrupt.
        test_delay=float(config.get("REPORT_RENDER_TEST_DELAY", 0)) if config["TESTING"] else 0.0,
    )


# ---- the Word file ------------------------------------------------------------------------------------

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_SOURCE = Path(__file__).resolve().parent.parent / "report" / "docx.py"


class _DocxCache(report_cache.PdfCache):
    """The same atomic on-disk cache, holding .docx files beside the PDFs."""

    def path_for(self, key: str) -> Path:
        return super().path_for(key).with_suffix(".docx")


def docx_filename_for(context: ReportContext) -> str:
    return filename_for(context).removesuffix(".pdf") + ".docx"


def docx_for_context(context: ReportContext) -> tuple[bytes, bool]:
    """The Word file of a context, cached like the PDF: keyed by the whole context and the writer's code."""
    from ..report import docx as report_docx

    key = report_cache.cache_key(context.digest(), "docx\n" + DOCX_SOURCE.read_text("utf-8"))
    store = _DocxCache(_cache().folder)
    cached = store.get(key)
    if cached is not None:
        return cached, True
    data = report_docx.to_docx(context)
    store.put(key, data)
    return data, False


def report_docx(user, ukprn: str, year: str, version: str = "confidential") -> tuple[str, bytes, bool]:
    """The year's Word file. A submitted year's is built from its stored, locked answers and stored sign-off
    (name, role, dates, acknowledged exceptions), dated by its submission, so it says what the stored PDF
    says."""
    context = context_for(assessments.load_year(user, ukprn, year), version)
    data, from_cache = docx_for_context(context)
    return docx_filename_for(context), data, from_cache


def operator_report_docx(ukprn: str, year: str, version: str = "confidential") -> tuple[str, bytes, bool]:
    context = operator_report_context(ukprn, year, version)
    data, from_cache = docx_for_context(context)
    return docx_filename_for(context), data, from_cache


def _stored(assessment: Assessment) -> tuple[str, bytes] | None:
    """A submitted year's PDF exactly as it was submitted, whatever has changed in the templates since."""
    if assessment.status != "submitted":
        return None
    snapshot = db.session.scalar(select(ReportSnapshot).where(ReportSnapshot.assessment_id == assessment.id)
                                 .order_by(ReportSnapshot.number.desc()).limit(1))
    return (snapshot.filename, bytes(snapshot.pdf)) if snapshot is not None else None


def report_pdf(user, ukprn: str, year: str, version: str = "confidential") -> tuple[str, bytes, bool]:
    """The year's PDF: the stored one for a submitted year (a 'hit'; the confidential version is what was
    signed off), else rendered or from the cache."""
    year_access = assessments.load_year(user, ukprn, year)
    stored = _stored(year_access.assessment) if version == "confidential" else None
    if stored is not None:
        return stored[0], stored[1], True
    context = context_for(year_access, version)
    pdf, from_cache = pdf_for_context(context)
    return filename_for(context), pdf, from_cache


def operator_report_context(ukprn: str, year: str, version: str = "confidential") -> ReportContext:
    provider, assessment = assessments.operator_year(ukprn, year)
    return _load_context(provider, assessment, assessments.previous_year_of(assessment), version=version)


def operator_report_pdf(ukprn: str, year: str, version: str = "confidential") -> tuple[str, bytes, bool]:
    stored = _stored(assessments.operator_year(ukprn, year)[1]) if version == "confidential" else None
    if stored is not None:
        return stored[0], stored[1], True
    context = operator_report_context(ukprn, year, version)
    pdf, from_cache = pdf_for_context(context)
    return filename_for(context), pdf, from_cache
