"""Rules for the teacher exchange: who may do what, engagements and their sessions, 双师型 evidence, practice
targets. Loading the figures' records is in `loading.py`; the overview, flows and records pages in `reports.py`."""
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..access import acting_org_id, acts_for, can_admin_consortium, require_login, require_same_consortium
from ..errors import NotAllowed, NotFound, ValidationError
from ..extensions import db
from ..common import found, year_row
from ..auth.models import User
from ..jobs.notifications import notify, org_users
from ..members.models import Member
from ..vocab import EVIDENCE_KINDS, SCHOOL_TYPES
from ..people.models import Teacher
from ..timeutil import utcnow
from ..figures.teachers import engagement_kind
from ..params import check_year
from .models import DualEvidence, Engagement, EngagementSession, PracticeTarget

ENGAGEMENT_FIELDS = ("teacher_id", "host_id", "course", "start_date", "end_date", "class_hours")
MAX_HOURS = Decimal("99999.9")
MAX_SESSION_HOURS = Decimal("24")


# ---- permissions -----------------------------------------------------------------------------

def is_employer_side(actor, engagement: Engagement) -> bool:
    """The teacher's employer (school or enterprise) or the secretariat: they create and edit."""
    return can_admin_consortium(actor, engagement.consortium_id) or acts_for(actor, engagement.teacher.employer_id)


def is_host_side(actor, engagement: Engagement) -> bool:
    return acts_for(actor, engagement.host_id)


def can_confirm(actor, engagement: Engagement) -> bool:
    """The host school confirms; the secretariat manages everything and may confirm too."""
    return is_host_side(actor, engagement) or can_admin_consortium(actor, engagement.consortium_id)


def can_view(actor, engagement: Engagement) -> bool:
    if is_employer_side(actor, engagement) or is_host_side(actor, engagement):
        return True
    return actor.role == "teacher" and actor.teacher_id == engagement.teacher_id


def can_log_sessions(actor, engagement: Engagement) -> bool:
    return is_employer_side(actor, engagement) or is_host_side(actor, engagement)


def acts_for_organization(actor) -> bool:
    """A school or enterprise user: their lists split into teachers sent and teachers received."""
    return acting_org_id(actor) is not None


def can_create_engagement(actor, consortium_id: int) -> bool:
    """The secretariat, or a school or enterprise recording its own teachers' engagements."""
    return can_admin_consortium(actor, consortium_id) or acts_for_organization(actor)


def has_member_flow(actor) -> bool:
    """A school or enterprise user with an organization: its exchange page shows its own two-way flow."""
    return acts_for_organization(actor) and actor.member is not None


def get_engagement(actor, engagement_id: int) -> Engagement:
    """An engagement, for its employer, its host, its teacher and the secretariat; 404 for anyone else."""
    require_login(actor)
    return found(Engagement, engagement_id, _("兼职授课记录不存在"), lambda engagement: can_view(actor, engagement))


def list_engagements(actor, consortium_id: int, *, year: int | None = None, side: str = "", teacher_id=None,
                     confirmed: str = ""):
    """Engagements the actor may see: all for the secretariat, sent or received for an organization.

    `side` narrows an organization's list to `sent` (its teachers) or `received` (hosted by it).
    """
    require_same_consortium(actor, consortium_id)
    stmt = (select(Engagement).join(Teacher, Engagement.teacher_id == Teacher.id)
            .where(Engagement.consortium_id == consortium_id)
            .options(selectinload(Engagement.teacher).selectinload(Teacher.employer), selectinload(Engagement.host),
                     selectinload(Engagement.sessions)))
    if not can_admin_consortium(actor, consortium_id):
        if acts_for_organization(actor):
            mine = actor.member_id
            if side == "sent":
                stmt = stmt.where(Teacher.employer_id == mine)
            elif side == "received":
                stmt = stmt.where(Engagement.host_id == mine)
            else:
                stmt = stmt.where(or_(Teacher.employer_id == mine, Engagement.host_id == mine))
        elif actor.role == "teacher" and actor.teacher_id:
            stmt = stmt.where(Engagement.teacher_id == actor.teacher_id)
        else:
            raise NotAllowed(_("无权查看兼职授课记录"))
    if year:
        check_year(year)
        stmt = stmt.where(Engagement.start_date >= date(year, 1, 1), Engagement.start_date <= date(year, 12, 31))
    if teacher_id:
        stmt = stmt.where(Engagement.teacher_id == teacher_id)
    if confirmed == "yes":
        stmt = stmt.where(Engagement.confirmed_by_host.is_(True))
    elif confirmed == "no":
        stmt = stmt.where(Engagement.confirmed_by_host.is_(False))
    return stmt.order_by(Engagement.start_date.desc(), Engagement.id.desc())


