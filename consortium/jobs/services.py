"""Rules for positions, applications, placements, compliance documents and joint programmes.

Slot accounting is race-safe: a slot is taken with one conditional UPDATE
(`filled = filled + 1 WHERE filled < slots`) whose row count tells who won, and the
database refuses `filled > slots` by a CHECK constraint. This holds on SQLite, where
`SELECT … FOR UPDATE` does nothing, and on PostgreSQL under concurrent requests.
"""
import json
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import String, and_, cast, func, or_, select, update
from sqlalchemy.orm import aliased

from ..auth.models import User
from ..access import actor_consortium_id, acts_for, can_admin_consortium, require_login
from ..audit.services import record
from ..errors import Conflict, NotAllowed, NotFound, ValidationError
from ..extensions import db
from ..members.models import Member
from ..people.models import Student, Teacher
from ..people.services import as_skill_list
from ..timeutil import utcnow
from .models import (PLACEMENT_STATUSES, POSITION_KINDS, POSITION_STATUSES, PROGRAMME_KINDS, SLOT_STATUSES, STUDENT_KINDS,
                     TEACHER_KINDS, Application, Notification, Placement, Position, Programme)

POSITION_FIELDS = ("code", "kind", "title", "majors", "skills", "city", "slots", "start_date", "end_date",
                   "description", "status")


# ---- notifications ---------------------------------------------------------------------------

def notify(users, message: str, link: str | None = None) -> None:
    """Leave an in-app message for each user (duplicates and None skipped)."""
    seen = set()
    for user in users:
        if user is None or user.id in seen:
            continue
        seen.add(user.id)
        db.session.add(Notification(user_id=user.id, message=message[:500], link=link))


def org_users(member_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(User.member_id == member_id, User.active.is_(True))))


def candidate_users(candidate) -> list[User]:
    """The candidate's own account and their school's (or employer's) users."""
    column = User.student_id if candidate.kind == "student" else User.teacher_id
    own = list(db.session.scalars(select(User).where(column == candidate.id)))
    return own + org_users(candidate.org.id)


def unread_count(user) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def list_notifications(user, limit: int = 100) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def mark_read(user) -> None:
    db.session.execute(update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                       .values(read_at=utcnow()))


# ---- positions -------------------------------------------------------------------------------

def can_manage_position(actor, position: Position) -> bool:
    return can_admin_consortium(actor, position.consortium_id) or acts_for(actor, position.enterprise_id)


def require_position_manager(actor, position: Position) -> None:
    require_login(actor)
    if not can_manage_position(actor, position):
        raise NotAllowed(_("只能管理本企业的岗位"))


def _validate_position(consortium_id: int, data: dict, position: Position | None) -> dict:
    errors = {}
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    if not clean.get("code"):
        errors["code"] = _("请填写岗位编号")
    elif len(clean["code"]) > 40:
        errors["code"] = _("岗位编号不超过 40 个字符")
    else:
        clash = select(Position.id).where(Position.consortium_id == consortium_id, Position.code == clean["code"])
        if position is not None:
            clash = clash.where(Position.id != position.id)
        if db.session.scalar(clash):
            errors["code"] = _("岗位编号 %(code)s 已被使用", code=clean["code"])
    if clean.get("kind") not in POSITION_KINDS:
        errors["kind"] = _("请选择岗位类型")
    if not clean.get("title"):
        errors["title"] = _("请填写岗位名称")
    if clean.get("status", "draft") not in POSITION_STATUSES:
        errors["status"] = _("无效的状态")
    slots = clean.get("slots")
    if slots is None or slots < 0:
        errors["slots"] = _("名额应为不小于 0 的整数")
    elif position is not None and slots < position.filled:
        errors["slots"] = _("名额不能少于已录用人数（%(n)d）", n=position.filled)
    start, end = clean.get("start_date"), clean.get("end_date")
    if start is None:
        errors["start_date"] = _("请填写开始日期")
    elif end is not None and end < start:
        errors["end_date"] = _("结束日期不能早于开始日期")
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
    merged = {k: getattr(position, k) for k in POSITION_FIELDS}
    merged.update({k: v for k, v in data.items() if k in POSITION_FIELDS})
    if merged["kind"] != position.kind and position.filled:
        raise ValidationError(_("已有录用人员的岗位不能更改类型"), {"kind": _("已有录用人员的岗位不能更改类型")})
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
    position = db.session.get(Position, position_id)
    require_login(actor)
    if position is None:
        raise NotFound(_("岗位不存在"))
    if can_manage_position(actor, position):
        return position
    if actor_consortium_id(actor) != position.consortium_id or position.status == "draft":
        raise NotFound(_("岗位不存在"))
    return position


