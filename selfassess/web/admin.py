"""Administration: providers, users, roles and disabling accounts. Administrators only."""

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..services import accounts, admin_lists, providers
from ..services.errors import Conflict, ValidationFailed
from .forms.admin import ConfirmForm, MembershipForm, ProviderForm, UserForm

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


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def user(user_id: int):
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
    return render_template("admin/user.html", person=person, form=form, confirm=ConfirmForm()), (
        400 if form.errors else 200
    )


@bp.route("/providers/<ukprn>/one-person-signoff", methods=["POST"])
@admin_required
def one_person_signoff(ukprn: str):
    form = ConfirmForm()
    if form.validate_on_submit():
        allowed = request.form.get("allowed") == "yes"
        provider = providers.set_one_person_signoff(current_user, ukprn, allowed)
        flash(f"{provider.name}: " + ("one person may now send a year for sign-off and sign it off."
                                      if allowed else "sign-off now needs two people."), "success")
    return redirect(url_for("admin.provider_list", q=request.args.get("q") or None))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@admin_required
def set_active(user_id: int):
    form = ConfirmForm()
    person = accounts.get_user(user_id)
    if form.validate_on_submit():
        try:
            accounts.set_active(current_user, person.id, not person.active)
        except ValidationFailed as exc:
            flash(str(exc), "error")
        else:
            flash(f"{person.name} has been {'enabled' if person.active else 'disabled'}.", "success")
    return redirect(url_for("admin.user", user_id=person.id))
