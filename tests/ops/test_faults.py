"""Fault injection against real PostgreSQL and Redis (slow): a web process and a worker process with separate
instance folders import a file through the database-held upload; a worker SIGKILLed in the middle of a round
leaves a failed round (once reconciled) that the secretariat can retry.

Every child process is started in its own process group, every wait has a hard timeout, and the children
are killed in a `finally` block whatever happens."""
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from consortium.config import TestingConfig
from consortium.extensions import db
from consortium.queue import JobRun, reconcile

from .. import factories
from ..conftest import REQUIRE_SERVICES
from ..imports.helpers import SCHOOL, csv_bytes

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def _needs_services():
    if os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL"):
        return
    if REQUIRE_SERVICES:
        pytest.fail("REQUIRE_SERVICES=1: these fault tests need DATABASE_URL (PostgreSQL) and REDIS_URL")
    pytest.skip("needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)")


def _env(instance: Path) -> dict:
    env = dict(os.environ)
    # Every host is given the same keys, as production requires; the data key is the suite's, so this process
    # reads what the others encrypted.
    env.update(PYTHONPATH=str(ROOT), CONSORTIUM_INSTANCE=str(instance), SECRET_KEY="fault-test-shared-secret",
               DATA_KEY=TestingConfig.DATA_KEY, CONSORTIUM_ENV="production", FLASK_APP="wsgi")
    return env


def _spawn(args, instance: Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen(args, cwd=ROOT, env=_env(instance), stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def _kill(proc: subprocess.Popen | None, sig=signal.SIGKILL) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)


def _descendants(pid: int) -> list[int]:
    """Every process below `pid` (RQ's work horse runs in a session of its own, outside the worker's group)."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _kill_tree(proc: subprocess.Popen) -> None:
    """SIGKILL a worker and its work horse at once, as a crash or the OOM killer would."""
    for pid in [proc.pid, *_descendants(proc.pid)]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait(timeout=15)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _until(check, timeout: float, what: str, every: float = 0.5):
    stop = time.monotonic() + timeout
    while time.monotonic() < stop:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token"
    return match.group(1) or match.group(2)


def test_web_and_worker_on_separate_instance_folders_import_a_file(app, world, tmp_path):
    import requests

    from consortium.imports.models import ImportUpload
    from consortium.people.models import Student

    port = _free_port()
    web = worker = None
    try:
        web = _spawn([str(BIN / "gunicorn"), "-w", "1", "--threads", "2", "-b", f"127.0.0.1:{port}", "--timeout", "120",
                      "wsgi:app"], tmp_path / "web-instance", tmp_path / "web.log")
        worker = _spawn([str(BIN / "flask"), "--app", "wsgi", "rq", "worker", "--with-scheduler"],
                        tmp_path / "worker-instance", tmp_path / "worker.log")
        base = f"http://127.0.0.1:{port}"

        def up():
            try:
                return requests.get(base + "/healthz", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        _until(up, 60, "the web process")
        s = requests.Session()
        page = s.get(base + "/login", timeout=10)
        r = s.post(base + "/login", data={"username": "admin", "password": factories.PASSWORD,
                                          "csrf_token": _csrf(page.text)}, allow_redirects=False, timeout=10)
        assert r.status_code == 302, r.text[:300]
        rows = [{"student_no": f"H{n:05d}", "school": SCHOOL, "name": f"学生{n}", "major": "机电一体化技术"}
                for n in range(2100)]  # above the in-request threshold: the worker imports it
        page = s.get(base + "/imports/", timeout=10)
        r = s.post(base + "/imports/", data={"type_name": "students", "csrf_token": _csrf(page.text)},
                   files={"file": ("hosts.csv", io.BytesIO(csv_bytes("students", rows)), "text/csv")},
                   allow_redirects=False, timeout=60)
        assert r.status_code == 302, r.text[:300]
        preview = s.get(base + r.headers["Location"] if r.headers["Location"].startswith("/") else r.headers["Location"],
                        timeout=60)
        action = re.search(r'action="([^"]+/confirm)"', preview.text).group(1)
        r = s.post(base + action, data={"csrf_token": _csrf(preview.text)}, allow_redirects=False, timeout=60)
        assert r.status_code == 302, r.text[:300]
        result_url = r.headers["Location"]
        result_url = base + result_url if result_url.startswith("/") else result_url

        def done():
            status = s.get(result_url + "/status", timeout=10).json()
            return status if status["status"] in ("finished", "failed") else None

        status = _until(done, 180, "the import job")
        assert status["status"] == "finished", status
        assert "导入完成" in s.get(result_url, timeout=10).text
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Student)) == 2100
            assert db.session.scalar(select(func.count()).select_from(ImportUpload)) == 0  # deleted once imported
            db.session.remove()
        for folder in ("web-instance", "worker-instance"):  # nothing with personal data on either host's disk
            assert not (tmp_path / folder / "uploads").exists()
    finally:
        _kill(web)
        _kill(worker)


def test_a_worker_killed_mid_round_leaves_a_failed_retryable_round(app, tmp_path):
    from rq import SimpleWorker

    from consortium.matching import lifecycle, services
    from consortium.matching.models import MatchRound
    from consortium.queue import get_queue

    from ..matching.test_service import _seed

    worker = lock = None
    try:
        with app.app_context():
            world = factories.build_world()
            _seed(world)
            db.session.commit()
            admin_id, consortium_id = world.admin.id, world.consortium.id
            db.session.remove()
        worker = _spawn([str(BIN / "flask"), "--app", "wsgi", "rq", "worker"], tmp_path / "worker-instance",
                        tmp_path / "worker.log")
        with app.app_context():
            # Writes to `placement` wait behind this lock: the round reads its inputs and reaches 70%, then blocks.
            lock = db.engine.connect()
            lock_tx = lock.begin()
            lock.exec_driver_sql("LOCK TABLE placement IN SHARE MODE")
            from consortium.auth.models import User
            from consortium.members.models import Consortium

            match_round = services.start_round(db.session.get(User, admin_id), db.session.get(Consortium, consortium_id))
            db.session.commit()
            round_id, job_id = match_round.id, match_round.job_id

            def at_70():
                db.session.expire_all()
                run = db.session.get(JobRun, job_id)
                return run is not None and run.status == "running" and run.progress >= 70

            _until(at_70, 90, "the round to reach 70%")
            _kill_tree(worker)  # the worker and its work horse, SIGKILLed
            worker = None
            lock_tx.rollback()
            lock.close()
            lock = None
            assert db.session.get(MatchRound, round_id).status == "running"

            def failed():
                reconcile()
                db.session.expire_all()
                return db.session.get(MatchRound, round_id).status == "failed"

            _until(failed, 240, "the reconciler to fail the abandoned round", every=3)  # RQ: ~90 s
            run = db.session.get(JobRun, job_id)
            assert run.status == "failed" and "意外终止" in run.message
            from consortium.jobs.models import Placement

            assert db.session.scalar(select(func.count()).select_from(Placement)) == 0  # nothing half-written
            match_round = db.session.get(MatchRound, round_id)
            assert lifecycle.can_retry(match_round)
            lifecycle.retry_round(db.session.get(User, admin_id), match_round)
            db.session.commit()
            queue = get_queue()
            SimpleWorker([queue], connection=queue.connection).work(burst=True)
            db.session.expire_all()
            match_round = db.session.get(MatchRound, round_id)
            assert match_round.status == "finished" and match_round.proposals_created == 3
            db.session.remove()
    finally:
        if lock is not None:
            lock.close()
        _kill(worker)
