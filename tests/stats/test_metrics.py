"""Edge cases of every metrics.md key on plain records: year boundaries, open ends, membership, statuses, zero."""
from datetime import date as d
from decimal import Decimal

import pytest

from consortium.figures import book as metrics
from consortium.figures.records import (CertificateRecord, ConsortiumYearRecord, DemandReportRecord, EngagementRecord,
                                        EnterpriseYearRecord, MemberRecord, PlacementRecord, PositionRecord,
                                        PracticeRecord, ProgrammeRecord, RdProjectRecord, ResearchOutputRecord,
                                        ResourceRecord, SessionRecord, StudentRecord, TeacherRecord, YearRecords)

Y = 2024
# 1 school, 1 secondary school that joined in Y, 1 school that left before Y, 2 enterprises (one left in Y),
# 1 enterprise joining after Y.
MEMBERS = [
    MemberRecord(1, "高职A", "higher_vocational", d(2020, 1, 1), students=5000),
    MemberRecord(2, "中职B", "secondary_vocational", d(2024, 12, 31), students=100),
    MemberRecord(3, "中职C", "secondary_vocational", d(2020, 1, 1), d(2023, 12, 31), students=300),
    MemberRecord(4, "企业D", "enterprise", d(2020, 1, 1), sector="industrial"),
    MemberRecord(5, "企业E", "enterprise", d(2020, 1, 1), d(2024, 1, 1), sector="retail"),
    MemberRecord(6, "企业F", "enterprise", d(2025, 1, 1), sector="wholesale"),
    MemberRecord(7, "本科G", "undergraduate", d(2020, 1, 1), students=None),
]


def recs(**kw) -> YearRecords:
    return YearRecords(city="郑州市", members=MEMBERS, **kw)


def value(key, records, year=Y):
    return metrics.metric_for(key).compute(records, year).value


def place(i, kind="internship", status="active", start=d(2024, 1, 1), end=None, school=1, ent=4, student=None):
    return PlacementRecord(i, student or i, school, 100 + i, kind, ent, status, start, end)


def test_members_during_the_year():
    r = recs()
    assert value("members.secondary_vocational.count", r) == 1  # B joined 31 Dec Y; C left 31 Dec Y-1
    assert value("members.secondary_vocational.names", r) == ["中职B"]
    assert value("members.secondary_vocational.students", r) == 100
    assert value("members.enterprise.count", r) == 2  # E left 1 Jan Y still counts; F joins after Y
    assert value("members.enterprise.students", r) is None  # not a school
    assert value("members.undergraduate.students", r) is None  # a member, but no figure entered: not guessed
    assert value("members.research.count", r) == 0 and value("members.research.names", r) == []
    assert value("members.secondary_vocational.count", r, 2023) == 1  # only C in 2023
    for t in ("government", "other"):
        assert value(f"members.{t}.count", r) == 0


def test_funding_and_park_are_entered_per_year():
    r = recs(consortium_years=[ConsortiumYearRecord(1, 2024, Decimal("1500"), Decimal("600"), None, None, None,
                                                    Decimal("12.5")),
                               ConsortiumYearRecord(2, 2021, Decimal("900"))])
    figures = metrics.compute(r, Y)
    assert [k for k in figures if k.endswith(".planned")] == [f"funding.{y}.planned" for y in (2021, 2024, 2025, 2026)]
    assert figures["funding.2024.planned"].value == Decimal("1500")
    assert figures["funding.2024.planned"].record_refs == [("consortium_year", 1)]
    assert figures["funding.2025.planned"].value is None
    assert figures["funding.2024.source.lead_unit"].value == Decimal("600")
    assert figures["funding.2024.source.government"].value is None
    assert figures["park.output_value"].value == Decimal("12.5")
    assert value("park.output_value", recs()) is None


@pytest.mark.parametrize("key,kind", [("cobuilt.majors", "major"), ("cobuilt.courses", "course"),
                                      ("cobuilt.textbooks", "textbook"), ("cobuilt.training_bases", "training_base"),
                                      ("cobuilt.industry_colleges", "industry_college"),
                                      ("service.tech_platforms", "tech_platform"),
                                      ("service.master_studios", "master_studio")])
