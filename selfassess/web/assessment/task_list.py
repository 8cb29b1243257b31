from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ...services import assessments
from ...services.errors import Conflict
from ..forms.admin import ConfirmForm
from . import bp


@bp.route("/start", methods=["POST"])
@login_required
def start(ukprn: str):
    ConfirmForm()
    try:
        assessment = assessments.start_year(current_user, ukprn)
    except Conflict as exc:
        flash(str(exc), "info")
        return redirect(url_for("dashboard.provider_years", ukprn=ukprn))
    flash(f"You have started the {assessment.year} self-assessment.", "success")
    return redirect(url_for("assessment.task_list", ukprn=ukprn, year=assessment.year))


@bp.route("/<year>/")
@login_required
def task_list(ukprn: str, year: str):
    year_access = assessments.load_year(current_user, ukprn, year)
    tasks = assessments.build_task_list(year_access)
    return render_template("assessment/task_list.html", year=year_access, tasks=tasks)
