"""`flask consortium create`: a new consortium from the command line."""
import click
from flask.cli import AppGroup

from ..errors import DomainError
from ..extensions import db
from . import services

consortium_cli = AppGroup("consortium", help="Manage consortia.")


@consortium_cli.command("create")
@click.argument("name")
@click.option("--city", required=True, help="The city the consortium serves, e.g. 郑州市.")
def create_consortium_command(name, city):
    """Create the consortium NAME. The first one becomes the default."""
    try:
        consortium = services.create_consortium(None, name=name, city=city, bootstrap=True)
    except DomainError as exc:
        raise click.ClickException("; ".join(str(v) for v in exc.fields.values()) or exc.message)
    db.session.commit()
    default = services.default_consortium()
    suffix = " (default)" if default and default.id == consortium.id else ""
    click.echo(f"created consortium {consortium.name} #{consortium.id}{suffix}")
