"""Job pages: positions, applications, placements with their documents, programmes, per role and across organizations."""
import io
from datetime import date
from types import SimpleNamespace

import pytest

from consortium.extensions import db
from consortium.jobs.models import Application, Notification, Placement, Position, Programme

from .. import factories
from ..people.test_pages import switch

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def jobs(app, world):
    with app.app_context():
        from consortium.members.models import Consortium

        consortium = db.session.get(Consortium, world.consortium)
        other_school = factories.make_member(consortium, name="郑州第二职业学校", type="secondary_vocational")
        factories.make_user("school_b", "school", member=other_school)
        student = factories.make_student(world.school, student_no="2023001", name="王小明")
        factories.link_account(world.student_user, student)
        teacher = factories.make_teacher(world.school, staff_no="T01", name="李老师")
        factories.link_account(world.teacher_user, teacher)
        outsider = factories.make_student(other_school, student_no="B001", name="赵外校")
        position = factories.make_position(world.enterprise, code="P-1", title="PLC调试实习", slots=2)
        practice = factories.make_position(world.enterprise, code="TP-1", title="教师企业实践：产线维护",
                                           kind="teacher_practice")
        theirs = factories.make_position(world.other_enterprise, code="P-2", title="乙公司装配实习")
        db.session.commit()
        ids = SimpleNamespace(other_school=other_school.id, student=student.id, teacher=teacher.id,
                              outsider=outsider.id, position=position.id, practice=practice.id, theirs=theirs.id)
        db.session.remove()
    return ids


def position_form(**kw):
    data = {"code": "P-9", "title": "数控加工学徒", "kind": "apprenticeship", "status": "open", "majors": "数控技术",
            "skills": "数控编程、CAD", "city": "郑州市", "slots": "3", "start_date": "2025-09-01",
            "end_date": "2026-06-30", "description": "车间跟岗"}
    data.update(kw)
    return data


def act(browser, url, value, form_url, **kw):
    return browser.submit(url, {"value": value, **kw}, form_url=form_url)


def started_position(app, jobs):
    """Move the position's start a few days back (still within its late-joiner window): a placement may go
    在岗 only once its position has started."""
    from datetime import timedelta

    from consortium.timeutil import today

    with app.app_context():
        position = db.session.get(Position, jobs.position)
        position.start_date = today() - timedelta(days=5)
        position.end_date = today() + timedelta(days=90)
        db.session.commit()
        db.session.remove()


def accepted_placement(app, jobs, user_id=None):
    """Accept the student's application through the service (set-up for placement tests)."""
    from consortium.auth.models import User
    from consortium.jobs import applications

    with app.app_context():
        stu = db.session.query(User).filter_by(username="stu").one()
        ent = db.session.query(User).filter_by(username="ent_a").one()
        application = applications.apply(stu, db.session.get(Position, jobs.position), "")
        placement = applications.decide_application(ent, application, True)
        db.session.commit()
        pid = placement.id
        db.session.remove()
    return pid


def test_enterprise_publishes_edits_and_closes_a_position(browser, jobs, app):
    browser.login("ent_a")
    r = browser.submit("/positions/new", position_form())
    assert r.status_code == 302
    with app.app_context():
        position = db.session.query(Position).filter_by(code="P-9").one()
        assert position.majors == ["数控技术"] and position.skills == ["数控编程", "CAD"]
        pid = position.id
    r = browser.submit(f"/positions/{pid}/edit", position_form(title="数控加工学徒（二期）"))
    assert r.status_code == 302
    r = act(browser, f"/positions/{pid}/status", "closed", f"/positions/{pid}")
    assert r.status_code == 302
    with app.app_context():
        position = db.session.get(Position, pid)
        assert position.title == "数控加工学徒（二期）" and position.status == "closed"
    page = browser.get("/positions?status=closed").text
    assert "数控加工学徒（二期）" in page and "PLC调试实习" not in page


