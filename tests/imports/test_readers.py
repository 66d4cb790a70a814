"""Reading bytes into tables: format and encoding detection, XLSX quirks, zip-bomb guard."""
import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from consortium.tables.readers import (MAX_UNCOMPRESSED, ImportFileError, detect_encoding, read_table)

CORPUS = Path(__file__).parent / "corpus"
TEXT = "学号,姓名\r\nS001,张三\r\nS002,𪚥😀\r\n"


@pytest.mark.parametrize("data,encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),
    (TEXT.encode("utf-16-be"), "utf-16-be"),
    ("学号,姓名\r\nS001,张三\r\n".encode("gbk"), "gb18030"),
    ("学号,姓名\r\nS001,王𪚥\r\n".encode("gb18030"), "gb18030"),
])
def test_encodings(data, encoding):
    assert detect_encoding(data) == encoding
    table = read_table(data, "x.csv")
    assert table.headers == ["学号", "姓名"] and table.format == "csv"
    assert table.rows[0].line == 2 and table.rows[0].values[1] in ("张三", "王𪚥")


def test_filename_is_not_trusted():
    assert read_table(TEXT.encode(), "roster.xlsx").format == "csv"
    xlsx = (CORPUS / "students_title_row.xlsx").read_bytes()
    assert read_table(xlsx, "roster.csv").format == "xlsx"


@pytest.mark.parametrize("sep", [",", "\t", ";"])
def test_delimiter_sniffing(sep):
    data = sep.join(["学号", "姓名", "备注"]).encode() + b"\n" + sep.join(["S1", "a,b" if sep != "," else '"a,b"', "x"]).encode()
    table = read_table(data)
    assert table.headers == ["学号", "姓名", "备注"] and table.rows[0].values == ["S1", "a,b", "x"]


def test_line_numbers_count_blank_and_multiline_records():
    data = '学号,备注\n\nS1,"两行\n内容"\nS2,x\n,\n'.encode()
    table = read_table(data)
    assert [(r.line, r.values[0]) for r in table.rows] == [(3, "S1"), (4, "S2")]
    assert table.rows[0].values[1] == "两行\n内容"


def test_trailing_empty_columns_and_rows_are_ignored():
    table = read_table("a,b,,\n1,2,,\n,,,\n\n".encode())
    assert table.headers == ["a", "b"] and len(table.rows) == 1


@pytest.mark.parametrize("data,reason", [
    (b"", "文件为空"), (b"\xef\xbb\xbf\r\n\r\n", "文件为空"), (b",,,\n,,\n", "文件为空"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版 Excel"),
    (b"PK\x03\x04garbage", "文件已损坏"),
])
def test_unreadable_files(data, reason):
    with pytest.raises(ImportFileError, match=reason):
        read_table(data)


def _zip(parts: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    return out.getvalue()


def test_zip_that_is_not_a_workbook():
    with pytest.raises(ImportFileError, match="不是 Excel"):
        read_table(_zip({"word/document.xml": b"<x/>", "[Content_Types].xml": b"<x/>"}))


def test_zip_bomb_ratio_is_refused():
    data = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>",
                 "xl/worksheets/sheet1.xml": b"<a>" + b" " * (5 * 1024 * 1024) + b"</a>"})
    assert len(data) < 100_000
    with pytest.raises(ImportFileError, match="压缩比异常"):
        read_table(data)


