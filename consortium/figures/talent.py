"""Figures of talent cultivation (人才培养质量): joint training, placements, pathways and employment,
each `(records, year) -> Figure`."""
from __future__ import annotations

from typing import Iterable

from .core import COUNTED_STATUSES, SCHOOL_TYPES, VOCATIONAL_TYPES, Figure, members_in, overlap_days, overlaps, \
    pct, person_months, refs, year_bounds
from .overview import enterprise_year_rows
from .records import PlacementRecord, YearRecords

from ..vocab import EMPLOYED_OUTCOMES as EMPLOYED
from ..vocab import PLACED_OUTCOMES, STUDENT_KINDS


def normalise_city(name: str | None) -> str:
    """'郑州' and '郑州市' (and '河南省郑州市') are the same city: drop spaces, the province, and the suffix."""
    text = "".join((name or "").split())
    for prefix in ("河南省",):
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix):]
    for suffix in ("市", "地区"):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
    return text


def counted_placements(records: YearRecords, year: int, kinds: Iterable[str]) -> list[PlacementRecord]:
    """Student placements on positions of `kinds`: status accepted/active/completed, overlapping Y, with the
    position's enterprise and the student's school both members during Y."""
    current = members_in(records, year)
    kinds = set(kinds)
    first, last = year_bounds(year)
    return [p for p in records.placements
            if p.kind in kinds and p.status in COUNTED_STATUSES
            and p.start_date <= last and (p.end_date is None or p.end_date >= first)
            and p.enterprise_id in current and p.school_id in current]


def joint_students(kind: str, key: str, label: str):
    def fn(records: YearRecords, year: int) -> Figure:
        chosen = counted_placements(records, year, (kind,))
        students = {p.student_id for p in chosen}
        return Figure(key, len(students), refs("placement", (p.id for p in chosen)))
    fn.__doc__ = (f"`{key}` — {label} (人): distinct students with a placement (status accepted, active or "
                  f"completed) on a `{kind}` position active in Y (the placement's dates overlap Y; an open end "
                  "runs on); the position's enterprise and the student's school are members during Y.")
    return fn


def joint_other_students(records: YearRecords, year: int) -> Figure:
    """`joint.other.students` — 其他联合培养 (人): distinct students enrolled in a joint programme
    (订单班/冠名班 and the like) active in Y (its dates overlap Y; an open end runs on) whose school and
    enterprise are both members during Y."""
    current = members_in(records, year)
    chosen = [p for p in records.programmes
              if overlaps(p.start_date, p.end_date, year) and p.school_id in current and p.enterprise_id in current]
    students = {s for p in chosen for s in p.student_ids}
    return Figure("joint.other.students", len(students), refs("student", students))


def demand_reports_published(records: YearRecords, year: int) -> Figure:
    """`demand_reports.published` — 发布人才需求报告 (个): talent-demand reports the platform published in Y
    (published_date within 1 Jan – 31 Dec Y; drafts without a date never count)."""
    chosen = [r for r in records.demand_reports if r.published_date is not None and r.published_date.year == year]
    return Figure("demand_reports.published", len(chosen), refs("demand_report", (r.id for r in chosen)))


def apprenticeship_post_ratio_pct(records: YearRecords, year: int) -> Figure:
    """`apprenticeship.post_ratio_pct` — 企业设立学徒岗位占岗位总量的比例 (%): Σ slots of `apprenticeship`
    positions active in Y (dates overlap Y; not drafts; enterprise a member during Y) ÷ Σ `employees` of
    enterprise members for Y × 100, 1 decimal; null when the employees total is 0 or not entered."""
    current = members_in(records, year)
    positions = [p for p in records.positions
                 if p.kind == "apprenticeship" and p.status != "draft" and p.enterprise_id in current
                 and overlaps(p.start_date, p.end_date, year)]
    rows = [ey for ey in enterprise_year_rows(records, year) if ey.employees is not None]
    employees = sum(ey.employees for ey in rows)
    slots = sum(p.slots for p in positions)
    return Figure("apprenticeship.post_ratio_pct", pct(slots, employees),
                  refs("position", (p.id for p in positions)) + refs("enterprise_year", (e.id for e in rows)))


