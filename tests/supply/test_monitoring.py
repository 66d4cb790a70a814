"""Alignment from the records, the school's view, mapping corrections kept, adjustments, events, outcomes."""
from datetime import date

import pytest

from consortium.auth.models import User
from consortium.errors import NotAllowed, ValidationError
from consortium.extensions import db
from consortium.jobs.models import Placement
from consortium.members.models import Consortium, EnterpriseYear, Member
from consortium.supply import events, forecasts, monitoring, outcomes
from consortium.supply.models import MappingCorrection
from tests import factories
from tests.conftest import Browser


def _user(ids, name):
    return db.session.get(User, getattr(ids, name))


def _world(world):
    consortium = db.session.get(Consortium, world.consortium)
    admin = _user(world, "admin")
    # Demand 2025: 30 for 装备制造 (机电 and 数控 majors), 10 for 电子商务 with no major: via the industry (52 零售).
    forecasts.create_forecast(admin, consortium, {
        "enterprise_id": world.enterprise, "year": 2025, "occupation": "电工", "level": "junior_college",
        "majors": ["机电一体化技术", "数控技术"], "headcount": 30, "declared_date": date(2024, 11, 1)})
    other = db.session.get(Member, world.other_enterprise)
    other.industry_code = "5292"
    forecasts.create_forecast(admin, consortium, {
        "enterprise_id": world.other_enterprise, "year": 2025, "occupation": "电子商务师", "level": "junior_college",
        "headcount": 10, "declared_date": date(2024, 11, 1)})
    # Supply 2025: 5 graduates in 机电 (装备制造), 5 in 电子商务 (财经商贸), 2 in 护理 (医药卫生, no demand).
    for major, n in (("机电一体化技术", 5), ("电子商务", 5), ("护理", 2)):
        for _ in range(n):
            factories.make_student(world.school, major=major, graduation_year=2025, enrol_year=2022)
    return consortium, admin


def test_alignment_from_records(ctx, world):
    consortium, _admin = _world(world)
    a = monitoring.alignment_for(consortium.id, 2025)
    rows = {r.category: r for r in a.rows if r.flag != "none"}
    assert (a.supply_total, a.demand_total) == (12, 40)
    assert {c: (r.supply, r.demand) for c, r in rows.items()} == {
        "装备制造大类": (5, 30), "财经商贸大类": (5, 10), "医药卫生大类": (2, 0)}
    # s = 5/12, 5/12, 2/12 ; d = .75, .25, 0 → Σ min = 5/12 + .25 = .6667
    assert a.index == 66.7
    assert rows["装备制造大类"].flag == "under" and rows["财经商贸大类"].flag == "over"
    assert rows["医药卫生大类"].flag == "over" and rows["医药卫生大类"].share_ratio is None


def test_school_view_lists_what_it_does_not_teach(ctx, world):
    consortium, admin = _world(world)
    school = db.session.get(Member, world.school)
    forecasts.create_forecast(admin, consortium, {
        "enterprise_id": world.enterprise, "year": 2025, "occupation": "汽车装调工", "level": "junior_college",
        "majors": ["汽车制造与试验技术"], "headcount": 5, "declared_date": date(2024, 11, 1)})
    forecasts.create_forecast(admin, consortium, {
        "enterprise_id": world.enterprise, "year": 2025, "occupation": "物流服务师", "level": "junior_college",
        "majors": ["现代物流管理"], "headcount": 4, "declared_date": date(2024, 11, 1)})
    view = monitoring.school_view(_user(world, "school_user"), school, 2025, "graduates")
    assert {m["name"] for m in view["majors"]} == {"机电一体化技术", "电子商务", "护理"}
    # 汽车制造与试验技术 is 装备制造大类, which the school teaches; 现代物流管理 falls in 财经商贸, taught too.
    assert view["not_taught"] == []
    forecasts.create_forecast(admin, consortium, {
        "enterprise_id": world.enterprise, "year": 2025, "occupation": "软件测试员", "level": "junior_college",
        "majors": ["软件技术"], "headcount": 6, "declared_date": date(2024, 11, 1)})
    view = monitoring.school_view(_user(world, "school_user"), school, 2025, "graduates")
    assert [r.category for r in view["not_taught"]] == ["电子与信息大类"]
    with pytest.raises(NotAllowed):
        monitoring.school_view(_user(world, "ent_user"), school, 2025)


