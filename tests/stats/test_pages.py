"""The secretariat's pages: the year's figures with drill-down, downloads, dashboard, province; 403 for others."""
import pytest

from consortium.extensions import db

from .. import factories
from . import scenario


@pytest.fixture
def golden_admin(app):
    with app.app_context():
        c, *_ = scenario.build()
        factories.make_user("sec", "admin", consortium=c)
        factories.make_user("ent", "enterprise", member=c.members[4])
        db.session.commit()
        db.session.remove()


def test_year_page_shows_figures_and_drills_down(golden_admin, browser):
    browser.login("sec")
    page = browser.get("/stats/year?year=2024&compare=2023")
    assert page.status_code == 200
    html = page.text
    assert "企业为学生提供实习实训量" in html and "16.6" in html and "83.3" in html
    assert "未填写 2026 年拟投入运行经费" in html  # missing input flagged at the top
    assert "/stats/drill/internship.person_months?year=2024" in html
    assert "/stats/download/xlsx?year=2023&amp;year=2024" in html
    assert "/book/" in html  # the book's DOCX lives on the book page
    assert 'style="' not in html and "<script>" not in html
    drill = browser.get("/stats/drill/internship.person_months?year=2024")
    assert drill.status_code == 200
    for name in ("st1", "st2", "st5", "st6"):
        assert f"<td>{name}</td>" in drill.text
    for name in ("st3", "st4", "st7", "st8"):
        assert f"<td>{name}</td>" not in drill.text
    assert "2024-03-01 – 至今" in drill.text
    assert browser.get("/stats/drill/no.such.key?year=2024").status_code == 404


def test_downloads_dashboard_and_province(golden_admin, browser):
    browser.login("sec")
    r = browser.get("/stats/download/csv?year=2024")
    assert r.status_code == 200 and r.data.startswith(b"\xef\xbb\xbf") and "attachment" in r.headers["Content-Disposition"]
    assert browser.get("/stats/download/pdf?year=2024").status_code == 404
    dash = browser.get("/stats/dashboard?year=2024")
    assert dash.status_code == 200 and 'data-chart="placements_month"' in dash.text and 'id="stats-charts"' in dash.text
    prov = browser.get("/stats/province?year=2024")
    assert prov.status_code == 200 and "黄金测试联合体" in prov.text and "16.6" in prov.text


@pytest.mark.parametrize("url", ["/stats/year?year=2024", "/stats/drill/internship.person_months?year=2024",
                                 "/stats/download/json?year=2024", "/stats/dashboard", "/stats/province"])
def test_an_enterprise_user_is_refused(golden_admin, browser, url):
    browser.login("ent")
    assert browser.get(url).status_code == 403
