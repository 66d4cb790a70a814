"""What an RQ worker runs: each job inside this application's context (started by `flask rq worker` or
`rq worker`), the callbacks that record a job's failure, and the reconciler's minute-by-minute job."""
import logging
from contextlib import contextmanager

from flask import current_app, has_app_context
from flask_babel import gettext as _

from . import create_app
from .queue import COMMIT_WAIT_SECONDS, execute_job, fail, reconcile, schedule_reconcile

log = logging.getLogger(__name__)


@contextmanager
def app_context():
    """The current application's context, or a new one in a worker that has none."""
    if has_app_context():
        yield current_app
        return
    app = create_app()
    with app.app_context():
        yield app


def run_job(job_id: str, func_path: str, args=(), kwargs=None):
    """What RQ calls on a worker: the job runs inside this application's context, whichever way the
    worker was started (`flask rq worker` or a plain `rq worker`). It waits for the request that
    queued it to commit, and lets RQ retry a transient database error when the job allows retries."""
    from rq import get_current_job

    job = get_current_job()
    may_retry = bool(job is not None and job.retries_left)
    with app_context():
        return execute_job(job_id, func_path, args, kwargs, wait=COMMIT_WAIT_SECONDS, may_retry=may_retry)


def _reason(exc_type, exc_value) -> str:
    from rq.exceptions import AbandonedJobError
    from rq.timeouts import JobTimeoutException

    if exc_type is not None and issubclass(exc_type, AbandonedJobError):
        return _("后台任务进程意外终止（工作进程被关闭或崩溃）")
    if exc_type is not None and issubclass(exc_type, JobTimeoutException):
        return _("后台任务超时")
    return (str(exc_value) or getattr(exc_type, "__name__", "")) or _("后台任务失败")


def on_job_failure(job, connection, exc_type=None, exc_value=None, tb=None):
    """RQ's failure callback (also called for a job whose worker died): the run is failed with the reason,
    unless RQ is about to retry it. A killed or timed-out job is never retried automatically: the
    secretariat decides."""
    from rq.exceptions import AbandonedJobError
    from rq.timeouts import JobTimeoutException

    fatal = exc_type is not None and issubclass(exc_type, (AbandonedJobError, JobTimeoutException))
    if job.retries_left and not fatal:
        return
    if fatal:
        job.retries_left = 0
    with app_context():
        fail(job.id, _reason(exc_type, exc_value))


def on_job_stopped(job, connection):
    """RQ's stopped callback (`rq.command.send_stop_job_command`): the run is failed as stopped."""
    with app_context():
        fail(job.id, _("后台任务已被停止"))


def reconcile_job():
    """The reconciler as a job: checks every active run, deletes abandoned uploads, then books its own
    next run a minute later (workers started with --with-scheduler run it)."""
    from .extensions import db
    from .imports.tasks import sweep_uploads

    with app_context():
        failed = reconcile()
        swept = sweep_uploads()  # abandoned uploads hold personal data
        db.session.commit()
        schedule_reconcile()
    return {"failed": len(failed), "uploads_swept": swept}
