"""The book's records for a consortium: every loader called once, into one `YearRecords`, in a handful of
queries (never one query per row). Student placements, positions, students and programmes are built here (only
the book reads them); every other record type comes from the loader of its own package.

Placements are the big table (a consortium may hold 100k): the query keeps only counted statuses and the
ranges overlapping the requested years, so the pure functions see just what can count.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from ..extensions import db
from ..figures import book
from ..figures.core import SCHOOL_TYPES, Figure, members_in
from ..figures.records import PlacementRecord, PositionRecord, ProgrammeRecord, StudentRecord, YearRecords
from ..figures.talent import EMPLOYED
from ..jobs.models import Placement, Position, Programme, programme_student
from ..vocab import NARRATIVES, SLOT_STATUSES, STUDENT_KINDS
from ..members.loading import consortium_year_records, enterprise_year_records, member_records
from ..members.models import Consortium, Member, Narrative
from ..people.models import Student
from ..records.loading import demand_report_records, rd_project_records, research_output_records, resource_records
from ..records.models import RdProject
from ..supply.loading import talent_report_records
from ..teachers.loading import engagement_records, practice_records, teacher_records
from ..training.loading import certificate_records, session_records
from . import figure_cache


def _overlapping(start_col, end_col, first_year: int, last_year: int):
    return and_(start_col <= date(last_year, 12, 31), or_(end_col.is_(None), end_col >= date(first_year, 1, 1)))


def placement_records(consortium_id: int, first_year: int, last_year: int) -> list[PlacementRecord]:
    """Student placements with a counted status on student positions, overlapping the years first…last."""
    return [PlacementRecord(*r) for r in db.session.execute(
        select(Placement.id, Placement.student_id, Student.school_id, Placement.position_id, Position.kind,
               Position.enterprise_id, Placement.status, Placement.start_date, Placement.end_date)
        .join(Position, Placement.position_id == Position.id)
        .join(Student, Placement.student_id == Student.id)
        .where(Position.consortium_id == consortium_id, Position.kind.in_(STUDENT_KINDS),
               Placement.status.in_(SLOT_STATUSES),
               _overlapping(Placement.start_date, Placement.end_date, first_year, last_year)))]


def position_records(consortium_id: int, first_year: int, last_year: int) -> list[PositionRecord]:
    """Apprenticeship positions overlapping the years first…last (for the apprenticeship post ratio)."""
    return [PositionRecord(*r) for r in db.session.execute(
        select(Position.id, Position.enterprise_id, Position.kind, Position.slots, Position.start_date,
               Position.end_date, Position.status)
        .where(Position.consortium_id == consortium_id, Position.kind == "apprenticeship",
               _overlapping(Position.start_date, Position.end_date, first_year, last_year)))]


def student_records(consortium_id: int, first_year: int, last_year: int) -> list[StudentRecord]:
    """Students the pathway / admission / graduate figures can read: anything else cannot count."""
    return [StudentRecord(*r) for r in db.session.execute(
        select(Student.id, Student.school_id, Student.enrol_year, Student.graduation_year, Student.pathway,
               Student.admission_route, Student.outcome, Student.outcome_city)
        .join(Member, Student.school_id == Member.id)
        .where(Member.consortium_id == consortium_id, Member.type.in_(SCHOOL_TYPES),
               or_(Student.graduation_year.between(first_year, last_year), Student.pathway != "none",
                   and_(Student.enrol_year.between(first_year, last_year), Student.admission_route != "regular"))))]


def programme_records(consortium_id: int) -> list[ProgrammeRecord]:
    """Joint programmes with the ids of their enrolled students."""
    enrolled = defaultdict(list)
    for pid, sid in db.session.execute(
            select(programme_student.c.programme_id, programme_student.c.student_id)
            .join(Programme, Programme.id == programme_student.c.programme_id)
            .where(Programme.consortium_id == consortium_id)):
        enrolled[pid].append(sid)
    return [ProgrammeRecord(r.id, r.school_id, r.enterprise_id, r.start_date, r.end_date, tuple(enrolled.get(r.id, ())))
            for r in db.session.execute(select(Programme.id, Programme.school_id, Programme.enterprise_id,
                                               Programme.start_date, Programme.end_date)
                                        .where(Programme.consortium_id == consortium_id))]


def load_records(consortium_id: int, first_year: int, last_year: int | None = None) -> YearRecords:
    """Everything the figures of years first…last read, for one consortium."""
    last_year = last_year or first_year
    consortium = db.session.get(Consortium, consortium_id)
    return YearRecords(
        city=consortium.city if consortium else "",
        members=member_records(consortium_id),
        consortium_years=consortium_year_records(consortium_id),
        enterprise_years=enterprise_year_records(consortium_id, first_year, last_year),
        placements=placement_records(consortium_id, first_year, last_year),
        positions=position_records(consortium_id, first_year, last_year),
        students=student_records(consortium_id, first_year, last_year),
        programmes=programme_records(consortium_id),
        resources=resource_records(consortium_id),
        rd_projects=rd_project_records(consortium_id),
        research_outputs=research_output_records(consortium_id),
        demand_reports=demand_report_records(consortium_id) + talent_report_records(consortium_id),
        sessions=session_records(consortium_id),
        certificates=certificate_records(consortium_id, first_year, last_year),
        engagements=engagement_records(consortium_id),
        practice=practice_records(consortium_id),
        teachers=teacher_records(consortium_id),
    )


def cached_records(consortium_id: int, first_year: int, last_year: int | None = None) -> YearRecords:
    """`load_records`, computed once per change of the consortium's data (figure_cache). Read-only."""
    last_year = last_year or first_year
    return figure_cache.cached("records", consortium_id, (first_year, last_year),
                               lambda: load_records(consortium_id, first_year, last_year))


