"""`flask import TYPE FILE`: bulk import from the command line, all or nothing (interfaces.md)."""
import sys
from pathlib import Path
from types import SimpleNamespace

import click
from flask.cli import with_appcontext

from ..errors import DomainError
from ..extensions import db
from ..tables.columns import SPECS
from ..tables.validate import format_cli

# The command line is the operator's: it imports as the secretariat of every consortium.
OPERATOR = SimpleNamespace(id=None, role="admin", consortium_id=None, member_id=None, member=None,
                           is_authenticated=True)


@click.command("import")
@click.argument("type_name", metavar="TYPE", type=click.Choice(list(SPECS)))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--consortium", "consortium_name", help="Consortium name (default: the first one created).")
@with_appcontext
def import_command(type_name, file, consortium_name):
    """Import FILE (CSV or XLSX) as records of TYPE. Nothing is written when any row is bad."""
    from ..members.services import find_consortium
    from .services import run_import

    try:
        consortium = find_consortium(consortium_name)
        report = run_import(OPERATOR, consortium, type_name, file.read_bytes(), file.name)
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message)
    for warning in format_cli(report.warnings):
        click.echo(f"warning: {warning}", err=True)
    if not report.ok:
        db.session.rollback()
        for line in format_cli(report.errors):
            click.echo(line, err=True)
        click.echo(f"{len(report.errors)} error(s); nothing imported", err=True)
        sys.exit(1)
    db.session.commit()
    s = report.summary
    click.echo(f"{type_name}: created {s['created']}, updated {s['updated']}, unchanged {s['unchanged']}")


@click.command("sweep-uploads")
@click.option("--hours", type=float, default=24.0, show_default=True, help="Delete uploads older than this.")
@with_appcontext
def sweep_uploads_command(hours):
    """Delete import uploads that were never confirmed (they hold personal data)."""
    from .tasks import sweep_uploads

    removed = sweep_uploads(hours)
    db.session.commit()
    click.echo(f"removed {removed} abandoned uploads")
