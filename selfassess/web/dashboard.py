"""The signed-in home page: the user's providers and their reporting years."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from ..services import assessments, tenancy
from .forms.admin import ConfirmForm

bp = Blueprint("dashboard", __name__)


@bp.route("/")
@login_required
def index():
    accesses = tenancy.providers_for(current_user)
    return render_template("dashboard/index.html", accesses=accesses)


@bp.route("/providers/<ukprn>/years/")
@login_required
def provider_years(ukprn: str):
    access = tenancy.provider_for(current_user, ukprn)
    years = assessments.years_for(access)
    return render_template("dashboard/provider_years.html", access=access, years=years,
                           can_start=assessments.can_start_current_year(access, years),
                           current_year=assessments.current_year(), labels=assessments.STATUS_LABELS,
                           start_form=ConfirmForm())
