"""Register pages: the paginated list, adding, changing and removing an entry.

A year's registers live under the year (/providers/<ukprn>/years/<year>/registers/<register>/); the
evidence register under the provider (/providers/<ukprn>/evidence/), since it carries forward."""

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...services.registers import YEAR_REGISTERS, records
from ...services.registers.records import RowInvalid
from . import bp
from .forms import CsrfForm, error_list, raw_from_request, raw_from_values

YEAR = "/providers/<ukprn>/years/<year>/registers/<register>"
EVIDENCE = "/providers/<ukprn>/evidence"


def _scope(ukprn, register, year):
    if year is not None and register not in YEAR_REGISTERS:
        abort(404)
    return records.scope(current_user, ukprn, register, year)


def register_url(found: records.Scope, action: str = "list", **values) -> str:
    """The URL of one of a register's pages, wherever the register lives."""
    ukprn = found.access.provider.ukprn
    if found.year is not None:
        return url_for(f"registers.year_{action}", ukprn=ukprn, year=found.year.assessment.year,
                       register=found.register_key, **values)
    return url_for(f"registers.evidence_{action}", ukprn=ukprn, **values)


def _page_number() -> int:
    text = request.args.get("page", "1")
    return int(text) if text.isdigit() and len(text) < 7 else 1


def _list(ukprn, register, year):
    found = _scope(ukprn, register, year)
    listing = records.listing(found, _page_number(), int(current_app.config["REGISTER_PAGE_SIZE"]))
    return render_template("registers/list.html", found=found, listing=listing,
                           today_iso=date.today().isoformat(), register=found.module.REGISTER,
                           register_url=register_url)


def _form_page(found, raw, errors, entry_id=None, status=200):
    return render_template("registers/form.html", found=found, register=found.module.REGISTER, raw=raw,
                           errors=errors, error_items=error_list(found.module.REGISTER, errors),
                           entry_id=entry_id, form=CsrfForm(), register_url=register_url), status


def _edit(ukprn, register, year, entry_id=None):
    found = _scope(ukprn, register, year)
    spec = found.module.REGISTER
    if request.method == "GET":
        found.require_edit()
        values = records.values_of(found, records.get(found, entry_id)) if entry_id else {}
        return _form_page(found, raw_from_values(spec, values), {}, entry_id)
    form = CsrfForm()
    if not form.validate_on_submit():
        abort(400)
    raw = raw_from_request(spec, request.form)
    try:
        if entry_id:
            records.change(current_user, found, entry_id, raw)
        else:
            records.add(current_user, found, raw)
    except RowInvalid as exc:
        return _form_page(found, raw, exc.errors, entry_id, 400)
    flash(f"The {spec.singular} has been {'changed' if entry_id else 'added'}.", "success")
    return redirect(register_url(found))


def _remove(ukprn, register, year, entry_id):
    found = _scope(ukprn, register, year)
    if not CsrfForm().validate_on_submit():
        abort(400)
    records.remove(current_user, found, entry_id)
    flash(f"The {found.module.REGISTER.singular} has been removed.", "success")
    return redirect(register_url(found))


@bp.route(f"{YEAR}/")
@login_required
def year_list(ukprn, year, register):
    return _list(ukprn, register, year)


@bp.route(f"{YEAR}/new", methods=["GET", "POST"])
@login_required
def year_new(ukprn, year, register):
    return _edit(ukprn, register, year)


@bp.route(f"{YEAR}/<int:entry_id>", methods=["GET", "POST"])
@login_required
def year_edit(ukprn, year, register, entry_id):
    return _edit(ukprn, register, year, entry_id)


@bp.route(f"{YEAR}/<int:entry_id>/remove", methods=["POST"])
@login_required
def year_remove(ukprn, year, register, entry_id):
    return _remove(ukprn, register, year, entry_id)


@bp.route(f"{EVIDENCE}/")
@login_required
def evidence_list(ukprn):
    return _list(ukprn, "evidence", None)


@bp.route(f"{EVIDENCE}/new", methods=["GET", "POST"])
@login_required
def evidence_new(ukprn):
    return _edit(ukprn, "evidence", None)


@bp.route(f"{EVIDENCE}/<int:entry_id>", methods=["GET", "POST"])
@login_required
def evidence_edit(ukprn, entry_id):
    return _edit(ukprn, "evidence", None, entry_id)


@bp.route(f"{EVIDENCE}/<int:entry_id>/remove", methods=["POST"])
@login_required
def evidence_remove(ukprn, entry_id):
    return _remove(ukprn, "evidence", None, entry_id)
