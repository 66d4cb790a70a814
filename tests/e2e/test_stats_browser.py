"""The recommendation-book pages in a real browser: figures, drill-down and the dashboard's charts under the CSP."""
import pytest

from consortium.extensions import db

from .. import factories
from ..stats import scenario
from .conftest import shot
from .test_training_browser import as_user
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def golden(app):
    with app.app_context():
        c, *_ = scenario.build()
        factories.make_user("sec", "admin", consortium=c)
        db.session.commit()
        db.session.remove()


def test_year_page_drill_down_and_dashboard(chromium, live_server, golden):
    ctx, page, errors = as_user(chromium, live_server, "sec")
    page.goto("/stats/year?year=2024&compare=2023")
    expect(page.locator("text=企业为学生提供实习实训量").first).to_be_visible()
    shot(page, "stats-year")
    page.click("a[href='/stats/drill/internship.person_months?year=2024']")
    page.wait_for_url("**/stats/drill/**")
    assert page.locator("td", has_text="st1").count() == 1
    shot(page, "stats-drill")
    page.goto("/stats/dashboard?year=2024")
    page.wait_for_selector("[data-chart='training'] canvas")
    assert page.locator(".chart canvas").count() == 7
    shot(page, "stats-dashboard")
    page.goto("/stats/province?year=2024")
    shot(page, "stats-province")
    assert not [e for e in errors if "Content Security Policy" in e], errors
    ctx.close()
