"""Co-built resources (stock counts) and service capacity (服务发展能力) from R&D projects and research
outputs, each `(records, year) -> Figure`. Training figures of the same section are in `training`."""
from __future__ import annotations

from decimal import Decimal

from .core import Figure, members_in, pct, refs, year_bounds
from .records import YearRecords


def counted_resources(records: YearRecords, year: int, kind: str) -> list:
    """Resources of `kind` existing during Y (established on or before 31 Dec Y, not closed before 1 Jan Y)
    with at least one partner that is a member during Y."""
    current = members_in(records, year)
    first, last = year_bounds(year)
    return [r for r in records.resources
            if r.kind == kind and r.established_date <= last and (r.closed_date is None or r.closed_date >= first)
            and any(p in current for p in r.partner_ids)]


def resource_count(kind: str, key: str, label: str):
    def fn(records: YearRecords, year: int) -> Figure:
        chosen = counted_resources(records, year, kind)
        return Figure(key, len(chosen), refs("resource", (r.id for r in chosen)))
    fn.__doc__ = (f"`{key}` — {label} (个): co-built resources of kind `{kind}` existing during Y (a stock: "
                  "established on or before 31 Dec Y and not closed before 1 Jan Y) with at least one partner "
                  "that is a member during Y.")
    return fn


def _rd_projects(records: YearRecords, year: int) -> list:
    """School–enterprise R&D projects whose school and enterprise are both members during Y."""
    current = members_in(records, year)
    return [p for p in records.rd_projects if p.school_id in current and p.enterprise_id in current]


def rd_conversion_pct(records: YearRecords, year: int) -> Figure:
    """`service.rd_conversion_pct` — 校企合作开展技术研发的成果转化率 (%): R&D projects (school and enterprise
    both members during Y) completed in Y that are marked converted ÷ those completed in Y × 100, 1 decimal;
    null when none was completed in Y."""
    completed = [p for p in _rd_projects(records, year) if p.completed_date is not None and p.completed_date.year == year]
    converted = [p for p in completed if p.converted]
    return Figure("service.rd_conversion_pct", pct(len(converted), len(completed)),
                  refs("rd_project", (p.id for p in completed)))


def rd_funds_wan(records: YearRecords, year: int) -> Figure:
    """`service.rd_funds_wan` — 到账经费 (万元): Σ funds received in Y (the project's funds year = Y) by
    school–enterprise R&D projects whose school and enterprise are both members during Y."""
    chosen = [p for p in _rd_projects(records, year) if p.funds_year == year and p.funds_received is not None]
    return Figure("service.rd_funds_wan", sum((Decimal(p.funds_received) for p in chosen), Decimal(0)),
                  refs("rd_project", (p.id for p in chosen)))


def research_outputs(records: YearRecords, year: int) -> Figure:
    """`service.research_outputs` — 研究成果数量 (个): research outputs (patents, utility models, awards,
    standards …) dated in Y with at least one member (during Y) among their organizations."""
    current = members_in(records, year)
    chosen = [o for o in records.research_outputs if o.date.year == year and any(m in current for m in o.member_ids)]
    return Figure("service.research_outputs", len(chosen), refs("research_output", (o.id for o in chosen)))
