"""Governance records the notice scores (annex 1: 1.3, 1.4, 2.1–2.4): the board and its members, its
meetings and resolutions, the charter and rules as versioned documents, the coordination mechanism's tasks
and the incentive policies. The secretariat of the consortium keeps them."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..access import require_consortium_admin
from ..common import invalid, text_or_none
from ..extensions import db
from ..members.models import Consortium
from ..vocab import BOARD_ROLES, CHARTER_KINDS, POLICY_KINDS, TASK_STATUSES
from .models import BoardMeeting, BoardMember, CharterVersion, CoordinationTask, IncentivePolicy


def _text(data, field, errors, limit, required=True):
    value = text_or_none(data.get(field))
    if required and not value:
        errors[field] = _("必填")
    elif value and len(value) > limit:
        errors[field] = _("不超过 %(n)d 个字符", n=limit)
    return value


def _date(data, field, errors, required=True):
    value = data.get(field)
    if value is None and not required:
        return None
    if not isinstance(value, date):
        errors[field] = _("请填写日期")
        return None
    return value


def _choice(data, field, errors, choices):
    value = data.get(field)
    if value not in choices:
        errors[field] = _("请选择")
    return value


def _added(row, errors: dict):
    """The new row, added and flushed; nothing is added when a field was refused (ValidationError)."""
    if errors:
        invalid(errors)
    db.session.add(row)
    db.session.flush()
    return row


def add_board_member(actor, consortium: Consortium, data: dict) -> BoardMember:
    require_consortium_admin(actor, consortium.id)
    errors = {}
    row = BoardMember(consortium_id=consortium.id, name=_text(data, "name", errors, 50),
                      organization=_text(data, "organization", errors, 200),
                      role=_choice(data, "role", errors, BOARD_ROLES), since=_date(data, "since", errors, False))
    return _added(row, errors)


def add_meeting(actor, consortium: Consortium, data: dict) -> BoardMeeting:
    require_consortium_admin(actor, consortium.id)
    errors = {}
    row = BoardMeeting(consortium_id=consortium.id, held_on=_date(data, "held_on", errors),
                       title=_text(data, "title", errors, 200), attendees=_text(data, "attendees", errors, 2000),
                       resolutions=_text(data, "resolutions", errors, 5000))
    return _added(row, errors)


def add_charter_version(actor, consortium: Consortium, data: dict) -> CharterVersion:
    """A new version of a charter or rule: the next number for that title."""
    require_consortium_admin(actor, consortium.id)
    errors = {}
    kind = _choice(data, "kind", errors, CHARTER_KINDS)
    title = _text(data, "title", errors, 200)
    adopted = _date(data, "adopted_on", errors)
    summary = _text(data, "summary", errors, 2000, required=False)
    if errors:
        invalid(errors)
    last = db.session.scalar(select(func.max(CharterVersion.version)).where(
        CharterVersion.consortium_id == consortium.id, CharterVersion.title == title)) or 0
    return _added(CharterVersion(consortium_id=consortium.id, kind=kind, title=title, version=last + 1,
                                 adopted_on=adopted, summary=summary), errors)


def add_task(actor, consortium: Consortium, data: dict) -> CoordinationTask:
    require_consortium_admin(actor, consortium.id)
    errors = {}
    row = CoordinationTask(consortium_id=consortium.id, department=_text(data, "department", errors, 100),
                           duty=_text(data, "duty", errors, 300), task=_text(data, "task", errors, 300),
                           deadline=_date(data, "deadline", errors, False),
                           status=_choice(data, "status", errors, TASK_STATUSES))
    return _added(row, errors)


def add_policy(actor, consortium: Consortium, data: dict) -> IncentivePolicy:
    require_consortium_admin(actor, consortium.id)
    errors = {}
    row = IncentivePolicy(consortium_id=consortium.id, title=_text(data, "title", errors, 200),
                          issuer=_text(data, "issuer", errors, 200), issued_on=_date(data, "issued_on", errors),
                          kind=_choice(data, "kind", errors, POLICY_KINDS), implemented=bool(data.get("implemented")),
                          notes=_text(data, "notes", errors, 2000, required=False))
    return _added(row, errors)


def records(consortium_id: int) -> dict:
    """Every governance record of the consortium, by kind, in a readable order."""
    def rows(model, *order):
        return list(db.session.scalars(select(model).where(model.consortium_id == consortium_id).order_by(*order)))

    return {"board": rows(BoardMember, BoardMember.role, BoardMember.name),
            "meetings": rows(BoardMeeting, BoardMeeting.held_on.desc()),
            "charter": rows(CharterVersion, CharterVersion.title, CharterVersion.version.desc()),
            "coordination": rows(CoordinationTask, CoordinationTask.deadline),
            "incentives": rows(IncentivePolicy, IncentivePolicy.issued_on.desc())}


def governance_page(actor, consortium: Consortium) -> dict:
    require_consortium_admin(actor, consortium.id)
    return records(consortium.id)


MODELS = {"board": BoardMember, "meetings": BoardMeeting, "charter": CharterVersion,
          "coordination": CoordinationTask, "incentives": IncentivePolicy}


def record_label(kind: str, row) -> str:
    """One governance record as the materials' form and the directory index name it."""
    if kind == "board":
        return f"{row.name}（{row.organization} · {row.role_label}）"
    if kind == "meetings":
        return f"{row.held_on.isoformat()} {row.title}"
    if kind == "charter":
        return _("%(title)s 第 %(v)d 版（%(day)s）", title=row.title, v=row.version, day=row.adopted_on.isoformat())
    if kind == "coordination":
        return f"{row.department}：{row.task}"
    return f"{row.title}（{row.issuer}，{row.issued_on.isoformat()}）"


def find_record(consortium_id: int, kind: str, record_id: int):
    """The consortium's governance record of `kind` with that id, or None."""
    model = MODELS.get(kind)
    row = db.session.get(model, record_id) if model is not None else None
    return row if row is not None and row.consortium_id == consortium_id else None


# Annex-1 points these records evidence (the self-assessment counts them).
POINT_RECORDS = {"1.3": "coordination", "1.4": "incentives", "2.1": "board", "2.3": "charter", "2.4": "meetings"}
