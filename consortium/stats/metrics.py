"""Pure recommendation-book figures (推荐书, metrics.md): plain records in, `Figure(key, value, record_refs)` out.

No Flask and no database here. `REGISTRY` holds every metrics.md key in the book's order with its Chinese
label, unit and section; each function's docstring is its definition from metrics.md. Training and
teacher-exchange figures are computed by `training.metrics` and `teachers.metrics` and reused here.
Labels are marked with `N_` (extracted by Babel, translated where they are shown).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable, Iterable

from ..teachers import metrics as teacher_metrics
from ..training import metrics as training_metrics
from .records import SCHOOL_TYPES, VOCATIONAL_TYPES, YearRecords, overlaps, year_bounds


def N_(text: str) -> str:
    """Marks a label for translation without translating it (this module has no Flask)."""
    return text


COUNTED_STATUSES = ("accepted", "active", "completed")  # jobs.models.SLOT_STATUSES
STUDENT_KINDS = ("apprenticeship", "field_engineer", "internship")
EMPLOYED = ("employed", "self_employed")
PLACED_OUTCOMES = ("employed", "self_employed", "further_study", "further_study_exam")
ONE_DECIMAL = Decimal("0.1")

MEMBER_TYPES = {
    "secondary_vocational": N_("中职学校"), "higher_vocational": N_("高职学校(含职教本科)"),
    "undergraduate": N_("普通本科学校"), "government": N_("政府部门"), "enterprise": N_("企业"),
    "research": N_("科研机构"), "other": N_("其他组织"),
}
FUND_SOURCES = {"lead_unit": N_("牵头单位负担"), "government": N_("政府核拨"),
                "other_members": N_("其他成员负担"), "other": N_("其他途径")}
TRAINING_KINDS = {"pre_job": N_("岗前培训"), "job_transfer": N_("转岗培训"), "skill_upgrade": N_("技能提升培训"),
                  "continuing_education": N_("继续教育"), "certification": N_("技能鉴定/取证培训")}
# Sector lines in 万元 (book footnotes; metrics.md): which figure of EnterpriseYear and its threshold.
ABOVE_SCALE = {"industrial": ("main_revenue", Decimal(2000))}
ABOVE_QUOTA = {"wholesale": ("sales", Decimal(2000)), "retail": ("sales", Decimal(500)),
               "lodging": ("main_revenue", Decimal(200)), "catering": ("main_revenue", Decimal(200))}

SECTIONS = {
    "overview": N_("联合体概况"),
    "cobuilt": N_("资源共建共享"),
    "teachers": N_("师资共建共享"),
    "talent": N_("人才培养质量"),
    "service": N_("服务发展能力"),
    "enterprises": N_("联合体企业情况"),
}


@dataclass(frozen=True)
class Figure:
    """A figure and the records behind it: (record type, id) pairs (metrics.md: every figure is traceable)."""

    key: str
    value: object
    record_refs: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Metric:
    """One key of metrics.md: label and unit as the book prints them, section, and the function computing it."""

    key: str
    label_parts: tuple  # the label's parts, joined by " · " (each translatable on its own)
    unit: str
    section: str
    fn: Callable[[YearRecords, int], tuple[object, list[tuple[str, int]]]]
    book: bool = True  # False: "beyond the book" in metrics.md

    @property
    def label(self) -> str:
        return " · ".join(str(p) for p in self.label_parts)

    @property
    def definition(self) -> str:
        return (self.fn.__doc__ or "").strip()

    def __post_init__(self):
        if isinstance(self.label_parts, str):
            object.__setattr__(self, "label_parts", (self.label_parts,))

    def compute(self, records: YearRecords, year: int) -> Figure:
        value, refs = self.fn(records, year)
        return Figure(self.key, value, refs)


# ---- helpers ---------------------------------------------------------------------------------

def pct(numerator, denominator) -> Decimal | None:
    """numerator ÷ denominator × 100 with 1 decimal; None when the denominator is 0 (or unknown)."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def overlap_days(start, end, year: int) -> int:
    """Calendar days of [start, end] inside Y, both ends inclusive; an open end counts up to 31 Dec Y."""
    return teacher_metrics.overlap_days(start, end, year)


