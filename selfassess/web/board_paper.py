"""The board paper's own pages: report settings, the narrative and the risk register summary. Editors use
them while the year is a draft; every page works without JavaScript (removing a risk has its own
confirmation page rather than a script dialog)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import personal_data
from ..services import assessments, board_paper
from ..services.board_paper import NARRATIVE_FIELDS, TRENDS, PersonalDataWarning
from .forms.board_paper import RATINGS, RiskForm, SettingsForm, narrative_form_class

bp = Blueprint("board_paper", __name__, url_prefix="/providers/<ukprn>/years/<year>/report")

NARRATIVE_HINTS = {
    "lead_summary": "A few paragraphs for governors: how the year went and what they should take from it.",
    "developments": "Key changes: a new lead, a new policy, the free-speech code, training, partnerships.",
    "themes": "Themes from referrals and cases, anonymised: no names, dates of birth or details that could "
    "identify anyone.",
    "events_commentary": "What the events and free-speech figures in the data return show, and why.",
    "horizon": "What is coming: changes in guidance, in the local risk picture or in the provider.",
}


def _back(ukprn, year):
    return url_for("report.preview", ukprn=ukprn, year=year)


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings(ukprn: str, year: str):
    year_access = assessments.load_year_for_edit(current_user, ukprn, year)
    paper = board_paper.settings_of(year_access)
    if request.method == "POST":
        form = SettingsForm()
        if form.validate():
            board_paper.save_settings(current_user, ukprn, year, form.settings())
            flash("The report settings have been saved.", "success")
            return redirect(_back(ukprn, year))
    else:
        form = SettingsForm(formdata=None, data=SettingsForm.data_from(paper.settings))
    return render_template(
        "board_paper/settings.html",
        year=year_access,
        form=form,
        default_recommendation=board_paper.default_recommendation(
            paper.settings.meeting or board_paper.DEFAULT_MEETING
        ),
        default_confidentiality=board_paper.DEFAULT_CONFIDENTIALITY,
        stages=range(1, board_paper.ROUTE_STAGES + 1),
    ), 400 if form.errors else 200


@bp.route("/narrative", methods=["GET", "POST"])
@login_required
def narrative(ukprn: str, year: str):
    year_access = assessments.load_year_for_edit(current_user, ukprn, year)
    sections = [(s.key, s.title) for s in year_access.framework.sections]
    form_class = narrative_form_class(sections)
    found = {}
    if request.method == "POST":
        form = form_class()
        if form.validate():
            try:
                board_paper.save_narrative(
                    current_user,
                    ukprn,
                    year,
                    form.narrative(),
                    confirmed=bool(form.confirm_personal_data.data),
                )
            except PersonalDataWarning as warning:
                found = warning.found
            else:
                flash("The narrative has been saved.", "success")
                return redirect(_back(ukprn, year))
    else:
        form = form_class(
            formdata=None, data=form_class.data_from(board_paper.settings_of(year_access).narrative)
        )
    fields = [(name, label, NARRATIVE_HINTS[name]) for name, label in NARRATIVE_FIELDS]
    return render_template(
        "board_paper/narrative.html",
        year=year_access,
        form=form,
        fields=fields,
        found=found,
        describe=personal_data.describe,
    ), 400 if form.errors or found else 200


@bp.route("/risks")
@login_required
def risks(ukprn: str, year: str):
    year_access = assessments.load_year_for_edit(current_user, ukprn, year)
    return render_template(
        "board_paper/risks.html",
        year=year_access,
        risks=board_paper.risks_of(year_access),
        trends=dict(TRENDS),
    )


def _risk_page(year_access, form, number=None):
    return render_template(
        "board_paper/risk_form.html",
        year=year_access,
        form=form,
        number=number,
        ratings=RATINGS,
        trends=TRENDS,
    ), 400 if form.errors else 200


@bp.route("/risks/new", methods=["GET", "POST"])
@login_required
def add_risk(ukprn: str, year: str):
    year_access = assessments.load_year_for_edit(current_user, ukprn, year)
    form = RiskForm() if request.method == "POST" else RiskForm(formdata=None, data={"trend": "stable"})
    if request.method == "POST" and form.validate():
        board_paper.save_risk(current_user, ukprn, year, form.risk_input())
        flash("The risk has been added.", "success")
        return redirect(url_for("board_paper.risks", ukprn=ukprn, year=year))
    return _risk_page(year_access, form)


@bp.route("/risks/<int:number>", methods=["GET", "POST"])
@login_required
def edit_risk(ukprn: str, year: str, number: int):
    year_access = assessments.load_year_for_edit(current_user, ukprn, year)
    row = board_paper.risk(year_access, number)
    form = RiskForm() if request.method == "POST" else RiskForm(formdata=None, data=RiskForm.data_from(row))
    if request.method == "POST" and form.validate():
        board_paper.save_risk(current_user, ukprn, year, form.risk_input(), risk_id=number)
        flash("The risk has been updated.", "success")
        return redirect(url_for("board_paper.risks", ukprn=ukprn, year=year))
    return _risk_page(year_access, form, number)


@bp.route("/risks/<int:number>/remove", methods=["GET", "POST"])
@login_required
def remove_risk(ukprn: str, year: str, number: int):
    year_access = assessments.load_year_for_edit(current_user, ukprn, year)
    row = board_paper.risk(year_access, number)
    if request.method == "POST":
        board_paper.remove_risk(current_user, ukprn, year, number)
        flash("The risk has been removed.", "success")
        return redirect(url_for("board_paper.risks", ukprn=ukprn, year=year))
    return render_template("board_paper/remove_risk.html", year=year_access, risk=row)
