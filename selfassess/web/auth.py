"""Sign in (password, then a code from an authenticator app where one is set up), sign out, and the gate
that keeps a signed-in person on the page they must complete first (a new password, a second factor)."""

import hashlib
import time
from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..extensions import login_manager
from ..models import normalise_email
from ..services import accounts, second_factor, sign_in_limits
from ..services.errors import TooManyAttempts, ValidationFailed
from .forms.admin import ConfirmForm
from .forms.auth import CodeForm, SignInForm

bp = Blueprint("auth", __name__)

PENDING_SECONDS = 5 * 60  # between a correct password and the code
DEVICE_COOKIE = "selfassess_device"  # "__Host-" in front when cookies are Secure (production)
# Where a person who must change their password, or set up a second factor, may still go.
ALWAYS_ALLOWED = {"static", "auth.logout", "auth.login", "pages.accessibility", "pages.privacy"}
PASSWORD_PAGES = {"account.change_password"}
ENROLMENT_PAGES = {"account.set_up_two_factor", "account.recovery_codes"}


def init_app(app) -> None:
    login_manager.user_loader(accounts.user_for_session_token)
    app.before_request(_gate)


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(ch) < 32 for ch in target):
        return None
    return target


# ---- the gate ---------------------------------------------------------------------------------------

def _session_expired() -> bool:
    """Idle for SESSION_IDLE_SECONDS, or signed in longer ago than PERMANENT_SESSION_LIFETIME: sign in again.
    The last-seen time is refreshed at most once a minute, so the cookie is not rewritten on every request."""
    now = time.time()
    started, seen = session.setdefault("signed_in_at", now), session.setdefault("seen", now)
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    if now - seen > current_app.config["SESSION_IDLE_SECONDS"] or now - started > lifetime:
        return True
    if now - seen > 60:
        session["seen"] = now
    return False


def _gate():
    if not current_user.is_authenticated or request.endpoint == "static":
        return None
    if _session_expired():
        logout_user()
        session.clear()
        idle = current_app.config["SESSION_IDLE_SECONDS"] // 60
        hours = current_app.permanent_session_lifetime.total_seconds() / 3600
        flash(f"You have been signed out to keep your account safe: after {idle} minutes without use, or "
              f"{hours:g} hours in all. Sign in again.", "error")
        return redirect(url_for("auth.login"))
    if request.endpoint in ALWAYS_ALLOWED:
        return None
    user = current_user._get_current_object()
    if user.has_second_factor and not session.get("mfa_at"):
        logout_user()  # a session that never passed the second factor (should not exist): start again
        session.clear()
        return redirect(url_for("auth.login"))
    if user.must_change_password:
        return None if request.endpoint in PASSWORD_PAGES else redirect(url_for("account.change_password"))
    roles = current_app.config["MFA_REQUIRED_ROLES"]
    if not user.has_second_factor and roles and second_factor.required_for(user, roles):
        return None if request.endpoint in ENROLMENT_PAGES else redirect(url_for("account.set_up_two_factor"))
    return None


# ---- step-up ----------------------------------------------------------------------------------------

def second_factor_is_recent() -> bool:
    checked = session.get("mfa_at")
    return bool(checked) and time.time() - checked <= current_app.config["MFA_STEP_UP_SECONDS"]


def _return_path() -> str:
    if request.method in ("GET", "HEAD"):
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host:
        return safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else "")) or url_for(
            "dashboard.index")
    return url_for("dashboard.index")


