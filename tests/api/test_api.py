"""The JSON API: tokens, the error body, permissions equal to the pages', OpenAPI."""
from datetime import date

from consortium.extensions import db
from consortium.members.models import Member


def test_token_needed(client, world):
    r = client.get("/api/v1/members")
    assert r.status_code == 401 and r.json["error"]["code"] == "unauthorized"
    r = client.get("/api/v1/members", headers={"Authorization": "Bearer nonsense"})
    assert r.status_code == 401


def test_token_for_bad_password(client, world):
    r = client.post("/api/v1/tokens", json={"username": "admin", "password": "nope"})
    assert r.status_code == 401 and set(r.json["error"]) == {"code", "message", "fields"}


def test_bad_json_gets_error_body(client, world, api):
    r = client.post("/api/v1/tokens", data="{not json", content_type="application/json")
    assert r.status_code == 400 and r.json["error"]["code"] == "bad_request"
    admin = api("admin")
    r = admin.post("/api/v1/members", data="[1, 2", content_type="application/json")
    assert r.status_code == 400 and "message" in r.json["error"]
    r = admin.post("/api/v1/members", json=[1, 2])
    assert r.status_code == 400


def test_invalid_fields_get_422_with_every_field(api, world, app):
    admin = api("admin")
    r = admin.post("/api/v1/members", json={"name": "甲智能装备有限公司", "type": "spaceship", "joined_date": "2024-13-01",
                                            "students": "many", "colour": "blue"})
    assert r.status_code == 422
    fields = r.json["error"]["fields"]
    assert set(fields) >= {"joined_date", "students", "colour"}
    assert r.json["error"]["code"] == "invalid_input"
    # The declared shape is checked first (invalid_input), then the service's rules (validation_error).
    r = admin.post("/api/v1/members", json={"name": "甲智能装备有限公司", "type": "spaceship", "joined_date": "2024-01-01"})
    assert r.status_code == 422 and set(r.json["error"]["fields"]) == {"type"}
    r = admin.post("/api/v1/members", json={"name": "甲智能装备有限公司", "type": "enterprise", "joined_date": "2024-01-01"})
    assert r.status_code == 422 and set(r.json["error"]["fields"]) == {"name"}
    assert r.json["error"]["code"] == "validation_error"
    with app.app_context():
        assert db.session.query(Member).count() == 3


def test_admin_crud_members(api, world, app):
    admin = api("admin")
    r = admin.post("/api/v1/members", json={"name": "丙职业中专", "type": "secondary_vocational", "students": 1200,
                                            "joined_date": "2024-02-01"})
    assert r.status_code == 201
    mid = r.json["id"]
    assert r.json["role"] == "member" and r.json["students"] == 1200
    r = admin.patch(f"/api/v1/members/{mid}", json={"students": 1300})
    assert r.status_code == 200 and r.json["students"] == 1300
    r = admin.post(f"/api/v1/members/{mid}/leave", json={"left_date": "2025-01-31"})
    assert r.json["left_date"] == "2025-01-31"
    r = admin.get("/api/v1/members?type=secondary_vocational")
    assert r.json["total"] == 1 and r.json["items"][0]["name"] == "丙职业中专"
    r = admin.get("/api/v1/members?year=2026")
    assert "丙职业中专" not in [m["name"] for m in r.json["items"]]


def test_enterprise_gets_403_on_admin_and_other_enterprise(api, world):
    ent = api("ent_a")
    assert ent.post("/api/v1/members", json={"name": "x", "type": "enterprise", "joined_date": "2024-01-01"}).status_code == 403
    assert ent.patch("/api/v1/consortium", json={"name": "改"}).status_code == 403
    assert ent.get(f"/api/v1/members/{world.other_enterprise}/years").status_code == 403
    assert ent.put(f"/api/v1/members/{world.other_enterprise}/years/2024", json={"employees": 10}).status_code == 403
    assert ent.post(f"/api/v1/members/{world.other_enterprise}/leave", json={"left_date": "2024-01-01"}).status_code == 403
    r = ent.put(f"/api/v1/members/{world.enterprise}/years/2024", json={"employees": 10, "sales": "123.45"})
    assert r.status_code == 200 and r.json == {"year": 2024, "employees": 10, "assets": None, "sales": 123.45,
                                               "main_revenue": None, "coop_benefit": None}
    assert ent.get(f"/api/v1/members/{world.enterprise}/years").json["items"][0]["employees"] == 10


def test_other_consortium_is_not_found(api, world, app):
    from tests import factories

    with app.app_context():
        other = factories.make_consortium(name="洛阳联合体")
        mid = factories.make_member(other, name="洛阳企业").id
        db.session.commit()
    assert api("ent_a").get(f"/api/v1/members/{mid}").status_code == 404
    assert api("admin").get(f"/api/v1/members/{mid}").status_code == 403


def test_consortium_profile(api, world):
    admin = api("admin")
    r = admin.patch("/api/v1/consortium", json={"park_name": "郑州经开区", "established_date": "2023-06-28",
                                                "office_area": 120.5})
    assert r.status_code == 200 and r.json["park_name"] == "郑州经开区" and r.json["office_area"] == 120.5
    assert api("school").get("/api/v1/consortium").json["established_date"] == "2023-06-28"
    assert api("stu").get("/api/v1/consortium").status_code == 403


def test_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    assert "/members" in doc["paths"] and "get" in doc["paths"]["/members"]
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert "Error" in doc["components"]["schemas"]


def test_api_changes_are_committed(api, world, app):
    api("admin").patch(f"/api/v1/members/{world.school}", json={"students": 9100, "joined_date": "2022-09-01"})
    with app.app_context():
        member = db.session.get(Member, world.school)
        assert member.students == 9100 and member.joined_date == date(2022, 9, 1)
