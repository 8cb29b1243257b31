from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...services import data_return as data_return_service
from ...services.tasks import StaleEdit
from ..forms.data_return import build_data_return_form
from . import bp


@bp.route("/<year>/data-return", methods=["GET", "POST"])
@login_required
def data_return(ukprn: str, year: str):
    page = data_return_service.load(current_user, ukprn, year)
    status, conflict = 200, None
    if request.method == "GET":
        form = build_data_return_form(page.year.framework, values=page.values, version=page.version,
                                      completed=page.completed, sourced=page.sources)
    else:
        page.year.require_edit()
        form = build_data_return_form(page.year.framework, formdata=request.form, sourced=page.sources)
        if form.validate():
            try:
                data_return_service.save_data_return(current_user, ukprn, year, form.values(),
                                                     seen_version=form.seen_version(),
                                                     completed=form.completed.data == "yes")
            except StaleEdit as exc:
                conflict, status = exc, 409
                form.version.data = str(exc.current_version)
            else:
                flash("The data return has been saved.", "success")
                target = "assessment.check_your_answers" if request.form.get("action") == "continue" \
                    else "assessment.task_list"
                return redirect(url_for(target, ukprn=ukprn, year=year))
        else:
            status = 400
    return render_template("assessment/data_return.html", page=page, year=page.year, form=form,
                           conflict=conflict), status
