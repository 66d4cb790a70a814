"""The user guide's journeys: each role's tasks in order, on the demo consortium, in headless Chromium.

Every step asserts what the page shows, then takes the screenshot the guide (docs/guide/) uses. The PNGs go
to tests/e2e/artifacts/guide/ unless GUIDE_IMG names another folder: `scripts/guide_screenshots.sh` runs this
module with GUIDE_IMG=docs/guide/img to regenerate the guide's pictures. Desktop shots are 1280x800 (the
window, not the whole page); the student's and the mentor's are a 375 px phone. Each PNG is reduced to a
palette image when Pillow is there, so the repository stays small.
"""
import os
import re
from pathlib import Path

import pytest

from ..factories import PASSWORD
from .conftest import ARGS, CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.slow]

IMG = Path(os.environ.get("GUIDE_IMG") or Path(__file__).parent / "artifacts" / "guide")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def demo(app):
    """The demo consortium, as `flask demo load` makes it, every account with the test password."""
    from consortium.demo import members as demo_members
    from consortium.extensions import db

    with app.app_context():
        _, accounts = demo_members.load(PASSWORD)
        db.session.commit()
        db.session.remove()
    return {username: role for username, role, _org in accounts}


@pytest.fixture(scope="module")
def zh_chromium(chromium):
    """Chromium with a Chinese interface, so the browser's own widgets (file and date inputs) speak the page's
    language in the pictures."""
    browser = chromium.browser_type.launch(executable_path=CHROMIUM, args=ARGS + ["--lang=zh-CN"],
                                           env={**os.environ, "LANGUAGE": "zh_CN", "LANG": "zh_CN.UTF-8"})
    yield browser
    browser.close()


@pytest.fixture
def open_as(zh_chromium, live_server, demo):
    """open_as(username, phone=False) -> a signed-in page in its own browser context."""
    contexts = []

    def _open(username, phone=False):
        options = dict(viewport=PHONE, is_mobile=True, has_touch=True) if phone else dict(viewport=DESKTOP)
        context = zh_chromium.new_context(base_url=live_server, locale="zh-CN", device_scale_factor=1, **options)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.console_errors = errors
        page.goto("/login")
        page.fill("#username", username)
        page.fill("#password", PASSWORD)
        page.click("#submit")
        page.wait_for_load_state()
        assert "/login" not in page.url, f"{username} could not sign in"
        return page

    yield _open
    for context in contexts:
        context.close()


def shrink(path: Path) -> None:
    """A palette PNG: screenshots of pages have few colours, so this keeps text sharp at a fraction of the size."""
    try:
        from PIL import Image
    except ImportError:  # the PNG stays as the browser wrote it
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def snap(page, name: str, *, full_page: bool = False) -> Path:
    """Check the page is finished enough to show (no sideways overflow, no script error), then keep it."""
    page.wait_for_load_state("load")
    page.wait_for_timeout(250)  # charts draw after load
    page.evaluate("document.activeElement && document.activeElement.blur()")  # no caret or focus ring
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, f"{name}: wider than the window"
    assert not page.console_errors, f"{name}: {page.console_errors}"
    IMG.mkdir(parents=True, exist_ok=True)
    path = IMG / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    shrink(path)
    return path


def heading(page, text: str) -> None:
    """The page's h1 says `text`: waited for, since a click that navigates may return before the new page is drawn
    (a loaded CI machine once checked the half-loaded form page)."""
    from playwright.sync_api import expect

    expect(page.locator("h1", has_text=text).first, f"no heading {text!r} on {page.url}").to_be_visible()


