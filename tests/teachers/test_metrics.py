"""The teachers.* figures of metrics.md on the edge cases the definitions name (pure: no app, no database)."""
from datetime import date
from decimal import Decimal

from consortium.figures import core
from consortium.figures import teachers as m
from consortium.figures.records import EngagementRecord as E
from consortium.figures.records import MemberRecord
from consortium.figures.records import PracticeRecord as P
from consortium.figures.records import TeacherRecord as T
from consortium.figures.records import YearRecords


def M(id, type, joined_date, left_date=None):
    return MemberRecord(id, f"member {id}", type, joined_date, left_date)

SCHOOL_A = M(1, "higher_vocational", date(2023, 1, 1))
SCHOOL_B = M(2, "secondary_vocational", date(2023, 1, 1))
ENTERPRISE = M(3, "enterprise", date(2023, 1, 1))
LATE_SCHOOL = M(4, "higher_vocational", date(2024, 9, 1))  # joined later
LEFT_ENTERPRISE = M(5, "enterprise", date(2023, 1, 1), left_date=date(2023, 6, 30))
RESEARCH = M(6, "research", date(2023, 1, 1))
MEMBERS = [SCHOOL_A, SCHOOL_B, ENTERPRISE, LATE_SCHOOL, LEFT_ENTERPRISE, RESEARCH]


def figure(fn, year, engagements=(), practice=(), teachers=()):
    """(value, record ids) of a figure over these records."""
    f = fn(YearRecords(members=MEMBERS, engagements=list(engagements), practice=list(practice),
                       teachers=list(teachers)), year)
    return f.value, f.record_ids


def test_classification():
    assert m.engagement_kind("enterprise", "higher_vocational", 3, 1) == m.ENTERPRISE_PART_TIME
    assert m.engagement_kind("higher_vocational", "secondary_vocational", 1, 2) == m.INTER_SCHOOL_PART_TIME
    assert m.engagement_kind("higher_vocational", "higher_vocational", 1, 1) is None  # own school
    assert m.engagement_kind("enterprise", "enterprise", 3, 5) is None  # host is not a school
    assert m.engagement_kind("research", "higher_vocational", 6, 1) is None


def test_enterprise_experts_counted_in_the_year_of_their_start_date():
    rows = [E(1, 10, 3, 1, date(2024, 3, 1), None, Decimal("32")),
            E(2, 10, 3, 2, date(2023, 11, 1), date(2024, 1, 20), Decimal("16")),  # started the previous year
            E(3, 11, 3, 1, date(2024, 12, 31), None, Decimal("4.5"))]
    assert figure(m.enterprise_part_time_person_times, 2024, engagements=rows) == (2, [1, 3])
    assert figure(m.enterprise_part_time_class_hours, 2024, engagements=rows) == (Decimal("36.5"), [1, 3])
    assert figure(m.enterprise_part_time_person_times, 2023, engagements=rows) == (1, [2])
    assert figure(m.enterprise_part_time_class_hours, 2023, engagements=rows) == (Decimal("16"), [2])


def test_open_end_counts_once_in_its_start_year_only():
    rows = [E(1, 10, 3, 1, date(2023, 9, 1), None, Decimal("40"))]
    assert figure(m.enterprise_part_time_person_times, 2023, engagements=rows)[0] == 1
    assert figure(m.enterprise_part_time_person_times, 2024, engagements=rows)[0] == 0


def test_same_school_teaching_counts_nowhere():
    rows = [E(1, 20, 1, 1, date(2024, 3, 1), None, Decimal("64")),  # own school
            E(2, 20, 1, 2, date(2024, 3, 1), None, Decimal("24"))]  # another member school
    assert figure(m.inter_school_part_time_person_times, 2024, engagements=rows) == (1, [2])
    assert figure(m.inter_school_part_time_class_hours, 2024, engagements=rows) == (Decimal("24"), [2])
    assert figure(m.enterprise_part_time_person_times, 2024, engagements=rows) == (0, [])


def test_host_that_joined_later_counts_from_its_joining_year():
    rows = [E(1, 10, 3, 4, date(2023, 3, 1), None, Decimal("10")),   # host not yet a member in 2023
            E(2, 10, 3, 4, date(2024, 2, 1), None, Decimal("12")),   # joined 1 Sep 2024: member during 2024
            E(3, 20, 1, 4, date(2024, 5, 1), None, Decimal("8"))]
    assert figure(m.enterprise_part_time_person_times, 2023, engagements=rows) == (0, [])
    assert figure(m.enterprise_part_time_person_times, 2024, engagements=rows) == (1, [2])
    assert figure(m.inter_school_part_time_person_times, 2024, engagements=rows) == (1, [3])


