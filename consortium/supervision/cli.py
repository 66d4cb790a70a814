"""`flask supervision remind`: the daily reminder run, for cron."""
import click
from flask.cli import AppGroup

from ..extensions import db
from .reminders import send_daily_reminders

supervision_cli = AppGroup("supervision", help="Internship supervision.")


@supervision_cli.command("remind")
def remind_command():
    """Leave today's reminders: overdue logs, insurance ending within 14 days. Safe to run more than once a day."""
    counts = send_daily_reminders()
    db.session.commit()
    click.echo(f"overdue placements: {counts['overdue_placements']}, insurance alerts: "
               f"{counts['insurance_placements']}, notifications sent: {counts['notifications']}")