def person_months(days) -> Decimal:
    """Σ overlap_days / 30, rounded to 1 decimal at the end."""
    return teacher_metrics.person_months(days)


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


def members_in(records: YearRecords, year: int) -> dict:
    """Members during Y (joined on or before 31 Dec Y, not left before 1 Jan Y), by id."""
    return {m.id: m for m in records.members if m.is_member_in(year)}


def _refs(kind: str, ids: Iterable[int]) -> list[tuple[str, int]]:
    return [(kind, i) for i in sorted(set(ids))]


def _sum_entered(values: list, expected: int):
    """Σ of the entered values; None when some are expected and none is entered (never guess)."""
    entered = [v for v in values if v is not None]
    if expected and not entered:
        return None
    return sum((Decimal(v) for v in entered), Decimal(0))


def _converted(figure, kind: str) -> tuple[object, list[tuple[str, int]]]:
    return figure.value, _refs(kind, figure.record_ids)


# ---- section 1: overview -------------------------------------------------------------------

def _members_of_type(records, year, mtype):
    return sorted((m for m in members_in(records, year).values() if m.type == mtype), key=lambda m: (m.name, m.id))


def members_count(mtype: str):
    def fn(records: YearRecords, year: int):
        chosen = _members_of_type(records, year, mtype)
        return len(chosen), _refs("member", (m.id for m in chosen))
    fn.__doc__ = (f"`members.{mtype}.count` — 联合体成员情况 数量: number of member organizations of type "
                  f"`{mtype}` that are members during Y (joined on or before 31 Dec Y, not left before 1 Jan Y).")
    return fn


def members_students(mtype: str):
    def fn(records: YearRecords, year: int):
        chosen = _members_of_type(records, year, mtype)
        if mtype not in SCHOOL_TYPES:
            return None, []
        total = _sum_entered([m.students for m in chosen], len(chosen))
        return (int(total) if total is not None else None), _refs("member", (m.id for m in chosen))
    fn.__doc__ = (f"`members.{mtype}.students` — 在校生数: Σ enrolled students of the member schools of type "
                  f"`{mtype}` (schools only: null for other types). Members without a figure are left out and "
                  "flagged as missing input; null when none of them has one.")
    return fn


def members_names(mtype: str):
    def fn(records: YearRecords, year: int):
        chosen = _members_of_type(records, year, mtype)
        return [m.name for m in chosen], _refs("member", (m.id for m in chosen))
    fn.__doc__ = f"`members.{mtype}.names` — 单位名称: list of the names of the members of type `{mtype}` during Y."
    return fn


def _consortium_year(records: YearRecords, year: int):
    return next((cy for cy in records.consortium_years if cy.year == year), None)


def funding_years(records: YearRecords, year: int) -> list[int]:
    """Years whose planned funds are reported with year Y: Y, Y+1, Y+2 (the book's three columns, e.g.
    2023–2025) and every other year for which funds were entered."""
    entered = {cy.year for cy in records.consortium_years
               if any(v is not None for v in (cy.planned_funds, cy.source_lead_unit, cy.source_government,
                                              cy.source_other_members, cy.source_other))}
    return sorted({year, year + 1, year + 2} | entered)


def funding_planned(fund_year: int):
    def fn(records: YearRecords, _year: int):
        cy = _consortium_year(records, fund_year)
        if cy is None or cy.planned_funds is None:
            return None, []
        return Decimal(cy.planned_funds), [("consortium_year", cy.id)]
    fn.__doc__ = (f"`funding.{fund_year}.planned` — 拟投入运行经费总额 (万元): planned operating funds for "
                  f"{fund_year}, entered per year; null when not entered.")
    return fn


