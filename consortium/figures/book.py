"""The book's registry: every metrics.md key in the book's order with its Chinese label, unit, section and
the `(records, year) -> Figure` function computing it; `compute` gives every figure of a year.

Labels are marked with `N_` (extracted by Babel, translated where they are shown).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from .. import vocab
from . import teachers, training
from .core import Figure, N_, members_in, pct  # noqa: F401  (members_in, pct: part of the registry's interface)
from .overview import (FUND_SOURCES, MEMBER_TYPES, above_quota, above_scale, enterprise_sum, funding_planned,
                       funding_source, funding_years, members_count, members_names, members_students,
                       park_output_value)
from .records import YearRecords
from .service import rd_conversion_pct, rd_funds_wan, research_outputs, resource_count
from .talent import (EMPLOYED, apprenticeship_post_ratio_pct, demand_reports_published, employment_local_rate_pct,
                     employment_rate_pct, exam_progression_pct, internship_person_months, joint_other_students,
                     joint_students, normalise_city, pathway_students, undergrad_admissions)

TRAINING_KINDS = vocab.TRAINING_KINDS.book_labels()
SECTIONS = {
    "overview": N_("联合体概况"),
    "cobuilt": N_("资源共建共享"),
    "teachers": N_("师资共建共享"),
    "talent": N_("人才培养质量"),
    "service": N_("服务发展能力"),
    "enterprises": N_("联合体企业情况"),
}
__all__ = ["EMPLOYED", "FUND_SOURCES", "MEMBER_TYPES", "SECTIONS", "TRAINING_KINDS", "Figure", "Metric", "compute",
           "members_in", "metric_for", "normalise_city", "pct", "registry", "section2_metrics"]


@dataclass(frozen=True)
class Metric:
    """One key of metrics.md: label and unit as the book prints them, section, and the function computing it."""

    key: str
    label_parts: tuple  # the label's parts, joined by " · " (each translatable on its own)
    unit: str
    section: str
    fn: Callable[[YearRecords, int], Figure]
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
        return self.fn(records, year)


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
    for key, label, unit, fn, book in [
        ("teachers.enterprise_part_time.person_times", (N_("企业兼职教师"), N_("人次")), N_("人次"),
         teachers.enterprise_part_time_person_times, True),
        ("teachers.enterprise_part_time.class_hours", (N_("企业兼职教师"), N_("课时数")), N_("课时"),
         teachers.enterprise_part_time_class_hours, True),
        ("teachers.inter_school_part_time.person_times", (N_("校际兼职教师"), N_("人次")), N_("人次"),
         teachers.inter_school_part_time_person_times, True),
        ("teachers.inter_school_part_time.class_hours", (N_("校际兼职教师"), N_("课时数")), N_("课时"),
         teachers.inter_school_part_time_class_hours, True),
        ("teachers.enterprise_practice.person_months", N_("教师企业实践"), N_("人月"),
         teachers.enterprise_practice_person_months, True),
        ("teachers.dual_qualified.count", N_("双师型教师数"), N_("人"), teachers.dual_qualified_count, False),
    ]:
        tail.append(Metric(key, label, unit, "teachers", fn, book))
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
               training.skill_certifications),
        Metric("service.master_studios", N_("大师工作室数量"), N_("个"), "service",
               resource_count("master_studio", "service.master_studios", N_("大师工作室数量"))),
        Metric("training.enterprise_employees.person_days", N_("面向企业员工开展培训数"), N_("人日"), "service",
               training.enterprise_employees_person_days),
        Metric("training.special_groups.person_days", N_("面向农民工、退役军人、下岗职工等培训数"), N_("人日"), "service",
               training.special_groups_person_days),
    ]
    for kind, label in TRAINING_KINDS.items():
        key = f"training.by_kind.{kind}.person_days"
        tail.append(Metric(key, label, N_("人日"), "service", training.BY_KIND[kind], False))
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
