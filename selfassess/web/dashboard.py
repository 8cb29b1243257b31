"""The signed-in home page: the user's providers and their reporting years."""

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from ..services import attention, history, tenancy
from .forms.admin import ConfirmForm

bp = Blueprint("dashboard", __name__)


@bp.route("/")
@login_required
def index():
    if current_user.is_admin:  # every provider, a page at a time and searchable: there may be a thousand
        accesses, listing = tenancy.providers_page_for(current_user, request.args.get("q"),
                                                       request.args.get("page"))
        return render_template("dashboard/index.html", accesses=accesses, listing=listing, attention={})
    accesses = tenancy.providers_for(current_user)
    notes = {access.provider.id: attention.for_provider(access) for access in accesses}
    return render_template("dashboard/index.html", accesses=accesses, listing=None, attention=notes)


@bp.route("/providers/<ukprn>/years/")
@login_required
def provider_years(ukprn: str):
    """Every year of the provider: status, coverage, band, sign-off, its documents and comparisons."""
    years = history.load(current_user, ukprn)
    return render_template("dashboard/provider_years.html", history=years, start_form=ConfirmForm(),
                           attention=attention.for_provider(years.access))
