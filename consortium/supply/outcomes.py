"""Graduate outcomes (毕业去向) per year, school and major: rows → the pure rates of figures.py."""
from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import select

from ..access import acts_for, can_admin_consortium, require_member_user
from ..errors import NotAllowed
from ..extensions import db
from ..jobs.models import Placement, Position
from ..members.models import Member
from ..people.models import Student
from ..vocab import SCHOOL_TYPES, SLOT_STATUSES, STUDENT_KINDS
from . import figures


def _scope(actor, consortium_id: int) -> int | None:
    """The school a user is limited to (None: the whole consortium, for the secretariat)."""
    require_member_user(actor, consortium_id)
    if can_admin_consortium(actor, consortium_id):
        return None
    if actor.role == "school":
        return actor.member_id
    raise NotAllowed(_("毕业去向仅对秘书处和学校开放"))


def graduates(consortium_id: int, year: int, school_id: int | None = None) -> list[figures.Graduate]:
    """Graduates of Y of the member schools, with the enterprises of their counted student placements."""
    stmt = (select(Student.id, Student.school_id, Student.major, Student.outcome, Student.outcome_city,
                   Student.outcome_employer_id)
            .join(Member, Student.school_id == Member.id)
            .where(Member.consortium_id == consortium_id, Member.type.in_(SCHOOL_TYPES),
                   Student.graduation_year == year))
    if school_id:
        stmt = stmt.where(Student.school_id == school_id)
    rows = db.session.execute(stmt).all()
    ids = [r.id for r in rows]
    hosts: dict[int, set[int]] = defaultdict(set)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for sid, eid in db.session.execute(
                select(Placement.student_id, Position.enterprise_id).join(Position, Placement.position_id == Position.id)
                .where(Placement.student_id.in_(chunk), Placement.status.in_(SLOT_STATUSES),
                       Position.kind.in_(STUDENT_KINDS))):
            hosts[sid].add(eid)
    return [figures.Graduate(r.id, r.school_id, r.major, r.outcome, r.outcome_city, r.outcome_employer_id,
                             tuple(sorted(hosts.get(r.id, ())))) for r in rows]


def outcome_page(actor, consortium, year: int) -> dict:
    """Rates overall, per school and per school + major, and destinations by enterprise member."""
    school_id = _scope(actor, consortium.id)
    grads = graduates(consortium.id, year, school_id)
    names = dict(db.session.execute(select(Member.id, Member.name).where(Member.consortium_id == consortium.id)).all())
    overall = figures.outcome_rates(grads, consortium.city)
    per_school = figures.outcome_groups(grads, consortium.city, lambda g: g.school_id)
    per_major = figures.outcome_groups(grads, consortium.city, lambda g: (g.school_id, g.major))
    return {
        "year": year, "overall": overall,
        "schools": sorted(((names.get(k, ""), k, v) for k, v in per_school.items())),
        "majors": sorted(((names.get(k[0], ""), k[0], k[1], v) for k, v in per_major.items())),
        "employers": sorted(((names.get(k, ""), n) for k, n in overall.by_employer.items()), key=lambda x: -x[1]),
    }


def drill(actor, consortium, year: int, school_id: int, major: str | None = None) -> list[Student]:
    """The graduates behind a row (a school's own, or any for the secretariat)."""
    scope = _scope(actor, consortium.id)
    if scope is not None and scope != school_id:
        raise NotAllowed(_("只能查看本校的毕业生"))
    if not (can_admin_consortium(actor, consortium.id) or acts_for(actor, school_id)):
        raise NotAllowed(_("只能查看本校的毕业生"))
    stmt = (select(Student).join(Member, Student.school_id == Member.id)
            .where(Member.consortium_id == consortium.id, Student.school_id == school_id,
                   Student.graduation_year == year))
    if major:
        stmt = stmt.where(Student.major == major)
    return db.session.scalars(stmt.order_by(Student.major, Student.student_no)).all()
