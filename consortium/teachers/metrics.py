"""Pure teacher-exchange figures of the recommendation book (metrics.md, 师资共建共享): records in, (value, ids) out.

No Flask and no database here: `services.metric_inputs` turns rows into these records.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, NamedTuple

SCHOOL_TYPES = ("secondary_vocational", "higher_vocational", "undergraduate")
COUNTED_STATUSES = ("accepted", "active", "completed")  # jobs.models.SLOT_STATUSES
ENTERPRISE_PART_TIME = "enterprise_part_time"
INTER_SCHOOL_PART_TIME = "inter_school_part_time"
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class MemberPeriod:
    """A member organization: its type and membership dates (`left_date` None: still a member)."""

    id: int
    type: str
    joined_date: date
    left_date: date | None = None

    def is_member_in(self, year: int) -> bool:
        """Member during Y: joined on or before 31 Dec Y and not left before 1 Jan Y."""
        return self.joined_date <= date(year, 12, 31) and (self.left_date is None or self.left_date >= date(year, 1, 1))

    @property
    def is_school(self) -> bool:
        return self.type in SCHOOL_TYPES


@dataclass(frozen=True)
class TeacherRecord:
    id: int
    employer_id: int
    dual_qualified: bool = False


@dataclass(frozen=True)
class EngagementRecord:
    """An engagement; `class_hours` is already its total (logged sessions when any, else declared)."""

    id: int
    teacher_id: int
    employer_id: int
    host_id: int
    start_date: date
    end_date: date | None = None
    class_hours: Decimal = Decimal(0)


@dataclass(frozen=True)
class PracticeRecord:
    """A placement of a teacher on a position: the position's kind and enterprise, the teacher's employer."""

    id: int
    teacher_id: int
    employer_id: int
    enterprise_id: int
    kind: str
    status: str
    start_date: date
    end_date: date | None = None


class Figure(NamedTuple):
    """A figure and the ids of the records behind it (metrics.md: every figure must be traceable)."""

    value: Decimal | int
    record_ids: list[int]


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


def overlap_days(start: date, end: date | None, year: int) -> int:
    """Calendar days of [start, end] inside Y, both ends inclusive; an open end counts up to 31 Dec Y."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    lo = max(start, first)
    hi = min(end or last, last)
    return max(0, (hi - lo).days + 1)


def person_months(days: int | Decimal) -> Decimal:
    """Days / 30, rounded to 1 decimal (only ever applied to a final sum)."""
    return (Decimal(days) / 30).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _members_by_id(members: Iterable[MemberPeriod], year: int) -> dict[int, MemberPeriod]:
    return {m.id: m for m in members if m.is_member_in(year)}


def counted_engagements(engagements: Iterable[EngagementRecord], members: Iterable[MemberPeriod], year: int,
                        kind: str) -> list[EngagementRecord]:
    """Engagements of `kind` counted in Y: started in Y, with employer and host both members during Y."""
    current = _members_by_id(members, year)
    chosen = []
    for e in engagements:
        if e.start_date.year != year:
            continue
        employer, host = current.get(e.employer_id), current.get(e.host_id)
        if employer is None or host is None:
            continue
        if engagement_kind(employer.type, host.type, employer.id, host.id) == kind:
            chosen.append(e)
    return chosen


def _times(chosen: list[EngagementRecord]) -> Figure:
    return Figure(len(chosen), sorted(e.id for e in chosen))


def _hours(chosen: list[EngagementRecord]) -> Figure:
    return Figure(sum((Decimal(e.class_hours or 0) for e in chosen), Decimal(0)), sorted(e.id for e in chosen))


def enterprise_part_time_person_times(engagements, members, year: int) -> Figure:
    """`teachers.enterprise_part_time.person_times` — 企业兼职教师 人次.

    Teaching engagements whose teacher is employed by an enterprise member and whose host is a member
    school, counted in the year of the engagement's `start_date` (one engagement = one person-time).
    Employer and host must both be members during Y (joined on or before 31 Dec Y, not left before 1 Jan Y).
    """
    return _times(counted_engagements(engagements, members, year, ENTERPRISE_PART_TIME))


