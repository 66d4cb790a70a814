"""What an RQ worker runs: each job inside this application's context (started by `flask rq worker` or `rq worker`)."""
from flask import has_app_context

from . import create_app
from .queue import execute_job


def run_job(job_id: str, func_path: str, args=(), kwargs=None):
    """What RQ calls on a worker: the job runs inside this application's context, whichever way the
    worker was started (`flask rq worker` or a plain `rq worker`)."""
    if has_app_context():
        return execute_job(job_id, func_path, args, kwargs)
    with create_app().app_context():
        return execute_job(job_id, func_path, args, kwargs)