def funding_source(fund_year: int, source: str):
    def fn(records: YearRecords, _year: int):
        cy = _consortium_year(records, fund_year)
        value = getattr(cy, f"source_{source}", None) if cy is not None else None
        if value is None:
            return None, []
        return Decimal(value), [("consortium_year", cy.id)]
    fn.__doc__ = (f"`funding.{fund_year}.source.{source}` — {fund_year}年拟投入运行经费来源 (万元), source "
                  f"`{source}`, entered per year; null when not entered.")
    return fn


def park_output_value(records: YearRecords, year: int):
    """`park.output_value` — 产业园区总产值 (亿元): entered per year (the value entered for Y); null when not entered."""
    cy = _consortium_year(records, year)
    if cy is None or cy.park_output_value is None:
        return None, []
    return Decimal(cy.park_output_value), [("consortium_year", cy.id)]


# ---- section 2: co-built resources and service (stock counts) ------------------------------

def counted_resources(records: YearRecords, year: int, kind: str) -> list:
    """Resources of `kind` existing during Y (established on or before 31 Dec Y, not closed before 1 Jan Y)
    with at least one partner that is a member during Y."""
    current = members_in(records, year)
    first, last = year_bounds(year)
    return [r for r in records.resources
            if r.kind == kind and r.established_date <= last and (r.closed_date is None or r.closed_date >= first)
            and any(p in current for p in r.partner_ids)]


def resource_count(kind: str, key: str, label: str):
    def fn(records: YearRecords, year: int):
        chosen = counted_resources(records, year, kind)
        return len(chosen), _refs("resource", (r.id for r in chosen))
    fn.__doc__ = (f"`{key}` — {label} (个): co-built resources of kind `{kind}` existing during Y (a stock: "
                  "established on or before 31 Dec Y and not closed before 1 Jan Y) with at least one partner "
                  "that is a member during Y.")
    return fn


# ---- teachers (reused from teachers.metrics) -------------------------------------------------

def teacher_figure(key: str, kind: str):
    source, compute = teacher_metrics.FIGURES[key]
    attr = {"engagements": "engagements", "placements": "practice", "teachers": "teachers"}[source]

    def fn(records: YearRecords, year: int):
        return _converted(compute(getattr(records, attr), records.members, year), kind)
    fn.__doc__ = compute.__doc__
    return fn


# ---- talent cultivation --------------------------------------------------------------------

def counted_placements(records: YearRecords, year: int, kinds: Iterable[str]) -> list:
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
    def fn(records: YearRecords, year: int):
        chosen = counted_placements(records, year, (kind,))
        students = {p.student_id for p in chosen}
        return len(students), _refs("placement", (p.id for p in chosen))
    fn.__doc__ = (f"`{key}` — {label} (人): distinct students with a placement (status accepted, active or "
                  f"completed) on a `{kind}` position active in Y (the placement's dates overlap Y; an open end "
                  "runs on); the position's enterprise and the student's school are members during Y.")
    return fn


def joint_other_students(records: YearRecords, year: int):
    """`joint.other.students` — 其他联合培养 (人): distinct students enrolled in a joint programme
    (订单班/冠名班 and the like) active in Y (its dates overlap Y; an open end runs on) whose school and
    enterprise are both members during Y."""
    current = members_in(records, year)
    chosen = [p for p in records.programmes
              if overlaps(p.start_date, p.end_date, year) and p.school_id in current and p.enterprise_id in current]
    students = {s for p in chosen for s in p.student_ids}
    return len(students), _refs("student", students)


