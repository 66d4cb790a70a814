"""Supply meets demand in a real browser: the secretariat generates, edits and publishes a talent-demand
report and downloads its DOCX; a school opens its alignment view. Charts render under the CSP."""
import io
from datetime import date

import pytest
from docx import Document

from consortium.auth.models import User
from consortium.extensions import db
from consortium.members.models import Consortium

from .. import factories
from .conftest import shot
from .test_training_browser import as_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def supplied(app, world):
    from consortium.supply import forecasts

    with app.app_context():
        consortium = db.session.get(Consortium, world.consortium)
        admin = db.session.get(User, world.admin)
        forecasts.create_forecast(admin, consortium, {
            "enterprise_id": world.enterprise, "year": 2025, "occupation": "工业机器人系统运维员",
            "level": "junior_college", "majors": ["工业机器人技术"], "headcount": 30, "skills": ["机器人示教"],
            "declared_date": date(2024, 11, 1)})
        forecasts.create_forecast(admin, consortium, {
            "enterprise_id": world.other_enterprise, "year": 2025, "occupation": "软件测试员",
            "level": "junior_college", "majors": ["软件技术"], "headcount": 12, "declared_date": date(2024, 11, 1)})
        for major, n in (("工业机器人技术", 4), ("电子商务", 6)):
            for _ in range(n):
                factories.make_student(world.school, major=major, graduation_year=2025, enrol_year=2022,
                                       outcome="employed", outcome_city="郑州市")
        db.session.commit()
        db.session.remove()
    return world


def test_secretariat_publishes_a_report_and_a_school_reads_its_alignment(chromium, live_server, supplied):
    ctx, page, errors = as_user(chromium, live_server, "admin")
    page.goto("/supply/reports")
    page.fill("#year", "2025")
    page.click("text=生成报告")
    page.wait_for_url("**/supply/reports/*")
    assert page.locator("#report-narrative").inner_text().startswith("2025年")
    page.wait_for_selector("[data-chart='shares'] canvas")
    shot(page, "supply-report-draft")
    page.click("text=编辑正文")
    page.fill("#narrative", "2025年园区人才需求总体旺盛。\n\n工业机器人运维岗位缺口最大，建议扩大相关专业招生。")
    page.click("#submit")
    page.wait_for_selector("text=已保存为第 1 版草稿")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('发布')")
    page.wait_for_selector("text=已发布第 1 版")
    with page.expect_download() as info:
        page.click("#download-docx")
    path = info.value.path()
    doc = Document(io.BytesIO(open(path, "rb").read()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "工业机器人运维岗位缺口最大" in text and "发布日期" in text
    assert any("image" in r.reltype for r in doc.part.rels.values())
    shot(page, "supply-report-published")
    # A later edit makes version 2; version 1 stays as published.
    page.click("text=修改（生成新版本）")
    page.fill("#narrative", "第二版：补充第四季度调查。")
    page.click("#submit")
    page.wait_for_selector("text=已保存为第 2 版草稿")
    assert not [e for e in errors if "Content Security Policy" in e], errors
    ctx.close()

    ctx, page, errors = as_user(chromium, live_server, "school")
    page.goto("/supply/reports")
    page.click("text=郑州测试联合体2025年度人才需求报告")
    assert "工业机器人运维岗位缺口最大" in page.locator("#report-narrative").inner_text()
    assert page.locator("text=第二版").count() == 0  # the draft is the secretariat's until published
    page.goto("/supply/")
    page.wait_for_url(f"**/supply/schools/{supplied.school}/alignment")
    page.select_option("select[name=year]", "2025")
    page.select_option("select[name=supply]", "graduates")
    page.click("text=查看")
    page.wait_for_selector("#school-majors")
    assert page.locator("#school-majors td", has_text="工业机器人技术").count() == 1
    assert "电子与信息大类" in page.locator("#not-taught").inner_text()
    page.wait_for_selector("[data-chart='shares'] canvas")
    shot(page, "supply-school-alignment")
    assert not [e for e in errors if "Content Security Policy" in e], errors
    ctx.close()
