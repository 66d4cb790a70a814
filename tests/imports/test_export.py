"""Export: formula-injection neutralisation, CSV/XLSX writers, templates that re-import cleanly."""
import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from consortium.tables.columns import SPECS, get_spec
from consortium.tables.export import export_rows, neutralize_cell, template_xlsx, write_csv, write_xlsx
from consortium.tables.validate import parse_file

CORPUS = Path(__file__).parent / "corpus"
EVIL = ['=HYPERLINK("http://evil.example","点我")', "+1+1", "-2+3", "@SUM(1+1)", "\tx", "\rx",
        "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("value", EVIL)
def test_neutralize_strings(value):
    assert neutralize_cell(value) == "'" + value


@pytest.mark.parametrize("value", [-5, -1.5, Decimal("-2"), 0, None, "普通文本", "a=b", "", dt.date(2024, 1, 1)])
def test_neutralize_leaves_numbers_and_safe_text(value):
    assert neutralize_cell(value) == value


def _csv_rows(data: bytes):
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def test_write_csv():
    data = write_csv(["姓名", "数量", "日期", "是否", "技能"],
                     [[EVIL[0], -5, dt.date(2024, 1, 2), True, ["a", "b"]], ["𪚥😀", None, None, False, []]])
    rows = _csv_rows(data)
    assert rows[1] == ["'" + EVIL[0], "-5", "2024-01-02", "是", "a、b"]
    assert rows[2] == ["𪚥😀", "", "", "否", ""]
    assert b"\r\n" in data


def test_corpus_injection_strings_are_neutralised_on_export_and_reimport_verbatim():
    spec = get_spec("students")
    parsed = parse_file(spec, (CORPUS / "strings.csv").read_bytes())
    records = [r.data for r in parsed.rows]
    headers, rows = export_rows(spec, records)
    exported = write_csv(headers, rows)
    text = exported.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(1+1)" in text
    again = parse_file(spec, exported)
    assert again.ok, again.errors
    assert [r.data["name"] for r in again.rows] == [r["name"] for r in records]
    assert [r.data["major"] for r in again.rows] == [r["major"] for r in records]


def test_write_xlsx_has_no_formula_cells():
    data = write_xlsx(["姓名", "数量", "日期"], [[v, -5, dt.date(2024, 1, 2)] for v in EVIL], "学生 / 导出")
    wb = openpyxl.load_workbook(io.BytesIO(data))  # data_only=False: formulas would show as such
    ws = wb.active
    assert ws.title == "学生 _ 导出"
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert [ws.cell(r, 1).value for r in range(2, 2 + len(EVIL))] == EVIL  # verbatim, string-typed
    assert ws.cell(2, 1).value == EVIL[0] and ws.cell(2, 1).quotePrefix
    assert ws.cell(2, 2).value == -5 and ws.cell(2, 2).data_type == "n"
    assert ws.cell(2, 3).value == dt.datetime(2024, 1, 2)


def test_export_rows_masks_and_labels():
    spec = get_spec("students")
    headers, rows = export_rows(spec, [{"student_no": "S1", "id_number": "410102199001011234",
                                        "phone": "13812345678", "gender": "female", "skills": ["a"]}])
    row = dict(zip(headers, rows[0]))
    assert row["身份证号"] == "410102********1234" and row["手机号"] == "138****5678" and row["性别"] == "女"
    _, raw = export_rows(spec, [{"id_number": "410102199001011234"}], mask=False)
    assert "410102199001011234" in raw[0]


@pytest.mark.parametrize("type_name", list(SPECS))
def test_template(type_name):
    spec = get_spec(type_name)
    data = template_xlsx(spec)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[spec.label_zh]
    assert wb.sheetnames == [spec.label_zh, "说明"]
    assert [c.value for c in ws[1]] == [c.alias for c in spec.columns]
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    for i, col in enumerate(spec.columns, 1):
        letter = openpyxl.utils.get_column_letter(i)
        if col.enum:
            assert lists[f"{letter}2"] == '"' + ",".join(col.labels) + '"'
        if col.kind == "bool":
            assert lists[f"{letter}2"] == '"是,否"'
    notes = wb["说明"]
    assert [c.value for c in notes[1]] == ["列名", "字段名", "是否必填", "格式与说明"]
    assert [notes.cell(r, 2).value for r in range(2, 2 + len(spec.columns))] == [c.name for c in spec.columns]
    # The example row re-imports cleanly, through the same path a clerk's upload takes.
    result = parse_file(spec, data, "template.xlsx")
    assert result.ok, result.errors
    assert len(result.rows) == 1 and not result.warnings