def test_stock_counts(key, kind):
    r = recs(resources=[
        ResourceRecord(1, kind, d(2024, 12, 31), partner_ids=(1,)),            # established on the last day
        ResourceRecord(2, kind, d(2020, 1, 1), d(2024, 1, 1), partner_ids=(4,)),  # closed on the first day
        ResourceRecord(3, kind, d(2025, 1, 1), partner_ids=(1,)),               # after Y
        ResourceRecord(4, kind, d(2020, 1, 1), d(2023, 12, 31), partner_ids=(1,)),  # closed before Y
        ResourceRecord(5, kind, d(2020, 1, 1), partner_ids=(3, 6)),             # no member partner in Y
        ResourceRecord(6, "other", d(2020, 1, 1), partner_ids=(1,)),
    ])
    figure = metrics.metric_for(key).compute(r, Y)
    assert figure.value == 2 and figure.record_refs == [("resource", 1), ("resource", 2)]


def test_teacher_figures_reuse_the_teachers_module():
    r = recs(engagements=[EngagementRecord(1, 10, 4, 1, d(2024, 1, 1), None, Decimal("8")),   # enterprise → school
                          EngagementRecord(2, 10, 4, 1, d(2023, 12, 31), None, Decimal("9")),  # started before Y
                          EngagementRecord(3, 11, 1, 2, d(2024, 12, 31), None, Decimal("5")),  # school → other school
                          EngagementRecord(4, 11, 1, 1, d(2024, 5, 1), None, Decimal("7")),    # own school
                          EngagementRecord(5, 12, 3, 1, d(2024, 5, 1), None, Decimal("7"))],   # employer left
             practice=[PracticeRecord(1, 11, 1, 4, "teacher_practice", "active", d(2024, 12, 2)),  # open: 30 days
                       PracticeRecord(2, 11, 1, 4, "teacher_practice", "withdrawn", d(2024, 1, 1)),
                       PracticeRecord(3, 11, 1, 4, "teacher_practice", "completed", d(2023, 1, 1), d(2024, 1, 15))],
             teachers=[TeacherRecord(11, 1, True), TeacherRecord(12, 3, True), TeacherRecord(10, 4, True),
                       TeacherRecord(13, 1, False)])
    assert value("teachers.enterprise_part_time.person_times", r) == 1
    assert value("teachers.enterprise_part_time.class_hours", r) == Decimal("8")
    assert value("teachers.inter_school_part_time.person_times", r) == 1
    assert value("teachers.inter_school_part_time.class_hours", r) == Decimal("5")
    assert value("teachers.enterprise_practice.person_months", r) == Decimal("1.5")  # (30 + 15) / 30
    assert value("teachers.dual_qualified.count", r) == 1
    refs = metrics.metric_for("teachers.enterprise_practice.person_months").compute(r, Y).record_refs
    assert refs == [("placement", 1), ("placement", 3)]


@pytest.mark.parametrize("key,kind", [("joint.apprenticeship.students", "apprenticeship"),
                                      ("joint.field_engineer.students", "field_engineer")])
def test_joint_students_are_distinct_and_counted(key, kind):
    r = recs(placements=[place(1, kind, student=50), place(2, kind, student=50, start=d(2024, 12, 31)),  # same student
                         place(3, kind, start=d(2023, 1, 1), end=d(2024, 1, 1)),       # ends on 1 Jan
                         place(4, kind, start=d(2023, 1, 1), end=d(2023, 12, 31)),     # ends before Y
                         place(5, kind, status="proposed"), place(6, kind, status="rejected"),
                         place(7, kind, school=3), place(8, kind, ent=6), place(9, "internship")])
    figure = metrics.metric_for(key).compute(r, Y)
    assert figure.value == 2
    assert figure.record_refs == [("placement", 1), ("placement", 2), ("placement", 3)]


