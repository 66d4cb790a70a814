"""Supervision of a placement: assigning the supervisor and mentors, the interns list, logs and the thread.

Services take the acting user, check permissions here (see access.py), flush and raise domain errors.
"""
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from .. import datacache
from ..auth.models import User
from ..access import can_admin_consortium, require_login
from ..vocab import LOG_CADENCES
from ..timeutil import today as consortium_today, utcnow
from ..errors import Conflict, NotAllowed, NotFound, ValidationError
from ..extensions import db
from ..common import delete_one, found
from ..jobs.compliance import insurance_ends_soon
from ..jobs.models import Placement, Position
from ..jobs.notifications import notify
from ..jobs.programmes import can_manage_programme
from ..people.models import Student, Teacher
from . import access, periods
from .models import (Absence, CheckIn, Incident, LogAttachment, LogEntry, LogRevision, PlacementMentor, PlacementMessage,
                     Supervision)

MAX_LOG_CHARS = 5000


# ---- people on a placement ---------------------------------------------------------------------

def ensure_supervision(placement) -> Supervision:
    sup = access.supervision_of(placement)
    if sup is None:
        sup = Supervision(placement_id=placement.id, cadence="weekly")
        db.session.add(sup)
        db.session.flush()
    return sup


def supervisor_candidates(placement) -> list[User]:
    """Teacher accounts of the student's own school: who may supervise this placement."""
    if placement.student_id is None:
        return []
    return list(db.session.scalars(
        select(User).join(Teacher, User.teacher_id == Teacher.id)
        .where(User.role == "teacher", User.active.is_(True), Teacher.employer_id == placement.student.school_id)
        .order_by(Teacher.name)))


def mentor_candidates(placement) -> list[User]:
    """Users of the enterprise, and teacher accounts of experts the enterprise employs."""
    enterprise_id = placement.position.enterprise_id
    return list(db.session.scalars(
        select(User).outerjoin(Teacher, User.teacher_id == Teacher.id)
        .where(User.active.is_(True), or_(
            (User.role == "enterprise") & (User.member_id == enterprise_id),
            (User.role == "teacher") & (Teacher.employer_id == enterprise_id)))
        .order_by(User.username)))


def _check_appointee(actor, placement, may, refusal: str, person, candidates, invalid: tuple) -> None:
    """Naming a supervisor or a mentor: signed in, allowed to (`may`), and naming one of the `candidates`;
    else ValidationError from `invalid` = (field, message, the field's short message)."""
    require_login(actor)
    if not may(actor, placement):
        raise NotAllowed(refusal)
    if person is None or person.id not in {u.id for u in candidates(placement)}:
        field, message, short = invalid
        raise ValidationError(message, {field: short})


def _tell_appointee(person: User, message: str, placement) -> None:
    notify([person], message, f"/supervision/placements/{placement.id}")


def assign_supervisor(actor, placement, supervisor: User) -> Supervision:
    """The school (or the secretariat) names the student's school supervisor (校内指导教师)."""
    _check_appointee(actor, placement, access.can_assign_supervisor, _("只有学生所在学校可以指定校内指导教师"), supervisor,
                     supervisor_candidates, ("supervisor", _("校内指导教师应为本校教师账号"), _("应为本校教师账号")))
    sup = ensure_supervision(placement)
    sup.supervisor_id = supervisor.id
    db.session.flush()
    _tell_appointee(supervisor, _("您被指定为 %(name)s 的校内指导教师", name=placement.candidate.name), placement)
    return sup


def add_mentor(actor, placement, mentor: User) -> PlacementMentor:
    """The enterprise (or the secretariat) adds an enterprise mentor (企业指导人员)."""
    _check_appointee(actor, placement, access.can_assign_mentors, _("只有实习企业可以指定企业指导人员"), mentor,
                     mentor_candidates, ("mentor", _("企业指导人员应为本企业的账号"), _("应为本企业的账号")))
    if mentor.id in access.mentor_user_ids(placement):
        raise Conflict(_("该人员已是企业指导人员"))
    row = PlacementMentor(placement_id=placement.id, user_id=mentor.id)
    db.session.add(row)
    db.session.flush()
    _tell_appointee(mentor, _("您被指定为 %(name)s 的企业指导人员", name=placement.candidate.name), placement)
    return row


