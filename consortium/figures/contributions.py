"""What each record adds to a figure, so a secretariat can add the figure up from the drill-down page.

Pure: plain records (`records.YearRecords`) in, one `Contribution` per record out. The figure is the sum of
the contributions for sums and counts; for person-months it is Σ overlap days ÷ 30 (rounded once, at the end);
for rates each record says whether it is in the numerator or only the denominator.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .core import overlap_days, person_months
from .records import YearRecords
from .training import session_person_days

PERSON_MONTHS = {"internship.person_months", "teachers.enterprise_practice.person_months"}
DISTINCT_STUDENTS = {"joint.apprenticeship.students", "joint.field_engineer.students"}
RATES = {"apprenticeship.post_ratio_pct", "pathway.exam_progression_pct", "employment.rate_pct",
         "employment.local_rate_pct", "service.rd_conversion_pct"}
ENTERPRISE_SUMS = {"enterprises.employees": "employees", "enterprises.assets_wan": "assets",
                   "enterprises.sales_wan": "sales", "enterprises.coop_benefit_wan": "coop_benefit"}
PLACED = ("employed", "self_employed", "further_study", "further_study_exam")


@dataclass(frozen=True)
class Contribution:
    """amount: what the record adds (None for a rate's record); days: overlap days for person-months;
    role: 'numerator' / 'denominator' for rates; note: a short Chinese explanation."""

    amount: Decimal | int | None
    days: int | None = None
    role: str | None = None
    note: str = ""


def _by_id(items) -> dict:
    return {i.id: i for i in items}


def contributions(key: str, records: YearRecords, year: int, refs: list[tuple[str, int]]
                  ) -> dict[tuple[str, int], Contribution]:
    """One contribution per (kind, id) of the figure's records."""
    out: dict[tuple[str, int], Contribution] = {}
    if key in PERSON_MONTHS:
        source = _by_id(records.placements if key == "internship.person_months" else records.practice)
        for kind, rid in refs:
            r = source.get(rid)
            if r is not None:
                days = overlap_days(r.start_date, r.end_date, year)
                out[(kind, rid)] = Contribution((Decimal(days) / 30).quantize(Decimal("0.01")), days,
                                                note=f"{days} 天 ÷ 30")
        return out
    if key in DISTINCT_STUDENTS:
        placements = _by_id(records.placements)
        seen = set()
        for kind, rid in refs:
            p = placements.get(rid)
            if p is None:
                continue
            first = p.student_id not in seen
            seen.add(p.student_id)
            out[(kind, rid)] = Contribution(1 if first else 0, note="" if first else "同一学生已计入")
        return out
    if key.startswith("training.") or key == "service.skill_certifications":
        if key == "service.skill_certifications":
            return {ref: Contribution(1) for ref in refs}
        sessions = _by_id(records.sessions)
        for kind, rid in refs:
            s = sessions.get(rid)
            if s is not None:
                out[(kind, rid)] = Contribution(session_person_days(s),
                                                note="结业人数 × 天数")
        return out
    if key.endswith(".class_hours"):
        engagements = _by_id(records.engagements)
        return {(k, i): Contribution(Decimal(engagements[i].class_hours)) for k, i in refs if i in engagements}
    if key in ENTERPRISE_SUMS:
        rows = _by_id(records.enterprise_years)
        attr = ENTERPRISE_SUMS[key]
        return {(k, i): Contribution(getattr(rows[i], attr)) for k, i in refs if i in rows}
    if key == "service.rd_funds_wan":
        projects = _by_id(records.rd_projects)
        return {(k, i): Contribution(projects[i].funds_received) for k, i in refs if i in projects}
    if key in RATES:
        return _rate(key, records, year, refs)
    if key.startswith(("funding.", "park.")) or key.endswith((".names", ".students")):
        return {ref: Contribution(None) for ref in refs}
    # counts of records (个, 人次, 人): each counts once
    return {ref: Contribution(1) for ref in refs}


def _rate(key, records, year, refs):
    out = {}
    if key == "service.rd_conversion_pct":
        projects = _by_id(records.rd_projects)
        for k, i in refs:
            converted = i in projects and projects[i].converted
            out[(k, i)] = Contribution(None, role="numerator" if converted else "denominator",
                                       note="已转化" if converted else "未转化")
        return out
    if key == "apprenticeship.post_ratio_pct":
        positions, rows = _by_id(records.positions), _by_id(records.enterprise_years)
        for k, i in refs:
            if k == "position" and i in positions:
                out[(k, i)] = Contribution(positions[i].slots, role="numerator", note="学徒岗位数")
            elif i in rows:
                out[(k, i)] = Contribution(rows[i].employees, role="denominator", note="职工人数")
        return out
    students = _by_id(records.students)
    for k, i in refs:
        s = students.get(i)
        if s is None:
            continue
        if key == "pathway.exam_progression_pct":
            hit = s.outcome == "further_study_exam"
        elif key == "employment.rate_pct":
            hit = s.outcome in PLACED
        else:  # local rate: the city rule lives in metrics; the page shows the outcome city
            hit = None
        role = None if hit is None else ("numerator" if hit else "denominator")
        out[(k, i)] = Contribution(None, role=role)
    return out


def total_of(values: list[Contribution], key: str) -> Decimal | None:
    """The sum the page shows under the contributions (person-months: Σ days ÷ 30, rounded to 1 decimal)."""
    if key in PERSON_MONTHS:
        return person_months(sum(c.days or 0 for c in values))
    amounts = [c.amount for c in values if c.amount is not None]
    if not amounts or key in RATES:
        return None
    return sum((Decimal(a) for a in amounts), Decimal(0))
