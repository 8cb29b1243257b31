"""The signed-in user's choice of which emails they get."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ..services import notifications

bp = Blueprint("notifications", __name__, url_prefix="/account")


@bp.route("/email-notifications", methods=["GET", "POST"])
@login_required
def preferences():
    form = FlaskForm()
    kinds = notifications.kinds_for(current_user)
    if request.method == "POST" and form.validate():
        wanted = set(request.form.getlist("kinds")) & set(kinds)
        notifications.save_preferences(current_user, kinds, wanted)
        flash("Your email settings have been saved.", "success")
        return redirect(url_for("notifications.preferences"))
    off = notifications.turned_off(current_user)
    return render_template("notifications/preferences.html", form=form, kinds=kinds, off=off,
                           labels=notifications.KIND_LABELS)
