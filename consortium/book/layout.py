"""The grids of the book's tables 1 and 2 as annex 2 draws them, built from plain values (no Flask, no DB).

A grid is a list of rows; each row a list of `Cell`s with a column span and a vertical-merge state, the way
Word stores a table (w:gridSpan, w:vMerge). The DOCX writer and the web page render the same grid, and the
DOCX test compares it with a fixture written from annex 2.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# Verbatim from annex 2 (footnotes ¹ ² of each table, 说明).
TABLE1_NOTES = ("¹ 联合体负责人指所在产业园区管委会负责同志。",
                "² 2023—2025年填写承诺建成数据,下同。")
TABLE2_NOTES = ("¹ 规模以上工业：指年主营业务收入在 2000 万元及以上的工业企业。",
                "² 限额以上贸易业、批发业(包括外贸企业)：年商品销售总额在 2000 万元以上 a 零售业：年商品销售总额在 "
                "500 万元以上 b 住宿业：年主营业务收入 200 万元以上 c 餐饮业：年主营业务收入 200 万元以上。")
EXPLANATION = (
    "一、请如实填写，规范严谨，及时提交。",
    "二、申报内容体现已有基础和建设承诺，明确时间、内容、结果，重点突出，逻辑清晰，叙述准确、精炼，不超出相应部分的篇幅规定要求。",
    "三、年度数据截止时间为每年 12 月 31 日，2022 年数据为拟组成联合体成员单位的汇总数据，2023—2025 年数据为申报单位承诺的建成数据。",
    "四、文字内容的字体为仿宋_GB2312，字号为小四号，行距为固定值 16 磅。",
    "五、推荐书的正文部分使用 A4 纸双面打印，左侧装订。支撑材料部分请设置目录索引，单独装订成册。",
)


def explanation(base: int, first: int, last: int) -> tuple[str, ...]:
    """说明 as the notice prints it; a consortium whose book uses other years reads its own years in 说明三."""
    third = EXPLANATION[2].replace("2022 年", f"{base} 年").replace("2023—2025 年", f"{first}—{last} 年")
    return EXPLANATION[:2] + (third,) + EXPLANATION[3:]


def table1_notes(first: int, last: int) -> tuple[str, ...]:
    return TABLE1_NOTES[:1] + (TABLE1_NOTES[1].replace("2023—2025年", f"{first}—{last}年"),)


CLEAN_RECORD = "产教联合体各成员单位近 3 年内在招生、就业、安全等领域未发生过违法或重大违规事件。"
MEMBER_ROWS = (("secondary_vocational", "中职学校"), ("higher_vocational", "高职学校(含职教本科)"),
               ("undergraduate", "普通本科学校"), ("government", "政府部门"), ("enterprise", "企业"),
               ("research", "科研机构"), ("other", "其他组织"))
SOURCE_ROWS = (("lead_unit", "牵头单位负担"), ("government", "政府核拨"), ("other_members", "其他成员负担"),
               ("other", "其他途径"))


@dataclass
class Cell:
    """One cell of the grid: `kind` label (printed as the form prints it), value (a figure), text (a narrative)."""

    text: str = ""
    span: int = 1
    vmerge: str | None = None  # None, "restart" or "continue"
    kind: str = "label"
    limit: int | None = None  # narratives: the character limit
    key: str | None = None  # the figure or narrative key behind the cell
    bold: bool = False
    rowspan: int = 1  # set by `with_rowspans` for HTML


@dataclass
class BookValues:
    """Everything the two tables print, as plain values."""

    base_year: int
    committed_years: list[int]
    profile: dict = field(default_factory=dict)  # consortium fields (name, established_date, leader_name …)
    members: dict = field(default_factory=dict)  # figures of the members' year: members.<type>.count …
    actual: dict = field(default_factory=dict)  # figures of the base year, by key
    committed: dict = field(default_factory=dict)  # year → key → Decimal
    funds: dict = field(default_factory=dict)  # year → {planned, lead_unit, government, other_members, other}
    park_output: object = None  # 亿元, base year
    narratives: dict = field(default_factory=dict)  # year → key → text
    limits: dict = field(default_factory=dict)  # narrative key → character limit

    @property
    def first_committed(self) -> int:
        return self.committed_years[0]


def number(value) -> str:
    """A figure as printed: integers as integers ("136", never "136.0"), decimals without trailing zeros,
    names joined by 、, '' for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        return format(value.normalize(), "f")
    return str(value)