def test_position_filters(browser, jobs):
    browser.login("admin")
    assert "教师企业实践：产线维护" in browser.get("/positions?kind=teacher_practice").text
    assert "PLC调试实习" not in browser.get("/positions?kind=teacher_practice").text
    r = browser.get(f"/positions?enterprise_id={jobs.theirs}")
    assert "乙公司装配实习" in r.text and "PLC调试实习" not in r.text
    assert "没有符合条件的岗位" in browser.get("/positions?city=洛阳市").text
    assert "PLC调试实习" in browser.get("/positions?major=机电&only_open=1").text


def test_bad_position_input_writes_nothing(browser, jobs, app):
    browser.login("ent_a")
    r = browser.submit("/positions/new", position_form(start_date="2025-09-01", end_date="2025-01-01"))
    assert r.status_code == 200 and "结束日期不能早于开始日期" in r.text
    r = browser.submit("/positions/new", position_form(code="P-1"))
    assert "岗位编号 P-1 已被使用" in r.text
    with app.app_context():
        assert db.session.query(Position).count() == 3
    accepted_placement(app, jobs)
    r = browser.submit(f"/positions/{jobs.position}/edit", position_form(code="P-1", kind="internship", slots="0"))
    assert r.status_code == 200 and "名额不能少于已录用人数（1）" in r.text
    with app.app_context():
        assert db.session.get(Position, jobs.position).slots == 2


def test_other_enterprise_cannot_touch_the_position(browser, jobs, app):
    accepted_placement(app, jobs)
    browser.login("ent_b")
    assert browser.get(f"/positions/{jobs.position}/edit").status_code == 403
    r = act(browser, f"/positions/{jobs.position}/status", "closed", f"/positions/{jobs.theirs}")
    assert r.status_code == 403
    detail = browser.get(f"/positions/{jobs.position}").text
    assert "王小明" not in detail  # applicants are for the enterprise and the secretariat only
    with app.app_context():
        application = db.session.query(Application).one()
        placement = db.session.query(Placement).one()
        assert db.session.get(Position, jobs.position).status == "open"
    r = act(browser, f"/applications/{application.id}/decide", "reject", f"/positions/{jobs.theirs}")
    assert r.status_code == 404
    assert browser.get(f"/placements/{placement.id}").status_code == 404
    assert browser.get(f"/placements/{placement.id}/agreement").status_code == 404
    assert "王小明" not in browser.get("/applications").text


def test_student_applies_from_recommendations_and_enterprise_accepts(browser, jobs, app):
    browser.login("stu")
    page = browser.get("/my/recommended").text
    assert "PLC调试实习" in page and "教师企业实践" not in page and "匹配分" in page
    r = browser.submit(f"/positions/{jobs.position}/apply", {"note": "有PLC竞赛经历"}, form_url="/my/recommended")
    assert r.status_code == 302
    assert "待处理" in browser.get("/my/applications").text
    switch(browser, "ent_a")
    home = browser.get("/").text
    assert "data-unread" in home  # the enterprise got a notification
    assert "王小明 申请了岗位 PLC调试实习" in browser.get("/notifications").text
    assert "data-unread" not in browser.get("/").text
    applicants = browser.get(f"/positions/{jobs.position}").text
    assert "有PLC竞赛经历" in applicants
    with app.app_context():
        application = db.session.query(Application).one()
    r = act(browser, f"/applications/{application.id}/decide", "accept", "/applications")
    assert r.status_code == 302
    with app.app_context():
        assert db.session.get(Position, jobs.position).filled == 1
        placement = db.session.query(Placement).one()
        assert placement.status == "accepted"
    switch(browser, "school")
    assert "王小明" in browser.get("/placements").text
    assert "王小明" in browser.get("/applications").text
    switch(browser, "stu")
    assert "已录用" in browser.get("/my/applications").text
    assert "PLC调试实习" in browser.get("/my/placements").text