def test_industry_demand_is_weighted_by_employees(ctx, world):
    consortium, _admin = _world(world)
    ent = db.session.get(Member, world.enterprise)
    ent.industry_code = "3491"  # 工业机器人制造 → 大类 34 → 机械设计制造类 → 装备制造大类
    db.session.add_all([EnterpriseYear(member_id=ent.id, year=2025, employees=300),
                        EnterpriseYear(member_id=world.other_enterprise, year=2025, employees=100)])
    db.session.flush()
    demand = monitoring.demand_counts(consortium.id, 2025, "industry", monitoring.consortium_mapping(consortium.id))
    assert demand == {"装备制造大类": 300.0, "财经商贸大类": 100.0}


def test_corrections_are_kept_and_used(ctx, world):
    consortium, admin = _world(world)
    monitoring.correct_name(admin, consortium, "护理", "健康管理与促进类", "本校护理方向为康养")
    monitoring.correct_class(admin, consortium, "健康管理与促进类", "Q", "85")
    db.session.commit()
    assert db.session.query(MappingCorrection).count() == 2
    placed = monitoring.majors_in_use(admin, consortium.id)
    nursing = next(r for r in placed if r["name"] == "护理")["placement"]
    assert (nursing.class_name, nursing.division, nursing.how) == ("健康管理与促进类", "85", "correction")
    with pytest.raises(ValidationError):
        monitoring.correct_class(admin, consortium, "健康管理与促进类", "Q", "34")  # 34 is not in 门类 Q
    with pytest.raises(NotAllowed):
        monitoring.correct_class(_user(world, "school_user"), consortium, "护理类", "Q")


def test_adjustments_record_cited_figures(ctx, world):
    consortium, _admin = _world(world)
    school_user = _user(world, "school_user")
    cited = monitoring.cited_figures(consortium.id, 2025, "机电一体化技术")
    assert "装备制造大类" in cited and "匹配指数 66.7" in cited
    row = monitoring.record_adjustment(school_user, consortium, {"year": 2025, "major": "机电一体化技术",
                                                                 "action": "enlarge", "reason": "需求缺口大",
                                                                 "cited": cited})
    assert row.school_id == world.school and row.action_label
    with pytest.raises(NotAllowed):
        monitoring.record_adjustment(_user(world, "ent_user"), consortium, {
            "school_id": world.school, "year": 2025, "major": "x", "action": "open", "reason": "y"})


def test_events_count_participants_offers_and_placements(ctx, world):
    consortium, admin = _world(world)
    position = factories.make_position(world.enterprise, slots=3)
    event = events.save_event(admin, consortium, {"kind": "job_fair", "title": "秋季双选会", "date": date(2025, 11, 8),
                                                  "place": "学院体育馆", "enterprise_ids": [world.other_enterprise],
                                                  "position_ids": [position.id]})
    assert {m.id for m in event.enterprises} == {world.enterprise, world.other_enterprise}  # the position's too
    students = factories.make_student(world.school, student_no="A1"), factories.make_student(world.school,
                                                                                            student_no="A2")
    assert events.add_attendees(_user(world, "school_user"), event, "A1\nA2、A1") == 2
    with pytest.raises(ValidationError):  # all or nothing: an unknown number writes nothing
        events.add_attendees(admin, event, "A1 NOPE")
    events.add_offer(_user(world, "ent_user"), event, {"enterprise_id": world.enterprise, "student_no": "A1",
                                                       "position_id": position.id})
    with pytest.raises(ValidationError):
        events.add_offer(admin, event, {"enterprise_id": world.enterprise, "student_no": "A1"})
    placement = Placement(position_id=position.id, student_id=students[0].id, status="accepted",
                          start_date=date(2025, 12, 1), source="record")
    db.session.add(placement)
    db.session.flush()
    events.link_placement(admin, event, placement.id)
    events.save_event(admin, consortium, {"kind": "open_day", "title": "企业开放日", "date": date(2026, 4, 1),
                                          "place": "甲公司", "enterprise_ids": [world.enterprise]})
    counts = {c.year: c for c in events.yearly_counts(admin, consortium.id, [2025, 2026])}
    assert (counts[2025].events, counts[2025].enterprises, counts[2025].attendees, counts[2025].offers,
            counts[2025].placements) == (1, 2, 2, 1, 1)
    assert (counts[2026].events, counts[2026].enterprises, counts[2026].attendees) == (1, 1, 0)
    with pytest.raises(NotAllowed):
        events.save_event(_user(world, "ent_user"), consortium, {"kind": "job_fair", "title": "x",
                                                                 "date": date(2025, 1, 1), "place": "y"})