def demand_reports_published(records: YearRecords, year: int):
    """`demand_reports.published` — 发布人才需求报告 (个): talent-demand reports the platform published in Y
    (published_date within 1 Jan – 31 Dec Y; drafts without a date never count). A generated report counts
    once, in the year its first version was published; later versions are revisions of the same report."""
    chosen = [r for r in records.demand_reports if r.published_date is not None and r.published_date.year == year]
    refs = []
    for kind in sorted({r.kind for r in chosen}):
        refs += _refs(kind, (r.id for r in chosen if r.kind == kind))
    return len(chosen), refs


def _enterprise_year_rows(records: YearRecords, year: int) -> list:
    """EnterpriseYear rows for Y of the enterprise members during Y."""
    current = members_in(records, year)
    return [ey for ey in records.enterprise_years
            if ey.year == year and ey.member_id in current and current[ey.member_id].type == "enterprise"]


def apprenticeship_post_ratio_pct(records: YearRecords, year: int):
    """`apprenticeship.post_ratio_pct` — 企业设立学徒岗位占岗位总量的比例 (%): Σ slots of `apprenticeship`
    positions active in Y (dates overlap Y; not drafts; enterprise a member during Y) ÷ Σ `employees` of
    enterprise members for Y × 100, 1 decimal; null when the employees total is 0 or not entered."""
    current = members_in(records, year)
    positions = [p for p in records.positions
                 if p.kind == "apprenticeship" and p.status != "draft" and p.enterprise_id in current
                 and overlaps(p.start_date, p.end_date, year)]
    rows = [ey for ey in _enterprise_year_rows(records, year) if ey.employees is not None]
    employees = sum(ey.employees for ey in rows)
    slots = sum(p.slots for p in positions)
    return pct(slots, employees), _refs("position", (p.id for p in positions)) + _refs("enterprise_year",
                                                                                        (e.id for e in rows))


def internship_person_months(records: YearRecords, year: int):
    """`internship.person_months` — 企业为学生提供实习实训量 (人月): person-months of student placements
    (status accepted, active or completed) on `internship`, `apprenticeship` and `field_engineer` positions,
    overlapping Y: Σ overlap_days / 30 (both ends inclusive, an open end up to 31 Dec Y), rounded to 1 decimal
    at the end; the position's enterprise and the student's school are members during Y."""
    chosen = counted_placements(records, year, STUDENT_KINDS)
    days = sum(overlap_days(p.start_date, p.end_date, year) for p in chosen)
    return person_months(days), _refs("placement", (p.id for p in chosen))


def _school_students(records: YearRecords, year: int, types=SCHOOL_TYPES) -> list:
    current = members_in(records, year)
    return [s for s in records.students if s.school_id in current and current[s.school_id].type in types]


def pathway_students(pathway: str, key: str, label: str):
    def fn(records: YearRecords, year: int):
        chosen = [s for s in _school_students(records, year)
                  if s.pathway == pathway and s.enrol_year is not None and s.enrol_year <= year
                  and (s.graduation_year is None or s.graduation_year >= year)]
        return len(chosen), _refs("student", (s.id for s in chosen))
    fn.__doc__ = (f"`{key}` — {label} (人数): students of member schools (members during Y) with pathway "
                  f"`{pathway}`, enrolled in Y: enrol year ≤ Y and not graduated before Y (graduation year "
                  "unknown or ≥ Y). A student without an enrol year is not counted.")
    return fn


def undergrad_admissions(records: YearRecords, year: int):
    """`pathway.undergrad_admissions` — 本科招收中高职毕业生和企业一线优秀员工 (人数): students admitted in Y
    (enrol year = Y) by undergraduate members (members during Y) whose admission route is
    `vocational_graduate` or `frontline_employee`."""
    chosen = [s for s in _school_students(records, year, ("undergraduate",))
              if s.enrol_year == year and s.admission_route in ("vocational_graduate", "frontline_employee")]
    return len(chosen), _refs("student", (s.id for s in chosen))


