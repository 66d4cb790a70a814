"""Demo students, teachers, positions, applications, a year of placements and two joint programmes.

Deterministic (seeded random). ID numbers are fake: area code 410100, made-up birth dates, valid check digits.
"""
import io
import random
from datetime import date, timedelta

from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..timeutil import today as consortium_today, utcnow
from ..tables.normalize import id_check_digit
from ..jobs.uploads import store_agreement
from ..jobs.models import Application, Placement, Position, Programme
from ..people.models import Student, Teacher

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
GIVEN = ["浩然", "子涵", "欣怡", "梓轩", "雨桐", "宇航", "一诺", "佳琪", "俊杰", "思远", "晨曦", "嘉怡", "博文", "雅婷", "志强",
         "明轩", "诗涵", "天佑", "梦瑶", "泽宇", "若曦", "鹏飞", "静怡", "昊天", "可馨", "振华", "欣然", "凯文", "晓雪", "国庆",
         "丽娟", "建军", "海燕", "文博", "子豪", "婉清", "家乐", "晓东", "雪莹", "永康"]
CITIES = ["郑州市", "郑州市", "郑州市", "开封市", "洛阳市", "新乡市", "许昌市", "焦作市", "平顶山市", "南阳市"]
MAJORS = [  # name, code, skills
    ("机电一体化技术", "460301", ["PLC编程", "电气控制", "机械制图", "传感器应用"]),
    ("工业机器人技术", "460305", ["机器人示教", "PLC编程", "视觉检测", "离线编程"]),
    ("数控技术", "460103", ["数控编程", "数控车削", "CAD", "精密测量"]),
    ("汽车制造与试验技术", "460701", ["汽车装配", "质量检测", "焊装工艺", "试验数据分析"]),
    ("电子商务", "530701", ["网店运营", "直播带货", "数据分析", "视觉设计"]),
    ("现代物流管理", "530802", ["仓储管理", "WMS系统", "叉车操作", "供应链分析"]),
    ("计算机应用技术", "510201", ["Python", "数据库", "网络运维", "Web开发"]),
    ("电子信息工程技术", "510101", ["电路调试", "嵌入式开发", "SMT工艺", "焊接"]),
    ("酒店管理与数字化运营", "540106", ["前厅服务", "客房管理", "餐饮服务", "收益管理"]),
]
SCHOOL_MAJORS = {
    "郑州智能装备职业技术学院": [0, 1, 2, 3],
    "河南交通工程职业学院": [3, 5, 0],
    "郑州信息职业技术学院": [6, 7, 4],
    "郑州市第一中等专业学校": [2, 0, 8],
    "郑州市经开区职业中专": [3, 5, 4],
    "中牟县职业教育中心": [4, 8, 5],
    "中原工业大学": [1, 6, 7],
}
STUDENTS_PER_SCHOOL = {"郑州智能装备职业技术学院": 70, "河南交通工程职业学院": 50, "郑州信息职业技术学院": 50,
                       "郑州市第一中等专业学校": 40, "郑州市经开区职业中专": 35, "中牟县职业教育中心": 30,
                       "中原工业大学": 25}