def remove_mentor(actor, placement, mentor_user_id: int) -> None:
    require_login(actor)
    if not access.can_assign_mentors(actor, placement):
        raise NotAllowed(_("只有实习企业可以调整企业指导人员"))
    delete_one(PlacementMentor, _("该人员不是企业指导人员"), placement_id=placement.id, user_id=mentor_user_id)


def set_cadence(actor, placement, cadence: str) -> Supervision:
    """The school sets how often the student writes: daily, weekly or monthly."""
    require_login(actor)
    if not access.can_set_cadence(actor, placement):
        raise NotAllowed(_("只有学生所在学校可以设置日志频率"))
    if cadence not in LOG_CADENCES:
        raise ValidationError(_("请选择日志频率"), {"cadence": _("应为 daily、weekly 或 monthly")})
    sup = ensure_supervision(placement)
    sup.cadence = cadence
    db.session.flush()
    return sup


def set_programme_cadence(actor, programme, cadence: str) -> int:
    """Set the cadence of every running placement of a joint programme's students; returns how many."""
    require_login(actor)
    if not can_manage_programme(actor, programme):
        raise NotAllowed(_("只有项目所属学校可以设置日志频率"))
    student_ids = [s.id for s in programme.students]
    placements = db.session.scalars(select(Placement).join(Position).where(
        Placement.student_id.in_(student_ids), Position.enterprise_id == programme.enterprise_id,
        Placement.status.in_(("accepted", "active")))).all() if student_ids else []
    for placement in placements:
        set_cadence(actor, placement, cadence)
    return len(placements)


def cadence_of(placement) -> str:
    sup = access.supervision_of(placement)
    return sup.cadence if sup is not None else "weekly"


# ---- the interns list --------------------------------------------------------------------------

def visible_placements_stmt(actor, consortium_id: int, statuses=("active",)):
    """Placements of the consortium the actor may see on their interns list."""
    require_login(actor)
    stmt = (select(Placement).join(Position).outerjoin(Student, Placement.student_id == Student.id)
            .outerjoin(Teacher, Placement.teacher_id == Teacher.id)
            .where(Position.consortium_id == consortium_id, Placement.status.in_(statuses)))
    mine = or_(Placement.id.in_(select(PlacementMentor.placement_id).where(PlacementMentor.user_id == actor.id)),
               Placement.id.in_(select(Supervision.placement_id).where(Supervision.supervisor_id == actor.id)))
    if can_admin_consortium(actor, consortium_id):
        pass
    elif actor.role == "enterprise":
        stmt = stmt.where(or_(Position.enterprise_id == actor.member_id, mine))
    elif actor.role == "school":
        stmt = stmt.where(or_(Student.school_id == actor.member_id, Teacher.employer_id == actor.member_id, mine))
    elif actor.role == "student":
        stmt = stmt.where(Placement.student_id == actor.student_id)
    elif actor.role == "teacher":
        stmt = stmt.where(or_(Placement.teacher_id == actor.teacher_id, mine))
    else:
        stmt = stmt.where(mine)
    return stmt.order_by(Placement.start_date.desc(), Placement.id.desc())


