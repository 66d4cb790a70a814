"""Background jobs: RQ on Redis when REDIS_URL is set, inline in the request otherwise.

Every job is tracked by a `JobRun` row keyed by the job id, so pages can show status and
progress whichever way it ran. Jobs receive ids and plain values, never ORM objects, and open
their own app context when a worker runs them.

A job's fate is always known: the request that queues a job commits its records only after Redis
took the job (and a worker waits for that commit), a worker claims a run before running it, a run
that fails, is stopped, abandoned by a dead worker, expired or lost is marked failed with the reason
(by RQ's callbacks and by `reconcile`), and no run stays active longer than its timeout plus a minute.
"""
import importlib
import logging
import time
import traceback
import uuid
from datetime import timedelta

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError

from .errors import QueueUnavailable
from .extensions import db
from .timeutil import utcnow

log = logging.getLogger(__name__)

QUEUE_NAME = "default"
ACTIVE = ("queued", "running")
# A run is past hope this long after its timeout: RQ's own abandoned-job detection needs up to 90 s.
GRACE_SECONDS = 60
# How long a worker waits for the request that queued a job to commit its records.
COMMIT_WAIT_SECONDS = 30
RECONCILE_EVERY_SECONDS = 60


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
    started_at = db.Column(db.DateTime)
    timeout = db.Column(db.Integer)  # seconds the job may run; the run is failed after this plus a minute
    on_failure = db.Column(db.String(200))  # "module.function(job_id, reason)" told when the run fails

    @property
    def deadline(self):
        """When an active run is given up: its start (or its queueing) plus the timeout and a minute (the
        default JOB_TIMEOUT for a run recorded without one)."""
        timeout = self.timeout or current_app.config.get("JOB_TIMEOUT", 1800)  # rows from before timeouts
        return (self.started_at or self.created_at) + timedelta(seconds=timeout + GRACE_SECONDS)


def redis_connection(url: str | None = None):
    """A Redis connection for the configured REDIS_URL, or None in the embedded set-up."""
    url = url or current_app.config.get("REDIS_URL")
    if not url:
        return None
    from redis import Redis

    # An unreachable Redis answers within seconds, never hangs a request.
    return Redis.from_url(url, socket_connect_timeout=3, socket_timeout=10)


def get_queue(name: str = QUEUE_NAME):
    """The RQ queue, or None when jobs run inline."""
    conn = redis_connection()
    if conn is None:
        return None
    from rq import Queue

    return Queue(name, connection=conn)


def queue_mode() -> str:
    return "redis" if current_app.config.get("REDIS_URL") else "inline"


def _resolve(func_path: str):
    module, _sep, attr = func_path.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def enqueue(func_path: str, *args, name: str | None = None, created_by_id=None, consortium_id=None,
            inline: bool = False, timeout: int | None = None, on_failure: str | None = None,
            retry_transient: bool = False, job_id: str | None = None, **kwargs) -> JobRun:
    """Record a job and run it: on a worker when Redis is configured, right now otherwise
    (or when `inline` asks for it, as the command line does).

    Queued: the JobRun row is only flushed, and the caller's transaction (with the records the job works
    on) commits after Redis took the job; the worker waits for that commit. If Redis refuses the job,
    `QueueUnavailable` (503) is raised and the caller's transaction is rolled back: neither happens.
    `retry_transient` (idempotent jobs only) lets RQ run the job again after a transient database error.
    """
    job_id = job_id or str(uuid.uuid4())
    timeout = timeout or current_app.config.get("JOB_TIMEOUT", 1800)
    run = JobRun(id=job_id, name=name or func_path.rsplit(".", 1)[-1], created_by_id=created_by_id,
                 consortium_id=consortium_id, timeout=timeout, on_failure=on_failure)
    db.session.add(run)
    db.session.flush()
    queue = None if inline else get_queue()
    if queue is None:
        db.session.commit()
        execute_job(job_id, func_path, args, kwargs)
        return db.session.get(JobRun, job_id)
    send_to_queue(queue, job_id, func_path, args, kwargs, timeout=timeout, retry_transient=retry_transient)
    return run


def send_to_queue(queue, job_id: str, func_path: str, args, kwargs, *, timeout: int, retry_transient: bool) -> None:
    """Hand one job to RQ, with its timeout, callbacks and retry policy; QueueUnavailable if Redis is down."""
    from redis.exceptions import RedisError
    from rq import Callback, Retry

    try:
        queue.enqueue("consortium.worker.run_job", job_id, func_path, args, kwargs, job_id=job_id,
                      job_timeout=timeout, result_ttl=86400, failure_ttl=7 * 86400,
                      on_failure=Callback("consortium.worker.on_job_failure"),
                      on_stopped=Callback("consortium.worker.on_job_stopped"),
                      retry=Retry(max=3, interval=[10, 30, 60]) if retry_transient else None)
    except RedisError as exc:
        log.warning("could not queue job %s: %s", job_id, exc.__class__.__name__)
        raise QueueUnavailable(_("后台任务服务暂时不可用，未做任何更改，请稍后重试。")) from exc


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


