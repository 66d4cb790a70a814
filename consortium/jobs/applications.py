"""Rules for applications: a candidate applies or withdraws, the enterprise decides."""
from flask_babel import gettext as _
from sqlalchemy import or_, select

from ..access import acts_for, can_admin_consortium, require_login
from ..audit.services import record
from ..errors import Conflict, NotAllowed, NotFound, ValidationError
from ..extensions import db
from ..common import found
from ..people.models import Student, Teacher
from ..people.services import require_placement_age
from ..timeutil import utcnow
from .candidates import candidate_filter, candidate_of, kinds_for
from .models import Application, Placement, Position
from .notifications import candidate_users, notify, org_users
from .placements import new_placement
from .positions import can_manage_position, require_position_manager


def apply(actor, position: Position, note: str = "", rank: int | None = None) -> Application:
    """A student or teacher applies to an open position of their kind."""
    candidate = candidate_of(actor)
    if position.status != "open":
        raise Conflict(_("该岗位未开放申请"))
    if position.kind not in kinds_for(candidate):
        raise ValidationError(_("学生只能申请学徒岗、现场工程师和实习实训岗位，教师只能申请教师企业实践岗位"))
    if candidate.org.consortium_id != position.consortium_id:
        raise NotFound(_("岗位不存在"))
    require_placement_age(candidate)
    if len(note or "") > 500:
        raise ValidationError(_("留言不超过 500 字"), {"note": _("留言不超过 500 字")})
    existing = db.session.scalar(select(Application).where(Application.position_id == position.id,
                                                           candidate_filter(Application, candidate)))
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
    application = found(Application, application_id, _("申请不存在"))
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
        placement = new_placement(position, candidate, status="accepted", source="application",
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


def application_scope(actor) -> str:
    """Which applications list_applications shows the actor: their own, those to the enterprise's positions,
    those of the school's candidates, or all of them (the secretariat)."""
    if actor.role in ("student", "teacher"):
        return "own"
    return {"enterprise": "enterprise", "school": "school"}.get(actor.role, "all")


def list_applications(actor, consortium_id: int, *, position_id=None, status="", mine=False):
    """Applications to the enterprise's positions, or the candidate's own, or (secretariat) all."""
    require_login(actor)
    stmt = select(Application).join(Position).where(Position.consortium_id == consortium_id)
    if mine or actor.role in ("student", "teacher"):
        stmt = stmt.where(candidate_filter(Application, candidate_of(actor)))
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
