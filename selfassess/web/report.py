"""The year's annual report: an HTML preview in the site's layout, and the PDF to download."""

from flask import Blueprint, Response, request, url_for
from flask_login import current_user, login_required

from ..report.errors import ReportUnavailable
from ..services import reports
from ..services.errors import NotFound
from .errors import render_error


def _version() -> str:
    """?version=confidential (the default for the provider's own people: exact figures) or publishable."""
    version = request.args.get("version", "confidential")
    if version not in reports.VERSIONS:
        raise NotFound("There is no such version of the report")
    return version

bp = Blueprint("report", __name__, url_prefix="/providers/<ukprn>/years/<year>")


@bp.errorhandler(ReportUnavailable)
def _unavailable(error: ReportUnavailable):
    body, status = render_error(503, str(error))
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Retry-After"] = "60"
    return response


@bp.route("/report")
@login_required
def preview(ukprn: str, year: str):
    version = _version()
    return reports.report_preview(
        current_user, ukprn, year,
        stylesheet_url=url_for("static", filename="report/report.css"),
        download_url=url_for("report.download", ukprn=ukprn, year=year, version=version),
        version=version,
    )


@bp.route("/report.pdf")
@login_required
def download(ukprn: str, year: str):
    filename, pdf, from_cache = reports.report_pdf(current_user, ukprn, year, _version())
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Report-Cache"] = "hit" if from_cache else "miss"
    return response


@bp.route("/report.docx")
@login_required
def download_docx(ukprn: str, year: str):
    """The same report as an editable Word file (same context as the PDF and the preview)."""
    filename, data, from_cache = reports.report_docx(current_user, ukprn, year, _version())
    response = Response(data, mimetype=reports.DOCX_MIMETYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Report-Cache"] = "hit" if from_cache else "miss"
    return response
