"""An enterprise opens a position, a student applies from the recommendations, the school sees the placement."""
from datetime import timedelta

import pytest

from consortium.extensions import db
from consortium.timeutil import today

from .. import factories
from .conftest import shot
from .test_foundation_browser import sign_in
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def linked_student(app, world):
    with app.app_context():
        student = factories.make_student(world.school, student_no="2023001", name="王小明", major="工业机器人技术",
                                         skills=["PLC编程", "机器人示教"])
        factories.link_account(world.student_user, student)
        db.session.commit()
        db.session.remove()


def sign_out(page):
    page.context.clear_cookies()


def test_position_application_and_placement(page, world, linked_student):
    sign_in(page, "ent_a")
    page.goto("/positions/new")
    page.fill("#code", "E2E-1")
    page.fill("#title", "工业机器人运维实习")
    page.select_option("#kind", "internship")
    page.fill("#majors", "工业机器人技术")
    page.fill("#skills", "PLC编程、机器人示教")
    page.fill("#city", "郑州市")
    page.fill("#slots", "2")
    start = today() + timedelta(days=30)  # still ahead, so it is recommended
    page.fill("#start_date", str(start))
    page.fill("#end_date", str(start - timedelta(days=60)))
    page.click("#submit")
    page.locator(".invalid-feedback", has_text="结束日期不能早于开始日期").wait_for(state="visible")
    page.fill("#end_date", str(start + timedelta(days=150)))
    page.click("#submit")
    page.wait_for_selector("h1:has-text('工业机器人运维实习')")
    page.click("button:has-text('开放申请')")
    page.wait_for_selector("text=岗位状态已改为")
    shot(page, "jobs_position_detail")

    sign_out(page)
    sign_in(page, "stu")
    page.click("nav >> text=推荐岗位")
    card = page.locator(".recommendation", has_text="工业机器人运维实习")
    card.wait_for()
    assert card.locator("text=匹配分").is_visible()
    shot(page, "jobs_recommended")
    card.locator("textarea[name=note]").fill("参加过省赛")
    card.locator("button:has-text('提交申请')").click()
    page.wait_for_selector("text=已申请岗位")
    shot(page, "jobs_my_applications")

    sign_out(page)
    sign_in(page, "ent_a")
    expect(page.locator("[data-unread]")).to_be_visible()
    page.click("nav .dropdown-toggle:text-is('岗位对接')")
    page.click("nav .dropdown-menu >> text=申请")
    page.wait_for_selector("text=参加过省赛")
    shot(page, "jobs_applications")
    page.click("button:has-text('录用')")
    page.wait_for_selector("text=已录用 王小明")

    sign_out(page)
    sign_in(page, "school")
    page.click("nav .dropdown-toggle:text-is('岗位对接')")
    page.click("nav .dropdown-menu >> text=岗位安排")
    row = page.locator("tr", has_text="王小明")
    row.wait_for()
    assert row.locator("text=工业机器人运维实习").is_visible()
    assert row.locator("text=缺协议").is_visible()
    shot(page, "jobs_school_placements")
    row.locator("a", has_text="王小明").click()
    page.wait_for_selector("text=材料不全")
    shot(page, "jobs_placement_detail")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "jobs_placement_detail_phone")
    page.goto("/school/unplaced")
    shot(page, "jobs_unplaced_phone")
    sign_out(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, "admin")
    page.wait_for_selector("text=材料不全的安排")
    shot(page, "jobs_dashboard_admin")
