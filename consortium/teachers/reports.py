"""The teacher exchange's pages: the secretariat's overview, a member's two-way flow, a teacher's record, and
the `teachers.*` figures behind them (computed by `figures.teachers` on the records of `loading.py`)."""
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..access import acts_for, can_admin_consortium, require_login, require_role, require_same_consortium
from ..errors import NotAllowed
from ..extensions import db
from ..figures import teachers as figures_of
from ..figures.core import COUNTED_STATUSES, Figure, overlap_days, person_months
from ..figures.records import YearRecords
from ..jobs.models import Placement, Position
from ..members.models import Member
from ..vocab import SCHOOL_TYPES
from ..people.models import Teacher
from .loading import teacher_inputs
from .models import DualEvidence, Engagement
from .services import can_manage_teacher, practice_target


def figures(consortium_id: int, year: int, records: YearRecords | None = None) -> dict[str, Figure]:
    """Every `teachers.*` figure of metrics.md for Y (no permission check: for the views that checked already)."""
    return figures_of.all_figures(records or teacher_inputs(consortium_id), year)


def overview(actor, consortium_id: int, year: int, *, span: int = 5) -> dict:
    """The secretariat's overview: the year's figures, a series over `span` years ending in Y, and flows."""
    require_role(actor, "admin")
    require_same_consortium(actor, consortium_id)
    records = teacher_inputs(consortium_id)
    years = list(range(year - span + 1, year + 1))
    series = {y: figures(consortium_id, y, records) for y in years}
    unconfirmed = db.session.scalar(select(func.count(Engagement.id)).where(
        Engagement.consortium_id == consortium_id, Engagement.confirmed_by_host.is_(False),
        Engagement.start_date >= date(year, 1, 1), Engagement.start_date <= date(year, 12, 31)))
    members = {m.id: m for m in db.session.scalars(select(Member).where(Member.consortium_id == consortium_id))}
    flows = [member_flow_from(records, members[mid], year) for mid in sorted(
        members, key=lambda i: (members[i].type, members[i].name)) if members[mid].type in SCHOOL_TYPES + ("enterprise",)]
    return {"year": year, "figures": series[year], "years": years, "series": series, "unconfirmed": unconfirmed,
            "flows": [f for f in flows if f["active"]]}


def member_flow(actor, member: Member, year: int) -> dict:
    """A school's or enterprise's two-way flow in Y: experts sent and received, hours, practice months."""
    require_login(actor)
    if not (can_admin_consortium(actor, member.consortium_id) or acts_for(actor, member.id)):
        raise NotAllowed(_("无权查看其他单位的数据"))
    flow = member_flow_from(teacher_inputs(member.consortium_id), member, year)
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


def member_flow_from(records: YearRecords, member: Member, year: int) -> dict:
    """Counted engagements sent (member's teachers elsewhere) and received (taught at the member school),
    and counted practice: a school's teachers in enterprises, or teachers practising at an enterprise."""
    all_counted = (figures_of.counted_engagements(records, year, figures_of.ENTERPRISE_PART_TIME)
                   + figures_of.counted_engagements(records, year, figures_of.INTER_SCHOOL_PART_TIME))
    sent = [e for e in all_counted if e.employer_id == member.id]
    received = [e for e in all_counted if e.host_id == member.id]
    practice = [p for p in figures_of.counted_practice(records, year)
                if p.employer_id == member.id or p.enterprise_id == member.id]
    days_by_teacher: dict[int, int] = {}
    for p in practice:
        days_by_teacher[p.teacher_id] = days_by_teacher.get(p.teacher_id, 0) + overlap_days(
            p.start_date, p.end_date, year)
    total_days = sum(days_by_teacher.values())
    return {
        "member": member, "year": year,
        "sent": sent, "sent_hours": sum((e.class_hours for e in sent), Decimal(0)),
        "sent_teachers": len({e.teacher_id for e in sent}),
        "received": received, "received_hours": sum((e.class_hours for e in received), Decimal(0)),
        "received_teachers": len({e.teacher_id for e in received}),
        "practice": practice, "practice_months": person_months(total_days),
        "practice_by_teacher": {t: person_months(d) for t, d in days_by_teacher.items()},
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
        counted = p.status in COUNTED_STATUSES
        days = overlap_days(p.start_date, p.end_date, year) if counted else 0
        practice.append({"placement": p, "counted": counted, "months": person_months(days)})
    evidence = list(db.session.scalars(select(DualEvidence).where(DualEvidence.teacher_id == teacher.id)
                                       .order_by(DualEvidence.issued_date.desc().nulls_last(), DualEvidence.id)))
    return {"teacher": teacher, "year": year, "engagements": engagements, "practice": practice,
            "practice_months": person_months(sum(
                overlap_days(x["placement"].start_date, x["placement"].end_date, year)
                for x in practice if x["counted"])),
            "evidence": evidence,
            "can_manage": can_manage_teacher(actor, teacher)}