def exam_progression_pct(records: YearRecords, year: int):
    """`pathway.exam_progression_pct` — 通过"文化素质+职业技能"考试招生学生升学比例 (%): graduates in Y
    (graduation year = Y) of vocational member schools (中职、高职) whose outcome is `further_study_exam`
    ÷ all their graduates in Y × 100, 1 decimal; null when they have no graduates in Y."""
    graduates = [s for s in _school_students(records, year, VOCATIONAL_TYPES) if s.graduation_year == year]
    progressed = [s for s in graduates if s.outcome == "further_study_exam"]
    return pct(len(progressed), len(graduates)), _refs("student", (s.id for s in graduates))


def employment_rate_pct(records: YearRecords, year: int):
    """`employment.rate_pct` — 联合体学校整体就业率 (%) (毕业去向落实率): graduates in Y of member schools whose
    outcome is `employed`, `self_employed`, `further_study` or `further_study_exam` ÷ all graduates in Y × 100,
    1 decimal; a graduate without an outcome counts in the denominator only; null when there is no graduate."""
    graduates = [s for s in _school_students(records, year) if s.graduation_year == year]
    placed = [s for s in graduates if s.outcome in PLACED_OUTCOMES]
    return pct(len(placed), len(graduates)), _refs("student", (s.id for s in graduates))


def employment_local_rate_pct(records: YearRecords, year: int):
    """`employment.local_rate_pct` — 留在当地就业创业比例 (%) (beyond the book): graduates in Y with outcome
    `employed`/`self_employed` whose outcome city is the consortium's city ÷ graduates in Y with outcome
    `employed`/`self_employed` × 100, 1 decimal. Cities compare normalised ('郑州' = '郑州市'); an unknown
    outcome city is not local. Null when no graduate is employed."""
    city = normalise_city(records.city)
    employed = [s for s in _school_students(records, year) if s.graduation_year == year and s.outcome in EMPLOYED]
    local = [s for s in employed if city and normalise_city(s.outcome_city) == city]
    return pct(len(local), len(employed)), _refs("student", (s.id for s in employed))


# ---- service capacity ----------------------------------------------------------------------

def _rd_projects(records: YearRecords, year: int) -> list:
    """School–enterprise R&D projects whose school and enterprise are both members during Y."""
    current = members_in(records, year)
    return [p for p in records.rd_projects if p.school_id in current and p.enterprise_id in current]


def rd_conversion_pct(records: YearRecords, year: int):
    """`service.rd_conversion_pct` — 校企合作开展技术研发的成果转化率 (%): R&D projects (school and enterprise
    both members during Y) completed in Y that are marked converted ÷ those completed in Y × 100, 1 decimal;
    null when none was completed in Y."""
    completed = [p for p in _rd_projects(records, year) if p.completed_date is not None and p.completed_date.year == year]
    converted = [p for p in completed if p.converted]
    return pct(len(converted), len(completed)), _refs("rd_project", (p.id for p in completed))


def rd_funds_wan(records: YearRecords, year: int):
    """`service.rd_funds_wan` — 到账经费 (万元): Σ funds received in Y (the project's funds year = Y) by
    school–enterprise R&D projects whose school and enterprise are both members during Y."""
    chosen = [p for p in _rd_projects(records, year) if p.funds_year == year and p.funds_received is not None]
    return sum((Decimal(p.funds_received) for p in chosen), Decimal(0)), _refs("rd_project", (p.id for p in chosen))


def research_outputs(records: YearRecords, year: int):
    """`service.research_outputs` — 研究成果数量 (个): research outputs (patents, utility models, awards,
    standards …) dated in Y with at least one member (during Y) among their organizations."""
    current = members_in(records, year)
    chosen = [o for o in records.research_outputs if o.date.year == year and any(m in current for m in o.member_ids)]
    return len(chosen), _refs("research_output", (o.id for o in chosen))


