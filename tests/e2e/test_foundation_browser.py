"""A secretariat clerk and an enterprise user in a real headless browser."""
import pytest

from ..factories import PASSWORD
from .conftest import shot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def sign_in(page, username):
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#submit")


def test_admin_signs_in_and_adds_a_member(page, world):
    sign_in(page, "admin")
    page.wait_for_selector("text=秘书处工作台")
    shot(page, "dashboard_admin")
    page.click("nav .dropdown-toggle:text-is('联合体')")
    page.click("nav >> .dropdown-menu >> text=成员单位")
    page.wait_for_selector("text=甲智能装备有限公司")
    shot(page, "members_list")
    page.click("text=添加成员单位")
    page.fill("#name", "丁物流有限公司")
    page.select_option("#type", "enterprise")
    page.select_option("#sector", "wholesale")
    page.fill("#students", "-3")
    page.fill("#joined_date", "2024-03-01")
    page.click("#submit")
    expect(page.locator(".invalid-feedback", has_text="不能为负数")).to_be_visible()
    shot(page, "member_form_error")
    page.fill("#students", "")
    page.click("#submit")
    page.wait_for_selector("h1:has-text('丁物流有限公司')")
    expect(page.locator("text=已添加成员单位")).to_be_visible()
    shot(page, "member_detail")


def test_enterprise_user_meets_chinese_403(page, world):
    sign_in(page, "ent_a")
    page.wait_for_selector("h1:has-text('甲智能装备有限公司')")
    response = page.goto(f"/members/{world.other_enterprise}/years")
    assert response.status == 403
    expect(page.locator("text=无权访问其他单位的数据")).to_be_visible()
    shot(page, "forbidden")


def test_phone_layout_collapses_navigation(chromium, live_server, world):
    context = chromium.new_context(base_url=live_server, viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, "admin")
    page.wait_for_selector("text=秘书处工作台")
    toggler = page.locator(".navbar-toggler")
    assert toggler.is_visible()
    assert not page.locator("#mainNav >> text=岗位对接").is_visible()
    toggler.click()
    page.locator("#mainNav >> text=岗位对接").wait_for(state="visible")
    # The menu is usable once Bootstrap's collapse has finished (.collapsing → .collapse.show): a click during the
    # animation was lost on a loaded CI machine.
    page.locator("#mainNav.collapse.show").wait_for()
    page.click("#mainNav .dropdown-toggle:text-is('管理')")
    page.locator("#mainNav >> text=用户管理").wait_for(state="visible")
    shot(page, "phone_nav")
    context.close()
