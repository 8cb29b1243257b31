"""Email commands for cron or systemd: `flask send-mail`, `flask send-reminders` (docs/operations.md)."""

import time
from datetime import date

import click
from flask.cli import with_appcontext

from .cli import CommandError, command, fail_cleanly


@command("send-mail")
@click.option("--loop", is_flag=True, help="Keep running, sending what is due every --interval seconds")
@click.option("--interval", default=60, type=click.IntRange(5, 3600),
              help="Seconds between rounds (with --loop)")
@with_appcontext
@fail_cleanly
def send_mail_command(loop, interval):
    """Send the queued emails that are due; failures are retried later with a growing delay."""
    from .services import mail, notifications

    mail.backend()  # a misspelt backend is reported once, before anything is tried
    while True:
        sent, failed = notifications.send_due()
        if sent or failed or not loop:
            click.echo(f"Sent {sent} email(s); {failed} could not be sent and will be retried.")
        if not loop:
            return
        time.sleep(interval)


@command("send-reminders")
@click.option("--today", default=None, help="Pretend today is this date (YYYY-MM-DD), for testing")
@with_appcontext
@fail_cleanly
def send_reminders_command(today):
    """Queue the deadline reminders due today (30, 14 and 3 days before a return is due). Run daily."""
    from .services import notifications

    try:
        day = date.fromisoformat(today) if today else None
    except ValueError:
        raise CommandError(f"--today must be a date like 2026-11-17, not {today!r}") from None
    queued = notifications.queue_reminders(day)
    click.echo(f"Queued {queued} reminder(s). Run `flask send-mail` to send them.")


COMMANDS = (send_mail_command, send_reminders_command)