def is_transient(exc: BaseException) -> bool:
    """A database error worth trying again: the connection was lost, or the server asked for a retry
    (serialization failure, deadlock)."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    code = getattr(getattr(exc, "orig", None), "sqlstate", None) or ""
    return code.startswith("08") or code in ("40001", "40P01", "57P01")


def claim(job_id: str, wait: float = 0) -> bool:
    """Mark a queued run as running; False when it is no longer queued (failed, cancelled, done) or never
    appeared within `wait` seconds (the request that queued it rolled back)."""
    stop = time.monotonic() + wait
    while True:
        claimed = db.session.execute(update(JobRun).where(JobRun.id == job_id, JobRun.status == "queued")
                                     .values(status="running", started_at=utcnow())).rowcount
        db.session.commit()
        if claimed:
            return True
        if db.session.scalar(select(JobRun.id).where(JobRun.id == job_id)) is not None or time.monotonic() > stop:
            return False
        time.sleep(0.2)


def execute_job(job_id: str, func_path: str, args=(), kwargs=None, *, wait: float = 0, may_retry: bool = False):
    """Run a job function with `job_id` as its first argument, recording the outcome.

    A transient database error is re-raised when `may_retry` (RQ then runs the job again, and the run
    goes back to queued); any other error fails the run, with its message."""
    if not has_app_context():
        raise RuntimeError("execute_job needs an app context: workers run jobs through consortium.worker.run_job")
    if not claim(job_id, wait):
        log.info("job %s is not queued (rolled back, cancelled or already run): skipped", job_id)
        return None
    try:
        result = _resolve(func_path)(job_id, *args, **(kwargs or {}))
        db.session.commit()
    except Exception as exc:  # a failed job is recorded, not lost
        db.session.rollback()
        if may_retry and is_transient(exc):
            db.session.execute(update(JobRun).where(JobRun.id == job_id).values(
                status="queued", message=_("数据库暂时不可用，稍后自动重试")))
            db.session.commit()
            raise
        fail(job_id, str(exc) or exc.__class__.__name__, traceback.format_exc()[-4000:])
        return None
    finished = db.session.execute(update(JobRun).where(JobRun.id == job_id, JobRun.status.in_(ACTIVE)).values(
        status="finished", progress=100, result=result, finished_at=utcnow())).rowcount
    db.session.commit()
    if not finished and db.session.scalar(select(JobRun.status).where(JobRun.id == job_id)) != "finished":
        # failed meanwhile (timed out, cancelled): the failure stands. (A round marks its own run finished in
        # its last transaction: that is no failure.)
        log.warning("job %s finished after it was marked failed", job_id)
    return result


def fail(job_id: str, reason: str, detail: str | None = None) -> bool:
    """Mark an active run failed with `reason`, and tell its owner (the round, the import); False when the
    run was no longer active. Commits."""
    values = {"status": "failed", "message": reason[:500], "finished_at": utcnow()}
    if detail:
        values["result"] = {"traceback": detail}
    changed = db.session.execute(update(JobRun).where(JobRun.id == job_id, JobRun.status.in_(ACTIVE))
                                 .values(**values)).rowcount
    if changed:
        hook = db.session.scalar(select(JobRun.on_failure).where(JobRun.id == job_id))
        if hook:
            _resolve(hook)(job_id, reason[:500])
    db.session.commit()
    return bool(changed)


def _rq_verdict(conn, run: JobRun) -> str | None:
    """Why RQ says this active run will never finish, or None while it still may."""
    from rq.exceptions import NoSuchJobError
    from rq.job import Job, JobStatus

    try:
        job = Job.fetch(run.id, connection=conn)
    except NoSuchJobError:
        return _("后台任务已丢失（队列中不存在，可能已过期或被删除）")
    status = job.get_status(refresh=False)
    if status == JobStatus.FAILED:
        last = (job.exc_info or "").strip().splitlines()
        return _("后台任务失败：%(reason)s", reason=last[-1] if last else "?")
    if status in (JobStatus.STOPPED, JobStatus.CANCELED):
        return _("后台任务已被停止")
    if status == JobStatus.FINISHED and run.status in ACTIVE:
        return _("后台任务已结束，但没有记录结果")
    return None


def reconcile(job_ids=None, now=None) -> list[tuple[str, str]]:
    """Mark active runs failed when they can no longer finish: past their deadline, or their RQ job is
    failed, stopped, abandoned by a dead worker, expired or missing. Returns (job id, reason) pairs.

    `job_ids` limits the check (a page checks the one run that blocks it); otherwise every active run
    is checked and RQ's registries are cleaned first, which fails jobs of dead workers through the
    failure callback."""
    now = now or utcnow()
    conn = redis_connection()
    if conn is not None and job_ids is None:
        from redis.exceptions import RedisError
        from rq import Queue

        try:
            queue = Queue(QUEUE_NAME, connection=conn)
            queue.started_job_registry.cleanup()  # abandoned → failed (AbandonedJobError), callback included
        except RedisError:
            conn = None
    query = select(JobRun).where(JobRun.status.in_(ACTIVE))
    if job_ids is not None:
        query = query.where(JobRun.id.in_([j for j in job_ids if j]))
    failed = []
    for run in db.session.scalars(query.order_by(JobRun.created_at)).all():
        reason = None
        if run.deadline < now:
            reason = _("后台任务超时（超过 %(s)d 秒仍未结束）",
                       s=run.timeout or current_app.config.get("JOB_TIMEOUT", 1800))
        elif conn is not None:
            try:
                reason = _rq_verdict(conn, run)
            except Exception as exc:  # Redis down: judged by the deadline alone
                log.warning("reconcile could not read job %s from Redis: %s", run.id, exc.__class__.__name__)
                conn = None
        if reason and fail(run.id, reason):
            failed.append((run.id, reason))
            _cancel_rq_job(conn, run.id)
    db.session.commit()
    return failed


def _cancel_rq_job(conn, job_id: str) -> None:
    """A run given up on must not start later: its RQ job is taken off the queue if it is still there."""
    if conn is None:
        return
    from rq.job import Job, JobStatus

    try:
        job = Job.fetch(job_id, connection=conn)
        if job.get_status() in (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED):
            job.cancel()
    except Exception:  # gone already
        pass


def queue_health(conn, stale_after: int) -> dict:
    """What /healthz/ready reports of the queue: live workers, queue length, the oldest queued job's age."""
    from rq import Queue, Worker

    queue = Queue(QUEUE_NAME, connection=conn)
    workers = Worker.all(connection=conn)
    now = utcnow()
    seen = [w.last_heartbeat for w in workers if w.last_heartbeat]
    live = [s for s in seen if (now - s.replace(tzinfo=None)).total_seconds() <= stale_after]
    oldest = None
    first = queue.get_job_ids(0, 1)
    if first:
        from rq.job import Job

        try:
            job = Job.fetch(first[0], connection=conn)
            if job.enqueued_at:
                oldest = max(0, int((now - job.enqueued_at.replace(tzinfo=None)).total_seconds()))
        except Exception:
            oldest = None
    return {"workers": len(live), "queued": queue.count, "oldest_queued_seconds": oldest,
            "last_worker_seen_seconds": (int(min((now - s.replace(tzinfo=None)).total_seconds() for s in seen))
                                         if seen else None)}


