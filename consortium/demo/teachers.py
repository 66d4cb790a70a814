"""Demo teacher exchange: enterprise experts at schools, inter-school teachers, own-school teaching, logs, targets.

Runs after the jobs demo has registered teachers; with no teachers in the consortium it does nothing.
"""
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from ..extensions import db
from ..members.models import Member
from ..vocab import SCHOOL_TYPES
from ..people.models import Teacher
from ..teachers import services
from ..teachers.models import DualEvidence, Engagement

COURSES = ["工业机器人编程与调试", "数控加工工艺", "汽车电控系统检修", "PLC 应用技术", "智能产线运维", "仓储物流管理",
           "电子产品装配与检测", "机械制图与 CAD", "液压与气动技术", "企业管理实务"]
STARTS = [date(2023, 9, 4), date(2024, 3, 4), date(2024, 9, 2), date(2025, 3, 3), date(2025, 9, 1)]


def load(consortium, admin) -> int:
    """Create engagements, session logs, 双师型 evidence and practice targets; returns engagements made."""
    members = list(db.session.scalars(select(Member).where(Member.consortium_id == consortium.id).order_by(Member.id)))
    schools = [m for m in members if m.type in SCHOOL_TYPES]
    teachers = list(db.session.scalars(select(Teacher).where(Teacher.employer_id.in_([m.id for m in members]))
                                       .order_by(Teacher.id)))
    if not teachers or not schools:
        return 0
    if db.session.scalar(select(Engagement.id).where(Engagement.consortium_id == consortium.id).limit(1)):
        return 0  # already loaded
    experts = [t for t in teachers if t.employer.type == "enterprise"]
    school_teachers = [t for t in teachers if t.employer.type in SCHOOL_TYPES]
    made = 0
    plans = []
    for i, t in enumerate(experts[:12]):  # 企业兼职教师
        plans.append((t, schools[i % len(schools)], i))
    own_school = school_teachers[::4][:3]
    for i, t in enumerate([t for t in school_teachers if t not in own_school][:8]):  # 校际兼职教师
        others = [s for s in schools if s.id != t.employer_id]
        if others:
            plans.append((t, others[i % len(others)], i + 3))
    for i, t in enumerate(own_school):  # teaching at their own school: recorded, never counted
        plans.append((t, t.employer, i + 1))
    for n, (teacher, host, k) in enumerate(plans):
        start = STARTS[k % len(STARTS)]
        if start < host.joined_date:
            start = STARTS[-1]
        end = None if n % 4 == 0 else start + timedelta(days=110)
        data = {"teacher_id": teacher.id, "host_id": host.id, "course": COURSES[n % len(COURSES)],
                "start_date": start, "end_date": end, "class_hours": Decimal(16 + 8 * (n % 5))}
        engagement = services.create_engagement(admin, consortium.id, data)
        made += 1
        if n % 3 == 0:  # logged session by session: the logs replace the declared total
            for week in range(4):
                services.log_session(admin, engagement, {"date": start + timedelta(days=7 * week + 1),
                                                         "hours": Decimal(4), "topic": f"第 {week + 1} 次课"})
        if n % 2 == 0:
            services.confirm_engagement(admin, engagement)
    for t in teachers:
        if t.dual_qualified:
            db.session.add(DualEvidence(teacher_id=t.id, kind="certificate", title="职业技能等级证书（高级）",
                                        issuer="河南省人力资源和社会保障厅", issued_date=date(2022, 6, 30)))
            db.session.add(DualEvidence(teacher_id=t.id, kind="enterprise_experience", title="企业一线工作经历两年",
                                        issuer=t.serves_school.name if t.serves_school else None))
    for school in schools:
        for year in (2024, 2025):
            services.set_practice_target(admin, school, year, Decimal("1.0"))
    db.session.flush()
    return made
