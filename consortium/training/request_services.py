"""Enterprises' training requests (定向培训): filed, assigned to a school, answered with a planned session."""
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..access import acts_for, require_consortium_admin
from ..errors import Conflict, NotAllowed
from ..auth.models import User
from ..extensions import db
from ..jobs.notifications import notify, org_users
from ..timeutil import utcnow
from ..access import can_admin_consortium, require_member_user
from ..common import assign_given, invalid, text_or_none
from ..timeutil import today
from ..vocab import AUDIENCES, TRAINING_KINDS as KINDS, UNPLANNED_REQUEST_STATUSES
from .models import TrainingRequest, TrainingSession
from .services import _member, create_session, is_enterprise_user, is_school_user, visible_record

REQUEST_FIELDS = ("topic", "kind", "audience", "headcount", "preferred_start", "preferred_end", "notes")


def _admins(consortium_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == "admin", User.active.is_(True),
                                                      User.consortium_id == consortium_id)))


def _link(req) -> str:
    return f"/training/requests/{req.id}"


def _request_visibility(actor, consortium_id: int):
    if can_admin_consortium(actor, consortium_id):
        return True
    if is_school_user(actor):
        return TrainingRequest.provider_id == actor.member_id
    return TrainingRequest.enterprise_id == actor.member_id


def list_requests(actor, consortium_id: int, *, status: str = ""):
    """Requests this user may see: all (secretariat), its own (enterprise), those assigned to it (school)."""
    require_member_user(actor, consortium_id)
    stmt = (select(TrainingRequest).where(TrainingRequest.consortium_id == consortium_id,
                                          _request_visibility(actor, consortium_id))
            .options(selectinload(TrainingRequest.enterprise), selectinload(TrainingRequest.provider),
                     selectinload(TrainingRequest.session)))
    if status == "delivered":
        stmt = stmt.where(TrainingRequest.status == "planned", TrainingRequest.session.has(
            TrainingSession.end_date < today()))
    elif status == "planned":
        stmt = stmt.where(TrainingRequest.status == "planned", TrainingRequest.session.has(
            TrainingSession.end_date >= today()))
    elif status:
        stmt = stmt.where(TrainingRequest.status == status)
    return stmt.order_by(TrainingRequest.created_at.desc(), TrainingRequest.id.desc())


def get_request(actor, request_id: int) -> TrainingRequest:
    """A request the user may see; another organization's answers 404."""
    return visible_record(actor, TrainingRequest, request_id, _("培训需求不存在"), _request_visibility)


def _validate_request(data: dict) -> dict:
    errors = {}
    topic = text_or_none(data.get("topic"))
    if not topic:
        errors["topic"] = _("请填写培训主题")
    elif len(topic) > 200:
        errors["topic"] = _("培训主题不超过 200 个字符")
    if data.get("kind") not in (None, "") and data["kind"] not in KINDS:
        errors["kind"] = _("请选择培训类型")
    if data.get("audience") not in AUDIENCES:
        errors["audience"] = _("请选择培训对象")
    headcount = data.get("headcount")
    if headcount is None:
        errors["headcount"] = _("请填写培训人数")
    elif headcount <= 0:
        errors["headcount"] = _("培训人数应大于 0")
    start, end = data.get("preferred_start"), data.get("preferred_end")
    if start is not None and end is not None and end < start:
        errors["preferred_end"] = _("结束日期不能早于开始日期")
    return errors


def create_request(actor, consortium, data: dict, *, enterprise_id: int | None = None) -> TrainingRequest:
    """An enterprise files a training need; the secretariat may file one for an enterprise member."""
    require_member_user(actor, consortium.id)
    errors = _validate_request(data)
    if can_admin_consortium(actor, consortium.id):
        enterprise = _member(consortium.id, enterprise_id, "enterprise_id", errors, enterprise=True)
        if enterprise is None and "enterprise_id" not in errors:
            errors["enterprise_id"] = _("请选择提出需求的企业")
    elif is_enterprise_user(actor) and actor.member is not None:
        enterprise = actor.member
    else:
        raise NotAllowed(_("只有企业用户可以提出培训需求"))
    if errors:
        invalid(errors)
    req = TrainingRequest(consortium_id=consortium.id, enterprise_id=enterprise.id, created_by_id=actor.id,
                          status="submitted")
    assign_given(req, data, REQUEST_FIELDS)
    db.session.add(req)
    db.session.flush()
    notify(_admins(consortium.id), _("%(ent)s 提出培训需求：%(topic)s", ent=enterprise.name, topic=req.topic), _link(req))
    return req


