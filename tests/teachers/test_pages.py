"""The teacher-exchange pages, signed in through the login form and posting real CSRF tokens."""
import re
from datetime import date

from consortium.extensions import db
from consortium.teachers.models import Engagement, PracticeTarget
from tests.conftest import csrf_from


def _switch(browser, username):
    """Sign out through the menu's form, then sign in as someone else."""
    page = browser.get("/exchange")
    browser.client.post("/logout", data={"csrf_token": csrf_from(page.text)})
    browser.login(username)


def _engagement_id(app):
    with app.app_context():
        return db.session.scalar(db.select(Engagement.id).order_by(Engagement.id.desc()))


def _create(browser, ex_ids, teacher_id, host_id, **extra):
    data = {"teacher_id": teacher_id, "host_id": host_id, "course": "PLC 编程", "start_date": "2024-03-01",
            "end_date": "", "class_hours": "32", **extra}
    return browser.submit("/engagements/new", data)


def test_enterprise_records_and_host_confirms(app, browser, ex_ids):
    browser.login("ent_a")
    r = _create(browser, ex_ids, ex_ids.expert, ex_ids.school)
    assert r.status_code == 302
    eid = _engagement_id(app)
    page = browser.get(f"/engagements/{eid}")
    assert "待确认" in page.text and "企业兼职教师" in page.text
    assert "确认授课及课时" not in page.text  # the employer does not confirm
    _switch(browser, "school")
    page = browser.get(f"/engagements/{eid}")
    assert "确认授课及课时" in page.text
    r = browser.submit(f"/engagements/{eid}/confirm", {}, form_url=f"/engagements/{eid}")
    assert r.status_code == 302
    with app.app_context():
        assert db.session.get(Engagement, eid).confirmed_by_host
    r = browser.submit(f"/engagements/{eid}/sessions", {"date": "2024-03-08", "hours": "4", "topic": "梯形图"},
                       form_url=f"/engagements/{eid}", follow_redirects=True)
    assert "梯形图" in r.text and "按登记合计" in r.text


def test_form_only_offers_own_teachers(app, browser, ex_ids):
    browser.login("ent_a")
    page = browser.get("/engagements/new")
    assert "王工程师" in page.text and "赵技师" not in page.text and "李老师" not in page.text
    r = _create(browser, ex_ids, ex_ids.other_expert, ex_ids.school)  # not a choice: the form refuses it
    assert r.status_code == 200 and "invalid-feedback" in r.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Engagement.id))) == 0


def test_other_school_cannot_see_or_confirm(app, browser, ex_ids):
    with app.app_context():
        db.session.add(Engagement(consortium_id=ex_ids.consortium, teacher_id=ex_ids.expert, host_id=ex_ids.school,
                                  course="焊接", start_date=date(2024, 3, 1)))
        db.session.commit()
    eid = _engagement_id(app)
    browser.login("school_b")
    assert browser.get(f"/engagements/{eid}").status_code == 404
    token_page = browser.get("/exchange")
    r = browser.client.post(f"/engagements/{eid}/confirm", data={"csrf_token": csrf_from(token_page.text)})
    assert r.status_code == 404
    with app.app_context():
        assert not db.session.get(Engagement, eid).confirmed_by_host


def test_other_enterprise_cannot_edit(app, browser, ex_ids):
    with app.app_context():
        db.session.add(Engagement(consortium_id=ex_ids.consortium, teacher_id=ex_ids.expert, host_id=ex_ids.school,
                                  course="焊接", start_date=date(2024, 3, 1)))
        db.session.commit()
    eid = _engagement_id(app)
    browser.login("ent_b")
    assert browser.get(f"/engagements/{eid}/edit").status_code == 404
    _switch(browser, "school")  # the host sees it but may not edit it
    assert browser.get(f"/engagements/{eid}").status_code == 200
    assert browser.get(f"/engagements/{eid}/edit").status_code == 403


def test_post_without_csrf_is_refused(app, browser, ex_ids):
    browser.login("ent_a")
    r = browser.client.post("/engagements/new", data={"teacher_id": ex_ids.expert, "host_id": ex_ids.school,
                                                      "course": "x", "start_date": "2024-03-01"})
    assert r.status_code in (200, 400)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Engagement.id))) == 0


def test_school_sets_target_and_sees_its_flow(app, browser, ex_ids):
    browser.login("school")
    page = browser.get("/exchange?year=2024")
    assert "派出" in page.text and "接收" in page.text
    r = browser.submit("/exchange/target", {"year": "2024", "months_per_teacher": "1.0"}, form_url="/exchange?year=2024")
    assert r.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(PracticeTarget.months_per_teacher)) == 1
    assert "1 名教师中 0 名已达标" in browser.get("/exchange?year=2024").text


def test_secretariat_overview_has_chart_data_and_no_inline_script(app, browser, ex_ids):
    with app.app_context():
        db.session.add(Engagement(consortium_id=ex_ids.consortium, teacher_id=ex_ids.expert, host_id=ex_ids.school,
                                  course="焊接", start_date=date(2024, 3, 1), class_hours=12))
        db.session.commit()
    browser.login("admin")
    page = browser.get("/exchange?year=2024")
    assert page.status_code == 200
    assert 'data-chart="trend" data-chart-source="teachers-charts"' in page.text
    assert '<script type="application/json" id="teachers-charts">{"trend": {' in page.text
    assert "vendor/echarts/echarts.min.js" in page.text and "js/charts.js" in page.text
    # every other <script> has a src: nothing executable inline
    for tag in re.findall(r"<script[^>]*>", page.text):
        assert "src=" in tag or 'type="application/json"' in tag
    assert "待授课学校确认" in page.text


def test_teacher_record_page(app, browser, ex_ids):
    from consortium.members.models import Member
    from consortium.people.models import Teacher
    from tests import factories

    with app.app_context():
        teacher, enterprise = db.session.get(Teacher, ex_ids.teacher_a), db.session.get(Member, ex_ids.enterprise)
        factories.make_practice(teacher, enterprise, start_date=date(2024, 7, 1), end_date=date(2024, 8, 14))
        db.session.commit()
    browser.login("school")
    page = browser.get(f"/exchange/teachers/{ex_ids.teacher_a}?year=2024")
    assert page.status_code == 200 and "李老师" in page.text
    assert "教师企业实践岗" in page.text and "1.5" in page.text
    r = browser.submit(f"/exchange/teachers/{ex_ids.teacher_a}/evidence",
                       {"kind": "enterprise_experience", "title": "企业顶岗一年", "issuer": "甲智能装备"},
                       form_url=f"/exchange/teachers/{ex_ids.teacher_a}", follow_redirects=True)
    assert "企业顶岗一年" in r.text
    assert browser.get(f"/exchange/teachers/{ex_ids.expert}").status_code == 404  # not hosted, not ours
    _switch(browser, "ent_b")
    assert browser.get(f"/exchange/teachers/{ex_ids.teacher_a}").status_code == 404


def test_navigation_entry(browser, ex_ids):
    browser.login("ent_a")
    assert "师资交流" in browser.get("/exchange").text
    _switch(browser, "stu")
    assert browser.get("/exchange").status_code == 403