def test_outcome_rates_from_records_and_drill_down(ctx, world):
    consortium, admin = _world(world)
    position = factories.make_position(world.enterprise, slots=5, start_date=date(2024, 9, 1),
                                       end_date=date(2025, 5, 31))
    grads = [factories.make_student(world.school, major="数控技术", graduation_year=2024, outcome=o, outcome_city=c)
             for o, c in (("employed", "郑州市"), ("employed", "洛阳市"), ("further_study_exam", None),
                          ("unemployed", None))]
    grads[0].outcome_employer_id = world.enterprise
    db.session.add(Placement(position_id=position.id, student_id=grads[0].id, status="completed",
                             start_date=date(2024, 9, 1), end_date=date(2025, 5, 31), source="record"))
    db.session.flush()
    page = outcomes.outcome_page(admin, consortium, 2024)
    o = page["overall"]
    assert (o.graduates, o.employment_rate, o.local_rate, o.further_study_rate, o.to_internship_enterprise) == \
        (4, 75.0, 50.0, 25.0, 1)
    assert page["employers"] == [("甲智能装备有限公司", 1)]
    assert [s.student_no for s in outcomes.drill(_user(world, "school_user"), consortium, 2024, world.school,
                                                 "数控技术")] == sorted(g.student_no for g in grads)
    with pytest.raises(NotAllowed):
        outcomes.outcome_page(_user(world, "ent_user"), consortium, 2024)


def test_pages_for_school_and_enterprise(app, world):
    with app.app_context():
        _world(world)
        db.session.commit()
    school = Browser(app.test_client())
    school.login("school")
    r = school.get("/supply/", follow_redirects=True)
    assert r.status_code == 200 and r.request.path == f"/supply/schools/{world.school}/alignment"
    r = school.get(f"/supply/schools/{world.school}/alignment?year=2025&supply=graduates")
    assert "本校专业" in r.text and "机电一体化技术" in r.text and "医药卫生大类" in r.text
    assert school.get("/supply/outcomes?year=2025").status_code == 200
    ent = Browser(app.test_client())
    ent.login("ent_a")
    assert ent.get(f"/supply/schools/{world.school}/alignment").status_code == 403
    assert ent.get("/supply/outcomes").status_code == 403
    for url in ("/supply/alignment?year=2025", "/supply/forecasts", "/supply/events", "/supply/reports",
                "/supply/mapping", "/supply/industries"):
        assert ent.get(url).status_code == 200, url


def test_api_alignment_reports_events_outcomes(app, world, api):
    with app.app_context():
        _world(world)
        db.session.commit()
    admin, school, ent = api("admin"), api("school"), api("ent_a")
    r = admin.get("/api/v1/alignment?year=2025")
    assert r.status_code == 200 and r.json["index"] == 66.7
    assert {row["category"]: row["flag"] for row in r.json["rows"]}["装备制造大类"] == "under"
    assert admin.get("/api/v1/alignment?year=abc").status_code == 422
    assert school.get(f"/api/v1/alignment?year=2025&school_id={world.school}&supply=graduates").json["index"] == 66.7
    assert ent.get(f"/api/v1/alignment?year=2025&school_id={world.school}").status_code == 403

    r = admin.post("/api/v1/talent-reports", json={"year": 2025})
    assert r.status_code == 201 and r.json["version"] == 1 and r.json["published_date"] is None
    rid = r.json["id"]
    assert school.get(f"/api/v1/talent-reports/{rid}").status_code == 404  # a draft is the secretariat's
    assert admin.post(f"/api/v1/talent-reports/{rid}/publish", json={"published_date": "2025-12-01"}).status_code == 200
    r = admin.patch(f"/api/v1/talent-reports/{rid}", json={"narrative": "第二版"})
    assert r.json["version"] == 2 and r.json["published_date"] is None
    seen = school.get(f"/api/v1/talent-reports/{rid}").json
    assert seen["version"] == 1 and [v["number"] for v in seen["versions"]] == [1]
    assert admin.post(f"/api/v1/talent-reports/{rid}/publish", json={"published_date": "2025-11-01"}).status_code == 422
    assert ent.patch(f"/api/v1/talent-reports/{rid}", json={"narrative": "x"}).status_code == 403

    r = admin.post("/api/v1/events", json={"kind": "job_fair", "title": "双选会", "date": "2025-11-08", "place": "体育馆",
                                           "enterprise_ids": [world.enterprise]})
    assert r.status_code == 201, r.text
    bad = admin.post("/api/v1/events", json={"kind": "party", "title": "x", "date": "2025-11-08", "place": "y"})
    assert bad.status_code == 422 and "kind" in bad.json["error"]["fields"]
    counts = {c["year"]: c for c in admin.get("/api/v1/events/counts").json["items"]}
    assert counts[2025]["events"] == 1 and counts[2025]["enterprises"] == 1

    r = school.get("/api/v1/outcomes?year=2025")
    assert r.status_code == 200 and r.json["overall"]["graduates"] == 12
    assert ent.get("/api/v1/outcomes?year=2025").status_code == 403
