"""Demo consortium: the profile, members of every book type, enterprise figures and accounts."""
from datetime import date
from decimal import Decimal

from ..auth import services as auth_services
from ..members import services
from ..extensions import db
from ..members.models import EnterpriseYear, Member

CONSORTIUM = {
    "name": "郑州经开区智能装备市域产教联合体",
    "city": "郑州市",
    "established_date": date(2023, 6, 28),
    "park_name": "郑州经济技术开发区",
    "leading_industries": "汽车及零部件、智能装备制造、现代物流",
    "leader_name": "李建国",
    "leader_title": "郑州经济技术开发区管委会副主任",
    "leader_contact": "0371-6678 0001",
    "secretariat_host": "郑州智能装备职业技术学院",
    "secretariat_head": "王晓燕",
    "office_area": Decimal("120.00"),
    "secretariat_phone": "0371-6678 0002",
    "staff_total": 8,
    "staff_full_time": 3,
    "staff_part_time": 5,
    "staff_names": "王晓燕、张磊、刘洋、陈静、赵敏、孙浩、周婷、吴刚",
}

# name, type, role, city, students, sector, joined
MEMBERS = [
    ("郑州经济技术开发区管委会", "government", "park", "郑州市", None, None, date(2023, 6, 28)),
    ("郑州市教育局", "government", "member", "郑州市", None, None, date(2023, 6, 28)),
    ("郑州智能装备职业技术学院", "higher_vocational", "lead_school", "郑州市", 16800, None, date(2023, 6, 28)),
    ("河南交通工程职业学院", "higher_vocational", "member", "郑州市", 12400, None, date(2023, 6, 28)),
    ("郑州信息职业技术学院", "higher_vocational", "member", "郑州市", 9800, None, date(2023, 9, 1)),
    ("郑州市第一中等专业学校", "secondary_vocational", "member", "郑州市", 4200, None, date(2023, 6, 28)),
    ("郑州市经开区职业中专", "secondary_vocational", "member", "郑州市", 3100, None, date(2023, 6, 28)),
    ("中牟县职业教育中心", "secondary_vocational", "member", "郑州市", 2600, None, date(2024, 3, 1)),
    ("中原工业大学", "undergraduate", "member", "郑州市", 28500, None, date(2023, 6, 28)),
    ("中原重工智能装备股份有限公司", "enterprise", "lead_enterprise", "郑州市", None, "industrial", date(2023, 6, 28)),
    ("郑州宇辰汽车零部件有限公司", "enterprise", "member", "郑州市", None, "industrial", date(2023, 6, 28)),
    ("河南恒达数控机床有限公司", "enterprise", "member", "郑州市", None, "industrial", date(2023, 6, 28)),
    ("郑州华芯电子科技有限公司", "enterprise", "member", "郑州市", None, "industrial", date(2023, 9, 1)),
    ("中原云链物流有限公司", "enterprise", "member", "郑州市", None, "wholesale", date(2023, 6, 28)),
    ("郑州优选商贸有限公司", "enterprise", "member", "郑州市", None, "retail", date(2024, 1, 10)),
    ("郑州嵩山酒店管理有限公司", "enterprise", "member", "郑州市", None, "lodging", date(2023, 6, 28)),
    ("河南智造机器人研究院", "research", "member", "郑州市", None, None, date(2023, 6, 28)),
    ("郑州市智能制造行业协会", "other", "member", "郑州市", None, None, date(2023, 6, 28)),
]

# employees, assets, sales, main_revenue, coop_benefit (万元) for 2023 and 2024
ENTERPRISE_FIGURES = {
    "中原重工智能装备股份有限公司": [(3200, 286000, 198000, 192000, 860), (3350, 301000, 214000, 207500, 1020)],
    "郑州宇辰汽车零部件有限公司": [(1450, 52000, 61000, 59800, 310), (1520, 55500, 66300, 64900, 365)],
    "河南恒达数控机床有限公司": [(680, 31000, 27500, 26900, 180), (720, 33800, 29900, 29100, 210)],
    "郑州华芯电子科技有限公司": [(410, 18600, 15400, 15100, 95), (455, 20300, 17800, 17400, 120)],
    "中原云链物流有限公司": [(520, 12800, 36500, 35200, 60), (560, 13900, 39800, 38600, 75)],
    "郑州优选商贸有限公司": [(95, 1800, 4600, 4500, 12), (102, 1950, 4900, 4800, 15)],
    "郑州嵩山酒店管理有限公司": [(230, 8600, 3100, 2950, 20), (240, 8800, 3300, 3150, 24)],
}

