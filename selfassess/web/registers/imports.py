"""CSV export of a register, and import in two steps: choose the file, then map its columns."""

from flask import Response, abort, flash, redirect, render_template, request
from flask_login import current_user, login_required

from ...services.errors import ValidationFailed
from ...services.registers import csv_io
from . import bp
from .entries import EVIDENCE, YEAR, _scope, register_url
from .forms import CsrfForm


def _export(ukprn, register, year):
    found = _scope(ukprn, register, year)
    name = f"{register}-{found.access.provider.ukprn}{'-' + year if year else ''}.csv"
    return Response(csv_io.export(found), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _import(ukprn, register, year):
    found = _scope(ukprn, register, year)
    found.require_edit()
    spec = found.module.REGISTER
    form = CsrfForm()
    context = {"found": found, "register": spec, "form": form, "register_url": register_url,
               "header": None, "mapping": {}, "csv_text": "", "problems": [], "error": None, "rows": 0}
    if request.method == "GET":
        return render_template("registers/import.html", **context)
    if not form.validate_on_submit():
        abort(400)
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        text = upload.read().decode("utf-8-sig", errors="replace")
    else:
        text = request.form.get("csv_text", "")
    context["csv_text"] = text
    try:
        header, rows = csv_io.read(text)
    except ValidationFailed as exc:
        context["error"] = exc.problems[0]
        return render_template("registers/import.html", **context), 400
    context.update(header=header, rows=len(rows))
    if request.form.get("step") != "map":  # the file was just chosen: guess the mapping, let them check
        context["mapping"] = csv_io.guess_mapping(spec, header)
        return render_template("registers/import.html", **context)
    mapping = {f.name: request.form.get(f"map-{f.name}", "") for f in spec.fields}
    context["mapping"] = mapping
    try:
        saved = csv_io.import_csv(current_user, found, text, mapping, upload.filename if upload else "csv")
    except csv_io.ImportRefused as exc:
        context["problems"] = exc.problem_rows[:csv_io.MAX_PROBLEMS_SHOWN]
        context["problem_count"] = len(exc.problem_rows)
        return render_template("registers/import.html", **context), 400
    flash(f"{saved:,} {spec.singular}{'s' if saved != 1 else ''} imported.", "success")
    return redirect(register_url(found))


@bp.route(f"{YEAR}/export.csv")
@login_required
def year_export(ukprn, year, register):
    return _export(ukprn, register, year)


@bp.route(f"{YEAR}/import", methods=["GET", "POST"])
@login_required
def year_import(ukprn, year, register):
    return _import(ukprn, register, year)


@bp.route(f"{EVIDENCE}/export.csv")
@login_required
def evidence_export(ukprn):
    return _export(ukprn, "evidence", None)


@bp.route(f"{EVIDENCE}/import", methods=["GET", "POST"])
@login_required
def evidence_import(ukprn):
    return _import(ukprn, "evidence", None)
