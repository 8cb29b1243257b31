from flask import render_template
from flask_login import current_user, login_required

from ...services import check_answers
from . import bp


@bp.route("/<year>/check-answers")
@login_required
def check_your_answers(ukprn: str, year: str):
    summary = check_answers.build(current_user, ukprn, year)
    return render_template("assessment/check_answers.html", year=summary.year, summary=summary)
