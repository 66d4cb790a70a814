"""Rules for the teacher exchange: engagements and their sessions, practice targets, records, flows and figures."""
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..auth.permissions import acts_for, can_admin_consortium, require_login, require_role, require_same_consortium
from ..errors import NotAllowed, NotFound, ValidationError
from ..extensions import db
from ..jobs.models import Placement, Position
from ..members.models import SCHOOL_TYPES, Member
from ..people.models import Teacher
from ..queue import utcnow
from ..params import check_year
from . import metrics
from .models import EVIDENCE_KINDS, DualEvidence, Engagement, EngagementSession, PracticeTarget

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


def get_engagement(actor, engagement_id: int) -> Engagement:
    """An engagement, for its employer, its host, its teacher and the secretariat; 404 for anyone else."""
    require_login(actor)
    engagement = db.session.get(Engagement, engagement_id)
    if engagement is None or not can_view(actor, engagement):
        raise NotFound(_("兼职授课记录不存在"))
    return engagement


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
        if actor.role in ("school", "enterprise"):
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
    start, end = clean.get("start_date"), clean.get("end_date")
    if start is None:
        errors["start_date"] = _("请填写开始日期")
    elif end is not None and end < start:
        errors["end_date"] = _("结束日期不能早于开始日期")
    # Checked after rounding to the stored tenth, so what is checked is what is kept.
    hours = _tenths(clean.get("class_hours"))
    if hours is not None and (hours < 0 or hours > MAX_HOURS):
        errors["class_hours"] = _("课时数应在 0 到 99999.9 之间")
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


