from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...services import action_plan, assessments, results
from ...services.registers import evidence
from ..forms.action_plan import ACTION_STATUSES, ActionForm, DismissForm
from . import bp


@bp.route("/<year>/results")
@login_required
def results_page(ukprn: str, year: str):
    page = results.load(current_user, ukprn, year)
    stale = evidence.stale_entries(page.year.provider.id, evidence.reference_date(page.year.assessment))
    return render_template("assessment/results.html", page=page, year=page.year, card=page.scorecard,
                           stale_evidence=stale)


@bp.route("/<year>/action-plan")
@login_required
def action_plan_page(ukprn: str, year: str):
    page = results.load(current_user, ukprn, year)
    return render_template("assessment/action_plan.html", page=page, year=page.year,
                           items=action_plan.actions_of(page.year), statuses=dict(ACTION_STATUSES))


@bp.route("/<year>/action-plan/<question_key>", methods=["GET", "POST"])
@login_required
def action(ukprn: str, year: str, question_key: str):
    year_access = assessments.load_year_for_edit(current_user, ukprn, year)
    gap, existing = action_plan.gap_for(year_access, question_key)
    if request.method == "POST":
        form = ActionForm()
        if form.validate():
            action_plan.save_action(current_user, ukprn, year, question_key, form.action())
            flash("The action plan has been updated.", "success")
            return redirect(url_for("assessment.action_plan_page", ukprn=ukprn, year=year))
    elif existing is not None and existing.status != "dismissed":
        form = ActionForm(formdata=None, data={"title": existing.title, "owner": existing.owner,
                                               "due_date": existing.due_date, "status": existing.status})
    else:
        form = ActionForm(formdata=None, data={"title": gap.action if gap else "", "status": "not_started"})
    return render_template("assessment/action_form.html", year=year_access, form=form, gap=gap,
                           question_key=question_key, statuses=ACTION_STATUSES), 400 if form.errors else 200


@bp.route("/<year>/action-plan/<question_key>/dismiss", methods=["GET", "POST"])
@login_required
def dismiss(ukprn: str, year: str, question_key: str):
    year_access = assessments.load_year_for_edit(current_user, ukprn, year)
    gap, _ = action_plan.gap_for(year_access, question_key)
    form = DismissForm() if request.method == "POST" else DismissForm(formdata=None)
    if request.method == "POST" and form.validate():
        action_plan.dismiss_gap(current_user, ukprn, year, question_key, form.reason.data)
        flash("The gap has been dismissed, with your reason.", "success")
        return redirect(url_for("assessment.results_page", ukprn=ukprn, year=year))
    return render_template("assessment/dismiss_form.html", year=year_access, form=form, gap=gap,
                           question_key=question_key), 400 if form.errors else 200