def test_joint_other_students():
    r = recs(programmes=[ProgrammeRecord(1, 1, 4, d(2024, 12, 31), None, (1, 2)),
                         ProgrammeRecord(2, 1, 4, d(2020, 1, 1), d(2024, 1, 1), (2, 3)),
                         ProgrammeRecord(3, 1, 4, d(2020, 1, 1), d(2023, 12, 31), (4,)),
                         ProgrammeRecord(4, 1, 6, d(2024, 1, 1), None, (5,))])
    assert value("joint.other.students", r) == 3


def test_demand_reports_published():
    r = recs(demand_reports=[DemandReportRecord(1, d(2024, 1, 1)), DemandReportRecord(2, d(2024, 12, 31)),
                             DemandReportRecord(3, d(2023, 12, 31)), DemandReportRecord(4, None)])
    assert value("demand_reports.published", r) == 2


def test_apprenticeship_post_ratio():
    positions = [PositionRecord(1, 4, "apprenticeship", 15, d(2024, 12, 31)),
                 PositionRecord(2, 4, "apprenticeship", 50, d(2024, 1, 1), status="draft"),
                 PositionRecord(3, 6, "apprenticeship", 50, d(2024, 1, 1)),
                 PositionRecord(4, 4, "apprenticeship", 50, d(2023, 1, 1), d(2023, 12, 31)),
                 PositionRecord(5, 4, "internship", 50, d(2024, 1, 1))]
    years = [EnterpriseYearRecord(1, 4, 2024, employees=1000), EnterpriseYearRecord(2, 5, 2024, employees=500),
             EnterpriseYearRecord(3, 6, 2024, employees=9000)]
    assert value("apprenticeship.post_ratio_pct", recs(positions=positions, enterprise_years=years)) == Decimal("1.0")
    assert value("apprenticeship.post_ratio_pct", recs(positions=positions)) is None  # no employees entered
    zero = [EnterpriseYearRecord(1, 4, 2024, employees=0)]
    assert value("apprenticeship.post_ratio_pct", recs(positions=positions, enterprise_years=zero)) is None


def test_internship_person_months_rounded_at_the_end():
    r = recs(placements=[place(1, "internship", start=d(2024, 12, 31)),                     # 1 day, open end
                         place(2, "apprenticeship", start=d(2023, 6, 1), end=d(2024, 1, 1)),  # 1 day
                         place(3, "field_engineer", start=d(2024, 12, 31), end=d(2025, 3, 1)),  # 1 day
                         place(4, "internship", status="withdrawn"),
                         place(5, "teacher_practice"), place(6, "internship", ent=6)])
    assert value("internship.person_months", r) == Decimal("0.1")  # 3/30 = 0.1, not 3 × round(1/30)=0
    assert value("internship.person_months", recs()) == Decimal("0.0")


@pytest.mark.parametrize("key,pathway", [("pathway.secondary_higher.students", "secondary_higher"),
                                         ("pathway.secondary_higher_undergrad.students", "secondary_higher_undergrad")])
def test_pathway_students_enrolled_in_the_year(key, pathway):
    r = recs(students=[StudentRecord(1, 1, 2024, None, pathway), StudentRecord(2, 1, 2021, 2024, pathway),
                       StudentRecord(3, 1, 2020, 2023, pathway), StudentRecord(4, 1, 2025, None, pathway),
                       StudentRecord(5, 3, 2022, None, pathway), StudentRecord(6, 1, None, None, pathway),
                       StudentRecord(7, 1, 2024, None, "none")])
    assert value(key, r) == 2


def test_undergrad_admissions():
    r = recs(students=[StudentRecord(1, 7, 2024, admission_route="vocational_graduate"),
                       StudentRecord(2, 7, 2024, admission_route="frontline_employee"),
                       StudentRecord(3, 7, 2023, admission_route="vocational_graduate"),
                       StudentRecord(4, 7, 2024, admission_route="regular"),
                       StudentRecord(5, 1, 2024, admission_route="vocational_graduate")])
    assert value("pathway.undergrad_admissions", r) == 2


