"""The engagements API: same rules as the pages, JSON error bodies, the OpenAPI document."""


def _body(ex_ids, **kw):
    return {"teacher_id": ex_ids.expert, "host_id": ex_ids.school, "course": "数控编程", "start_date": "2024-03-01",
            "class_hours": 24, **kw}


def test_create_confirm_and_log(api, ex_ids):
    ent = api("ent_a")
    r = ent.post("/api/v1/engagements", json=_body(ex_ids))
    assert r.status_code == 201, r.text
    eid = r.json["id"]
    assert r.json["kind"] == "enterprise_part_time" and r.json["total_hours"] == 24
    assert r.json["hours_source"] == "declared" and r.json["confirmed_by_host"] is False

    assert ent.post(f"/api/v1/engagements/{eid}/confirm").status_code == 403
    school = api("school")
    r = school.post(f"/api/v1/engagements/{eid}/confirm")
    assert r.status_code == 200 and r.json["confirmed_by_host"] is True

    r = school.post(f"/api/v1/engagements/{eid}/sessions", json={"date": "2024-03-05", "hours": 4, "topic": "G 代码"})
    assert r.status_code == 201 and r.json["engagement"]["total_hours"] == 4
    assert r.json["engagement"]["confirmed_by_host"] is True  # the host's own log keeps its confirmation

    r = ent.patch(f"/api/v1/engagements/{eid}", json={"course": "数控编程（进阶）"})
    assert r.status_code == 200 and r.json["confirmed_by_host"] is False
    assert [s["topic"] for s in ent.get(f"/api/v1/engagements/{eid}").json["sessions"]] == ["G 代码"]


def test_cross_organization_refused(api, ex_ids):
    eid = api("ent_a").post("/api/v1/engagements", json=_body(ex_ids)).json["id"]
    other = api("ent_b")
    assert other.get(f"/api/v1/engagements/{eid}").status_code == 404
    r = other.patch(f"/api/v1/engagements/{eid}", json={"course": "x"})
    assert r.status_code == 404 and r.json["error"]["code"] == "not_found"
    r = other.post("/api/v1/engagements", json=_body(ex_ids, start_date="2024-04-01"))
    assert r.status_code == 422 and "teacher_id" in r.json["error"]["fields"]
    assert api("school_b").post(f"/api/v1/engagements/{eid}/confirm").status_code == 404
    assert other.get("/api/v1/engagements").json["total"] == 0
    assert api("school").get("/api/v1/engagements?side=received").json["total"] == 1
    assert api("admin").get("/api/v1/engagements").json["total"] == 1


def test_validation_errors(api, ex_ids):
    ent = api("ent_a")
    r = ent.post("/api/v1/engagements", json=_body(ex_ids, host_id=ex_ids.other_enterprise, end_date="2024-01-01",
                                                   class_hours="abc"))
    assert r.status_code == 422 and "class_hours" in r.json["error"]["fields"]
    r = ent.post("/api/v1/engagements", json=_body(ex_ids, host_id=ex_ids.other_enterprise, end_date="2024-01-01"))
    assert r.status_code == 422 and {"host_id", "end_date"} <= set(r.json["error"]["fields"])
    eid = ent.post("/api/v1/engagements", json=_body(ex_ids, end_date="2024-06-30")).json["id"]
    r = ent.post(f"/api/v1/engagements/{eid}/sessions", json={"date": "2024-07-01", "hours": 2})
    assert r.status_code == 422 and "date" in r.json["error"]["fields"]


def test_openapi_lists_engagements(client):
    doc = client.get("/api/v1/openapi.json").json
    assert {"get", "post"} <= set(doc["paths"]["/engagements"])
    assert "post" in doc["paths"]["/engagements/{engagement_id}/confirm"]
    assert "Engagement" in doc["components"]["schemas"]


def test_date_times_carry_their_offset(api, ex_ids):
    eid = api("ent_a").post("/api/v1/engagements", json=_body(ex_ids)).json["id"]
    r = api("school").post(f"/api/v1/engagements/{eid}/confirm")
    assert r.status_code == 200 and r.json["confirmed_at"].endswith("+08:00")


def test_hours_are_checked_after_rounding(api, ex_ids, app):
    """0.01 h rounds to 0.0 (refused, not a CHECK violation at flush); 99999.96 declared rounds past the column."""
    ent = api("ent_a")
    eid = ent.post("/api/v1/engagements", json=_body(ex_ids)).json["id"]
    r = ent.post(f"/api/v1/engagements/{eid}/sessions", json={"date": "2024-03-05", "hours": 0.01})
    assert r.status_code == 422 and list(r.json["error"]["fields"]) == ["hours"]
    assert r.json["error"]["code"] == "validation_error"
    r = ent.post(f"/api/v1/engagements/{eid}/sessions", json={"date": "2024-03-05", "hours": 0.06})
    assert r.status_code == 201 and r.json["hours"] == 0.1
    r = ent.patch(f"/api/v1/engagements/{eid}", json={"class_hours": 99999.96})
    assert r.status_code == 422 and list(r.json["error"]["fields"]) == ["class_hours"]
    r = ent.patch(f"/api/v1/engagements/{eid}", json={"class_hours": 99999.9})
    assert r.status_code == 200 and r.json["class_hours"] == 99999.9, r.text


def test_session_hours_rounding_in_the_service(ex):
    """The service itself rounds first, whoever calls it (pages, API, imports): 0.04 h is 0.0 h, refused."""
    from decimal import Decimal

    import pytest

    from consortium.errors import ValidationError
    from consortium.teachers import services
    from tests.teachers.test_services import _new

    e = _new(ex.w.ent_user, ex.expert, ex.w.school)
    with pytest.raises(ValidationError) as caught:
        services.log_session(ex.w.ent_user, e, {"date": e.start_date, "hours": Decimal("0.04")})
    assert "hours" in caught.value.fields
    with pytest.raises(ValidationError) as caught:
        services.update_engagement(ex.w.ent_user, e, {"class_hours": Decimal("99999.96")})
    assert "class_hours" in caught.value.fields
