"""Rules for positions and their slots.

Slot accounting is race-safe: a slot is taken with one conditional UPDATE
(`filled = filled + 1 WHERE filled < slots`) whose row count tells who won, and the
database refuses `filled > slots` by a CHECK constraint. This holds on SQLite, where
`SELECT … FOR UPDATE` does nothing, and on PostgreSQL under concurrent requests.
"""
import json

from flask_babel import gettext as _
from sqlalchemy import String, bindparam, cast, or_, select, update
from sqlalchemy.orm import joinedload

from ..access import actor_consortium_id, acts_for, can_admin_consortium, require_login
from ..errors import Conflict, NotAllowed, ValidationError
from ..extensions import db
from ..members.models import Member
from ..people.services import as_skill_list
from .models import Position
from ..vocab import POSITION_KINDS, POSITION_STATUSES
from ..common import check_lengths, check_unique_text, found, merged_with


POSITION_FIELDS = ("code", "kind", "title", "majors", "skills", "city", "slots", "start_date", "end_date",
                   "late_join_days", "description", "status")
#: A position takes late joiners until its start date plus this many days, unless it says otherwise.
DEFAULT_LATE_JOIN_DAYS = 30


def is_offered(position: Position, today) -> bool:
    """Whether the position may still be recommended or proposed on `today`: open, not ended, a slot free, and
    either not started yet or still within its late-joiner days. The recommendations, the matching rounds and
    the secretariat's hand proposals all ask this."""
    if position.status != "open" or position.filled >= position.slots:
        return False
    if position.end_date is not None and position.end_date < today:
        return False
    until = position.join_until
    return until is None or today <= until


def not_offered_reason(position: Position, today) -> str | None:
    """Why `is_offered` says no, in words for the page; None when it is offered."""
    if position.status != "open":
        return _("岗位未开放")
    if position.end_date is not None and position.end_date < today:
        return _("岗位已结束")
    if position.filled >= position.slots:
        return _("名额已满")
    if position.join_until is not None and today > position.join_until:
        return _("已过加入截止日")
    return None


def can_manage_position(actor, position: Position) -> bool:
    return can_admin_consortium(actor, position.consortium_id) or acts_for(actor, position.enterprise_id)


def can_post_positions(actor, consortium_id: int) -> bool:
    """The secretariat (for any enterprise) and enterprise accounts (for their own) post positions."""
    return can_admin_consortium(actor, consortium_id) or actor.role == "enterprise"


def require_position_manager(actor, position: Position) -> None:
    require_login(actor)
    if not can_manage_position(actor, position):
        raise NotAllowed(_("只能管理本企业的岗位"))


def change_errors(position: Position | None, values: dict) -> dict:
    """What a new or changed position may not do, on typed values (the record's own fill in what `values`
    leaves out): keep fewer slots than people placed, change kind once someone is placed, end before it starts.
    The form and the bulk import both ask this."""
    errors = {}
    if position is not None:
        slots = values.get("slots")
        if slots is not None and slots >= 0 and slots < position.filled:
            errors["slots"] = _("名额不能少于已录用人数（%(n)d）", n=position.filled)
        if position.filled and values.get("kind", position.kind) != position.kind:
            errors["kind"] = _("已有录用人员的岗位不能更改类型")
    start = values.get("start_date", position.start_date if position is not None else None)
    end = values.get("end_date", position.end_date if position is not None else None)
    if start is not None and end is not None and end < start:
        errors["end_date"] = _("结束日期不能早于开始日期")
    return errors


def _validate_position(consortium_id: int, data: dict, position: Position | None) -> dict:
    errors = {}
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    check_unique_text(errors, "code", clean.get("code"), max_length=40, required=_("请填写岗位编号"),
                      too_long=_("岗位编号不超过 40 个字符"),
                      taken=_("岗位编号 %(code)s 已被使用", code=clean.get("code")), model=Position, record=position,
                      consortium_id=consortium_id)
    if clean.get("kind") not in POSITION_KINDS:
        errors["kind"] = _("请选择岗位类型")
    if not clean.get("title"):
        errors["title"] = _("请填写岗位名称")
    if clean.get("status", "draft") not in POSITION_STATUSES:
        errors["status"] = _("无效的状态")
    slots = clean.get("slots")
    if slots is None or slots < 0:
        errors["slots"] = _("名额应为不小于 0 的整数")
    if clean.get("start_date") is None:
        errors["start_date"] = _("请填写开始日期")
    if clean.get("late_join_days") in (None, ""):
        clean["late_join_days"] = DEFAULT_LATE_JOIN_DAYS
    elif not isinstance(clean["late_join_days"], int) or not 0 <= clean["late_join_days"] <= 3650:
        errors["late_join_days"] = _("开始后可加入天数应为 0–3650 的整数")
    changed = change_errors(position, {k: clean.get(k) for k in ("slots", "start_date", "end_date")})
    errors.update({k: v for k, v in changed.items() if k not in errors})
    check_lengths(Position, clean, errors)
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    clean["majors"] = as_skill_list(clean.get("majors"))
    clean["skills"] = as_skill_list(clean.get("skills"))
    return clean


