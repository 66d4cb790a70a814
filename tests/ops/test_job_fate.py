"""Background jobs whose fate the platform knows: nothing is left behind when Redis refuses a job, a stuck
round or import is failed (and can be retried or cancelled) instead of blocking new work, races get answers
instead of 500s, and the readiness probe sees the queue."""
import io
import os
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from consortium import create_app
from consortium.config import MissingProductionSetting, TestingConfig
from consortium.extensions import db
from consortium.imports.models import ImportUpload
from consortium.matching import lifecycle, services
from consortium.matching.models import MatchRound
from consortium.queue import JobRun, reconcile
from consortium.timeutil import utcnow
from tests.conftest import Browser, csrf_from

from .. import factories
from ..imports.helpers import SCHOOL, csv_bytes
from ..matching.test_service import _seed

DEAD_REDIS = "redis://127.0.0.1:1/7"  # nothing listens on port 1


def _drain(app):
    """With REDIS_URL the rounds go to the queue: run them as a worker would."""
    if not os.environ.get("REDIS_URL"):
        return
    from rq import SimpleWorker

    from consortium.queue import get_queue

    with app.app_context():
        queue = get_queue()
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
        db.session.remove()


def _empty_queue(app):
    if os.environ.get("REDIS_URL"):
        from consortium.queue import get_queue

        with app.app_context():
            get_queue().empty()