def teachers_for(actor, consortium_id: int) -> list[Teacher]:
    """Teachers the actor may create engagements for: its own, or every one for the secretariat."""
    stmt = select(Teacher).join(Member, Teacher.employer_id == Member.id).where(Member.consortium_id == consortium_id)
    if not can_admin_consortium(actor, consortium_id):
        stmt = stmt.where(Teacher.employer_id == actor.member_id)
    return list(db.session.scalars(stmt.order_by(Member.name, Teacher.staff_no)))


def host_schools(consortium_id: int) -> list[Member]:
    return list(db.session.scalars(select(Member).where(Member.consortium_id == consortium_id,
                                                        Member.type.in_(SCHOOL_TYPES)).order_by(Member.name)))


# ---- engagements -----------------------------------------------------------------------------

def _validate(actor, consortium_id: int, data: dict, engagement: Engagement | None) -> dict:
    errors: dict = {}
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in ENGAGEMENT_FIELDS}
    teacher = db.session.get(Teacher, clean["teacher_id"]) if clean.get("teacher_id") else None
    if teacher is None or teacher.employer.consortium_id != consortium_id:
        errors["teacher_id"] = _("请选择教师")
    elif not (can_admin_consortium(actor, consortium_id) or acts_for(actor, teacher.employer_id)):
        # A teacher of another organization is reported as missing: its roster is not ours to know.
        errors["teacher_id"] = _("只能为本单位的教师登记兼职授课")
    host = db.session.get(Member, clean["host_id"]) if clean.get("host_id") else None
    if host is None or host.consortium_id != consortium_id:
        errors["host_id"] = _("请选择授课学校")
    elif not host.is_school:
        errors["host_id"] = _("授课单位必须是成员学校")
    if not clean.get("course"):
        errors["course"] = _("请填写课程")
    elif len(clean["course"]) > 200:
        errors["course"] = _("课程名称不超过 200 个字符")
    # Hours are rounded to the stored tenth first, so what is checked is what is kept.
    start, end, hours = clean.get("start_date"), clean.get("end_date"), tenths(clean.get("class_hours"))
    if start is None:
        errors["start_date"] = _("请填写开始日期")
    errors.update(engagement_rule_errors(start, end, hours))
    if not errors:
        clash = select(Engagement.id).where(Engagement.teacher_id == teacher.id, Engagement.host_id == host.id,
                                            Engagement.start_date == start)
        if engagement is not None:
            clash = clash.where(Engagement.id != engagement.id)
        if db.session.scalar(clash):
            errors["start_date"] = _("该教师在该校同一开始日期已有兼职授课记录")
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    if hours is not None:
        clean["class_hours"] = hours
    return clean


