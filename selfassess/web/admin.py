"""Administration: providers, users, roles, account states, temporary passwords and second-factor resets.
Administrators only; every change asks for a recent second factor (web/auth.require_recent_second_factor)."""

from functools import wraps

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..services import accounts, admin_lists, providers, second_factor
from ..services.errors import Conflict, ValidationFailed
from .auth import require_recent_second_factor
from .forms.admin import ConfirmForm, MembershipForm, ProviderForm, TemporaryPasswordForm, UserForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(404)  # the admin area does not exist for anyone else
        return view(*args, **kwargs)

    return wrapped


@bp.route("/")
@admin_required
def index():
    return render_template("admin/index.html", totals=admin_lists.totals())


# The lists are paginated and searchable (?q=, ?page=): a sector-wide service has a thousand providers.
@bp.route("/providers")
@admin_required
def provider_list():
    listing = admin_lists.providers(request.args.get("q"), request.args.get("page"))
    return render_template("admin/providers.html", listing=listing)


@bp.route("/users")
@admin_required
def user_list():
    listing = admin_lists.users(request.args.get("q"), request.args.get("page"))
    return render_template("admin/users.html", listing=listing)


@bp.route("/providers/new", methods=["GET", "POST"])
@admin_required
@require_recent_second_factor
def new_provider():
    form = ProviderForm()
    if form.validate_on_submit():
        try:
            provider = providers.create_provider(form.name.data, form.ukprn.data, actor=current_user)
        except (ValidationFailed, Conflict) as exc:
            form.ukprn.errors.append(str(exc))
        else:
            flash(f"{provider.name} has been created.", "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/provider_form.html", form=form), 400 if form.errors else 200


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
@require_recent_second_factor
def new_user():
    form = UserForm()
    if form.validate_on_submit():
        ukprn = (form.provider.data or "").strip() or None
        try:
            user = accounts.create_user(
                form.email.data, form.name.data, form.password.data, is_admin=form.is_admin.data,
                provider_ukprn=ukprn, role=(form.role.data if ukprn else None), actor=current_user,
            )
        except (ValidationFailed, Conflict) as exc:
            problems = exc.problems if isinstance(exc, ValidationFailed) else [str(exc)]
            for problem in problems:
                _field_for(form, problem).errors.append(problem)
        else:
            flash(f"{user.name} can now sign in.", "success")
            return redirect(url_for("admin.index"))
    form.password.data = ""
    return render_template("admin/user_form.html", form=form), 400 if form.errors else 200


def _field_for(form: UserForm, problem: str):
    lowered = problem.lower()
    for name in ("password", "email", "role", "name"):
        if name in lowered:
            return getattr(form, name)
    return form.provider


def _user_page(person, *, form=None, password_form=None, status=200):
    if form is None:
        form = MembershipForm(formdata=None)
    return render_template(
        "admin/user.html", person=person, form=form, confirm=ConfirmForm(formdata=None),
        password_form=password_form or TemporaryPasswordForm(formdata=None),
    ), status


@bp.route("/users/<int:user_id>")
@admin_required
def user(user_id: int):
    return _user_page(accounts.get_user(user_id))


@bp.route("/users/<int:user_id>", methods=["POST"])
@admin_required
@require_recent_second_factor
def change_role(user_id: int):
    person = accounts.get_user(user_id)
    form = MembershipForm()
    if form.validate_on_submit():
        role = None if form.role.data == "none" else form.role.data
        try:
            accounts.set_membership(current_user, person.id, form.provider.data.strip(), role)
        except ValidationFailed as exc:
            field = form.provider if "UKPRN" in str(exc) else form.role
            field.errors.append(str(exc))
        else:
            flash("The role has been saved.", "success")
            return redirect(url_for("admin.user", user_id=person.id))
    return _user_page(person, form=form, status=400)


@bp.route("/providers/<ukprn>/one-person-signoff", methods=["POST"])
@admin_required
@require_recent_second_factor
def one_person_signoff(ukprn: str):
    form = ConfirmForm()
    if form.validate_on_submit():
        allowed = request.form.get("allowed") == "yes"
        provider = providers.set_one_person_signoff(current_user, ukprn, allowed)
        flash(f"{provider.name}: " + ("one person may now send a year for sign-off and sign it off."
                                      if allowed else "sign-off now needs two people."), "success")
    return redirect(url_for("admin.provider_list", q=request.args.get("q") or None))


def _set_active(user_id: int, active: bool):
    """Disable and enable are separate, explicit actions: a second click changes nothing, and the message
    says what is true now."""
    ConfirmForm()
    person = accounts.get_user(user_id)
    try:
        person, changed = accounts.set_active(current_user, person.id, active)
    except ValidationFailed as exc:
        flash(str(exc), "error")
    else:
        state = "enabled" if active else "disabled"
        flash(f"{person.name} has been {state}." if changed else f"{person.name} was already {state}.",
              "success")
    return redirect(url_for("admin.user", user_id=person.id))


@bp.route("/users/<int:user_id>/disable", methods=["POST"])
@admin_required
@require_recent_second_factor
def disable(user_id: int):
    return _set_active(user_id, False)


@bp.route("/users/<int:user_id>/enable", methods=["POST"])
@admin_required
@require_recent_second_factor
def enable(user_id: int):
    return _set_active(user_id, True)


@bp.route("/users/<int:user_id>/temporary-password", methods=["POST"])
@admin_required
@require_recent_second_factor
def temporary_password(user_id: int):
    person = accounts.get_user(user_id)
    form = TemporaryPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_temporary_password(current_user, person.id, form.password.data,
                                            min_length=current_app.config["PASSWORD_MIN_LENGTH"])
        except ValidationFailed as exc:
            form.password.errors.append(exc.problems[0])
        else:
            flash(f"{person.name} has a temporary password and has been signed out everywhere. They must "
                  "choose their own password when they next sign in.", "success")
            return redirect(url_for("admin.user", user_id=person.id))
    form.password.data = ""
    return _user_page(person, password_form=form, status=400)


@bp.route("/users/<int:user_id>/two-factor/reset", methods=["POST"])
@admin_required
@require_recent_second_factor
def reset_second_factor(user_id: int):
    ConfirmForm()
    person = second_factor.reset(current_user, user_id)
    flash(f"{person.name}'s two-step sign-in has been reset and they have been signed out everywhere. "
          "They set it up again when they next sign in.", "success")
    return redirect(url_for("admin.user", user_id=person.id))
