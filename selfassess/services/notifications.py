"""Email notifications: who is told what, queued in the database, sent later by `flask send-mail`.

An action (send for sign-off, send back, sign off, reopen) queues its emails in its own transaction, so
the email exists exactly when the action happened and a mail server that is down never fails the action.
`send_due()` sends what is queued and retries failures with a growing delay. Bodies name the provider, the
year and who did what, with a link to the right page: never any answer, evidence or figure.

Who gets what (each kind can be turned off per user on the "Email notifications" page):
  sent_for_signoff   approvers of the provider
  sent_back          editors, with the approver's comment
  signed_off         editors
  reopened           every member, with the administrator's reason
  deadline_reminder  editors and approvers, 30, 14 and 3 days before the framework's `return_due`
"""

import logging
from datetime import date, timedelta

from flask import current_app, has_request_context, request, url_for
from sqlalchemy import select

from ..extensions import db
from ..framework import available_frameworks, get_framework
from ..models import Assessment, Membership, NotificationOptOut, OutboxMessage, Provider, User, utcnow
from . import mail
from .transaction import writing

log = logging.getLogger(__name__)

KIND_LABELS = {
    "sent_for_signoff": "A year is sent to you for sign-off (approvers)",
    "sent_back": "A year is sent back to the editors, with the approver's comment (editors)",
    "signed_off": "A year is signed off and submitted (editors)",
    "reopened": "An administrator reopens a submitted year (everyone at the provider)",
    "deadline_reminder": "Reminders 30, 14 and 3 days before the return is due (editors and approvers)",
}
RECIPIENT_ROLES = {
    "sent_for_signoff": ("approver",),
    "sent_back": ("editor",),
    "signed_off": ("editor",),
    "reopened": ("editor", "approver", "viewer"),
    "deadline_reminder": ("editor", "approver"),
}
REMINDER_DAYS = (30, 14, 3)
MAX_ATTEMPTS = 6  # about a day of retries: 2, 4, 8, 16, 32 minutes... then marked failed
PREFERENCES_PATH = "/account/email-notifications"


# ----- links -----------------------------------------------------------------------------------------------

def _base_url() -> str:
    configured = current_app.config.get("BASE_URL")
    if configured:
        return str(configured).rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return "http://127.0.0.1:5000"


def link(endpoint: str, **values) -> str:
    """An absolute link for an email: BASE_URL (SELFASSESS_BASE_URL) if set, else this request's host."""
    base = _base_url()
    if has_request_context():
        return base + url_for(endpoint, **values)
    with current_app.test_request_context(base_url=base + "/"):  # a CLI command: no request to follow
        return url_for(endpoint, _external=True, **values)


# ----- who, and whether they want it ----------------------------------------------------------------------

def recipients(provider_id: int, kind: str) -> list[User]:
    """Active members of the provider in the kind's roles, minus anyone who turned that kind off."""
    opted_out = select(NotificationOptOut.user_id).where(NotificationOptOut.kind == kind)
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.provider_id == provider_id,
                Membership.role.in_(RECIPIENT_ROLES[kind]),
                User.active.is_(True),
                User.id.not_in(opted_out),
            )
            .order_by(User.id)
        )
    )


def _queue(kind: str, user: User, subject: str, body: str, dedupe_key: str | None = None) -> OutboxMessage:
    footer = (
        f"\n\n--\n{current_app.config['SERVICE_NAME']}\n"
        f"You get this email because of your role at the provider. To choose which emails you get: "
        f"{_base_url()}{PREFERENCES_PATH}\n"
    )
    message = OutboxMessage(kind=kind, user_id=user.id, to_address=user.email, subject=subject,
                            body=body + footer, dedupe_key=dedupe_key)
    db.session.add(message)
    return message


# ----- the sign-off cycle (called from services.signoff inside its transaction) ---------------------------

def year_event(kind: str, provider: Provider, assessment: Assessment, actor: User, note: str = "") -> int:
    """Queue the emails for one step of the cycle; returns how many. Joins the caller's transaction."""
    year, ukprn = assessment.year, provider.ukprn
    sign_off_link = link("signoff.sign_off_page", ukprn=ukprn, year=year)
    task_list_link = link("assessment.task_list", ukprn=ukprn, year=year)
    who = actor.name
    texts = {
        "sent_for_signoff": (
            f"Waiting for your sign-off: {provider.name} {year} Prevent self-assessment",
            f"{who} has sent the {year} Prevent self-assessment of {provider.name} for sign-off.\n\n"
            f"Read it, then sign it off for the governing body or send it back with a comment:\n"
            f"{sign_off_link}",
        ),
        "sent_back": (
            f"Sent back: {provider.name} {year} Prevent self-assessment",
            f"{who} has sent the {year} Prevent self-assessment of {provider.name} back to the editors.\n\n"
            f"What needs to change:\n{note}\n\n"
            f"Make the changes and send it for sign-off again:\n{task_list_link}",
        ),
        "signed_off": (
            f"Signed off: {provider.name} {year} Prevent self-assessment",
            f"{who} has signed off and submitted the {year} Prevent self-assessment of {provider.name}.\n\n"
            f"The submitted report is kept as it was signed off. Download it from:\n{sign_off_link}",
        ),
        "reopened": (
            f"Reopened: {provider.name} {year} Prevent self-assessment",
            f"{who} (administrator) has reopened the submitted {year} Prevent self-assessment of "
            f"{provider.name}.\n\nThe reason given:\n{note}\n\nThe report submitted before is kept as a "
            f"previous version. The year is a draft again:\n{task_list_link}",
        ),
    }
    subject, body = texts[kind]
    people = [person for person in recipients(provider.id, kind) if person.id != actor.id]
    for person in people:
        _queue(kind, person, subject, f"Dear {person.name},\n\n{body}")
    return len(people)


