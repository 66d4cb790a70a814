"""Section 1 of the book (联合体概况) and the member enterprises' figures, each `(records, year) -> Figure`."""
from __future__ import annotations

from decimal import Decimal

from .. import vocab
from .core import SCHOOL_TYPES, Figure, members_in, refs
from .records import YearRecords

MEMBER_TYPES = vocab.MEMBER_TYPES.book_labels()
FUND_SOURCES = vocab.FUND_SOURCES.book_labels()
# Sector lines in 万元 (book footnotes; metrics.md): which figure of EnterpriseYear and its threshold.
ABOVE_SCALE = {"industrial": ("main_revenue", Decimal(2000))}
ABOVE_QUOTA = {"wholesale": ("sales", Decimal(2000)), "retail": ("sales", Decimal(500)),
               "lodging": ("main_revenue", Decimal(200)), "catering": ("main_revenue", Decimal(200))}


def sum_entered(values: list, expected: int):
    """Σ of the entered values; None when some are expected and none is entered (never guess)."""
    entered = [v for v in values if v is not None]
    if expected and not entered:
        return None
    return sum((Decimal(v) for v in entered), Decimal(0))


# ---- members -------------------------------------------------------------------------------

def _members_of_type(records, year, mtype):
    return sorted((m for m in members_in(records, year).values() if m.type == mtype), key=lambda m: (m.name, m.id))


def members_count(mtype: str):
    key = f"members.{mtype}.count"

    def fn(records: YearRecords, year: int) -> Figure:
        chosen = _members_of_type(records, year, mtype)
        return Figure(key, len(chosen), refs("member", (m.id for m in chosen)))
    fn.__doc__ = (f"`{key}` — 联合体成员情况 数量: number of member organizations of type "
                  f"`{mtype}` that are members during Y (joined on or before 31 Dec Y, not left before 1 Jan Y).")
    return fn


def members_students(mtype: str):
    key = f"members.{mtype}.students"

    def fn(records: YearRecords, year: int) -> Figure:
        chosen = _members_of_type(records, year, mtype)
        if mtype not in SCHOOL_TYPES:
            return Figure(key, None, [])
        total = sum_entered([m.students for m in chosen], len(chosen))
        return Figure(key, int(total) if total is not None else None, refs("member", (m.id for m in chosen)))
    fn.__doc__ = (f"`{key}` — 在校生数: Σ enrolled students of the member schools of type "
                  f"`{mtype}` (schools only: null for other types). Members without a figure are left out and "
                  "flagged as missing input; null when none of them has one.")
    return fn


def members_names(mtype: str):
    key = f"members.{mtype}.names"

    def fn(records: YearRecords, year: int) -> Figure:
        chosen = _members_of_type(records, year, mtype)
        return Figure(key, [m.name for m in chosen], refs("member", (m.id for m in chosen)))
    fn.__doc__ = f"`{key}` — 单位名称: list of the names of the members of type `{mtype}` during Y."
    return fn


# ---- funding and park ----------------------------------------------------------------------

def consortium_year(records: YearRecords, year: int):
    return next((cy for cy in records.consortium_years if cy.year == year), None)


def funding_years(records: YearRecords, year: int) -> list[int]:
    """Years whose planned funds are reported with year Y: Y, Y+1, Y+2 (the book's three columns, e.g.
    2023–2025) and every other year for which funds were entered."""
    entered = {cy.year for cy in records.consortium_years
               if any(v is not None for v in (cy.planned_funds, cy.source_lead_unit, cy.source_government,
                                              cy.source_other_members, cy.source_other))}
    return sorted({year, year + 1, year + 2} | entered)


def funding_planned(fund_year: int):
    key = f"funding.{fund_year}.planned"

    def fn(records: YearRecords, _year: int) -> Figure:
        cy = consortium_year(records, fund_year)
        if cy is None or cy.planned_funds is None:
            return Figure(key, None, [])
        return Figure(key, Decimal(cy.planned_funds), [("consortium_year", cy.id)])
    fn.__doc__ = (f"`{key}` — 拟投入运行经费总额 (万元): planned operating funds for "
                  f"{fund_year}, entered per year; null when not entered.")
    return fn