def _tenths(value) -> Decimal | None:
    """Hours as stored: rounded to one decimal place (None stays None)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"))


def create_engagement(actor, consortium_id: int, data: dict) -> Engagement:
    """The teacher's employer (or the secretariat) records an engagement; it awaits the host's confirmation."""
    require_login(actor)
    require_same_consortium(actor, consortium_id)
    if not (can_admin_consortium(actor, consortium_id) or actor.role in ("school", "enterprise")):
        raise NotAllowed(_("只有教师所在单位或秘书处可以登记兼职授课"))
    clean = _validate(actor, consortium_id, data, None)
    engagement = Engagement(consortium_id=consortium_id, **{k: clean.get(k) for k in ENGAGEMENT_FIELDS})
    db.session.add(engagement)
    db.session.flush()
    return engagement


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
        _withdraw_confirmation(actor, engagement)
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
    return engagement


def _withdraw_confirmation(actor, engagement: Engagement) -> None:
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
    day, hours, topic = data.get("date"), _tenths(data.get("hours")), (data.get("topic") or "").strip() or None
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
    _withdraw_confirmation(actor, engagement)
    db.session.flush()
    return row


def delete_session(actor, engagement: Engagement, session_id: int) -> None:
    if not can_log_sessions(actor, engagement):
        raise NotAllowed(_("无权修改该兼职授课的课时"))
    row = db.session.get(EngagementSession, session_id)
    if row is None or row.engagement_id != engagement.id:
        raise NotFound(_("记录不存在"))
    engagement.sessions.remove(row)
    _withdraw_confirmation(actor, engagement)
    db.session.flush()


def engagement_kind_of(engagement: Engagement) -> str | None:
    employer = engagement.teacher.employer
    return metrics.engagement_kind(employer.type, engagement.host.type, employer.id, engagement.host_id)


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
    row = db.session.get(DualEvidence, evidence_id)
    if row is None or row.teacher_id != teacher.id:
        raise NotFound(_("记录不存在"))
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
    row = db.session.scalar(select(PracticeTarget).where(PracticeTarget.school_id == school.id,
                                                         PracticeTarget.year == year))
    if row is None:
        row = PracticeTarget(school_id=school.id, year=year)
        db.session.add(row)
    row.months_per_teacher = Decimal(months_per_teacher).quantize(Decimal("0.1"))
    db.session.flush()
    return row


def practice_target(school_id: int, year: int) -> PracticeTarget | None:
    return db.session.scalar(select(PracticeTarget).where(PracticeTarget.school_id == school_id,
                                                          PracticeTarget.year == year))


# ---- rows → pure records ---------------------------------------------------------------------

def member_periods(consortium_id: int) -> list[metrics.MemberPeriod]:
    rows = db.session.execute(select(Member.id, Member.type, Member.joined_date, Member.left_date)
                              .where(Member.consortium_id == consortium_id))
    return [metrics.MemberPeriod(*row) for row in rows]


def engagement_records(consortium_id: int, *, where=()) -> list[metrics.EngagementRecord]:
    """Engagements with their total hours (Σ logged sessions when any, else declared) in one query."""
    logged = (select(EngagementSession.engagement_id, func.sum(EngagementSession.hours).label("logged"))
              .group_by(EngagementSession.engagement_id).subquery())
    stmt = (select(Engagement.id, Engagement.teacher_id, Teacher.employer_id, Engagement.host_id, Engagement.start_date,
                   Engagement.end_date, Engagement.class_hours, logged.c.logged)
            .join(Teacher, Engagement.teacher_id == Teacher.id)
            .outerjoin(logged, logged.c.engagement_id == Engagement.id)
            .where(Engagement.consortium_id == consortium_id, *where))
    records = []
    for eid, tid, employer, host, start, end, declared, logged_hours in db.session.execute(stmt):
        total = logged_hours if logged_hours is not None else (declared or 0)
        records.append(metrics.EngagementRecord(eid, tid, employer, host, start, end, Decimal(str(total))))
    return records


def practice_records(consortium_id: int, *, where=()) -> list[metrics.PracticeRecord]:
    """Teacher placements on teacher-practice positions (every status: the pure functions filter)."""
    stmt = (select(Placement.id, Placement.teacher_id, Teacher.employer_id, Position.enterprise_id, Position.kind,
                   Placement.status, Placement.start_date, Placement.end_date)
            .join(Position, Placement.position_id == Position.id)
            .join(Teacher, Placement.teacher_id == Teacher.id)
            .where(Position.consortium_id == consortium_id, Position.kind == "teacher_practice", *where))
    return [metrics.PracticeRecord(*row) for row in db.session.execute(stmt)]


def teacher_records(consortium_id: int) -> list[metrics.TeacherRecord]:
    stmt = (select(Teacher.id, Teacher.employer_id, Teacher.dual_qualified)
            .join(Member, Teacher.employer_id == Member.id).where(Member.consortium_id == consortium_id))
    return [metrics.TeacherRecord(*row) for row in db.session.execute(stmt)]


def metric_inputs(consortium_id: int) -> dict:
    return {"members": member_periods(consortium_id), "engagements": engagement_records(consortium_id),
            "placements": practice_records(consortium_id), "teachers": teacher_records(consortium_id)}


def figures(consortium_id: int, year: int, inputs: dict | None = None) -> dict[str, metrics.Figure]:
    """Every `teachers.*` figure of metrics.md for Y (no permission check: for the stats package and views)."""
    return metrics.all_figures(**(inputs or metric_inputs(consortium_id)), year=year)


# ---- pages: overview, flows, records ---------------------------------------------------------

def overview(actor, consortium_id: int, year: int, *, span: int = 5) -> dict:
    """The secretariat's overview: the year's figures, a series over `span` years ending in Y, and flows."""
    require_role(actor, "admin")
    require_same_consortium(actor, consortium_id)
    inputs = metric_inputs(consortium_id)
    years = list(range(year - span + 1, year + 1))
    series = {y: figures(consortium_id, y, inputs) for y in years}
    unconfirmed = db.session.scalar(select(func.count(Engagement.id)).where(
        Engagement.consortium_id == consortium_id, Engagement.confirmed_by_host.is_(False),
        Engagement.start_date >= date(year, 1, 1), Engagement.start_date <= date(year, 12, 31)))
    members = {m.id: m for m in db.session.scalars(select(Member).where(Member.consortium_id == consortium_id))}
    flows = [member_flow_from(inputs, members[mid], year) for mid in sorted(
        members, key=lambda i: (members[i].type, members[i].name)) if members[mid].type in SCHOOL_TYPES + ("enterprise",)]
    return {"year": year, "figures": series[year], "years": years, "series": series, "unconfirmed": unconfirmed,
            "flows": [f for f in flows if f["active"]]}


def member_flow(actor, member: Member, year: int) -> dict:
    """A school's or enterprise's two-way flow in Y: experts sent and received, hours, practice months."""
    require_login(actor)
    if not (can_admin_consortium(actor, member.consortium_id) or acts_for(actor, member.id)):
        raise NotAllowed(_("无权查看其他单位的数据"))
    flow = member_flow_from(metric_inputs(member.consortium_id), member, year)
    if member.is_school:
        target = practice_target(member.id, year)
        teacher_count = db.session.scalar(select(func.count(Teacher.id)).where(Teacher.employer_id == member.id))
        flow["target"] = target
        flow["teacher_count"] = teacher_count
        flow["target_months"] = (target.months_per_teacher * teacher_count) if target is not None else None
        flow["teachers_meeting_target"] = (
            sum(1 for m in flow["practice_by_teacher"].values() if m >= target.months_per_teacher)
            if target is not None else None)
    return flow


def member_flow_from(inputs: dict, member: Member, year: int) -> dict:
    """Counted engagements sent (member's teachers elsewhere) and received (taught at the member school),
    and counted practice: a school's teachers in enterprises, or teachers practising at an enterprise."""
    members, engagements = inputs["members"], inputs["engagements"]
    counted = {kind: metrics.counted_engagements(engagements, members, year, kind)
               for kind in (metrics.ENTERPRISE_PART_TIME, metrics.INTER_SCHOOL_PART_TIME)}
    all_counted = counted[metrics.ENTERPRISE_PART_TIME] + counted[metrics.INTER_SCHOOL_PART_TIME]
    sent = [e for e in all_counted if e.employer_id == member.id]
    received = [e for e in all_counted if e.host_id == member.id]
    practice = [p for p in metrics.counted_practice(inputs["placements"], members, year)
                if p.employer_id == member.id or p.enterprise_id == member.id]
    days_by_teacher: dict[int, int] = {}
    for p in practice:
        days_by_teacher[p.teacher_id] = days_by_teacher.get(p.teacher_id, 0) + metrics.overlap_days(
            p.start_date, p.end_date, year)
    total_days = sum(days_by_teacher.values())
    return {
        "member": member, "year": year,
        "sent": sent, "sent_hours": sum((e.class_hours for e in sent), Decimal(0)),
        "sent_teachers": len({e.teacher_id for e in sent}),
        "received": received, "received_hours": sum((e.class_hours for e in received), Decimal(0)),
        "received_teachers": len({e.teacher_id for e in received}),
        "practice": practice, "practice_months": metrics.person_months(total_days),
        "practice_by_teacher": {t: metrics.person_months(d) for t, d in days_by_teacher.items()},
        "active": bool(sent or received or practice),
    }


def engagements_by_ids(ids) -> list[Engagement]:
    if not ids:
        return []
    return list(db.session.scalars(select(Engagement).where(Engagement.id.in_(list(ids)))
                                   .options(selectinload(Engagement.teacher).selectinload(Teacher.employer),
                                            selectinload(Engagement.host), selectinload(Engagement.sessions))
                                   .order_by(Engagement.start_date)))


def teacher_record(actor, teacher: Teacher, year: int) -> dict:
    """A teacher's record: engagements, teacher-practice placements with person-months in Y, 双师型 evidence,
    and certificates of the training package that carry the teacher's name (matched by name only)."""
    engagements = list(db.session.scalars(select(Engagement).where(Engagement.teacher_id == teacher.id)
                                          .options(selectinload(Engagement.host), selectinload(Engagement.sessions))
                                          .order_by(Engagement.start_date.desc())))
    if actor.role == "school" and not can_manage_teacher(actor, teacher):
        # A host school sees what the teacher does at that school, not the rest of their record.
        engagements = [e for e in engagements if e.host_id == actor.member_id]
    placements = list(db.session.scalars(
        select(Placement).join(Position, Placement.position_id == Position.id)
        .where(Placement.teacher_id == teacher.id, Position.kind == "teacher_practice")
        .options(selectinload(Placement.position).selectinload(Position.enterprise))
        .order_by(Placement.start_date.desc())))
    practice = []
    for p in placements:
        counted = p.status in metrics.COUNTED_STATUSES
        days = metrics.overlap_days(p.start_date, p.end_date, year) if counted else 0
        practice.append({"placement": p, "counted": counted, "months": metrics.person_months(days)})
    evidence = list(db.session.scalars(select(DualEvidence).where(DualEvidence.teacher_id == teacher.id)
                                       .order_by(DualEvidence.issued_date.desc().nulls_last(), DualEvidence.id)))
    return {"teacher": teacher, "year": year, "engagements": engagements, "practice": practice,
            "practice_months": metrics.person_months(sum(
                metrics.overlap_days(x["placement"].start_date, x["placement"].end_date, year)
                for x in practice if x["counted"])),
            "evidence": evidence, "certificates": _certificates_by_name(teacher),
            "can_manage": can_manage_teacher(actor, teacher)}


def _certificates_by_name(teacher: Teacher) -> list:
    """Skill certificates in the consortium whose holder has the teacher's name; empty when the training
    package is absent. Certificates carry no teacher link, so the page labels these as matched by name."""
    try:
        from ..training.models import Certificate
    except ImportError:  # the training package is optional for this page
        return []
    return list(db.session.scalars(select(Certificate).where(
        Certificate.consortium_id == teacher.employer.consortium_id, Certificate.holder_name == teacher.name)
        .order_by(Certificate.issued_date.desc())))