def interns(actor, consortium_id: int, *, on: date | None = None) -> list[dict]:
    """Running placements the actor sees, each with today's state: on site, overdue logs, missing check-ins."""
    on = on or consortium_today()
    placements = db.session.scalars(visible_placements_stmt(actor, consortium_id)).all()
    ids = [p.id for p in placements]
    if not ids:
        return []
    sups = {s.placement_id: s for s in db.session.scalars(select(Supervision).where(Supervision.placement_id.in_(ids)))}
    written: dict[int, set] = {}
    for pid, cadence, start in db.session.execute(select(LogEntry.placement_id, LogEntry.cadence,
                                                         LogEntry.period_start).where(LogEntry.placement_id.in_(ids))):
        written.setdefault((pid, cadence), set()).add(start)
    pending = dict(db.session.execute(select(LogEntry.placement_id, func.count()).where(
        LogEntry.placement_id.in_(ids), LogEntry.status == "submitted").group_by(LogEntry.placement_id)).all())
    attended: dict[int, set] = {}
    flagged: dict[int, int] = {}
    for pid, day, flags in db.session.execute(select(CheckIn.placement_id, CheckIn.day, CheckIn.flags).where(
            CheckIn.placement_id.in_(ids), CheckIn.kind == "in")):
        attended.setdefault(pid, set()).add(day)
        if flags:
            flagged[pid] = flagged.get(pid, 0) + 1
    open_incidents = dict(db.session.execute(select(Incident.placement_id, func.count()).where(
        Incident.placement_id.in_(ids), Incident.status != "closed").group_by(Incident.placement_id)).all())
    excused: dict[int, set] = {}
    approved: dict[int, set] = {}
    for pid, day, status in db.session.execute(select(Absence.placement_id, Absence.day, Absence.status)
                                               .where(Absence.placement_id.in_(ids))):
        excused.setdefault(pid, set()).add(day)
        if status == "approved":
            approved.setdefault(pid, set()).add(day)
    mentor_rows = db.session.execute(select(PlacementMentor.placement_id, PlacementMentor.user_id)
                                     .where(PlacementMentor.placement_id.in_(ids))).all()
    mentors: dict[int, set] = {}
    for pid, uid in mentor_rows:
        mentors.setdefault(pid, set()).add(uid)
    rows = []
    for p in placements:
        sup = sups.get(p.id)
        cadence = sup.cadence if sup else "weekly"
        days = attended.get(p.id, set())
        overdue = periods.overdue_periods(cadence, p.start_date, p.end_date, on, written.get((p.id, cadence), set()),
                                          approved.get(p.id, set()))
        missing = periods.missing_days(p.start_date, p.end_date, on, days, excused.get(p.id, set()))
        rows.append({
            "placement": p, "supervision": sup, "cadence": cadence,
            "on_site_today": on in days, "checkin_due_today": on.weekday() < 5 and on not in days,
            "overdue_logs": len(overdue), "pending_logs": pending.get(p.id, 0), "days_attended": len(days),
            "missing_days": len(missing), "flagged_checkins": flagged.get(p.id, 0),
            "open_incidents": open_incidents.get(p.id, 0),
            "i_mentor": actor.id in mentors.get(p.id, set()),
            "i_supervise": sup is not None and sup.supervisor_id == actor.id,
            "has_supervisor": bool(sup and sup.supervisor_id), "has_mentor": bool(mentors.get(p.id)),
        })
    return rows


# ---- logs --------------------------------------------------------------------------------------

def _clean_body(body) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("请填写日志内容"), {"body": _("请填写日志内容")})
    if len(body) > MAX_LOG_CHARS:
        raise ValidationError(_("日志不超过 %(n)d 字", n=MAX_LOG_CHARS), {"body": _("日志不超过 %(n)d 字", n=MAX_LOG_CHARS)})
    return body


def overdue_logs(placement, on: date | None = None) -> list[date]:
    """Starts of the periods this placement owes a log for and has none."""
    on = on or consortium_today()
    cadence = cadence_of(placement)
    written = set(db.session.scalars(select(LogEntry.period_start).where(
        LogEntry.placement_id == placement.id, LogEntry.cadence == cadence)))
    excused = set(db.session.scalars(select(Absence.day).where(Absence.placement_id == placement.id,
                                                               Absence.status == "approved")))
    return periods.overdue_periods(cadence, placement.start_date, placement.end_date, on, written, excused)


def list_logs(actor, placement) -> list[LogEntry]:
    if not access.can_view(actor, placement):
        raise NotFound(_("岗位安排不存在"))
    return list(db.session.scalars(select(LogEntry).where(LogEntry.placement_id == placement.id)
                                   .order_by(LogEntry.period_start.desc(), LogEntry.id.desc())))


def get_log(actor, log_id: int) -> LogEntry:
    return found(LogEntry, log_id, _("日志不存在"), lambda log: access.can_view(actor, log.placement))


