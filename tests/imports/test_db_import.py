"""Imports bound to the database: every type from CSV and XLSX, all or nothing, idempotent, permissions."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from consortium.auth.models import User
from consortium.extensions import db
from consortium.imports.services import preview_import, run_import
from consortium.jobs.models import Placement, Position, Programme
from consortium.members.models import Consortium, EnterpriseYear, Member
from consortium.people.models import Student, Teacher
from consortium.records.models import RdProject, ResearchOutput, Resource
from consortium.supply.models import DemandForecast
from consortium.teachers.models import Engagement
from consortium.training.models import Certificate, TrainingSession
from tests import factories

from .helpers import ENT, ID_NUMBER, OTHER_ENT, ROWS, SCHOOL, csv_bytes, file_bytes, xlsx_bytes

MODELS = {"members": Member, "enterprise_years": EnterpriseYear, "students": Student, "teachers": Teacher,
          "positions": Position, "placements": Placement, "programmes": Programme, "engagements": Engagement,
          "training_sessions": TrainingSession, "certificates": Certificate, "resources": Resource,
          "rd_projects": RdProject, "outputs": ResearchOutput, "demand_forecasts": DemandForecast}


def _user(ids, name):
    return db.session.get(User, getattr(ids, name))


def _consortium(ids):
    return db.session.get(Consortium, ids.consortium)


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def _import(ids, who, type_name, data, filename="file.csv"):
    report = run_import(_user(ids, who), _consortium(ids), type_name, data, filename)
    if report.ok:
        db.session.commit()
    return report


def _import_all(ids, fmt):
    before = {t: _count(m) for t, m in MODELS.items()}
    for type_name, rows in ROWS.items():
        report = _import(ids, "admin", type_name, file_bytes(fmt, type_name, rows), f"{type_name}.{fmt}")
        assert report.ok, (type_name, [str(e) for e in report.errors])
        assert report.summary == {"created": len(rows), "updated": 0, "unchanged": 0}, type_name
        assert _count(MODELS[type_name]) == before[type_name] + len(rows), type_name


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_type_imports_and_reimport_is_a_no_op(ctx, world, fmt):
    _import_all(world, fmt)
    for type_name, rows in ROWS.items():
        report = _import(world, "admin", type_name, file_bytes(fmt, type_name, rows), f"{type_name}.{fmt}")
        assert report.ok, (type_name, [str(e) for e in report.errors])
        assert report.summary == {"created": 0, "updated": 0, "unchanged": len(rows)}, type_name

    student = db.session.scalar(select(Student).where(Student.student_no == "2024001"))
    assert student.id_number == ID_NUMBER and student.phone == "13800138000"
    assert student.skills == ["PLC编程", "电气控制"] and student.school.name == SCHOOL
    year = db.session.scalar(select(EnterpriseYear))
    assert year.assets == Decimal("52000.50") and year.member.name == ENT
    position = db.session.scalar(select(Position).where(Position.code == "P001"))
    assert position.filled == 1 and position.status == "open"
    practice = db.session.scalar(select(Position).where(Position.code == "TP01"))
    assert practice.filled == 1
    placement = db.session.scalar(select(Placement).where(Placement.position_id == position.id))
    assert placement.status == "accepted" and placement.source == "import"
    assert placement.start_date == position.start_date
    programme = db.session.scalar(select(Programme))
    assert [s.student_no for s in programme.students] == ["2024001", "2024002"]
    session = db.session.scalar(select(TrainingSession))
    assert session.provider.name == SCHOOL and session.host.name == ENT
    cert = db.session.scalar(select(Certificate))
    assert cert.level == 4 and cert.session_id == session.id and cert.issuer.name == SCHOOL
    assert sorted(m.name for m in db.session.scalar(select(Resource)).partners) == sorted([SCHOOL, ENT])
    assert db.session.scalar(select(Member).where(Member.name == "丙中等职业学校")).students == 3000
    forecast = db.session.scalar(select(DemandForecast).where(DemandForecast.year == 2026))
    assert (forecast.occupation, forecast.occupation_code, forecast.occupation_input) == ("车工", "6-18-01-01", "数控车工")
    assert forecast.majors == ["数控技术", "机电一体化技术"] and forecast.level == "junior_college"


def test_preview_counts_and_writes_nothing(ctx, world):
    data = csv_bytes("students", ROWS["students"])
    report = preview_import(_user(world, "admin"), _consortium(world), "students", data, "s.csv")
    db.session.commit()
    assert report.ok and report.summary == {"created": 2, "updated": 0, "unchanged": 0}
    assert report.preview[0]["student_no"] == "2024001"
    assert report.preview[0]["id_number"] != ID_NUMBER  # masked in the preview
    assert _count(Student) == 0


def test_one_bad_row_writes_nothing_and_names_the_row(ctx, world):
    rows = ROWS["students"] + [{"student_no": "2024003", "school": SCHOOL, "name": "王五", "major": "数控",
                                "id_number": "110105194912310021"}]
    report = _import(world, "admin", "students", csv_bytes("students", rows))
    assert not report.ok and _count(Student) == 0
    assert [str(e) for e in report.errors][0].startswith("line 4, column 身份证号:")


def test_changed_row_updates_only_present_columns(ctx, world):
    _import(world, "admin", "students", csv_bytes("students", ROWS["students"]))
    changed = [{"student_no": "2024001", "school": SCHOOL, "name": "张三丰", "major": "机电一体化技术"},
               {"student_no": "2024002", "school": SCHOOL, "name": "李梅", "major": "电气自动化技术"}]
    report = _import(world, "admin", "students", xlsx_bytes("students", changed), "s.xlsx")
    assert report.summary == {"created": 0, "updated": 1, "unchanged": 1}
    student = db.session.scalar(select(Student).where(Student.student_no == "2024001"))
    # Columns absent from the second file (ID number, phone, skills …) are kept.
    assert student.name == "张三丰" and student.id_number == ID_NUMBER and student.skills == ["PLC编程", "电气控制"]


def test_school_cannot_import_another_schools_students_and_learns_nothing(ctx, world):
    other = factories.make_member(_consortium(world), name="外校职业学院", type="higher_vocational")
    factories.make_student(other, student_no="X001", name="外校学生")
    db.session.commit()
    rows = [{"student_no": "X001", "school": "外校职业学院", "name": "冒名", "major": "机电"},
            {"student_no": "X002", "school": "不存在的学校", "name": "某某", "major": "机电"}]
    report = _import(world, "school_user", "students", csv_bytes("students", rows))
    assert not report.ok
    messages = [e.message for e in report.errors]
    assert len(messages) == 2 and messages[0] == messages[1] == "只能导入本校的学生"
    assert "外校学生" not in " ".join(messages)
    assert db.session.scalar(select(Student.name).where(Student.student_no == "X001")) == "外校学生"


def test_school_imports_its_own_students(ctx, world):
    report = _import(world, "school_user", "students", csv_bytes("students", ROWS["students"]))
    assert report.ok and report.created == 2


def test_enterprise_imports_only_its_own_positions(ctx, world):
    rows = [dict(ROWS["positions"][0]), dict(ROWS["positions"][0], code="P009", enterprise=OTHER_ENT)]
    report = _import(world, "ent_user", "positions", csv_bytes("positions", rows))
    assert [(e.line, e.column, e.message) for e in report.errors] == [(3, "enterprise", "只能导入本企业的岗位")]
    assert _count(Position) == 0
    report = _import(world, "ent_user", "positions", csv_bytes("positions", rows[:1]))
    assert report.ok and report.created == 1
    # Another enterprise re-using the code cannot take the position over.
    report = _import(world, "other_ent_user", "positions", csv_bytes("positions", [dict(rows[0], enterprise=OTHER_ENT)]))
    assert [e.column for e in report.errors] == ["code"]


def test_role_without_import_right_is_refused(ctx, world):
    from consortium.errors import NotAllowed

    with pytest.raises(NotAllowed):
        run_import(_user(world, "school_user"), _consortium(world), "members", csv_bytes("members", ROWS["members"]))


def test_unknown_references_are_bad_rows(ctx, world):
    _import(world, "admin", "students", csv_bytes("students", ROWS["students"]))
    _import(world, "admin", "positions", csv_bytes("positions", ROWS["positions"]))
    rows = [{"position": "NOPE", "candidate": "2024001", "candidate_org": SCHOOL},
            {"position": "P001", "candidate": "9999", "candidate_org": SCHOOL},
            {"position": "P001", "candidate": "2024001", "candidate_org": "无此单位"}]
    report = _import(world, "admin", "placements", csv_bytes("placements", rows))
    got = [(e.line, e.column) for e in report.errors]
    assert got == [(2, "position"), (3, "candidate"), (4, "candidate_org")]
    assert "line 2, column 岗位编号: 未找到岗位编号「NOPE」" in [str(e) for e in report.errors]
    assert _count(Placement) == 0


def test_placements_respect_slots(ctx, world):
    _import(world, "admin", "students", csv_bytes("students", ROWS["students"]))
    _import(world, "admin", "positions", csv_bytes("positions", [dict(ROWS["positions"][0], slots="1")]))
    rows = [{"position": "P001", "candidate": no, "candidate_org": SCHOOL, "status": "已接收"}
            for no in ("2024001", "2024002")]
    report = _import(world, "admin", "placements", csv_bytes("placements", rows))
    assert not report.ok and "名额不足" in report.errors[0].message
    assert _count(Placement) == 0
    assert db.session.scalar(select(Position.filled)) == 0
    # Withdrawing a placement in a later file releases its slot.
    assert _import(world, "admin", "placements", csv_bytes("placements", rows[:1])).ok
    withdrawn = [dict(rows[0], status="已退出"), rows[1]]
    report = _import(world, "admin", "placements", csv_bytes("placements", withdrawn))
    assert report.ok and report.summary == {"created": 1, "updated": 1, "unchanged": 0}
    assert db.session.scalar(select(Position.filled)) == 1


def test_duplicate_rows_in_file_are_bad(ctx, world):
    rows = ROWS["students"] + [ROWS["students"][0]]
    report = _import(world, "admin", "students", csv_bytes("students", rows))
    assert [e.line for e in report.errors] == [4] and _count(Student) == 0


def test_database_failure_rolls_back_everything(ctx, world, monkeypatch):
    from consortium.imports.binders import people

    calls = {"n": 0}

    def second_fails(self, ctx, values):
        calls["n"] += 1
        if calls["n"] == 2:
            values = dict(values, name=None)  # NOT NULL: the INSERT fails in the database
        return values

    monkeypatch.setattr(people.StudentBinder, "new_values", second_fails, raising=False)
    report = _import(world, "admin", "students", csv_bytes("students", ROWS["students"]))
    assert not report.ok and report.errors[0].line is None and "已全部撤销" in report.errors[0].message
    assert _count(Student) == 0


def test_a_bulk_insert_is_one_statement_and_blank_cells_take_the_column_defaults(ctx):
    """Rows that leave different cells blank still go out as one batched INSERT (the ORM would start a statement
    per pattern of None values: 20k students were 12k statements on PostgreSQL), and a blank cell writes what
    the INSERT would have written without it: the column's default."""
    from sqlalchemy import event

    world = factories.build_world()
    db.session.commit()
    rows = []
    for n in range(40):
        row = {"student_no": f"B{n:03d}", "school": SCHOOL, "name": f"学生{n}", "major": "机电一体化技术",
               "enrol_year": "2024"}
        if n % 2:
            row["gender"] = "女"
        if n % 3:
            row["phone"] = f"1380013{n:04d}"
        if n % 5:
            row["pathway"] = "中高职贯通"
        if n % 7:
            row["available_from"] = "2027-03-01"
        rows.append(row)
    inserts = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO STUDENT"):
            inserts.append(executemany)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        report = run_import(world.admin, world.consortium, "students", csv_bytes("students", rows), "s.csv")
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert report.ok and report.created == 40
    assert len(inserts) == 1
    defaults = {c.key: c.default.arg for c in Student.__table__.columns
                if c.default is not None and c.default.is_scalar}
    blank = db.session.scalar(select(Student).where(Student.student_no == "B000"))  # every optional cell blank
    for key, value in defaults.items():
        assert getattr(blank, key) == value, key
    assert blank.pathway == defaults.get("pathway", blank.pathway) and blank.gender is None
    full = db.session.scalar(select(Student).where(Student.student_no == "B001"))
    assert full.gender == "female" and full.available_from is not None
