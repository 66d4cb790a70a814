"""Student and teacher pages: each organization manages its own people; bad input writes nothing."""
from types import SimpleNamespace

import pytest

from consortium.auth.models import User
from consortium.extensions import db
from consortium.tables.normalize import id_check_digit
from consortium.people.models import Student, Teacher

from .. import factories

GOOD_ID = "41010219900101123" + id_check_digit("41010219900101123")
BAD_ID = "41010219900101123" + ("5" if id_check_digit("41010219900101123") != "5" else "6")


@pytest.fixture
def people(app, world):
    with app.app_context():
        from consortium.members.models import Consortium

        consortium = db.session.get(Consortium, world.consortium)
        other_school = factories.make_member(consortium, name="郑州第二职业学校", type="secondary_vocational")
        factories.make_user("school_b", "school", member=other_school)
        mine = factories.make_student(world.school, student_no="2023001", name="王小明", id_number=GOOD_ID,
                                      phone="13812345678")
        theirs = factories.make_student(other_school, student_no="2023001", name="赵外校")
        expert = factories.make_teacher(world.enterprise, staff_no="E001", name="钱导师")
        other_expert = factories.make_teacher(world.other_enterprise, staff_no="E001", name="孙导师")
        db.session.commit()
        ids = SimpleNamespace(other_school=other_school.id, mine=mine.id, theirs=theirs.id, expert=expert.id,
                              other_expert=other_expert.id)
        db.session.remove()
    return ids


def switch(browser, username, password=factories.PASSWORD):
    """Sign out (drop the session cookie) and sign in as someone else."""
    for name in ("session", "remember_token"):
        browser.client.delete_cookie(name)
    return browser.login(username, password)


def student_form(**kw):
    data = {"student_no": "2024100", "name": "李华", "id_number": "", "gender": "female", "phone": "",
            "major": "工业机器人技术", "major_code": "460305", "skills": "PLC编程、焊接", "city": "郑州市",
            "enrol_year": "2024", "graduation_year": "", "pathway": "none", "admission_route": "regular",
            "outcome": "", "outcome_city": ""}
    data.update(kw)
    return data


def test_school_adds_a_student_and_sees_only_its_own(browser, people, app):
    browser.login("school")
    r = browser.submit("/students/new", student_form())
    assert r.status_code == 302
    with app.app_context():
        student = db.session.query(Student).filter_by(student_no="2024100").one()
        assert student.skills == ["PLC编程", "焊接"] and student.school.name == "郑州测试职业技术学院"
    page = browser.get("/students").text
    assert "王小明" in page and "李华" in page and "赵外校" not in page
    # sensitive fields are masked on lists, details and even the school's own edit form (a reveal shows them)
    assert GOOD_ID not in page and GOOD_ID[:6] + "********" + GOOD_ID[-4:] in page
    detail = browser.get(f"/students/{people.mine}").text
    assert GOOD_ID not in detail and "138****5678" in detail
    edit = browser.get(f"/students/{people.mine}/edit").text
    assert GOOD_ID not in edit and GOOD_ID[:6] + "********" + GOOD_ID[-4:] in edit


def test_student_filters(browser, people):
    browser.login("admin")
    r = browser.get(f"/students?school_id={people.other_school}")
    assert "赵外校" in r.text and "王小明" not in r.text
    assert "王小明" in browser.get("/students?q=小明").text
    assert "没有符合条件的学生" in browser.get("/students?major=电子商务").text


def test_bad_student_input_writes_nothing(browser, people, app):
    browser.login("school")
    r = browser.submit("/students/new", student_form(id_number=BAD_ID))
    assert r.status_code == 200 and "is-invalid" in r.text and "校验" in r.text
    r = browser.submit("/students/new", student_form(student_no="2023001"))
    assert r.status_code == 200 and "本校已有学号为 2023001 的学生" in r.text
    r = browser.submit("/students/new", student_form(enrol_year="2024", graduation_year="2020"))
    assert "毕业年份不能早于入学年份" in r.text
    with app.app_context():
        assert db.session.query(Student).count() == 2


def test_another_schools_student_is_out_of_reach(browser, people):
    browser.login("school")
    assert browser.get(f"/students/{people.theirs}").status_code == 404
    assert browser.get(f"/students/{people.theirs}/edit").status_code == 404
    r = browser.submit(f"/students/{people.theirs}/account", {"username": "x1", "password": "long-enough-1"},
                       form_url="/students")
    assert r.status_code == 404
    switch(browser, "ent_a")
    assert browser.get("/students").status_code == 403
    assert browser.get(f"/students/{people.mine}").status_code == 404


def test_school_creates_a_login_for_its_student(browser, people, app):
    browser.login("school")
    r = browser.submit(f"/students/{people.mine}/account", {"username": "wxm2023", "password": "initial-pass-1"},
                       form_url=f"/students/{people.mine}", follow_redirects=True)
    assert "已为 王小明 创建账号 wxm2023" in r.text
    with app.app_context():
        assert db.session.query(User).filter_by(username="wxm2023").one().student_id == people.mine
    r = browser.submit(f"/students/{people.mine}/account", {"username": "again", "password": "initial-pass-1"},
                       form_url=f"/students/{people.mine}", follow_redirects=True)
    assert "已有账号" in r.text
    switch(browser, "wxm2023", "initial-pass-1")
    own = browser.get(f"/students/{people.mine}")
    assert own.status_code == 200 and GOOD_ID not in own.text
    assert browser.get(f"/students/{people.mine}/edit").status_code == 403


def test_enterprise_manages_its_own_experts(browser, people, app):
    browser.login("ent_a")
    r = browser.submit("/teachers/new", {"staff_no": "E002", "name": "周工", "subject": "数控技术", "skills": "五轴加工",
                                         "dual_qualified": "y", "post": "flowing", "city": "郑州市",
                                         "serves_school_id": "", "dual_evidence": ""})
    assert r.status_code == 302
    page = browser.get("/teachers").text
    assert "周工" in page and "钱导师" in page and "孙导师" not in page
    assert browser.get(f"/teachers/{people.other_expert}").status_code == 404
    assert browser.get(f"/teachers/{people.other_expert}/edit").status_code == 404
    r = browser.submit("/teachers/new", {"staff_no": "E001", "name": "重复", "post": "fixed"})
    assert "本单位已有工号为 E001 的教师" in r.text
    with app.app_context():
        assert db.session.query(Teacher).count() == 3


def test_secretariat_picks_the_school(browser, people, app):
    browser.login("admin")
    r = browser.submit("/students/new", student_form(school_id=str(people.other_school), student_no="B-1"))
    assert r.status_code == 302
    with app.app_context():
        assert db.session.query(Student).filter_by(student_no="B-1").one().school_id == people.other_school
    r = browser.submit("/students/new", student_form(school_id=""))
    assert r.status_code == 200 and "请选择学校" in r.text
