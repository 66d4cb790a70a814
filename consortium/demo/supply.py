"""Demo supply and demand across 2023 to the current year: enterprise figures and industries every year,
graduating cohorts with a realistic spread of outcomes and their internships, 中高本衔接 students,
demand forecasts, major adjustments, four matchmaking events and two published talent-demand reports.

Deterministic (seeded random); dates never run past the consortium's today.
"""
import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from ..classifications import match_occupation
from ..timeutil import today as consortium_today, utcnow
from ..extensions import db
from ..jobs.models import Placement, Position
from ..members.models import EnterpriseYear, Member
from ..people.models import Student
from ..supply import events as event_services
from ..supply import monitoring, reports
from ..supply.models import DemandForecast, EventAttendee, EventOffer, MajorAdjustment, PlacementEvent
from .jobs import CITIES, MAJORS, SCHOOL_MAJORS, _name, fake_id_number

FIRST_YEAR = 2023
INDUSTRY = {  # GB/T 4754-2017 小类 of each demo enterprise
    "中原重工智能装备股份有限公司": "3491", "郑州宇辰汽车零部件有限公司": "3670", "河南恒达数控机床有限公司": "3421",
    "郑州华芯电子科技有限公司": "3982", "中原云链物流有限公司": "5920", "郑州优选商贸有限公司": "5292",
    "郑州嵩山酒店管理有限公司": "6110",
}
# enterprise → demand lines: occupation (as an HR office types it), level, majors, headcount, skills, month
DEMAND = {
    "中原重工智能装备股份有限公司": [
        ("工业机器人系统运维员", "junior_college", ["工业机器人技术", "机电一体化技术"], 40, ["机器人示教", "PLC编程"], 7),
        ("电工", "secondary_vocational", ["机电技术应用"], 25, ["电气控制", "低压电工证"], 7),
        ("机械设计工程技术人员", "undergraduate", ["机械设计制造及其自动化"], 8, ["三维建模", "CAD"], 7)],
    "郑州宇辰汽车零部件有限公司": [
        ("汽车装调工", "junior_college", ["汽车制造与试验技术"], 35, ["汽车装配", "质量检测"], 7),
        ("焊工", "secondary_vocational", ["焊接技术应用"], 20, ["焊装工艺"], 3),
        ("质检员", "junior_college", ["汽车制造与试验技术", "数控技术"], 12, ["精密测量"], 7)],
    "河南恒达数控机床有限公司": [
        ("数控车工", "junior_college", ["数控技术"], 18, ["数控编程", "数控车削"], 7),
        ("装配钳工", "secondary_vocational", ["数控技术应用"], 10, ["机械装配"], 9)],
    "郑州华芯电子科技有限公司": [
        ("电子产品制版工", "junior_college", ["电子信息工程技术"], 15, ["SMT工艺", "电路调试"], 7),
        ("计算机软件工程技术人员", "undergraduate", ["软件工程", "计算机应用技术"], 6, ["嵌入式开发"], 7)],
    "中原云链物流有限公司": [
        ("仓储管理员", "junior_college", ["现代物流管理"], 20, ["WMS系统", "仓储管理"], 6),
        ("物流服务师", "secondary_vocational", ["物流服务与管理"], 12, ["叉车操作"], 6)],
    "郑州优选商贸有限公司": [("电子商务师", "junior_college", ["电子商务"], 10, ["直播带货", "网店运营"], 3)],
    "郑州嵩山酒店管理有限公司": [("前厅服务员", "secondary_vocational", ["酒店管理与数字化运营"], 8, ["前厅服务"], 6)],
}
# Outcome spread of a cohort (weights): employed most, then further study (two routes), some awaiting a job.
OUTCOMES = (("employed", 58), ("self_employed", 4), ("further_study", 12), ("further_study_exam", 10),
            ("unemployed", 12), ("other", 4))
COHORT = {"郑州智能装备职业技术学院": 22, "河南交通工程职业学院": 16, "郑州信息职业技术学院": 16, "郑州市第一中等专业学校": 14,
          "郑州市经开区职业中专": 12, "中牟县职业教育中心": 10, "中原工业大学": 10}


def _weighted(rng, pairs):
    return rng.choices([k for k, _w in pairs], weights=[w for _k, w in pairs])[0]