def _app_with(app, **overrides):
    """A second application on the same database, configured like the suite's but with `overrides`."""
    cfg = {k: getattr(TestingConfig, k) for k in dir(TestingConfig) if k.isupper()}
    cfg.update(SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"], SQLALCHEMY_ENGINE_OPTIONS={})
    cfg.update(overrides)
    return create_app(cfg)


def _count(app, model):
    with app.app_context():
        n = db.session.scalar(select(func.count()).select_from(model))
        db.session.remove()
        return n


def _seeded(app):
    with app.app_context():
        world = factories.build_world()
        _seed(world)
        db.session.commit()
        ids = factories.world_ids(world)
        db.session.remove()
    return ids


# --- queue, then commit, or neither ------------------------------------------------------------------------

def test_round_start_with_redis_unreachable_leaves_nothing_and_answers_503(app):
    _seeded(app)
    dead = _app_with(app, REDIS_URL=DEAD_REDIS)
    browser = Browser(dead.test_client())
    assert browser.login("admin").status_code == 302
    r = browser.submit("/matching/", {"kind": "", "mode": "stable"})
    assert r.status_code == 503
    assert "后台任务服务暂时不可用" in r.text and "请稍后重试" in r.text
    assert _count(app, MatchRound) == 0 and _count(app, JobRun) == 0
    # Redis is back (here: no Redis, jobs inline): the next start is not blocked by anything left behind.
    browser = Browser(app.test_client())
    browser.login("admin")
    r = browser.submit("/matching/", {"kind": "", "mode": "stable"}, follow_redirects=True)
    assert "已有一轮匹配正在进行" not in r.text and _count(app, MatchRound) == 1


def test_large_import_with_redis_unreachable_leaves_nothing_and_answers_503(app, world):
    dead = _app_with(app, REDIS_URL=DEAD_REDIS)
    browser = Browser(dead.test_client())
    browser.login("admin")
    rows = [{"student_no": f"B{n:05d}", "school": SCHOOL, "name": f"学生{n}", "major": "机电一体化技术"}
            for n in range(2100)]  # above the in-request threshold: goes to the queue
    r = browser.submit("/imports/", {"type_name": "students",
                                     "file": (io.BytesIO(csv_bytes("students", rows)), "big.csv")},
                       content_type="multipart/form-data")
    assert r.status_code == 302
    upload_id = r.headers["Location"].rstrip("/").split("/")[-1]
    r = browser.submit(f"/imports/{upload_id}/confirm", {}, form_url=f"/imports/{upload_id}")
    assert r.status_code == 503 and "后台任务服务暂时不可用" in r.text
    assert _count(app, JobRun) == 0
    with app.app_context():
        assert db.session.get(ImportUpload, upload_id).status == "uploaded"  # still there, to confirm again
        db.session.remove()


def test_api_body_for_an_unavailable_queue(app):
    from consortium.errors import QueueUnavailable

    probe = _app_with(app)

    @probe.route("/api/v1/_probe_queue_unavailable")
    def _probe():
        raise QueueUnavailable("后台任务服务暂时不可用，未做任何更改，请稍后重试。")

    r = probe.test_client().get("/api/v1/_probe_queue_unavailable")
    assert r.status_code == 503 and r.json["error"]["code"] == "queue_unavailable"


# --- login never needs Redis -------------------------------------------------------------------------------

def test_login_form_works_with_redis_down(app, world):
    """The sign-in form with rate limits on and Redis unreachable (the warning that limits fell back to
    memory is checked in a separate process by tests/security/test_login_abuse.py)."""
    dead = _app_with(app, REDIS_URL=DEAD_REDIS, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=DEAD_REDIS)
    client = dead.test_client()
    page = client.get("/login")
    r = client.post("/login", data={"username": "admin", "password": factories.PASSWORD,
                                    "csrf_token": csrf_from(page.text)})
    assert r.status_code == 302 and dead.config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"]


# --- a stuck round or import never blocks for good ---------------------------------------------------------

def _stuck_round(app, started_minutes_ago=60, timeout=600):
    """A round 'running 70%' whose worker died long ago (its job past timeout plus a minute)."""
    ids = _seeded(app)
    with app.app_context():
        run = JobRun(id="dead-job-1", name="match_round", status="running", progress=70, consortium_id=ids.consortium,
                     created_at=utcnow() - timedelta(minutes=started_minutes_ago),
                     started_at=utcnow() - timedelta(minutes=started_minutes_ago), timeout=timeout,
                     on_failure="consortium.matching.lifecycle.round_job_failed")
        db.session.add(run)
        db.session.add(MatchRound(consortium_id=ids.consortium, number=1, status="running", job_id=run.id,
                                  created_by_id=ids.admin))
        db.session.commit()
        rid = db.session.scalar(select(MatchRound.id))
        db.session.remove()
    return ids, rid


def test_reconcile_fails_a_round_past_its_timeout_and_the_secretariat_retries_it(app, runner):
    ids, rid = _stuck_round(app)
    r = runner.invoke(args=["jobs", "reconcile"])
    assert r.exit_code == 0 and "1 job(s) marked failed" in r.output
    browser = Browser(app.test_client())
    browser.login("admin")
    page = browser.get(f"/matching/{rid}").text
    assert "本轮匹配失败" in page and "超时" in page and "重试本轮" in page
    assert browser.get(f"/matching/{rid}/status").json["status"] == "failed"
    r = browser.submit(f"/matching/{rid}/retry", {}, form_url=f"/matching/{rid}", follow_redirects=True)
    assert r.status_code == 200
    _drain(app)
    with app.app_context():
        match_round = db.session.get(MatchRound, rid)
        assert match_round.status == "finished" and match_round.proposals_created == 3  # same inputs, once
        assert db.session.get(JobRun, "dead-job-1").status == "failed"
        db.session.remove()


def test_a_stuck_round_does_not_block_a_new_one_after_its_timeout(app):
    ids, rid = _stuck_round(app)
    with app.app_context():
        from consortium.members.models import Consortium

        from consortium.auth.models import User

        admin = db.session.get(User, ids.admin)
        new_round = services.start_round(admin, db.session.get(Consortium, ids.consortium))
        db.session.commit()
        assert new_round.number == 2 and new_round.status in ("finished", "queued")
        assert db.session.get(MatchRound, rid).status == "failed"
        db.session.remove()


def test_a_running_round_within_its_timeout_still_blocks(app):
    if os.environ.get("REDIS_URL"):
        pytest.skip("with Redis the made-up job is not in the queue, so it is rightly failed as lost")
    ids, rid = _stuck_round(app, started_minutes_ago=1, timeout=600)
    browser = Browser(app.test_client())
    browser.login("admin")
    r = browser.submit("/matching/", {"kind": "", "mode": "stable"}, follow_redirects=True)
    assert "已有一轮匹配正在进行" in r.text and _count(app, MatchRound) == 1


def test_a_failed_round_can_be_cancelled(app):
    ids, rid = _stuck_round(app)
    with app.app_context():
        reconcile()
        db.session.remove()
    browser = Browser(app.test_client())
    browser.login("admin")
    browser.submit(f"/matching/{rid}/cancel", {}, form_url=f"/matching/{rid}")
    page = browser.get(f"/matching/{rid}").text
    assert "本轮匹配已取消" in page and "重试本轮" not in page
    assert browser.get(f"/matching/{rid}/status").json["status_label"] == "已取消"


def test_a_round_failed_meanwhile_never_shows_finished(app):
    """The job of a round that was failed (timed out, reconciled) while it ran writes nothing."""
    ids, rid = _stuck_round(app)
    with app.app_context():
        reconcile()
        db.session.execute(update(MatchRound).where(MatchRound.id == rid).values(status="running"))
        db.session.commit()
        services.execute_round("dead-job-1", rid)
        db.session.expire_all()
        assert db.session.get(MatchRound, rid).status != "finished"
        assert db.session.get(JobRun, "dead-job-1").status == "failed"
        from consortium.jobs.models import Placement

        assert db.session.scalar(select(func.count()).select_from(Placement)) == 0
        db.session.remove()


def test_status_reads_one_consistent_state(app):
    ids, rid = _stuck_round(app)
    with app.app_context():
        # The round finished in the same transaction as its job record: the status never says 70%.
        db.session.execute(update(MatchRound).where(MatchRound.id == rid).values(status="finished"))
        db.session.commit()
        state = lifecycle.round_state(rid)
        db.session.remove()
    assert state["status"] == "finished" and state["progress"] == 100


# --- races -------------------------------------------------------------------------------------------------

def test_two_round_starts_at_the_same_instant_one_gets_a_polite_answer(app, monkeypatch):
    """Both starts saw no round running (same instant): the second one's insert hits the unique round number,
    and is answered "已有一轮匹配正在进行" instead of a 500."""
    ids = _seeded(app)
    with app.app_context():
        db.session.add(MatchRound(consortium_id=ids.consortium, number=1, status="running", created_by_id=ids.admin))
        db.session.commit()
        db.session.remove()
    monkeypatch.setattr(services, "active_round", lambda consortium_id: None)
    monkeypatch.setattr(services.func, "max", lambda col: func.min(col) - 1)  # both computed the same number
    browser = Browser(app.test_client())
    browser.login("admin")
    r = browser.submit("/matching/", {"kind": "", "mode": "stable"}, follow_redirects=True)
    assert r.status_code == 200 and "已有一轮匹配正在进行" in r.text
    assert _count(app, MatchRound) == 1


def test_the_same_upload_confirmed_twice_is_already_being_imported(app, world):
    browser = Browser(app.test_client())
    browser.login("admin")
    rows = [{"student_no": "Q1", "school": SCHOOL, "name": "甲", "major": "机电一体化技术"}]
    r = browser.submit("/imports/", {"type_name": "students",
                                     "file": (io.BytesIO(csv_bytes("students", rows)), "s.csv")},
                       content_type="multipart/form-data")
    upload_id = r.headers["Location"].rstrip("/").split("/")[-1]
    preview = browser.get(f"/imports/{upload_id}").text
    with app.app_context():  # the first confirmation has claimed it and is importing
        db.session.execute(update(ImportUpload).where(ImportUpload.id == upload_id).values(status="importing"))
        db.session.commit()
        db.session.remove()
    action = re.search(r'action="([^"]+/confirm)"', preview).group(1)
    r = browser.client.post(action, data={"csrf_token": csrf_from(preview)}, follow_redirects=True)
    assert r.status_code == 200 and "该文件已在导入中" in r.text
    assert _count(app, JobRun) == 0


def test_a_failed_import_keeps_its_file_to_retry_or_cancel(app, world):
    browser = Browser(app.test_client())
    browser.login("admin")
    rows = [{"student_no": "R1", "school": SCHOOL, "name": "甲", "major": "机电一体化技术"}]
    r = browser.submit("/imports/", {"type_name": "students",
                                     "file": (io.BytesIO(csv_bytes("students", rows)), "s.csv")},
                       content_type="multipart/form-data")
    upload_id = r.headers["Location"].rstrip("/").split("/")[-1]
    with app.app_context():  # an import whose worker died: claimed, its job past the deadline
        db.session.add(JobRun(id="dead-import", name="import", status="running", created_by_id=world.admin,
                              consortium_id=world.consortium, created_at=utcnow() - timedelta(hours=2),
                              started_at=utcnow() - timedelta(hours=2), timeout=600,
                              on_failure="consortium.imports.tasks.import_job_failed"))
        db.session.execute(update(ImportUpload).where(ImportUpload.id == upload_id)
                           .values(status="importing", job_id="dead-import"))
        db.session.commit()
        assert reconcile() and db.session.get(ImportUpload, upload_id).status == "failed"
        db.session.remove()
    page = browser.get("/imports/jobs/dead-import").text
    assert "导入失败" in page and "重试导入" in page
    r = browser.submit("/imports/jobs/dead-import/retry", {}, form_url="/imports/jobs/dead-import")
    assert r.status_code == 302
    assert "导入完成" in browser.get(r.headers["Location"]).text
    assert _count(app, ImportUpload) == 0  # imported: the file is gone


# --- readiness ---------------------------------------------------------------------------------------------

def test_ready_reports_database_queue_and_stuck_jobs(app, client):
    _empty_queue(app)
    r = client.get("/healthz/ready")
    assert r.status_code == 200 and r.json["database"] == "ok" and r.json["stuck_jobs"] == 0
    _stuck_round(app)
    r = client.get("/healthz/ready")
    assert r.json["stuck_jobs"] == 1 and r.json["status"] in ("degraded", "error")


def test_ready_is_503_when_redis_is_down(app):
    r = _app_with(app, REDIS_URL=DEAD_REDIS).test_client().get("/healthz/ready")
    assert r.status_code == 503 and r.json["redis"] == "error"


@pytest.mark.redis
def test_ready_is_503_when_jobs_wait_and_no_worker_is_seen(app, ctx):
    from rq import Queue

    from consortium.queue import get_queue

    queue = get_queue()
    Queue(queue.name, connection=queue.connection).empty()
    client = app.test_client()
    assert client.get("/healthz/ready").status_code == 200
    queue.enqueue("consortium.worker.reconcile_job", job_id="ready-probe")
    try:
        r = client.get("/healthz/ready")
        assert r.status_code == 503 and r.json["queued"] >= 1 and r.json["workers"] == 0
        assert r.json["oldest_queued_seconds"] is not None
    finally:
        queue.empty()


@pytest.mark.redis
def test_reconcile_fails_a_run_whose_rq_job_is_missing(app, ctx):
    world = factories.build_world()
    db.session.add(JobRun(id="never-queued", name="match_round", status="queued", consortium_id=world.consortium.id,
                          timeout=600, on_failure="consortium.matching.lifecycle.round_job_failed"))
    db.session.add(MatchRound(consortium_id=world.consortium.id, number=1, status="queued", job_id="never-queued"))
    db.session.commit()
    failed = dict(reconcile())
    assert "丢失" in failed["never-queued"]
    assert db.session.scalar(select(MatchRound.status)) == "failed"


# --- production ---------------------------------------------------------------------------------------------

def test_production_refuses_to_start_without_shared_keys(app, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATA_KEY", raising=False)
    with pytest.raises(MissingProductionSetting, match="SECRET_KEY and DATA_KEY"):
        _app_with(app, CONSORTIUM_ENV="production", SECRET_KEY=None, DATA_KEY=None)
    monkeypatch.setenv("DATA_KEY", TestingConfig.DATA_KEY)
    with pytest.raises(MissingProductionSetting, match="needs SECRET_KEY in"):
        _app_with(app, CONSORTIUM_ENV="production", SECRET_KEY=None, DATA_KEY=None)
    assert _app_with(app, CONSORTIUM_ENV="production", SECRET_KEY="s" * 32,
                     DATA_KEY=None).config["SECRET_KEY"] == "s" * 32
    monkeypatch.delenv("DATA_KEY")
    assert _app_with(app, CONSORTIUM_ENV="production", SECRET_KEY=None, DATA_KEY=None, INSTANCE_SHARED=True)


def test_user_create_reads_the_password_from_stdin(app, runner):
    from consortium.auth.models import User

    r = runner.invoke(args=["user", "create", "ops-admin", "--role", "admin", "--password-stdin"],
                      input="Ops-pass-2026!x\n")
    assert r.exit_code == 0, r.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "ops-admin"))
        assert user is not None and user.check_password("Ops-pass-2026!x")
        db.session.remove()