def internship_person_months(records: YearRecords, year: int) -> Figure:
    """`internship.person_months` — 企业为学生提供实习实训量 (人月): person-months of student placements
    (status accepted, active or completed) on `internship`, `apprenticeship` and `field_engineer` positions,
    overlapping Y: Σ overlap_days / 30 (both ends inclusive, an open end up to 31 Dec Y), rounded to 1 decimal
    at the end; the position's enterprise and the student's school are members during Y."""
    chosen = counted_placements(records, year, STUDENT_KINDS)
    days = sum(overlap_days(p.start_date, p.end_date, year) for p in chosen)
    return Figure("internship.person_months", person_months(days), refs("placement", (p.id for p in chosen)))


def school_students(records: YearRecords, year: int, types=SCHOOL_TYPES) -> list:
    current = members_in(records, year)
    return [s for s in records.students if s.school_id in current and current[s.school_id].type in types]


def pathway_students(pathway: str, key: str, label: str):
    def fn(records: YearRecords, year: int) -> Figure:
        chosen = [s for s in school_students(records, year)
                  if s.pathway == pathway and s.enrol_year is not None and s.enrol_year <= year
                  and (s.graduation_year is None or s.graduation_year >= year)]
        return Figure(key, len(chosen), refs("student", (s.id for s in chosen)))
    fn.__doc__ = (f"`{key}` — {label} (人数): students of member schools (members during Y) with pathway "
                  f"`{pathway}`, enrolled in Y: enrol year ≤ Y and not graduated before Y (graduation year "
                  "unknown or ≥ Y). A student without an enrol year is not counted.")
    return fn


def undergrad_admissions(records: YearRecords, year: int) -> Figure:
    """`pathway.undergrad_admissions` — 本科招收中高职毕业生和企业一线优秀员工 (人数): students admitted in Y
    (enrol year = Y) by undergraduate members (members during Y) whose admission route is
    `vocational_graduate` or `frontline_employee`."""
    chosen = [s for s in school_students(records, year, ("undergraduate",))
              if s.enrol_year == year and s.admission_route in ("vocational_graduate", "frontline_employee")]
    return Figure("pathway.undergrad_admissions", len(chosen), refs("student", (s.id for s in chosen)))


def exam_progression_pct(records: YearRecords, year: int) -> Figure:
    """`pathway.exam_progression_pct` — 通过"文化素质+职业技能"考试招生学生升学比例 (%): graduates in Y
    (graduation year = Y) of vocational member schools (中职、高职) whose outcome is `further_study_exam`
    ÷ all their graduates in Y × 100, 1 decimal; null when they have no graduates in Y."""
    graduates = [s for s in school_students(records, year, VOCATIONAL_TYPES) if s.graduation_year == year]
    progressed = [s for s in graduates if s.outcome == "further_study_exam"]
    return Figure("pathway.exam_progression_pct", pct(len(progressed), len(graduates)),
                  refs("student", (s.id for s in graduates)))


def employment_rate_pct(records: YearRecords, year: int) -> Figure:
    """`employment.rate_pct` — 联合体学校整体就业率 (%) (毕业去向落实率): graduates in Y of member schools whose
    outcome is `employed`, `self_employed`, `further_study` or `further_study_exam` ÷ all graduates in Y × 100,
    1 decimal; a graduate without an outcome counts in the denominator only; null when there is no graduate."""
    graduates = [s for s in school_students(records, year) if s.graduation_year == year]
    placed = [s for s in graduates if s.outcome in PLACED_OUTCOMES]
    return Figure("employment.rate_pct", pct(len(placed), len(graduates)), refs("student", (s.id for s in graduates)))


def employment_local_rate_pct(records: YearRecords, year: int) -> Figure:
    """`employment.local_rate_pct` — 留在当地就业创业比例 (%) (beyond the book): graduates in Y with outcome
    `employed`/`self_employed` whose outcome city is the consortium's city ÷ graduates in Y with outcome
    `employed`/`self_employed` × 100, 1 decimal. Cities compare normalised ('郑州' = '郑州市'); an unknown
    outcome city is not local. Null when no graduate is employed."""
    city = normalise_city(records.city)
    employed = [s for s in school_students(records, year) if s.graduation_year == year and s.outcome in EMPLOYED]
    local = [s for s in employed if city and normalise_city(s.outcome_city) == city]
    return Figure("employment.local_rate_pct", pct(len(local), len(employed)), refs("student", (s.id for s in employed)))
