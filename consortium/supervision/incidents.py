"""The incident register (安全事故与投诉) of each placement, and the query other features read it by."""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.models import User
from ..access import can_admin_consortium, require_login
from ..timeutil import today as consortium_today, utcnow
from ..errors import NotAllowed, NotFound, ValidationError
from ..extensions import db
from ..jobs.models import Placement, Position
from ..jobs.notifications import notify, org_users
from . import access
from ..vocab import INCIDENT_KINDS, INCIDENT_SEVERITIES, INCIDENT_STATUSES
from .models import Incident


def serious_incidents(consortium_id: int, since: date) -> list[Incident]:
    """Serious incidents of the consortium's placements that occurred on or after `since`, oldest first.

    Read by the recommendation book's clean-record declaration (无重大安全事故): no acting user, the
    caller has already checked who may see the book.
    """
    return list(db.session.scalars(
        select(Incident).join(Placement, Incident.placement_id == Placement.id).join(Position)
        .where(Position.consortium_id == consortium_id, Incident.severity == "serious", Incident.occurred_on >= since)
        .order_by(Incident.occurred_on, Incident.id)))


def open_serious_incidents(actor, consortium_id: int) -> list[Incident]:
    """For the secretariat's dashboard: serious incidents not yet closed."""
    if not can_admin_consortium(actor, consortium_id):
        return []
    return list(db.session.scalars(
        select(Incident).join(Placement, Incident.placement_id == Placement.id).join(Position)
        .where(Position.consortium_id == consortium_id, Incident.severity == "serious", Incident.status != "closed")
        .order_by(Incident.occurred_on.desc())))


def list_incidents(actor, placement) -> list[Incident]:
    if not access.can_view(actor, placement):
        raise NotFound(_("岗位安排不存在"))
    return list(db.session.scalars(select(Incident).where(Incident.placement_id == placement.id)
                                   .order_by(Incident.occurred_on.desc(), Incident.id.desc())))


def all_incidents(actor, consortium_id: int, *, status: str = ""):
    """Every incident of the consortium: the secretariat only."""
    require_login(actor)
    if not can_admin_consortium(actor, consortium_id):
        raise NotAllowed(_("只有秘书处可以查看全部事故与投诉"))
    stmt = (select(Incident).join(Placement, Incident.placement_id == Placement.id).join(Position)
            .where(Position.consortium_id == consortium_id))
    if status:
        stmt = stmt.where(Incident.status == status)
    return stmt.order_by(Incident.occurred_on.desc(), Incident.id.desc())


def _validate(data: dict, *, new: bool) -> dict:
    errors, clean = {}, {}
    if new or "occurred_on" in data:
        day = data.get("occurred_on")
        if not isinstance(day, date):
            errors["occurred_on"] = _("请填写发生日期")
        elif day > consortium_today():
            errors["occurred_on"] = _("发生日期不能晚于今天")
        clean["occurred_on"] = day
    if new or "kind" in data:
        if data.get("kind") not in INCIDENT_KINDS:
            errors["kind"] = _("请选择类型")
        clean["kind"] = data.get("kind")
    if new or "severity" in data:
        severity = data.get("severity") or "minor"
        if severity not in INCIDENT_SEVERITIES:
            errors["severity"] = _("应为 minor 或 serious")
        clean["severity"] = severity
    if new or "description" in data:
        text = (data.get("description") or "").strip()
        if not text:
            errors["description"] = _("请描述经过")
        clean["description"] = text[:5000]
    if "handling" in data:
        clean["handling"] = (data.get("handling") or "").strip()[:5000] or None
    if "status" in data:
        if data.get("status") not in INCIDENT_STATUSES:
            errors["status"] = _("应为 open、handling 或 closed")
        clean["status"] = data.get("status")
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    return clean


def report_incident(actor, placement, data: dict) -> Incident:
    """Anyone who can see the placement may report; the school, the enterprise and the secretariat hear of it."""
    require_login(actor)
    if not access.can_view(actor, placement):
        raise NotFound(_("岗位安排不存在"))
    clean = _validate(data, new=True)
    clean.pop("status", None)
    incident = Incident(placement_id=placement.id, reported_by_id=actor.id, status="open", **clean)
    db.session.add(incident)
    db.session.flush()
    admins = db.session.scalars(select(User).where(User.role == "admin", User.active.is_(True),
                                                   User.consortium_id == placement.position.consortium_id)).all()
    notify(list(admins) + org_users(access.intern_org_id(placement)) + org_users(placement.position.enterprise_id)
           + access.participants(placement),
           _("%(name)s 的实习登记了%(sev)s事件：%(kind)s", name=placement.candidate.name,
             sev=incident.severity_label, kind=incident.kind_label),
           f"/supervision/placements/{placement.id}#incidents")
    return incident


def update_incident(actor, incident: Incident, data: dict) -> Incident:
    """Record handling steps and move the status; closing stamps the time."""
    require_login(actor)
    placement = db.session.get(Placement, incident.placement_id)
    if not access.can_handle_incidents(actor, placement):
        raise NotAllowed(_("无权处理该事件"))
    clean = _validate(data, new=False)
    for key, value in clean.items():
        setattr(incident, key, value)
    incident.closed_at = utcnow() if incident.status == "closed" else None
    db.session.flush()
    return incident


def get_incident(actor, incident_id: int) -> Incident:
    incident = db.session.get(Incident, incident_id)
    if incident is None or not access.can_view(actor, db.session.get(Placement, incident.placement_id)):
        raise NotFound(_("记录不存在"))
    return incident
