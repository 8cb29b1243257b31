from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...services import assessments
from ...services.context import save_context
from ...services.tasks import StaleEdit, version_of
from ..forms.context import build_context_form
from . import bp


@bp.route("/<year>/context", methods=["GET", "POST"])
@login_required
def context(ukprn: str, year: str):
    year_access = assessments.load_year(current_user, ukprn, year)
    framework, assessment = year_access.framework, year_access.assessment
    status, conflict = 200, None
    if request.method == "GET":
        form = build_context_form(
            framework, profile=assessment.profile, version=version_of(assessment, "context")
        )
    else:
        year_access.require_edit()
        form = build_context_form(framework, formdata=request.form)
        continuing = request.form.get("action") == "continue"
        if form.validate() and (not continuing or form.require_all()):
            try:
                flagged = save_context(
                    current_user, ukprn, year, form.profile(), seen_version=form.seen_version()
                )
            except StaleEdit as exc:
                conflict, status = exc, 409
                form.version.data = str(exc.current_version)
            else:
                message = "Your provider's context has been saved."
                if flagged:
                    message += " Check these sections again, because what applies has changed: " + ", ".join(
                        flagged
                    )
                flash(message, "success")
                return redirect(url_for("assessment.task_list", ukprn=ukprn, year=year))
        else:
            status = 400
    return render_template(
        "assessment/context.html",
        year=year_access,
        form=form,
        conflict=conflict,
        saved_profile=assessment.profile or {},
    ), status
