"""The book's DOCX is the book: its table grids match a fixture written from annex 2 (rows, columns,
merged cells, labels), integers print as integers, empty narratives print as blank lines, headings use
Word's heading styles, the language is zh-CN with a 仿宋 fallback, the file properties are real, the
platform's extra figures sit in a separate appendix table, and annex 3 is its own document."""
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from consortium.book import layout
from consortium.book.docx_book import BookDocument, annex3_docx, to_docx

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "annex2_grid.json").read_text(encoding="utf-8"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _values(**kw) -> layout.BookValues:
    base = dict(base_year=2022, committed_years=[2023, 2024, 2025],
                profile={"name": "测试联合体", "staff_total": 8, "staff_full_time": 3, "staff_part_time": 5,
                         "office_area": Decimal("120.00")},
                members={"members.enterprise.count": 7, "members.higher_vocational.count": 3,
                         "members.higher_vocational.students": 39000,
                         "members.enterprise.names": ["甲公司", "乙公司"]},
                actual={"cobuilt.majors": 5, "enterprises.employees": 136, "internship.person_months": Decimal("175.5"),
                        "enterprises.assets_wan": Decimal("136.00"), "employment.rate_pct": Decimal("83.3"),
                        "service.rd_conversion_pct": Decimal("50.0"), "service.rd_funds_wan": Decimal("45.00")},
                committed={2023: {"cobuilt.majors": Decimal("8.00"), "enterprises.employees": Decimal("150.00")}},
                funds={2023: {"planned": Decimal("1200.00"), "lead_unit": Decimal("500.00")},
                       2024: {"planned": Decimal("1500.00")}, 2025: {"planned": Decimal("1800.00")}},
                park_output=Decimal("1860.00"),
                narratives={2022: {"info_platform": "平台已上线。"}, 2023: {"leading_industries": "智能装备。"}},
                limits={"leading_industries": 200, "policies": 500, "teacher_awards": 100, "info_platform": 200,
                        "new_methods": 200, "skills_contests": 100, "features": 2000, "plan": 1000})
    base.update(kw)
    return layout.BookValues(**base)


def _book(**kw) -> BookDocument:
    data = dict(values=_values(), consortium_name="测试联合体", recommending_unit="郑州市教育局",
                park_name="郑州经济技术开发区", lead_school="甲职业学院", lead_enterprise="甲公司",
                filled_on=date(2023, 7, 30), declaration=True, narratives={"features": "特色。"},
                extra=[("双师型教师数", "人", 42), ("毕业生留在当地就业创业比例", "%", Decimal("61.0"))])
    data.update(kw)
    return BookDocument(**data)


def _doc(book=None) -> Document:
    return Document(io.BytesIO(to_docx(book or _book())))


def _grid(table) -> list[list[list]]:
    """The table as stored: per row, per w:tc — [gridSpan, vMerge, text]."""
    rows = []
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            tcpr = tc.tcPr
            span = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
            vm = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
            vmerge = None if vm is None else (vm.get(qn("w:val")) or "continue")
            text = "".join(t.text or "" for t in tc.iter(W + "t"))
            cells.append([int(span.get(qn("w:val"))) if span is not None else 1, vmerge, text])
        rows.append(cells)
    return rows


def _squash(text):
    return "".join((text or "").split())


def _compare(actual, expected):
    assert len(actual) == len(expected), f"rows: {len(actual)} != {len(expected)}"
    for r, (got, want) in enumerate(zip(actual, expected)):
        assert [(c[0], c[1]) for c in got] == [(c[0], c[1]) for c in want], f"row {r}: {got} != {want}"
        for c, (g, w) in enumerate(zip(got, want)):
            if w[2] is not None:
                assert _squash(g[2]) == _squash(w[2]), f"row {r} cell {c}: {g[2]!r} != {w[2]!r}"


def _book_tables(doc):
    """Tables 1 and 2: the tables that follow the headings 1. and 2."""
    body = doc.element.body
    found, heading = {}, None
    for el in body.iterchildren():
        if el.tag == W + "p":
            text = "".join(t.text or "" for t in el.iter(W + "t"))
            if text in ("1. 联合体概况", "2. 办学成效和服务能力"):
                heading = text
        elif el.tag == W + "tbl" and heading and heading not in found:
            found[heading] = next(t for t in doc.tables if t._tbl is el)
    return found["1. 联合体概况"], found["2. 办学成效和服务能力"]


def test_the_grids_match_annex_2():
    table1, table2 = _book_tables(_doc())
    _compare(_grid(table1), FIXTURE["table1"])
    _compare(_grid(table2), FIXTURE["table2"])
    # every row spans the whole grid
    for table, width in ((table1, 7), (table2, 5)):
        assert {sum(c[0] for c in row) for row in _grid(table)} == {width}


def test_a_changed_grid_would_fail_the_comparison():
    """The comparison is strict: a grid without the teachers' sub-group does not pass."""
    broken = [row[:] for row in FIXTURE["table2"]]
    broken[6] = [[1, "continue", ""], [2, None, "企业兼职教师"], [1, None, None], [1, None, None]]
    table2 = _book_tables(_doc())[1]
    with pytest.raises(AssertionError):
        _compare(_grid(table2), broken)


def test_values_print_as_the_book_prints_them():
    table1, table2 = _book_tables(_doc())
    cells = {(r, c): cell[2] for r, row in enumerate(_grid(table2)) for c, cell in enumerate(row)}
    rows = {_squash(row[-3][2]) if len(row) >= 3 else "": row for row in _grid(table2)}
    assert rows["共建专业"][-2][2] == "5 个" and rows["共建专业"][-1][2] == "8 个"  # 2022 actual | 2023 committed
    employees = next(row for row in _grid(table2) if _squash(row[1][2]) == "企业职工总数（人）")
    assert [employees[2][2], employees[3][2]] == ["136", "150"]  # never "136.0" or "150.00"
    assets = next(row for row in _grid(table2) if _squash(row[1][2]) == "企业资产总额（万元）")
    assert assets[2][2] == "136"
    months = next(row for row in _grid(table2) if "实习实训量" in row[1][2])
    assert months[2][2] == "175.5"
    rd = next(row for row in _grid(table2) if "成果转化率" in row[1][2])
    assert rd[2][2] == "50 / 45"
    t1 = _grid(table1)
    assert [c[2] for c in t1[14][1:]] == ["2023年² 1200", "2024年 1500", "2025年 1800"]
    assert t1[15][2][2] == "500" and t1[19][1][2] == "1860"
    assert t1[4][2][2] == "8" and t1[4][4][2] == "3" and t1[4][6][2] == "5"  # 专职 and 兼职 in their own cells
    assert t1[3][2][2] == "120 m²"
    assert t1[8][2][2] == "3(39000)"
    assert cells  # the grid was read


def test_narratives_sit_in_their_cells_and_empty_ones_are_blank_lines():
    doc = _doc()
    table2 = _book_tables(doc)[1]
    row = next(r for r in table2._tbl.tr_lst if "搭建人才供需信息平台" in "".join(t.text for t in r.iter(W + "t")))
    tcs = row.tc_lst
    assert "".join(t.text for t in tcs[-2].iter(W + "t")) == "平台已上线。"
    empty = tcs[-1]
    assert "".join(t.text or "" for t in empty.iter(W + "t")) == ""
    assert len(empty.findall(W + "p")) >= 4  # room to write by hand
    text = "\n".join(p.text for p in doc.paragraphs) + "".join(
        t.text or "" for t in doc.element.body.iter(W + "t"))
    assert "未填写" not in text


def test_styles_language_fonts_and_properties():
    doc = _doc()
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["说  明", "1. 联合体概况", "2. 办学成效和服务能力", "3. 特色与创新", "4. 建设规划",
                        "5. 申报承诺", "附表  平台补充数据（不属于推荐书表格，供参考）"]
    assert doc.paragraphs[[p.text for p in doc.paragraphs].index("市域产教联合体推荐书")].style.name == "Title"
    styles = doc.styles.element
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(qn("w:eastAsia")) == "zh-CN" and lang.get(qn("w:val")) == "zh-CN"
    normal = doc.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.font.size.pt == 12 and normal.paragraph_format.line_spacing.pt == 16
    font_table = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    assert "仿宋_GB2312" in font_table.blob.decode() and 'w:altName w:val="仿宋"' in font_table.blob.decode()
    props = doc.core_properties
    assert props.title == "市域产教联合体推荐书 — 测试联合体" and props.language == "zh-CN"
    assert props.created.year >= 2025 and props.author


def test_rows_do_not_split_and_table_2_has_the_forms_header_rows():
    table1, table2 = _book_tables(_doc())
    for table in (table1, table2):
        for tr in table._tbl.tr_lst:
            assert tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None
    grid = _grid(table2)
    # annex 2: the header row opens 资源共建共享 (its merged cell starts beside 项目名称 | 2022 年 | 2023 年) …
    assert grid[0] == [[1, "restart", "资源共建共享"], [2, None, "项目名称"], [1, None, "2022 年"], [1, None, "2023 年"]]
    assert grid[1][0] == [1, "continue", ""] and grid[1][1][2] == "共建专业"
    # … and the later groups carry their own header rows, so no row is repeated as a page header (a repeated
    # first row would print 资源共建共享 above 人才培养质量's rows)
    assert [r[1][2] for r in grid if len(r) > 2 and r[-2][2] == "2022 年"] == ["项目名称", "联合培养情况", "项目名称"]
    assert not [tr for tr in table2._tbl.tr_lst if tr.trPr.find(qn("w:tblHeader")) is not None]


def test_no_forced_break_paragraphs_and_section_5_kept_on_one_page():
    doc = _doc()
    body = doc.element.body
    breaks = [br for br in body.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    assert not breaks  # parts start on a new page through their headings, never through an empty paragraph
    starts = [p.text for p in doc.paragraphs if p.paragraph_format.page_break_before]
    assert starts == ["说  明", "1. 联合体概况", "5. 申报承诺", "附表  平台补充数据（不属于推荐书表格，供参考）"]
    sign = next(t for t in doc.tables if t.rows[0].cells[0].text == "申报单位承诺")
    first, second = sign.rows
    assert all(p.paragraph_format.keep_with_next for c in first.cells for p in c.paragraphs)  # the rows stay together
    assert not any(p.paragraph_format.keep_with_next for c in second.cells for p in c.paragraphs)


def test_cover_seals_recommending_unit_signatures_and_notes():
    doc = _doc()
    cover = doc.tables[0]
    rows = [[c.text for c in r.cells] for r in cover.rows]
    assert rows[1][:2] == ["推荐单位", "郑州市教育局"]
    assert [r[2] for r in rows].count("(公章)") == 3
    text = "\n".join(p.text for p in doc.paragraphs)
    for line in layout.EXPLANATION + layout.TABLE1_NOTES + layout.TABLE2_NOTES:
        assert line in text, line
    assert "2023—2025 年数据为申报单位承诺的建成数据" in text  # 说明三 in full
    sign = next(t for t in doc.tables if t.rows[0].cells[0].text == "申报单位承诺")
    for row in sign.rows:
        assert row.height.cm >= 8
        assert len(row.cells[1].paragraphs) >= 10
    assert layout.CLEAN_RECORD in text


def test_the_declaration_is_left_out_when_not_earned():
    text = "\n".join(p.text for p in _doc(_book(declaration=False)).paragraphs)
    assert layout.CLEAN_RECORD not in text


def test_extra_figures_are_an_appendix_not_inside_the_book():
    doc = _doc()
    table1, table2 = _book_tables(doc)
    inside = "".join(t.text or "" for tbl in (table1, table2) for t in tbl._tbl.iter(W + "t"))
    assert "双师型" not in inside and "留在当地" not in inside and "岗前培训" not in inside
    appendix = doc.tables[-1]
    assert [c.text for c in appendix.rows[1].cells] == ["双师型教师数", "人", "42"]
    assert [c.text for c in appendix.rows[2].cells] == ["毕业生留在当地就业创业比例", "%", "61"]


def test_annex_3_is_its_own_document():
    doc = Document(io.BytesIO(annex3_docx("郑州市教育局", "王晓燕 0371-1", ["甲联合体", "乙联合体"])))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "市域产教联合体推荐名单汇总表" in text and "推荐单位 郑州市教育局（公章）" in text
    assert "填报人及联系方式 王晓燕 0371-1" in text
    assert [[c.text for c in r.cells] for r in doc.tables[0].rows] == [
        ["序号", "市域产教联合体名称"], ["1", "甲联合体"], ["2", "乙联合体"]]
    assert "市域产教联合体推荐书" not in text
    book_text = "\n".join(p.text for p in _doc().paragraphs)
    assert "推荐名单汇总表" not in book_text


def test_numbers():
    assert layout.number(Decimal("136.0")) == "136" and layout.number(Decimal("175.50")) == "175.5"
    assert layout.number(136.0) == "136" and layout.number(None) == "" and layout.number(12) == "12"