YEARS = {
    2023: dict(planned_funds=Decimal("1200"), source_lead_unit=Decimal("500"), source_government=Decimal("400"),
               source_other_members=Decimal("250"), source_other=Decimal("50"), park_output_value=Decimal("1860")),
    2024: dict(planned_funds=Decimal("1500"), source_lead_unit=Decimal("600"), source_government=Decimal("500"),
               source_other_members=Decimal("320"), source_other=Decimal("80"), park_output_value=Decimal("2015")),
    2025: dict(planned_funds=Decimal("1800"), source_lead_unit=Decimal("700"), source_government=Decimal("600"),
               source_other_members=Decimal("400"), source_other=Decimal("100"), park_output_value=Decimal("2160")),
}

NARRATIVES = {
    "leading_industries": "郑州经济技术开发区以汽车及零部件、智能装备制造为主导产业，集聚整车及关键零部件企业百余家，"
                          "形成从数控机床、工业机器人到智能产线集成的完整链条；现代物流依托国际陆港快速发展。",
    "policies": "郑州市出台支持产教融合型企业建设的若干措施，对接收学生实习实训、设立学徒岗位的企业给予补贴，"
                "经开区设立产教融合专项资金，用于实训基地建设和企业兼职教师津贴。",
}

ACCOUNTS = [
    # username, role, organization
    ("secretariat", "admin", None),
    ("zhongyuan_hr", "enterprise", "中原重工智能装备股份有限公司"),
    ("yuchen_hr", "enterprise", "郑州宇辰汽车零部件有限公司"),
    ("zzzb_jwc", "school", "郑州智能装备职业技术学院"),
    ("zz1zhong", "school", "郑州市第一中等专业学校"),
    ("student_demo", "student", None),
    ("teacher_demo", "teacher", None),
]


def load(password: str):
    """Create the demo consortium; returns it and the (username, role, organization) accounts made."""
    consortium = services.create_consortium(None, bootstrap=True, **CONSORTIUM)
    members = {}
    for name, mtype, role, city, students, sector, joined in MEMBERS:
        member = Member(consortium_id=consortium.id, name=name, type=mtype, role=role, city=city,
                        students=students, sector=sector, joined_date=joined)
        db.session.add(member)
        members[name] = member
    db.session.flush()
    for name, figures in ENTERPRISE_FIGURES.items():
        for year, (employees, assets, sales, revenue, benefit) in zip((2023, 2024), figures):
            db.session.add(EnterpriseYear(
                member_id=members[name].id, year=year, employees=employees, assets=Decimal(assets),
                sales=Decimal(sales), main_revenue=Decimal(revenue), coop_benefit=Decimal(benefit)))
    admin = None
    accounts = []
    for username, role, org in ACCOUNTS:
        user = auth_services.create_user(None, username=username, password=password, role=role,
                                         member=members.get(org), consortium=consortium, bootstrap=True,
                                         display_name={"secretariat": "秘书处", "student_demo": "张同学",
                                                       "teacher_demo": "李老师"}.get(username))
        if role == "admin":
            admin = user
        accounts.append((username, role, org))
    for year, figures in YEARS.items():
        services.save_consortium_year(admin, consortium, year, figures)
    for year in (2023, 2024):
        services.save_narratives(admin, consortium, year, NARRATIVES)
    from . import training

    training.load(consortium, members, admin)
    from . import jobs as demo_jobs

    demo_jobs.load(consortium, members, admin, password)
    from . import teachers as demo_teachers

    demo_teachers.load(consortium, admin)
    from . import stats as demo_stats

    demo_stats.load(consortium, members)
    from . import supervision as demo_supervision

    accounts += demo_supervision.load(consortium, members, admin, password)
    from . import supply as demo_supply

    demo_supply.load(consortium, members, admin)
    from . import book as demo_book

    bureau = demo_book.load(consortium, admin, password)
    if bureau:
        accounts.append(bureau)
    return consortium, accounts