def enterprise_part_time_class_hours(engagements, members, year: int) -> Figure:
    """`teachers.enterprise_part_time.class_hours` — 企业兼职教师 课时数.

    Σ class hours of the engagements counted by `enterprise_part_time_person_times`; an engagement's
    hours are the sum of its logged sessions when any exist, else its declared total.
    """
    return _hours(counted_engagements(engagements, members, year, ENTERPRISE_PART_TIME))


def inter_school_part_time_person_times(engagements, members, year: int) -> Figure:
    """`teachers.inter_school_part_time.person_times` — 校际兼职教师 人次.

    Engagements whose teacher is employed by a member school and whose host is a *different* member
    school, counted in the year of `start_date`. Teaching at one's own school never counts.
    """
    return _times(counted_engagements(engagements, members, year, INTER_SCHOOL_PART_TIME))


def inter_school_part_time_class_hours(engagements, members, year: int) -> Figure:
    """`teachers.inter_school_part_time.class_hours` — 校际兼职教师 课时数: Σ class hours of those engagements."""
    return _hours(counted_engagements(engagements, members, year, INTER_SCHOOL_PART_TIME))


def counted_practice(placements: Iterable[PracticeRecord], members: Iterable[MemberPeriod], year: int
                     ) -> list[PracticeRecord]:
    """Teacher-practice placements that count in Y: on a `teacher_practice` position, status accepted/active/
    completed, overlapping Y, with the position's enterprise and the teacher's employer members during Y."""
    current = _members_by_id(members, year)
    return [p for p in placements
            if p.kind == "teacher_practice" and p.status in COUNTED_STATUSES
            and p.enterprise_id in current and p.employer_id in current
            and overlap_days(p.start_date, p.end_date, year) > 0]


def enterprise_practice_person_months(placements, members, year: int) -> Figure:
    """`teachers.enterprise_practice.person_months` — 教师企业实践 (人月).

    Σ overlap_days / 30 over the counted placements on `teacher_practice` positions overlapping Y
    (see `counted_practice`); an open end counts up to 31 Dec Y; rounded to 1 decimal at the end.
    """
    chosen = counted_practice(placements, members, year)
    days = sum(overlap_days(p.start_date, p.end_date, year) for p in chosen)
    return Figure(person_months(days), sorted(p.id for p in chosen))


def dual_qualified_count(teachers: Iterable[TeacherRecord], members: Iterable[MemberPeriod], year: int) -> Figure:
    """`teachers.dual_qualified.count` (beyond the book) — 双师型教师数.

    Teachers employed by member schools (members during Y) and flagged dual-qualified.
    """
    current = _members_by_id(members, year)
    chosen = [t for t in teachers if t.dual_qualified and t.employer_id in current and current[t.employer_id].is_school]
    return Figure(len(chosen), sorted(t.id for t in chosen))


FIGURES = {
    "teachers.enterprise_part_time.person_times": ("engagements", enterprise_part_time_person_times),
    "teachers.enterprise_part_time.class_hours": ("engagements", enterprise_part_time_class_hours),
    "teachers.inter_school_part_time.person_times": ("engagements", inter_school_part_time_person_times),
    "teachers.inter_school_part_time.class_hours": ("engagements", inter_school_part_time_class_hours),
    "teachers.enterprise_practice.person_months": ("placements", enterprise_practice_person_months),
    "teachers.dual_qualified.count": ("teachers", dual_qualified_count),
}


def all_figures(*, members, engagements, placements, teachers, year: int) -> dict[str, Figure]:
    """Every `teachers.*` figure for Y, keyed as in metrics.md."""
    inputs = {"engagements": list(engagements), "placements": list(placements), "teachers": list(teachers)}
    members = list(members)
    return {key: fn(inputs[source], members, year) for key, (source, fn) in FIGURES.items()}
