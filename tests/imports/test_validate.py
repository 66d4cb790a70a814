"""Row-validation pipeline: the corpus reports, header mapping, specs of all 13 types, and speed."""
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from consortium.tables.columns import SPECS, get_spec, header_key
from consortium.tables.readers import Row, Table
from consortium.tables.validate import RowError, format_cli, parse_file, parse_rows

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = {k: v for k, v in json.loads((CORPUS / "expected.json").read_text("utf-8")).items()
            if not k.startswith("_")}


def _parse(name):
    spec = get_spec(EXPECTED[name]["type"])
    return parse_file(spec, (CORPUS / name).read_bytes(), name)


def _matches(found, expected):
    return (len(found) == len(expected)
            and all((e.line, e.column) == (line, col) and sub in e.message
                    for e, (line, col, sub) in zip(found, expected)))


def test_every_corpus_file_has_an_expectation():
    files = {p.name for p in CORPUS.iterdir() if p.suffix in (".csv", ".xlsx")}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_report(name):
    result = _parse(name)
    exp = EXPECTED[name]
    got_errors = [(e.line, e.column, e.message) for e in result.errors]
    got_warnings = [(e.line, e.column, e.message) for e in result.warnings]
    assert _matches(result.errors, exp["errors"]), got_errors
    assert _matches(result.warnings, exp["warnings"]), got_warnings
    assert len(result.rows) == exp["rows"]
    assert result.ok == (not exp["errors"])


@pytest.mark.parametrize("name", ["students_gbk.csv", "students_utf8_bom.csv", "students_utf16le_tab.csv",
                                  "students_utf16be_nobom.csv"])
def test_encodings_give_identical_rows(name):
    rows = [r.data for r in _parse(name).rows]
    assert rows == [r.data for r in _parse("students_gbk.csv").rows]
    assert rows[0]["skills"] == ["PLC编程", "电气控制"]
    assert rows[2]["skills"] == ["钳工", "焊工"]
    assert rows[2]["id_number"] == "11010519491231002X"  # lower-case x upper-cased
    assert rows[2]["phone"] == "0371-12345678"
    assert rows[1]["id_number"] is None and rows[1]["skills"] == []


def test_fullwidth_and_ideographic_spaces_are_folded():
    first, second = (r.data for r in _parse("fullwidth.csv").rows)
    assert first["student_no"] == "ST001" and first["enrol_year"] == 2023
    assert first["phone"] == "13812345678" and second["phone"] == "13912345678"
    assert first["skills"] == ["PLC编程", "焊接", "钳工"]
    assert second["school"] == "郑州职业技术学院" and second["enrol_year"] == 2023


def test_injection_and_unicode_strings_are_kept_verbatim():
    names = {r.data["student_no"]: r.data for r in _parse("strings.csv").rows}
    assert names["S002"]["name"] == "张三😀"
    assert names["S003"]["name"] == "王𪚥𠀀"
    assert names["S004"]["name"] == "Robert'); DROP TABLE students;--"
    assert names["S005"]["name"] == "<script>alert(1)</script>"
    assert names["S005"]["major"] == "<b onmouseover=alert(1)>专业</b>"
    assert names["S006"]["name"] == '=HYPERLINK("http://evil.example","点我")'


def test_date_forms_all_parse_to_the_same_day():
    for name in ("positions_dates.csv", "positions_dates.xlsx"):
        rows = _parse(name).rows
        assert {r.data["start_date"] for r in rows} == {date(2023, 7, 19)}


def test_merged_cells_fill_down():
    rows = _parse("students_merged_hidden_formula.xlsx").rows
    assert [r.data["school"] for r in rows] == ["郑州职业技术学院", "另一学校"]


def test_members_enum_keys_labels_and_defaults():
    rows = _parse("members_enums.csv").rows
    assert rows[0].data["type"] == "higher_vocational" and rows[0].data["students"] == 12000
    assert rows[1].data["role"] == "member"  # blank cell → default
    assert rows[1].data["sector"] == "industrial"


def test_certificate_levels():
    assert [r.data["level"] for r in _parse("certificates_levels.csv").rows] == [1, 2, 3, 4, 5]


def _table(headers, *rows):
    return Table(headers=list(headers), rows=[Row(i + 2, list(r)) for i, r in enumerate(rows)])