def load(consortium, members: dict, admin) -> None:
    """Fill the supply-and-demand side of the demo consortium (called after the jobs and stats demos)."""
    rng = random.Random(20231101)
    now = consortium_today()
    years = list(range(FIRST_YEAR, now.year + 1))
    enterprises = {n: m for n, m in members.items() if m.type == "enterprise"}
    for name, code in INDUSTRY.items():
        enterprises[name].industry_code = code
    _enterprise_years(enterprises, years)
    _redraw_outcomes(rng, consortium, members)
    cohorts = _cohorts(rng, consortium, members, enterprises, years, now)
    _pathway_students(rng, members, now)
    db.session.flush()
    _forecasts(rng, consortium, enterprises, years, now)
    monitoring.correct_name(admin, consortium, "机电技术应用", "机电设备类", "中职专业，归入机电设备类")
    monitoring.correct_name(admin, consortium, "焊接技术应用", "机械设计制造类", "中职专业，对应焊接技术及自动化")
    _adjustments(consortium, members, now)
    _events(rng, consortium, members, enterprises, cohorts, admin, now)
    _reports(consortium, admin, now)
    db.session.flush()


def _enterprise_years(enterprises, years) -> None:
    """Figures for every year: the last one entered grows about 4 % a year."""
    for member in enterprises.values():
        have = {ey.year: ey for ey in db.session.scalars(select(EnterpriseYear).where(EnterpriseYear.member_id == member.id))}
        if not have:
            continue
        for year in years:
            if year in have:
                continue
            base = have[max(y for y in have if y < year)]
            factor = Decimal("1.04") ** (year - base.year)
            have[year] = EnterpriseYear(member_id=member.id, year=year, employees=int(base.employees * float(factor)),
                                        assets=(base.assets * factor).quantize(Decimal("1")),
                                        sales=(base.sales * factor).quantize(Decimal("1")),
                                        main_revenue=(base.main_revenue * factor).quantize(Decimal("1")),
                                        coop_benefit=(base.coop_benefit * factor).quantize(Decimal("1")))
            db.session.add(have[year])


def _redraw_outcomes(rng, consortium, members) -> None:
    """Graduates already in the demo get the same realistic spread as the cohorts below."""
    ids = [m.id for m in members.values() if m.is_school]
    for student in db.session.scalars(select(Student).where(Student.school_id.in_(ids),
                                                            Student.graduation_year.is_not(None))):
        student.outcome = _weighted(rng, OUTCOMES)
        student.outcome_city = rng.choice(CITIES) if student.outcome in ("employed", "self_employed") else None


def _position(consortium, enterprise, year, n, title, majors, slots) -> Position:
    start = date(year - 1, 9, 1)
    position = Position(consortium_id=consortium.id, code=f"SX{year}-{enterprise.id:02d}{n:02d}",
                        enterprise_id=enterprise.id, kind="internship", title=title, majors=majors, skills=[],
                        city="郑州市", slots=slots, filled=0, start_date=start, end_date=date(year, 5, 31),
                        description=f"{year} 届毕业生顶岗实习", status="closed")
    db.session.add(position)
    return position


