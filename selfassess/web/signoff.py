"""Sending a year for sign-off, signing it off for the governing body, sending it back, reopening it."""

from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..services import assessments, signoff
from ..services.errors import Conflict, Forbidden, ValidationFailed
from . import step_up_drafts
from .auth import step_up, step_up_needed
from .forms.admin import ConfirmForm
from .forms.signoff import CommentForm, ReasonForm, SignOffForm

bp = Blueprint("signoff", __name__, url_prefix="/providers/<ukprn>/years/<year>")

FIELD_FOR = {"name": "name", "role": "role", "date": "approved_on", "declaration": "agreed"}


def where_url(year_access, where) -> str:
    """The page that fixes a check's finding."""
    ukprn, year = year_access.provider.ukprn, year_access.assessment.year
    if where is None:
        return url_for("signoff.sign_off_page", ukprn=ukprn, year=year) + "#sign-off"
    endpoint = {"context": "assessment.context", "section": "assessment.section",
                "data_return": "assessment.data_return",
                "action_plan": "assessment.action_plan_page",
                "registers": "registers.year_list"}[where.page]
    extra = {"section_key": where.key} if where.page == "section" else {}
    if where.page == "registers":
        extra = {"register": where.key}
    return url_for(endpoint, ukprn=ukprn, year=year, **extra)


def _approved_on(sign_form) -> date | None:
    try:
        return date.fromisoformat(sign_form.approved_on.data or "") if sign_form else None
    except ValueError:
        return None


def _page(ukprn, year, *, sign_form=None, comment_form=None, reason_form=None, status=200,
          explain_errors=None, typed=None, year_access=None):
    year_access = year_access or assessments.load_year(current_user, ukprn, year)
    typed = request.form if typed is None else typed
    readiness = None
    if year_access.assessment.status != "submitted":
        readiness = signoff.readiness(year_access, _approved_on(sign_form))
    explain_errors = explain_errors or {}
    return render_template(
        "signoff/sign_off.html",
        year=year_access,
        readiness=readiness,
        where_url=lambda where: where_url(year_access, where),
        explain_errors=explain_errors,
        explanations={key[len("explain-"):]: value for key, value in typed.items()
                      if key.startswith("explain-")},
        is_sender=year_access.assessment.sent_for_signoff_by_id == current_user.id,
        tasks=assessments.build_task_list(year_access),
        events=signoff.timeline(year_access),
        versions=signoff.snapshots(year_access),
        sign_form=sign_form or SignOffForm(formdata=None),
        comment_form=comment_form or CommentForm(formdata=None),
        reason_form=reason_form or ReasonForm(formdata=None),
        confirm=ConfirmForm(formdata=None),
    ), status


def _back(ukprn, year):
    return redirect(url_for("signoff.sign_off_page", ukprn=ukprn, year=year))


@bp.route("/sign-off")
@login_required
def sign_off_page(ukprn: str, year: str):
    year_access = assessments.load_year(current_user, ukprn, year)
    # An approver about to sign off gives a fresh second factor before typing, so that the POST rarely needs
    # one (which would interrupt it).
    if (year_access.assessment.status == "awaiting_signoff" and year_access.access.can_approve
            and step_up_needed()):
        return step_up(url_for("signoff.sign_off_page", ukprn=ukprn, year=year))
    typed = step_up_drafts.take(ukprn, year)
    if typed is None:
        return _page(ukprn, year, year_access=year_access)
    return _page(ukprn, year, year_access=year_access, sign_form=SignOffForm(formdata=typed), typed=typed)


@bp.route("/sign-off/send", methods=["POST"])
@login_required
def send(ukprn: str, year: str):
    ConfirmForm()
    try:
        signoff.send_for_signoff(current_user, ukprn, year)
    except signoff.NotReady:
        flash("The year cannot be sent for sign-off yet: complete what is listed under "
              "‘Before you send’.", "error")
    except (ValidationFailed, Conflict) as exc:
        flash(str(exc), "error")
    else:
        flash("The year has been sent to the approvers for sign-off.", "success")
    return _back(ukprn, year)


@bp.route("/sign-off/confirm", methods=["POST"])
@login_required
def confirm(ukprn: str, year: str):
    assessments.load_year(current_user, ukprn, year)  # another provider's year: 404 before anything else
    if step_up_needed():  # the check went stale while the form was open: keep what was typed, then ask
        step_up_drafts.keep(ukprn, year, request.form)
        return step_up(url_for("signoff.sign_off_page", ukprn=ukprn, year=year))
    form = SignOffForm()
    explain_errors = {}
    if form.validate():
        explanations = {key[len("explain-"):]: value for key, value in request.form.items()
                        if key.startswith("explain-")}
        try:
            signoff.sign_off(current_user, ukprn, year, form.details(explanations))
        except signoff.NotReady:
            flash("The year is missing answers or figures: send it back to the editors.", "error")
            return _back(ukprn, year)
        except ValidationFailed as exc:
            for problem in exc.problems:
                if "|" in problem:  # an exception without its explanation: "message|code"
                    message, code = problem.rsplit("|", 1)
                    explain_errors[code] = message
                    continue
                key = next((k for k in FIELD_FOR if k in problem.lower()), "declaration")
                getattr(form, FIELD_FOR[key]).errors.append(problem)
        except Forbidden as exc:
            flash(str(exc), "error")
            return _back(ukprn, year)
        except Conflict as exc:
            flash(str(exc), "error")
            return _back(ukprn, year)
        else:
            flash(
                "The year has been signed off and submitted. Its report is stored exactly as submitted.",
                "success",
            )
            return _back(ukprn, year)
    return _page(ukprn, year, sign_form=form, status=400, explain_errors=explain_errors)


def _with_a_note(ukprn, year, form, field, action, done: str, page_key: str):
    """Send back and reopen: a transition that needs a written note (a comment or a reason)."""
    if form.validate():
        try:
            action(current_user, ukprn, year, field.data)
        except ValidationFailed as exc:
            field.errors.append(exc.problems[0])
        except Conflict as exc:
            flash(str(exc), "error")
            return _back(ukprn, year)
        else:
            flash(done, "success")
            return _back(ukprn, year)
    return _page(ukprn, year, **{page_key: form}, status=400)


@bp.route("/sign-off/send-back", methods=["POST"])
@login_required
def send_back(ukprn: str, year: str):
    form = CommentForm()
    return _with_a_note(ukprn, year, form, form.comment, signoff.send_back,
                        "The year has been sent back to the editors with your comment.", "comment_form")


@bp.route("/sign-off/reopen", methods=["POST"])
@login_required
def reopen(ukprn: str, year: str):
    form = ReasonForm()
    return _with_a_note(ukprn, year, form, form.reason, signoff.reopen,
                        "The year has been reopened. The report submitted before is kept as a previous "
                        "version.", "reason_form")


@bp.route("/submitted/<int:number>.pdf")
@login_required
def submitted_version(ukprn: str, year: str, number: int):
    year_access = assessments.load_year(current_user, ukprn, year)
    stored = signoff.snapshot(year_access, number)
    response = Response(bytes(stored.pdf), mimetype="application/pdf")
    name = stored.filename.replace(".pdf", f"-v{stored.number}.pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Content-SHA256"] = stored.sha256
    return response
