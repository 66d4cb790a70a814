"""Partners outside the consortium are kept by name (import, service, API) and a record counts when at
least one partner is a member during the year (metrics.md)."""
from datetime import date

from sqlalchemy import select

from consortium.extensions import db
from consortium.members.models import Consortium, Member
from consortium.stats import loader
from consortium.records import services
from consortium.records.models import ResearchOutput, Resource

from ..imports.helpers import SCHOOL


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_keeps_a_non_member_partner_and_counts_by_the_member_rule(app, runner, world, tmp_path):
    csv_text = ("名称,类型,共建单位,建成日期\n"
                f"智能制造产业学院,产业学院,{SCHOOL}、外省某公司,2023-09-01\n"
                "外省独建实训基地,实训基地,外省某公司、另一外省学院,2023-09-01\n")
    result = runner.invoke(args=["import", "resources", _write(tmp_path, "r.csv", csv_text)])
    assert result.exit_code == 0, result.output
    outputs = ("成果名称,类型,日期,完成单位\n"
               f"一种冷却装置,实用新型专利,2024-05-10,外省某公司、{SCHOOL}\n")
    result = runner.invoke(args=["import", "outputs", _write(tmp_path, "o.csv", outputs)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        college = db.session.scalar(select(Resource).where(Resource.name == "智能制造产业学院"))
        assert [p.name for p in college.partners] == [SCHOOL]
        assert college.external_names == ["外省某公司"]
        alone = db.session.scalar(select(Resource).where(Resource.name == "外省独建实训基地"))
        assert alone.partners == [] and alone.external_names == ["外省某公司", "另一外省学院"]
        output = db.session.scalar(select(ResearchOutput))
        assert output.external_names == ["外省某公司"] and [m.name for m in output.members] == [SCHOOL]
        figures = loader.compute_year(world.consortium, 2024)
        # the college counts (a member partner); the base with only external partners does not
        assert figures["cobuilt.industry_colleges"].value == 1
        assert figures["cobuilt.training_bases"].value == 0
        assert figures["service.research_outputs"].value == 1
        db.session.remove()


def test_the_member_must_be_a_member_during_the_year(app, world):
    with app.app_context():
        admin = db.session.get(Consortium, world.consortium)
        from consortium.auth.models import User

        actor = db.session.get(User, world.admin)
        school = db.session.get(Member, world.school)
        school.joined_date, school.left_date = date(2020, 1, 1), date(2023, 12, 31)
        services.create_resource(actor, admin, {"name": "课程A", "kind": "course", "partner_ids": [school.id],
                                                "external_partners": "外省某公司", "established_date": date(2022, 1, 1)})
        figures_2023 = loader.compute_year(admin.id, 2023)
        figures_2024 = loader.compute_year(admin.id, 2024)
        assert figures_2023["cobuilt.courses"].value == 1
        assert figures_2024["cobuilt.courses"].value == 0  # its only member partner left before 2024
        db.session.rollback()
        db.session.remove()


def test_form_service_links_a_typed_member_name_and_keeps_the_others(app, world):
    with app.app_context():
        from consortium.auth.models import User

        actor = db.session.get(User, world.admin)
        consortium = db.session.get(Consortium, world.consortium)
        resource = services.create_resource(actor, consortium, {
            "name": "共建教材B", "kind": "textbook", "partner_ids": [],
            "external_partners": f"{SCHOOL}\n外省某出版社、 外省某出版社 ", "established_date": date(2024, 1, 1)})
        assert [p.name for p in resource.partners] == [SCHOOL]
        assert resource.external_partners == "外省某出版社"
        db.session.rollback()
        db.session.remove()


def test_resource_form_page_saves_external_partners(browser, app, world):
    browser.login("admin")
    response = browser.submit("/records/resources/new", {
        "name": "外部共建课程", "kind": "course", "partner_ids": [str(world.school)],
        "external_partners": "外省某公司", "established_date": "2024-03-01"}, follow_redirects=True)
    assert response.status_code == 200
    assert "外省某公司" in response.text
    with app.app_context():
        row = db.session.scalar(select(Resource).where(Resource.name == "外部共建课程"))
        assert row.external_names == ["外省某公司"]
        db.session.remove()


def test_api_accepts_and_returns_external_partners(api, world):
    client = api("admin")
    response = client.post("/api/v1/resources", json={"name": "API 课程", "kind": "course",
                                                      "partner_ids": [world.school],
                                                      "external_partners": ["外省某公司"],
                                                      "established_date": "2024-01-01"})
    assert response.status_code == 201, response.json
    assert response.json["external_partners"] == ["外省某公司"]
    bad = client.post("/api/v1/resources", json={"name": "API 课程2", "kind": "course", "partner_ids": [world.school],
                                                 "external_partners": "not a list", "established_date": "2024-01-01"})
    assert bad.status_code == 422 and "external_partners" in bad.json["error"]["fields"]
