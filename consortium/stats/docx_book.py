"""The whole recommendation book (推荐书, annex 2) as DOCX, plus annex 3: 仿宋_GB2312 小四, fixed 16-pt lines, A4."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..vocab import MEMBER_TYPES, NARRATIVES
from ..figures import book
from ..timeutil import today
from .report import Report, section2_groups, text_value

FONT = "仿宋_GB2312"
SIZE = Pt(12)  # 小四
LINE = Pt(16)  # 行距固定值 16 磅


def _font(run, size=None, bold=False, color=None) -> None:
    """Set the font on a run, east-Asian name included (w:rFonts w:eastAsia)."""
    run.font.name = FONT
    run.font.size = size or SIZE
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _setup(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = SIZE
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    pf = style.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(25)


def _para(doc_or_cell, text="", *, bold=False, size=None, align=None, color=None):
    p = doc_or_cell.add_paragraph()
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = LINE if size is None or size <= SIZE else Pt(size.pt + 4)
    if align is not None:
        p.alignment = align
    if text:
        _font(p.add_run(text), size=size, bold=bold, color=color)
    return p


def _cell_text(cell, text, *, bold=False, align=None):
    cell.text = ""
    p = cell.paragraphs[0]
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = LINE
    if align is not None:
        p.alignment = align
    _font(p.add_run(str(text) if text is not None else ""), bold=bold)


def _table(doc, rows: int, cols: int):
    table = doc.add_table(rows=rows, cols=cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    return table


def _narrative(doc, report: Report, key: str) -> None:
    """A narrative with its limit; text over the limit is flagged in red, never cut."""
    year = report.years[0]
    label, limit = NARRATIVES[key]
    text = report.narratives[year].get(key, "")
    if text:
        for line in text.splitlines() or [text]:
            _para(doc, line)
    else:
        _para(doc, "（未填写）", color=RGBColor(0x99, 0x99, 0x99))
    if key in report.over_limit[year]:
        _para(doc, f"【超出字数限制：{report.over_limit[year][key]}/{limit} 字，请精简】", bold=True,
              color=RGBColor(0xC0, 0x00, 0x00))


def _cover(doc, report: Report) -> None:
    c = report.consortium
    members = [m for m in c.members]
    lead_school = next((m.name for m in members if m.role == "lead_school"), "")
    lead_enterprise = next((m.name for m in members if m.role == "lead_enterprise"), "")
    for _i in range(4):
        _para(doc)
    _para(doc, "市域产教联合体推荐书", bold=True, size=Pt(26), align=WD_ALIGN_PARAGRAPH.CENTER)
    for _i in range(4):
        _para(doc)
    for label, value in (("联合体名称", c.name), ("推荐单位", ""), ("依托园区", c.park_name or ""),
                         ("牵头学校", lead_school), ("牵头企业", lead_enterprise),
                         ("填表日期", today().strftime("%Y年%m月%d日"))):
        p = _para(doc, align=WD_ALIGN_PARAGRAPH.LEFT)
        p.paragraph_format.left_indent = Mm(30)
        _font(p.add_run(f"{label}："), size=Pt(16))
        _font(p.add_run(value or "________________"), size=Pt(16))
    for _i in range(6):
        _para(doc)
    _para(doc, "河南省教育厅制", size=Pt(16), align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.add_page_break()


EXPLANATION = [
    "一、请如实填写，规范严谨，及时提交。",
    "二、申报内容体现已有基础和建设承诺，明确时间、内容、结果，重点突出，逻辑清晰，叙述准确、精炼，不超出相应部分的篇幅规定要求。",
    "三、年度数据截止时间为每年 12 月 31 日。",
    "四、文字内容的字体为仿宋_GB2312，字号为小四号，行距为固定值 16 磅。",
    "五、推荐书的正文部分使用 A4 纸双面打印，左侧装订。支撑材料部分请设置目录索引，单独装订成册。",
]


def _overview(doc, report: Report) -> None:
    c = report.consortium
    year = report.years[0]
    texts = report.narratives[year]
    _para(doc, "1. 联合体概况", bold=True, size=Pt(14))
    t = _table(doc, 0, 4)

    def row(*cells):
        r = t.add_row().cells
        for i, v in enumerate(cells):
            _cell_text(r[i], v)
        return r

    row("联合体名称", c.name, "(拟)成立时间", c.established_date.isoformat() if c.established_date else "")
    row("联合体负责人", c.leader_name or "", "职务及联系方式", " ".join(x for x in (c.leader_title, c.leader_contact) if x))
    row("秘书处所在单位", c.secretariat_host or "", "秘书处负责人", c.secretariat_head or "")
    row("固定办公面积(m²)", text_value(c.office_area), "联系电话", c.secretariat_phone or "")
    row("人员总数", text_value(c.staff_total), "专职/兼职人数",
        f"{text_value(c.staff_full_time)} / {text_value(c.staff_part_time)}")
    row("人员姓名", c.staff_names or "", "", "")
    figures = report.figures[year]
    r = row("联合体成员情况 组成", "数量(在校生数)", "单位名称", "")
    r[2].merge(r[3])
    for mtype, label in MEMBER_TYPES.items():
        count = figures[f"members.{mtype}.count"].value
        students = figures[f"members.{mtype}.students"].value
        amount = f"{count}" + (f"（{text_value(students)}）" if students is not None else "")
        r = row(str(label), amount, text_value(figures[f"members.{mtype}.names"].value), "")
        r[2].merge(r[3])
    fund_years = [year, year + 1, year + 2]
    r = row("拟投入运行经费总额(万元)", *[f"{y}年：{text_value(figures.get(f'funding.{y}.planned') and figures[f'funding.{y}.planned'].value)}"
                                  for y in fund_years])
    for source, label in book.FUND_SOURCES.items():
        row(f"{year}年拟投入运行经费来源(万元)", label, text_value(figures[f"funding.{year}.source.{source}"].value), "")
    row(f"{year}年产业园区总产值(亿元)", text_value(figures["park.output_value"].value), "", "")
    for key in ("leading_industries", "policies"):
        label, limit = NARRATIVES[key]
        text = texts.get(key, "")
        flag = f"【超出字数限制：{report.over_limit[year][key]}/{limit} 字】" if key in report.over_limit[year] else ""
        r = row(f"{label}（不超过{limit}字）", text + flag, "", "")
        r[1].merge(r[2]).merge(r[3])
    doc.add_paragraph()


def _section2(doc, report: Report) -> None:
    _para(doc, "2. 办学成效和服务能力", bold=True, size=Pt(14))
    years = report.years
    t = _table(doc, 1, 3 + len(years))
    head = t.rows[0].cells
    for i, text in enumerate(["类别", "项目名称", "单位", *[f"{y} 年" for y in years]]):
        _cell_text(head[i], text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for group, keys in section2_groups():
        first = None
        for key in keys:
            metric = book.metric_for(key)
            cells = t.add_row().cells
            if first is None:
                first = cells[0]
                _cell_text(cells[0], group, bold=True)
            else:
                first = first.merge(cells[0])
            _cell_text(cells[1], metric.label)
            _cell_text(cells[2], metric.unit, align=WD_ALIGN_PARAGRAPH.CENTER)
            for i, y in enumerate(years):
                _cell_text(cells[3 + i], text_value(report.value(y, key)), align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "注：规模以上工业指年主营业务收入在 2000 万元及以上的工业企业；限额以上：批发业年商品销售总额 2000 万元以上，"
               "零售业 500 万元以上，住宿业、餐饮业年主营业务收入 200 万元以上。", size=Pt(10.5))
    for key in ("teacher_awards", "info_platform", "new_methods", "skills_contests"):
        label, limit = NARRATIVES[key]
        _para(doc, f"{label}（不超过 {limit} 字）", bold=True)
        _narrative(doc, report, key)
    doc.add_page_break()


def _sections_3_to_5(doc, report: Report) -> None:
    _para(doc, "3. 特色与创新", bold=True, size=Pt(14))
    _para(doc, "（2000 字以内）")
    _narrative(doc, report, "features")
    _para(doc, "产教联合体各成员单位近 3 年内在招生、就业、安全等领域未发生过违法或重大违规事件。")
    _para(doc)
    _para(doc, "4. 建设规划", bold=True, size=Pt(14))
    _para(doc, "（1000 字以内）")
    _narrative(doc, report, "plan")
    _para(doc)
    _para(doc, "5. 申报承诺", bold=True, size=Pt(14))
    t = _table(doc, 2, 2)
    _cell_text(t.rows[0].cells[0], "申报单位承诺", bold=True)
    cell = t.rows[0].cells[1]
    _cell_text(cell, "我承诺：前述所填报数据、内容均真实、准确、有效，并自愿接受有关方面核查。"
                     "如有弄虚作假或其他违规行为，自愿退出认定，并接受处理。")
    for text in ("负责人签字", "公章", "年    月    日"):
        _para(cell, text, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _cell_text(t.rows[1].cells[0], "教育行政部门意见", bold=True)
    cell = t.rows[1].cells[1]
    _cell_text(cell, "推荐意见")
    for text in ("省辖市、济源示范区、航空港区、省直管县（市）教育行政部门负责人签字", "公章", "年    月    日"):
        _para(cell, text, align=WD_ALIGN_PARAGRAPH.RIGHT)
    doc.add_page_break()


def _annex3(doc, report: Report) -> None:
    _para(doc, "附件 3", bold=True)
    _para(doc, "市域产教联合体推荐名单汇总表", bold=True, size=Pt(16), align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "推荐单位 ________（公章）    填报人及联系方式 ________")
    t = _table(doc, 2, 2)
    _cell_text(t.rows[0].cells[0], "序号", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell_text(t.rows[0].cells[1], "市域产教联合体名称", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell_text(t.rows[1].cells[0], "1", align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell_text(t.rows[1].cells[1], report.consortium.name)


def to_docx(report: Report) -> bytes:
    """Cover, 说明, sections 1–5 and annex 3, as the notice lays them out."""
    doc = Document()
    _setup(doc)
    _cover(doc, report)
    _para(doc, "说  明", bold=True, size=Pt(16), align=WD_ALIGN_PARAGRAPH.CENTER)
    for line in EXPLANATION:
        _para(doc, line)
    doc.add_page_break()
    _overview(doc, report)
    _section2(doc, report)
    _sections_3_to_5(doc, report)
    _annex3(doc, report)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
