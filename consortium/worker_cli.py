"""`flask rq worker`: runs background jobs from Redis inside this application's configuration."""
import click
from flask import current_app
from flask.cli import AppGroup

rq_cli = AppGroup("rq", help="Background job worker (needs REDIS_URL).")


@rq_cli.command("worker")
@click.option("--burst", is_flag=True, help="Quit when the queue is empty.")
@click.argument("queues", nargs=-1)
def worker(burst, queues):
    """Run an RQ worker on the configured Redis."""
    from rq import Queue, Worker

    from .queue import redis_connection

    conn = redis_connection()
    if conn is None:
        raise click.ClickException("REDIS_URL is not set: jobs run inline and need no worker.")
    names = queues or ("default",)
    Worker([Queue(n, connection=conn) for n in names], connection=conn).work(burst=burst)
    current_app.logger.info("worker stopped")