def _grads(*rows):
    return recs(students=[StudentRecord(i, school, 2021, year, outcome=outcome, outcome_city=city)
                          for i, (school, year, outcome, city) in enumerate(rows, 1)])


def test_exam_progression_pct():
    r = _grads((1, 2024, "further_study_exam", None), (2, 2024, "employed", None), (7, 2024, "further_study_exam", None),
               (1, 2023, "further_study_exam", None), (3, 2024, "further_study_exam", None))
    assert value("pathway.exam_progression_pct", r) == Decimal("50.0")
    assert value("pathway.exam_progression_pct", _grads((7, 2024, "further_study_exam", None))) is None


def test_employment_rate_pct():
    r = _grads((1, 2024, "employed", None), (1, 2024, "self_employed", None), (7, 2024, "further_study", None),
               (2, 2024, "further_study_exam", None), (1, 2024, "unemployed", None), (1, 2024, None, None),
               (3, 2024, "employed", None), (1, 2025, "employed", None))
    assert value("employment.rate_pct", r) == Decimal("66.7")
    assert value("employment.rate_pct", recs()) is None


def test_employment_local_rate_normalises_the_city():
    r = _grads((1, 2024, "employed", "郑州"), (1, 2024, "self_employed", "郑州市"), (1, 2024, "employed", "洛阳市"),
               (1, 2024, "employed", None), (1, 2024, "further_study", "郑州市"))
    assert value("employment.local_rate_pct", r) == Decimal("50.0")
    assert value("employment.local_rate_pct", _grads((1, 2024, "further_study", "郑州"))) is None
    assert metrics.normalise_city("河南省郑州市") == metrics.normalise_city(" 郑州 ") == "郑州"


def test_rd_conversion_and_funds():
    r = recs(rd_projects=[RdProjectRecord(1, 1, 4, d(2024, 12, 31), True, Decimal("10"), 2024),
                          RdProjectRecord(2, 1, 4, d(2024, 1, 1), False, Decimal("2.5"), 2024),
                          RdProjectRecord(3, 1, 6, d(2024, 6, 1), True, Decimal("99"), 2024),
                          RdProjectRecord(4, 1, 4, d(2023, 12, 31), True, Decimal("99"), 2023),
                          RdProjectRecord(5, 1, 4, None, False, Decimal("1"), 2024),
                          RdProjectRecord(6, None, 4, d(2024, 6, 1), True, Decimal("99"), 2024)])
    assert value("service.rd_conversion_pct", r) == Decimal("50.0")
    assert value("service.rd_funds_wan", r) == Decimal("13.5")
    assert value("service.rd_conversion_pct", recs()) is None


def test_research_outputs():
    r = recs(research_outputs=[ResearchOutputRecord(1, "award", d(2024, 1, 1), (1,)),
                               ResearchOutputRecord(2, "standard", d(2024, 12, 31), (6, 4)),
                               ResearchOutputRecord(3, "award", d(2025, 1, 1), (1,)),
                               ResearchOutputRecord(4, "award", d(2024, 5, 1), (6,))])
    assert value("service.research_outputs", r) == 2


def test_training_figures_reuse_the_training_module():
    sessions = [SessionRecord(1, "pre_job", "enterprise_employees", 1, d(2024, 12, 30), d(2024, 12, 31), None, 10),
                SessionRecord(2, "pre_job", "enterprise_employees", 1, d(2024, 12, 31), d(2025, 1, 1), None, 10),
                SessionRecord(3, "job_transfer", "migrant_workers", 1, d(2023, 12, 31), d(2024, 1, 1), Decimal("0.5"), 4),
                SessionRecord(4, "skill_upgrade", "veterans", 6, d(2024, 3, 1), d(2024, 3, 1), None, 50),
                SessionRecord(5, "continuing_education", "laid_off", 1, d(2024, 3, 1), d(2024, 3, 1), None, 50, 3),
                SessionRecord(6, "certification", "students", 1, d(2024, 3, 1), d(2024, 3, 2), None, 5)]
    certs = [CertificateRecord(1, d(2024, 1, 1), 1), CertificateRecord(2, d(2024, 12, 31), None, 6),
             CertificateRecord(3, d(2025, 1, 1), 1), CertificateRecord(4, d(2024, 5, 1), 6)]
    r = recs(sessions=sessions, certificates=certs)
    assert value("training.enterprise_employees.person_days", r) == 20
    assert value("training.special_groups.person_days", r) == Decimal("5.0")  # 4 × 0.5 + roster 3 × 1
    assert value("training.by_kind.pre_job.person_days", r) == 20
    assert value("training.by_kind.job_transfer.person_days", r) == 2
    assert value("training.by_kind.skill_upgrade.person_days", r) == 0  # provider joins after Y
    assert value("training.by_kind.continuing_education.person_days", r) == 3
    assert value("training.by_kind.certification.person_days", r) == 10
    assert value("service.skill_certifications", r) == 2