def list_positions(actor, consortium_id: int, *, kind="", city="", major="", enterprise_id=None, status="",
                   open_slots=False, q=""):
    """Positions filtered; enterprises see their own (all statuses) and others' open ones."""
    require_login(actor)
    stmt = select(Position).where(Position.consortium_id == consortium_id)
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


# ---- slots -----------------------------------------------------------------------------------

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


def _refresh_filled(position_id: int) -> None:
    """The UPDATE bypassed the ORM: let a loaded Position re-read its count."""
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Position) and obj.id == position_id:
            db.session.expire(obj, ["filled"])


# ---- candidates ------------------------------------------------------------------------------

def candidate_of(actor):
    """The student or teacher record of a student/teacher account."""
    if actor.role == "student" and actor.student is not None:
        return actor.student
    if actor.role == "teacher" and actor.teacher is not None:
        return actor.teacher
    raise NotAllowed(_("当前账号未关联学生或教师档案，请联系所在学校"))


def kinds_for(candidate) -> tuple[str, ...]:
    return STUDENT_KINDS if candidate.kind == "student" else TEACHER_KINDS


def _candidate_filter(model, candidate):
    return model.student_id == candidate.id if candidate.kind == "student" else model.teacher_id == candidate.id


def overlapping_placements(candidate, start: date, end: date | None, exclude_id: int | None = None):
    """Counted placements of this candidate whose dates overlap [start, end] (open end = running)."""
    far = date(9999, 12, 31)
    stmt = select(Placement).where(
        _candidate_filter(Placement, candidate), Placement.status.in_(SLOT_STATUSES),
        Placement.start_date <= (end or far),
        or_(Placement.end_date.is_(None), Placement.end_date >= start))
    if exclude_id:
        stmt = stmt.where(Placement.id != exclude_id)
    return list(db.session.scalars(stmt))


# ---- applications ----------------------------------------------------------------------------

def apply(actor, position: Position, note: str = "", rank: int | None = None) -> Application:
    """A student or teacher applies to an open position of their kind."""
    candidate = candidate_of(actor)
    if position.status != "open":
        raise Conflict(_("该岗位未开放申请"))
    if position.kind not in kinds_for(candidate):
        raise ValidationError(_("学生只能申请学徒岗、现场工程师和实习实训岗位，教师只能申请教师企业实践岗位"))
    if candidate.org.consortium_id != position.consortium_id:
        raise NotFound(_("岗位不存在"))
    if len(note or "") > 500:
        raise ValidationError(_("留言不超过 500 字"), {"note": _("留言不超过 500 字")})
    existing = db.session.scalar(select(Application).where(Application.position_id == position.id,
                                                           _candidate_filter(Application, candidate)))
    if existing is not None and existing.status != "withdrawn":
        raise Conflict(_("您已申请过该岗位"))
    if existing is not None:
        existing.status, existing.note, existing.rank, existing.decided_at = "pending", note or None, rank, None
        application = existing
    else:
        application = Application(position_id=position.id, note=note or None, rank=rank,
                                  **{f"{candidate.kind}_id": candidate.id})
        db.session.add(application)
    db.session.flush()
    notify(org_users(position.enterprise_id), _("%(name)s 申请了岗位 %(title)s", name=candidate.name,
                                                  title=position.title), f"/positions/{position.id}")
    return application


def withdraw_application(actor, application: Application) -> Application:
    candidate = candidate_of(actor)
    if application.candidate is not candidate:
        raise NotFound(_("申请不存在"))
    if application.status != "pending":
        raise Conflict(_("只能撤回待处理的申请"))
    application.status = "withdrawn"
    db.session.flush()
    return application