def funding_source(fund_year: int, source: str):
    key = f"funding.{fund_year}.source.{source}"

    def fn(records: YearRecords, _year: int) -> Figure:
        cy = consortium_year(records, fund_year)
        value = getattr(cy, f"source_{source}", None) if cy is not None else None
        if value is None:
            return Figure(key, None, [])
        return Figure(key, Decimal(value), [("consortium_year", cy.id)])
    fn.__doc__ = (f"`{key}` — {fund_year}年拟投入运行经费来源 (万元), source "
                  f"`{source}`, entered per year; null when not entered.")
    return fn


def park_output_value(records: YearRecords, year: int) -> Figure:
    """`park.output_value` — 产业园区总产值 (亿元): entered per year (the value entered for Y); null when not entered."""
    cy = consortium_year(records, year)
    if cy is None or cy.park_output_value is None:
        return Figure("park.output_value", None, [])
    return Figure("park.output_value", Decimal(cy.park_output_value), [("consortium_year", cy.id)])


# ---- member enterprises --------------------------------------------------------------------

def enterprise_year_rows(records: YearRecords, year: int) -> list:
    """EnterpriseYear rows for Y of the enterprise members during Y."""
    current = members_in(records, year)
    return [ey for ey in records.enterprise_years
            if ey.year == year and ey.member_id in current and current[ey.member_id].type == "enterprise"]


def enterprise_sum(attr: str, key: str, label: str):
    def fn(records: YearRecords, year: int) -> Figure:
        current = members_in(records, year)
        enterprises = [m for m in current.values() if m.type == "enterprise"]
        rows = enterprise_year_rows(records, year)
        value = sum_entered([getattr(ey, attr) for ey in rows], len(enterprises))
        if attr == "employees" and value is not None:
            value = int(value)
        return Figure(key, value, refs("enterprise_year", (ey.id for ey in rows if getattr(ey, attr) is not None)))
    fn.__doc__ = (f"`{key}` — {label}: Σ `{attr}` of the enterprise members (members during Y) for Y. "
                  "Enterprises without figures for Y are left out and flagged as missing input; null when there "
                  "are enterprise members and none has the figure entered.")
    return fn


def _sector_count(key: str, records: YearRecords, year: int, lines: dict) -> Figure:
    current = members_in(records, year)
    enterprises = [m for m in current.values() if m.type == "enterprise"]
    rows = {ey.member_id: ey for ey in enterprise_year_rows(records, year)}
    if enterprises and not rows:
        return Figure(key, None, [])
    chosen = []
    for m in enterprises:
        line = lines.get(m.sector or "")
        ey = rows.get(m.id)
        if line is None or ey is None:
            continue
        attr, threshold = line
        value = getattr(ey, attr)
        if value is not None and Decimal(value) >= threshold:
            chosen.append(ey)
    return Figure(key, len(chosen), refs("enterprise_year", (ey.id for ey in chosen)))


def above_scale(records: YearRecords, year: int) -> Figure:
    """`enterprises.above_scale` — 规模以上企业数 (个): enterprise members (during Y) of sector `industrial`
    whose main business revenue for Y ≥ 2000 万元. Null when no enterprise figures for Y are entered."""
    return _sector_count("enterprises.above_scale", records, year, ABOVE_SCALE)


def above_quota(records: YearRecords, year: int) -> Figure:
    """`enterprises.above_quota` — 限额以上企业数 (个): enterprise members (during Y) whose figure for Y reaches
    their sector's line: `wholesale` sales ≥ 2000, `retail` sales ≥ 500, `lodging` main business revenue ≥ 200,
    `catering` main business revenue ≥ 200 万元. Null when no enterprise figures for Y are entered."""
    return _sector_count("enterprises.above_quota", records, year, ABOVE_QUOTA)
