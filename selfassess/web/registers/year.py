"""The year's registers at a glance, overriding a register's data-return figure, citing evidence."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...services import assessments
from ...services.registers import citations, dashboard, fill
from ...services.registers.records import RowInvalid
from . import bp
from .entries import register_url  # noqa: F401  (templates use it through the context below)
from .forms import CsrfForm

YEAR = "/providers/<ukprn>/years/<year>"


@bp.route(f"{YEAR}/registers/")
@login_required
def year_home(ukprn, year):
    board = dashboard.load(current_user, ukprn, year)
    return render_template("registers/year.html", board=board, year=board.year)


@bp.route(f"{YEAR}/data-return/<key>/override", methods=["GET", "POST"])
@login_required
def override(ukprn, year, key):
    year_access = assessments.load_year_for_edit(current_user, ukprn, year)
    source = fill.provenance_of(year_access.assessment, key)
    if source is None:
        abort(404)
    label = year_access.framework.data_field(key).label
    form, errors = CsrfForm(), {}
    raw = {"value": str(source["override"]["value"]) if source["override"] else "",
           "reason": source["override"]["reason"] if source["override"] else ""}
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        raw = {"value": (request.form.get("value") or "").strip()[:20],
               "reason": (request.form.get("reason") or "")[:3000]}
        if request.form.get("action") == "clear":
            fill.clear_override(current_user, ukprn, year, key)
            flash(f"{label}: the register's figure is used again.", "success")
            return redirect(url_for("assessment.data_return", ukprn=ukprn, year=year) + f"#figure-{key}")
        text = raw["value"].replace(",", "")
        value = int(text) if text.isdigit() and len(text) < 10 else None
        try:
            fill.override(current_user, ukprn, year, key, value, raw["reason"])
        except RowInvalid as exc:
            errors = exc.errors
        else:
            flash(f"{label}: your figure is used, with your reason.", "success")
            return redirect(url_for("assessment.data_return", ukprn=ukprn, year=year) + f"#figure-{key}")
    return render_template("registers/override.html", year=year_access, key=key, label=label, source=source,
                           raw=raw, errors=errors, form=form), (400 if errors else 200)


@bp.route(f"{YEAR}/evidence-citations/<question_key>", methods=["GET", "POST"])
@login_required
def cite(ukprn, year, question_key):
    page = citations.load(current_user, ukprn, year, question_key)
    form = CsrfForm()
    if request.method == "POST":
        page.year.require_edit()
        if not form.validate_on_submit():
            abort(400)
        ids = [int(v) for v in request.form.getlist("evidence") if v.isdigit() and len(v) < 10]
        citations.cite(current_user, ukprn, year, question_key, ids)
        flash("The evidence this answer rests on has been saved.", "success")
        section_key = page.year.framework.question(question_key)[0].key
        return redirect(url_for("assessment.section", ukprn=ukprn, year=year, section_key=section_key))
    return render_template("registers/cite.html", page=page, year=page.year, form=form)
