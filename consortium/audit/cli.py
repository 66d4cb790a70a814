"""`flask audit prune`: delete entries older than the retention period."""
import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from . import services

audit_cli = AppGroup("audit", help="The audit log.")


@audit_cli.command("prune")
@click.option("--days", type=int, help="Keep this many days (default: AUDIT_RETENTION_DAYS, 180).")
def prune_command(days):
    """Delete audit entries older than the retention period."""
    days = days or current_app.config["AUDIT_RETENTION_DAYS"]
    removed = services.prune(days)
    db.session.commit()
    click.echo(f"removed {removed} audit entries older than {days} days")