def nav(page, menu: str | None, item: str) -> None:
    """Follow the navigation bar as a person would (the menu collapses behind a button on a phone)."""
    toggler = page.locator("nav .navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    if menu:
        page.click(f"nav .dropdown-toggle:text-is('{menu}')")
        page.click(f"nav .dropdown-menu.show >> text='{item}'")
    else:
        page.click(f"nav .nav-link:text-is('{item}')")
    page.wait_for_load_state()


def run_queued_jobs(app) -> None:
    """With REDIS_URL set, background jobs wait for a worker: run one in burst mode, as an operator's worker would."""
    if not os.environ.get("REDIS_URL"):
        return
    from rq import SimpleWorker

    from consortium.queue import get_queue

    with app.app_context():
        queue = get_queue()
        SimpleWorker([queue], connection=queue.connection).work(burst=True)


def test_secretariat_guide(open_as, app):
    page = open_as("secretariat")
    heading(page, "秘书处工作台")
    assert page.locator(".card-header", has_text="快捷入口").is_visible()
    quick = page.locator("a.btn", has_text="补录岗位安排")
    assert quick.bounding_box()["height"] < 60  # a button, not a stretched block
    snap(page, "secretariat-01-dashboard")
    # However long the reminders beside them grow, the shortcut buttons keep their height.
    page.evaluate("""() => { const list = [...document.querySelectorAll('.card')].find(
        c => c.querySelector('.card-header')?.textContent.includes('待办提醒')).querySelector('ul');
      for (let i = 0; i < 8; i++) list.insertAdjacentHTML('beforeend', '<li class="list-group-item small">x</li>'); }""")
    assert quick.bounding_box()["height"] < 60

    nav(page, "联合体", "联合体概况")
    assert page.locator("text=郑州经开区智能装备市域产教联合体").first.is_visible()
    assert page.locator("text=郑州经济技术开发区").first.is_visible()
    funds = page.locator(".table-responsive", has=page.locator("table.wrap-head"))
    assert funds.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "the funds table is cut off on the right"
    snap(page, "secretariat-02-profile")

    nav(page, "联合体", "成员单位")
    heading(page, "成员单位")
    assert page.locator("td", has_text="中原重工智能装备股份有限公司").first.is_visible()
    snap(page, "secretariat-03-members")

    nav(page, "管理", "用户管理")
    heading(page, "用户")
    assert page.locator("td", has_text="zhongyuan_hr").first.is_visible()
    snap(page, "secretariat-04-users")

    nav(page, "管理", "批量导入")
    heading(page, "批量导入")
    assert page.locator("select option", has_text="学生").count() >= 1
    snap(page, "secretariat-05-imports")

    nav(page, "岗位对接", "岗位")
    heading(page, "岗位")
    status, only_open = page.locator("select[name=status]").bounding_box(), page.locator("#only_open").bounding_box()
    assert status["x"] + status["width"] <= only_open["x"] or status["y"] + status["height"] <= only_open["y"]
    assert page.locator("tbody tr").count() >= 10
    snap(page, "secretariat-06-positions")

    nav(page, "岗位对接", "智能匹配")
    heading(page, "智能匹配")
    page.click("#submit")
    page.wait_for_url(re.compile(r"/matching/\d+"))
    run_queued_jobs(app)
    page.reload()
    page.wait_for_selector("#tab-proposals", timeout=60000)
    assert page.locator("button.nav-link", has_text="推荐结果").is_visible()
    assert page.locator("#tab-proposals tbody tr", has=page.locator("text=待确认")).count() >= 1
    snap(page, "secretariat-07-matching")

    page.goto("/placements?missing=1")
    heading(page, "岗位安排")
    assert page.locator("tbody tr").count() >= 1
    assert page.locator(".badge", has_text="缺协议").first.is_visible()
    snap(page, "secretariat-08-placements-missing")
    page.locator("tbody tr a").first.click()
    page.wait_for_load_state()
    assert page.locator("form[action$='/compliance']").is_visible()  # agreement and insurance are entered here
    assert page.locator("form[action$='/override']").is_visible()  # or the secretariat records a waiver
    snap(page, "secretariat-08b-placement-compliance")

    nav(page, "数据上报", "数据看板")
    heading(page, "数据看板")
    chart = page.locator("[data-chart=placements_enterprise]")
    assert chart.locator("canvas").count() == 1
    # Enterprises are named on a vertical category axis with every label drawn, none skipped.
    axis = chart.evaluate("el => { const o = echarts.getInstanceByDom(el).getOption();"
                          " return [o.yAxis[0].type, o.yAxis[0].axisLabel.interval, o.yAxis[0].data.length]; }")
    assert axis[0] == "category" and axis[1] == 0 and axis[2] >= 6, axis
    snap(page, "secretariat-09-stats-dashboard")
    chart.scroll_into_view_if_needed()
    chart.locator("xpath=ancestor::div[contains(@class,'card')][1]").screenshot(
        path=str(IMG / "secretariat-10-chart-enterprises.png"))
    shrink(IMG / "secretariat-10-chart-enterprises.png")

    nav(page, "数据上报", "推荐书")
    heading(page, "推荐书")
    snap(page, "secretariat-11-book")

    nav(page, "数据上报", "推荐名单汇总")
    heading(page, "推荐名单汇总表")
    city = page.locator("td", has_text=re.compile(r"^郑州市$")).first
    lines = city.evaluate("td => { const r = document.createRange(); r.selectNodeContents(td);"
                          " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }")
    assert lines == 1, "the city wraps"
    table = page.locator("table").first
    box = table.bounding_box()
    assert box["x"] + box["width"] <= DESKTOP["width"] + 1
    snap(page, "secretariat-12-province")


def test_enterprise_guide(open_as):
    page = open_as("zhongyuan_hr")
    heading(page, "中原重工智能装备股份有限公司")
    snap(page, "enterprise-01-dashboard")

    nav(page, "岗位对接", "岗位")
    page.click("a.btn:has-text('发布岗位')")
    heading(page, "发布岗位")
    page.fill("#code", "GW2026-101")
    page.fill("#title", "数控设备装调实习")
    page.select_option("#kind", "internship")
    page.fill("#majors", "数控技术、机电一体化技术")
    page.fill("#skills", "数控编程、设备装调")
    page.fill("#city", "郑州市")
    page.fill("#slots", "4")
    page.fill("#start_date", "2027-03-01")
    page.fill("#end_date", "2027-08-31")
    page.locator("h1").first.click()  # done typing: no field keeps the focus in the picture
    snap(page, "enterprise-02-position-form", full_page=False)
    page.click("#submit")
    heading(page, "数控设备装调实习")
    assert page.locator(".alert", has_text="已保存草稿").is_visible()
    snap(page, "enterprise-03-position-draft")
    page.click("button:has-text('开放申请')")
    page.wait_for_selector(".alert:has-text('岗位状态已改为')")

    nav(page, "岗位对接", "申请")
    heading(page, "申请")
    pending = page.locator("tbody tr", has=page.locator("button:has-text('录用')"))
    assert pending.count() >= 1
    snap(page, "enterprise-04-applications")
    name = pending.first.locator("td").first.inner_text().split()[0]
    pending.first.locator("button", has_text=re.compile("^录用$")).click()
    page.wait_for_selector(".alert")
    assert f"已录用 {name}" in page.locator(".alert").first.inner_text()

    nav(page, "岗位对接", "岗位安排")
    heading(page, "岗位安排")
    assert page.locator("tbody tr").count() >= 1
    snap(page, "enterprise-05-placements")

    nav(page, "人才供需", "人才需求预测")
    heading(page, "人才需求预测")
    snap(page, "enterprise-06-forecasts")

    mentor = open_as("zhongyuan_mentor", phone=True)
    nav(mentor, "岗位对接", "实习指导")
    heading(mentor, "实习指导")
    card = mentor.locator("a.intern-card", has_text="张同学")
    assert card.count() == 1
    snap(mentor, "mentor-01-interns")
    card.click()
    heading(mentor, "张同学")
    waiting = mentor.locator("#logs a", has=mentor.locator(".badge", has_text="待批阅"))
    assert waiting.count() >= 1
    snap(mentor, "mentor-02-placement")
    waiting.first.click()
    mentor.wait_for_load_state()
    snap(mentor, "mentor-03-log", full_page=True)
    mentor.click("button:has-text('签认')")
    mentor.wait_for_selector(".alert:has-text('已签认')")
    snap(mentor, "mentor-04-countersigned")


def test_school_guide(open_as):
    page = open_as("zzzb_jwc")
    heading(page, "郑州智能装备职业技术学院")
    snap(page, "school-01-dashboard")

    nav(page, "人员", "学生")
    heading(page, "学生")
    assert page.locator("tbody tr").count() >= 5
    snap(page, "school-02-students")
    page.click("a.btn:has-text('添加学生')")
    heading(page, "学生")
    snap(page, "school-03-student-form")

    nav(page, "管理", "批量导入")
    heading(page, "批量导入")
    snap(page, "school-04-imports")

    nav(page, "岗位对接", "未安排")
    heading(page, "安排情况")
    snap(page, "school-05-unplaced")

    nav(page, "岗位对接", "岗位安排")
    heading(page, "岗位安排")
    assert page.locator("tbody tr").count() >= 1
    snap(page, "school-06-placements")

    nav(page, "岗位对接", "实习指导")
    heading(page, "实习指导")
    assert page.locator("a.intern-card").count() >= 1
    snap(page, "school-07-interns")
    page.locator("a.intern-card", has_text="张同学").click()
    heading(page, "张同学")
    assert page.locator("[data-supervisor]", has_text="李老师").is_visible()
    snap(page, "school-07b-intern", full_page=True)

    nav(page, "人才供需", "本校专业匹配")
    snap(page, "school-08-alignment")

    nav(page, "人才供需", "毕业去向")
    heading(page, "毕业去向")
    snap(page, "school-09-outcomes")


def test_student_guide(open_as):
    page = open_as("student_demo", phone=True)
    heading(page, "张同学")
    snap(page, "student-01-dashboard")

    nav(page, None, "推荐岗位")
    heading(page, "推荐岗位")
    card = page.locator(".recommendation").first
    assert card.locator("text=匹配分").is_visible()
    snap(page, "student-02-recommended")
    title = card.locator("a").first.inner_text().strip()
    card.locator("button:has-text('提交申请')").click()
    page.wait_for_selector(".alert:has-text('已申请岗位')")
    assert title in page.locator(".alert").first.inner_text()

    nav(page, None, "我的申请")
    heading(page, "我的申请")
    assert page.locator(f"text={title}").first.is_visible()
    snap(page, "student-03-applications")

    nav(page, None, "我的安排")
    heading(page, "我的安排")
    assert page.locator("text=在岗").first.is_visible()
    snap(page, "student-04-placements")

    nav(page, None, "实习指导")
    heading(page, "张同学")
    assert page.locator("a.btn", has_text="签到").is_visible()
    snap(page, "student-05-internship")
    page.click("a.btn:has-text('写日志')")
    heading(page, "写日志")
    page.fill("#body", "在师傅指导下完成两台控制柜的通电测试，记录了测试数据。")
    snap(page, "student-06-write-log")
    page.locator("form", has=page.locator("#body")).locator("[type=submit]").click()
    page.wait_for_selector(".alert:has-text('已提交，等待企业指导人员批阅')")
    nav(page, None, "实习指导")
    page.click("a.btn:has-text('签到')")
    page.wait_for_load_state()
    snap(page, "student-07-checkin")


def test_teacher_guide(open_as):
    page = open_as("teacher_demo")
    heading(page, "李老师")
    snap(page, "teacher-01-dashboard")

    nav(page, None, "推荐岗位")
    heading(page, "推荐岗位")
    snap(page, "teacher-02-recommended")

    card = page.locator(".recommendation", has_text="教师企业实践").first
    title = card.locator("a").first.inner_text().strip()
    card.locator("textarea[name=note]").fill("寒假可全程参加")
    card.locator("button:has-text('提交申请')").click()
    page.wait_for_selector(".alert:has-text('已申请岗位')")

    nav(page, None, "我的申请")
    heading(page, "我的申请")
    assert page.locator("td", has_text=title).first.is_visible()
    snap(page, "teacher-03-applications")

    nav(page, None, "实习指导")
    heading(page, "实习指导")
    card = page.locator("a.intern-card", has_text="张同学")
    assert card.count() == 1
    snap(page, "teacher-04-interns")
    card.click()
    heading(page, "张同学")
    snap(page, "teacher-05-placement")
    page.click("a:has-text('查看与填写')")
    page.wait_for_load_state()
    assert re.search(r"/evaluation$", page.url)
    snap(page, "teacher-06-evaluation")