def test_header_normalisation():
    assert header_key(" 资产总额（万元） ") == header_key("资产总额(万元)")
    spec = get_spec("enterprise_years")
    result = parse_rows(spec, _table([" 企业名称 ", "YEAR", "资产总额（万元）", "Main_Revenue"],
                                     ["甲公司", "2024", "1,234.5", "９９"]))
    assert result.ok, result.errors
    assert result.rows[0].data == {"member": "甲公司", "year": 2024, "assets": Decimal("1234.5"),
                                   "main_revenue": Decimal("99")}
    assert result.headers["assets"] == "资产总额（万元）"


def test_duplicate_column_is_a_file_error():
    result = parse_rows(get_spec("students"), _table(["学号", "学校", "姓名", "name", "专业"],
                                                     ["S1", "甲校", "张三", "张三", "数控"]))
    assert result.rejected and not result.rows
    assert result.errors[0].column == "name" and "列重复" in result.errors[0].message


def test_wrong_type_reports_no_known_columns():
    result = parse_rows(get_spec("positions"), _table(["foo", "bar"], ["1", "2"]))
    assert result.rejected and "没有识别出任何列" in result.errors[0].message


def test_every_bad_row_is_reported():
    spec = get_spec("students")
    rows = [[f"S{i}", "甲校", "张三", "专业", "bad-year" if i % 2 else "2023"] for i in range(100)]
    result = parse_rows(spec, _table(["学号", "学校", "姓名", "专业", "入学年份"], *rows))
    assert len(result.errors) == 50 and len(result.rows) == 50
    assert [e.line for e in result.errors] == list(range(3, 102, 2))


def test_format_cli():
    errors = [RowError(3, "id_number", "身份证号校验位错误", "身份证号"), RowError(None, None, "文件为空"),
              RowError(4, None, "整行有问题")]
    assert format_cli(errors) == ["line 3, column 身份证号: 身份证号校验位错误", "file: 文件为空",
                                  "line 4: 整行有问题"]


def test_apostrophe_from_our_own_csv_export_is_removed():
    result = parse_rows(get_spec("students"), _table(["学号", "学校", "姓名", "专业"],
                                                     ["S1", "甲校", "'=1+1", "'普通"]))
    assert result.rows[0].data["name"] == "=1+1" and result.rows[0].data["major"] == "'普通"


@pytest.mark.parametrize("spec", SPECS.values(), ids=list(SPECS))
def test_specs_are_consistent(spec):
    spec.header_map  # raises on a header shared by two columns
    assert spec.natural_key and all(spec.by_name[k].required and spec.by_name[k].key for k in spec.natural_key)
    assert all(a in spec.by_name and b in spec.by_name for a, b in spec.ordered)
    for col in spec.columns:
        assert col.alias and spec.match_header(col.alias) is col and spec.match_header(col.name) is col
        if col.kind in ("enum", "level"):
            assert col.enum and all(col.enum_lookup[header_key(c.label)] == c.key for c in col.enum)


def test_all_thirteen_types_with_records_md_aliases():
    assert list(SPECS) == ["members", "enterprise_years", "students", "teachers", "positions", "placements",
                           "programmes", "engagements", "training_sessions", "certificates", "resources",
                           "rd_projects", "outputs"]
    aliases = {(t, c.name): c.alias for t, s in SPECS.items() for c in s.columns}
    assert aliases[("enterprise_years", "coop_benefit")] == "校企合作直接经济效益(万元)"
    assert aliases[("training_sessions", "host")] == "企业/地点"
    assert aliases[("placements", "candidate")] == "学号或工号"
    assert get_spec("students").natural_key == ("student_no", "school")
    with pytest.raises(KeyError):
        get_spec("nope")


def test_ten_thousand_rows_parse():
    """Correctness at size; the speed is measured by bench/bench_imports.py, not asserted here."""
    spec = get_spec("students")
    headers = ["学号", "学校", "姓名", "身份证号", "性别", "手机号", "专业", "技能", "入学年份"]
    rows = [[f"S{i:05d}", "郑州职业技术学院", "张三", "11010519491231002X", "男", "138 1234 5678",
             "机电一体化技术", "PLC编程、电气控制", "2023"] for i in range(10000)]
    table = _table(headers, *rows)
    result = parse_rows(spec, table)
    assert result.ok and len(result.rows) == 10000