def _with_unit(value, unit: str) -> str:
    text = number(value)
    return f"{text} {unit}".strip() if text else ""


def _label(text, span=1, vmerge=None, bold=False) -> Cell:
    return Cell(text, span, vmerge, "label", bold=bold)


def _value(text, span=1, key=None) -> Cell:
    return Cell(text, span, None, "value", key=key)


def _vertical(rows: list[list[Cell]], column_cell: Cell) -> None:
    """Put `column_cell` in front of every row: restart on the first, continue on the others."""
    for i, row in enumerate(rows):
        if i == 0:
            column_cell.vmerge = "restart" if len(rows) > 1 else None
            row.insert(0, column_cell)
        else:
            row.insert(0, Cell("", column_cell.span, "continue", column_cell.kind))


# ---- table 1: 联合体概况 (7 grid columns) ----------------------------------------------------------

def table1(v: BookValues) -> list[list[Cell]]:
    p = v.profile
    first = v.first_committed
    rows: list[list[Cell]] = [
        [_label("联合体名称", 2), _value(p.get("name", ""), 3), _label("(拟)成立时间"),
         _value(p.get("established", ""))],
        [_label("联合体负责人¹", 2), _value(p.get("leader_name", ""), 3), _label("职务及联系方式"),
         _value(p.get("leader_title_contact", ""))],
    ]
    secretariat = [
        [_label("秘书处所在单位"), _value(p.get("secretariat_host", ""), 2), _label("秘书处负责人", 2),
         _value(p.get("secretariat_head", ""))],
        [_label("固定办公面积"), _value(_with_unit(p.get("office_area"), "m²"), 2), _label("联系电话", 2),
         _value(p.get("secretariat_phone", ""))],
        [_label("人员总数"), _value(number(p.get("staff_total"))), _label("专职人数"),
         _value(number(p.get("staff_full_time"))), _label("兼职人数"), _value(number(p.get("staff_part_time")))],
        [_label("人员姓名"), _value(p.get("staff_names", ""), 5)],
    ]
    _vertical(secretariat, _label("秘书处(办公室)情况"))
    members = [[_label("组成"), _label("数量(在校生数)", 2), _label("单位名称", 3)]]
    for mtype, label in MEMBER_ROWS:
        count = v.members.get(f"members.{mtype}.count")
        students = v.members.get(f"members.{mtype}.students")
        amount = number(count) + (f"({number(students)})" if students is not None else "")
        members.append([_label(label), _value(amount, 2, f"members.{mtype}.count"),
                        _value(number(v.members.get(f"members.{mtype}.names")), 3, f"members.{mtype}.names")])
    _vertical(members, _label("联合体成员情况"))
    funds = [_label("拟投入运行经费总额(万元)", 2)]
    for i, year in enumerate(v.committed_years[:3]):
        mark = "²" if i == 0 else ""
        planned = v.funds.get(year, {}).get("planned")
        funds.append(_value(f"{year}年{mark} {number(planned)}".strip(), 2 if i < 2 else 1,
                            f"funding.{year}.planned"))
    sources = []
    for source, label in SOURCE_ROWS:
        sources.append([_label(label), _value(number(v.funds.get(first, {}).get(source)), 5,
                                              f"funding.{first}.source.{source}")])
    _vertical(sources, _label(f"{first}年拟投入运行经费来源(万元)"))
    rows += secretariat + members + [funds] + sources
    rows.append([_label(f"{v.base_year}年产业园区总产值(亿元)", 2), _value(number(v.park_output), 5,
                                                                     "park.output_value")])
    rows.append([_label("产业园区主导产业情况", 2), _text(v, "leading_industries", 5, v.first_committed)])
    rows.append([_label("联合体所在地制定支持职业教育政策及落实情况", 2), _text(v, "policies", 5, v.first_committed)])
    return rows


def _text(v: BookValues, key: str, span: int, year: int) -> Cell:
    return Cell(v.narratives.get(year, {}).get(key, "") or "", span, None, "text", v.limits.get(key), key)


