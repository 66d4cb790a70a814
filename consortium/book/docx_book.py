"""The recommendation book (推荐书, annex 2) as DOCX, laid out on the grids of `layout`, and annex 3
(推荐名单汇总表) as its own document.

说明四: 仿宋_GB2312, 小四 (12 pt), fixed 16-pt lines; the language is zh-CN and the font table names 仿宋 as
the fallback, so a machine without 仿宋_GB2312 uses a Chinese 仿宋 face rather than Japanese glyphs.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from . import layout
from .layout import Cell

FONT = "仿宋_GB2312"
FALLBACK = "仿宋"  # FangSong: the font table's altName for 仿宋_GB2312
HEADING_FONT = "黑体"
SIZE = Pt(12)  # 小四
LINE = Pt(16)  # 行距固定值 16 磅
LANG = "zh-CN"
# Blank lines printed for an empty narrative, by its character limit (room to write by hand).
BLANK_LINES = {100: 3, 200: 5, 500: 8, 1000: 14, 2000: 20}


@dataclass
class BookDocument:
    """What the DOCX prints besides the two grids."""

    values: layout.BookValues
    consortium_name: str
    recommending_unit: str = ""
    park_name: str = ""
    lead_school: str = ""
    lead_enterprise: str = ""
    filled_on: date | None = None
    declaration: bool = False  # the clean-record sentence is printed only when earned
    narratives: dict = field(default_factory=dict)  # features / plan texts
    over_limit: dict = field(default_factory=dict)  # narrative key → length, flagged for the secretariat
    extra: list = field(default_factory=list)  # (label, unit, value) rows beyond the book
    author: str = ""


# ---- styles and low-level helpers -------------------------------------------------------------

def _set_fonts(rpr, name: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    # Theme fonts win over named ones: the default template's East Asian theme font is Japanese (ＭＳ 明朝).
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANG)
    lang.set(qn("w:eastAsia"), LANG)


def _font_table(doc) -> None:
    """Declare 仿宋_GB2312 (and 黑体) in the font table with a Chinese charset and 仿宋 as its alternative."""
    part = None
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
    if part is None:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    for name, alt, family in ((FONT, FALLBACK, "modern"), (HEADING_FONT, "SimHei", "modern")):
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, val in (("w:altName", alt), ("w:charset", "86"), ("w:family", family), ("w:pitch", "fixed")):
            el = etree.SubElement(font, qn(tag))
            el.set(qn("w:val"), val)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _styles(doc) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_fonts(rpr, FONT)
    normal = doc.styles["Normal"]
    normal.font.size = SIZE
    _set_fonts(normal.element.get_or_add_rPr(), FONT)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE
    pf.space_before = pf.space_after = Pt(0)
    for name, size in (("Title", Pt(26)), ("Heading 1", Pt(16)), ("Heading 2", Pt(14))):
        style = doc.styles[name]
        style.font.size = size
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _set_fonts(style.element.get_or_add_rPr(), HEADING_FONT if name != "Title" else FONT)
        style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        style.paragraph_format.line_spacing = Pt(size.pt + 8)
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
        # Title has a bottom border in the default template: the book's cover has none.
        ppr = style.element.get_or_add_pPr()
        border = ppr.find(qn("w:pBdr"))
        if border is not None:
            ppr.remove(border)
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin, section.right_margin = Mm(28), Mm(26)  # bound on the left (说明五)
        section.top_margin = section.bottom_margin = Mm(25)


def _core(doc, title: str, author: str, subject: str) -> None:
    props = doc.core_properties
    now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    props.title = title
    props.subject = subject
    props.author = author
    props.last_modified_by = author
    props.language = LANG
    props.keywords = "市域产教联合体;推荐书"
    props.comments = "教办职成〔2023〕258号 附件2"
    props.created = now
    props.modified = now
    props.revision = 1


def _run(paragraph, text: str, *, bold=False, size=None, color=None):
    run = paragraph.add_run(text)
    run.bold = bold
    if size is not None:
        run.font.size = size
    if color is not None:
        run.font.color.rgb = color
    return run


def _para(container, text="", *, bold=False, size=None, align=None, style=None, color=None):
    p = container.add_paragraph(style=style)
    if align is not None:
        p.alignment = align
    if text:
        _run(p, text, bold=bold, size=size, color=color)
    return p


def _row_props(row, *, header=False, min_height=None) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))
    if min_height is not None:
        row.height = min_height
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def _span(cell_el, span: int) -> None:
    tcpr = cell_el.get_or_add_tcPr()
    if span > 1:
        grid = OxmlElement("w:gridSpan")
        grid.set(qn("w:val"), str(span))
        tcpr.append(grid)


def _vmerge(cell_el, state: str | None) -> None:
    if state:
        vm = OxmlElement("w:vMerge")
        if state == "restart":
            vm.set(qn("w:val"), "restart")
        cell_el.get_or_add_tcPr().append(vm)


def _blank_lines(limit: int | None) -> int:
    for bound, lines in sorted(BLANK_LINES.items()):
        if (limit or 100) <= bound:
            return lines
    return max(BLANK_LINES.values())


def _fill_cell(cell, spec: Cell, over_limit: dict) -> None:
    paragraph = cell.paragraphs[0]
    if spec.kind == "label":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if spec.text:
            _run(paragraph, spec.text, bold=spec.bold)
    elif spec.kind == "value":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if spec.text:
            _run(paragraph, spec.text)
    elif spec.kind == "text":
        lines = [line for line in spec.text.splitlines() if line.strip()]
        if not lines:  # room to write by hand, never a placeholder
            for _i in range(_blank_lines(spec.limit) - 1):
                cell.add_paragraph()
            return
        paragraph.paragraph_format.first_line_indent = Pt(24)
        _run(paragraph, lines[0])
        for line in lines[1:]:
            p = cell.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(24)
            _run(p, line)
        if spec.key in over_limit:
            _run(cell.add_paragraph(), f"【超出字数限制：{over_limit[spec.key]}/{spec.limit} 字，请精简】", bold=True,
                 color=RGBColor(0xC0, 0, 0))


def grid_table(doc, rows: list[list[Cell]], columns_cm: list[float], *, header_rows: int = 0,
               over_limit: dict | None = None):
    """A table drawn from a layout grid: gridSpan and vMerge as given, rows that never split across pages,
    the first `header_rows` repeated on every page."""
    table = doc.add_table(rows=0, cols=len(columns_cm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), columns_cm):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    _fixed_layout(table)
    for index, spec_row in enumerate(rows):
        tr = table._tbl.add_tr()
        col = 0
        for spec in spec_row:
            tc = tr.add_tc()
            tc.get_or_add_tcPr()
            tc.width = Cm(sum(columns_cm[col:col + spec.span]))
            col += spec.span
            _span(tc, spec.span)
            _vmerge(tc, spec.vmerge)
            if not tc.p_lst:
                tc.add_p()
        row = table.rows[index]
        _row_props(row, header=index < header_rows)
        for cell, spec in zip(_tcs(row), spec_row):
            if spec.vmerge != "continue":
                _fill_cell(cell, spec, over_limit or {})
    return table


def _fixed_layout(table) -> None:
    """Column widths as given (w:tblLayout fixed), so LibreOffice and Word draw the same grid."""
    tblpr = table._tbl.tblPr
    layout_el = OxmlElement("w:tblLayout")
    layout_el.set(qn("w:type"), "fixed")
    tblpr.append(layout_el)


def _widths(table, columns_cm: list[float]) -> None:
    table.autofit = False
    _fixed_layout(table)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), columns_cm):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, columns_cm):
            cell.width = Cm(width)


def _tcs(row):
    from docx.table import _Cell

    return [_Cell(tc, row.table) for tc in row._tr.tc_lst]


# ---- the book ---------------------------------------------------------------------------------

def _cover(doc, book: BookDocument) -> None:
    for _i in range(5):
        _para(doc)
    _para(doc, "市域产教联合体推荐书", style="Title", align=WD_ALIGN_PARAGRAPH.CENTER)
    for _i in range(5):
        _para(doc)
    filled = book.filled_on.strftime("%Y年%m月%d日") if book.filled_on else ""
    lines = [("联合体名称", book.consortium_name, ""), ("推荐单位", book.recommending_unit, ""),
             ("依托园区", book.park_name, "(公章)"), ("牵头学校", book.lead_school, "(公章)"),
             ("牵头企业", book.lead_enterprise, "(公章)"), ("填表日期", filled, "")]
    table = doc.add_table(rows=0, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value, seal in lines:
        cells = table.add_row().cells
        row = table.rows[-1]
        row.height, row.height_rule = Cm(1.4), WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell, text, width in zip(cells, (label, value, seal), (Cm(3.2), Cm(8.6), Cm(2.2))):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
            p = cell.paragraphs[0]
            p.paragraph_format.line_spacing = Pt(22)
            if text:
                _run(p, text, size=Pt(16))
        _bottom_border(cells[1])
    _widths(table, [3.2, 9.0, 2.4])
    for _i in range(6):
        _para(doc)
    _para(doc, "河南省教育厅制", size=Pt(16), align=WD_ALIGN_PARAGRAPH.CENTER)


def _bottom_border(cell) -> None:
    borders = OxmlElement("w:tcBorders")
    bottom = OxmlElement("w:bottom")
    for attr, val in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
        bottom.set(qn(attr), val)
    borders.append(bottom)
    cell._tc.get_or_add_tcPr().append(borders)


def _explanation(doc, v: layout.BookValues) -> None:
    _new_page(_para(doc, "说  明", style="Heading 1", align=WD_ALIGN_PARAGRAPH.CENTER))
    for line in layout.explanation(v.base_year, v.committed_years[0], v.committed_years[-1]):
        p = _para(doc, line)
        p.paragraph_format.first_line_indent = Pt(24)
        p.paragraph_format.line_spacing = Pt(24)


def _new_page(heading):
    """Start a part on a new page through its heading's 'page break before' (never an empty paragraph holding a
    break, which leaves a blank page whenever the text before it ends exactly at the foot of a page)."""
    heading.paragraph_format.page_break_before = True
    return heading


def _notes(doc, notes) -> None:
    for note in notes:
        _para(doc, note, size=Pt(9))


def _long_text(doc, book: BookDocument, key: str, limit: int) -> None:
    """Sections 3 and 4: the text in a boxed cell, or blank lines to write by hand."""
    table = grid_table(doc, [[Cell(book.narratives.get(key, ""), 1, None, "text", limit, key)]], [15.6],
                       over_limit=book.over_limit)
    table.rows[0].height, table.rows[0].height_rule = Cm(4), WD_ROW_HEIGHT_RULE.AT_LEAST
    # A long text may run over pages: only its own row, so let it split.
    trpr = table.rows[0]._tr.get_or_add_trPr()
    for el in trpr.findall(qn("w:cantSplit")):
        trpr.remove(el)


def _signatures(doc) -> None:
    table = doc.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    texts = {
        0: ("申报单位承诺", ["我承诺：前述所填报数据、内容均真实、准确、有效，并自愿接受有关方面核查。如有弄虚作假或其他违规行为，"
                           "自愿退出认定，并接受处理。"], "负责人签字："),
        1: ("教育行政部门意见", ["推荐意见："], "省辖市、济源示范区、航空港区、省直管县（市）教育行政部门负责人签字："),
    }
    _widths(table, [2.6, 13.0])
    for index, (label, body, signer) in texts.items():
        row = table.rows[index]
        _row_props(row, min_height=Cm(8.5))
        row.cells[0].width, row.cells[1].width = Cm(2.6), Cm(13)
        head = row.cells[0]
        head.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        head.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(head.paragraphs[0], label, bold=True)
        cell = row.cells[1]
        p = cell.paragraphs[0]
        p.paragraph_format.first_line_indent = Pt(24)
        _run(p, body[0])
        for _i in range(5 if index == 0 else 7):
            cell.add_paragraph()
        _run(cell.add_paragraph(), signer)
        for _i in range(3):
            cell.add_paragraph()
        for text in ("公章", "年    月    日"):
            q = cell.add_paragraph()
            q.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            q.paragraph_format.right_indent = Cm(1)
            _run(q, text)
        _keep_with_next_row(row, index == 0)


def _keep_with_next_row(row, keep: bool) -> None:
    """Keep a row on the page of the next one (Word keeps table rows together through their paragraphs'
    keep-with-next): the two signature rows of section 5 never part, so no page holds the second alone."""
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = keep


def _extra(doc, book: BookDocument) -> None:
    """The platform's own figures beyond the book: a separate appendix table, never inside the book's."""
    if not book.extra:
        return
    _new_page(_para(doc, "附表  平台补充数据（不属于推荐书表格，供参考）", style="Heading 2"))
    rows = [[Cell("项目", kind="label", bold=True), Cell("单位", kind="label", bold=True),
             Cell(f"{book.values.base_year} 年", kind="label", bold=True)]]
    rows += [[Cell(label, kind="label"), Cell(unit, kind="label"), Cell(layout.number(value), kind="value")]
             for label, unit, value in book.extra]
    grid_table(doc, rows, [9.6, 2.4, 3.6], header_rows=1)


def to_docx(book: BookDocument) -> bytes:
    """Cover, 说明, sections 1–5 as annex 2 lays them out, then the appendix of extra figures."""
    doc = Document()
    _styles(doc)
    _font_table(doc)
    _core(doc, f"市域产教联合体推荐书 — {book.consortium_name}", book.author or book.consortium_name,
          "市域产教联合体推荐书（附件2）")
    _cover(doc, book)
    v = book.values
    _explanation(doc, v)
    _new_page(_para(doc, "1. 联合体概况", style="Heading 1"))
    grid_table(doc, layout.table1(v), [2.2, 2.6, 1.6, 2.2, 2.0, 2.2, 2.8], over_limit=book.over_limit)
    _notes(doc, layout.table1_notes(v.committed_years[0], v.committed_years[-1]))
    _para(doc, "2. 办学成效和服务能力", style="Heading 1")
    # No repeated header row: annex 2's header row opens the 资源共建共享 group (its merged cell starts there), and
    # the later groups have their own header rows (类型 / 项目名称 | years), as the form prints them.
    grid_table(doc, layout.table2(v), [1.6, 2.2, 5.2, 3.3, 3.3], over_limit=book.over_limit)
    _notes(doc, layout.TABLE2_NOTES)
    _para(doc, "3. 特色与创新", style="Heading 1")
    _para(doc, "(2000 字以内)", align=WD_ALIGN_PARAGRAPH.CENTER)
    _long_text(doc, book, "features", 2000)
    if book.declaration:
        p = _para(doc, layout.CLEAN_RECORD)
        p.paragraph_format.first_line_indent = Pt(24)
        p.paragraph_format.space_before = Pt(6)
    _para(doc, "4. 建设规划", style="Heading 1")
    _para(doc, "(1000 字以内)", align=WD_ALIGN_PARAGRAPH.CENTER)
    _long_text(doc, book, "plan", 1000)
    # Section 5 starts a page: its two signature rows (8.5 cm each, kept together) then share one page instead
    # of the second falling alone on a nearly empty page after sections 3 and 4.
    _new_page(_para(doc, "5. 申报承诺", style="Heading 1"))
    _signatures(doc)
    _extra(doc, book)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ---- annex 3 ----------------------------------------------------------------------------------

def annex3_docx(recommending_unit: str, filler: str, names: list[str], author: str = "") -> bytes:
    """附件 3 市域产教联合体推荐名单汇总表, its own document: 推荐单位 (公章), 填报人及联系方式, 序号 | 名称."""
    doc = Document()
    _styles(doc)
    _font_table(doc)
    _core(doc, "市域产教联合体推荐名单汇总表", author or recommending_unit, "市域产教联合体推荐名单汇总表（附件3）")
    _para(doc, "附件 3", bold=True)
    _para(doc, "市域产教联合体推荐名单汇总表", style="Title", align=WD_ALIGN_PARAGRAPH.CENTER)
    p = _para(doc)
    p.paragraph_format.line_spacing = Pt(28)
    _run(p, f"推荐单位 {recommending_unit or '________________'}（公章）    填报人及联系方式 {filler or '________________'}")
    rows = [[Cell("序号", kind="label", bold=True), Cell("市域产教联合体名称", kind="label", bold=True)]]
    rows += [[Cell(str(i), kind="label"), Cell(name, kind="value")] for i, name in enumerate(names or [""], start=1)]
    if len(rows) < 3:
        rows.append([Cell(str(len(rows)), kind="label"), Cell("", kind="value")])
    table = grid_table(doc, rows, [2.0, 13.6], header_rows=1)
    for row in table.rows:
        row.height, row.height_rule = Cm(1.2), WD_ROW_HEIGHT_RULE.AT_LEAST
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def annex_document(title: str, author: str):
    """A blank document in the book's styles (for the materials index and the self-assessment)."""
    doc = Document()
    _styles(doc)
    _font_table(doc)
    _core(doc, title, author, title)
    return doc


def save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