def _training(key: str):
    """A training figure computed by training.metrics (sessions/certificates, provider a member during Y)."""
    def fn(records: YearRecords, year: int):
        cache_key = ("training", year)
        figures = records.cache.get(cache_key)
        if figures is None:  # computed once per year, shared by the eight training keys
            figures = records.cache[cache_key] = training_metrics.training_figures(
                records.sessions, records.certificates, records.members, year)
        kind = "certificate" if key == "service.skill_certifications" else "session"
        return _converted(figures[key], kind)
    if key == "service.skill_certifications":
        fn.__doc__ = training_metrics.skill_certifications.__doc__
    elif key == "training.enterprise_employees.person_days":
        fn.__doc__ = training_metrics.enterprise_employees_person_days.__doc__
    elif key == "training.special_groups.person_days":
        fn.__doc__ = training_metrics.special_groups_person_days.__doc__
    else:
        kind = key.split(".")[2]
        fn.__doc__ = (f"`{key}` (beyond the book) — {TRAINING_KINDS[kind]} (人日): person-days of training "
                      f"sessions of kind `{kind}` ending in Y whose provider is a member during Y; person-days = "
                      "participants × days (days explicit or the inclusive calendar days; participants the "
                      "roster's completed count where kept, else the declared number).")
    return fn


# ---- member enterprises --------------------------------------------------------------------

def enterprise_sum(attr: str, key: str, label: str):
    def fn(records: YearRecords, year: int):
        current = members_in(records, year)
        enterprises = [m for m in current.values() if m.type == "enterprise"]
        rows = _enterprise_year_rows(records, year)
        value = _sum_entered([getattr(ey, attr) for ey in rows], len(enterprises))
        if attr == "employees" and value is not None:
            value = int(value)
        return value, _refs("enterprise_year", (ey.id for ey in rows if getattr(ey, attr) is not None))
    fn.__doc__ = (f"`{key}` — {label}: Σ `{attr}` of the enterprise members (members during Y) for Y. "
                  "Enterprises without figures for Y are left out and flagged as missing input; null when there "
                  "are enterprise members and none has the figure entered.")
    return fn


def _sector_count(records: YearRecords, year: int, lines: dict):
    current = members_in(records, year)
    enterprises = [m for m in current.values() if m.type == "enterprise"]
    rows = {ey.member_id: ey for ey in _enterprise_year_rows(records, year)}
    if enterprises and not rows:
        return None, []
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
    return len(chosen), _refs("enterprise_year", (ey.id for ey in chosen))


def above_scale(records: YearRecords, year: int):
    """`enterprises.above_scale` — 规模以上企业数 (个): enterprise members (during Y) of sector `industrial`
    whose main business revenue for Y ≥ 2000 万元. Null when no enterprise figures for Y are entered."""
    return _sector_count(records, year, ABOVE_SCALE)


def above_quota(records: YearRecords, year: int):
    """`enterprises.above_quota` — 限额以上企业数 (个): enterprise members (during Y) whose figure for Y reaches
    their sector's line: `wholesale` sales ≥ 2000, `retail` sales ≥ 500, `lodging` main business revenue ≥ 200,
    `catering` main business revenue ≥ 200 万元. Null when no enterprise figures for Y are entered."""
    return _sector_count(records, year, ABOVE_QUOTA)


# ---- the registry, in the book's order -----------------------------------------------------