def _cohorts(rng, consortium, members, enterprises, years, now) -> dict:
    """Graduates of each year with their final-year internship; many stay with that enterprise."""
    by_major: dict[str, list] = {}
    for name, demands in DEMAND.items():
        for line in demands:
            for major in line[2]:
                by_major.setdefault(major, []).append(enterprises[name])
    cohorts: dict[int, list[Student]] = {}
    for year in years:
        if date(year, 6, 30) > now:
            continue  # this year's cohort has not graduated yet
        rows = []
        for school_name, count in COHORT.items():
            school = members[school_name]
            secondary = school.type == "secondary_vocational"
            length = 4 if school.type == "undergraduate" else 3
            for i in range(count):
                major, code, skills = MAJORS[rng.choice(SCHOOL_MAJORS[school_name])]
                outcome = _weighted(rng, OUTCOMES)
                student = Student(
                    school_id=school.id, student_no=f"G{year}{school.id:02d}{i + 1:03d}", name=_name(rng),
                    id_number=fake_id_number(rng, year - length - (15 if secondary else 18)),
                    gender=rng.choice(("male", "female")), major=major, major_code=code,
                    skills=rng.sample(skills, k=2), city=rng.choice(CITIES), enrol_year=year - length,
                    graduation_year=year, outcome=outcome,
                    pathway="secondary_higher" if secondary and rng.random() < 0.2 else "none")
                if outcome in ("employed", "self_employed"):
                    student.outcome_city = rng.choice(CITIES)
                db.session.add(student)
                rows.append(student)
        db.session.flush()
        # Final-year internships at member enterprises; two thirds of the employed stay where they interned.
        per_enterprise: dict[int, list[Student]] = {}
        for s in rows:
            hosts = by_major.get(s.major) or list(enterprises.values())
            if rng.random() < 0.7:
                per_enterprise.setdefault(rng.choice(hosts).id, []).append(s)
        for n, (eid, interns) in enumerate(sorted(per_enterprise.items()), 1):
            enterprise = db.session.get(Member, eid)
            position = _position(consortium, enterprise, year, n, "毕业顶岗实习",
                                 sorted({s.major for s in interns}), len(interns))
            db.session.flush()
            for s in interns:
                # Recorded after the fact, like the secretariat's history: the paper agreement and insurance are
                # filed, and the waiver says so, so the demo keeps the platform's own compliance gate.
                db.session.add(Placement(position_id=position.id, student_id=s.id, status="completed",
                                         start_date=position.start_date, end_date=position.end_date, source="record",
                                         compliance_override=True, override_at=utcnow(),
                                         override_reason="历史安排补录：三方协议与保险单为纸质存档，未上传扫描件"))
                position.filled += 1
                if s.outcome == "employed":
                    s.outcome_employer_id = eid if rng.random() < 0.67 else rng.choice(list(enterprises.values())).id
                    if s.outcome_employer_id:
                        s.outcome_city = "郑州市"
        cohorts[year] = rows
    return cohorts


def _pathway_students(rng, members, now) -> None:
    """中高本衔接: students of the university admitted from vocational schools, and their secondary peers."""
    university = members["中原工业大学"]
    for i in range(12):
        enrol = rng.choice(range(FIRST_YEAR, now.year + 1))
        major, code, skills = MAJORS[rng.choice((1, 6, 7))]
        db.session.add(Student(school_id=university.id, student_no=f"B{enrol}{i + 1:03d}", name=_name(rng),
                               major=major, major_code=code, skills=skills[:2], city="郑州市", enrol_year=enrol,
                               pathway="secondary_higher_undergrad", admission_route="vocational_graduate"))
    school = members["郑州市第一中等专业学校"]
    for i in range(10):
        enrol = rng.choice(range(FIRST_YEAR, now.year + 1))
        major, code, skills = MAJORS[2]
        db.session.add(Student(school_id=school.id, student_no=f"Z{enrol}{i + 1:03d}", name=_name(rng),
                               major="数控技术应用", skills=skills[:2], city="郑州市", enrol_year=enrol,
                               pathway="secondary_higher_undergrad"))


def _forecasts(rng, consortium, enterprises, years, now) -> None:
    """Each enterprise declares, every year, its intake for the next year (and the current one in 2023)."""
    for declared_year in years:
        for target in sorted({declared_year, declared_year + 1} if declared_year == FIRST_YEAR else {declared_year + 1}):
            for name, lines in DEMAND.items():
                for occupation, level, majors, headcount, skills, month in lines:
                    found, _score = match_occupation(occupation)
                    factor = 1 + 0.12 * (target - FIRST_YEAR) + rng.uniform(-0.15, 0.15)
                    db.session.add(DemandForecast(
                        consortium_id=consortium.id, enterprise_id=enterprises[name].id, year=target,
                        occupation=found.name if found else occupation, occupation_code=found.code if found else None,
                        occupation_input=None if found and found.name == occupation else occupation,
                        level=level, majors=majors, headcount=max(1, round(headcount * factor)), skills=skills,
                        month=month, declared_date=min(date(declared_year, 11, 15), now)))


