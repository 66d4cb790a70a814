"""`flask user create`: accounts from the command line."""
import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..errors import DomainError
from ..extensions import db
from ..members.models import Consortium, Member
from . import services
from ..vocab import ROLES

user_cli = AppGroup("user", help="Manage user accounts.")


@user_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(list(ROLES)), help="admin (secretariat), enterprise, school, student, teacher")
@click.option("--org", "org", help="Name of the member organization the user acts for.")
@click.option("--consortium", "consortium_name", help="Consortium name (an admin without it serves every consortium).")
@click.option("--password", help="Prompted for when not given (it shows in the process list: prefer --password-stdin).")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input "
              "(scripts, provisioning), with no prompt.")
@click.option("--name", "display_name", help="Display name.")
def create_user_command(username, role, org, consortium_name, password, password_stdin, display_name):
    """Create USERNAME with ROLE."""
    consortium = None
    if consortium_name:
        consortium = db.session.scalar(select(Consortium).where(Consortium.name == consortium_name))
        if consortium is None:
            raise click.ClickException(f"unknown consortium: {consortium_name}")
    member = None
    if org:
        stmt = select(Member).where(Member.name == org)
        if consortium is not None:
            stmt = stmt.where(Member.consortium_id == consortium.id)
        matches = db.session.scalars(stmt).all()
        if not matches:
            raise click.ClickException(f"unknown member organization: {org}")
        if len(matches) > 1:
            raise click.ClickException(f"{org} is a member of several consortia: add --consortium")
        member = matches[0]
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.ClickException("--password-stdin: standard input gave no password")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = services.create_user(None, username=username, password=password, role=role, member=member,
                                    consortium=consortium, display_name=display_name, bootstrap=True)
    except DomainError as exc:
        details = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
        raise click.ClickException(f"{exc.message} {details}".strip())
    db.session.commit()
    click.echo(f"created user {user.username} ({user.role})")


@user_cli.command("set-password")
@click.argument("username")
@click.option("--password", help="Prompted for (twice, hidden) when not given.")
def set_password_command(username, password):
    """Set USERNAME's password; every session and API token of the account ends."""
    if password is None:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    try:
        user = services.set_password_from_cli(username, password)
    except DomainError as exc:
        details = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
        raise click.ClickException(f"{exc.message} {details}".strip())
    db.session.commit()
    click.echo(f"password set for {user.username}")
