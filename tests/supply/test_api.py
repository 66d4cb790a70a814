"""The supply-and-demand API as a contract: declared shapes refuse bad input naming the field, responses match
their declared models, and every API route (supply's and supervision's included) is in the document."""
import importlib.util

import pytest

from consortium.api import supply as declared
from consortium.extensions import db
from tests.supply.test_monitoring import _world


def test_every_api_route_is_a_declared_operation(app, client):
    """No API view bypasses the contract: each route is in OPERATIONS and so in the document and the fuzz run."""
    from consortium.api.contract import OPERATIONS

    assert importlib.util.find_spec("consortium.api.unported") is None
    declared_ops = {(op.endpoint, op.method.upper()) for op in OPERATIONS}
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes - declared_ops == {("api.openapi", "GET")}
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path, method in [("/demand-forecasts", "get"), ("/demand-forecasts/{forecast_id}", "patch"),
                         ("/members/{member_id}/industry", "put"), ("/alignment", "get"),
                         ("/talent-reports/{report_id}/publish", "post"), ("/events/{event_id}/attendees", "post"),
                         ("/events/counts", "get"), ("/outcomes", "get"), ("/interns", "get"),
                         ("/logs/{log_id}/comment", "post")]:
        assert paths[path][method]["tags"] in (["supply"], ["supervision"]), (path, method)


def test_declared_request_shapes(client):
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    forecast = schemas["DemandForecastCreate"]
    assert set(forecast["required"]) == {"year", "occupation", "level", "headcount"}
    assert forecast["additionalProperties"] is False
    assert forecast["properties"]["occupation"]["maxLength"] == 100
    assert forecast["properties"]["level"]["enum"] == ["secondary_vocational", "junior_college", "undergraduate"]
    assert (forecast["properties"]["headcount"]["minimum"], forecast["properties"]["headcount"]["maximum"]) == (1, 100000)
    event = schemas["MatchmakingEventCreate"]["properties"]
    assert event["kind"]["enum"] == ["job_fair", "campus_day", "open_day", "other"]
    assert event["title"]["maxLength"] == 200
    figures = schemas["TalentReport"]["properties"]["figures"]
    assert figures == {"$ref": "#/components/schemas/ReportFigures"}


@pytest.mark.parametrize("payload, field", [
    ({"headcount": 0}, "headcount"), ({"headcount": "many"}, "headcount"), ({"month": 13}, "month"),
    ({"level": "doctor"}, "level"), ({"year": 2101}, "year"), ({"majors": ["x" * 101]}, "majors"),
    ({"declared_date": "2025-13-01"}, "declared_date"), ({"enterprise_id": 2**31}, "enterprise_id"),
    ({"colour": "blue"}, "colour"),
])
def test_demand_forecast_fields_are_checked(api, world, payload, field):
    body = {"year": 2026, "occupation": "电工", "level": "junior_college", "headcount": 3, **payload}
    r = api("ent_a").post("/api/v1/demand-forecasts", json=body)
    assert r.status_code == 422 and r.json["error"]["code"] == "invalid_input", r.text
    assert list(r.json["error"]["fields"]) == [field]


@pytest.mark.parametrize("url, field", [
    ("/api/v1/alignment?supply=everyone", "supply"), ("/api/v1/alignment?demand=wishes", "demand"),
    ("/api/v1/alignment?year=10000", "year"), ("/api/v1/alignment?school_id=abc", "school_id"),
    ("/api/v1/demand-forecasts?enterprise_id=x", "enterprise_id"), ("/api/v1/demand-forecasts?per_page=201", "per_page"),
    ("/api/v1/events?year=0", "year"), ("/api/v1/outcomes?year=abc", "year"),
])
def test_query_values_are_refused_not_ignored(api, world, url, field):
    r = api("admin").get(url)
    assert r.status_code == 422 and list(r.json["error"]["fields"]) == [field], r.text