def test_left_member_counts_for_its_last_year_but_not_after():
    rows = [E(1, 30, 5, 1, date(2023, 10, 1), None, Decimal("6")),  # left 30 Jun 2023: still a member during 2023
            E(2, 30, 5, 1, date(2024, 3, 1), None, Decimal("6"))]
    assert figure(m.enterprise_part_time_person_times, 2023, engagements=rows) == (1, [1])
    assert figure(m.enterprise_part_time_person_times, 2024, engagements=rows) == (0, [])


def test_non_members_never_count():
    outsider = 99
    rows = [E(1, 10, outsider, 1, date(2024, 3, 1), None, Decimal("6")),
            E(2, 10, 3, outsider, date(2024, 3, 1), None, Decimal("6"))]
    assert figure(m.enterprise_part_time_person_times, 2024, engagements=rows)[0] == 0


def test_practice_spanning_the_new_year_is_split_between_years():
    # 1 Dec 2023 – 31 Jan 2024: 31 days in each year
    rows = [P(1, 20, 1, 3, "teacher_practice", "completed", date(2023, 12, 1), date(2024, 1, 31))]
    assert figure(m.enterprise_practice_person_months, 2023, practice=rows) == (Decimal("1.0"), [1])
    assert figure(m.enterprise_practice_person_months, 2024, practice=rows) == (Decimal("1.0"), [1])


def test_practice_open_end_counts_to_31_december_and_rounds_at_the_end():
    rows = [P(1, 20, 1, 3, "teacher_practice", "active", date(2024, 12, 1), None),      # 31 days
            P(2, 21, 2, 3, "teacher_practice", "accepted", date(2024, 7, 1), date(2024, 7, 10)),  # 10 days
            P(3, 22, 2, 3, "teacher_practice", "active", date(2024, 7, 1), date(2024, 7, 10))]   # 10 days
    # (31 + 10 + 10) / 30 = 1.7; rounding each first would give 1.0 + 0.3 + 0.3 = 1.6
    assert figure(m.enterprise_practice_person_months, 2024, practice=rows) == (Decimal("1.7"), [1, 2, 3])
    assert figure(m.enterprise_practice_person_months, 2025, practice=rows) == (Decimal("12.2"), [1])  # 365 days


def test_practice_only_counted_statuses_kinds_and_members():
    rows = [P(1, 20, 1, 3, "teacher_practice", "proposed", date(2024, 3, 1), date(2024, 3, 30)),
            P(2, 20, 1, 3, "teacher_practice", "withdrawn", date(2024, 3, 1), date(2024, 3, 30)),
            P(3, 20, 1, 3, "internship", "active", date(2024, 3, 1), date(2024, 3, 30)),
            P(4, 20, 1, 5, "teacher_practice", "completed", date(2024, 3, 1), date(2024, 3, 30)),  # enterprise left
            P(5, 20, 4, 3, "teacher_practice", "completed", date(2023, 3, 1), date(2023, 3, 30)),  # school not yet
            P(6, 20, 1, 3, "teacher_practice", "completed", date(2024, 3, 1), date(2024, 3, 30))]
    assert figure(m.enterprise_practice_person_months, 2024, practice=rows) == (Decimal("1.0"), [6])
    assert figure(m.enterprise_practice_person_months, 2023, practice=rows) == (Decimal("0.0"), [])


def test_dual_qualified_counts_school_teachers_of_members_only():
    teachers = [T(1, 1, True), T(2, 1, False), T(3, 3, True),  # enterprise expert: not counted
                T(4, 4, True),                                  # school joined 2024
                T(5, 2, True)]
    assert figure(m.dual_qualified_count, 2024, teachers=teachers) == (3, [1, 4, 5])
    assert figure(m.dual_qualified_count, 2023, teachers=teachers) == (2, [1, 5])


def test_overlap_days_bounds():
    assert core.overlap_days(date(2023, 1, 1), date(2023, 12, 31), 2024) == 0
    assert core.overlap_days(date(2024, 2, 28), date(2024, 3, 1), 2024) == 3  # leap year, both ends inclusive
    assert core.overlap_days(date(2025, 1, 1), None, 2024) == 0


def test_all_figures_has_every_key():
    figures = m.all_figures(YearRecords(members=MEMBERS), 2024)
    assert set(figures) == {"teachers.enterprise_part_time.person_times", "teachers.enterprise_part_time.class_hours",
                            "teachers.inter_school_part_time.person_times",
                            "teachers.inter_school_part_time.class_hours",
                            "teachers.enterprise_practice.person_months", "teachers.dual_qualified.count"}


def test_figures_package_is_pure():
    """No Flask, no database, nothing of the platform but the vocabulary: the figures run on plain records."""
    import ast
    from pathlib import Path

    for path in Path(m.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {(n.module or "") for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and not n.level}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        roots = {name.split(".")[0] for name in imported}
        assert not roots & {"flask", "flask_babel", "sqlalchemy", "flask_sqlalchemy"}, path
        assert {name for name in imported if name.startswith("consortium")} <= {"consortium.vocab"}, path
