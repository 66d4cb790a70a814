"""Teacher-exchange figures of the book (metrics.md, 师资共建共享), each `(records, year) -> Figure`."""
from __future__ import annotations

from decimal import Decimal

from .core import COUNTED_STATUSES, SCHOOL_TYPES, Figure, members_in, overlap_days, person_months, refs
from .records import EngagementRecord, PracticeRecord, YearRecords

ENTERPRISE_PART_TIME = "enterprise_part_time"
INTER_SCHOOL_PART_TIME = "inter_school_part_time"


def engagement_kind(employer_type: str, host_type: str, employer_id: int, host_id: int) -> str | None:
    """Classify an engagement by who employs the teacher and who hosts the course.

    - an enterprise's teacher (expert) teaching at a school → 企业兼职教师 (`enterprise_part_time`);
    - a school's teacher teaching at a *different* school → 校际兼职教师 (`inter_school_part_time`);
    - a teacher teaching at their own school, a host that is not a school, or a teacher of any other
      kind of organization (research institute, association …) → None: it does not count.
    """
    if host_type not in SCHOOL_TYPES:
        return None
    if employer_type == "enterprise":
        return ENTERPRISE_PART_TIME
    if employer_type in SCHOOL_TYPES and employer_id != host_id:
        return INTER_SCHOOL_PART_TIME
    return None


def counted_engagements(records: YearRecords, year: int, kind: str) -> list[EngagementRecord]:
    """Engagements of `kind` counted in Y: started in Y, with employer and host both members during Y."""
    current = members_in(records, year)
    chosen = []
    for e in records.engagements:
        if e.start_date.year != year:
            continue
        employer, host = current.get(e.employer_id), current.get(e.host_id)
        if employer is None or host is None:
            continue
        if engagement_kind(employer.type, host.type, employer.id, host.id) == kind:
            chosen.append(e)
    return chosen


def _times(key: str, chosen: list[EngagementRecord]) -> Figure:
    return Figure(key, len(chosen), refs("engagement", (e.id for e in chosen)))


def _hours(key: str, chosen: list[EngagementRecord]) -> Figure:
    return Figure(key, sum((Decimal(e.class_hours or 0) for e in chosen), Decimal(0)),
                  refs("engagement", (e.id for e in chosen)))


def enterprise_part_time_person_times(records: YearRecords, year: int) -> Figure:
    """`teachers.enterprise_part_time.person_times` — 企业兼职教师 人次.

    Teaching engagements whose teacher is employed by an enterprise member and whose host is a member
    school, counted in the year of the engagement's `start_date` (one engagement = one person-time).
    Employer and host must both be members during Y (joined on or before 31 Dec Y, not left before 1 Jan Y).
    """
    return _times("teachers.enterprise_part_time.person_times",
                  counted_engagements(records, year, ENTERPRISE_PART_TIME))


def enterprise_part_time_class_hours(records: YearRecords, year: int) -> Figure:
    """`teachers.enterprise_part_time.class_hours` — 企业兼职教师 课时数.

    Σ class hours of the engagements counted by `enterprise_part_time_person_times`; an engagement's
    hours are the sum of its logged sessions when any exist, else its declared total.
    """
    return _hours("teachers.enterprise_part_time.class_hours",
                  counted_engagements(records, year, ENTERPRISE_PART_TIME))


def inter_school_part_time_person_times(records: YearRecords, year: int) -> Figure:
    """`teachers.inter_school_part_time.person_times` — 校际兼职教师 人次.

    Engagements whose teacher is employed by a member school and whose host is a *different* member
    school, counted in the year of `start_date`. Teaching at one's own school never counts.
    """
    return _times("teachers.inter_school_part_time.person_times",
                  counted_engagements(records, year, INTER_SCHOOL_PART_TIME))


def inter_school_part_time_class_hours(records: YearRecords, year: int) -> Figure:
    """`teachers.inter_school_part_time.class_hours` — 校际兼职教师 课时数: Σ class hours of those engagements."""
    return _hours("teachers.inter_school_part_time.class_hours",
                  counted_engagements(records, year, INTER_SCHOOL_PART_TIME))


def counted_practice(records: YearRecords, year: int) -> list[PracticeRecord]:
    """Teacher-practice placements that count in Y: on a `teacher_practice` position, status accepted/active/
    completed, overlapping Y, with the position's enterprise and the teacher's employer members during Y."""
    current = members_in(records, year)
    return [p for p in records.practice
            if p.kind == "teacher_practice" and p.status in COUNTED_STATUSES
            and p.enterprise_id in current and p.employer_id in current
            and overlap_days(p.start_date, p.end_date, year) > 0]


def enterprise_practice_person_months(records: YearRecords, year: int) -> Figure:
    """`teachers.enterprise_practice.person_months` — 教师企业实践 (人月).

    Σ overlap_days / 30 over the counted placements on `teacher_practice` positions overlapping Y
    (see `counted_practice`); an open end counts up to 31 Dec Y; rounded to 1 decimal at the end.
    """
    chosen = counted_practice(records, year)
    days = sum(overlap_days(p.start_date, p.end_date, year) for p in chosen)
    return Figure("teachers.enterprise_practice.person_months", person_months(days),
                  refs("placement", (p.id for p in chosen)))


def dual_qualified_count(records: YearRecords, year: int) -> Figure:
    """`teachers.dual_qualified.count` (beyond the book) — 双师型教师数.

    Teachers employed by member schools (members during Y) and flagged dual-qualified.
    """
    current = members_in(records, year)
    chosen = [t for t in records.teachers
              if t.dual_qualified and t.employer_id in current and current[t.employer_id].is_school]
    return Figure("teachers.dual_qualified.count", len(chosen), refs("teacher", (t.id for t in chosen)))


FIGURES = (enterprise_part_time_person_times, enterprise_part_time_class_hours, inter_school_part_time_person_times,
           inter_school_part_time_class_hours, enterprise_practice_person_months, dual_qualified_count)


def all_figures(records: YearRecords, year: int) -> dict[str, Figure]:
    """Every `teachers.*` figure for Y, keyed as in metrics.md."""
    return {figure.key: figure for figure in (fn(records, year) for fn in FIGURES)}
