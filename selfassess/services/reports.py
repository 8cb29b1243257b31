"""The annual report of a year: its plain context, its HTML preview and its PDF (cached, rendered safely).

    report_context(user, ukprn, year) -> ReportContext          tenancy enforced by assessments.load_year
    report_preview(user, ukprn, year, *, stylesheet_url, download_url) -> str     the HTML preview page
    report_pdf(user, ukprn, year, version) -> (filename, bytes, from_cache)
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
from ..report.context import Acknowledged, ActionInput, ReportContext, SignOff, Statement
from . import assessments
from .assessments import YearAccess
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
        generated_on=date.today(),
        version=version,
        **_register_facts(assessment),
    )


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
    folder = current_app.config.get("REPORT_CACHE_DIR") or Path(current_app.instance_path) / "report-cache"
    return report_cache.PdfCache(folder)


def cache_key_for(context: ReportContext) -> str:
    root = Path(current_app.root_path).parent
    files = report_cache.files_digest([root / folder for folder in REPORT_FOLDERS])
    return report_cache.cache_key(context.digest(), files)


def _limiter() -> report_limits.RenderLimiter:
    """This worker's window of recent renders (one per app, so each test's app starts afresh)."""
    return current_app.extensions.setdefault("report_render_limiter", report_limits.RenderLimiter())


def pdf_for_context(context: ReportContext) -> tuple[bytes, bool]:
    """The PDF of a context: from the cache when this exact report was rendered before, else rendered in a
    limited child process and cached. Returns (pdf, from_cache)."""
    key = cache_key_for(context)
    store = _cache()
    cached = store.get(key)
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
        timeout=float(config.get("REPORT_RENDER_TIMEOUT", render.DEFAULT_TIMEOUT_SECONDS)),
        memory_limit=config.get("REPORT_RENDER_MEMORY_LIMIT", render.DEFAULT_MEMORY_LIMIT_BYTES),
    )


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