def require_recent_second_factor(view):
    """Before signing off or an administrative change: a person with a second factor must have used it in
    the last MFA_STEP_UP_SECONDS, or is sent to enter a code and then back to the page they came from
    (for a POST, the page its form was on, to submit again). Put it below @login_required."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if step_up_needed():
            return step_up(_return_path())
        return view(*args, **kwargs)

    return wrapped


def step_up_needed() -> bool:
    """The signed-in person has a second factor and has not used it within MFA_STEP_UP_SECONDS."""
    user = current_user
    return bool(user.is_authenticated and user.has_second_factor and not second_factor_is_recent())


def step_up(next_path: str):
    """Ask for a code, then go on to next_path (a path on this site)."""
    return redirect(url_for("account.confirm_it_is_you", next=next_path))


# ---- the device cookie: browsers that have signed in to an account before -------------------------------

def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="selfassess-known-device")


def _device_cookie_name() -> str:
    return ("__Host-" if current_app.config["SESSION_COOKIE_SECURE"] else "") + DEVICE_COOKIE


def _email_mark(email: str) -> str:
    return hashlib.sha256(f"device:{normalise_email(email)}".encode()).hexdigest()[:24]


def _known_accounts() -> list[str]:
    raw = request.cookies.get(_device_cookie_name())
    if not raw:
        return []
    try:
        marks = _device_serializer().loads(raw, max_age=current_app.config["DEVICE_COOKIE_DAYS"] * 86400)
    except BadSignature:
        return []
    return [m for m in marks if isinstance(m, str)] if isinstance(marks, list) else []


def _remember_device(response, email: str):
    marks = [_email_mark(email)] + [m for m in _known_accounts() if m != _email_mark(email)]
    config = current_app.config
    response.set_cookie(
        _device_cookie_name(), _device_serializer().dumps(marks[:5]),
        max_age=config["DEVICE_COOKIE_DAYS"] * 86400, secure=config["SESSION_COOKIE_SECURE"],
        httponly=True, samesite="Lax", path="/",
    )
    return response


# ---- views ------------------------------------------------------------------------------------------

def _signed_in(user, next_path: str | None, *, second_factor_checked: bool):
    session.clear()  # nothing planted before sign-in survives it
    login_user(user)
    session["signed_in_at"] = session["seen"] = time.time()
    if second_factor_checked:
        session["mfa_at"] = time.time()
    return _remember_device(redirect(next_path or url_for("dashboard.index")), user.email)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = SignInForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        email = form.email.data
        try:
            user = accounts.authenticate(
                email, form.password.data, ip=request.remote_addr,
                limits=sign_in_limits.Limits.from_config(current_app.config),
                trusted_device=_email_mark(email) in _known_accounts(),
            )
        except TooManyAttempts as exc:
            form.password.errors.append(str(exc))
            status, headers = 429, {"Retry-After": str(exc.retry_after)}
        except ValidationFailed as exc:
            form.email.errors.append(exc.problems[0])
            status = 400
        else:
            next_path = safe_next(request.args.get("next"))
            if user.has_second_factor:
                session.clear()
                session["mfa_pending"] = {"token": user.session_token, "at": time.time(), "next": next_path}
                return redirect(url_for("auth.second_factor"))
            return _signed_in(user, next_path, second_factor_checked=False)
    elif form.is_submitted():
        status = 400
    form.password.data = ""
    return render_template("auth/login.html", form=form), status, headers


@bp.route("/login/two-factor", methods=["GET", "POST"], endpoint="second_factor")
def second_factor_step():
    pending = session.get("mfa_pending") or {}
    user = accounts.user_for_session_token(pending.get("token", ""))
    if user is None or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        session.pop("mfa_pending", None)
        flash("Sign in again: it has been too long since you entered your password.", "error")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    accepted, status, headers = check_code(form, user, "sign in")
    if accepted:
        return _signed_in(user, pending.get("next"), second_factor_checked=True)
    return render_template("auth/second_factor.html", form=form), status, headers


def check_code(form: CodeForm, user, purpose: str) -> tuple[bool, int, dict]:
    """A posted authenticator or recovery code: (accepted, status, headers). On refusal the reason is on the
    code field and the code is cleared, so the page shows it again empty with its error."""
    if form.validate_on_submit():
        try:
            second_factor.verify(user, form.code.data, purpose=purpose)
        except TooManyAttempts as exc:
            form.code.errors.append(str(exc))
            form.code.data = ""
            return False, 429, {"Retry-After": str(exc.retry_after)}
        except ValidationFailed as exc:
            form.code.errors.append(exc.problems[0])
        else:
            return True, 200, {}
    form.code.data = ""
    return False, 400 if form.is_submitted() else 200, {}


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    ConfirmForm()  # CSRF is checked globally; the form only documents the POST
    accounts.sign_out(current_user._get_current_object())
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))
