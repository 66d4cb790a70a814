"""The year figures computed once per change: a cache keyed by consortium, years and a data version.

Every committed write bumps a version: the consortium's own when the changed rows say which consortium they
belong to (a `consortium_id`, or a position, member, student or teacher that has one), the deployment-wide
version otherwise (a bulk UPDATE, a row of unknown owner). A cached value is stored under both versions, so
any write of its consortium or any unattributed write makes it unreachable. Writes to tables the figures
never read (sign-ins, tokens, audit, notifications, supervision logs and check-ins) bump nothing.

Storage: Redis when REDIS_URL is set (versions by INCR, values pickled with a TTL (FIGURE_CACHE_TTL, one hour), shared by every worker
and host, and the last 64 values a process read kept unpickled in it: a versioned key never changes); a dict
in the process otherwise. In-process versions only see the process's own writes, so with
several worker processes and no Redis a cached value also expires after FIGURE_CACHE_LOCAL_TTL seconds
(default 30): a change made through another process shows within that time.

The version is bumped after the commit (SessionEvents.after_commit): a reader that began before the commit
stores its result under the old version, which no one reads again.
"""
from __future__ import annotations

import pickle
import threading
import time
from collections import OrderedDict

from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..extensions import db

ALL = "*"
# Tables no figure, dashboard or year page reads: writing them keeps every cached value.
IGNORED_TABLES = frozenset({
    "user", "api_token", "password_reset", "audit_event", "notification", "alembic_version",
    "log_entry", "log_revision", "log_attachment", "checkin", "absence", "supervision_message",
    "job", "background_job", "match_round", "match_proposal",
})
TTL_SECONDS = 3600  # FIGURE_CACHE_TTL: values of superseded versions linger this long in Redis
LOCAL_MAX_ENTRIES = 64

_local = threading.local()
_lock = threading.Lock()
_versions: dict[object, int] = {}
_values: OrderedDict = OrderedDict()
stats = {"hits": 0, "misses": 0, "bumps": 0}


# ---- the versions ----------------------------------------------------------------------------------

def _redis():
    url = current_app.config.get("REDIS_URL") if has_app_context() else None
    if not url:
        return None
    client = current_app.extensions.get("figure_cache_redis")
    if client is None:
        from redis import Redis

        client = Redis.from_url(url, socket_timeout=2)
        current_app.extensions["figure_cache_redis"] = client
    return client


def _prefix() -> str:
    """Keys of one database: two deployments (or a test run and a benchmark) may share one Redis."""
    if not has_app_context():
        return "figures"
    prefix = current_app.config.get("FIGURE_CACHE_PREFIX")
    if prefix is None:
        import hashlib

        url = str(current_app.config.get("SQLALCHEMY_DATABASE_URI") or "")
        prefix = current_app.config["FIGURE_CACHE_PREFIX"] = (
            "consortium:figures:" + hashlib.sha256(url.encode()).hexdigest()[:12])
    return prefix


def versions(consortium_id: int) -> tuple[int, int]:
    """(deployment-wide version, the consortium's version)."""
    client = _redis()
    if client is not None:
        try:
            got = client.mget(f"{_prefix()}:v:{ALL}", f"{_prefix()}:v:{consortium_id}")
            return tuple(int(v or 0) for v in got)
        except Exception:  # noqa: BLE001  (Redis down: no cache rather than an error page)
            return (-1, -1)
    with _lock:
        return (_versions.get(ALL, 0), _versions.get(consortium_id, 0))


def bump(consortium_ids) -> None:
    """Raise the version of these consortia (ALL: the deployment-wide one)."""
    ids = set(consortium_ids)
    if not ids:
        return
    stats["bumps"] += 1
    client = _redis()
    if client is not None:
        try:
            pipe = client.pipeline(transaction=False)
            for cid in ids:
                pipe.incr(f"{_prefix()}:v:{cid}")
            pipe.execute()
        except Exception:  # noqa: BLE001
            pass
    # The process's own counters move too: they stand in when Redis is briefly unreachable.
    with _lock:
        for cid in ids:
            _versions[cid] = _versions.get(cid, 0) + 1


def bump_all() -> None:
    bump([ALL])


# ---- the cache -------------------------------------------------------------------------------------

def cached(kind: str, consortium_id: int, key: tuple, compute):
    """The value of `compute()` for (kind, consortium, key) at the current data version; computed once per
    change. The caller must treat the value as read-only (it may be shared)."""
    if has_app_context() and not current_app.config.get("FIGURE_CACHE", True):
        return compute()
    gv, cv = versions(consortium_id)
    if gv < 0:
        return compute()
    name = f"{_prefix()}:{kind}:{consortium_id}:{':'.join(map(str, key))}:{gv}:{cv}"
    client = _redis()
    if client is not None:
        # A versioned key never changes its value: the process keeps what it unpickled (unpickling the
        # records costs more than a request should), and Redis shares it with the other processes.
        with _lock:
            hit = _values.get(name)
            if hit is not None:
                _values.move_to_end(name)
                stats["hits"] += 1
                return hit[1]
        try:
            raw = client.get(name)
        except Exception:  # noqa: BLE001
            raw = None
        if raw is not None:
            stats["hits"] += 1
            value = pickle.loads(raw)
        else:
            stats["misses"] += 1
            value = compute()
            try:
                client.set(name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), ex=current_app.config.get("FIGURE_CACHE_TTL", TTL_SECONDS))
            except Exception:  # noqa: BLE001
                pass
        _remember(name, time.monotonic(), value)
        return value
    ttl = current_app.config.get("FIGURE_CACHE_LOCAL_TTL", 30) if has_app_context() else 30
    now = time.monotonic()
    with _lock:
        hit = _values.get(name)
        if hit is not None and now - hit[0] < ttl:
            _values.move_to_end(name)
            stats["hits"] += 1
            return hit[1]
    stats["misses"] += 1
    value = compute()
    _remember(name, now, value)
    return value


