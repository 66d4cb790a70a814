"""Plain records the book figures read, one type per kind of row, and `YearRecords` that holds them all.

Loaders in the feature packages build them from rows (one loader per record type); tests build them by hand.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .core import MemberRecord


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


@dataclass(frozen=True, slots=True)
class TeacherRecord:
    id: int
    employer_id: int
    dual_qualified: bool = False


@dataclass(frozen=True, slots=True)
class EngagementRecord:
    """A teaching engagement; `class_hours` is already its total (logged sessions when any, else declared)."""

    id: int
    teacher_id: int
    employer_id: int
    host_id: int
    start_date: date
    end_date: date | None = None
    class_hours: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A training session. `roster_completed` is None when no roster is kept, else its completed count."""

    id: int
    kind: str
    audience: str
    provider_id: int | None
    start_date: date
    end_date: date
    days: Decimal | None = None
    participants: int | None = None
    roster_completed: int | None = None


@dataclass(frozen=True, slots=True)
class CertificateRecord:
    """A skill certificate: when it was issued, by whom, and the session that prepared its holder."""

    id: int
    issued_date: date
    issuer_id: int | None = None
    session_id: int | None = None


@dataclass
class YearRecords:
    """Everything the figures of a consortium read, for one or more years. A family of figures reads only its
    own lists, so a loader may fill just those (the teacher pages load members, engagements, practice and
    teachers)."""

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
    sessions: list[SessionRecord] = field(default_factory=list)
    certificates: list[CertificateRecord] = field(default_factory=list)
    engagements: list[EngagementRecord] = field(default_factory=list)
    practice: list[PracticeRecord] = field(default_factory=list)
    teachers: list[TeacherRecord] = field(default_factory=list)
    cache: dict = field(default_factory=dict, repr=False)  # shared intermediate results, keyed by (name, year)