def test_enterprise_sums_and_sector_lines():
    years = [EnterpriseYearRecord(1, 4, 2024, 100, Decimal("5"), Decimal("1999"), Decimal("2000"), Decimal("1")),
             EnterpriseYearRecord(2, 5, 2024, None, Decimal("6"), Decimal("500"), None, None),
             EnterpriseYearRecord(3, 6, 2024, 999, Decimal("999"), Decimal("9999"), Decimal("9999"), Decimal("9")),
             EnterpriseYearRecord(4, 4, 2023, 999, Decimal("999"), Decimal("9999"), Decimal("9999"), Decimal("9"))]
    r = recs(enterprise_years=years)
    assert value("enterprises.employees", r) == 100
    assert value("enterprises.assets_wan", r) == Decimal("11")
    assert value("enterprises.sales_wan", r) == Decimal("2499")
    assert value("enterprises.coop_benefit_wan", r) == Decimal("1")
    assert value("enterprises.above_scale", r) == 1  # industrial, main revenue exactly 2000
    assert value("enterprises.above_quota", r) == 1  # retail, sales exactly 500; wholesale F not a member
    for key in ("enterprises.employees", "enterprises.above_scale", "enterprises.above_quota"):
        assert value(key, recs()) is None  # enterprises, but nothing entered: never 0


@pytest.mark.parametrize("sector,attr,line", [("wholesale", "sales", "2000"), ("lodging", "main_revenue", "200"),
                                              ("catering", "main_revenue", "200")])
def test_quota_lines(sector, attr, line):
    members = [MemberRecord(1, "X", "enterprise", d(2020, 1, 1), sector=sector)]
    just = EnterpriseYearRecord(1, 1, Y, **{attr: Decimal(line)})
    below = EnterpriseYearRecord(1, 1, Y, **{attr: Decimal(line) - Decimal("0.01")})
    assert value("enterprises.above_quota", YearRecords(members=members, enterprise_years=[just])) == 1
    assert value("enterprises.above_quota", YearRecords(members=members, enterprise_years=[below])) == 0


def test_every_key_of_the_registry_is_tested_here():
    import inspect
    import sys

    source = inspect.getsource(sys.modules[__name__])
    for m in metrics.registry(Y):
        if m.key.startswith(("members.", "funding.")):
            continue  # members.* and funding.* tested together above
        assert f'"{m.key}"' in source, m.key


def test_registry_is_in_the_books_order_with_labels_units_and_definitions():
    keys = [m.key for m in metrics.registry(Y)]
    assert keys[0] == "members.secondary_vocational.count" and keys[-1] == "enterprises.above_quota"
    assert keys.index("cobuilt.majors") < keys.index("teachers.enterprise_part_time.person_times") \
        < keys.index("joint.apprenticeship.students") < keys.index("service.tech_platforms") \
        < keys.index("enterprises.employees")
    for m in metrics.registry(Y):
        assert m.label and m.definition and f"`{m.key.split('.')[0]}" in m.definition or m.key.startswith("funding"), m.key
    assert metrics.pct(1, 0) is None and metrics.pct(1, 3) == Decimal("33.3")
