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
    # key,label,unit,<year>… as metrics.md fixes it, then one committed_<year> column per committed year
    assert rows[0] == ["key", "label", "unit", "2023", "2024", "committed_2023", "committed_2024", "committed_2025"]
    by_key = {r[0]: r for r in rows[1:]}
    assert len(by_key) == len(rows) - 1
    assert by_key["internship.person_months"][1:] == ["企业为学生提供实习实训量", "人月", "14.3", "16.6", "", "", ""]
    assert by_key["employment.rate_pct"][4] == "83.3"
    assert by_key["members.enterprise.names"][4] == "乙商贸有限公司、甲装备股份有限公司"
    assert by_key["funding.2026.planned"][3:5] == ["", ""]


def test_xlsx_is_laid_out_like_the_book(golden, runner, tmp_path):
    wb = load_workbook(_export(runner, golden, tmp_path, "xlsx", 2023, 2024))
    assert wb.sheetnames[:2] == ["1 联合体概况", "2 办学成效和服务能力"]
    ws = wb["2 办学成效和服务能力"]
    cells = {(c.row, c.column): c.value for row in ws.iter_rows() for c in row}
    assert any(str(r) == "A2:C3" for r in ws.merged_cells.ranges)  # 项目名称 header spans two rows
    assert cells[(2, 5)] == "年度数据" and cells[(3, 5)] == "2023 年（实际）" and cells[(3, 6)] == "2024 年（实际）"
    assert cells[(3, 7)] == "2023 年（承诺）"  # table 2's committed column: the book's first committed year
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




def test_exports_carry_the_books_years_and_commitments(golden, runner, tmp_path, app):
    """The book's columns: the base year's actual figures beside the first committed year's commitments (table 2),
    the planned funds of every committed year (table 1); the contract's columns kept, the committed ones added."""
    import json

    from consortium.auth.models import User
    from consortium.book import services
    from consortium.members.models import Consortium

    from .. import factories

    with app.app_context():
        c = db.session.query(Consortium).filter_by(name=golden).one()
        sec = factories.make_user("sec_x", "admin", consortium=c)
        services.save_settings(sec, c, {"base_year": 2023, "first_committed_year": 2024, "last_committed_year": 2026})
        services.save_commitments(sec, c, {(2024, "internship.person_months"): "20", (2025, "internship.person_months"): "22.5",
                                           (2024, "cobuilt.majors"): "6"})
        db.session.commit()
        db.session.remove()
    rows = list(csv.reader(io.StringIO(_export(runner, golden, tmp_path, "csv", 2023).read_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["key", "label", "unit", "2023", "committed_2024", "committed_2025", "committed_2026"]
    by_key = {r[0]: r for r in rows[1:]}
    assert by_key["internship.person_months"][3:] == ["14.3", "20", "22.5", ""]
    assert by_key["cobuilt.majors"][4:] == ["6", "", ""]
    assert by_key["members.enterprise.count"][4:] == ["", "", ""]  # nobody commits to section 1
    for year in (2024, 2025, 2026):  # table 1's funds of every committed year, whatever the exported year
        assert f"funding.{year}.planned" in by_key
    data = json.loads(_export(runner, golden, tmp_path, "json", 2023).read_text(encoding="utf-8"))
    assert data["year"] == 2023 and "metrics" in data  # the contract's shape stays
    assert data["book_years"] == {"base_year": 2023, "committed_years": [2024, 2025, 2026]}
    assert data["committed"]["2024"]["internship.person_months"] == 20
    assert data["committed"]["2025"]["internship.person_months"] == 22.5
    assert data["committed"]["2026"]["internship.person_months"] is None
    several = json.loads(_export(runner, golden, tmp_path, "json", 2023, 2024).read_text(encoding="utf-8"))
    assert [y["year"] for y in several["years"]] == [2023, 2024] and several["committed"]["2024"]["cobuilt.majors"] == 6
    wb = load_workbook(_export(runner, golden, tmp_path, "xlsx", 2023))
    ws = wb["2 办学成效和服务能力"]
    cells = {(c.row, c.column): c.value for row in ws.iter_rows() for c in row}
    assert (cells[(3, 5)], cells[(3, 6)]) == ("2023 年（实际）", "2024 年（承诺）")
    r = {cells.get((row, 2)): row for row in range(4, ws.max_row + 1)}["企业为学生提供实习实训量"]
    assert (cells[(r, 5)], cells[(r, 6)]) == (14.3, 20)
    labels = {cells.get((row, 2)) for row in range(4, ws.max_row + 1)}
    assert "双师型教师数" not in labels  # the platform's extra figures are in the appendix sheet, not in table 2
    extra = wb["附表 平台补充指标"]
    assert "双师型教师数" in {c.value for row in extra.iter_rows() for c in row}
    ws1 = wb["1 联合体概况"]
    pairs = {(ws1.cell(row=i, column=2).value, ws1.cell(row=i, column=3).value) for i in range(1, ws1.max_row + 1)}
    assert ("中职学校", "在校生数") in pairs and ("企业", "在校生数") not in pairs and ("政府部门", "在校生数") not in pairs
