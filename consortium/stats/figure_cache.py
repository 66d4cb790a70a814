"""Which writes bump which consortium's data version (consortium/datacache.py keeps the versions and the
values).

Every committed write bumps a version: the consortium's own when the changed rows say which consortium they
belong to (a `consortium_id`, or a position, member, student or teacher that has one), the deployment-wide
version otherwise (a bulk UPDATE, a row of unknown owner). Writes to tables the figures never read (sign-ins,
tokens, audit, notifications, supervision logs and check-ins) bump nothing.

The version is bumped after the commit (SessionEvents.after_commit): a reader that began before the commit
stores its result under the old version, which no one reads again.
"""
from __future__ import annotations

import threading

from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..datacache import ALL, TTL_SECONDS, bump, bump_all, cached, clear_local, stats, versions  # noqa: F401

# Tables no figure, dashboard or year page reads: writing them keeps every cached value.
IGNORED_TABLES = frozenset({
    "user", "api_token", "password_reset", "audit_event", "notification", "alembic_version",
    "log_entry", "log_revision", "log_attachment", "checkin", "absence", "supervision_message",
    "job", "background_job", "match_round", "match_proposal",
})

_local = threading.local()


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