def test_teacher_sees_teacher_practice_and_withdraws(browser, jobs, app):
    browser.login("tea")
    page = browser.get("/my/recommended").text
    assert "教师企业实践：产线维护" in page and "PLC调试实习" not in page
    browser.submit(f"/positions/{jobs.practice}/apply", {"note": ""}, form_url="/my/recommended")
    with app.app_context():
        application = db.session.query(Application).one()
    r = act(browser, f"/applications/{application.id}/withdraw", "withdraw", "/my/applications")
    assert r.status_code == 302
    with app.app_context():
        assert db.session.get(Application, application.id).status == "withdrawn"


def test_compliance_gate_upload_and_override(browser, jobs, app):
    from datetime import timedelta

    from consortium.timeutil import today

    started_position(app, jobs)
    start, end = today() - timedelta(days=5), today() + timedelta(days=90)
    pid = accepted_placement(app, jobs)
    browser.login("ent_a")
    r = act(browser, f"/placements/{pid}/status", "active", f"/placements/{pid}")
    follow = browser.get(f"/placements/{pid}").text
    assert "三方协议" in follow and "材料不全" in follow
    with app.app_context():
        assert db.session.get(Placement, pid).status == "accepted"
    switch(browser, "school")
    fake = {"agreement_signed_date": (start - timedelta(days=10)).isoformat(), "insurer": "", "policy_no": "", "insurance_start": "",
            "insurance_end": "", "agreement_scan": (io.BytesIO(b"just some text, not a pdf"), "scan.pdf")}
    r = browser.submit(f"/placements/{pid}/compliance", fake, form_url=f"/placements/{pid}",
                       content_type="multipart/form-data")
    assert r.status_code == 200 and "只接受 PDF、JPEG 或 PNG 文件" in r.text
    with app.app_context():
        assert db.session.get(Placement, pid).agreement_signed_date is None
    good = dict(fake, insurer="中国人寿", policy_no="PL-2025-001", insurance_start=start.isoformat(),
                insurance_end=end.isoformat(), agreement_scan=(io.BytesIO(PDF), "协议.pdf"))
    r = browser.submit(f"/placements/{pid}/compliance", good, form_url=f"/placements/{pid}",
                       content_type="multipart/form-data")
    assert r.status_code == 302
    with app.app_context():
        placement = db.session.get(Placement, pid)
        assert placement.has_agreement and placement.has_insurance
        assert placement.agreement_file.endswith(".pdf") and "协议" not in placement.agreement_file
    download = browser.get(f"/placements/{pid}/agreement")
    assert download.status_code == 200 and download.data == PDF
    assert "attachment" in download.headers["Content-Disposition"]
    switch(browser, "school_b")
    assert browser.get(f"/placements/{pid}/agreement").status_code == 404
    switch(browser, "ent_a")
    r = act(browser, f"/placements/{pid}/status", "active", f"/placements/{pid}")
    with app.app_context():
        assert db.session.get(Placement, pid).status == "active"


def test_secretariat_override_is_recorded(browser, jobs, app):
    started_position(app, jobs)
    pid = accepted_placement(app, jobs)
    browser.login("admin")
    r = browser.submit(f"/placements/{pid}/override", {"reason": "短"}, form_url=f"/placements/{pid}")
    assert r.status_code == 200 and "至少 4 个字" in r.text
    r = browser.submit(f"/placements/{pid}/override", {"reason": "保险补办中，学校书面承诺一周内补交"},
                       form_url=f"/placements/{pid}")
    assert r.status_code == 302
    page = browser.get(f"/placements/{pid}").text
    assert "保险补办中" in page and "记录人" in page
    switch(browser, "ent_a")
    r = browser.submit(f"/placements/{pid}/override", {"reason": "企业也想豁免一下"}, form_url=f"/placements/{pid}")
    assert r.status_code == 403
    act(browser, f"/placements/{pid}/status", "active", f"/placements/{pid}")
    with app.app_context():
        assert db.session.get(Placement, pid).status == "active"