def _remember(name, now, value) -> None:
    with _lock:
        _values[name] = (now, value)
        while len(_values) > LOCAL_MAX_ENTRIES:
            _values.popitem(last=False)


def clear_local() -> None:
    """Forget the in-process values and versions (tests)."""
    with _lock:
        _values.clear()
        _versions.clear()
    for key in stats:
        stats[key] = 0


# ---- which writes bump which consortium --------------------------------------------------------------

def _pending() -> set:
    pending = getattr(_local, "pending", None)
    if pending is None:
        pending = _local.pending = set()
    return pending


def _owner_lookups():
    """Models whose rows name their consortium through a parent: attribute → (parent table, id column)."""
    from ..jobs.models import Position
    from ..members.models import Member
    from ..people.models import Student, Teacher

    return (("position_id", Position), ("school_id", Member), ("employer_id", Member), ("member_id", Member),
            ("enterprise_id", Member), ("host_id", Member), ("student_id", Student), ("teacher_id", Teacher))


def _consortium_of_parent(session, model, parent_id):
    """The consortium of a parent row: from the session when loaded, else one small query."""
    from ..people.models import Student, Teacher

    obj = session.identity_map.get((model, (parent_id,), None)) if hasattr(session.identity_map, "get") else None
    if obj is not None and getattr(obj, "consortium_id", None) is not None:
        return obj.consortium_id
    from ..members.models import Member

    if model is Student:
        stmt = select(Member.consortium_id).join(Student, Student.school_id == Member.id).where(Student.id == parent_id)
    elif model is Teacher:
        stmt = select(Member.consortium_id).join(Teacher, Teacher.employer_id == Member.id).where(Teacher.id == parent_id)
    else:
        stmt = select(model.consortium_id).where(model.id == parent_id)
    return session.connection().execute(stmt).scalar()


MAX_OWNER_QUERIES = 50  # per flush; a bigger flush of rows without their own consortium bumps everything


def _after_flush(session, _context):
    pending = _pending()
    lookups = None
    found: dict = {}
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table is None or table in IGNORED_TABLES:
            continue
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        cid = getattr(obj, "consortium_id", None)
        if cid is None and table == "consortium":
            cid = obj.id
        if cid is None:
            lookups = lookups or _owner_lookups()
            for attr, model in lookups:
                parent_id = getattr(obj, attr, None)
                if parent_id is not None:
                    key = (model, parent_id)
                    if key not in found:
                        if len(found) >= MAX_OWNER_QUERIES:
                            found[key] = None
                        else:
                            try:
                                found[key] = _consortium_of_parent(session, model, parent_id)
                            except Exception:  # noqa: BLE001
                                found[key] = None
                    cid = found[key]
                    break
        pending.add(cid if cid is not None else ALL)


def _before_flush(session, _context, _instances):
    _local.flushing = True


def _after_flush_postexec(session, _context):
    _local.flushing = False


def _after_execute(conn, clauseelement, _multiparams, _params, _options, _result):
    """Core INSERT / UPDATE / DELETE outside a flush (bulk imports, conditional slot updates): the
    deployment-wide version, unless the table is one the figures ignore."""
    if getattr(_local, "flushing", False) or not getattr(clauseelement, "is_dml", False):
        return
    table = getattr(getattr(clauseelement, "table", None), "name", None)
    if table in IGNORED_TABLES:
        return
    _pending().add(ALL)


def _after_commit(_session):
    pending = _pending()
    if pending:
        ids = set(pending)
        pending.clear()
        bump(ids)


def _after_soft_rollback(_session, previous_transaction):
    if previous_transaction.parent is None:  # the outermost transaction: its writes are gone
        _pending().clear()


_installed = False


def install() -> None:
    """Listen on every session and engine (once per process)."""
    global _installed
    if _installed:
        return
    _installed = True
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "after_flush_postexec", _after_flush_postexec)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_soft_rollback", _after_soft_rollback)
    event.listen(Engine, "after_execute", _after_execute)


def init_app(app) -> None:
    app.config.setdefault("FIGURE_CACHE", True)
    app.config.setdefault("FIGURE_CACHE_LOCAL_TTL", 30)
    app.config.setdefault("FIGURE_CACHE_TTL", TTL_SECONDS)
    install()
    # A process that starts may find the database rebuilt or restored under versions Redis still holds:
    # starting from a new deployment-wide version, it never reads a value stored before.
    with app.app_context():
        bump_all()
