"""Co-built resources, R&D projects, research outputs and demand reports: pages, API, rules and permissions."""
import re
from datetime import date
from decimal import Decimal

import pytest

from consortium.extensions import db
from consortium.members.models import Consortium, Member
from consortium.records.models import DemandReport, RdProject, ResearchOutput, Resource

from .. import factories


def make_resource(app, consortium_id, partner_ids, **kw):
    with app.app_context():
        resource = Resource(consortium_id=consortium_id, name=kw.pop("name", "工业机器人技术"),
                            kind=kw.pop("kind", "major"), established_date=kw.pop("established_date", date(2024, 9, 1)),
                            partners=[db.session.get(Member, i) for i in partner_ids], **kw)
        db.session.add(resource)
        db.session.commit()
        return resource.id


def make_rd(app, consortium_id, school_id, enterprise_id, **kw):
    with app.app_context():
        project = RdProject(consortium_id=consortium_id, code=kw.pop("code", "RD2024001"),
                            title=kw.pop("title", "主轴热误差补偿"), school_id=school_id, enterprise_id=enterprise_id,
                            start_date=kw.pop("start_date", date(2024, 3, 1)), **kw)
        db.session.add(project)
        db.session.commit()
        return project.id


def count(app, model):
    with app.app_context():
        return db.session.query(model).count()


@pytest.fixture
def outsider(app, world):
    """A member of another consortium, with its own school user."""
    with app.app_context():
        other = factories.make_consortium(name="洛阳测试联合体")
        school = factories.make_member(other, name="洛阳测试职业学院", type="higher_vocational")
        factories.make_user("ly_school", "school", member=school)
        db.session.commit()
        return school.id


# ---- validation -------------------------------------------------------------------------------

def test_bad_resource_form_reports_every_field_and_writes_nothing(browser, world, app):
    make_resource(app, world.consortium, [world.school], name="工业机器人技术", kind="major")
    browser.login("admin")
    r = browser.submit("/records/resources/new", {
        "name": "工业机器人技术", "kind": "major", "partner_ids": [str(world.school)],
        "established_date": "2024-09-01", "closed_date": "2024-01-01"})
    assert r.status_code == 200
    assert "同类型的同名资源已存在" in r.text and "撤销日期不能早于建成日期" in r.text
    assert count(app, Resource) == 1


def test_api_validation_reports_every_bad_field_and_writes_nothing(api, world, outsider, app):
    admin = api("admin")
    r = admin.post("/api/v1/rd-projects", json={
        "code": "", "title": "x", "school_id": world.enterprise, "enterprise_id": outsider,
        "start_date": "2024-05-01", "completed_date": "2024-04-01", "funds_received": -3})
    assert r.status_code == 422
    fields = r.json["error"]["fields"]
    assert set(fields) >= {"code", "school_id", "enterprise_id", "completed_date", "funds_received"}
    r = admin.post("/api/v1/resources", json={"name": "课程", "kind": "nonsense", "partner_ids": [outsider],
                                              "established_date": "2024-01-01"})
    assert r.status_code == 422 and set(r.json["error"]["fields"]) == {"kind", "partner_ids"}
    r = admin.post("/api/v1/outputs", json={"title": "", "kind": "award", "member_ids": "甲", "date": "bad"})
    assert r.status_code == 422 and set(r.json["error"]["fields"]) >= {"member_ids", "date"}
    assert count(app, RdProject) == count(app, Resource) == count(app, ResearchOutput) == 0


def test_unique_natural_keys(api, world, app):
    admin = api("admin")
    body = {"title": "一种夹具", "kind": "utility_model", "date": "2024-03-08", "member_ids": [world.school]}
    assert admin.post("/api/v1/outputs", json=body).status_code == 201
    r = admin.post("/api/v1/outputs", json=body)
    assert r.status_code == 422 and "title" in r.json["error"]["fields"]
    assert admin.post("/api/v1/outputs", json={**body, "kind": "invention_patent"}).status_code == 201
    rd = {"code": "RD1", "title": "t", "school_id": world.school, "enterprise_id": world.enterprise}
    assert admin.post("/api/v1/rd-projects", json=rd).status_code == 201
    assert admin.post("/api/v1/rd-projects", json=rd).json["error"]["fields"] == {"code": "项目编号已存在"}


def test_funds_need_their_year_and_may_not_be_negative(api, world):
    admin = api("admin")
    rd = {"code": "RD1", "title": "t", "school_id": world.school, "enterprise_id": world.enterprise}
    r = admin.post("/api/v1/rd-projects", json={**rd, "funds_received": 12.5})
    assert r.json["error"]["fields"] == {"funds_year": "填写到账经费时请填写到账年度"}
    r = admin.post("/api/v1/rd-projects", json={**rd, "funds_received": "12.50", "funds_year": 2024,
                                                 "converted": True, "completed_date": "2024-12-01"})
    assert r.status_code == 201 and r.json["funds_received"] == 12.5 and r.json["converted"] is True
    r = admin.patch(f"/api/v1/rd-projects/{r.json['id']}", json={"funds_received": -1})
    assert r.status_code == 422 and r.json["error"]["fields"] == {"funds_received": "不能为负数"}


