"""`flask import TYPE FILE`: exit status, `line N, column C: reason` lines, summary, nothing written on error."""
from sqlalchemy import func, select

from consortium.extensions import db
from consortium.people.models import Student

from .helpers import ROWS, SCHOOL, csv_bytes, xlsx_bytes


def _students(app):
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Student))
        db.session.remove()
        return count


def test_cli_imports_and_reimport_reports_unchanged(app, runner, world, tmp_path):
    path = tmp_path / "students.xlsx"
    path.write_bytes(xlsx_bytes("students", ROWS["students"]))
    result = runner.invoke(args=["import", "students", str(path), "--consortium", "郑州测试联合体"])
    assert result.exit_code == 0, result.output
    assert "students: created 2, updated 0, unchanged 0" in result.output
    assert _students(app) == 2
    result = runner.invoke(args=["import", "students", str(path)])
    assert result.exit_code == 0 and "created 0, updated 0, unchanged 2" in result.output


def test_cli_bad_rows_exit_non_zero_and_write_nothing(app, runner, world, tmp_path):
    rows = ROWS["students"] + [{"student_no": "2024009", "school": "无此学校", "name": "某", "major": "机电"},
                               {"student_no": "2024010", "school": SCHOOL, "name": "", "major": "机电"}]
    path = tmp_path / "students.csv"
    path.write_bytes(csv_bytes("students", rows, encoding="gb18030"))
    result = runner.invoke(args=["import", "students", str(path)])
    assert result.exit_code != 0
    assert "line 4, column 学校: 未找到成员单位「无此学校」" in result.output
    assert "line 5, column 姓名: 必填项不能为空" in result.output
    assert _students(app) == 0


def test_cli_unknown_consortium(runner, world, tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(csv_bytes("students", ROWS["students"]))
    result = runner.invoke(args=["import", "students", str(path), "--consortium", "没有这个"])
    assert result.exit_code != 0 and "联合体不存在" in result.output
