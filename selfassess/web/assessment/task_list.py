from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ...services import assessments, attention, carry_forward
from ...services.errors import Conflict
from ...services.registers import evidence
from ..forms.admin import ConfirmForm
from . import bp


@bp.route("/start", methods=["POST"])
@login_required
def start(ukprn: str):
    ConfirmForm()
    try:  # carried forward from the latest earlier year, or a plain new year when there is none
        started = carry_forward.start_next_year_with_summary(current_user, ukprn)
    except Conflict as exc:
        flash(str(exc), "info")
        return redirect(url_for("dashboard.provider_years", ukprn=ukprn))
    assessment = started.assessment
    message = f"You have started the {assessment.year} self-assessment."
    if started.carried_from:
        message += (f" Your context and {started.answers_carried} answers were carried forward from "
                    f"{started.carried_from}: check each one marked ‘Carried forward’ is still true.")
    flash(message, "success")
    return redirect(url_for("assessment.task_list", ukprn=ukprn, year=assessment.year))


@bp.route("/<year>/")
@login_required
def task_list(ukprn: str, year: str):
    year_access = assessments.load_year(current_user, ukprn, year)
    tasks = assessments.build_task_list(year_access)
    stale = evidence.stale_entries(year_access.provider.id, evidence.reference_date(year_access.assessment))
    return render_template("assessment/task_list.html", year=year_access, tasks=tasks, stale_evidence=stale,
                           sent_back=attention.sent_back_note(year_access.assessment),
                           deadline=attention.deadline(year, year_access.assessment.status))