def _static_metrics() -> tuple[list[Metric], list[Metric]]:
    """(section-1 metrics before the funding rows, every metric after them) — funding keys depend on the year."""
    head: list[Metric] = []
    for mtype, label in MEMBER_TYPES.items():
        head.append(Metric(f"members.{mtype}.count", (label, N_("数量")), N_("个"), "overview",
                           members_count(mtype)))
        head.append(Metric(f"members.{mtype}.students", (label, N_("在校生数")), N_("人"), "overview",
                           members_students(mtype)))
        head.append(Metric(f"members.{mtype}.names", (label, N_("单位名称")), "", "overview",
                           members_names(mtype)))
    tail: list[Metric] = [Metric("park.output_value", N_("产业园区总产值"), N_("亿元"), "overview", park_output_value)]
    cobuilt = [("majors", "major", N_("共建专业")), ("courses", "course", N_("共建课程")),
               ("textbooks", "textbook", N_("共建教材")), ("training_bases", "training_base", N_("共建实训基地")),
               ("industry_colleges", "industry_college", N_("共建产业学院"))]
    for name, kind, label in cobuilt:
        tail.append(Metric(f"cobuilt.{name}", label, N_("个"), "cobuilt", resource_count(kind, f"cobuilt.{name}", label)))
    for key, label, unit, kind, book in [
        ("teachers.enterprise_part_time.person_times", (N_("企业兼职教师"), N_("人次")), N_("人次"), "engagement", True),
        ("teachers.enterprise_part_time.class_hours", (N_("企业兼职教师"), N_("课时数")), N_("课时"), "engagement", True),
        ("teachers.inter_school_part_time.person_times", (N_("校际兼职教师"), N_("人次")), N_("人次"), "engagement", True),
        ("teachers.inter_school_part_time.class_hours", (N_("校际兼职教师"), N_("课时数")), N_("课时"), "engagement", True),
        ("teachers.enterprise_practice.person_months", N_("教师企业实践"), N_("人月"), "placement", True),
        ("teachers.dual_qualified.count", N_("双师型教师数"), N_("人"), "teacher", False),
    ]:
        tail.append(Metric(key, label, unit, "teachers", teacher_figure(key, kind), book))
    tail += [
        Metric("joint.apprenticeship.students", N_("中国特色学徒制培养"), N_("人"), "talent",
               joint_students("apprenticeship", "joint.apprenticeship.students", N_("中国特色学徒制培养"))),
        Metric("joint.field_engineer.students", N_("现场工程师培养"), N_("人"), "talent",
               joint_students("field_engineer", "joint.field_engineer.students", N_("现场工程师培养"))),
        Metric("joint.other.students", N_("其他联合培养"), N_("人"), "talent", joint_other_students),
        Metric("demand_reports.published", N_("发布人才需求报告"), N_("个"), "talent", demand_reports_published),
        Metric("apprenticeship.post_ratio_pct", N_("企业设立学徒岗位占岗位总量的比例"), "%", "talent",
               apprenticeship_post_ratio_pct),
        Metric("internship.person_months", N_("企业为学生提供实习实训量"), N_("人月"), "talent", internship_person_months),
        Metric("pathway.secondary_higher.students", N_("中高职贯通培养"), N_("人"), "talent",
               pathway_students("secondary_higher", "pathway.secondary_higher.students", N_("中高职贯通培养"))),
        Metric("pathway.secondary_higher_undergrad.students", N_("中高本衔接培养"), N_("人"), "talent",
               pathway_students("secondary_higher_undergrad", "pathway.secondary_higher_undergrad.students",
                                N_("中高本衔接培养"))),
        Metric("pathway.undergrad_admissions", N_("普通本科学校招收中高职毕业生和企业一线优秀员工"), N_("人"), "talent",
               undergrad_admissions),
        Metric("pathway.exam_progression_pct", N_("通过“文化素质+职业技能”考试招生学生升学比例"), "%", "talent",
               exam_progression_pct),
        Metric("employment.rate_pct", N_("联合体学校整体就业率"), "%", "talent", employment_rate_pct),
        Metric("employment.local_rate_pct", N_("毕业生留在当地就业创业比例"), "%", "talent", employment_local_rate_pct,
               False),
        Metric("service.tech_platforms", N_("共性技术服务平台"), N_("个"), "service",
               resource_count("tech_platform", "service.tech_platforms", N_("共性技术服务平台"))),
        Metric("service.rd_conversion_pct", N_("校企合作开展技术研发的成果转化率"), "%", "service", rd_conversion_pct),
        Metric("service.rd_funds_wan", N_("校企合作技术研发到账经费"), N_("万元"), "service", rd_funds_wan),
        Metric("service.research_outputs", N_("研究成果数量"), N_("个"), "service", research_outputs),
        Metric("service.skill_certifications", N_("技能鉴定量"), N_("人次"), "service",
               _training("service.skill_certifications")),
        Metric("service.master_studios", N_("大师工作室数量"), N_("个"), "service",
               resource_count("master_studio", "service.master_studios", N_("大师工作室数量"))),
        Metric("training.enterprise_employees.person_days", N_("面向企业员工开展培训数"), N_("人日"), "service",
               _training("training.enterprise_employees.person_days")),
        Metric("training.special_groups.person_days", N_("面向农民工、退役军人、下岗职工等培训数"), N_("人日"), "service",
               _training("training.special_groups.person_days")),
    ]
    for kind, label in TRAINING_KINDS.items():
        key = f"training.by_kind.{kind}.person_days"
        tail.append(Metric(key, label, N_("人日"), "service", _training(key), False))
    tail += [
        Metric("enterprises.employees", N_("企业职工总数"), N_("人"), "enterprises",
               enterprise_sum("employees", "enterprises.employees", N_("企业职工总数 (人)"))),
        Metric("enterprises.assets_wan", N_("企业资产总额"), N_("万元"), "enterprises",
               enterprise_sum("assets", "enterprises.assets_wan", N_("企业资产总额 (万元)"))),
        Metric("enterprises.sales_wan", N_("企业销售总额"), N_("万元"), "enterprises",
               enterprise_sum("sales", "enterprises.sales_wan", N_("企业销售总额 (万元)"))),
        Metric("enterprises.coop_benefit_wan", N_("校企合作产生的直接经济效益"), N_("万元"), "enterprises",
               enterprise_sum("coop_benefit", "enterprises.coop_benefit_wan", N_("校企合作产生的直接经济效益 (万元)"))),
        Metric("enterprises.above_scale", N_("规模以上企业数"), N_("个"), "enterprises", above_scale),
        Metric("enterprises.above_quota", N_("限额以上企业数"), N_("个"), "enterprises", above_quota),
    ]
    return head, tail