# enterprise, kind, title, major indexes, city, slots
POSITIONS = [
    ("中原重工智能装备股份有限公司", "apprenticeship", "智能产线装调学徒", [0, 1], "郑州市", 8),
    ("中原重工智能装备股份有限公司", "field_engineer", "工业机器人现场工程师", [1], "郑州市", 5),
    ("中原重工智能装备股份有限公司", "internship", "电气装配实习", [0], "郑州市", 10),
    ("中原重工智能装备股份有限公司", "internship", "机器人视觉检测实习", [1, 6], "郑州市", 4),
    ("中原重工智能装备股份有限公司", "teacher_practice", "智能装备教师企业实践", [0, 1], "郑州市", 4),
    ("郑州宇辰汽车零部件有限公司", "apprenticeship", "焊装工艺学徒", [3], "郑州市", 6),
    ("郑州宇辰汽车零部件有限公司", "internship", "汽车零部件质检实习", [3, 2], "郑州市", 12),
    ("郑州宇辰汽车零部件有限公司", "field_engineer", "总装车间现场工程师", [3, 0], "郑州市", 3),
    ("郑州宇辰汽车零部件有限公司", "teacher_practice", "汽车制造工艺教师实践", [3], "郑州市", 3),
    ("郑州宇辰汽车零部件有限公司", "internship", "开封工厂装配实习", [3], "开封市", 6),
    ("河南恒达数控机床有限公司", "apprenticeship", "数控车削学徒", [2], "郑州市", 6),
    ("河南恒达数控机床有限公司", "internship", "机床装配调试实习", [2, 0], "郑州市", 8),
    ("河南恒达数控机床有限公司", "field_engineer", "数控系统现场工程师", [2, 0], "洛阳市", 2),
    ("河南恒达数控机床有限公司", "teacher_practice", "数控技术教师企业实践", [2], "郑州市", 2),
    ("郑州华芯电子科技有限公司", "internship", "SMT产线实习", [7], "郑州市", 10),
    ("郑州华芯电子科技有限公司", "apprenticeship", "嵌入式测试学徒", [7, 6], "郑州市", 4),
    ("郑州华芯电子科技有限公司", "field_engineer", "电子装联现场工程师", [7], "许昌市", 2),
    ("郑州华芯电子科技有限公司", "teacher_practice", "电子信息教师企业实践", [7, 6], "郑州市", 2),
    ("中原云链物流有限公司", "internship", "智慧仓储实习", [5], "郑州市", 15),
    ("中原云链物流有限公司", "apprenticeship", "物流调度学徒", [5], "郑州市", 5),
    ("中原云链物流有限公司", "internship", "新乡分拨中心实习", [5], "新乡市", 6),
    ("中原云链物流有限公司", "teacher_practice", "现代物流教师企业实践", [5], "郑州市", 2),
    ("郑州优选商贸有限公司", "internship", "直播电商运营实习", [4], "郑州市", 8),
    ("郑州优选商贸有限公司", "apprenticeship", "网店运营学徒", [4], "郑州市", 4),
    ("郑州优选商贸有限公司", "internship", "数据分析助理实习", [4, 6], "郑州市", 3),
    ("郑州嵩山酒店管理有限公司", "internship", "前厅与客房实习", [8], "郑州市", 10),
    ("郑州嵩山酒店管理有限公司", "apprenticeship", "餐饮服务学徒", [8], "郑州市", 5),
    ("郑州嵩山酒店管理有限公司", "teacher_practice", "酒店管理教师企业实践", [8], "郑州市", 2),
    ("郑州嵩山酒店管理有限公司", "internship", "洛阳分店实习", [8], "洛阳市", 4),
    ("中原重工智能装备股份有限公司", "internship", "售后服务实习（草稿）", [0], "南阳市", 3),
]
# Positions still ahead whatever the day the demo is loaded, so recommendations and matching rounds have
# something to offer: enterprise, kind, title, major indexes, city, slots, days until the start, days long.
UPCOMING = [
    ("河南恒达数控机床有限公司", "apprenticeship", "数控装调学徒（春季班）", [2, 0], "郑州市", 4, 40, 365),
    ("郑州华芯电子科技有限公司", "internship", "SMT工艺实习（春季）", [7, 6], "郑州市", 6, 35, 120),
    ("中原重工智能装备股份有限公司", "teacher_practice", "智能产线教师企业实践（寒假）", [0, 1, 2, 3], "郑州市", 3, 45, 30),
    ("中原重工智能装备股份有限公司", "internship", "工业机器人应用实习（下一期）", [1, 0], "郑州市", 6, 150, 180),
]
DEMO_SCAN = b"%PDF-1.4\n% demo three-party agreement (placeholder)\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
INSURERS = ["中国人寿财产保险", "中国平安财产保险", "中国太平洋财产保险", "中华联合财产保险"]


def fake_id_number(rng: random.Random, year: int) -> str:
    """A made-up ID number with a valid GB 11643 check digit (area 410100, fake birth date and sequence)."""
    birth = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    first17 = f"410100{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_check_digit(first17)


