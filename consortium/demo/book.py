"""Demo book: its years (2023 actual, 2024–2026 committed), recommending unit, commitments, the 2026 funds,
the remaining narratives and a signed clean-record declaration."""
from datetime import date
from decimal import Decimal

from ..book import review
from ..book import services as book_services
from ..members import services as member_services

SETTINGS = {"base_year": 2023, "first_committed_year": 2024, "last_committed_year": 2026,
            "recommending_unit": "郑州市教育局", "filler_name": "王晓燕", "filler_contact": "0371-6678 0002"}

# key → committed value for 2024, 2025, 2026
COMMITMENTS = {
    "cobuilt.majors": (5, 7, 9), "cobuilt.courses": (6, 9, 12), "cobuilt.textbooks": (2, 4, 6),
    "cobuilt.training_bases": (2, 3, 4), "cobuilt.industry_colleges": (2, 3, 3),
    "teachers.enterprise_part_time.person_times": (20, 30, 40),
    "teachers.enterprise_part_time.class_hours": (600, 900, 1200),
    "teachers.inter_school_part_time.person_times": (6, 10, 12),
    "teachers.inter_school_part_time.class_hours": (180, 300, 360),
    "teachers.enterprise_practice.person_months": (12, 18, 24),
    "joint.apprenticeship.students": (20, 40, 60), "joint.field_engineer.students": (10, 20, 30),
    "joint.other.students": (40, 60, 80), "demand_reports.published": (1, 2, 2),
    "apprenticeship.post_ratio_pct": (Decimal("0.5"), Decimal("0.8"), 1),
    "internship.person_months": (60, 120, 180), "employment.rate_pct": (95, 96, 97),
    "service.tech_platforms": (1, 2, 2), "service.research_outputs": (4, 6, 8),
    "service.skill_certifications": (150, 300, 450), "service.master_studios": (2, 2, 3),
    "training.enterprise_employees.person_days": (1500, 2500, 3500),
    "training.special_groups.person_days": (300, 500, 800),
    "enterprises.employees": (6600, 7000, 7400), "enterprises.coop_benefit_wan": (1600, 2000, 2400),
}

NARRATIVES = {
    "teacher_awards": "联合体牵头学校智能制造专业教学团队获国家级职业教育教师教学创新团队立项。",
    "info_platform": "建成联合体人才供需信息平台，汇聚成员企业岗位需求与学校专业数据，按季度发布专业预警。",
    "new_methods": "企业工程师参与课程标准修订，将工业机器人离线编程、数字孪生调试等新技术引入实训教学。",
    "skills_contests": "学生在全国职业院校技能大赛工业机器人技术应用赛项获二等奖 1 项。",
    "features": "以郑州经开区智能装备产业链为依托，校企共建产业学院和共性技术服务平台，形成“园区+学校+企业”实体化运行机制。",
    "plan": "到 2026 年，共建专业 9 个、产业学院 3 个，年均为园区企业培训员工 3500 人日。",
}


def load(consortium, admin, password: str | None = None):
    """The book's demo data; with a password, also the city's recommending unit, returned as an account row."""
    book_services.save_settings(admin, consortium, SETTINGS)
    member_services.save_consortium_year(admin, consortium, 2026, {
        "planned_funds": Decimal("2000"), "source_lead_unit": Decimal("800"), "source_government": Decimal("650"),
        "source_other_members": Decimal("450"), "source_other": Decimal("100")})
    values = {}
    for key, figures in COMMITMENTS.items():
        for year, value in zip((2024, 2025, 2026), figures):
            values[(year, key)] = str(value)
    book_services.save_commitments(admin, consortium, values)
    member_services.save_narratives(admin, consortium, 2024, NARRATIVES)
    member_services.save_narratives(admin, consortium, 2023, {k: NARRATIVES[k] for k in ("info_platform", "new_methods")})
    book_services.sign_declaration(admin, consortium, {"signed_by": "李建国", "signed_on": date(2025, 6, 30)})
    if password is None:
        return None
    review.create_bureau(None, username="zz_bureau", password=password, city=consortium.city,
                         unit_name=SETTINGS["recommending_unit"], bootstrap=True)
    return ("zz_bureau", "bureau", SETTINGS["recommending_unit"])
