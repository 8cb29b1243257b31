"""Static information pages that every service needs."""

from flask import Blueprint, render_template

bp = Blueprint("pages", __name__)


@bp.route("/accessibility")
def accessibility():
    return render_template("pages/accessibility.html")


@bp.route("/privacy")
def privacy():
    return render_template("pages/privacy.html")


@bp.route("/healthz")
def healthz():
    return {"status": "ok"}
