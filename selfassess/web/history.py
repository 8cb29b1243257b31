"""A provider's years over time: two years compared side by side. (The list of years itself is the
dashboard's provider page.)"""

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from ..services import compare as comparing
from ..services.errors import ValidationFailed

bp = Blueprint("history", __name__)


@bp.route("/providers/<ukprn>/compare")
@login_required
def compare(ukprn: str):
    try:
        comparison = comparing.compare(current_user, ukprn, request.args.get("from"), request.args.get("to"))
    except ValidationFailed as exc:
        abort(400, " ".join(exc.problems))
    return render_template("history/compare.html", c=comparison)