def test_a_round_stuck_since_before_timeouts_existed_is_released(app):
    """A job record written without a timeout (before this release) is given up after JOB_TIMEOUT."""
    if os.environ.get("REDIS_URL"):
        pytest.skip("with Redis the made-up job is failed as lost, whatever its age")
    ids = _seeded(app)
    with app.app_context():
        db.session.add(JobRun(id="old-dead", name="match_round", status="running", progress=70,
                              consortium_id=ids.consortium, created_at=utcnow() - timedelta(hours=5)))
        db.session.add(MatchRound(consortium_id=ids.consortium, number=1, status="running", job_id="old-dead",
                                  created_at=utcnow() - timedelta(hours=5)))
        db.session.commit()
        db.session.remove()
    browser = Browser(app.test_client())
    browser.login("admin")
    r = browser.submit("/matching/", {"kind": "", "mode": "stable"}, follow_redirects=True)
    assert "已有一轮匹配正在进行" not in r.text and _count(app, MatchRound) == 2


# --- RQ callbacks and retries ------------------------------------------------------------------------------

class _FakeJob:
    def __init__(self, job_id, retries_left=None):
        self.id, self.retries_left = job_id, retries_left


def test_failure_callback_fails_an_abandoned_round_and_stops_its_retries(app):
    from rq.exceptions import AbandonedJobError

    from consortium.worker import on_job_failure, on_job_stopped

    ids, rid = _stuck_round(app, started_minutes_ago=1)
    job = _FakeJob("dead-job-1", retries_left=3)
    with app.app_context():
        on_job_failure(job, None, AbandonedJobError, AbandonedJobError(), None)
        assert job.retries_left == 0  # a killed job is not run again behind the secretariat's back
        run = db.session.get(JobRun, "dead-job-1")
        assert run.status == "failed" and "意外终止" in run.message
        assert db.session.get(MatchRound, rid).status == "failed"
        on_job_stopped(job, None)  # no second verdict on a failed run
        assert db.session.get(JobRun, "dead-job-1").message == run.message
        db.session.remove()