def figures_of(consortium_id: int, years: list[int]) -> dict[int, dict[str, Figure]]:
    """Figures of each of `years`, computed once per change of the consortium's data (figure_cache).

    On a miss the records are read after the version was (through `cached_records`, never records a caller
    read earlier): a value is never stored under a version newer than the data it was computed from."""
    years = sorted(set(years))

    def compute():
        loaded = cached_records(consortium_id, years[0], years[-1])
        return {y: book.compute(loaded, y) for y in years}

    return figure_cache.cached("figures", consortium_id, tuple(years), compute)


def compute_year(consortium_id: int, year: int, records: YearRecords | None = None) -> dict[str, Figure]:
    """Every figure of metrics.md for year Y, keyed as in the JSON export, each with its records."""
    if records is not None:
        return book.compute(records, year)
    return figures_of(consortium_id, [year])[year]


def compute_years(consortium_id: int, years: list[int]) -> dict[int, dict[str, Figure]]:
    """Figures of several years from one load."""
    return figures_of(consortium_id, years)


def narratives(consortium_id: int, year: int) -> dict[str, str]:
    """The narrative texts kept for Y (empty string when none), keyed as in vocab.NARRATIVES."""
    rows = dict(db.session.execute(select(Narrative.key, Narrative.text).where(
        Narrative.consortium_id == consortium_id, Narrative.year == year)).all())
    return {key: rows.get(key, "") or "" for key in NARRATIVES}


def narrative_problems(texts: dict[str, str]) -> dict[str, int]:
    """Narratives over their character limit: key → length."""
    from ..members.services import narrative_length

    return {key: narrative_length(text) for key, text in texts.items()
            if key in NARRATIVES and narrative_length(text) > NARRATIVES[key][1]}


def missing_inputs(consortium_id: int, year: int, records: YearRecords | None = None) -> list[str]:
    """What the figures of Y need and nobody has entered; the figures never guess it."""
    records = records or load_records(consortium_id, year)
    current = members_in(records, year)
    out: list[str] = []
    enterprises = [m for m in current.values() if m.type == "enterprise"]
    with_year = {ey.member_id for ey in records.enterprise_years if ey.year == year}
    missing = [m for m in enterprises if m.id not in with_year]
    if missing:
        out.append(_("%(n)d 家企业未填报 %(year)d 年度企业数据（%(names)s）", n=len(missing), year=year,
                     names="、".join(m.name for m in sorted(missing, key=lambda m: m.name)[:5])
                     + ("等" if len(missing) > 5 else "")))
    rows = [ey for ey in records.enterprise_years if ey.year == year and ey.member_id in current]
    for attr, label in (("employees", _("职工人数")), ("assets", _("资产总额")), ("sales", _("销售总额")),
                        ("main_revenue", _("主营业务收入")), ("coop_benefit", _("校企合作直接经济效益"))):
        n = sum(1 for ey in rows if getattr(ey, attr) is None)
        if n:
            out.append(_("%(n)d 家企业 %(year)d 年度未填写%(field)s", n=n, year=year, field=label))
    no_sector = [m for m in enterprises if not m.sector]
    if no_sector:
        out.append(_("%(n)d 家企业未填写所属行业（规模以上/限额以上企业数无法判断）", n=len(no_sector)))
    schools = [m for m in current.values() if m.type in SCHOOL_TYPES and m.students is None]
    if schools:
        out.append(_("%(n)d 所学校未填写在校生数", n=len(schools)))
    cy = next((c for c in records.consortium_years if c.year == year), None)
    for fund_year in (year, year + 1, year + 2):
        c = next((c for c in records.consortium_years if c.year == fund_year), None)
        if c is None or c.planned_funds is None:
            out.append(_("未填写 %(year)d 年拟投入运行经费", year=fund_year))
    if cy is None or all(getattr(cy, f"source_{s}") is None for s in book.FUND_SOURCES):
        out.append(_("未填写 %(year)d 年运行经费来源", year=year))
    if cy is None or cy.park_output_value is None:
        out.append(_("未填写产业园区总产值（%(year)d 年）", year=year))
    graduates = [s for s in records.students if s.graduation_year == year and s.school_id in current]
    no_outcome = sum(1 for s in graduates if not s.outcome)
    if no_outcome:
        out.append(_("%(n)d 名 %(year)d 届毕业生未填写毕业去向", n=no_outcome, year=year))
    no_city = sum(1 for s in graduates if s.outcome in EMPLOYED and not s.outcome_city)
    if no_city:
        out.append(_("%(n)d 名 %(year)d 届就业毕业生未填写就业城市", n=no_city, year=year))
    no_funds_year = db.session.scalar(select(func.count(RdProject.id)).where(
        RdProject.consortium_id == consortium_id, RdProject.funds_received.is_not(None),
        RdProject.funds_year.is_(None)))
    if no_funds_year:
        out.append(_("%(n)d 个研发项目填写了到账经费但未填写到账年度", n=no_funds_year))
    return out
