"""CSV, XLSX and DOCX exports of the golden scenario, opened and read back."""
import csv
import io

import pytest
from openpyxl import load_workbook

from consortium.extensions import db

from . import scenario


@pytest.fixture
def golden(app):
    with app.app_context():
        c, *_ = scenario.build()
        db.session.commit()
        name = c.name
        db.session.remove()
    return name


def _export(runner, golden, tmp_path, fmt, *years):
    out = tmp_path / f"book.{fmt}"
    args = ["stats", "export", "--format", fmt, "--out", str(out), "--consortium", golden]
    for y in years:
        args += ["--year", str(y)]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    return out


def test_csv_has_one_row_per_key_with_a_bom(golden, runner, tmp_path):
    raw = _export(runner, golden, tmp_path, "csv", 2023, 2024).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["key", "label", "unit", "2023", "2024"]
    by_key = {r[0]: r for r in rows[1:]}
    assert len(by_key) == len(rows) - 1
    assert by_key["internship.person_months"][1:] == ["企业为学生提供实习实训量", "人月", "14.3", "16.6"]
    assert by_key["employment.rate_pct"][4] == "83.3"
    assert by_key["members.enterprise.names"][4] == "乙商贸有限公司、甲装备股份有限公司"
    assert by_key["funding.2026.planned"][3:] == ["", ""]


def test_xlsx_is_laid_out_like_the_book(golden, runner, tmp_path):
    wb = load_workbook(_export(runner, golden, tmp_path, "xlsx", 2023, 2024))
    assert wb.sheetnames[:2] == ["1 联合体概况", "2 办学成效和服务能力"]
    ws = wb["2 办学成效和服务能力"]
    cells = {(c.row, c.column): c.value for row in ws.iter_rows() for c in row}
    assert any(str(r) == "A2:C3" for r in ws.merged_cells.ranges)  # 项目名称 header spans two rows
    assert cells[(2, 5)] == "年度数据" and cells[(3, 5)] == "2023 年" and cells[(3, 6)] == "2024 年"
    rows = {cells.get((r, 2)): r for r in range(4, ws.max_row + 1)}
    r = rows["企业为学生提供实习实训量"]
    assert cells[(r, 4)] == "人月" and cells[(r, 6)] == 16.6
    assert cells[(rows["联合体学校整体就业率"], 6)] == 83.3
    assert ("企业兼职教师", "人次") in {(cells.get((r, 2)), cells.get((r, 3))) for r in range(4, ws.max_row + 1)}
    groups = {cells.get((r, 1)) for r in range(4, ws.max_row + 1)}
    assert {"资源共建共享", "师资共建共享", "人才培养质量", "服务发展能力", "联合体企业情况"} <= groups
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for row in ws.iter_rows() for c in row)
    ws1 = wb["1 联合体概况"]
    values = [c.value for row in ws1.iter_rows() for c in row]
    assert "黄金测试联合体" in values and "中牟中职学校" in values and 2015.5 in values