def test_failure_callback_leaves_a_run_that_rq_will_retry(app):
    from consortium.worker import on_job_failure

    ids, rid = _stuck_round(app, started_minutes_ago=1)
    with app.app_context():
        on_job_failure(_FakeJob("dead-job-1", retries_left=2), None, RuntimeError, RuntimeError("x"), None)
        assert db.session.get(JobRun, "dead-job-1").status == "running"
        db.session.remove()


def test_transient_database_error_is_raised_for_rq_to_retry(app, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from consortium import queue

    def flaky(job_id):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"), connection_invalidated=True)

    monkeypatch.setattr(queue, "_resolve", lambda path: flaky)
    with app.app_context():
        db.session.add(JobRun(id="flaky", name="x", status="queued", timeout=60))
        db.session.commit()
        with pytest.raises(OperationalError):
            queue.execute_job("flaky", "whatever", may_retry=True)
        assert db.session.get(JobRun, "flaky").status == "queued"  # RQ's retry claims it again
        queue.execute_job("flaky", "whatever", may_retry=False)  # retries spent: the run fails
        assert db.session.get(JobRun, "flaky").status == "failed"
        db.session.remove()


def test_an_import_the_database_refuses_fails_instead_of_finishing(app, world, monkeypatch):
    """A duplicate key from a concurrent import is not the file's fault: the job fails (never "finished"),
    and the upload is kept for a retry."""
    from sqlalchemy.exc import IntegrityError

    from consortium.imports import services as import_services

    def refuse(*args, **kwargs):
        raise IntegrityError("INSERT", {}, Exception("duplicate key"))

    monkeypatch.setattr(import_services, "apply_plan", refuse)
    browser = Browser(app.test_client())
    browser.login("admin")
    rows = [{"student_no": "D1", "school": SCHOOL, "name": "甲", "major": "机电一体化技术"}]
    r = browser.submit("/imports/", {"type_name": "students",
                                     "file": (io.BytesIO(csv_bytes("students", rows)), "s.csv")},
                       content_type="multipart/form-data")
    upload_id = r.headers["Location"].rstrip("/").split("/")[-1]
    r = browser.submit(f"/imports/{upload_id}/confirm", {}, form_url=f"/imports/{upload_id}")
    _drain(app)
    job_url = r.headers["Location"]
    assert browser.get(job_url + "/status").json["status"] == "failed"
    page = browser.get(job_url).text
    assert "导入失败" in page and "数据库写入失败" in page and "重试导入" in page
    with app.app_context():
        assert db.session.get(ImportUpload, upload_id).status == "failed"
        db.session.remove()


@pytest.mark.redis
def test_the_reconciler_books_itself_once_a_minute(app, ctx):
    from rq.registry import ScheduledJobRegistry

    from consortium.queue import get_queue, schedule_reconcile

    first, again = schedule_reconcile(), schedule_reconcile()
    assert first == again and first.startswith("consortium-reconcile-")
    assert first in ScheduledJobRegistry(queue=get_queue()).get_job_ids()


@pytest.mark.postgres
def test_two_real_simultaneous_round_starts(app):
    """Two sessions start a round at the same instant on PostgreSQL: one round, one polite Conflict."""
    import threading

    from consortium.auth.models import User
    from consortium.errors import Conflict
    from consortium.members.models import Consortium

    ids = _seeded(app)
    barrier, outcomes = threading.Barrier(2), []

    def start():
        with app.app_context():
            admin, consortium = db.session.get(User, ids.admin), db.session.get(Consortium, ids.consortium)
            barrier.wait(timeout=30)
            try:
                services.start_round(admin, consortium)
                db.session.commit()
                outcomes.append("started")
            except Conflict as exc:
                db.session.rollback()
                outcomes.append(exc.message)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(outcomes) == sorted(["started", "已有一轮匹配正在进行，请等待其完成"]), outcomes
    assert _count(app, MatchRound) == 1
    _drain(app)


def test_a_job_that_marks_its_own_run_finished_is_not_reported_as_failed(app, monkeypatch):
    """A round marks its run finished in its last transaction; the runner then finds the run no longer active.
    That is no failure: only a run failed meanwhile is logged as one."""
    import logging

    from consortium import queue

    def finishes_itself(job_id):
        db.session.execute(update(JobRun).where(JobRun.id == job_id).values(status="finished", progress=100))

    def failed_meanwhile(job_id):
        queue.fail(job_id, "超时")

    class Collect(logging.Handler):
        def __init__(self):
            super().__init__(logging.WARNING)
            self.messages = []

        def emit(self, record):
            self.messages.append(record.getMessage())

    seen = Collect()
    queue.log.addHandler(seen)
    disabled, queue.log.disabled = queue.log.disabled, False  # the migrations' fileConfig disables loggers
    try:
        with app.app_context():
            db.session.add_all([JobRun(id="self-done", name="x", status="queued", timeout=60),
                                JobRun(id="too-late", name="x", status="queued", timeout=60)])
            db.session.commit()
            monkeypatch.setattr(queue, "_resolve", lambda path: finishes_itself)
            queue.execute_job("self-done", "whatever")
            assert not any("marked failed" in m for m in seen.messages)
            monkeypatch.setattr(queue, "_resolve", lambda path: failed_meanwhile)
            queue.execute_job("too-late", "whatever")
            assert "job too-late finished after it was marked failed" in seen.messages
            assert db.session.get(JobRun, "self-done").status == "finished"
            assert db.session.get(JobRun, "too-late").status == "failed"
            db.session.remove()
    finally:
        queue.log.removeHandler(seen)
        queue.log.disabled = disabled