def stuck_runs(now=None) -> int:
    """Active runs past their deadline (the reconciler fails them on its next pass)."""
    now = now or utcnow()
    runs = db.session.scalars(select(JobRun).where(JobRun.status.in_(ACTIVE))).all()
    return sum(1 for r in runs if r.deadline < now)


def schedule_reconcile(delay: int = RECONCILE_EVERY_SECONDS) -> str | None:
    """Book the reconciler job (`consortium.worker.reconcile_job`) at the next whole minute, for a worker
    started with --with-scheduler. The job id is that minute, so every worker that books it books the
    same job."""
    queue = get_queue(QUEUE_NAME)
    if queue is None:
        return None
    from datetime import datetime, timezone

    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    at = datetime.fromtimestamp((int(time.time()) // delay + 1) * delay, tz=timezone.utc)
    job_id = f"consortium-reconcile-{int(at.timestamp())}"
    try:
        Job.fetch(job_id, connection=queue.connection)
        return job_id  # booked already
    except NoSuchJobError:
        pass
    queue.enqueue_at(at, "consortium.worker.reconcile_job", job_id=job_id, job_timeout=120,
                     result_ttl=600, failure_ttl=86400)
    return job_id


def start_worker(queues=(QUEUE_NAME,), *, burst: bool = False, with_scheduler: bool = False) -> None:
    """Run an RQ worker: first fail what a dead worker left behind, book the periodic reconciler, then work."""
    from rq import Queue, Worker

    conn = redis_connection()
    for job_id, reason in reconcile():
        log.warning("job %s marked failed on worker start: %s", job_id, reason)
    schedule_reconcile()
    Worker([Queue(n, connection=conn) for n in queues], connection=conn).work(burst=burst,
                                                                            with_scheduler=with_scheduler)
