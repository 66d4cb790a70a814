"""`flask match run`: a matching round from the command line."""
import json

import click
from flask.cli import AppGroup

from ..auth.services import find_user
from ..errors import DomainError
from ..extensions import db
from ..vocab import POSITION_KINDS
from ..members.services import find_consortium
from . import services
from .models import MatchRound

match_cli = AppGroup("match", help="Matching rounds.")


@match_cli.command("run")
@click.option("--kind", type=click.Choice(list(POSITION_KINDS)), help="Only positions of this kind.")
@click.option("--consortium", "consortium_name", help="Consortium name (default: the default consortium).")
@click.option("--mode", type=click.Choice(services.MODES), default="stable", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="Write the round's JSON here.")
@click.option("--queue", "use_queue", is_flag=True, help="Put the round on the RQ queue instead of running it here.")
@click.option("--as-user", "username", help="Act as this secretariat account (default: the command line itself).")
def run_command(kind, consortium_name, mode, out, use_queue, username):
    """Run a round on open positions and unplaced candidates; proposals await confirmation."""
    actor = services.COMMAND_LINE
    if username:
        actor = find_user(username)
        if actor is None:
            raise click.ClickException(f"no account named {username}")
    try:
        consortium = find_consortium(consortium_name)
        match_round = services.start_round(actor, consortium, kind=kind, mode=mode, inline=not use_queue)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message)
    match_round = db.session.get(MatchRound, match_round.id)
    if match_round.status != "finished":
        if match_round.status == "failed":
            raise click.ClickException(f"round {match_round.number} failed; see the job record {match_round.job_id}")
        click.echo(f"round {match_round.number} queued as job {match_round.job_id}; status: {match_round.status}")
        return
    output = match_round.result["output"]
    text = json.dumps(output, ensure_ascii=False, indent=2)
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    click.echo(f"round {output['round']}: {len(output['assignments'])} proposals, "
               f"{len(output['unmatched'])} unmatched, {len(output['unfilled'])} positions with open slots")
    if not out:
        click.echo(text)
