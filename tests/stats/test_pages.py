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
        # Any of its enterprises (a relationship has no order of its own: PostgreSQL returns it in any order).
        enterprise = min((m for m in c.members if m.type == "enterprise"), key=lambda m: m.id)
        factories.make_user("ent", "enterprise", member=enterprise)
        db.session.commit()
        db.session.remove()


@pytest.fixture
def golden_book(app, golden_admin):
    """The golden consortium's book reports 2023 (actual) and commits to 2024–2026."""
    from consortium.auth.models import User
    from consortium.book import services as book_services
    from consortium.members.models import Consortium

    with app.app_context():
        c = db.session.query(Consortium).filter_by(name="黄金测试联合体").one()
        sec = db.session.query(User).filter_by(username="sec").one()
        book_services.save_settings(sec, c, {"base_year": 2023, "first_committed_year": 2024, "last_committed_year": 2026})
        book_services.save_commitments(sec, c, {(2024, "internship.person_months"): "20",
                                                (2025, "internship.person_months"): "99",
                                                (2024, "employment.rate_pct"): "85.5"})
        db.session.commit()
        db.session.remove()


def _table(html: str, table_id: str) -> list[list[str]]:
    """The rows of one table of the page as lists of cell texts (tags dropped, whitespace collapsed)."""
    import re

    body = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells])
    return rows


def test_year_page_has_exactly_the_books_columns(golden_book, browser):
    browser.login("sec")
    html = browser.get("/stats/year").text
    assert "推荐书数据 · 2023 年（实际）/ 2024 年（承诺）" in html
    table2 = _table(html, "book-table-2")
    assert table2[0] == ["类别", "项目名称", "单位", "2023 年 实际", "2024 年 承诺"]  # the form's two columns
    rows = {r[1]: r for r in table2[1:]}
    assert rows["企业为学生提供实习实训量"][2:] == ["人月", "14.3", "20"]  # 2023 actual | 2024 committed (not 2025's 99)
    assert rows["联合体学校整体就业率"][4] == "85.5"
    assert rows["共建专业"][4] == "—"  # no commitment entered
    assert "双师型教师数" not in rows and "毕业生留在当地就业创业比例" not in rows  # not rows of the book
    extras = {r[1].replace(" 书外", ""): r for r in _table(html, "book-extras")[1:]}
    assert "双师型教师数" in extras and all("书外" in r[1] for r in _table(html, "book-extras")[1:])
    table1 = _table(html, "book-table-1")
    items = [(r[0], r[1]) for r in table1[1:]]
    labels = [r[1] for r in table1[1:]]
    assert "中职学校 · 在校生数" in labels and "中职学校 · 数量" in labels
    for meaningless in ("政府部门 · 在校生数", "企业 · 在校生数", "科研机构 · 在校生数", "其他组织 · 在校生数"):
        assert meaningless not in labels  # 在校生数 is a school's figure only
    funds = [r for r in table1[1:] if r[1] in ("2024 年", "2025 年", "2026 年")]
    assert [(r[1], r[3]) for r in funds] == [("2024 年", "1500"), ("2025 年", "1800"), ("2026 年", "—")]
    sources = {r[1]: r[3] for r in table1[1:] if r[1] in ("牵头单位负担", "其他途径")}
    assert sources == {"牵头单位负担": "600", "其他途径": "100"}  # the first committed year's sources
    assert any("2024 年拟投入运行经费来源" in group for group, _item in items)
    park = next(r for r in table1[1:] if "产业园区总产值" in r[0])
    assert "2023 年产业园区总产值" in park[0] and park[3] == "—"  # the base year's (only 2024's was entered)
    assert "/stats/download/xlsx?year=2023\"" in html
    assert 'title="承诺：' in html and 'title="实际：' in html
    assert "特色与创新（2001/2000）" in html  # the first committed year's narratives, by their labels


def test_year_page_compares_other_years_after_the_books_columns(golden_book, browser):
    browser.login("sec")
    html = browser.get("/stats/year?year=2024&compare=2005").text
    table2 = _table(html, "book-table-2")
    assert table2[0] == ["类别", "项目名称", "单位", "2023 年 实际", "2024 年 承诺", "2005 年 对照 暂无数据",
                         "2024 年 对照"]
    assert {r[1]: r for r in table2[1:]}["企业为学生提供实习实训量"][3:] == ["14.3", "20", "—", "16.6"]
    assert "2005 年暂无数据" in html and 'title="对照：' in html and 'title="暂无数据：' in html
    assert "/stats/download/xlsx?year=2005&amp;year=2023&amp;year=2024" in html


