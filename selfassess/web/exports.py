"""Downloading a year as JSON and its data return as CSV, and filling a draft from an exported file."""

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..services import assessments, exports, imports
from ..services.errors import ValidationFailed
from .forms.import_form import ImportForm

bp = Blueprint("exports", __name__, url_prefix="/providers/<ukprn>/years/<year>")


def _attachment(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/export.json")
@login_required
def export_json(ukprn: str, year: str):
    document = exports.export_year(current_user, ukprn, year)
    body = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return _attachment(body, "application/json", f"selfassess-{document['provider']['ukprn']}-{year}.json")


@bp.route("/data-return.csv")
@login_required
def data_return_csv(ukprn: str, year: str):
    version = request.args.get("version", "confidential")
    body = exports.data_return_csv(current_user, ukprn, year, version)
    suffix = "" if version == "confidential" else f"-{version}"
    response = _attachment(body, "text/csv", f"selfassess-{ukprn}-{year}-data-return{suffix}.csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    return response


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_page(ukprn: str, year: str):
    year_access = assessments.load_year_for_edit(current_user, ukprn, year)
    form = ImportForm() if request.method == "POST" else ImportForm(formdata=None)
    problems: list[str] = []
    if request.method == "POST":
        if form.validate():
            try:
                result = imports.import_year(current_user, ukprn, year, form.read(imports.MAX_BYTES))
            except ValidationFailed as exc:
                problems = exc.problems
            else:
                flash(f"The file has been imported: {result.answers} answers, {result.data_fields} "
                      f"data-return figures and {result.action_items} actions.", "success")
                return redirect(url_for("assessment.task_list", ukprn=ukprn, year=year))
        else:
            problems = list(form.file.errors)
    status = 400 if problems else 200
    return render_template("exports/import.html", year=year_access, form=form, problems=problems), status
