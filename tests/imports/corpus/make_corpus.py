"""Regenerate the import test corpus (run once: python tests/imports/corpus/make_corpus.py); outputs are kept.

The expected reports live in expected.json, written by hand: this script only produces the input files,
byte for byte in the encodings and layouts that clerks' spreadsheets produce.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
STUDENT_HEAD = "学号,学校,姓名,身份证号,性别,手机号,专业,技能,入学年份"
SCHOOL = "郑州职业技术学院"


def csv_file(name: str, text: str, encoding: str = "utf-8", bom: bytes = b"", newline: str = "\r\n") -> None:
    body = text.strip("\n").replace("\n", newline) + newline
    (HERE / name).write_bytes(bom + body.encode(encoding))


def make_csv() -> None:
    good = f"""{STUDENT_HEAD}
S001,{SCHOOL},张三,410102199001011234,男,13812345678,机电一体化技术,PLC编程、电气控制,2023
S002,{SCHOOL},李四,,女,,数控技术,,2023
S003,{SCHOOL},王五,11010519491231002x,男,0371-12345678,电气自动化技术,"钳工,焊工",2024
"""
    csv_file("students_gbk.csv", good, "gbk")
    csv_file("students_utf8_bom.csv", good, "utf-8", b"\xef\xbb\xbf")
    # Excel's "Unicode text": UTF-16 LE with BOM, tab separated.
    csv_file("students_utf16le_tab.csv", good.replace(",", "\t").replace('"钳工\t焊工"', "钳工、焊工"),
             "utf-16-le", b"\xff\xfe")
    csv_file("students_utf16be_nobom.csv", good, "utf-16-be")
    (HERE / "empty.csv").write_bytes(b"")
    csv_file("headers_only.csv", STUDENT_HEAD + "\n\n")
    csv_file("missing_columns.csv", "学号,专业,性别\nS001,数控技术,男\n")
    # Reordered English/Chinese headers, one unknown column, trailing empty columns, a blank line.
    csv_file("reordered_extra.csv", f"""name,专业,备注,student_no,School,,
张三,数控技术,班长,S001,{SCHOOL},,

李四,机电一体化技术,,S002,{SCHOOL},,
""")
    csv_file("id_numbers.csv", f"""学号,学校,姓名,身份证号,专业
S001,{SCHOOL},甲,4.10102E+17,数控技术
S002,{SCHOOL},乙,410102199001011000,数控技术
S003,{SCHOOL},丙,410102199001011235,数控技术
S004,{SCHOOL},丁,11010519491231002x,数控技术
S005,{SCHOOL},戊,410102900101123,数控技术
S006,{SCHOOL},己,410102199002301234,数控技术
S007,{SCHOOL},庚,410102198512310012,数控技术
""")
    csv_file("positions_dates.csv", """岗位编号,企业,岗位类型,岗位名称,开始日期,结束日期
P1,甲公司,实习实训,装配工,2023-07-19,2023/7/19
P2,甲公司,internship,装配工,2023.7.19,20230719
P3,甲公司,学徒岗,装配工,2023年7月19日,2023-07-19 00:00:00
P4,甲公司,学徒岗,装配工,07/08/2023,2023-02-30
P5,甲公司,学徒岗,装配工,2023-09-01,2023-08-31
P6,甲公司,打杂岗,装配工,19/07/2023,明天
""")
    # Full-width digits/letters, ideographic spaces around headers and values, +86 phone, 2023届.
    csv_file("fullwidth.csv", f"""　学号　,学校,姓名,手机号,专业,入学年份,技能
ＳＴ００１,{SCHOOL},张三,+86 138-1234-5678,数控技术,２０２３,ＰＬＣ编程；焊接，钳工
ＳＴ００２,{SCHOOL}　,李四,0086 13912345678,数控技术,2023届,
""", "utf-8", b"\xef\xbb\xbf")
    long_name = "长" * 500
    csv_file("strings.csv", f"""学号,学校,姓名,专业
S001,{SCHOOL},{long_name},数控技术
S002,{SCHOOL},张三😀,数控技术
S003,{SCHOOL},王𪚥𠀀,数控技术
S004,{SCHOOL},"Robert'); DROP TABLE students;--",数控技术
S005,{SCHOOL},<script>alert(1)</script>,"<b onmouseover=alert(1)>专业</b>"
S006,{SCHOOL},"=HYPERLINK(""http://evil.example"",""点我"")",@SUM(1+1)
""")
    csv_file("duplicates.csv", f"""学号,学校,姓名,专业