# ----- deadline reminders ---------------------------------------------------------------------------------

def due_date(framework_id: str) -> date | None:
    return get_framework(framework_id).return_due


def days_left(framework_id: str, today: date | None = None) -> int | None:
    due = due_date(framework_id)
    return None if due is None else (due - (today or date.today())).days


def _threshold(days: int) -> int | None:
    """The reminder due on a day: the nearest of 30/14/3 days already reached, so a missed day of cron
    still sends one reminder (and never three at once)."""
    reached = [d for d in REMINDER_DAYS if 0 <= days <= d]
    return min(reached) if reached else None


def queue_reminders(today: date | None = None) -> int:
    """Queue the reminders due today for every year with a due date that a provider has not submitted."""
    today = today or date.today()
    queued = 0
    with writing():
        for framework_id in available_frameworks():
            due = due_date(framework_id)
            days = None if due is None else (due - today).days
            threshold = None if days is None else _threshold(days)
            if threshold is None:
                continue
            submitted = set(db.session.scalars(select(Assessment.provider_id).where(
                Assessment.year == framework_id, Assessment.status == "submitted")))
            for provider in db.session.scalars(select(Provider).order_by(Provider.id)):
                if provider.id in submitted:
                    continue
                for person in recipients(provider.id, "deadline_reminder"):
                    key = f"reminder:{provider.id}:{framework_id}:{threshold}:{person.id}"
                    if db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)):
                        continue
                    when = "tomorrow" if days == 1 else ("today" if days == 0 else f"in {days} days")
                    body = (
                        f"Dear {person.name},\n\nThe {framework_id} Prevent self-assessment of "
                        f"{provider.name} is due on {due.strftime('%-d %B %Y')} ({when}) and has not been "
                        f"submitted yet.\n\nSee what is left to do:\n"
                        f"{link('dashboard.provider_years', ukprn=provider.ukprn)}"
                    )
                    subject = f"Due {when}: {provider.name} {framework_id} Prevent self-assessment"
                    _queue("deadline_reminder", person, subject, body, dedupe_key=key)
                    queued += 1
    return queued


# ----- sending --------------------------------------------------------------------------------------------

def send_due(limit: int = 100) -> tuple[int, int]:
    """Send queued emails that are due; returns (sent, failed this time). Each in its own transaction."""
    now = utcnow()
    ids = list(db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "queued", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ))
    db.session.commit()
    sent = failed = 0
    for message_id in ids:
        with writing():
            query = select(OutboxMessage).where(OutboxMessage.id == message_id,
                                                OutboxMessage.status == "queued")
            if db.session.get_bind().dialect.name == "postgresql":  # two workers never send one email twice
                query = query.with_for_update(skip_locked=True)
            message = db.session.execute(query.execution_options(populate_existing=True)).scalar_one_or_none()
            if message is None:
                continue
            try:
                mail.deliver(message.to_address, message.subject, message.body)
            except Exception as exc:  # noqa: BLE001 - any failure is retried later, never raised
                message.attempts += 1
                message.last_error = f"{exc.__class__.__name__}: {exc}"[:500]
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = "failed"
                else:
                    message.next_attempt_at = utcnow() + timedelta(minutes=2 ** message.attempts)
                log.warning("Email %s to user %s not sent (attempt %s): %s", message.id, message.user_id,
                            message.attempts, message.last_error)
                failed += 1
            else:
                message.status, message.sent_at = "sent", utcnow()
                sent += 1
    return sent, failed


# ----- preferences ----------------------------------------------------------------------------------------

def kinds_for(user: User) -> list[str]:
    """The kinds of email that can reach this user, given their roles (administrators see every kind)."""
    roles = {m.role for m in user.memberships}
    return [kind for kind, wanted in RECIPIENT_ROLES.items() if user.is_admin or roles & set(wanted)]


def turned_off(user: User) -> set[str]:
    query = select(NotificationOptOut.kind).where(NotificationOptOut.user_id == user.id)
    return set(db.session.scalars(query))


def save_preferences(user: User, shown: list[str], wanted: set[str]) -> None:
    """Of the kinds shown to the user, keep those in `wanted` on and turn the others off. Kinds not shown
    (for another role) are left as they were."""
    with writing():
        existing = {row.kind: row for row in db.session.scalars(
            select(NotificationOptOut).where(NotificationOptOut.user_id == user.id))}
        for kind in shown:
            if kind in wanted and kind in existing:
                db.session.delete(existing[kind])
            elif kind not in wanted and kind not in existing:
                db.session.add(NotificationOptOut(user_id=user.id, kind=kind))