def test_other_bodies_are_checked(api, world):
    admin = api("admin")
    r = admin.put(f"/api/v1/members/{world.enterprise}/industry", json={"industry_code": 34})
    assert r.status_code == 422 and list(r.json["error"]["fields"]) == ["industry_code"]
    r = admin.post("/api/v1/events", json={"kind": "job_fair", "title": "双选会", "date": "2025-11-08", "place": "馆",
                                           "enterprise_ids": ["甲"]})
    assert r.status_code == 422 and list(r.json["error"]["fields"]) == ["enterprise_ids.0"]
    for organizer in (2**31 - 1, world.enterprise):  # no such member; not a school
        r = admin.post("/api/v1/events", json={"kind": "job_fair", "title": "双选会", "date": "2025-11-08",
                                               "place": "体育馆", "organizer_id": organizer})
        assert r.status_code == 422 and r.json["error"]["fields"] == {"organizer_id": "请选择本联合体的成员学校"}
    event = admin.post("/api/v1/events", json={"kind": "job_fair", "title": "双选会", "date": "2025-11-08",
                                               "place": "体育馆", "organizer_id": world.school}).json
    assert event["organizer_id"] == world.school
    r = admin.post(f"/api/v1/events/{event['id']}/attendees", json={})
    assert r.status_code == 422 and r.json["error"]["fields"] == {"student_nos": "必填"}
    r = admin.post(f"/api/v1/events/{event['id']}/attendees", json={"student_nos": " "})
    assert r.status_code == 422 and r.json["error"]["code"] == "validation_error"
    assert admin.post("/api/v1/talent-reports", json={"year": "2025"}).status_code == 422
    # An empty publish body is allowed (today); anything else must be an object.
    rid = admin.post("/api/v1/talent-reports", json={"year": 2025}).json["id"]
    assert admin.get(f"/api/v1/talent-reports/{rid}?version=abc").json["error"]["fields"] == {"version": "应为整数"}
    assert admin.post(f"/api/v1/talent-reports/{rid}/publish", data="[]",
                      content_type="application/json").status_code == 400
    r = admin.patch(f"/api/v1/talent-reports/{rid}", json={"title": "新标题"})
    assert r.status_code == 422 and r.json["error"]["fields"] == {"narrative": "必填"}
    assert admin.post(f"/api/v1/talent-reports/{rid}/publish").status_code == 200


def test_responses_match_their_declared_models(app, world, api):
    with app.app_context():
        _world(world)
        db.session.commit()
    admin, school = api("admin"), api("school")
    page = admin.get("/api/v1/demand-forecasts?year=2025").json
    assert page["total"] == 2
    for item in page["items"]:
        declared.DemandForecastOut.model_validate(item)
    one = declared.DemandForecastOut.model_validate(admin.get(f"/api/v1/demand-forecasts/{page['items'][0]['id']}").json)
    assert one.year == 2025
    r = admin.patch(f"/api/v1/demand-forecasts/{one.id}", json={"month": 9, "skills": "PLC编程、电气识图"})
    assert r.status_code == 200 and r.json["skills"] == ["PLC编程", "电气识图"] and r.json["month"] == 9
    assert admin.delete(f"/api/v1/demand-forecasts/{one.id}").status_code == 204
    alignment = declared.AlignmentOut.model_validate(admin.get("/api/v1/alignment?year=2025&demand=positions").json)
    assert alignment.year == 2025
    report = admin.post("/api/v1/talent-reports", json={"year": 2025}).json
    parsed = declared.TalentReportOut.model_validate(report)
    assert parsed.figures.year == 2025 and parsed.figures.totals.lines == 1
    admin.post(f"/api/v1/talent-reports/{report['id']}/publish", json={"published_date": "2025-12-01"})
    listed = school.get("/api/v1/talent-reports").json["items"]
    assert [declared.TalentReportOut.model_validate(x).version for x in listed] == [1]
    event = admin.post("/api/v1/events", json={"kind": "open_day", "title": "开放日", "date": "2025-05-20",
                                               "place": "甲企业", "enterprise_ids": [world.enterprise]}).json
    declared.MatchmakingEventOut.model_validate(event)
    numbers = [x["student_no"] for x in admin.get(f"/api/v1/students?school_id={world.school}").json["items"][:2]]
    r = admin.post(f"/api/v1/events/{event['id']}/attendees", json={"student_nos": numbers})
    assert declared.EventAttendeesOut.model_validate(r.json).added == 2
    r = admin.post(f"/api/v1/events/{event['id']}/attendees", json={"student_nos": "，".join(numbers)})
    assert r.json == {"added": 0, "attendees": 2}
    for x in admin.get("/api/v1/events?year=2025").json["items"]:
        declared.MatchmakingEventOut.model_validate(x)
    for x in admin.get("/api/v1/events/counts").json["items"]:
        declared.EventCountsOut.model_validate(x)
    outcomes = declared.OutcomesOut.model_validate(school.get("/api/v1/outcomes?year=2025").json)
    assert outcomes.overall.graduates == 12 and outcomes.schools[0].school_id == world.school