def _name(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def load(consortium, members_by_name: dict, admin, password: str) -> None:
    """Fill the job side of the demo consortium; links student_demo and teacher_demo to records."""
    rng = random.Random(20250301)
    today = consortium_today()
    students: dict[str, list[Student]] = {}
    for school_name, count in STUDENTS_PER_SCHOOL.items():
        school = members_by_name[school_name]
        secondary = school.type == "secondary_vocational"
        rows = []
        for i in range(count):
            major, code, skills = MAJORS[rng.choice(SCHOOL_MAJORS[school_name])]
            enrol = rng.choice((2022, 2023, 2024))
            years = 3
            graduated = enrol + years <= today.year and rng.random() < 0.5
            student = Student(
                school_id=school.id, student_no=f"{enrol}{school.id:02d}{i + 1:04d}", name=_name(rng),
                id_number=fake_id_number(rng, enrol - (15 if secondary else 18)),
                gender=rng.choice(("male", "female")),
                phone=f"1{rng.choice((38, 39, 58, 59, 86, 87))}{rng.randrange(10**8):08d}" if rng.random() < 0.7 else None,
                major=major, major_code=code, skills=rng.sample(skills, k=rng.randint(1, 3)),
                city=rng.choice(CITIES), enrol_year=enrol, graduation_year=enrol + years if graduated else None,
                pathway=rng.choice(("none", "none", "none", "secondary_higher")) if secondary else "none",
                admission_route=rng.choice(("regular",) * 6 + ("vocational_graduate", "frontline_employee")),
                outcome=rng.choice(("employed", "employed", "employed", "further_study", "self_employed"))
                if graduated else None)
            if student.outcome == "employed":
                student.outcome_city = rng.choice(CITIES)
            db.session.add(student)
            rows.append(student)
        students[school_name] = rows
    teachers: list[Teacher] = []
    for school_name in STUDENTS_PER_SCHOOL:
        school = members_by_name[school_name]
        for i in range(4):
            major, _code, skills = MAJORS[rng.choice(SCHOOL_MAJORS[school_name])]
            teachers.append(Teacher(employer_id=school.id, staff_no=f"T{school.id:02d}{i + 1:03d}", name=_name(rng),
                                    subject=major, skills=rng.sample(skills, k=2), dual_qualified=rng.random() < 0.6,
                                    post="fixed", city="郑州市"))
    experts: list[Teacher] = []
    enterprise_names = [n for n, m in members_by_name.items() if m.type == "enterprise"]
    schools = list(STUDENTS_PER_SCHOOL)
    for name in enterprise_names:
        for i in range(2):
            major, _code, skills = MAJORS[rng.randrange(len(MAJORS))]
            experts.append(Teacher(employer_id=members_by_name[name].id, staff_no=f"E{members_by_name[name].id:02d}{i + 1:02d}",
                                   name=_name(rng), subject=major, skills=rng.sample(skills, k=2),
                                   dual_qualified=False, post=rng.choice(("fixed", "flowing")), city="郑州市",
                                   serves_school_id=members_by_name[rng.choice(schools)].id))
    db.session.add_all(teachers + experts)
    db.session.flush()

    start0 = date(today.year - 1, 3, 1)
    positions = []
    for n, (ent, kind, title, majors, city, slots) in enumerate(POSITIONS, 1):
        start = start0 + timedelta(days=30 * rng.randrange(0, 14))
        positions.append(Position(
            consortium_id=consortium.id, code=f"GW{start.year}-{n:03d}", enterprise_id=members_by_name[ent].id,
            kind=kind, title=title, majors=[MAJORS[m][0] for m in majors],
            skills=rng.sample(MAJORS[majors[0]][2], k=2), city=city, slots=slots, filled=0, start_date=start,
            end_date=start + timedelta(days=rng.choice((90, 120, 180, 365))),
            description=f"{title}：企业导师带教，轮岗实践，提供食宿补贴。",
            status="draft" if "草稿" in title else ("closed" if start.year < today.year and rng.random() < 0.3 else "open")))
    upcoming = []
    for n, (ent, kind, title, majors, city, slots, ahead, days) in enumerate(UPCOMING, len(POSITIONS) + 1):
        start = today + timedelta(days=ahead)
        upcoming.append(Position(
            consortium_id=consortium.id, code=f"GW{start.year}-{n:03d}", enterprise_id=members_by_name[ent].id,
            kind=kind, title=title, majors=[MAJORS[m][0] for m in majors], skills=MAJORS[majors[0]][2][:2],
            city=city, slots=slots, filled=0, start_date=start, end_date=start + timedelta(days=days),
            description=f"{title}：企业导师带教，轮岗实践，提供食宿补贴。", status="open"))
    db.session.add_all(positions + upcoming)
    db.session.flush()

    all_students = [s for rows in students.values() for s in rows]
    busy: dict[int, list[tuple[date, date]]] = {}

    def place(position, candidate, status, **extra):
        key = (candidate.kind, candidate.id)
        span = (position.start_date, position.end_date)
        if position.filled >= position.slots or any(a <= span[1] and span[0] <= b for a, b in busy.get(key, [])):
            return None
        placement = Placement(position_id=position.id, status=status, start_date=span[0], end_date=span[1],
                              **{f"{candidate.kind}_id": candidate.id}, **extra)
        if status in ("accepted", "active", "completed"):
            position.filled += 1
            busy.setdefault(key, []).append(span)
        db.session.add(placement)
        return placement

    # Placements of a year: most with complete documents, some missing (flagged), a few rejected or withdrawn.
    scan = store_agreement(io.BytesIO(DEMO_SCAN))
    for position in positions:
        if position.status == "draft":
            continue
        pool = teachers if position.kind == "teacher_practice" else [
            s for s in all_students if s.major in position.majors] or all_students
        chosen = rng.sample(pool, k=min(len(pool), position.slots))
        for candidate in chosen[:max(1, int(position.slots * rng.uniform(0.4, 0.9)))]:
            if position.end_date < today:
                status = rng.choice(("completed",) * 5 + ("withdrawn",))
            elif position.start_date <= today:
                status = rng.choice(("active",) * 4 + ("accepted",))
            else:
                status = rng.choice(("accepted", "proposed"))
            extra = {"source": rng.choice(("application", "application", "record", "matching"))}
            if candidate.kind == "student" and rng.random() < 0.82:
                signed = position.start_date - timedelta(days=rng.randint(5, 20))
                extra.update(agreement_signed_date=signed, agreement_file=None, insurer=rng.choice(INSURERS),
                             policy_no=f"PL{position.start_date.year}{rng.randrange(10**8):08d}",
                             insurance_start=position.start_date, insurance_end=position.end_date)
                if rng.random() < 0.85:  # most have their scan on file; the rest are flagged as missing it
                    extra["agreement_file"] = scan
            if candidate.kind == "student" and status in ("active", "completed") and not (
                    extra.get("agreement_file") and extra.get("insurer")):
                # The gate holds in the demo too: a current placement without its documents waits as accepted;
                # a finished one recorded afterwards carries the secretariat's recorded waiver.
                if status == "active":
                    status = "accepted"
                else:
                    extra.update(compliance_override=True, override_by_id=admin.id, override_at=utcnow(),
                                 override_reason="历史安排补录：三方协议与保险单为纸质存档，未上传扫描件")
            place(position, candidate, status, **extra)
    db.session.flush()

    # Open applications to positions still taking people.
    open_positions = [p for p in positions if p.status == "open" and p.kind != "teacher_practice"]
    for student in rng.sample(all_students, k=60):
        for position in rng.sample(open_positions, k=2):
            if db.session.scalar(select(Application.id).where(Application.position_id == position.id,
                                                              Application.student_id == student.id)):
                continue
            db.session.add(Application(position_id=position.id, student_id=student.id,
                                       status=rng.choice(("pending", "pending", "pending", "rejected", "withdrawn")),
                                       note=rng.choice((None, "希望在郑州实习", "有相关竞赛经历", "可随时到岗"))))
    db.session.flush()

    ent = members_by_name
    programmes = [
        Programme(consortium_id=consortium.id, name="中原重工智能装备订单班", school_id=ent["郑州智能装备职业技术学院"].id,
                  enterprise_id=ent["中原重工智能装备股份有限公司"].id, kind="order_class",
                  start_date=date(today.year - 1, 9, 1), end_date=date(today.year + 2, 6, 30)),
        Programme(consortium_id=consortium.id, name="宇辰汽车冠名班", school_id=ent["河南交通工程职业学院"].id,
                  enterprise_id=ent["郑州宇辰汽车零部件有限公司"].id, kind="named_class",
                  start_date=date(today.year - 1, 9, 1), end_date=date(today.year + 1, 6, 30)),
    ]
    programmes[0].students = [s for s in students["郑州智能装备职业技术学院"] if s.major in ("机电一体化技术", "工业机器人技术")][:30]
    programmes[1].students = [s for s in students["河南交通工程职业学院"] if s.major == "汽车制造与试验技术"][:25]
    db.session.add_all(programmes)

    # The demo student and teacher accounts see their own records.
    demo_student = students["郑州智能装备职业技术学院"][0]
    demo_student.name, demo_student.major, demo_student.major_code = "张同学", "工业机器人技术", "460305"
    demo_student.skills, demo_student.city, demo_student.graduation_year = ["PLC编程", "机器人示教"], "郑州市", None
    demo_teacher = teachers[0]
    demo_teacher.name = "李老师"
    for username, person in (("student_demo", demo_student), ("teacher_demo", demo_teacher)):
        user = db.session.scalar(select(User).where(User.username == username))
        if user is not None:
            setattr(user, f"{person.kind}_id", person.id)
    db.session.flush()