def tenths(value) -> Decimal | None:
    """Hours as stored: rounded to one decimal place (None stays None)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"))


def engagement_rule_errors(start, end, hours) -> dict:
    """The dates and hours an engagement may have, for pages, API and bulk import alike: field → message."""
    errors = {}
    if start is not None and end is not None and end < start:
        errors["end_date"] = _("结束日期不能早于开始日期")
    hours = tenths(hours)
    if hours is not None and (hours < 0 or hours > MAX_HOURS):
        errors["class_hours"] = _("课时数应在 0 到 99999.9 之间")
    return errors


def create_engagement(actor, consortium_id: int, data: dict) -> Engagement:
    """The teacher's employer (or the secretariat) records an engagement; it awaits the host's confirmation."""
    require_login(actor)
    require_same_consortium(actor, consortium_id)
    if not can_create_engagement(actor, consortium_id):
        raise NotAllowed(_("只有教师所在单位或秘书处可以登记兼职授课"))
    clean = _validate(actor, consortium_id, data, None)
    engagement = Engagement(consortium_id=consortium_id, **{k: clean.get(k) for k in ENGAGEMENT_FIELDS})
    db.session.add(engagement)
    db.session.flush()
    notify(org_users(engagement.host_id) + _teacher_users(engagement),
           _("登记了兼职授课：%(name)s 在 %(host)s 讲授“%(course)s”，请授课学校确认", name=engagement.teacher.name,
             host=engagement.host.name, course=engagement.course), f"/engagements/{engagement.id}")
    return engagement


def _teacher_users(engagement) -> list[User]:
    return list(db.session.scalars(select(User).where(User.teacher_id == engagement.teacher_id, User.active.is_(True))))


def update_engagement(actor, engagement: Engagement, data: dict) -> Engagement:
    """Edit an engagement (employer or secretariat). A change withdraws the host's confirmation."""
    if not is_employer_side(actor, engagement):
        raise NotAllowed(_("只有教师所在单位或秘书处可以修改兼职授课记录"))
    merged = {k: getattr(engagement, k) for k in ENGAGEMENT_FIELDS}
    merged.update({k: v for k, v in data.items() if k in ENGAGEMENT_FIELDS})
    clean = _validate(actor, engagement.consortium_id, merged, engagement)
    changed = any(getattr(engagement, k) != clean.get(k) for k in ENGAGEMENT_FIELDS)
    for key in ENGAGEMENT_FIELDS:
        setattr(engagement, key, clean.get(key))
    if changed:
        withdraw_confirmation(actor, engagement)
    db.session.flush()
    return engagement


def delete_engagement(actor, engagement: Engagement) -> None:
    if not is_employer_side(actor, engagement):
        raise NotAllowed(_("只有教师所在单位或秘书处可以删除兼职授课记录"))
    db.session.delete(engagement)
    db.session.flush()


def confirm_engagement(actor, engagement: Engagement) -> Engagement:
    """The host school confirms the engagement and its hours as they stand."""
    if not can_confirm(actor, engagement):
        raise NotAllowed(_("只有授课学校可以确认兼职授课及课时"))
    engagement.confirmed_by_host = True
    engagement.confirmed_at = utcnow()
    engagement.confirmed_by_id = actor.id
    db.session.flush()
    notify(org_users(engagement.teacher.employer_id) + _teacher_users(engagement),
           _("%(host)s 确认了 %(name)s 的兼职授课“%(course)s”", host=engagement.host.name, name=engagement.teacher.name,
             course=engagement.course), f"/engagements/{engagement.id}")
    return engagement


def withdraw_confirmation(actor, engagement: Engagement) -> None:
    """Changes made by anyone but the host itself need the host to confirm again."""
    if engagement.confirmed_by_host and not is_host_side(actor, engagement):
        engagement.confirmed_by_host = False
        engagement.confirmed_at = None
        engagement.confirmed_by_id = None


def log_session(actor, engagement: Engagement, data: dict) -> EngagementSession:
    """Log one teaching session (employer, host or secretariat). The date must fall within the engagement."""
    if not can_log_sessions(actor, engagement):
        raise NotAllowed(_("无权登记该兼职授课的课时"))
    errors = {}
    day, hours, topic = data.get("date"), tenths(data.get("hours")), (data.get("topic") or "").strip() or None
    if day is None:
        errors["date"] = _("请填写日期")
    elif day < engagement.start_date or (engagement.end_date is not None and day > engagement.end_date):
        errors["date"] = _("日期应在授课起止日期之内")
    if hours is None:
        errors["hours"] = _("请填写课时")
    elif hours <= 0 or hours > MAX_SESSION_HOURS:
        errors["hours"] = _("单次课时应大于 0 且不超过 24")
    if topic and len(topic) > 200:
        errors["topic"] = _("内容不超过 200 个字符")
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    row = EngagementSession(engagement=engagement, date=day, hours=hours,
                            topic=topic, created_by_id=actor.id)
    db.session.add(row)
    withdraw_confirmation(actor, engagement)
    db.session.flush()
    return row


