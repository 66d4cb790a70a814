"""One intern's week on a 375 px phone: check in with the mentor's code, write the daily logs, the mentor
countersigns (and returns one), the supervisor comments. Screenshots go to tests/e2e/artefacts/supervision/."""
import os
from datetime import timedelta

import pytest

from consortium.timeutil import today
from consortium.extensions import db
from consortium.supervision import services as sup

from ..supervision.conftest import build
from .test_foundation_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTEFACTS = os.path.join(os.path.dirname(__file__), "artefacts", "supervision")
PHONE = {"width": 375, "height": 812}
SITE = {"latitude": 34.7533, "longitude": 113.6669}


@pytest.fixture
def week(app):
    with app.app_context():
        world = build()
        sup.set_cadence(world.school_user, world.p_a, "daily")
        db.session.commit()
        ids = {"placement": world.p_a.id}
        db.session.remove()
    return ids


@pytest.fixture
def phone(chromium, live_server):
    contexts = []

    def open_phone():
        context = chromium.new_context(base_url=live_server, locale="zh-CN", viewport=PHONE, device_scale_factor=1,
                                       is_mobile=True, has_touch=True, geolocation=SITE, permissions=["geolocation"])
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


def snap(page, name):
    os.makedirs(ARTEFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTEFACTS, f"{name}.png"), full_page=True)
    # Nothing may stick out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name


def test_an_interns_week_on_a_phone(phone, week):
    pid = week["placement"]
    mentor, student, supervisor = phone(), phone(), phone()
    sign_in(mentor, "mentor_a")
    sign_in(student, "stu")
    sign_in(supervisor, "sup")

    # The student opens the platform and lands on their placement; nothing written yet, so logs are overdue.
    student.goto("/supervision/")
    student.wait_for_selector("[data-overdue]")
    snap(student, "01_student_placement")

    # The mentor shows the code; the student types it (the location comes from the phone).
    mentor.goto(f"/supervision/placements/{pid}/checkin")
    code = mentor.locator("[data-code]").inner_text().replace(" ", "")
    assert len(code) == 6
    snap(mentor, "02_mentor_code")
    student.goto(f"/supervision/placements/{pid}/checkin")
    student.wait_for_selector("text=已获取位置")
    student.fill("#code", "999999" if code != "999999" else "111111")
    student.click("button:has-text('签到')")
    student.wait_for_selector("text=签到码无效或已过期")
    snap(student, "03_student_wrong_code")
    mentor.reload()
    code = mentor.locator("[data-code]").inner_text().replace(" ", "")
    student.fill("#code", code)
    student.click("button:has-text('签到')")
    student.wait_for_selector("text=签到成功")
    snap(student, "04_student_checked_in")

    # The week's daily logs, Monday to today (at most five working days, none before the placement).
    days = [today() - timedelta(days=n) for n in range(6, -1, -1)]
    days = [d for d in days if d.weekday() < 5][-5:]
    for n, day in enumerate(days):
        student.goto(f"/supervision/placements/{pid}/logs/new")
        student.fill("#body", f"第 {n + 1} 天：跟师傅完成控制柜接线，学习设备点检。")
        student.fill("#day", day.isoformat())
        if n == 0:
            snap(student, "05_student_log_form")
        student.click("button:has-text('提交')")
        student.wait_for_selector("text=已提交，等待企业指导人员批阅")
    snap(student, "06_student_log_submitted")

    # The mentor sees them on the interns list, returns the first with a reason and countersigns the rest.
    mentor.goto("/supervision/")
    mentor.wait_for_selector(f"text=待批阅 {len(days)}")
    snap(mentor, "07_mentor_interns")
    mentor.goto(f"/supervision/placements/{pid}")
    links = mentor.locator("#logs a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(links) == len(days)
    for n, href in enumerate(links):
        mentor.goto(href)
        if n == len(links) - 1:  # the oldest entry: returned
            mentor.fill("#comment", "请写清楚接了几台柜子、遇到什么问题")
            mentor.click("button:has-text('退回')")
            mentor.wait_for_selector("[data-log-status=returned]")
            snap(mentor, "08_mentor_returned")
        else:
            mentor.fill("#comment", "属实")
            mentor.click("button:has-text('签认')")
            mentor.wait_for_selector("[data-log-status=approved]")
    snap(mentor, "09_mentor_countersigned")

    # The student fixes the returned entry; the history keeps both versions.
    student.goto(links[-1])
    student.fill("form[action$='/edit'] textarea", "第 1 天：接线 2 台控制柜，发现 1 处端子松动并重新压接。")
    student.click("button:has-text('保存修改')")
    student.wait_for_selector("text=已保存修改")
    assert student.locator("[data-history] li").count() == 3  # submit, return, edit
    snap(student, "10_student_resubmitted")

    # The supervisor comments on a countersigned entry.
    supervisor.goto("/supervision/")
    supervisor.wait_for_selector("text=今日已签到")
    snap(supervisor, "11_supervisor_interns")
    supervisor.goto(links[0])
    supervisor.fill("#sv-comment", "记录清楚，注意总结接线规范。")
    supervisor.click("button:has-text('保存评语')")
    supervisor.wait_for_selector("[data-supervisor-comment]")
    assert "内容已锁定" in supervisor.content()
    snap(supervisor, "12_supervisor_commented")

    student.goto(f"/supervision/placements/{pid}")
    assert student.locator("[data-days-attended]").inner_text() == "1"
    snap(student, "13_student_week_done")

    # The mentor's evaluation against the school's rubric, on the phone too.
    mentor.goto(f"/supervision/placements/{pid}/evaluation")
    for box in mentor.locator("input[type=number]").all():
        box.fill("90")
    mentor.fill("#comment", "踏实肯干")
    mentor.click("button:has-text('提交')")
    mentor.wait_for_selector("text=评价已保存")
    snap(mentor, "14_mentor_evaluation")
