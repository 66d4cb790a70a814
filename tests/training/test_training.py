"""Training sessions, rosters, certificates and requests through the pages, the API and the services."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from consortium.extensions import db
from consortium.training.models import Certificate, RosterEntry, TrainingRequest, TrainingSession

from .. import factories

ID_NUMBER = "11010519491231002X"


def session_form(**kw):
    data = {"code": "TR2024001", "title": "电工技能提升培训", "kind": "skill_upgrade", "audience": "enterprise_employees",
            "provider_id": "", "provider_name": "", "host_id": "", "venue": "经开区实训基地", "start_date": "2024-05-06",
            "end_date": "2024-05-10", "days": "", "hours": "40", "participants": "30", "plan_year": "2024", "notes": ""}
    data.update(kw)
    return data


def switch_user(browser):
    """Sign out through the real form (with its CSRF token)."""
    assert browser.submit("/logout", {}, form_url="/training/requests").status_code == 302


def make_session(app, consortium_id, provider_id, **kw):
    with app.app_context():
        s = TrainingSession(consortium_id=consortium_id, code=kw.pop("code", "S1"), title=kw.pop("title", "培训"),
                            kind=kw.pop("kind", "skill_upgrade"), audience=kw.pop("audience", "enterprise_employees"),
                            provider_id=provider_id, start_date=kw.pop("start_date", date(2024, 5, 6)),
                            end_date=kw.pop("end_date", date(2024, 5, 10)), participants=kw.pop("participants", 20),
                            **kw)
        db.session.add(s)
        db.session.commit()
        return s.id


@pytest.fixture
def second_school(app, world):
    with app.app_context():
        from consortium.members.models import Consortium

        school = factories.make_member(db.session.get(Consortium, world.consortium), name="郑州第二职业学校",
                                       type="secondary_vocational")
        factories.make_user("school2", "school", member=school)
        db.session.commit()
        return school.id


# ---- sessions ----------------------------------------------------------------------------------

def test_school_records_a_session_as_its_own_provider(browser, world, second_school, app):
    browser.login("school")
    r = browser.submit("/training/sessions/new", session_form(provider_id=str(second_school)))
    assert r.status_code == 302
    with app.app_context():
        s = db.session.query(TrainingSession).one()
        assert s.provider_id == world.school and s.days is None
    page = browser.get(r.headers["Location"])
    assert "电工技能提升培训" in page.text and "5（按日历天数）" in page.text
    assert "150" in page.text  # 30 participants × 5 days


def test_bad_session_form_shows_errors_and_writes_nothing(browser, world, app):
    make_session(app, world.consortium, world.school, code="TR2024001")
    browser.login("admin")
    r = browser.submit("/training/sessions/new", session_form(provider_name="某培训公司", end_date="2024-05-01"))
    assert r.status_code == 200 and "结束日期不能早于开始日期" in r.text and "培训编号已存在" in r.text
    r = browser.submit("/training/sessions/new", session_form(code="X2", days="9"))
    assert "天数不能超过起止日期之间的日历天数（5 天）" in r.text
    assert "请选择承训成员单位，或填写非成员承训单位名称" in r.text
    with app.app_context():
        assert db.session.query(TrainingSession).count() == 1


def test_admin_records_non_member_provider(api, world, app):
    admin = api("admin")
    r = admin.post("/api/v1/training/sessions", json={
        "code": "EXT1", "title": "外部机构培训", "kind": "pre_job", "audience": "migrant_workers",
        "provider_name": "某人力资源公司", "start_date": "2024-03-01", "end_date": "2024-03-02", "participants": 40})
    assert r.status_code == 201 and r.json["provider_id"] is None and r.json["person_days"] == 80
    figures = admin.get("/api/v1/training/figures?year=2024").json
    assert figures["metrics"]["training.special_groups.person_days"] == 0


def test_roster_overrides_declared_participants_and_keeps_masked_ids(browser, world, app):
    sid = make_session(app, world.consortium, world.school, participants=30)
    browser.login("school")
    url = f"/training/sessions/{sid}"
    r = browser.submit(f"{url}/roster", {"name": "张三", "id_number": ID_NUMBER, "employer_id": str(world.enterprise),
                                         "employer_name": "", "status": "completed"}, form_url=url)
    assert r.status_code == 302
    r = browser.submit(f"{url}/roster", {"name": "李四", "id_number": "", "employer_id": "",
                                         "employer_name": "个体", "status": "not_completed"}, form_url=url)
    assert r.status_code == 302
    r = browser.submit(f"{url}/roster", {"name": "王五", "id_number": "110105194912310021", "employer_id": "",
                                         "employer_name": "", "status": "completed"}, form_url=url)
    assert r.status_code == 422 and "校验位错误" in r.text
    with app.app_context():
        entries = db.session.query(RosterEntry).order_by(RosterEntry.id).all()
        assert [e.id_number_masked for e in entries] == ["110105********002X", None]
        assert ID_NUMBER not in str([e.__dict__ for e in entries])
        assert db.session.get(TrainingSession, sid).effective_participants == 1
    page = browser.get(url)
    assert '<div class="fs-3 fw-semibold" id="participants">1</div>' in page.text and ID_NUMBER not in page.text
    figures = None
    with app.app_context():
        from consortium.training import reports

        figures = reports.training_figures(world.consortium, 2024)
    assert figures["training.enterprise_employees.person_days"].value == 5  # 1 completed × 5 days, not 30 × 5


def test_enterprise_sees_only_its_employees_on_a_roster(browser, world, app):
    sid = make_session(app, world.consortium, world.school)
    with app.app_context():
        db.session.add_all([RosterEntry(session_id=sid, name="甲员工", employer_id=world.enterprise),
                            RosterEntry(session_id=sid, name="乙员工", employer_id=world.other_enterprise)])
        db.session.commit()
    browser.login("ent_a")
    page = browser.get(f"/training/sessions/{sid}")
    assert page.status_code == 200 and "甲员工" in page.text and "乙员工" not in page.text
    overview = browser.get("/training?year=2024")
    assert "本单位员工参加的培训" in overview.text and f"/training/sessions/{sid}" in overview.text


def test_cross_organization_session_access(browser, api, world, second_school, app):
    sid = make_session(app, world.consortium, second_school)
    browser.login("school")
    assert browser.get(f"/training/sessions/{sid}").status_code == 404
    assert browser.get(f"/training/sessions/{sid}/edit").status_code == 404
    school = api("school")
    assert school.patch(f"/api/v1/training/sessions/{sid}", json={"title": "改"}).status_code == 404
    assert school.delete(f"/api/v1/training/sessions/{sid}").status_code == 404
    ent = api("ent_a")
    assert ent.get(f"/api/v1/training/sessions/{sid}").status_code == 404
    r = ent.post("/api/v1/training/sessions", json={"code": "E1", "title": "x", "kind": "pre_job",
                                                    "audience": "other", "provider_name": "x",
                                                    "start_date": "2024-01-01", "end_date": "2024-01-01"})
    assert r.status_code == 403
    assert api("school2").get(f"/api/v1/training/sessions/{sid}").status_code == 200
    with app.app_context():
        assert db.session.get(TrainingSession, sid).title == "培训"


def test_api_session_crud_and_field_errors(api, world, app):
    school = api("school")
    r = school.post("/api/v1/training/sessions", json={"code": "A1", "title": "焊工培训", "kind": "certification",
                                                       "audience": "veterans", "start_date": "2024-11-04",
                                                       "end_date": "2024-11-08", "days": "2.5", "participants": 12})
    assert r.status_code == 201 and r.json["provider_id"] == world.school and r.json["person_days"] == 30
    sid = r.json["id"]
    r = school.patch(f"/api/v1/training/sessions/{sid}", json={"participants": 10, "kind": "spaceship",
                                                               "end_date": "2024-11-01"})
    assert r.status_code == 422 and set(r.json["error"]["fields"]) == {"kind", "end_date"}
    r = school.patch(f"/api/v1/training/sessions/{sid}", json={"participants": 10})
    assert r.status_code == 200 and r.json["person_days"] == 25
    assert school.get("/api/v1/training/sessions?year=2024").json["total"] == 1
    assert school.get("/api/v1/training/sessions?year=2025").json["total"] == 0
    assert school.delete(f"/api/v1/training/sessions/{sid}").status_code == 204
    with app.app_context():
        assert db.session.query(TrainingSession).count() == 0


# ---- certificates ------------------------------------------------------------------------------

def test_certificate_levels_masking_and_pass_rate(api, browser, world, app):
    sid = make_session(app, world.consortium, world.school, participants=4)
    school = api("school")
    r = school.post("/api/v1/training/certificates", json={
        "certificate_no": "Y0001", "holder_name": "张三", "holder_id_number": ID_NUMBER, "name": "电工",
        "level": "高级技师", "issued_date": "2024-06-01", "issuer_name": "河南省职业技能鉴定中心", "session_id": sid})
    assert r.status_code == 201 and r.json["level"] == 1 and r.json["holder_id_number"] == "110105********002X"
    r = school.post("/api/v1/training/certificates", json={
        "certificate_no": "Y0002", "holder_name": "李四", "name": "电工", "level": "四级/中级工",
        "issued_date": "2024-06-01", "issuer_id": world.school})
    assert r.status_code == 201 and r.json["level"] == 4
    r = school.post("/api/v1/training/certificates", json={
        "certificate_no": "Y0001", "holder_name": "王五", "name": "电工", "level": "七级", "issued_date": "2024-06-01",
        "issuer_id": world.school})
    assert r.status_code == 422 and set(r.json["error"]["fields"]) == {"certificate_no", "level"}
    # pass rate: 1 certificate from this session ÷ 4 participants
    assert school.get(f"/api/v1/training/sessions/{sid}").json["pass_rate_pct"] == 25.0
    assert "25.0%" in (browser.login("school") and browser.get(f"/training/sessions/{sid}")).text
    with app.app_context():
        cid = db.session.query(Certificate.id).filter_by(certificate_no="Y0001").scalar()
        assert db.session.get(Certificate, cid).holder_id_number == ID_NUMBER
    page = browser.get(f"/training/certificates/{cid}")
    assert "110105********002X" in page.text and ID_NUMBER not in page.text
    assert ID_NUMBER not in browser.get("/training/certificates").text
    switch_user(browser)
    browser.login("admin")
    # One masking policy: pages mask for everyone, the secretariat included (the single-record API is full).
    assert "110105********002X" in browser.get(f"/training/certificates/{cid}").text
    assert ID_NUMBER not in browser.get(f"/training/certificates/{cid}").text
    assert ID_NUMBER not in browser.get("/training/certificates").text


def test_pass_rate_is_empty_without_participants(api, world, app):
    sid = make_session(app, world.consortium, world.school, participants=0)
    assert api("admin").get(f"/api/v1/training/sessions/{sid}").json["pass_rate_pct"] is None


def test_school_cannot_record_or_edit_other_schools_certificates(api, world, second_school, app):
    other_session = make_session(app, world.consortium, second_school)
    school = api("school")
    r = school.post("/api/v1/training/certificates", json={
        "certificate_no": "Z1", "holder_name": "赵六", "name": "焊工", "level": 3, "issued_date": "2024-06-01",
        "issuer_name": "某鉴定站", "session_id": other_session})
    assert r.status_code == 422 and "session_id" in r.json["error"]["fields"]
    r = api("school2").post("/api/v1/training/certificates", json={
        "certificate_no": "Z1", "holder_name": "赵六", "name": "焊工", "level": 3, "issued_date": "2024-06-01",
        "issuer_id": second_school})
    cid = r.json["id"]
    assert school.get(f"/api/v1/training/certificates/{cid}").status_code == 404
    assert school.patch(f"/api/v1/training/certificates/{cid}", json={"level": 1}).status_code == 404
    assert api("ent_a").post("/api/v1/training/certificates", json={}).status_code == 403


# ---- requests ----------------------------------------------------------------------------------

def test_request_flow_from_enterprise_to_planned_session(browser, world, app):
    browser.login("ent_a")
    r = browser.submit("/training/requests/new", {"topic": "数控机床操作岗前培训", "kind": "pre_job",
                                                  "audience": "enterprise_employees", "headcount": "25",
                                                  "preferred_start": "2030-03-02", "preferred_end": "2030-03-06",
                                                  "notes": ""})
    assert r.status_code == 302
    with app.app_context():
        rid = db.session.query(TrainingRequest.id).scalar()
    switch_user(browser)
    browser.login("admin")
    url = f"/training/requests/{rid}"
    r = browser.submit(f"{url}/assign", {"provider_id": str(world.enterprise)}, form_url=url)
    assert r.status_code == 422 and "is-invalid" in r.text  # an enterprise is not among the schools offered
    r = browser.submit(f"{url}/assign", {"provider_id": str(world.school)}, form_url=url)
    assert r.status_code == 302
    switch_user(browser)
    browser.login("school")
    form = browser.get(f"{url}/plan")
    assert form.status_code == 200 and "数控机床操作岗前培训" in form.text and 'value="25"' in form.text
    r = browser.submit(f"{url}/plan", session_form(code="TR2030001", title="数控机床操作岗前培训", kind="pre_job",
                                                   host_id=str(world.enterprise), start_date="2030-03-02",
                                                   end_date="2030-03-06", participants="25", plan_year="2030"))
    assert r.status_code == 302
    switch_user(browser)
    browser.login("ent_a")
    page = browser.get(url)
    assert "已排期" in page.text and "TR2030001" in page.text
    with app.app_context():
        req = db.session.get(TrainingRequest, rid)
        assert req.status == "planned" and req.session.provider_id == world.school
        assert req.status_on(date(2030, 3, 7)) == "delivered" and req.status_on(date(2030, 3, 6)) == "planned"


def test_request_permissions_across_organizations(api, world, second_school, app):
    ent = api("ent_a")
    r = ent.post("/api/v1/training/requests", json={"topic": "叉车", "audience": "enterprise_employees",
                                                    "headcount": 10})
    assert r.status_code == 201 and r.json["status"] == "submitted"
    rid = r.json["id"]
    other = api("ent_b")
    assert other.get(f"/api/v1/training/requests/{rid}").status_code == 404
    assert other.post(f"/api/v1/training/requests/{rid}/cancel").status_code == 404
    assert other.get("/api/v1/training/requests").json["total"] == 0
    assert ent.post(f"/api/v1/training/requests/{rid}/assign", json={"provider_id": world.school}).status_code == 403
    admin = api("admin")
    r = admin.post(f"/api/v1/training/requests/{rid}/assign", json={"provider_id": world.other_enterprise})
    assert r.status_code == 422 and r.json["error"]["fields"] == {"provider_id": "请选择成员学校"}
    assert admin.post(f"/api/v1/training/requests/{rid}/assign", json={"provider_id": world.school}).json["status"] \
        == "assigned"
    school2 = api("school2")
    assert school2.get(f"/api/v1/training/requests/{rid}").status_code == 404
    assert school2.post(f"/api/v1/training/requests/{rid}/plan", json={"code": "P"}).status_code == 404
    school = api("school")
    r = school.post(f"/api/v1/training/requests/{rid}/plan", json={"code": "P1", "start_date": "2024-09-01",
                                                                   "end_date": "2024-09-02"})
    assert r.status_code == 201 and r.json["request"]["status"] == "delivered"
    assert r.json["session"]["host_id"] == world.enterprise and r.json["session"]["participants"] == 10
    assert ent.post(f"/api/v1/training/requests/{rid}/cancel").status_code == 409
    # the enterprise sees the planned session, hosted by it
    assert ent.get(f"/api/v1/training/sessions/{r.json['session']['id']}").status_code == 200
    # deleting the session puts the request back to assigned
    assert school.delete(f"/api/v1/training/sessions/{r.json['session']['id']}").status_code == 204
    assert ent.get(f"/api/v1/training/requests/{rid}").json["status"] == "assigned"


# ---- figures and pages -------------------------------------------------------------------------

def test_figures_from_the_database_match_the_definitions(api, world, app):
    with app.app_context():
        from consortium.members.models import Consortium

        late = factories.make_member(db.session.get(Consortium, world.consortium), name="新加入学校",
                                     type="higher_vocational", joined_date=date(2025, 2, 1))
        db.session.commit()
        late_id = late.id
    a = make_session(app, world.consortium, world.school, code="A", days=Decimal("2.5"), participants=10)
    b = make_session(app, world.consortium, world.school, code="B", start_date=date(2024, 12, 30),
                     end_date=date(2025, 1, 2), participants=10, audience="laid_off")
    make_session(app, world.consortium, late_id, code="C")
    make_session(app, world.consortium, None, code="D", provider_name="外部机构")
    with app.app_context():
        db.session.add(Certificate(consortium_id=world.consortium, certificate_no="c1", holder_name="x", name="电工",
                                   level=4, issued_date=date(2025, 1, 10), session_id=b))
        db.session.commit()
    admin = api("admin")
    y2024 = admin.get("/api/v1/training/figures?year=2024").json
    assert y2024["metrics"]["training.enterprise_employees.person_days"] == 25
    assert y2024["records"]["training.enterprise_employees.person_days"] == [a]
    assert y2024["metrics"]["training.special_groups.person_days"] == 0
    y2025 = admin.get("/api/v1/training/figures?year=2025").json
    assert y2025["metrics"]["training.special_groups.person_days"] == 40
    assert y2025["metrics"]["service.skill_certifications"] == 1
    assert api("school").get("/api/v1/training/figures?year=2024").status_code == 403


def test_secretariat_overview_and_plan_pages(browser, world, app):
    make_session(app, world.consortium, world.school, code="A", plan_year=2024, participants=10)
    make_session(app, world.consortium, world.school, code="B", plan_year=2024, participants=10,
                 start_date=date(2025, 1, 5), end_date=date(2025, 1, 6), kind="pre_job")
    browser.login("admin")
    page = browser.get("/training?year=2024")
    assert page.status_code == 200 and 'type="application/json" id="training-charts"' in page.text
    assert "echarts.min.js" in page.text and "<script>" not in page.text
    plan = browser.get("/training/plan?year=2024")
    # planned 50 + 20 person-days; delivered in 2024: session A only (50)
    assert "71.4%" in plan.text
    switch_user(browser)
    browser.login("ent_a")
    assert browser.get("/training/plan").status_code == 403
    assert browser.get("/training").status_code == 200
    switch_user(browser)
    browser.login("stu")
    assert browser.get("/training").status_code == 403


def test_demo_data_loads_with_the_expected_figures(app):
    with app.app_context():
        from consortium.demo import members as demo_members
        from consortium.training import reports

        consortium, _accounts = demo_members.load(factories.PASSWORD)
        db.session.commit()
        figures = reports.training_figures(consortium.id, 2024)
        # 460 + 140 + roster 32 × 7.5 + 40 × 2.5 + 300; the session ending in 2025 and the outside provider do not count
        assert figures["training.enterprise_employees.person_days"].value == 1240
        assert figures["training.special_groups.person_days"].value == 550 + 240 + 300
        assert figures["service.skill_certifications"].value == 65
        assert db.session.query(TrainingRequest).count() == 3
