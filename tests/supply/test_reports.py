"""The generated talent-demand report: versions, freezing, who reads what, and the book's count."""
from datetime import date

import pytest

from consortium.auth.models import User
from consortium.errors import Conflict, NotAllowed, NotFound
from consortium.extensions import db
from consortium.members.models import Consortium
from consortium.stats import loader
from consortium.records.models import DemandReport
from consortium.supply import forecasts, reports
from consortium.supply.docx_report import build_docx
from tests import factories
from tests.conftest import Browser


def _user(ids, name):
    return db.session.get(User, getattr(ids, name))


def _setup(world):
    consortium = db.session.get(Consortium, world.consortium)
    admin = _user(world, "admin")
    forecasts.create_forecast(admin, consortium, {
        "enterprise_id": world.enterprise, "year": 2025, "occupation": "工业机器人系统运维员", "level": "junior_college",
        "majors": ["工业机器人技术"], "headcount": 30, "skills": ["机器人示教"], "declared_date": date(2024, 11, 1)})
    forecasts.create_forecast(admin, consortium, {
        "enterprise_id": world.other_enterprise, "year": 2025, "occupation": "电子商务师", "level": "junior_college",
        "majors": ["电子商务"], "headcount": 10, "declared_date": date(2024, 11, 1)})
    for i in range(8):
        factories.make_student(world.school, major="电子商务", graduation_year=2025, outcome="employed")
    for i in range(2):
        factories.make_student(world.school, major="工业机器人技术", graduation_year=2025, outcome="employed")
    return consortium, admin


def test_generate_edit_publish_freeze_and_new_version(ctx, world):
    consortium, admin = _setup(world)
    report = reports.generate_report(admin, consortium, 2025)
    v1 = report.latest
    assert v1.number == 1 and not v1.is_published
    f = v1.figures
    assert f["totals"] == {"headcount": 40, "lines": 2, "enterprises": 2, "graduates": 10}
    # 装备制造大类: 2 of 10 graduates against 30 of 40 demanded → index = min(.2,.75) + min(.8,.25) = .45
    assert f["alignment"]["index"] == 45.0
    assert "合计需求40人" in v1.narrative and "匹配指数为45.0" in v1.narrative
    assert [r["category"] for r in f["gaps"]["under"]] == ["装备制造大类"]

    # Regenerating a draft replaces it (still version 1); editing the draft keeps the number too.
    reports.generate_report(admin, consortium, 2025)
    reports.edit_report(admin, report, "秘书处修改后的正文。")
    assert [v.number for v in report.versions] == [1] and report.latest.narrative == "秘书处修改后的正文。"

    reports.publish_report(admin, report, date(2025, 12, 20))
    assert report.latest.published_date == date(2025, 12, 20)
    with pytest.raises(Conflict):  # published: frozen
        reports.save_version_text(report.versions[0], "偷偷改")
    with pytest.raises(Conflict):
        reports.publish_report(admin, report)
    # A later edit makes version 2 (a draft) with the same frozen figures; version 1 is unchanged.
    forecasts.create_forecast(admin, consortium, {
        "enterprise_id": world.other_enterprise, "year": 2025, "occupation": "焊工", "level": "secondary_vocational",
        "headcount": 99, "declared_date": date(2024, 11, 1)})
    v2 = reports.edit_report(admin, report, "第二版正文。")
    assert [v.number for v in report.versions] == [1, 2]
    assert report.versions[0].narrative == "秘书处修改后的正文。" and v2.figures == report.versions[0].figures
    with pytest.raises(Conflict):  # the title a reader saw cannot change after publishing
        reports.edit_report(admin, report, "第二版正文。", title="另一个标题")
    # Regenerating now replaces the v2 draft's figures, never v1's.
    reports.generate_report(admin, consortium, 2025)
    assert report.latest.number == 2 and report.latest.figures["totals"]["headcount"] == 139
    assert report.versions[0].figures["totals"]["headcount"] == 40
    reports.publish_report(admin, report, date(2026, 1, 10))
    db.session.commit()

    # Members read published versions only; the report counts once, in its first publication's year.
    ent = _user(world, "ent_user")
    assert reports.visible_version(ent, report).number == 2
    assert reports.visible_version(ent, report, 1).narrative == "秘书处修改后的正文。"
    figures_2025 = loader.compute_year(world.consortium, 2025)["demand_reports.published"]
    assert figures_2025.value == 1 and figures_2025.record_refs == [("talent_report", report.id)]
    assert loader.compute_year(world.consortium, 2026)["demand_reports.published"].value == 0
    with pytest.raises(NotAllowed):
        reports.edit_report(ent, report, "x")