def test_secretariat_records_history_and_sees_overlaps(browser, jobs, app):
    browser.login("admin")
    base = {"candidate_kind": "student", "org_id": "", "number": "2023001", "status": "completed",
            "start_date": "2024-03-01", "end_date": "2024-08-31"}
    with app.app_context():
        from consortium.members.models import Member

        school_id = db.session.query(Member).filter_by(name="郑州测试职业技术学院").one().id
    r = browser.submit("/placements/record", dict(base, position_id=str(jobs.position), org_id=str(school_id),
                                                  number="nope"))
    assert r.status_code == 200 and "该单位没有这个学号或工号" in r.text
    r = browser.submit("/placements/record", dict(base, position_id=str(jobs.position), org_id=str(school_id)))
    assert r.status_code == 302
    r = browser.submit("/placements/record", dict(base, position_id=str(jobs.theirs), org_id=str(school_id),
                                                  start_date="2024-06-01", end_date="2024-12-31"))
    assert r.status_code == 302
    assert "缺协议" in browser.get("/placements?missing=1").text
    overlaps = browser.get("/placements/overlaps").text
    assert "王小明" in overlaps and "重叠" in overlaps
    switch(browser, "school")
    assert browser.get("/placements/record").status_code == 403
    assert browser.get("/placements/overlaps").status_code == 403


def test_school_sees_unplaced_and_placed(browser, jobs, app):
    accepted_placement(app, jobs)
    browser.login("school")
    page = browser.get("/school/unplaced").text
    assert "李老师" in page  # the teacher has no placement
    assert "PLC调试实习" in page  # where its student is placed
    switch(browser, "ent_a")
    assert browser.get("/school/unplaced").status_code == 403


def test_programmes(browser, jobs, app):
    browser.login("school")
    with app.app_context():
        from consortium.members.models import Member

        ent = db.session.query(Member).filter_by(name="甲智能装备有限公司").one().id
        school = db.session.query(Member).filter_by(name="郑州测试职业技术学院").one().id
    form = {"name": "甲智能订单班", "kind": "order_class", "school_id": str(school), "enterprise_id": str(ent),
            "start_date": "2025-09-01", "end_date": "2025-01-01", "students": "2023001\nB001"}
    r = browser.submit("/programmes/new", form)
    assert r.status_code == 200 and "结束日期不能早于开始日期" in r.text and "B001" in r.text
    with app.app_context():
        assert db.session.query(Programme).count() == 0
    r = browser.submit("/programmes/new", dict(form, end_date="2027-06-30", students="2023001"))
    assert r.status_code == 302
    with app.app_context():
        programme = db.session.query(Programme).one()
        assert [s.student_no for s in programme.students] == ["2023001"]
    assert "甲智能订单班" in browser.get("/programmes").text
    switch(browser, "ent_a")
    assert browser.get(f"/programmes/{programme.id}").status_code == 200
    assert browser.get(f"/programmes/{programme.id}/edit").status_code == 403
    switch(browser, "school_b")
    assert browser.get(f"/programmes/{programme.id}").status_code == 404
    assert browser.get(f"/programmes/{programme.id}/edit").status_code == 404


def test_pages_render_for_every_role(browser, jobs):
    for user in ("admin", "ent_a", "school", "stu", "tea"):
        switch(browser, user)
        for url in ("/", "/positions", "/applications", "/placements", "/notifications", "/programmes",
                    "/my/recommended", "/my/applications", "/my/placements", "/teachers", "/students",
                    "/school/unplaced"):
            status = browser.get(url).status_code
            assert status in (200, 302, 403), (user, url, status)


def test_saving_a_draft_says_it_is_a_draft_and_offers_to_publish(browser, jobs, app):
    browser.login("ent_a")
    r = browser.submit("/positions/new", position_form(code="P-DRAFT", status="draft"))
    assert r.status_code == 302
    page = browser.get(r.headers["Location"]).text
    assert "已保存草稿" in page and "已发布岗位" not in page and "开放申请" in page
    r = browser.submit("/positions/new", position_form(code="P-OPEN", status="open"))
    assert "正在开放申请" in browser.get(r.headers["Location"]).text
