"""Values computed once per change of the data: a cache keyed by consortium, a key and a data version.

Every committed write bumps a version (stats/figure_cache.py listens on the sessions and says which): the
consortium's own when the changed rows say which consortium they belong to, the deployment-wide one otherwise. A
cached value is stored under both versions, so any write of its consortium or any unattributed write makes it
unreachable. The year figures, the dashboards and the positions a student's recommendations are scored against
are kept here.

Storage: Redis when REDIS_URL is set (versions by INCR, values pickled with a TTL (FIGURE_CACHE_TTL, one hour), shared by every worker
and host, and the last 64 values a process read kept unpickled in it: a versioned key never changes); a dict
in the process otherwise. In-process versions only see the process's own writes, so with
several worker processes and no Redis a cached value also expires after FIGURE_CACHE_LOCAL_TTL seconds
(default 30): a change made through another process shows within that time.
"""
from __future__ import annotations

import pickle
import threading
import time
from collections import OrderedDict

from flask import current_app, has_app_context

ALL = "*"
TTL_SECONDS = 3600  # FIGURE_CACHE_TTL: values of superseded versions linger this long in Redis
LOCAL_MAX_ENTRIES = 64

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
