"""`flask rq worker` runs background jobs from Redis inside this application's configuration;
`flask jobs reconcile` fails the runs that can no longer finish."""
import click
from flask import current_app
from flask.cli import AppGroup

rq_cli = AppGroup("rq", help="Background job worker (needs REDIS_URL).")
jobs_cli = AppGroup("jobs", help="Background job records.")


@rq_cli.command("worker")
@click.option("--burst", is_flag=True, help="Quit when the queue is empty.")
@click.option("--with-scheduler", is_flag=True,
              help="Also run RQ's scheduler: retries after a delay and the reconciler every minute.")
@click.argument("queues", nargs=-1)
def worker(burst, with_scheduler, queues):
    """Run an RQ worker on the configured Redis (queue `default` unless named)."""
    from .queue import QUEUE_NAME, redis_connection, start_worker

    if redis_connection() is None:
        raise click.ClickException("REDIS_URL is not set: jobs run inline and need no worker.")
    start_worker(queues or (QUEUE_NAME,), burst=burst, with_scheduler=with_scheduler)
    current_app.logger.info("worker stopped")


@jobs_cli.command("reconcile")
def reconcile_command():
    """Mark failed every queued or running job that can no longer finish (worker died, job expired, lost
    or past its timeout); their rounds and imports become failed, to be retried or cancelled."""
    from .queue import reconcile

    failed = reconcile()
    for job_id, reason in failed:
        click.echo(f"{job_id}: {reason}")
    click.echo(f"{len(failed)} job(s) marked failed")
