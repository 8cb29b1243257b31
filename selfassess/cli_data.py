"""Operator commands for moving data in and out: export, import, backup (registered by cli.init_app).

The CLI has no signed-in user, so these use the services' operator versions: the provider is found by UKPRN
and the year directly, with the same validation and the same refusal to change a year that is not a draft.
Every failure is one line starting "Error:" and exit code 1; for an import with problems the first line
summarises and each problem follows on its own line.
"""

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .cli import CommandError, command, fail_cleanly
from .services.errors import ValidationFailed


@command("export")
@click.option("--ukprn", required=True, help="The provider's 8-digit UKPRN")
@click.option("--year", required=True, help="The reporting year, like 2025-26")
@click.option("--out", "out", default="-", show_default=True, help="File to write, or - for standard output")
@with_appcontext
@fail_cleanly
def export_command(ukprn, year, out):
    """Export one provider's year as JSON (the same document as the web download)."""
    from .services import exports

    document = exports.operator_export_year(ukprn, year)
    body = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if out == "-":
        click.echo(body, nl=False)
        return
    try:
        Path(out).write_text(body, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"could not write {out}: {exc.strerror or exc}") from None
    click.echo(f"Exported {document['provider']['name']} {year} to {out}.", err=True)


@command("import")
@click.option("--ukprn", required=True, help="The provider's 8-digit UKPRN")
@click.option("--year", required=True, help="The draft year to fill, like 2025-26")
@click.argument("file")
@with_appcontext
def import_command(ukprn, year, file):
    """Fill a draft year from an exported JSON file: every problem listed, nothing saved if there is any."""
    from .services import imports
    from .services.errors import DomainError

    try:
        if file == "-":
            payload = sys.stdin.buffer.read(imports.MAX_BYTES + 1)
        else:
            with open(file, "rb") as handle:
                payload = handle.read(imports.MAX_BYTES + 1)
    except OSError as exc:
        raise CommandError(f"could not read {file}: {exc.strerror or exc}") from None
    try:
        result = imports.operator_import_year(ukprn, year, payload)
    except ValidationFailed as exc:
        first, *rest = exc.problems
        if not rest:
            raise CommandError(first) from None
        click.echo(f"Error: {first}", err=True)  # the summary first, then each problem on its own line
        for problem in rest:
            click.echo(f"  {problem}", err=True)
        click.get_current_context().exit(1)
    except DomainError as exc:
        raise CommandError(str(exc)) from None
    click.echo(f"Imported {file} into {ukprn} {result.year}: {result.answers} answers, {result.data_fields} "
               f"data-return figures, {result.action_items} actions.")


@command("backup")
@click.option("--out", "out", required=True, help="The backup file to write (replaced if it exists)")
@with_appcontext
@fail_cleanly
def backup_command(out):
    """A consistent copy of the database while the app runs (SQLite online backup, or pg_dump)."""
    from .services import backup

    result = backup.backup_database(current_app.config["SQLALCHEMY_DATABASE_URI"], out)
    click.echo(f"Backed up the {result.engine} database to {result.path} ({result.size:,} bytes).")


COMMANDS = (export_command, import_command, backup_command)