def test_year_page_shows_figures_and_drills_down(golden_admin, browser):
    browser.login("sec")
    page = browser.get("/stats/year?year=2024&compare=2023")
    assert page.status_code == 200
    html = page.text
    assert "企业为学生提供实习实训量" in html and "16.6" in html and "83.3" in html
    assert "未填写 2026 年拟投入运行经费" in html  # missing input flagged at the top
    assert "/stats/drill/internship.person_months?year=2024" in html
    assert "/stats/download/xlsx?year=2022&amp;year=2023&amp;year=2024" in html  # the base year and the two compared
    assert "/book/" in html  # the book's DOCX lives on the book page
    assert 'style="' not in html and "<script>" not in html
    drill = browser.get("/stats/drill/internship.person_months?year=2024")
    assert drill.status_code == 200
    for name in ("st1", "st2", "st5", "st6"):
        assert f">{name}</a></td>" in drill.text
    for name in ("st3", "st4", "st7", "st8"):
        assert f">{name}</a></td>" not in drill.text
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


def test_drill_down_adds_up_in_chinese_with_links_and_xlsx(golden_admin, browser):
    import io
    import re

    from openpyxl import load_workbook

    browser.login("sec")
    page = browser.get("/stats/drill/internship.person_months?year=2024").text
    assert "Σ" not in page.split('<details')[0]  # the definition is in Chinese; the notation is tucked away
    assert "天数之和 ÷ 30" in page
    days = [int(d) for d in re.findall(r"(\d+) 天（", page)]
    total = re.search(r"合计：(\d+) 天 ÷ 30 = ([\d.]+) 人月", page)
    assert total and int(total.group(1)) == sum(days) and total.group(2) == "16.6"
    assert round(sum(days) / 30, 1) == 16.6
    assert '/placements/' in page  # each record links to itself
    hours = browser.get("/stats/drill/training.enterprise_employees.person_days?year=2024").text
    assert "合计：以下各条记录的计入量之和" in hours and "/training/sessions/" in hours
    xlsx = browser.get("/stats/drill/internship.person_months/xlsx?year=2024")
    assert xlsx.status_code == 200
    ws = load_workbook(io.BytesIO(xlsx.data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][1] == 16.6 and rows[3][:3] == ("记录类型", "编号", "名称")
    body = [r for r in rows[4:] if r and r[0] == "岗位安排"]
    assert sum(r[7] for r in body) == total_days if (total_days := int(total.group(1))) else False
    assert rows[-1][0] == "合计" and rows[-1][6] == 16.6


def test_every_figure_drills_down(golden_admin, browser, app):
    from consortium.figures import book as metrics

    browser.login("sec")
    for metric in metrics.registry(2024):
        page = browser.get(f"/stats/drill/{metric.key}?year=2024")
        assert page.status_code == 200, metric.key
        assert 'class="mb-1 mt-2 definition"></p>' not in page.text, metric.key  # a Chinese definition for each


def test_year_page_order_empty_years_and_badges(golden_admin, browser):
    browser.login("sec")
    html = browser.get("/stats/year?year=2024").text
    assert html.index("1. 联合体概况") < html.index("2. 办学成效和服务能力") < html.index("附表：平台补充的指标")
    assert "暂无数据：没有任何记录" not in html.split('id="book-table-2"')[1].split("</thead>")[0]
    assert 'title="书外：' in html
    empty = browser.get("/stats/year?year=2005").text
    assert "2005 年暂无数据" in empty
    assert "2005 年暂无数据" in browser.get("/stats/dashboard?year=2005").text


def test_every_year_selector_opens_on_the_last_closed_year(golden_admin, browser):
    from consortium.timeutil import report_year, today

    assert report_year() == today().year - 1
    browser.login("sec")
    year = report_year()
    # 推荐书数据 shows the book's own years (the notice's 2022 | 2023 until the consortium sets its own)
    assert "推荐书数据 · 2022 年（实际）/ 2023 年（承诺）" in browser.get("/stats/year").text
    assert f"数据看板 · {year} 年度" in browser.get("/stats/dashboard").text
