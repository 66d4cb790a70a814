"""The golden scenario for the book's figures of 2024: records just inside and outside every rule.

Hand-computed expectations live in test_golden.py next to each figure.
"""
from datetime import date
from decimal import Decimal

from consortium.extensions import db
from consortium.jobs.models import Placement, Programme
from consortium.members.models import ConsortiumYear, EnterpriseYear, Narrative
from consortium.records.models import DemandReport, RdProject, ResearchOutput, Resource
from consortium.teachers.models import Engagement
from consortium.training.models import Certificate, RosterEntry, TrainingSession

from .. import factories as f

YEAR = 2024
FEATURES_TEXT = "特" * 2001  # one character over the 2000 limit: flagged, never cut


def build():
    """The scenario's consortium (committed by the caller); returns a namespace of its records."""
    c = f.make_consortium(name="黄金测试联合体", city="郑州市", park_name="郑州经开区")
    m = {}
    m["S1"] = f.make_member(c, name="郑州高职学院", type="higher_vocational", students=5000,
                            role="lead_school", joined_date=date(2020, 1, 1))
    m["S2"] = f.make_member(c, name="中牟中职学校", type="secondary_vocational", students=2000,
                            joined_date=date(2024, 6, 1))  # joined in Y: a member
    m["S3"] = f.make_member(c, name="已退出中职学校", type="secondary_vocational", students=800,
                            joined_date=date(2020, 1, 1), left_date=date(2023, 12, 31))  # left before Y
    m["U1"] = f.make_member(c, name="中原大学", type="undergraduate", students=20000, joined_date=date(2020, 1, 1))
    m["E1"] = f.make_member(c, name="甲装备股份有限公司", type="enterprise", sector="industrial",
                            role="lead_enterprise", joined_date=date(2020, 1, 1))
    m["E2"] = f.make_member(c, name="乙商贸有限公司", type="enterprise", sector="retail",
                            joined_date=date(2020, 1, 1), left_date=date(2024, 3, 31))  # left in Y: a member
    m["E3"] = f.make_member(c, name="丙物流有限公司", type="enterprise", sector="wholesale",
                            joined_date=date(2025, 1, 1))  # joins after Y
    m["G1"] = f.make_member(c, name="郑州经开区管委会", type="government", joined_date=date(2020, 1, 1))

    db.session.add_all([
        ConsortiumYear(consortium_id=c.id, year=2023, planned_funds=Decimal("1200")),
        ConsortiumYear(consortium_id=c.id, year=2024, planned_funds=Decimal("1500"), source_lead_unit=Decimal("600"),
                       source_government=Decimal("500"), source_other_members=Decimal("300"),
                       source_other=Decimal("100"), park_output_value=Decimal("2015.50")),
        ConsortiumYear(consortium_id=c.id, year=2025, planned_funds=Decimal("1800")),
        EnterpriseYear(member_id=m["E1"].id, year=2024, employees=1000, assets=Decimal("50000"), sales=Decimal("30000"),
                       main_revenue=Decimal("25000"), coop_benefit=Decimal("300")),
        EnterpriseYear(member_id=m["E2"].id, year=2024, employees=200, assets=Decimal("1000"), sales=Decimal("600"),
                       main_revenue=Decimal("600"), coop_benefit=Decimal("20")),
        EnterpriseYear(member_id=m["E3"].id, year=2024, employees=500, assets=Decimal("9000"), sales=Decimal("9000"),
                       main_revenue=Decimal("9000"), coop_benefit=Decimal("90")),
        Narrative(consortium_id=c.id, year=2024, key="features", text=FEATURES_TEXT),
        Narrative(consortium_id=c.id, year=2024, key="plan", text="建设规划：三年建成区域产教融合示范。"),
    ])

    p = {}
    p["P1"] = f.make_position(m["E1"], kind="apprenticeship", slots=12, start_date=date(2024, 3, 1),
                              end_date=date(2024, 12, 31))
    p["P2"] = f.make_position(m["E1"], kind="field_engineer", slots=5, start_date=date(2024, 9, 1),
                              end_date=date(2025, 6, 30))
    p["P3"] = f.make_position(m["E2"], kind="internship", slots=10, start_date=date(2024, 1, 1),
                              end_date=date(2024, 2, 29))
    p["P4"] = f.make_position(m["E1"], kind="apprenticeship", slots=6, status="draft", start_date=date(2024, 1, 1),
                              end_date=date(2024, 12, 31))
    p["P5"] = f.make_position(m["E3"], kind="apprenticeship", slots=100, start_date=date(2024, 1, 1),
                              end_date=date(2024, 12, 31))

    s = {}

    def student(key, school, **kw):
        s[key] = f.make_student(m[school], name=key, **kw)
        return s[key]

    def place(key, position, status, start, end=None):
        pl = Placement(position_id=p[position].id, student_id=s[key].id, status=status, start_date=start,
                       end_date=end, source="record")
        db.session.add(pl)
        db.session.flush()
        return pl

    for key, school in [("st1", "S1"), ("st2", "S1"), ("st3", "S1"), ("st4", "S3"), ("st5", "S2"), ("st6", "S1"),
                        ("st7", "S1"), ("st8", "S1")]:
        student(key, school, enrol_year=2023)
    place("st1", "P1", "active", date(2024, 3, 1))                         # open end: 306 days
    place("st2", "P1", "completed", date(2023, 9, 1), date(2024, 1, 10))   # 10 days inside Y
    place("st3", "P1", "withdrawn", date(2024, 3, 1), date(2024, 6, 30))   # excluded status
    place("st4", "P1", "accepted", date(2024, 3, 1), date(2024, 6, 30))    # school left before Y
    place("st5", "P2", "accepted", date(2024, 9, 1), date(2025, 6, 30))    # 122 days inside Y
    place("st6", "P3", "completed", date(2024, 1, 1), date(2024, 2, 29))   # 60 days (leap year)
    place("st7", "P3", "proposed", date(2024, 1, 1), date(2024, 2, 29))    # excluded status
    place("st8", "P1", "completed", date(2023, 3, 1), date(2023, 12, 31))  # ends just before Y

    student("st9", "S1", enrol_year=2022, graduation_year=2025, pathway="secondary_higher")
    student("st10", "S1", enrol_year=2020, graduation_year=2023, pathway="secondary_higher")  # graduated before Y
    student("st11", "S2", enrol_year=2025, pathway="secondary_higher")  # enrols after Y
    student("st12", "S1", enrol_year=2024, pathway="secondary_higher_undergrad")
    pr1 = Programme(consortium_id=c.id, name="甲装备订单班", school_id=m["S1"].id, enterprise_id=m["E1"].id,
                    start_date=date(2024, 9, 1))
    pr1.students = [s["st1"], s["st6"], s["st9"]]
    pr2 = Programme(consortium_id=c.id, name="丙物流冠名班", school_id=m["S1"].id, enterprise_id=m["E3"].id,
                    start_date=date(2024, 9, 1))
    pr2.students = [s["st10"]]
    pr3 = Programme(consortium_id=c.id, name="旧订单班", school_id=m["S1"].id, enterprise_id=m["E1"].id,
                    start_date=date(2021, 9, 1), end_date=date(2023, 12, 31))
    pr3.students = [s["st12"]]
    db.session.add_all([pr1, pr2, pr3])

    student("u1", "U1", enrol_year=2024, admission_route="vocational_graduate")
    student("u2", "U1", enrol_year=2024, admission_route="frontline_employee")
    student("u3", "U1", enrol_year=2023, admission_route="vocational_graduate")
    student("u4", "U1", enrol_year=2024, admission_route="regular")
    student("st13", "S1", enrol_year=2024, admission_route="vocational_graduate")

    student("g1", "S1", enrol_year=2021, graduation_year=2024, outcome="employed", outcome_city="郑州")
    student("g2", "S1", enrol_year=2021, graduation_year=2024, outcome="self_employed", outcome_city="郑州市")
    student("g3", "S2", enrol_year=2021, graduation_year=2024, outcome="employed", outcome_city="洛阳市")
    student("g4", "S1", enrol_year=2021, graduation_year=2024, outcome="further_study_exam")
    student("g5", "S1", enrol_year=2021, graduation_year=2024, outcome="unemployed")
    student("g6", "U1", enrol_year=2020, graduation_year=2024, outcome="further_study")
    student("g7", "S3", enrol_year=2021, graduation_year=2024, outcome="employed", outcome_city="郑州市")
    student("g8", "S1", enrol_year=2020, graduation_year=2023, outcome="employed", outcome_city="郑州市")

    t = {}
    t["T1"] = f.make_teacher(m["E1"], name="企业导师T1", dual_qualified=True)
    t["T2"] = f.make_teacher(m["S1"], name="教师T2", dual_qualified=True)
    t["T3"] = f.make_teacher(m["S1"], name="教师T3", dual_qualified=True)
    t["T4"] = f.make_teacher(m["S3"], name="教师T4", dual_qualified=True)
    t["T5"] = f.make_teacher(m["S1"], name="教师T5", dual_qualified=False)
    db.session.add_all([
        Engagement(consortium_id=c.id, teacher_id=t["T1"].id, host_id=m["S1"].id, course="数控编程",
                   start_date=date(2024, 3, 1), end_date=date(2024, 6, 30), class_hours=Decimal("40")),
        Engagement(consortium_id=c.id, teacher_id=t["T1"].id, host_id=m["S1"].id, course="数控编程",
                   start_date=date(2023, 12, 31), class_hours=Decimal("10")),  # started before Y
        Engagement(consortium_id=c.id, teacher_id=t["T2"].id, host_id=m["S2"].id, course="电工基础",
                   start_date=date(2024, 1, 1), class_hours=Decimal("32")),
        Engagement(consortium_id=c.id, teacher_id=t["T2"].id, host_id=m["S1"].id, course="电工基础",
                   start_date=date(2024, 5, 1), class_hours=Decimal("20")),  # own school
    ])
    f.make_practice(t["T3"], m["E1"], start_date=date(2024, 7, 1), end_date=date(2024, 8, 30))  # 61 days
    f.make_practice(t["T2"], m["E1"], start_date=date(2024, 12, 1), status="accepted")  # open end: 31 days
    f.make_practice(t["T5"], m["E1"], start_date=date(2024, 3, 1), end_date=date(2024, 5, 31),
                    status="withdrawn")  # excluded status

    def session(code, **kw):
        ts = TrainingSession(consortium_id=c.id, code=code, title=code, **kw)
        db.session.add(ts)
        db.session.flush()
        return ts

    ts1 = session("TS1", kind="pre_job", audience="enterprise_employees", provider_id=m["S1"].id,
                  start_date=date(2024, 3, 1), end_date=date(2024, 3, 3), participants=20)
    session("TS2", kind="skill_upgrade", audience="migrant_workers", provider_id=m["S1"].id,
            start_date=date(2024, 12, 30), end_date=date(2025, 1, 2), days=Decimal("2"), participants=10)
    ts3 = session("TS3", kind="certification", audience="veterans", provider_id=m["S1"].id,
                  start_date=date(2023, 12, 28), end_date=date(2024, 1, 2), days=Decimal("4.5"), participants=10)
    session("TS4", kind="job_transfer", audience="enterprise_employees", provider_id=m["E3"].id,
            start_date=date(2024, 5, 1), end_date=date(2024, 5, 2), participants=100)
    ts5 = session("TS5", kind="continuing_education", audience="laid_off", provider_id=m["S1"].id,
                  start_date=date(2024, 6, 1), end_date=date(2024, 6, 1), days=Decimal("1"), participants=8)
    db.session.add_all([RosterEntry(session_id=ts5.id, name=f"学员{i}", status="completed") for i in range(3)]
                       + [RosterEntry(session_id=ts5.id, name="学员X", status="not_completed")])
    db.session.add_all([
        Certificate(consortium_id=c.id, certificate_no="C1", holder_name="甲", name="电工", level=4,
                    issued_date=date(2024, 5, 1), issuer_id=m["S1"].id),
        Certificate(consortium_id=c.id, certificate_no="C2", holder_name="乙", name="电工", level=4,
                    issued_date=date(2024, 2, 1), session_id=ts3.id),
        Certificate(consortium_id=c.id, certificate_no="C3", holder_name="丙", name="电工", level=4,
                    issued_date=date(2025, 1, 1), issuer_id=m["S1"].id),
        Certificate(consortium_id=c.id, certificate_no="C4", holder_name="丁", name="电工", level=4,
                    issued_date=date(2024, 6, 1), issuer_id=m["E3"].id),
    ])

    def resource(name, kind, est, closed=None, partners=()):
        r = Resource(consortium_id=c.id, name=name, kind=kind, established_date=est, closed_date=closed)
        r.partners = [m[k] for k in partners]
        db.session.add(r)
        return r

    resource("R1 机电一体化专业", "major", date(2022, 9, 1), partners=("S1",))
    resource("R2 新专业", "major", date(2025, 1, 1), partners=("S1",))
    resource("R3 停办专业", "major", date(2020, 9, 1), date(2023, 12, 31), partners=("S1",))
    resource("R4 课程", "course", date(2024, 12, 31), partners=("E1",))
    resource("R5 旧课程", "course", date(2020, 9, 1), date(2024, 1, 1), partners=("S1",))
    resource("R6 教材", "textbook", date(2022, 9, 1), partners=("S3",))
    resource("R7 实训基地", "training_base", date(2022, 9, 1), partners=("S3", "E1"))
    resource("R8 产业学院", "industry_college", date(2023, 9, 1), partners=("S1", "E1"))
    resource("R9 技术服务平台", "tech_platform", date(2023, 1, 1), partners=("E1",))
    resource("R10 大师工作室", "master_studio", date(2021, 1, 1), partners=("S1",))
    resource("R11 新工作室", "master_studio", date(2025, 1, 1), partners=("S1",))

    def rd(code, school, enterprise, completed=None, converted=False, funds=None, funds_year=None):
        db.session.add(RdProject(consortium_id=c.id, code=code, title=code, school_id=m[school].id,
                                 enterprise_id=m[enterprise].id, completed_date=completed, converted=converted,
                                 funds_received=funds, funds_year=funds_year))

    rd("RD1", "S1", "E1", date(2024, 6, 30), True, Decimal("50"), 2024)
    rd("RD2", "S1", "E1", date(2024, 11, 1), False, Decimal("30.5"), 2024)
    rd("RD3", "S1", "E3", date(2024, 5, 1), True, Decimal("100"), 2024)  # enterprise not a member in Y
    rd("RD4", "S1", "E1", date(2023, 12, 31), True, Decimal("20"), 2023)
    rd("RD5", "S1", "E1", None, False, Decimal("10"), 2024)

    def output(title, kind, day, members):
        o = ResearchOutput(consortium_id=c.id, title=title, kind=kind, date=day)
        o.members = [m[k] for k in members]
        db.session.add(o)

    output("O1 专利", "invention_patent", date(2024, 1, 1), ("S1",))
    output("O2 奖励", "award", date(2024, 12, 31), ("E1", "E3"))
    output("O3 专利", "utility_model", date(2025, 1, 1), ("S1",))
    output("O4 标准", "standard", date(2024, 6, 1), ("E3",))
    db.session.add_all([
        DemandReport(consortium_id=c.id, title="D1", published_date=date(2024, 12, 31)),
        DemandReport(consortium_id=c.id, title="D2 草稿", published_date=None),
        DemandReport(consortium_id=c.id, title="D3", published_date=date(2023, 12, 31)),
    ])
    db.session.flush()
    return c, m, s, t