# ---- table 2: 办学成效和服务能力 (5 grid columns: group, sub-group, item, base year, first committed) ----

# (label, key, unit printed in the year cells) — labels verbatim from annex 2.
COBUILT = (("共建专业", "cobuilt.majors", "个"), ("共建课程", "cobuilt.courses", "个"),
           ("共建教材", "cobuilt.textbooks", "个"), ("共建实训基地", "cobuilt.training_bases", "个"),
           ("共建产业学院", "cobuilt.industry_colleges", "个"))
SHARED_TEACHERS = (("企业兼职教师", (("teachers.enterprise_part_time.person_times", "人次"),
                                  ("teachers.enterprise_part_time.class_hours", "课时数"))),
                   ("校际兼职教师", (("teachers.inter_school_part_time.person_times", "人次"),
                                  ("teachers.inter_school_part_time.class_hours", "课时数"))))
JOINT = (("中国特色学徒制培养", "joint.apprenticeship.students", "人"),
         ("现场工程师培养", "joint.field_engineer.students", "人"),
         ("其他联合培养", "joint.other.students", "人"))
TALENT_TAIL = (("联合体内企业设立学徒岗位占岗位总量的比例 (%)", "apprenticeship.post_ratio_pct"),
               ("联合体内企业为学生提供实习实训量 (人月)", "internship.person_months"),
               ("中高职贯通培养（人数）", "pathway.secondary_higher.students"),
               ("中高本衔接培养（人数）", "pathway.secondary_higher_undergrad.students"),
               ("联合体内普通本科学校招收中高职毕业生和企业一线优秀员工就读本科和专业学位研究生（人数）",
                "pathway.undergrad_admissions"),
               ("通过“文化素质+职业技能”考试招生学生升学比例（%）", "pathway.exam_progression_pct"),
               ("联合体学校整体就业率（%）", "employment.rate_pct"))
SERVICE = (("共性技术服务平台（个）", "service.tech_platforms"),
           ("校企合作开展技术研发的成果转化率（%）/到账经费（万元）", ("service.rd_conversion_pct", "service.rd_funds_wan")),
           ("研究成果数量（个）", "service.research_outputs"), ("技能鉴定量（人次）", "service.skill_certifications"),
           ("大师工作室数量（个）", "service.master_studios"),
           ("面向企业员工开展培训数（人日）", "training.enterprise_employees.person_days"),
           ("面向农民工、退役军人、下岗职工等培训数（人日）", "training.special_groups.person_days"))
ENTERPRISES = (("企业职工总数（人）", "enterprises.employees"), ("企业资产总额（万元）", "enterprises.assets_wan"),
               ("{base} 年企业销售总额（万元）", "enterprises.sales_wan"),
               ("{base} 年校企合作产生的直接经济效益（万元）", "enterprises.coop_benefit_wan"),
               ("规模以上企业数（个）¹", "enterprises.above_scale"), ("限额以上企业数（个）²", "enterprises.above_quota"))
NARRATIVE_LABELS = {
    "teacher_awards": "教师教学团队获国家级奖励情况",
    "info_platform": "搭建人才供需信息平台,完善职业教育专业动态调整机制情况",
    "new_methods": "联合体各类主体深入合作,及时把新方法、新技术、新工艺、新标准引入教育教学实践情况",
    "skills_contests": "职业学校技能大赛获奖情况",
}


def book_keys() -> list[str]:
    """Every section-2 figure the book prints, in its order: the figures a consortium commits to."""
    keys = [k for _l, k, _u in COBUILT]
    keys += [k for _l, pair in SHARED_TEACHERS for k, _u in pair]
    keys.append("teachers.enterprise_practice.person_months")
    keys += [k for _l, k, _u in JOINT]
    keys.append("demand_reports.published")
    keys += [k for _l, k in TALENT_TAIL]
    for _l, k in SERVICE:
        keys += list(k) if isinstance(k, tuple) else [k]
    keys += [k for _l, k in ENTERPRISES]
    return keys


def _year_values(v: BookValues, key: str, unit: str = "") -> list[Cell]:
    actual = v.actual.get(key)
    committed = v.committed.get(v.first_committed, {}).get(key)
    return [_value(_with_unit(actual, unit) if unit else number(actual), key=key),
            _value(_with_unit(committed, unit) if unit else number(committed), key=key)]


