"""A training request in a real browser: the enterprise files it, the secretariat assigns a school,
the school plans the session, and the enterprise sees it answered."""
from datetime import date

import pytest

from ..factories import PASSWORD
from .conftest import shot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def as_user(chromium, live_server, username):
    context = chromium.new_context(base_url=live_server, locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#submit")
    page.wait_for_load_state()
    return context, page, errors


def test_request_is_assigned_planned_and_seen_by_the_enterprise(chromium, live_server, world):
    year = date.today().year + 1
    ctx, page, _ = as_user(chromium, live_server, "ent_a")
    page.click("nav >> text=培训")
    page.wait_for_selector("text=本单位员工参加的培训")
    page.click("text=提出培训需求")
    page.fill("#topic", "数控机床操作岗前培训")
    page.select_option("#kind", "pre_job")
    page.fill("#headcount", "0")
    page.click("#submit")
    expect(page.locator(".invalid-feedback", has_text="培训人数应大于 0")).to_be_visible()
    page.fill("#headcount", "25")
    page.fill("#preferred_start", f"{year}-03-02")
    page.fill("#preferred_end", f"{year}-03-06")
    page.click("#submit")
    page.wait_for_selector("#request-status:has-text('已提交')")
    request_url = page.url
    shot(page, "training_request_submitted")
    ctx.close()

    ctx, page, _ = as_user(chromium, live_server, "admin")
    page.goto(request_url)
    page.select_option("#provider_id", str(world.school))
    page.click("form[action$='/assign'] [type=submit]")
    page.wait_for_selector("#request-status:has-text('已分派')")
    shot(page, "training_request_assigned")
    ctx.close()

    ctx, page, _ = as_user(chromium, live_server, "school")
    page.click("nav >> text=培训")
    page.click("text=数控机床操作岗前培训")
    page.click("text=安排培训")
    assert page.input_value("#title") == "数控机床操作岗前培训"
    assert page.input_value("#participants") == "25"
    page.fill("#code", f"TR{year}001")
    page.click("#submit")
    page.wait_for_selector("#planned-session")
    shot(page, "training_request_planned")
    ctx.close()

    ctx, page, _ = as_user(chromium, live_server, "ent_a")
    page.click("nav >> text=培训")
    page.click("text=培训需求")
    page.click("text=数控机床操作岗前培训")
    assert page.locator("#request-status").inner_text() == "已排期"
    expect(page.locator("#planned-session", has_text=f"TR{year}001")).to_be_visible()
    shot(page, "training_request_answered")
    ctx.close()


def test_secretariat_overview_draws_charts_under_the_csp(chromium, live_server, world, app):
    with app.app_context():
        from consortium.extensions import db
        from consortium.training.models import TrainingSession

        for i, (kind, month) in enumerate((("pre_job", 3), ("skill_upgrade", 5), ("certification", 9))):
            db.session.add(TrainingSession(consortium_id=world.consortium, code=f"S{i}", title=f"培训{i}", kind=kind,
                                           audience="enterprise_employees", provider_id=world.school,
                                           start_date=date(2024, month, 1), end_date=date(2024, month, 5),
                                           participants=20 + i))
        db.session.commit()
    ctx, page, errors = as_user(chromium, live_server, "admin")
    page.goto("/training?year=2024")
    page.wait_for_selector("[data-chart='monthly'] canvas")
    assert page.locator("[data-chart='trend'] canvas").count() == 1
    assert not [e for e in errors if "Content Security Policy" in e]
    shot(page, "training_overview_admin")
    page.goto("/training/plan?year=2024")
    shot(page, "training_plan")
    page.goto("/training/sessions")
    shot(page, "training_sessions")
    ctx.close()