# ---- permissions ------------------------------------------------------------------------------

def test_school_creates_resources_only_with_itself_as_partner(api, world, app):
    school = api("school")
    r = school.post("/api/v1/resources", json={"name": "汽车智能技术", "kind": "major",
                                               "partner_ids": [world.enterprise], "established_date": "2024-09-01"})
    assert r.status_code == 422 and r.json["error"]["fields"] == {"partner_ids": "须包含本单位"}
    r = school.post("/api/v1/resources", json={"name": "汽车智能技术", "kind": "major",
                                               "partner_ids": [world.school, world.enterprise],
                                               "established_date": "2024-09-01"})
    assert r.status_code == 201
    assert {p["name"] for p in r.json["partners"]} == {"甲智能装备有限公司", "郑州测试职业技术学院"}
    # ... and may not drop itself afterwards
    r = school.patch(f"/api/v1/resources/{r.json['id']}", json={"partner_ids": [world.enterprise]})
    assert r.status_code == 422


def test_school_cannot_see_or_edit_a_resource_it_is_not_a_partner_of(browser, api, world, app):
    theirs = make_resource(app, world.consortium, [world.enterprise], name="仓储与配送实务", kind="course")
    mine = make_resource(app, world.consortium, [world.school], name="数控机床装调", kind="course")
    school = api("school")
    assert school.get(f"/api/v1/resources/{theirs}").status_code == 404
    assert school.patch(f"/api/v1/resources/{theirs}", json={"name": "改名"}).status_code == 404
    assert school.delete(f"/api/v1/resources/{theirs}").status_code == 404
    assert [i["id"] for i in school.get("/api/v1/resources").json["items"]] == [mine]
    browser.login("school")
    assert browser.get(f"/records/resources/{theirs}/edit").status_code in (403, 404)
    r = browser.submit(f"/records/resources/{theirs}/edit", {"name": "改名", "kind": "course",
                                                             "established_date": "2024-09-01",
                                                             "partner_ids": [str(world.school)]},
                       form_url="/records/resources")
    assert r.status_code in (403, 404)
    page = browser.get("/records/resources")
    assert "数控机床装调" in page.text and "仓储与配送实务" not in page.text
    with app.app_context():
        assert db.session.get(Resource, theirs).name == "仓储与配送实务"


def test_enterprise_cannot_touch_another_enterprises_rd_project(browser, api, world, app):
    theirs = make_rd(app, world.consortium, world.school, world.other_enterprise, code="RD-B")
    ent = api("ent_a")
    assert ent.get(f"/api/v1/rd-projects/{theirs}").status_code == 404
    assert ent.patch(f"/api/v1/rd-projects/{theirs}", json={"converted": True}).status_code == 404
    assert ent.get("/api/v1/rd-projects").json["total"] == 0
    # Recording a project for another enterprise is refused; its own is fine.
    body = {"code": "RD-A", "title": "视觉检测", "school_id": world.school, "enterprise_id": world.other_enterprise}
    r = ent.post("/api/v1/rd-projects", json=body)
    assert r.status_code == 422 and r.json["error"]["fields"] == {"enterprise_id": "须为本单位"}
    assert ent.post("/api/v1/rd-projects", json={**body, "enterprise_id": world.enterprise}).status_code == 201
    browser.login("ent_a")
    assert browser.get(f"/records/rd/{theirs}/edit").status_code in (403, 404)
    r = browser.submit(f"/records/rd/{theirs}/delete", {}, form_url="/records/rd")
    assert r.status_code in (403, 404)
    # The school of the project sees it.
    assert api("school").get(f"/api/v1/rd-projects/{theirs}").status_code == 200
    assert count(app, RdProject) == 2


def test_students_and_other_consortia_are_kept_out(api, browser, world, outsider, app):
    rid = make_resource(app, world.consortium, [world.school])
    assert api("stu").get("/api/v1/resources").status_code == 403
    assert api("ly_school").get(f"/api/v1/resources/{rid}").status_code == 404
    browser.login("tea")
    assert browser.get("/records/outputs").status_code == 403


