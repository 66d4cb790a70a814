"""Background jobs: RQ on Redis when REDIS_URL is set, inline in the request otherwise.

Every job is tracked by a `JobRun` row keyed by the job id, so pages can show status and
progress whichever way it ran. Jobs receive ids and plain values, never ORM objects, and open
their own app context when a worker runs them.
"""
import importlib
import traceback
import uuid

from flask import current_app, has_app_context

from .extensions import db
from .timeutil import utcnow


class JobRun(db.Model):
    """Status, progress and result of one background job."""

    __tablename__ = "job_run"
    id = db.Column(db.String(36), primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    status = db.Column(db.String(16), nullable=False, default="queued")  # queued|running|finished|failed
    progress = db.Column(db.Integer, nullable=False, default=0)
    message = db.Column(db.String(500))
    result = db.Column(db.JSON)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    consortium_id = db.Column(db.Integer, db.ForeignKey("consortium.id", ondelete="CASCADE"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    finished_at = db.Column(db.DateTime)


def redis_connection(url: str | None = None):
    """A Redis connection for the configured REDIS_URL, or None in the embedded set-up."""
    url = url or current_app.config.get("REDIS_URL")
    if not url:
        return None
    from redis import Redis

    return Redis.from_url(url)


def get_queue(name: str = "default"):
    """The RQ queue, or None when jobs run inline."""
    conn = redis_connection()
    if conn is None:
        return None
    from rq import Queue

    return Queue(name, connection=conn)


def queue_mode() -> str:
    return "redis" if current_app.config.get("REDIS_URL") else "inline"


def _resolve(func_path: str):
    module, _, attr = func_path.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def enqueue(func_path: str, *args, name: str | None = None, created_by_id=None, consortium_id=None,
            inline: bool = False, **kwargs) -> JobRun:
    """Record a job and run it: on a worker when Redis is configured, right now otherwise
    (or when `inline` asks for it, as the command line does).

    The JobRun row is committed first so a worker on another host can see it.
    """
    job_id = str(uuid.uuid4())
    run = JobRun(id=job_id, name=name or func_path.rsplit(".", 1)[-1], created_by_id=created_by_id,
                 consortium_id=consortium_id)
    db.session.add(run)
    db.session.commit()
    queue = None if inline else get_queue()
    if queue is None:
        execute_job(job_id, func_path, args, kwargs)
    else:
        queue.enqueue("consortium.worker.run_job", job_id, func_path, args, kwargs, job_id=job_id,
                      job_timeout=3600, result_ttl=86400)
    return db.session.get(JobRun, job_id)


def set_progress(job_id: str, progress: int, message: str | None = None) -> None:
    """Record progress (0–100) in its own short transaction, visible to pages at once."""
    run = db.session.get(JobRun, job_id)
    if run is None:
        return
    run.progress = max(0, min(100, int(progress)))
    if message is not None:
        run.message = message[:500]
    # The job keeps what it has loaded: a progress note must not expire 20,000 rows that the next step reads
    # again one by one.
    session = db.session()
    keep, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep


def execute_job(job_id: str, func_path: str, args=(), kwargs=None):
    """Run a job function with `job_id` as its first argument, recording the outcome."""
    if not has_app_context():
        raise RuntimeError("execute_job needs an app context: workers run jobs through consortium.worker.run_job")
    run = db.session.get(JobRun, job_id)
    run.status = "running"
    db.session.commit()
    try:
        result = _resolve(func_path)(job_id, *args, **(kwargs or {}))
        db.session.commit()
    except Exception as exc:  # a failed job is recorded, not lost
        db.session.rollback()
        run = db.session.get(JobRun, job_id)
        run.status = "failed"
        run.message = (str(exc) or exc.__class__.__name__)[:500]
        run.result = {"traceback": traceback.format_exc()[-4000:]}
        run.finished_at = utcnow()
        db.session.commit()
        return None
    run = db.session.get(JobRun, job_id)
    run.status = "finished"
    run.progress = 100
    run.result = result
    run.finished_at = utcnow()
    db.session.commit()
    return result
