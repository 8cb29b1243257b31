"""A person's own account: change password, set up two-step sign-in, recovery codes, confirm it is you."""

import time

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user

from ..services import accounts, second_factor
from ..services.errors import ValidationFailed
from .auth import check_code, require_recent_second_factor, safe_next
from .forms.admin import ConfirmForm
from .forms.auth import ChangePasswordForm, CodeForm, EnrolForm

bp = Blueprint("account", __name__, url_prefix="/account")

PENDING_SECRET = "totp_pending_secret"  # noqa: S105 - a session key
CODES_TO_SHOW = "recovery_codes_to_show"


def _me():
    return current_user._get_current_object()


@bp.route("/")
@login_required
def index():
    user = _me()
    return render_template(
        "account/index.html", user=user, confirm=ConfirmForm(formdata=None),
        required=second_factor.required_for(user, current_app.config["MFA_REQUIRED_ROLES"]),
        codes_left=second_factor.recovery_codes_left(user) if user.has_second_factor else 0,
    )


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    user = _me()
    forced = user.must_change_password
    if form.validate_on_submit():
        try:
            user = accounts.change_own_password(user, form.current_password.data, form.new_password.data,
                                                min_length=current_app.config["PASSWORD_MIN_LENGTH"])
        except ValidationFailed as exc:
            for problem in exc.problems:
                current = problem == accounts.CURRENT_PASSWORD_ERROR
                (form.current_password if current else form.new_password).errors.append(problem)
        else:
            kept = {key: session[key] for key in ("mfa_at", "signed_in_at", "seen") if key in session}
            session.clear()
            login_user(user)  # this session carries on with the new token; every other one has ended
            session.update(kept)
            flash("Your password has been changed. You have been signed out on every other device.",
                  "success")
            return redirect(url_for("dashboard.index") if forced else url_for("account.index"))
    for field in (form.current_password, form.new_password, form.confirm_password):
        field.data = ""
    return render_template("account/change_password.html", form=form,
                           must_change=forced), 400 if form.errors else 200


@bp.route("/two-factor/set-up", methods=["GET", "POST"])
@login_required
def set_up_two_factor():
    user = _me()
    if user.has_second_factor:
        return redirect(url_for("account.index"))
    secret = session.get(PENDING_SECRET)
    if not secret:
        secret = session[PENDING_SECRET] = second_factor.new_secret()
    form = EnrolForm()
    if form.validate_on_submit():
        try:
            codes = second_factor.enrol(user, secret, form.code.data)
        except ValidationFailed as exc:
            form.code.errors.append(exc.problems[0])
        else:
            session.pop(PENDING_SECRET, None)
            session["mfa_at"] = time.time()
            session[CODES_TO_SHOW] = codes
            return redirect(url_for("account.recovery_codes"))
    uri = second_factor.provisioning_uri(secret, user.email, current_app.config["MFA_ISSUER"])
    form.code.data = ""
    return render_template(
        "account/set_up_two_factor.html", form=form, qr_code=second_factor.qr_code_data_uri(uri),
        secret=second_factor.formatted_secret(secret),
        required=second_factor.required_for(user, current_app.config["MFA_REQUIRED_ROLES"]),
    ), 400 if form.errors else 200


@bp.route("/two-factor/recovery-codes")
@login_required
def recovery_codes():
    """The recovery codes, shown once: only their digests are kept."""
    codes = session.pop(CODES_TO_SHOW, None)
    if not codes:
        return redirect(url_for("account.index"))
    return render_template("account/recovery_codes.html", codes=codes)


@bp.route("/two-factor/recovery-codes/new", methods=["POST"])
@login_required
@require_recent_second_factor
def new_recovery_codes():
    ConfirmForm()
    if not _me().has_second_factor:
        return redirect(url_for("account.index"))
    session[CODES_TO_SHOW] = second_factor.new_recovery_codes(_me())
    return redirect(url_for("account.recovery_codes"))


@bp.route("/confirm-it-is-you", methods=["GET", "POST"])
@login_required
def confirm_it_is_you():
    """The step-up check before signing off or an administrative change."""
    user = _me()
    next_path = safe_next(request.args.get("next")) or url_for("dashboard.index")
    if not user.has_second_factor:
        return redirect(next_path)
    form = CodeForm()
    accepted, status, headers = check_code(form, user, "confirm it is you")
    if accepted:
        session["mfa_at"] = time.time()
        flash("Thank you. You can carry on now.", "success")
        return redirect(next_path)
    return render_template("account/confirm_it_is_you.html", form=form), status, headers