def delete_session(actor, engagement: Engagement, session_id: int) -> None:
    if not can_log_sessions(actor, engagement):
        raise NotAllowed(_("无权修改该兼职授课的课时"))
    row = found(EngagementSession, session_id, _("记录不存在"), lambda row: row.engagement_id == engagement.id)
    engagement.sessions.remove(row)
    withdraw_confirmation(actor, engagement)
    db.session.flush()


def engagement_kind_of(engagement: Engagement) -> str | None:
    employer = engagement.teacher.employer
    return engagement_kind(employer.type, engagement.host.type, employer.id, engagement.host_id)


# ---- 双师型 evidence ----------------------------------------------------------------------------

def can_manage_teacher(actor, teacher: Teacher) -> bool:
    return can_admin_consortium(actor, teacher.employer.consortium_id) or acts_for(actor, teacher.employer_id)


def get_record_teacher(actor, teacher_id: int) -> Teacher:
    """A teacher's exchange record: for their employer, the secretariat, themselves, and a host school
    where they teach. Anyone else gets 404."""
    require_login(actor)
    teacher = db.session.get(Teacher, teacher_id)
    if teacher is None:
        raise NotFound(_("教师不存在"))
    if can_manage_teacher(actor, teacher) or (actor.role == "teacher" and actor.teacher_id == teacher.id):
        return teacher
    if actor.role == "school" and db.session.scalar(select(Engagement.id).where(
            Engagement.teacher_id == teacher.id, Engagement.host_id == actor.member_id).limit(1)):
        return teacher
    raise NotFound(_("教师不存在"))


def add_evidence(actor, teacher: Teacher, data: dict) -> DualEvidence:
    if not can_manage_teacher(actor, teacher):
        raise NotAllowed(_("只能管理本单位教师的双师型佐证"))
    errors = {}
    kind, title = data.get("kind"), (data.get("title") or "").strip()
    if kind not in EVIDENCE_KINDS:
        errors["kind"] = _("请选择类型")
    if not title:
        errors["title"] = _("请填写名称")
    elif len(title) > 200:
        errors["title"] = _("名称不超过 200 个字符")
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    row = DualEvidence(teacher_id=teacher.id, kind=kind, title=title, issuer=(data.get("issuer") or "").strip() or None,
                       issued_date=data.get("issued_date"), note=(data.get("note") or "").strip() or None)
    db.session.add(row)
    db.session.flush()
    return row


def delete_evidence(actor, teacher: Teacher, evidence_id: int) -> None:
    if not can_manage_teacher(actor, teacher):
        raise NotAllowed(_("只能管理本单位教师的双师型佐证"))
    row = found(DualEvidence, evidence_id, _("记录不存在"), lambda row: row.teacher_id == teacher.id)
    db.session.delete(row)
    db.session.flush()


# ---- practice targets ------------------------------------------------------------------------

def set_practice_target(actor, school: Member, year: int, months_per_teacher) -> PracticeTarget:
    """A school sets its own yearly target (the secretariat may set any school's)."""
    require_login(actor)
    if not (can_admin_consortium(actor, school.consortium_id) or acts_for(actor, school.id)):
        raise NotAllowed(_("只能设置本校的教师企业实践目标"))
    errors = {}
    if not school.is_school:
        errors["school"] = _("只有学校设置教师企业实践目标")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = _("年度应在 2000 到 2100 之间")
    if months_per_teacher is None or months_per_teacher < 0 or months_per_teacher > 12:
        errors["months_per_teacher"] = _("每人月数应在 0 到 12 之间")
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    row = year_row(PracticeTarget, year, school_id=school.id)
    row.months_per_teacher = Decimal(months_per_teacher).quantize(Decimal("0.1"))
    db.session.flush()
    return row


def target_school(actor, school_id: int | None) -> Member:
    """The school whose practice target is set: a school user's own; the one chosen by the secretariat."""
    if actor.role == "school" and actor.member is not None:
        return actor.member
    member = db.session.get(Member, school_id) if school_id else None
    if member is None:
        raise NotFound(_("学校不存在"))
    return member


def practice_target(school_id: int, year: int) -> PracticeTarget | None:
    return db.session.scalar(select(PracticeTarget).where(PracticeTarget.school_id == school_id,
                                                          PracticeTarget.year == year))