def write_log(actor, placement, *, body: str, day: date | None = None, attachments=()) -> LogEntry:
    """The intern writes the entry for the period containing `day` (default today)."""
    require_login(actor)
    if not access.is_intern(actor, placement):
        raise NotAllowed(_("只有实习学生本人可以填写日志"))
    if placement.status != "active":
        raise Conflict(_("只有在岗期间可以填写日志"))
    today = consortium_today()
    day = day or today
    errors = {}
    if day > today:
        errors["day"] = _("不能填写未来的日志")
    elif day < placement.start_date or (placement.end_date and day > placement.end_date):
        errors["day"] = _("日期应在实习期间内")
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    body = _clean_body(body)
    cadence = cadence_of(placement)
    start = periods.period_start(cadence, day)
    if db.session.scalar(select(LogEntry.id).where(LogEntry.placement_id == placement.id, LogEntry.cadence == cadence,
                                                   LogEntry.period_start == start)):
        raise Conflict(_("该时段的%(kind)s已提交，请在原日志上修改", kind=LOG_CADENCES[cadence]))
    log = LogEntry(placement_id=placement.id, cadence=cadence, period_start=start, body=body, status="submitted",
                   version=1, author_id=actor.id, submitted_at=utcnow())
    db.session.add(log)
    db.session.flush()
    db.session.add(LogRevision(log_id=log.id, version=1, action="submit", body=body, by_id=actor.id))
    for item in attachments:
        add_attachment(actor, log, item)
    db.session.flush()
    mentors = db.session.scalars(select(User).join(PlacementMentor, PlacementMentor.user_id == User.id)
                                 .where(PlacementMentor.placement_id == placement.id)).all()
    notify(mentors, _("%(name)s 提交了%(kind)s（%(d)s），请批阅", name=placement.candidate.name,
                      kind=LOG_CADENCES[cadence], d=start.isoformat()), f"/supervision/logs/{log.id}")
    return log


def edit_log(actor, log: LogEntry, body: str) -> LogEntry:
    """The intern changes an entry not yet countersigned; every version is kept."""
    require_login(actor)
    if not access.is_intern(actor, log.placement):
        raise NotAllowed(_("只有实习学生本人可以修改日志"))
    if log.locked:
        raise Conflict(_("日志已由企业指导人员签认，不能再修改"))
    body = _clean_body(body)
    log.body = body
    log.version += 1
    log.status = "submitted"
    log.submitted_at = utcnow()
    db.session.add(LogRevision(log_id=log.id, version=log.version, action="edit", body=body, by_id=actor.id))
    db.session.flush()
    return log


def can_countersign(actor, log: LogEntry) -> bool:
    return log.status == "submitted" and access.is_mentor(actor, log.placement)


def countersign(actor, log: LogEntry, decision: str, comment: str = "") -> LogEntry:
    """The mentor approves (and so locks) the entry, or returns it with a reason."""
    require_login(actor)
    if not access.is_mentor(actor, log.placement):
        raise NotAllowed(_("只有该学生的企业指导人员可以签认日志"))
    comment = (comment or "").strip()[:1000]
    if decision not in ("approve", "return"):
        raise ValidationError(_("请选择签认或退回"), {"decision": _("应为 approve 或 return")})
    if log.locked:
        raise Conflict(_("日志已签认，不能再更改"))
    if log.status == "returned":
        raise Conflict(_("日志已退回，等待学生修改后再批阅"))
    if decision == "return" and not comment:
        raise ValidationError(_("退回时请说明原因"), {"comment": _("退回时请说明原因")})
    log.status = "approved" if decision == "approve" else "returned"
    log.mentor_id = actor.id
    log.mentor_comment = comment or None
    log.decided_at = utcnow()
    db.session.add(LogRevision(log_id=log.id, version=log.version, action=decision, note=comment or None,
                               by_id=actor.id))
    db.session.flush()
    message = (_("您的%(kind)s（%(d)s）已签认", kind=log.cadence_label, d=log.period_start.isoformat())
               if decision == "approve" else
               _("您的%(kind)s（%(d)s）被退回：%(r)s", kind=log.cadence_label, d=log.period_start.isoformat(), r=comment))
    notify(_intern_users(log.placement), message, f"/supervision/logs/{log.id}")
    return log


