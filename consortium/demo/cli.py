"""`flask demo load` and `flask setup`: fill an empty database for a first look."""
import secrets

import click
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from ..auth.models import User
from ..extensions import db
from ..members.models import Consortium
from . import members as demo_members

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
@click.option("--password", help="Password for every demo account (random when not given).")
def load_command(password):
    """Fill an empty database with a realistic demo consortium and an account for every role."""
    if db.session.scalar(select(func.count()).select_from(Consortium)):
        raise click.ClickException("the database already holds a consortium: demo load fills empty databases only")
    password = password or secrets.token_urlsafe(9) + "-9"  # three character classes, as the policy asks
    consortium, accounts = demo_members.load(password)
    db.session.commit()
    click.echo(f"loaded demo consortium: {consortium.name}")
    click.echo(f"demo accounts (password for all: {password}):")
    for username, role, org in accounts:
        click.echo(f"  {username:<14} {role:<10} {org or ''}")


@click.command("setup")
@with_appcontext
def setup_command():
    """First run: a secretariat account (printed once) and the demo consortium, if the database is empty."""
    if db.session.scalar(select(func.count()).select_from(User)):
        click.echo("database already set up: nothing to do")
        return
    password = secrets.token_urlsafe(9) + "-9"  # three character classes, as the policy asks
    consortium, accounts = demo_members.load(password)
    db.session.commit()
    click.echo("=" * 60)
    click.echo(f"demo consortium: {consortium.name}")
    click.echo(f"accounts (shown once; password for all: {password}):")
    for username, role, org in accounts:
        click.echo(f"  {username:<14} {role:<10} {org or ''}")
    click.echo("=" * 60)
