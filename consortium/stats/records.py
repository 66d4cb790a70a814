"""Plain records the pure recommendation-book metrics read (no Flask, no SQLAlchemy).

`loader.py` builds them from rows; tests build them by hand. Training and teacher-exchange records are
reused from `consortium.training.metrics` and `consortium.teachers.metrics` (see `YearRecords`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

SCHOOL_TYPES = ("secondary_vocational", "higher_vocational", "undergraduate")
VOCATIONAL_TYPES = ("secondary_vocational", "higher_vocational")


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def overlaps(start: date | None, end: date | None, year: int) -> bool:
    """A dated range is active in Y when it overlaps Y; an open end runs on; no start means "not dated"."""
    if start is None:
        return False
    first, last = year_bounds(year)
    return start <= last and (end is None or end >= first)


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """A member organization with its membership dates (left_date None: still a member)."""

    id: int
    name: str
    type: str
    joined_date: date
    left_date: date | None = None
    students: int | None = None
    sector: str | None = None
    role: str = "member"

    def is_member_in(self, year: int) -> bool:
        """Member during Y: joined on or before 31 Dec Y and not left before 1 Jan Y."""
        first, last = year_bounds(year)
        return self.joined_date <= last and (self.left_date is None or self.left_date >= first)

    @property
    def is_school(self) -> bool:
        return self.type in SCHOOL_TYPES


@dataclass(frozen=True, slots=True)
class ConsortiumYearRecord:
    """Figures entered per year: planned operating funds (万元) by source, park output value (亿元)."""

    id: int
    year: int
    planned_funds: Decimal | None = None
    source_lead_unit: Decimal | None = None
    source_government: Decimal | None = None
    source_other_members: Decimal | None = None
    source_other: Decimal | None = None
    park_output_value: Decimal | None = None


@dataclass(frozen=True, slots=True)
class EnterpriseYearRecord:
    """An enterprise member's figures for one year (万元 for money)."""

    id: int
    member_id: int
    year: int
    employees: int | None = None
    assets: Decimal | None = None
    sales: Decimal | None = None
    main_revenue: Decimal | None = None
    coop_benefit: Decimal | None = None


@dataclass(frozen=True, slots=True)
class PlacementRecord:
    """A student's placement on a position: kind and enterprise of the position, the student's school."""

    id: int
    student_id: int
    school_id: int
    position_id: int
    kind: str
    enterprise_id: int
    status: str
    start_date: date
    end_date: date | None = None


@dataclass(frozen=True, slots=True)
class PositionRecord:
    """A position with its slots (for the apprenticeship post ratio)."""

    id: int
    enterprise_id: int
    kind: str
    slots: int
    start_date: date
    end_date: date | None = None
    status: str = "open"


@dataclass(frozen=True, slots=True)
class StudentRecord:
    id: int
    school_id: int
    enrol_year: int | None = None
    graduation_year: int | None = None
    pathway: str = "none"
    admission_route: str = "regular"
    outcome: str | None = None
    outcome_city: str | None = None


@dataclass(frozen=True, slots=True)
class ProgrammeRecord:
    """A joint programme (订单班/冠名班 …) and the ids of its enrolled students."""

    id: int
    school_id: int
    enterprise_id: int
    start_date: date
    end_date: date | None = None
    student_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ResourceRecord:
    """A co-built resource (stock figure) and the ids of its partner organizations."""

    id: int
    kind: str
    established_date: date
    closed_date: date | None = None
    partner_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class RdProjectRecord:
    id: int
    school_id: int | None
    enterprise_id: int | None
    completed_date: date | None = None
    converted: bool = False
    funds_received: Decimal | None = None
    funds_year: int | None = None


@dataclass(frozen=True, slots=True)
class ResearchOutputRecord:
    id: int
    kind: str
    date: date
    member_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class DemandReportRecord:
    id: int
    published_date: date | None = None
    kind: str = "demand_report"  # a typed-in report, or "talent_report": a generated one (first publication)


@dataclass
class YearRecords:
    """Everything the figures of a consortium read, for one or more years.

    `sessions`/`certificates` are `training.metrics` records; `engagements`/`practice`/`teachers`
    are `teachers.metrics` records — those modules compute their own figures and are reused.
    """

    city: str = ""
    members: list[MemberRecord] = field(default_factory=list)
    consortium_years: list[ConsortiumYearRecord] = field(default_factory=list)
    enterprise_years: list[EnterpriseYearRecord] = field(default_factory=list)
    placements: list[PlacementRecord] = field(default_factory=list)
    positions: list[PositionRecord] = field(default_factory=list)
    students: list[StudentRecord] = field(default_factory=list)
    programmes: list[ProgrammeRecord] = field(default_factory=list)
    resources: list[ResourceRecord] = field(default_factory=list)
    rd_projects: list[RdProjectRecord] = field(default_factory=list)
    research_outputs: list[ResearchOutputRecord] = field(default_factory=list)
    demand_reports: list[DemandReportRecord] = field(default_factory=list)
    sessions: list = field(default_factory=list)
    certificates: list = field(default_factory=list)
    engagements: list = field(default_factory=list)
    practice: list = field(default_factory=list)
    teachers: list = field(default_factory=list)
    cache: dict = field(default_factory=dict, repr=False)  # shared intermediate results, keyed by (name, year)
