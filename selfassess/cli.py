"""Operator commands: `flask --app selfassess <command>`.

Every failure prints one line starting "Error:" and exits 1: no usage dump, no traceback.
"""

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from .services.errors import DomainError


class CommandError(click.ClickException):
    exit_code = 1


class OneLineCommand(click.Command):
    """Bad arguments become one clear line and exit 1, instead of click's usage text and exit 2."""

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise CommandError(exc.format_message()) from None


def command(name: str, **kwargs):
    return click.command(name, cls=OneLineCommand, **kwargs)


def fail_cleanly(func):
    """Turn domain errors into one line."""
    from functools import wraps

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except DomainError as exc:
            problems = getattr(exc, "problems", None) or [str(exc)]
            raise CommandError("; ".join(problems)) from None

    return wrapper


@command("init-db")
@with_appcontext
def init_db_command():
    """Create or upgrade the database to the newest schema (safe to run again)."""
    from .services import schema

    try:
        revision = schema.upgrade_to_head()
    except Exception as exc:  # noqa: BLE001 - an operator needs the reason, not a traceback
        raise CommandError(f"could not migrate the database: {exc.__class__.__name__}: {exc}") from None
    click.echo(f"Database is at revision {revision}.")


@command("create-provider")
@click.option("--name", required=True, help="The provider's name")
@click.option("--ukprn", required=True, help="The 8-digit UKPRN")
@with_appcontext
@fail_cleanly
def create_provider_command(name, ukprn):
    """Add a provider."""
    from .services import providers

    provider = providers.create_provider(name, ukprn)
    click.echo(f"Created provider {provider.name} ({provider.ukprn}).")


@command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--provider", "ukprn", default=None, help="UKPRN of the provider to join")
@click.option("--role", default=None, help="editor, approver or viewer")
@click.option("--admin", "is_admin", is_flag=True, help="Make the user an administrator")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input")
@with_appcontext
@fail_cleanly
def create_user_command(email, name, ukprn, role, is_admin, password_stdin):
    """Add a user, optionally with a role at one provider. The password is prompted for or read from stdin."""
    from .services import accounts

    if (ukprn is None) != (role is None):
        raise CommandError("--provider and --role must be given together")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    user = accounts.create_user(
        email, name, password, is_admin=is_admin, provider_ukprn=ukprn, role=role,
        min_length=current_app.config["PASSWORD_MIN_LENGTH"],
    )
    where = f" as {role} at {ukprn}" if ukprn else ""
    click.echo(f"Created user {user.email}{where}{' (administrator)' if is_admin else ''}.")


@command("demo")
@click.option("--quiet", is_flag=True, help="Do not print the demo sign-ins")
@click.option("--reset", is_flag=True, help="Delete the demo providers, their years and the demo users first")
@click.option("--yes", is_flag=True, help="With --reset: do not ask for confirmation")
@with_appcontext
@fail_cleanly
def demo_command(quiet, reset, yes):
    """Load the demo providers and users (safe to run again); --reset restores them as first loaded."""
    from .services import demo

    if reset:
        if current_app.config["ENV_NAME"] == "production":
            raise CommandError("--reset is for a local demonstration, not production")
        names = " and ".join(name for name, _ in demo.DEMO_PROVIDERS)
        if not yes and not click.confirm(f"This deletes {names} with all their years, and the demo sign-ins, "
                                         "then loads them again. Continue?"):
            raise CommandError("nothing was changed")
        created = demo.reset_demo()
        click.echo("Demo reset: the demo providers, years and sign-ins are as first loaded.")
    else:
        created = demo.load_demo()
    click.echo(f"Demo data: {len(created)} item(s) created" + (":" if created else ", nothing was missing."))
    for line in created:
        click.echo(f"  {line}")
    if not quiet:
        click.echo("Demo sign-ins (local demonstration only):")
        for line in demo.sign_in_lines():
            click.echo(line)


@command("framework-check")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def framework_check_command(files):
    """Validate the shipped question frameworks, or the files given."""
    from .framework.check import check_files

    ok, lines = check_files(list(files) or None)
    for line in lines:
        click.echo(line if ok else f"Error: {line}", err=not ok)
    if not ok:
        sys.exit(1)


@command("render-report")
@click.option("--ukprn", required=True, help="The provider's 8-digit UKPRN")
@click.option("--year", required=True, help="The reporting year, like 2025-26")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the report")
@click.option("--format", "file_format", default="pdf", show_default=True,
              help="pdf, or docx for the editable Word copy of the same report")
@with_appcontext
@fail_cleanly
def render_report_command(ukprn, year, out, file_format):
    """Write a year's annual report as a PDF or a Word file (the same documents as the download links)."""
    from .services import reports

    if file_format not in ("pdf", "docx"):
        raise CommandError(f"--format must be pdf or docx, not {file_format[:20]!r}")
    if file_format == "docx":
        filename, pdf, from_cache = reports.operator_report_docx(ukprn, year)
    else:
        filename, pdf, from_cache = reports.operator_report_pdf(ukprn, year)
    try:
        out.write_bytes(pdf)
    except OSError as exc:
        raise CommandError(f"could not write {out}: {exc.strerror or exc}") from None
    click.echo(f"Wrote {out} ({len(pdf):,} bytes{', from the cache' if from_cache else ''}); "
               f"download name {filename}.")


@command("reset-second-factor")
@click.option("--email", required=True, help="The person whose authenticator app is lost")
@with_appcontext
@fail_cleanly
def reset_second_factor_command(email):
    """Turn off someone's two-step sign-in (for example the only administrator's lost phone); audited."""
    from sqlalchemy import select

    from .extensions import db
    from .models import User, normalise_email
    from .services import second_factor

    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise CommandError(f"no user has the email address {normalise_email(email)}")
    second_factor.reset(None, user.id)
    click.echo(f"Two-step sign-in reset for {user.email}; they set it up again when they next sign in.")


COMMANDS = (
    init_db_command, create_provider_command, create_user_command, demo_command, framework_check_command,
    render_report_command, reset_second_factor_command,
)


def init_app(app: Flask) -> None:
    from .cli_data import COMMANDS as DATA_COMMANDS
    from .cli_mail import COMMANDS as MAIL_COMMANDS
    from .cli_registers import COMMANDS as REGISTER_COMMANDS

    for cmd in (*COMMANDS, *DATA_COMMANDS, *MAIL_COMMANDS, *REGISTER_COMMANDS):
        app.cli.add_command(cmd)
