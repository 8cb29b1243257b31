from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...services import answers, section_pages
from ...services.answers import IncompleteSection
from ...services.tasks import StaleEdit
from ..forms.questions import build_section_form
from . import bp


def _page_response(page, form, status=200, conflict=None, theirs=None):
    return render_template(
        "assessment/section.html",
        page=page,
        year=page.year,
        form=form,
        conflict=conflict,
        theirs=theirs or {},
    ), status


@bp.route("/<year>/sections/<section_key>", methods=["GET", "POST"])
@login_required
def section(ukprn: str, year: str, section_key: str):
    try:
        page = section_pages.load(current_user, ukprn, year, section_key)
    except section_pages.ContextFirst as exc:  # not a dead end: say what to do first and go there
        flash(str(exc), "info")
        return redirect(url_for("assessment.context", ukprn=ukprn, year=year))
    framework = page.year.framework
    if request.method == "GET":
        form = build_section_form(
            framework, page.questions, stored=page.stored, version=page.version, completed=page.completed
        )
        return _page_response(page, form)
    page.year.require_edit()
    form = build_section_form(framework, page.questions, formdata=request.form)
    if form.unexpected_names(request.form):
        abort(400, "The form held questions that are not on this page. Reload the page and try again.")
    if not form.validate():
        return _page_response(page, form, 400)
    try:
        answers.save_section(
            current_user,
            ukprn,
            year,
            section_key,
            form.inputs(),
            seen_version=form.seen_version(),
            completed=form.completed.data == "yes",
            year_access=page.year,
        )
    except StaleEdit as conflict:
        fresh = section_pages.load(current_user, ukprn, year, section_key)
        form.version.data = str(fresh.version)  # saving again now means "keep mine"
        return _page_response(fresh, form, 409, conflict=conflict, theirs=fresh.stored)
    except IncompleteSection as exc:
        form.mark_missing(exc.missing)
        return _page_response(page, form, 400)
    flash(f"‘{page.section.title}’ has been saved.", "success")
    if request.form.get("action") != "continue":
        return redirect(url_for("assessment.task_list", ukprn=ukprn, year=year))
    if page.next_section is not None:
        return redirect(
            url_for("assessment.section", ukprn=ukprn, year=year, section_key=page.next_section.key)
        )
    return redirect(url_for("assessment.data_return", ukprn=ukprn, year=year))