def _adjustments(consortium, members, now) -> None:
    rows = [
        ("郑州智能装备职业技术学院", 2023, "工业机器人技术", "enlarge", "园区工业机器人运维岗位需求持续增长，订单班供不应求。"),
        ("郑州信息职业技术学院", 2024, "计算机应用技术", "shrink", "电子与信息大类毕业生占比高于园区需求占比，缩减招生。"),
        ("郑州智能装备职业技术学院", 2025, "智能焊接技术", "open", "园区焊装岗位需求大，装备制造大类供给不足，新设专业。"),
        ("中牟县职业教育中心", 2023, "酒店服务与管理", "shrink", "旅游大类毕业生占比高于园区需求占比，对口就业率下降，压缩招生。"),
        ("郑州市经开区职业中专", 2025, "汽车制造与试验技术", "enlarge", "汽车零部件企业焊装、质检岗位缺口较大。"),
    ]
    for school, year, major, action, reason in rows:
        if year > now.year:
            continue
        db.session.add(MajorAdjustment(consortium_id=consortium.id, school_id=members[school].id, year=year,
                                       major=major, action=action, reason=reason,
                                       cited=monitoring.cited_figures(consortium.id, year, major) or None))


def _events(rng, consortium, members, enterprises, cohorts, admin, now) -> None:
    plans = [
        (date(2023, 11, 18), "job_fair", "2024 届毕业生秋季双选会", "郑州智能装备职业技术学院体育馆", None),
        (date(2024, 4, 20), "open_day", "中原重工智能装备企业开放日", "中原重工经开区第二工厂", "郑州智能装备职业技术学院"),
        (date(2024, 11, 16), "job_fair", "2025 届毕业生秋季双选会", "河南交通工程职业学院南校区", None),
        (date(2025, 5, 10), "campus_day", "汽车零部件企业校园招聘日", "河南交通工程职业学院", "河南交通工程职业学院"),
    ]
    linked: set[int] = set()
    for day, kind, title, place, organizer in plans:
        if day > now:
            continue
        graduating = day.year + 1 if day.month >= 9 else day.year
        chosen = rng.sample(sorted(enterprises), k=min(len(enterprises), rng.randint(3, 6)))
        if "汽车" in title:
            chosen = ["郑州宇辰汽车零部件有限公司"]
        if "中原重工" in title:
            chosen = ["中原重工智能装备股份有限公司"]
        positions = db.session.scalars(select(Position).where(
            Position.consortium_id == consortium.id, Position.enterprise_id.in_([enterprises[n].id for n in chosen]),
            Position.code.like(f"SX{graduating}-%"))).all()
        event = event_services.save_event(admin, consortium, {
            "kind": kind, "title": title, "date": day, "place": place,
            "enterprise_ids": [enterprises[n].id for n in chosen], "position_ids": [p.id for p in positions],
            "organizer_id": members[organizer].id if organizer else None,
            "positions_offered": "另有园区非成员企业岗位 120 余个（见现场公告）" if kind == "job_fair" else None})
        pool = cohorts.get(graduating, [])
        attendees = rng.sample(pool, k=min(len(pool), rng.randint(25, 45))) if pool else []
        for s in attendees:
            event.attendees.append(EventAttendee(student_id=s.id))
        for s in attendees[: len(attendees) // 3]:
            event.offers.append(EventOffer(enterprise_id=rng.choice([enterprises[n] for n in chosen]).id, student_id=s.id))
        db.session.flush()
        attended = {s.id for s in attendees}
        for placement in db.session.scalars(select(Placement).where(
                Placement.position_id.in_([p.id for p in positions]))).all():
            if placement.student_id in attended and placement.id not in linked:
                linked.add(placement.id)
                db.session.add(PlacementEvent(placement_id=placement.id, event_id=event.id))
    db.session.flush()


def _reports(consortium, admin, now) -> None:
    """Two published reports (each published on the day given, or today if that is still ahead)."""
    for year, day, edit in ((2024, date(2024, 12, 20), False), (2025, date(2025, 12, 18), True)):
        if date(year, 1, 1) > now:
            continue
        report = reports.generate_report(admin, consortium, year)
        # The demo's reports read as if generated a few days before they were published.
        report.latest.figures = {**report.latest.figures, "generated_on": min(day - timedelta(days=5), now).isoformat()}
        reports.publish_report(admin, report, min(day, now))
        if edit and now > day + timedelta(days=30):
            version = report.latest
            reports.edit_report(admin, report, version.narrative + "\n\n（修订：补充了第四季度企业用工调查结果。）")
            reports.publish_report(admin, report, min(day + timedelta(days=30), now))
