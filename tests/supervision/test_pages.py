"""The supervision pages through the browser-like client, with real CSRF tokens."""
import io
from datetime import timedelta

from docx import Document
from openpyxl import load_workbook

from consortium.timeutil import today
from consortium.extensions import db
from consortium.jobs.models import Notification
from consortium.supervision import checkins
from consortium.supervision.models import CheckIn, LogEntry



def switch(browser, username):
    """Sign out whoever is signed in, then sign in as `username`."""
    browser.submit("/logout", {}, form_url="/")
    browser.login(username)


def test_interns_list_per_role(browser, s_ids):
    browser.login("mentor_a")
    page = browser.get("/supervision/").text
    assert "张三" in page and "李四" not in page
    assert browser.get(f"/supervision/placements/{s_ids.p_b}").status_code == 404


def test_student_lands_on_their_placement_and_checks_in(browser, app, s_ids):
    browser.login("stu")
    r = browser.get("/supervision/")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/supervision/placements/{s_ids.p_a}")
    url = f"/supervision/placements/{s_ids.p_a}/checkin"
    r = browser.submit(url, {"code": "000000", "kind": "in"})
    assert r.status_code == 422 and "签到码无效或已过期" in r.text
    with app.app_context():
        from consortium.auth.models import User
        from consortium.jobs.models import Placement

        code = checkins.current_code(User.query.filter_by(username="mentor_a").one(),
                                     db.session.get(Placement, s_ids.p_a))["code"]
    r = browser.submit(url, {"code": code, "kind": "in", "lat": "34.75", "lng": "113.66"})
    assert r.status_code == 302
    device = browser.client.get_cookie("checkin_device").value
    with app.app_context():
        row = db.session.query(CheckIn).one()
        assert row.device == device and float(row.lat) == 34.75


def test_mentor_sees_the_code_with_a_qr(browser, s_ids):
    browser.login("mentor_a")
    page = browser.get(f"/supervision/placements/{s_ids.p_a}/checkin").text
    assert 'src="data:image/svg+xml' in page and "data-countdown" in page
    switch(browser, "stu2")
    assert browser.get(f"/supervision/placements/{s_ids.p_a}/checkin").status_code == 404


def test_log_write_countersign_comment_pages(browser, app, s_ids):
    browser.login("stu")
    new = f"/supervision/placements/{s_ids.p_a}/logs/new"
    r = browser.submit(new, {"body": "  "})
    assert r.status_code == 200 and "请填写日志内容" in r.text
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    r = browser.submit(new, {"body": "装配线实习第一天", "files": [(io.BytesIO(png), "现场.png")]},
                       content_type="multipart/form-data")
    assert r.status_code == 302
    log_url = r.headers["Location"]
    with app.app_context():
        log_id = db.session.query(LogEntry).one().id
        assert [a.original_name for a in db.session.query(LogEntry).one().attachments] == ["现场.png"]
    switch(browser, "mentor_a")
    r = browser.submit(f"/supervision/logs/{log_id}/countersign", {"decision": "approve", "comment": "很好"},
                       form_url=log_url)
    assert r.status_code == 302
    page = browser.get(log_url).text
    assert "已签认" in page and "内容已锁定" in page
    switch(browser, "sup")
    browser.submit(f"/supervision/logs/{log_id}/comment", {"comment": "继续努力"}, form_url=log_url)
    assert "继续努力" in browser.get(log_url).text
    switch(browser, "stu2")
    assert browser.get(log_url).status_code == 404


def test_exports_for_the_school(browser, app, s_ids):
    browser.login("school")
    r = browser.get(f"/supervision/placements/{s_ids.p_a}/assessment.docx")
    assert r.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(r.data)).paragraphs)
    assert "学生实习考核表" in text and "未填写" in text
    r = browser.get("/supervision/class-summary.xlsx")
    ws = load_workbook(io.BytesIO(r.data)).active
    assert ws.cell(1, 1).value == "学号" and ws.cell(2, 2).value == "张三" and ws.max_row == 2
    switch(browser, "mentor_a")
    assert browser.get(f"/supervision/placements/{s_ids.p_a}/assessment.docx").status_code == 403


def test_dashboard_shows_open_serious_incidents(browser, app, s_ids):
    browser.login("stu")
    page = f"/supervision/placements/{s_ids.p_a}"
    r = browser.submit(f"{page}/incidents", {"occurred_on": today().isoformat(), "kind": "injury",
                                             "severity": "serious", "description": "手部划伤"}, form_url=page)
    assert r.status_code == 302
    switch(browser, "admin")
    assert "未结案的严重事件 1 起" in browser.get("/").text
    assert "手部划伤" in browser.get("/supervision/incidents").text
    switch(browser, "school")
    assert browser.get("/supervision/incidents").status_code == 403


def test_daily_reminders_are_sent_once_a_day(runner, app, s_ids):
    result = runner.invoke(args=["supervision", "remind"])
    assert result.exit_code == 0, result.output
    assert "overdue placements: 2" in result.output
    with app.app_context():
        first = db.session.query(Notification).filter(Notification.message.contains("逾期未交")).count()
    assert first >= 4  # two placements: each intern, mentor and supervisor
    again = runner.invoke(args=["supervision", "remind"])
    assert "notifications sent: 0" in again.output


def test_insurance_ending_soon_alerts(app, runner, s_ids):
    with app.app_context():
        from consortium.jobs.models import Placement

        p = db.session.get(Placement, s_ids.p_a)
        p.insurance_end = today() + timedelta(days=10)
        p.insurer, p.policy_no, p.insurance_start = "人保", "PL-9", p.start_date
        db.session.commit()
    result = runner.invoke(args=["supervision", "remind"])
    assert "insurance alerts: 1" in result.output
    with app.app_context():
        assert db.session.query(Notification).filter(Notification.message.contains("保险")).count() >= 2