def can_edit_request(actor, req: TrainingRequest) -> bool:
    """The filing enterprise edits its request until a session is planned; the secretariat always may."""
    if req.status in ("planned", "cancelled"):
        return False
    return can_admin_consortium(actor, req.consortium_id) or (is_enterprise_user(actor) and acts_for(actor, req.enterprise_id))


def update_request(actor, req: TrainingRequest, data: dict) -> TrainingRequest:
    if not can_edit_request(actor, req):
        raise NotAllowed(_("该培训需求已排期或已取消，不能修改"))
    merged = {key: getattr(req, key) for key in REQUEST_FIELDS}
    merged.update({k: v for k, v in data.items() if k in REQUEST_FIELDS})
    errors = _validate_request(merged)
    if errors:
        invalid(errors)
    assign_given(req, merged, REQUEST_FIELDS)
    db.session.flush()
    return req


def assign_request(actor, req: TrainingRequest, provider_id) -> TrainingRequest:
    """The secretariat assigns (or reassigns) a member school to answer the request."""
    require_consortium_admin(actor, req.consortium_id)
    if req.status not in UNPLANNED_REQUEST_STATUSES:
        raise Conflict(_("只有待分派或已分派的需求可以分派学校"))
    errors = {}
    school = _member(req.consortium_id, provider_id, "provider_id", errors, school=True)
    if school is None and not errors:
        errors["provider_id"] = _("请选择承训学校")
    if errors:
        invalid(errors)
    req.provider_id = school.id
    req.status = "assigned"
    req.assigned_at = utcnow()
    db.session.flush()
    notify(org_users(school.id), _("秘书处将培训需求“%(topic)s”分派给贵校，请排期", topic=req.topic), _link(req))
    notify(org_users(req.enterprise_id), _("培训需求“%(topic)s”已分派给 %(school)s", topic=req.topic, school=school.name),
           _link(req))
    return req


def can_plan_request(actor, req: TrainingRequest) -> bool:
    return req.status == "assigned" and (can_admin_consortium(actor, req.consortium_id) or (
        is_school_user(actor) and acts_for(actor, req.provider_id)))


def plan_defaults(req: TrainingRequest) -> dict:
    """A session form prefilled from the request."""
    start = req.preferred_start
    return {"title": req.topic, "kind": req.kind or "skill_upgrade", "audience": req.audience,
            "host_id": req.enterprise_id, "start_date": start, "end_date": req.preferred_end or start,
            "participants": req.headcount, "plan_year": (start or today()).year}


def plan_request(actor, consortium, req: TrainingRequest, data: dict) -> TrainingSession:
    """The assigned school answers with a planned session; the request becomes `planned`."""
    if not can_plan_request(actor, req):
        if req.status != "assigned":
            raise Conflict(_("该需求当前不能排期"))
        raise NotAllowed(_("只有被分派的学校可以为该需求排期"))
    data = {**data, "provider_id": req.provider_id, "provider_name": None}
    session = create_session(actor, consortium, data, request=req)
    req.status = "planned"
    db.session.flush()
    notify(org_users(req.enterprise_id) + _admins(req.consortium_id),
           _("培训需求“%(topic)s”已排期：%(start)s 开始", topic=req.topic,
             start=session.start_date.isoformat() if session.start_date else "—"), _link(req))
    return session


def cancel_request(actor, req: TrainingRequest) -> TrainingRequest:
    """The enterprise (or the secretariat) withdraws a request that has no planned session yet."""
    if not (can_admin_consortium(actor, req.consortium_id) or (is_enterprise_user(actor) and acts_for(actor, req.enterprise_id))):
        raise NotAllowed(_("无权取消该培训需求"))
    if req.status not in UNPLANNED_REQUEST_STATUSES:
        raise Conflict(_("已排期的需求请先由学校删除培训安排，再取消"))
    req.status = "cancelled"
    notify((org_users(req.provider_id) if req.provider_id else []) + _admins(req.consortium_id),
           _("培训需求“%(topic)s”已取消", topic=req.topic), _link(req))
    db.session.flush()
    return req