def supervisor_comment(actor, log: LogEntry, comment: str) -> LogEntry:
    """The school supervisor comments on an entry (also after it is locked); kept in the history."""
    require_login(actor)
    if not access.is_supervisor(actor, log.placement):
        raise NotAllowed(_("只有该学生的校内指导教师可以评语"))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("请填写评语"), {"comment": _("请填写评语")})
    log.supervisor_comment = comment[:1000]
    log.supervisor_commented_at = utcnow()
    db.session.add(LogRevision(log_id=log.id, version=log.version, action="comment", note=comment[:1000],
                               by_id=actor.id))
    db.session.flush()
    notify(_intern_users(log.placement), _("校内指导教师对您的%(kind)s（%(d)s）写了评语", kind=log.cadence_label,
                                           d=log.period_start.isoformat()), f"/supervision/logs/{log.id}")
    return log


def add_attachment(actor, log: LogEntry, item) -> None:
    """Attach a stored upload (see uploads.store_log_file) to an unlocked entry, at most five."""
    if log.locked:
        raise Conflict(_("日志已签认，不能再修改"))
    if len(log.attachments) >= 5:
        raise ValidationError(_("每篇日志最多 5 个附件"), {"files": _("每篇日志最多 5 个附件")})
    stored, original, size = item
    log.attachments.append(LogAttachment(stored_name=stored, original_name=original[:200], size=size))


def _intern_users(placement) -> list[User]:
    column = User.student_id if placement.student_id else User.teacher_id
    return list(db.session.scalars(select(User).where(column == (placement.student_id or placement.teacher_id))))


# ---- the message thread ------------------------------------------------------------------------

def list_messages(actor, placement) -> list[PlacementMessage]:
    if not access.can_view(actor, placement):
        raise NotFound(_("岗位安排不存在"))
    return list(db.session.scalars(select(PlacementMessage).where(PlacementMessage.placement_id == placement.id)
                                   .order_by(PlacementMessage.created_at, PlacementMessage.id)))


def post_message(actor, placement, body: str) -> PlacementMessage:
    """The intern, a mentor or the supervisor writes in the thread; the others are notified."""
    require_login(actor)
    people = access.participants(placement)
    if actor.id not in {u.id for u in people}:
        raise NotAllowed(_("只有实习学生、企业指导人员和校内指导教师可以在此留言"))
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("请填写留言内容"), {"body": _("请填写留言内容")})
    message = PlacementMessage(placement_id=placement.id, author_id=actor.id, body=body[:2000])
    db.session.add(message)
    db.session.flush()
    notify([u for u in people if u.id != actor.id], _("%(who)s 在 %(name)s 的实习沟通中留言", who=actor.name,
                                                      name=placement.candidate.name),
           f"/supervision/placements/{placement.id}#messages")
    return message


# ---- alerts ------------------------------------------------------------------------------------

def insurance_alerts(actor, consortium_id: int, on: date | None = None, days: int = 14) -> list:
    """Running student placements the actor sees whose insurance ends within `days` days, before the placement does."""
    on = on or consortium_today()

    def find() -> list[int]:
        # The window in SQL (only the placements near it are loaded), the rule itself in insurance_ends_soon.
        rows = db.session.scalars(visible_placements_stmt(actor, consortium_id, statuses=("accepted", "active"))
                                  .where(Placement.student_id.is_not(None),
                                         Placement.insurance_end.between(on, on + timedelta(days=days)))).all()
        return [p.id for p in rows if insurance_ends_soon(p, on, days)]

    # The dashboard asks on every visit: the ids are found once per change of the consortium's data and per day.
    scope = (actor.id, actor.role, actor.member_id or 0, actor.student_id or 0, actor.teacher_id or 0,
             on.isoformat(), days)
    ids = datacache.cached("insurance_alerts", consortium_id, scope, find)
    if not ids:
        return []
    found = {p.id: p for p in db.session.scalars(select(Placement).where(Placement.id.in_(ids)))}
    return [found[i] for i in ids if i in found]