S001,{SCHOOL},张三,数控技术
S002,{SCHOOL},李四,数控技术
S001,{SCHOOL},张三丰,数控技术
S001,另一所学校,张三,数控技术
Ｓ００２,{SCHOOL},李四,数控技术
""")
    csv_file("members_enums.csv", """单位名称,类型,行业,角色,在校生数,加入日期,退出日期
郑州职业技术学院,高职学校,,lead_school,"12,000",2023-01-01,
某装备公司,enterprise,工业,,,2023-01-01,
某中职,中职,,成员,abc,2023-01-01,2022-12-31
某协会,协会,,,−5,,
""")
    csv_file("certificates_levels.csv", """证书编号,姓名,身份证号,证书名称,等级,发证日期
C1,张三,410102199001011234,电工,1,2024-01-01
C2,李四,,电工,二级,2024-01-01
C3,王五,,电工,高级工,2024-01-01
C4,赵六,,电工,四级/中级工,2024-01-01
C5,钱七,,电工,初级工,2024-01-01
C6,孙八,,电工,六级,2024-01-01
C7,周九,,电工,,2024-01-01
""")
    # A name with an unquoted comma shifts the row: data appears right of the last header.
    csv_file("stray_comma.csv", f"""学号,学校,姓名,专业
S001,{SCHOOL},张,三,数控技术
S002,{SCHOOL},李四,数控技术
""")
    csv_file("semicolon_title.csv", f"""2024 级学生名册;;;
学号;学校;姓名;专业
S001;{SCHOOL};张三;数控技术
""")


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _patch(data: bytes, member: str, old: bytes, new: bytes) -> bytes:
    """Rewrite one zip member (to add a cached formula value, which openpyxl cannot write)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == member:
                assert old in body, (old, body[-400:])
                body = body.replace(old, new)
            dst.writestr(info, body)
    return out.getvalue()


def make_xlsx() -> None:
    import datetime as dt
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["学号", "学校", "姓名", "身份证号", "专业", "入学年份"])
    ws.append(["S001", SCHOOL, "张三", "410102199001011234", "数控技术", 2023])
    ws.append(["S002", None, "李四", 4.10102199001011e17, "数控技术", 2023.0])
    ws.append(["S003", None, "王五", None, "=B2", 2023])            # formula, no cached value
    ws.append(["S004", None, "赵六", None, "=E2", "#N/A"])           # cached value patched in below
    ws.append(["S005", "另一学校", "钱七", None, "数控技术", 2024])
    ws.append([None] * 6)
    ws.append([None] * 6)
    ws.merge_cells("B2:B5")                      # school filled down over S001–S004
    ws.row_dimensions[3].hidden = True
    ws.column_dimensions["F"].width = 12
    data = _save(wb)
    data = _patch(data, "xl/worksheets/sheet1.xml", b'<c r="E5"><f>E2</f><v></v>',
                  '<c r="E5" t="str"><f>E2</f><v>数控技术</v>'.encode())
    (HERE / "students_merged_hidden_formula.xlsx").write_bytes(data)

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "说明"                            # a notes sheet first: the 岗位 sheet is found by name
    ws.append(["这里是说明"])
    ws = wb.create_sheet("岗位")
    ws.append(["岗位编号", "企业", "岗位类型", "岗位名称", "开始日期", "结束日期", "名额"])
    ws.append(["P1", "甲公司", "实习实训", "装配工", dt.datetime(2023, 7, 19), dt.date(2023, 12, 31), 5])
    ws.append(["P2", "甲公司", "实习实训", "装配工", 45126, 45126.0, 5.0])      # raw serials
    ws.append(["P3", "甲公司", "实习实训", "装配工", 20230719, "2023年7月19日", "５"])
    ws.append(["P4", "甲公司", "实习实训", "装配工", "07/08/2023", -3, 1.5])
    (HERE / "positions_dates.xlsx").write_bytes(_save(wb))

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2024 级学生名册"])
    ws.merge_cells("A1:D1")
    ws.append(["学号", "学校", "姓名", "专业"])
    ws.append(["S001", SCHOOL, "张三", "数控技术"])
    (HERE / "students_title_row.xlsx").write_bytes(_save(wb))


if __name__ == "__main__":
    make_csv()
    make_xlsx()
    print("corpus written to", HERE)
