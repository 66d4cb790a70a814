"""Good files for every record type, generated from the column specs (CSV with Chinese headers, XLSX
with canonical ones), and the world they refer to (tests/factories.build_world)."""
import csv
import io

from openpyxl import Workbook

from consortium.tables.columns import get_spec

SCHOOL = "郑州测试职业技术学院"
ENT = "甲智能装备有限公司"
OTHER_ENT = "乙汽车零部件有限公司"
ID_NUMBER = "11010519491231002X"

# In dependency order: later types refer to records of earlier ones.
ROWS = {
    "members": [
        {"name": "丙中等职业学校", "type": "中职学校", "city": "郑州市", "students": "3000", "joined_date": "2023-03-01",
         "role": "成员"},
        {"name": "丁科技有限公司", "type": "企业", "sector": "工业", "joined_date": "2023/5/1"},
    ],
    "enterprise_years": [
        {"member": ENT, "year": "2024", "employees": "850", "assets": "52000.5", "sales": "31000",
         "main_revenue": "29800", "coop_benefit": "120"},
    ],
    "students": [
        {"student_no": "2024001", "school": SCHOOL, "name": "张三", "id_number": ID_NUMBER, "gender": "男",
         "phone": "138 0013 8000", "major": "机电一体化技术", "skills": "PLC编程、电气控制", "enrol_year": "2024"},
        {"student_no": "2024002", "school": SCHOOL, "name": "李梅", "gender": "女", "major": "电气自动化技术",
         "enrol_year": "2024", "pathway": "中高职贯通"},
    ],
    "teachers": [
        {"staff_no": "T001", "employer": SCHOOL, "name": "李四", "dual_qualified": "是", "post": "固定岗"},
        {"staff_no": "E001", "employer": ENT, "name": "王工", "subject": "数控加工", "skills": "数控编程"},
    ],
    "positions": [
        {"code": "P001", "enterprise": ENT, "kind": "实习实训", "title": "电气装配实习生", "slots": "3",
         "start_date": "2025-03-01", "end_date": "2025-08-31", "majors": "机电一体化技术"},
        {"code": "TP01", "enterprise": ENT, "kind": "教师实践", "title": "教师企业实践岗", "slots": "1",
         "start_date": "2025-07-01", "end_date": "2025-08-31"},
    ],
    "placements": [
        {"position": "P001", "candidate": "2024001", "candidate_org": SCHOOL, "status": "已接收"},
        {"position": "TP01", "candidate": "T001", "candidate_org": SCHOOL, "status": "在岗",
         "start_date": "2025-07-01", "end_date": "2025-07-31"},
    ],
    "programmes": [
        {"name": "甲智能订单班", "school": SCHOOL, "enterprise": ENT, "kind": "订单班", "start_date": "2024-09-01",
         "students": "2024001、2024002"},
    ],
    "engagements": [
        {"teacher": "E001", "teacher_org": ENT, "host": SCHOOL, "start_date": "2024-03-01", "course": "数控加工",
         "class_hours": "32"},
    ],
    "training_sessions": [
        {"code": "TR001", "title": "电工技能提升培训", "kind": "技能提升培训", "audience": "企业职工",
         "provider": SCHOOL, "host": ENT, "start_date": "2024-05-06", "end_date": "2024-05-10", "days": "5",
         "participants": "40"},
    ],
    "certificates": [
        {"certificate_no": "C001", "holder_name": "张三", "holder_id_number": ID_NUMBER, "name": "电工",
         "level": "四级/中级工", "issued_date": "2024-06-01", "issuer": SCHOOL, "session": "TR001"},
    ],
    "resources": [
        {"name": "智能制造产业学院", "kind": "产业学院", "partners": f"{SCHOOL}、{ENT}", "established_date": "2023-09-01"},
    ],
    "rd_projects": [
        {"code": "RD001", "title": "数控机床故障诊断系统研发", "school": SCHOOL, "enterprise": ENT,
         "start_date": "2024-01-01", "converted": "否", "funds_received": "30", "funds_year": "2024"},
    ],
    "outputs": [
        {"title": "一种数控机床主轴冷却装置", "kind": "实用新型专利", "date": "2024-05-10", "members": f"{SCHOOL}、{ENT}"},
    ],
}


def _columns(type_name, rows):
    spec = get_spec(type_name)
    present = {k for r in rows for k in r}
    return [c for c in spec.columns if c.name in present]


def csv_bytes(type_name, rows, *, chinese=True, encoding="utf-8-sig") -> bytes:
    """A CSV of the rows, headers as Chinese aliases (or canonical names)."""
    cols = _columns(type_name, rows)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([c.alias if chinese else c.name for c in cols])
    for row in rows:
        writer.writerow([row.get(c.name, "") for c in cols])
    return buf.getvalue().encode(encoding)


def xlsx_bytes(type_name, rows, *, chinese=False) -> bytes:
    """An XLSX of the rows (all cells as text), headers canonical (or Chinese)."""
    cols = _columns(type_name, rows)
    wb = Workbook()
    ws = wb.active
    ws.append([c.alias if chinese else c.name for c in cols])
    for row in rows:
        ws.append([row.get(c.name) or None for c in cols])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def file_bytes(fmt, type_name, rows) -> bytes:
    return csv_bytes(type_name, rows) if fmt == "csv" else xlsx_bytes(type_name, rows)