def test_drafts_are_hidden_from_members_and_typed_reports_still_count(ctx, world):
    consortium, admin = _setup(world)
    report = reports.generate_report(admin, consortium, 2025)
    db.session.add(DemandReport(consortium_id=world.consortium, title="手工登记的报告", published_date=date(2025, 3, 1)))
    db.session.commit()
    school = _user(world, "school_user")
    assert reports.list_reports(school, world.consortium) == []
    with pytest.raises(NotFound):
        reports.get_report(school, report.id)
    assert loader.compute_year(world.consortium, 2025)["demand_reports.published"].value == 1  # the typed-in one
    reports.publish_report(admin, report, date(2025, 6, 1))
    db.session.commit()
    assert loader.compute_year(world.consortium, 2025)["demand_reports.published"].value == 2
    assert [r.id for r in reports.list_reports(school, world.consortium)] == [report.id]


def test_docx_has_the_narrative_tables_and_chart_images(ctx, world):
    import io

    from docx import Document

    consortium, admin = _setup(world)
    report = reports.generate_report(admin, consortium, 2025)
    data = build_docx(report.title, 1, None, report.latest.figures, "第一段。\n第二段。")
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert report.title in text and "第二段。" in text and "草稿" in text
    assert len(doc.tables) >= 5
    images = [r for r in doc.part.rels.values() if "image" in r.reltype]
    assert len(images) >= 2 and all(r.target_part.content_type == "image/png" for r in images)


def test_pages_generate_edit_publish_download(app, world, browser):
    with app.app_context():
        _setup(world)
        db.session.commit()
    browser.login("admin")
    r = browser.submit("/supply/reports/generate", {"year": "2025"}, form_url="/supply/reports",
                       follow_redirects=True)
    assert r.status_code == 200 and "第 1 版" in r.text
    report_id = int(r.request.path.rsplit("/", 1)[1])
    r = browser.submit(f"/supply/reports/{report_id}/edit", {"title": "2025 年人才需求报告", "narrative": "改过的正文"},
                       follow_redirects=True)
    assert "改过的正文" in r.text
    r = browser.submit(f"/supply/reports/{report_id}/publish", {"published_date": "2025-12-01"},
                       form_url=f"/supply/reports/{report_id}", follow_redirects=True)
    assert "已发布第 1 版" in r.text
    r = browser.get(f"/supply/reports/{report_id}/docx")
    assert r.status_code == 200 and r.data[:2] == b"PK"
    school = Browser(app.test_client())
    school.login("school")
    assert "改过的正文" in school.get(f"/supply/reports/{report_id}").text
    assert school.get(f"/supply/reports/{report_id}/edit").status_code == 403


def test_chart_labels_use_a_cjk_font_when_the_system_has_one(recwarn):
    """Chinese labels must not print as empty boxes: a CJK font on the system is found even when matplotlib's font
    cache was built before it was installed."""
    from matplotlib import font_manager

    from consortium.supply.docx_report import CHART_FONTS, chart_industry

    if not any("cjk" in p.lower() for p in font_manager.findSystemFonts()):
        pytest.skip("no CJK font on this machine")
    png = chart_industry({"year": 2026, "by_industry": [{"code": "C", "name": "制造业", "headcount": 12}]})
    assert png is not None
    missing = [str(w.message) for w in recwarn if "missing from font" in str(w.message)]
    assert missing == []
    assert {f.name for f in font_manager.fontManager.ttflist}.intersection(CHART_FONTS)