def _combo_values(v: BookValues, keys: tuple[str, str]) -> list[Cell]:
    out = []
    for source in (v.actual, v.committed.get(v.first_committed, {})):
        parts = [number(source.get(k)) for k in keys]
        out.append(_value(" / ".join(p or "—" for p in parts) if any(parts) else "", key=keys[0]))
    return out


def table2(v: BookValues) -> list[list[Cell]]:
    base, first = v.base_year, v.first_committed
    years = [_label(f"{base} 年", bold=True), _label(f"{first} 年", bold=True)]
    # As annex 2 draws it: the header (项目名称 | base | first) is the first row of 资源共建共享, whose group cell
    # starts beside it; 人才培养质量 and 服务发展能力 carry their own header rows further down.
    header = [_label("项目名称", 2, bold=True), *years]
    cobuilt = [header] + [[_label(label, 2), *_year_values(v, key, unit)] for label, key, unit in COBUILT]
    teachers: list[list[Cell]] = []
    for label, pair in SHARED_TEACHERS:
        rows = [[*_year_values(v, key, unit)] for key, unit in pair]
        _vertical(rows, _label(label))
        teachers += rows
    _vertical(teachers, _label("师资共建共享"))
    cobuilt += teachers
    cobuilt.append([_label("教师企业实践", 2), *_year_values(v, "teachers.enterprise_practice.person_months", "人月")])
    cobuilt.append([_label(NARRATIVE_LABELS["teacher_awards"], 2), _text(v, "teacher_awards", 2, first)])
    _vertical(cobuilt, _label("资源共建共享", bold=True))
    joint = [[_label("类型"), _label(f"{base} 年"), _label(f"{first} 年")]]
    joint += [[_label(label), *_year_values(v, key, unit)] for label, key, unit in JOINT]
    _vertical(joint, _label("联合培养情况"))
    talent = joint + [[_label("发布人才需求报告 (个)", 2), *_year_values(v, "demand_reports.published")]]
    for key in ("info_platform", "new_methods"):
        talent.append([_label(NARRATIVE_LABELS[key], 2), _text(v, key, 1, base), _text(v, key, 1, first)])
    talent += [[_label(label, 2), *_year_values(v, key)] for label, key in TALENT_TAIL]
    talent.append([_label(NARRATIVE_LABELS["skills_contests"], 2), _text(v, "skills_contests", 2, first)])
    _vertical(talent, _label("人才培养质量", bold=True))
    service = [[_label("项目名称", 2), _label(f"{base} 年"), _label(f"{first} 年")]]
    for label, key in SERVICE:
        service.append([_label(label, 2), *(_combo_values(v, key) if isinstance(key, tuple) else _year_values(v, key))])
    _vertical(service, _label("服务发展能力", bold=True))
    enterprises = [[_label(label.format(base=base), 2), *_year_values(v, key)] for label, key in ENTERPRISES]
    _vertical(enterprises, _label("联合体企业情况", bold=True))
    return cobuilt + talent + service + enterprises


def signature_rows() -> list[list[Cell]]:
    """Section 5 (申报承诺): two rows, label | the text with room to sign."""
    return [[_label("申报单位承诺", bold=True), Cell("", 1, None, "sign", key="pledge")],
            [_label("教育行政部门意见", bold=True), Cell("", 1, None, "sign", key="bureau")]]


def grid_signature(rows: list[list[Cell]]) -> list[list[tuple]]:
    """The grid as (kind, span, vmerge, label text) per cell: what the fixture of annex 2 compares."""
    return [[(c.kind if c.kind == "label" else "value", c.span, c.vmerge, c.text if c.kind == "label" else None)
             for c in row] for row in rows]


def with_rowspans(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Set `rowspan` on each vertical-merge start (for HTML, where continued cells are left out)."""
    starts = []
    for row in rows:
        col, found = 0, {}
        for cell in row:
            found[col] = cell
            col += cell.span
        starts.append(found)
    for r, found in enumerate(starts):
        for col, cell in found.items():
            if cell.vmerge == "restart":
                n = 1
                while r + n < len(starts) and getattr(starts[r + n].get(col), "vmerge", None) == "continue":
                    n += 1
                cell.rowspan = n
    return rows
