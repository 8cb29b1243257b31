"""Operator command for the registers: `flask purge-records` (the concerns' retention period)."""

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from .cli import CommandError, command


@command("purge-records")
@click.option("--months", type=int, default=None,
              help="Retention period in months (default: the CONCERN_RETENTION_MONTHS setting).")
@click.option("--today", default=None, help="Judge as of this date (YYYY-MM-DD); today by default.")
@with_appcontext
def purge_records_command(months, today):
    """Delete concerns past the retention period, keeping their counts in the data return (audited)."""
    from .services.registers import purge

    months = months if months is not None else int(current_app.config["CONCERN_RETENTION_MONTHS"])
    if months < 1:
        raise CommandError("the retention period must be at least one month")
    try:
        on = date.fromisoformat(today) if today else date.today()
    except ValueError:
        raise CommandError(f"--today must be a date like 2026-11-30, not {today!r}") from None
    done = purge.purge(on, months)
    cutoff = purge.cutoff_month(on, months)
    if not done:
        click.echo(f"No concerns opened before {cutoff} to delete.")
    for ukprn, year, removed in done:
        click.echo(f"{ukprn} {year}: deleted {removed} concern{'s' if removed != 1 else ''} opened before "
                   f"{cutoff}; their counts are kept.")


COMMANDS = (purge_records_command,)
