"""Rate limits on signing in: a storage every gunicorn worker shares when there is no Redis, and the keys
(per client address, per account) the login paths are limited by."""
from __future__ import annotations

import random
import sqlite3
import threading
import time
from urllib.parse import unquote, urlsplit

from flask import request
from limits.storage import Storage

_SCHEMA = "CREATE TABLE IF NOT EXISTS ratelimit (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL)"
# One statement, atomic in SQLite: a window that has expired starts again at ``amount``.
_INCR = ("INSERT INTO ratelimit (key, count, expires) VALUES (?1, ?2, ?3) ON CONFLICT(key) DO UPDATE SET "
         "count = CASE WHEN ratelimit.expires <= ?4 THEN excluded.count ELSE ratelimit.count + excluded.count END, "
         "expires = CASE WHEN ratelimit.expires <= ?4 THEN excluded.expires ELSE ratelimit.expires END "
         "RETURNING count")


class SQLiteFileStorage(Storage):
    """Fixed-window counters in a SQLite file (``sqlitefile:///absolute/path``): the workers of one
    machine share it, with no server to run. SQLite serialises the writes; each increment is a single
    UPSERT, so two workers never lose a count."""

    STORAGE_SCHEME = ["sqlitefile"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        self.path = unquote(urlsplit(uri or "").path)
        if not self.path:
            raise ValueError("sqlitefile:// needs a file path")
        self._local = threading.local()
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_SCHEMA)
            self._local.conn = conn
        return conn

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        conn = self._conn()
        if random.random() < 0.01:  # keep the file small
            conn.execute("DELETE FROM ratelimit WHERE expires <= ?", (now,))
        return conn.execute(_INCR, (key, amount, now + expiry, now)).fetchone()[0]

    def get(self, key: str) -> int:
        row = self._conn().execute("SELECT count FROM ratelimit WHERE key = ? AND expires > ?",
                                   (key, time.time())).fetchone()
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._conn().execute("SELECT expires FROM ratelimit WHERE key = ? AND expires > ?",
                                   (key, time.time())).fetchone()
        return row[0] if row else time.time()

    def check(self) -> bool:
        try:
            self._conn().execute("SELECT 1").fetchone()
            return True
        except sqlite3.Error:
            return False

    def reset(self) -> int | None:
        return self._conn().execute("DELETE FROM ratelimit").rowcount

    def clear(self, key: str) -> None:
        self._conn().execute("DELETE FROM ratelimit WHERE key = ?", (key,))


def login_account_key() -> str:
    """The account a sign-in names (form or JSON), so that guessing one account's password from many
    addresses is limited too."""
    name = request.form.get("username")
    if name is None:
        payload = request.get_json(silent=True)
        name = payload.get("username") if isinstance(payload, dict) else None
    return "account:" + (name if isinstance(name, str) else "").strip().lower()[:80]