HEAD, TAIL = _static_metrics()


def funding_metrics(years: Iterable[int]) -> list[Metric]:
    out = []
    for y in years:
        out.append(Metric(f"funding.{y}.planned", (N_("拟投入运行经费总额"), str(y)), N_("万元"), "overview",
                          funding_planned(y)))
    for y in years:
        for source, label in FUND_SOURCES.items():
            out.append(Metric(f"funding.{y}.source.{source}", (N_("运行经费来源"), str(y), label), N_("万元"),
                              "overview", funding_source(y, source)))
    return out


def registry(year: int, records: YearRecords | None = None) -> list[Metric]:
    """Every metric of year Y in the book's order: section 1 (members, funds, park), then section 2."""
    years = funding_years(records or YearRecords(), year)
    return HEAD + funding_metrics(years) + TAIL


def metric_for(key: str) -> Metric | None:
    """The metric of a key (funding keys of any year included)."""
    for m in HEAD + TAIL:
        if m.key == key:
            return m
    parts = key.split(".")
    if parts[0] == "funding" and len(parts) >= 3 and parts[1].isdigit():
        candidates = funding_metrics([int(parts[1])])
        return next((m for m in candidates if m.key == key), None)
    return None


def section2_metrics() -> list[Metric]:
    """Section 2 (办学成效和服务能力) in the book's order."""
    return [m for m in TAIL if m.section != "overview"]


def compute(records: YearRecords, year: int) -> dict[str, Figure]:
    """Every figure of metrics.md for year Y, keyed and ordered as in the book."""
    return {m.key: m.compute(records, year) for m in registry(year, records)}