def test_demand_reports_are_the_secretariats(api, browser, world, app):
    admin = api("admin")
    r = admin.post("/api/v1/demand-reports", json={"title": "2025 年人才需求报告", "summary": "岗位缺口 2100 个"})
    assert r.status_code == 201 and r.json["status"] == "draft"
    rid = r.json["id"]
    school = api("school")
    assert school.post("/api/v1/demand-reports", json={"title": "x"}).status_code == 403
    assert school.get(f"/api/v1/demand-reports/{rid}").status_code == 404  # a draft is not shown
    r = admin.post(f"/api/v1/demand-reports/{rid}/publish", json={"published_date": "2025-04-18"})
    assert r.json["published_date"] == "2025-04-18" and r.json["status"] == "published"
    assert school.get(f"/api/v1/demand-reports/{rid}").status_code == 200
    assert school.patch(f"/api/v1/demand-reports/{rid}", json={"title": "改"}).status_code == 403
    assert school.delete(f"/api/v1/demand-reports/{rid}").status_code == 403
    assert admin.get("/api/v1/demand-reports?year=2025").json["total"] == 1
    assert admin.get("/api/v1/demand-reports?year=2024").json["total"] == 0


# ---- pages ------------------------------------------------------------------------------------

def test_pages_render_and_create_edit_delete_through_forms(browser, world, app):
    browser.login("admin")
    for url in ("/records/resources", "/records/rd", "/records/outputs", "/records/reports",
                "/records/resources/new", "/records/rd/new", "/records/outputs/new", "/records/reports/new"):
        page = browser.get(url)
        assert page.status_code == 200, url
        assert "<script>" not in page.text and not re.search(r"\son[a-z]+=|style=\"", page.text), url
    r = browser.submit("/records/outputs/new", {"title": "一种主轴冷却装置", "kind": "utility_model",
                                                "date": "2024-05-10",
                                                "member_ids": [str(world.school), str(world.enterprise)]})
    assert r.status_code == 302
    with app.app_context():
        output = db.session.query(ResearchOutput).one()
        oid = output.id
        assert {m.id for m in output.members} == {world.school, world.enterprise}
    page = browser.get("/records/outputs?year=2024&kind=utility_model&q=主轴")
    assert "一种主轴冷却装置" in page.text and "data-confirm" in page.text
    assert "一种主轴冷却装置" not in browser.get("/records/outputs?year=2023").text
    r = browser.submit(f"/records/outputs/{oid}/edit", {"title": "一种主轴冷却装置（改）", "kind": "utility_model",
                                                        "date": "2024-05-10", "member_ids": [str(world.school)]})
    assert r.status_code == 302
    r = browser.submit(f"/records/outputs/{oid}/delete", {}, form_url="/records/outputs")
    assert r.status_code == 302 and count(app, ResearchOutput) == 0

    r = browser.submit("/records/rd/new", {"code": "RD2024009", "title": "AGV 调度", "school_id": str(world.school),
                                           "enterprise_id": str(world.enterprise), "start_date": "2024-06-01",
                                           "completed_date": "", "converted": "y", "funds_received": "22",
                                           "funds_year": "2024"})
    assert r.status_code == 302
    with app.app_context():
        project = db.session.query(RdProject).one()
        assert project.converted and project.funds_received == Decimal("22.00")
    assert "RD2024009" in browser.get("/records/rd?year=2024&converted=yes").text

    r = browser.submit("/records/reports/new", {"title": "人才需求报告", "summary": "摘要"})
    assert r.status_code == 302
    with app.app_context():
        report_id = db.session.query(DemandReport).one().id
    r = browser.submit(f"/records/reports/{report_id}/publish", {"published_date": "2025-03-01"},
                       form_url="/records/reports")
    assert r.status_code == 302
    with app.app_context():
        assert db.session.get(DemandReport, report_id).published_date == date(2025, 3, 1)


def test_school_form_preselects_its_own_unit_and_lists_only_its_records(browser, world, app):
    browser.login("school")
    page = browser.get("/records/resources/new")
    assert re.search(rf'<option selected value="{world.school}"|<option value="{world.school}" selected', page.text)
    r = browser.submit("/records/resources/new", {"name": "智能装备产业学院", "kind": "industry_college",
                                                  "partner_ids": [str(world.school)], "established_date": "2023-11-08"})
    assert r.status_code == 302
    assert "智能装备产业学院" in browser.get("/records/resources?kind=industry_college&year=2024").text
    assert "新建报告" not in browser.get("/records/reports").text
    assert browser.get("/records/reports/new").status_code == 403


def test_demo_records_load(app):
    with app.app_context():
        from consortium.demo import members as demo_members

        consortium, _accounts = demo_members.load("demo-pass-1234")
        db.session.commit()
        assert db.session.query(Resource).filter_by(consortium_id=consortium.id).count() >= 20
        assert db.session.query(RdProject).count() == 8
        assert db.session.query(ResearchOutput).count() == 12
        assert db.session.query(DemandReport).filter(DemandReport.published_date.is_not(None)).count() == 2