def get_application(actor, application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None:
        raise NotFound(_("申请不存在"))
    require_login(actor)
    if can_manage_position(actor, application.position):
        return application
    candidate = application.candidate
    if (actor.role in ("student", "teacher") and getattr(actor, f"{candidate.kind}_id") == candidate.id) \
            or acts_for(actor, candidate.org.id):
        return application
    raise NotFound(_("申请不存在"))


def decide_application(actor, application: Application, accept: bool) -> Placement | None:
    """The enterprise accepts (a placement is created and a slot taken) or rejects an application."""
    require_position_manager(actor, application.position)
    if application.status != "pending":
        raise Conflict(_("该申请已处理"))
    position, candidate = application.position, application.candidate
    application.decided_at, application.decided_by_id = utcnow(), actor.id
    placement = None
    if accept:
        placement = _new_placement(position, candidate, status="accepted", source="application",
                                   application_id=application.id)
        application.status = "accepted"
        message = _("您对岗位 %(title)s 的申请已被录用", title=position.title)
    else:
        application.status = "rejected"
        message = _("您对岗位 %(title)s 的申请未被录用", title=position.title)
    db.session.flush()
    record("application.accept" if accept else "application.reject", actor=actor, object_type="application",
           object_id=application.id, consortium_id=position.consortium_id)
    notify(candidate_users(candidate), message, "/my/applications")
    return placement


def list_applications(actor, consortium_id: int, *, position_id=None, status="", mine=False):
    """Applications to the enterprise's positions, or the candidate's own, or (secretariat) all."""
    require_login(actor)
    stmt = select(Application).join(Position).where(Position.consortium_id == consortium_id)
    if mine or actor.role in ("student", "teacher"):
        stmt = stmt.where(_candidate_filter(Application, candidate_of(actor)))
    elif actor.role == "enterprise":
        stmt = stmt.where(Position.enterprise_id == actor.member_id)
    elif actor.role == "school":
        stmt = stmt.outerjoin(Student, Application.student_id == Student.id).outerjoin(
            Teacher, Application.teacher_id == Teacher.id).where(
            or_(Student.school_id == actor.member_id, Teacher.employer_id == actor.member_id))
    elif not can_admin_consortium(actor, consortium_id):
        raise NotAllowed(_("无权查看"))
    if position_id:
        stmt = stmt.where(Application.position_id == position_id)
    if status:
        stmt = stmt.where(Application.status == status)
    return stmt.order_by(Application.created_at.desc(), Application.id.desc())


# ---- placements ------------------------------------------------------------------------------

def _check_candidate_fits(position: Position, candidate) -> None:
    if position.kind not in kinds_for(candidate):
        raise ValidationError(_("学生只能安排到学徒岗、现场工程师和实习实训岗位，教师只能安排到教师企业实践岗位"),
                              {"candidate": _("候选人类型与岗位类型不符")})
    if candidate.org.consortium_id != position.consortium_id:
        raise ValidationError(_("候选人不属于本联合体"), {"candidate": _("候选人不属于本联合体")})


def _new_placement(position, candidate, *, status, source, start_date=None, end_date=None, **extra) -> Placement:
    _check_candidate_fits(position, candidate)
    start = start_date or position.start_date
    end = end_date if start_date else position.end_date
    if end is not None and end < start:
        raise ValidationError(_("结束日期不能早于开始日期"), {"end_date": _("结束日期不能早于开始日期")})
    existing = db.session.scalar(select(Placement).where(Placement.position_id == position.id,
                                                         _candidate_filter(Placement, candidate)))
    if existing is not None and existing.status not in ("rejected", "withdrawn"):
        raise Conflict(_("%(name)s 已有该岗位的安排", name=candidate.name))
    if status in SLOT_STATUSES:
        take_slot(position.id)
    if existing is not None:  # a declined or withdrawn placement is reopened, never duplicated
        placement = existing
        placement.status, placement.start_date, placement.end_date, placement.source = status, start, end, source
        for key, value in extra.items():
            setattr(placement, key, value)
    else:
        placement = Placement(position_id=position.id, status=status, source=source, start_date=start, end_date=end,
                              **{f"{candidate.kind}_id": candidate.id}, **extra)
        db.session.add(placement)
    db.session.flush()
    return placement


def propose_placement(position: Position, candidate, *, round_no: int, score: float, reasons) -> Placement | None:
    """A matching round's proposal (no slot held until the enterprise accepts). None if one exists."""
    existing = db.session.scalar(select(Placement).where(Placement.position_id == position.id,
                                                         _candidate_filter(Placement, candidate)))
    if existing is not None:
        return None
    placement = _new_placement(position, candidate, status="proposed", source="matching", match_round=round_no,
                               match_score=score, match_reasons=list(reasons))
    notify(org_users(position.enterprise_id) + candidate_users(candidate),
           _("智能匹配推荐：%(name)s → %(title)s，请确认", name=candidate.name, title=position.title),
           f"/placements/{placement.id}")
    return placement


def record_placement(actor, position: Position, candidate, *, status: str, start_date=None, end_date=None,
                     source: str = "record") -> Placement:
    """The secretariat (or an import) records a placement after the fact: history, not workflow.

    The compliance gate does not apply; missing documents are flagged on the page instead.
    """
    require_login(actor)
    if not can_admin_consortium(actor, position.consortium_id):
        raise NotAllowed(_("只有秘书处可以补录岗位安排"))
    if status not in ("accepted", "active", "completed"):
        raise ValidationError(_("补录的安排状态应为已接收、在岗或已完成"), {"status": _("无效的状态")})
    return _new_placement(position, candidate, status=status, source=source, start_date=start_date,
                          end_date=end_date)


def can_manage_placement(actor, placement: Placement) -> bool:
    return can_manage_position(actor, placement.position)


def is_candidate_side(actor, placement: Placement) -> bool:
    candidate = placement.candidate
    if actor.role in ("student", "teacher"):
        return getattr(actor, f"{candidate.kind}_id") == candidate.id
    return acts_for(actor, candidate.org.id)


def get_placement(actor, placement_id: int) -> Placement:
    placement = db.session.get(Placement, placement_id)
    if placement is None:
        raise NotFound(_("岗位安排不存在"))
    require_login(actor)
    if can_manage_placement(actor, placement) or is_candidate_side(actor, placement):
        return placement
    raise NotFound(_("岗位安排不存在"))


# Who may move a placement from one status to another: "org" = the enterprise or secretariat,
# "candidate" = the candidate, their school/employer or the secretariat.
TRANSITIONS = {
    ("proposed", "accepted"): "org",
    ("proposed", "rejected"): "org",
    ("proposed", "withdrawn"): "candidate",
    ("accepted", "active"): "either",
    ("accepted", "withdrawn"): "either",
    ("active", "completed"): "org",
    ("active", "withdrawn"): "either",
}


def allowed_transitions(actor, placement: Placement) -> list[str]:
    out = []
    for (src, dst), who in TRANSITIONS.items():
        if src == placement.status and _may(actor, placement, who):
            out.append(dst)
    return out


def _may(actor, placement, who) -> bool:
    org = can_manage_placement(actor, placement)
    cand = is_candidate_side(actor, placement) or can_admin_consortium(actor, placement.position.consortium_id)
    return {"org": org, "candidate": cand, "either": org or cand}[who]


def transition_placement(actor, placement: Placement, new_status: str) -> Placement:
    """Move a placement along its lifecycle, keeping slot counts and the compliance gate."""
    require_login(actor)
    key = (placement.status, new_status)
    if key not in TRANSITIONS:
        raise Conflict(_("不能从“%(a)s”变为“%(b)s”", a=placement.status_label,
                         b=PLACEMENT_STATUSES.get(new_status, new_status)))
    if not _may(actor, placement, TRANSITIONS[key]):
        raise NotAllowed(_("无权执行该操作"))
    if new_status == "active" and placement.compliance_missing and not placement.compliance_override:
        raise ValidationError(_("学生上岗前须登记三方协议（签订日期和扫描件）和实习责任保险（保险公司、保单号、保险期间）"),
                              {m: _("缺少") for m in placement.compliance_missing})
    if new_status == "active":
        clash = overlapping_placements(placement.candidate, placement.start_date, placement.end_date, placement.id)
        if clash:
            raise Conflict(_("%(name)s 在该时间段已有其他岗位安排", name=placement.candidate.name))
    was_holding = placement.status in SLOT_STATUSES
    will_hold = new_status in SLOT_STATUSES
    if will_hold and not was_holding:
        take_slot(placement.position_id)
    elif was_holding and not will_hold:
        release_slot(placement.position_id)
    placement.status = new_status
    db.session.flush()
    message = _("岗位安排状态变更：%(name)s · %(title)s → %(status)s", name=placement.candidate.name,
                title=placement.position.title, status=PLACEMENT_STATUSES[new_status])
    notify(org_users(placement.position.enterprise_id) + candidate_users(placement.candidate), message,
           f"/placements/{placement.id}")
    return placement


def save_compliance(actor, placement: Placement, data: dict) -> Placement:
    """Record the three-party agreement and the insurance (enterprise, school or secretariat)."""
    require_login(actor)
    if not can_edit_compliance(actor, placement):
        raise NotAllowed(_("无权登记协议和保险"))
    errors = {}
    start, end = data.get("insurance_start"), data.get("insurance_end")
    if start and end and end < start:
        errors["insurance_end"] = _("保险止期不能早于起期")
    if (data.get("insurer") or data.get("policy_no")) and not start:
        errors["insurance_start"] = _("请填写保险起期")
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    for key in ("agreement_signed_date", "insurer", "policy_no", "insurance_start", "insurance_end", "agreement_file"):
        if key in data and (data[key] or key != "agreement_file"):
            value = data[key]
            setattr(placement, key, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    return placement


def override_compliance(actor, placement: Placement, reason: str) -> Placement:
    """The secretariat lets a placement start without its documents; who, when and why is recorded."""
    require_login(actor)
    if not can_admin_consortium(actor, placement.position.consortium_id):
        raise NotAllowed(_("只有秘书处可以豁免"))
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError(_("请说明豁免理由"), {"reason": _("请说明豁免理由（至少 4 个字）")})
    placement.compliance_override = True
    placement.override_reason = reason[:500]
    placement.override_by_id = actor.id
    placement.override_at = utcnow()
    db.session.flush()
    record("placement.override", actor=actor, object_type="placement", object_id=placement.id,
           consortium_id=placement.position.consortium_id)
    return placement


def list_placements(actor, consortium_id: int, *, status="", kind="", position_id=None, school_id=None,
                    missing_documents=False):
    """Placements the actor may see, filtered."""
    require_login(actor)
    stmt = (select(Placement).join(Position).outerjoin(Student, Placement.student_id == Student.id)
            .outerjoin(Teacher, Placement.teacher_id == Teacher.id).where(Position.consortium_id == consortium_id))
    if actor.role == "enterprise":
        stmt = stmt.where(Position.enterprise_id == actor.member_id)
    elif actor.role == "school":
        stmt = stmt.where(or_(Student.school_id == actor.member_id, Teacher.employer_id == actor.member_id))
    elif actor.role in ("student", "teacher"):
        stmt = stmt.where(_candidate_filter(Placement, candidate_of(actor)))
    elif not can_admin_consortium(actor, consortium_id):
        raise NotAllowed(_("无权查看"))
    if status:
        stmt = stmt.where(Placement.status == status)
    if kind:
        stmt = stmt.where(Position.kind == kind)
    if position_id:
        stmt = stmt.where(Placement.position_id == position_id)
    if school_id:
        stmt = stmt.where(or_(Student.school_id == school_id, Teacher.employer_id == school_id))
    if missing_documents:
        stmt = stmt.where(Placement.student_id.is_not(None), Placement.compliance_override.is_(False),
                          Placement.status.in_(SLOT_STATUSES),
                          or_(Placement.agreement_signed_date.is_(None), Placement.agreement_file.is_(None),
                              Placement.insurer.is_(None), Placement.policy_no.is_(None),
                              Placement.insurance_start.is_(None)))
    return stmt.order_by(Placement.start_date.desc(), Placement.id.desc())


def overlapping_pairs(actor, consortium_id: int) -> list[tuple[Placement, Placement]]:
    """Pairs of counted placements of the same candidate whose dates overlap (for the secretariat)."""
    if not can_admin_consortium(actor, consortium_id):
        raise NotAllowed(_("只有秘书处可以查看"))
    a, b = aliased(Placement), aliased(Placement)
    pa, pb = aliased(Position), aliased(Position)
    far = date(9999, 12, 31)
    same_candidate = or_(and_(a.student_id.is_not(None), a.student_id == b.student_id),
                         and_(a.teacher_id.is_not(None), a.teacher_id == b.teacher_id))
    stmt = (select(a, b).select_from(a).join(pa, a.position_id == pa.id)
            .join(b, and_(a.id < b.id, same_candidate)).join(pb, b.position_id == pb.id)
            .where(pa.consortium_id == consortium_id, pb.consortium_id == consortium_id,
                   a.status.in_(SLOT_STATUSES), b.status.in_(SLOT_STATUSES),
                   a.start_date <= func.coalesce(b.end_date, far), b.start_date <= func.coalesce(a.end_date, far)))
    return [(x, y) for x, y in db.session.execute(stmt).all()]


def unplaced_candidates(actor, school: Member, on: date | None = None):
    """The school's students (current) and teachers with no counted placement running on the day."""
    from ..people.services import require_people_manager

    require_people_manager(actor, school)
    on = on or date.today()
    running = and_(Placement.status.in_(SLOT_STATUSES), Placement.start_date <= on,
                   or_(Placement.end_date.is_(None), Placement.end_date >= on))
    students = db.session.scalars(select(Student).where(
        Student.school_id == school.id, Student.graduation_year.is_(None) | (Student.graduation_year >= on.year),
        ~select(Placement.id).where(Placement.student_id == Student.id, running).exists())
        .order_by(Student.student_no)).all()
    teachers = db.session.scalars(select(Teacher).where(
        Teacher.employer_id == school.id,
        ~select(Placement.id).where(Placement.teacher_id == Teacher.id, running).exists())
        .order_by(Teacher.staff_no)).all()
    return students, teachers


# ---- placements recorded after the fact, by organization and number ------------------------------

def find_candidate(consortium_id: int, kind: str, org_id: int | None, number: str):
    """A student (school + student number) or teacher (employer + staff number) of the consortium, or None."""
    number = (number or "").strip()
    if not org_id or not number:
        return None
    model, org_col, no_col = ((Student, Student.school_id, Student.student_no) if kind == "student"
                              else (Teacher, Teacher.employer_id, Teacher.staff_no))
    return db.session.scalar(select(model).join(Member, org_col == Member.id).where(
        Member.consortium_id == consortium_id, org_col == org_id, no_col == number))


def record_placement_by_number(actor, consortium_id: int, data: dict) -> Placement:
    """The secretariat's form: position id, candidate by organization + number, status and dates."""
    require_login(actor)
    if not can_admin_consortium(actor, consortium_id):
        raise NotAllowed(_("只有秘书处可以补录岗位安排"))
    errors = {}
    position = db.session.get(Position, data.get("position_id") or 0)
    if position is None or position.consortium_id != consortium_id:
        errors["position_id"] = _("请选择岗位")
    kind = data.get("candidate_kind")
    if kind not in ("student", "teacher"):
        errors["candidate_kind"] = _("请选择候选人类型")
    candidate = find_candidate(consortium_id, kind, data.get("org_id"), data.get("number")) if not errors else None
    if not errors and candidate is None:
        errors["number"] = _("该单位没有这个学号或工号")
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    return record_placement(actor, position, candidate, status=data.get("status") or "", start_date=data.get("start_date"),
                            end_date=data.get("end_date"))


# ---- joint programmes (订单班、冠名班) ------------------------------------------------------------

PROGRAMME_FIELDS = ("name", "school_id", "enterprise_id", "kind", "start_date", "end_date")


def can_manage_programme(actor, programme: Programme) -> bool:
    """The secretariat or the programme's school."""
    return can_admin_consortium(actor, programme.consortium_id) or acts_for(actor, programme.school_id)


def _programme_students(school: Member, data: dict, errors: dict) -> list[Student]:
    """Students from `student_ids` and/or `student_nos` (list or text separated like skills), all of the school."""
    found: dict[int, Student] = {}
    ids = [int(i) for i in (data.get("student_ids") or [])]
    if ids:
        rows = db.session.scalars(select(Student).where(Student.id.in_(ids))).all()
        if len(rows) != len(set(ids)) or any(s.school_id != school.id for s in rows):
            errors["students"] = _("学生必须是本项目学校的学生")
        found.update({s.id: s for s in rows})
    raw = data.get("student_nos")
    numbers = as_skill_list(" ".join(raw.split()).replace(" ", ",") if isinstance(raw, str) else raw)
    if numbers:
        rows = db.session.scalars(select(Student).where(Student.school_id == school.id,
                                                        Student.student_no.in_(numbers))).all()
        unknown = sorted(set(numbers) - {s.student_no for s in rows})
        if unknown:
            errors["students"] = _("本校没有这些学号：%(nos)s", nos="、".join(unknown[:20]))
        found.update({s.id: s for s in rows})
    return sorted(found.values(), key=lambda s: s.student_no)


def _validate_programme(consortium_id: int, data: dict, programme: Programme | None) -> tuple[dict, list]:
    errors: dict = {}
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    name = clean.get("name") or ""
    if not name:
        errors["name"] = _("请填写项目名称")
    elif len(name) > 200:
        errors["name"] = _("项目名称不超过 200 个字符")
    else:
        clash = select(Programme.id).where(Programme.consortium_id == consortium_id, Programme.name == name)
        if programme is not None:
            clash = clash.where(Programme.id != programme.id)
        if db.session.scalar(clash):
            errors["name"] = _("已有名为 %(name)s 的联合培养项目", name=name)
    if clean.get("kind") not in PROGRAMME_KINDS:
        errors["kind"] = _("请选择项目类型")
    school = db.session.get(Member, clean.get("school_id") or 0)
    if school is None or not school.is_school or school.consortium_id != consortium_id:
        errors["school_id"] = _("请选择本联合体的成员学校")
        school = None
    enterprise = db.session.get(Member, clean.get("enterprise_id") or 0)
    if enterprise is None or not enterprise.is_enterprise or enterprise.consortium_id != consortium_id:
        errors["enterprise_id"] = _("请选择本联合体的成员企业")
    start, end = clean.get("start_date"), clean.get("end_date")
    if start is None:
        errors["start_date"] = _("请填写开始日期")
    elif end is not None and end < start:
        errors["end_date"] = _("结束日期不能早于开始日期")
    students = _programme_students(school, clean, errors) if school is not None else []
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    return clean, students


def create_programme(actor, consortium_id: int, data: dict) -> Programme:
    """A joint programme, by the secretariat or the school running it."""
    require_login(actor)
    if not (can_admin_consortium(actor, consortium_id) or
            (actor.role == "school" and actor.member_id == data.get("school_id"))):
        raise NotAllowed(_("只有秘书处或项目所在学校可以管理联合培养项目"))
    clean, students = _validate_programme(consortium_id, data, None)
    programme = Programme(consortium_id=consortium_id, **{k: clean.get(k) for k in PROGRAMME_FIELDS})
    programme.students = students
    db.session.add(programme)
    db.session.flush()
    return programme


def update_programme(actor, programme: Programme, data: dict) -> Programme:
    """Edit a programme; a school may not hand its programme to another school."""
    require_login(actor)
    if not can_manage_programme(actor, programme):
        raise NotAllowed(_("只有秘书处或项目所在学校可以管理联合培养项目"))
    merged = {k: getattr(programme, k) for k in PROGRAMME_FIELDS}
    merged.update({k: v for k, v in data.items() if k in PROGRAMME_FIELDS + ("student_ids", "student_nos")})
    if not can_admin_consortium(actor, programme.consortium_id):
        merged["school_id"] = programme.school_id
    if "student_ids" not in data and "student_nos" not in data:
        merged["student_ids"] = [s.id for s in programme.students]
    clean, students = _validate_programme(programme.consortium_id, merged, programme)
    for key in PROGRAMME_FIELDS:
        setattr(programme, key, clean.get(key))
    programme.students = students
    db.session.flush()
    return programme


def get_programme(actor, programme_id: int) -> Programme:
    """A programme, for the secretariat, its school or its enterprise."""
    programme = db.session.get(Programme, programme_id)
    require_login(actor)
    if programme is None:
        raise NotFound(_("联合培养项目不存在"))
    if can_manage_programme(actor, programme) or acts_for(actor, programme.enterprise_id):
        return programme
    raise NotFound(_("联合培养项目不存在"))


def list_programmes(actor, consortium_id: int, *, kind: str = ""):
    """Programmes of the consortium (secretariat), or those a school or enterprise takes part in."""
    require_login(actor)
    stmt = select(Programme).where(Programme.consortium_id == consortium_id)
    if not can_admin_consortium(actor, consortium_id):
        if actor.role not in ("school", "enterprise"):
            raise NotAllowed(_("无权查看"))
        stmt = stmt.where(or_(Programme.school_id == actor.member_id, Programme.enterprise_id == actor.member_id))
    if kind:
        stmt = stmt.where(Programme.kind == kind)
    return stmt.order_by(Programme.start_date.desc(), Programme.name)


def can_edit_compliance(actor, placement: Placement) -> bool:
    """The enterprise, the secretariat, or the student's school record the documents."""
    return can_manage_placement(actor, placement) or (actor.role == "school" and is_candidate_side(actor, placement))