def test_zip_bomb_size_is_refused():
    import os
    body = os.urandom(1024 * 1024)  # incompressible, so the ratio check does not fire first
    parts = {"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}
    parts.update({f"xl/media/{i}.bin": body for i in range(MAX_UNCOMPRESSED // len(body) + 1)})
    with pytest.raises(ImportFileError, match="解压后过大"):
        read_table(_zip(parts, zipfile.ZIP_STORED))


def _xlsx(build) -> bytes:
    wb = openpyxl.Workbook()
    build(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_xlsx_types_merges_hidden_and_formulas():
    table = read_table((CORPUS / "students_merged_hidden_formula.xlsx").read_bytes())
    assert table.format == "xlsx" and table.sheet == "Sheet1"
    values = {r.line: r.values for r in table.rows}
    assert sorted(values) == [2, 3, 4, 5, 6]              # empty trailing rows dropped
    assert [values[n][1] for n in (2, 3, 4, 5)] == ["郑州职业技术学院"] * 4   # merged B2:B5 filled down
    assert values[3][3] == 4.10102199001011e17             # Excel-mangled ID arrives as a float
    assert values[5][4] == "数控技术"                       # formula with a cached value → the value
    assert values[4][4] is None and values[5][5] is None  # bad cells are blanked and reported
    assert [(e.line, e.column) for e in table.cell_errors] == [(5, 5), (4, 4)]
    assert any("第 3 行在 Excel 中被隐藏" in w.message for w in table.warnings)


def test_xlsx_sheet_choice_and_dates():
    def build(wb):
        wb.active.title = "说明"
        wb.active.append(["notes"])
        ws = wb.create_sheet("学生")
        ws.append(["学号", "入学日期"])
        ws.append(["S1", dt.date(2023, 9, 1)])
    data = _xlsx(build)
    table = read_table(data, sheet_names=("students", "学生"))
    assert table.sheet == "学生" and table.rows[0].values == ["S1", dt.datetime(2023, 9, 1)]
    fallback = read_table(data)
    assert fallback.sheet == "说明" and any("2 个工作表" in w.message for w in fallback.warnings)


def test_xlsx_hidden_first_sheet_is_skipped_and_hidden_columns_noted():
    def build(wb):
        wb.active.title = "hidden"
        wb.active.sheet_state = "hidden"
        ws = wb.create_sheet("data")
        ws.append(["学号", "姓名"])
        ws.append(["S1", "张三"])
        ws.column_dimensions["B"].hidden = True
    table = read_table(_xlsx(build))
    assert table.sheet == "data" and table.rows[0].values == ["S1", "张三"]
    assert any("列在 Excel 中被隐藏" in w.message for w in table.warnings)


def _patched(data: bytes, member: str, old: bytes, new: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == member:
                assert old in body
                body = body.replace(old, new)
            dst.writestr(info, body)
    return out.getvalue()


def _simple_xlsx() -> bytes:
    def build(wb):
        wb.active.append(["学号", "入学日期"])
        wb.active.append(["S1", 45170])
    return _xlsx(build)


@pytest.mark.parametrize("name", ["students_merged_hidden_formula.xlsx", "students_title_row.xlsx",
                                  "positions_dates.xlsx"])
def test_fast_reader_matches_openpyxl_on_corpus(name, monkeypatch):
    from consortium.tables import readers, xlsx_fast
    data = (CORPUS / name).read_bytes()
    fast = read_table(data)
    monkeypatch.setattr(xlsx_fast, "load_sheet", lambda *a: (_ for _ in ()).throw(xlsx_fast.Unsupported("x")))
    assert repr(read_table(data)) == repr(fast)
    monkeypatch.undo()
    zf = readers._check_zip(data)
    assert xlsx_fast.load_sheet(zf, ()).grid  # the fast path handles the corpus, no fallback


def test_shared_strings_rich_text_and_phonetic_runs():
    data = _patched(_simple_xlsx(), "xl/worksheets/sheet1.xml", b'<c r="A2" t="inlineStr"><is><t>S1</t></is></c>',
                    b'<c r="A2" t="inlineStr"><is><r><rPr><b/></rPr><t>S</t></r><r><t xml:space="preserve">1 </t></r>'
                    b'<rPh sb="0" eb="1"><t>ignored</t></rPh></is></c>')
    assert read_table(data).rows[0].values[0] == "S1 "


def test_east_asian_builtin_date_format_gives_a_date():
    # Chinese Excel stores yyyy"年"m"月"d"日" as built-in numFmtId 31, without a format code.
    data = _patched(_simple_xlsx(), "xl/styles.xml", b'<cellXfs count="1"><xf numFmtId="0"',
                    b'<cellXfs count="2"><xf numFmtId="31" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0"')
    assert read_table(data).rows[0].values[1] == dt.datetime(2023, 9, 1)


def test_doctype_is_refused():
    data = _patched(_simple_xlsx(), "xl/workbook.xml", b"<workbook ",
                    b'<!DOCTYPE workbook [<!ENTITY e "boom">]><workbook ')
    with pytest.raises(ImportFileError, match="DTD"):
        read_table(data)


def test_unusual_structure_falls_back_to_openpyxl():
    # ISO dates in t="d" cells are left to openpyxl.
    data = _patched(_simple_xlsx(), "xl/worksheets/sheet1.xml", b'<c r="B2" t="n"><v>45170</v></c>',
                    b'<c r="B2" t="d"><v>2023-09-01</v></c>')
    assert read_table(data).rows[0].values == ["S1", dt.date(2023, 9, 1)]
