"""Sign in and sign out."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import login_manager
from ..services import accounts
from ..services.errors import TooManyAttempts, ValidationFailed
from .forms.admin import ConfirmForm
from .forms.auth import SignInForm

bp = Blueprint("auth", __name__)


def init_app(app) -> None:
    login_manager.user_loader(accounts.user_for_session_token)


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(ch) < 32 for ch in target):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = SignInForm()
    status = 200
    if form.validate_on_submit():
        config = current_app.config
        try:
            user = accounts.authenticate(
                form.email.data, form.password.data, max_failures=config["LOGIN_MAX_FAILURES"],
                window_seconds=config["LOGIN_FAILURE_WINDOW_SECONDS"], ip=request.remote_addr,
            )
        except TooManyAttempts as exc:
            form.password.errors.append(str(exc))
            status = 429
        except ValidationFailed as exc:
            form.email.errors.append(exc.problems[0])
            status = 400
        else:
            session.clear()  # nothing planted before sign-in survives it
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or url_for("dashboard.index"))
    elif form.is_submitted():
        status = 400
    form.password.data = ""
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    ConfirmForm()  # CSRF is checked globally; the form only documents the POST
    accounts.sign_out(current_user._get_current_object())
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))