def create_position(actor, enterprise: Member, data: dict) -> Position:
    """An enterprise (or the secretariat for it) posts a position; it starts as a draft unless opened."""
    require_login(actor)
    if not (can_admin_consortium(actor, enterprise.consortium_id) or acts_for(actor, enterprise.id)):
        raise NotAllowed(_("只能为本企业发布岗位"))
    if not enterprise.is_enterprise:
        raise ValidationError(_("岗位必须由企业成员发布"), {"enterprise_id": _("请选择企业")})
    clean = _validate_position(enterprise.consortium_id, {"status": "draft", **data}, None)
    position = Position(consortium_id=enterprise.consortium_id, enterprise_id=enterprise.id,
                        **{k: clean.get(k) for k in POSITION_FIELDS})
    position.status = position.status or "draft"
    db.session.add(position)
    db.session.flush()
    return position


def update_position(actor, position: Position, data: dict) -> Position:
    require_position_manager(actor, position)
    merged = merged_with(position, data, POSITION_FIELDS)
    kind_error = change_errors(position, {"kind": merged["kind"]}).get("kind")
    if kind_error:
        raise ValidationError(kind_error, {"kind": kind_error})
    clean = _validate_position(position.consortium_id, merged, position)
    # `filled` is never written here: only take_slot/release_slot move it.
    for key in POSITION_FIELDS:
        setattr(position, key, clean.get(key))
    db.session.flush()
    return position


def set_position_status(actor, position: Position, status: str) -> Position:
    require_position_manager(actor, position)
    if status not in POSITION_STATUSES:
        raise ValidationError(_("无效的状态"), {"status": _("无效的状态")})
    position.status = status
    db.session.flush()
    return position


def get_position(actor, position_id: int) -> Position:
    """Managers see any of theirs; everyone else of the consortium sees open and closed ones."""
    require_login(actor)
    return found(Position, position_id, _("岗位不存在"), lambda position: can_manage_position(actor, position) or (
        actor_consortium_id(actor) == position.consortium_id and position.status != "draft"))


def list_positions(actor, consortium_id: int, *, kind="", city="", major="", enterprise_id=None, status="",
                   open_slots=False, q=""):
    """Positions filtered; enterprises see their own (all statuses) and others' open ones."""
    require_login(actor)
    stmt = select(Position).where(Position.consortium_id == consortium_id).options(joinedload(Position.enterprise))
    if not can_admin_consortium(actor, consortium_id):
        if actor.role == "enterprise":
            stmt = stmt.where(or_(Position.enterprise_id == actor.member_id, Position.status == "open"))
        else:
            stmt = stmt.where(Position.status == "open")
    if kind:
        stmt = stmt.where(Position.kind == kind)
    if city:
        stmt = stmt.where(Position.city == city)
    if major:
        # majors is a JSON list; a text match on its serialised form works on both databases.
        # The JSON may hold non-ASCII as \uXXXX escapes (SQLite), so both spellings are tried.
        escaped = json.dumps(major)[1:-1]
        text = cast(Position.majors, String)
        stmt = stmt.where(or_(text.ilike(f"%{major}%"), text.ilike(f"%{escaped}%", escape="#")))
    if enterprise_id:
        stmt = stmt.where(Position.enterprise_id == enterprise_id)
    if status:
        stmt = stmt.where(Position.status == status)
    if open_slots:
        stmt = stmt.where(Position.filled < Position.slots)
    if q:
        stmt = stmt.where(or_(Position.title.ilike(f"%{q}%"), Position.code.ilike(f"%{q}%")))
    return stmt.order_by(Position.start_date.desc(), Position.code)


def take_slot(position_id: int) -> None:
    """Take one slot, or raise Conflict when none is left. One conditional UPDATE: race-safe."""
    result = db.session.execute(
        update(Position).where(Position.id == position_id, Position.filled < Position.slots)
        .values(filled=Position.filled + 1).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Conflict(_("该岗位名额已满"))
    _refresh_filled(position_id)


def release_slot(position_id: int) -> None:
    db.session.execute(update(Position).where(Position.id == position_id, Position.filled > 0)
                       .values(filled=Position.filled - 1).execution_options(synchronize_session=False))
    _refresh_filled(position_id)


def move_many_slots(need: dict[int, int], message: str | None = None) -> None:
    """Take (delta > 0) or give back (delta < 0) slots of many positions at once, as a bulk import does: one
    executemany of take_slot's conditional UPDATE (race-safe). Conflict when any count would leave 0..slots;
    the caller's rollback then keeps nothing."""
    need = {pid: delta for pid, delta in need.items() if delta}
    if not need:
        return
    table = Position.__table__
    stmt = (update(table).where(table.c.id == bindparam("pid"), table.c.filled + bindparam("delta") <= table.c.slots,
                                table.c.filled + bindparam("delta") >= 0)
            .values(filled=table.c.filled + bindparam("delta")))
    result = db.session.execute(stmt, [{"pid": pid, "delta": delta} for pid, delta in sorted(need.items())])
    if result.rowcount != len(need):
        raise Conflict(message or _("该岗位名额已满"))
    for position_id in need:
        _refresh_filled(position_id)


def _refresh_filled(position_id: int) -> None:
    """The UPDATE bypassed the ORM: let a loaded Position re-read its count (looked up by its identity key, not
    by scanning the session, which holds 100,000 rows during a large import)."""
    obj = db.session.identity_map.get(db.session.identity_key(Position, position_id))
    if obj is not None:
        db.session.expire(obj, ["filled"])
