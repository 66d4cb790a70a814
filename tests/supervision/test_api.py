"""The supervision API at the contract's paths, with the same permissions as the pages."""
from consortium.timeutil import today


def test_log_countersign_flow_over_the_api(api, s_ids):
    stu, mentor, sup = api("stu"), api("mentor_a"), api("sup")
    r = stu.post(f"/api/v1/placements/{s_ids.p_a}/logs", json={"body": "今天学习了设备点检。"})
    assert r.status_code == 201, r.text
    log = r.json
    assert log["status"] == "submitted" and not log["locked"]
    assert stu.post(f"/api/v1/placements/{s_ids.p_a}/logs", json={"bod": "x"}).json["error"]["fields"] == {
        "bod": "未知字段", "body": "必填"}
    r = mentor.post(f"/api/v1/logs/{log['id']}/countersign", json={"decision": "maybe"})
    assert r.status_code == 422 and "decision" in r.json["error"]["fields"]
    assert api("mentor_b").post(f"/api/v1/logs/{log['id']}/countersign",
                                json={"decision": "approve"}).status_code == 404
    r = mentor.post(f"/api/v1/logs/{log['id']}/countersign", json={"decision": "approve", "comment": "好"})
    assert r.status_code == 200 and r.json["locked"] is True
    assert stu.patch(f"/api/v1/logs/{log['id']}", json={"body": "改"}).status_code == 409
    assert sup.post(f"/api/v1/logs/{log['id']}/comment", json={"comment": "不错"}).json["supervisor_comment"] == "不错"
    listed = stu.get(f"/api/v1/placements/{s_ids.p_a}/logs").json
    assert [x["id"] for x in listed["items"]] == [log["id"]] and "overdue" in listed
    assert api("stu2").get(f"/api/v1/placements/{s_ids.p_a}/logs").status_code == 404


def test_checkin_code_and_checkins(api, s_ids):
    mentor, stu = api("mentor_a"), api("stu")
    assert stu.get(f"/api/v1/placements/{s_ids.p_a}/checkin-code").status_code == 403
    assert api("mentor_b").get(f"/api/v1/placements/{s_ids.p_a}/checkin-code").status_code == 404
    shown = mentor.get(f"/api/v1/placements/{s_ids.p_a}/checkin-code").json
    assert len(shown["code"]) == 6 and shown["expires_at"].endswith("+08:00")
    other = api("mentor_b").get(f"/api/v1/placements/{s_ids.p_b}/checkin-code").json["code"]
    r = stu.post(f"/api/v1/placements/{s_ids.p_a}/checkins", json={"code": other, "lat": 34.7, "lng": 113.6})
    if other != shown["code"]:  # (one in a million the two sites share a code in this window)
        assert r.status_code == 422 and r.json["error"]["code"] == "checkin_code_invalid"
    r = stu.post(f"/api/v1/placements/{s_ids.p_a}/checkins", json={"code": "abc"})
    assert r.status_code == 422 and r.json["error"]["code"] == "checkin_code_invalid"
    r = stu.post(f"/api/v1/placements/{s_ids.p_a}/checkins", json={"code": shown["code"], "lat": "x"})
    assert r.status_code == 422 and r.json["error"]["fields"] == {"lat": "应为数字"}
    fresh = mentor.get(f"/api/v1/placements/{s_ids.p_a}/checkin-code").json["code"]
    r = stu.post(f"/api/v1/placements/{s_ids.p_a}/checkins", json={"code": fresh, "lat": 34.75, "lng": 113.66})
    assert r.status_code == 201, r.text
    assert r.json["kind"] == "in" and r.json["flags"] == []
    assert mentor.post(f"/api/v1/placements/{s_ids.p_a}/checkins", json={"code": fresh}).status_code == 403


def test_evaluations_and_incidents_over_the_api(api, s_ids):
    mentor, sup, stu = api("mentor_a"), api("sup"), api("stu")
    rubric = mentor.get(f"/api/v1/placements/{s_ids.p_a}/evaluations").json["rubric"]
    scores = {item["name"]: 80 for item in rubric}
    r = mentor.post(f"/api/v1/placements/{s_ids.p_a}/evaluations", json={"scores": scores, "comment": "踏实"})
    assert r.status_code == 201 and r.json["score"] == 80.0
    assert mentor.post(f"/api/v1/placements/{s_ids.p_a}/evaluations",
                       json={"scores": {"x": "high"}}).status_code == 422
    sup.post(f"/api/v1/placements/{s_ids.p_a}/evaluations", json={"score": 90})
    body = stu.get(f"/api/v1/placements/{s_ids.p_a}/evaluations").json
    assert body["final_grade"] == 84.0 and body["waived"] is False
    r = stu.post(f"/api/v1/placements/{s_ids.p_a}/incidents", json={
        "occurred_on": today().isoformat(), "kind": "wage", "description": "工资晚发"})
    assert r.status_code == 201 and r.json["status"] == "open"
    r = stu.post(f"/api/v1/placements/{s_ids.p_a}/incidents", json={"occurred_on": "昨天", "kind": "wage"})
    assert r.status_code == 422 and "occurred_on" in r.json["error"]["fields"]
    assert len(api("admin").get(f"/api/v1/placements/{s_ids.p_a}/incidents").json["items"]) == 1
    assert api("ent_b").get(f"/api/v1/placements/{s_ids.p_a}/incidents").status_code == 404


def test_openapi_documents_the_supervision_paths(client):
    doc = client.get("/api/v1/openapi.json").json
    for path, method in [("/placements/{placement_id}/logs", "post"), ("/logs/{log_id}/countersign", "post"),
                         ("/placements/{placement_id}/checkin-code", "get"),
                         ("/placements/{placement_id}/checkins", "post"),
                         ("/placements/{placement_id}/evaluations", "get"),
                         ("/placements/{placement_id}/incidents", "post")]:
        assert method in doc["paths"][path]
    assert doc["components"]["schemas"]["Countersign"]["properties"]["decision"]["enum"] == ["approve", "return"]
    body = doc["paths"]["/placements/{placement_id}/checkins"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/CheckinInput"}


def test_inputs_are_checked_against_the_declared_shape(api, s_ids):
    """Ranges, enums and lengths refused as invalid_input naming the field, before any rule runs."""
    stu, mentor, sup = api("stu"), api("mentor_a"), api("sup")
    base = f"/api/v1/placements/{s_ids.p_a}"
    for payload, field in [({"code": "123456", "lat": 91}, "lat"), ({"code": "123456", "lng": -180.5}, "lng"),
                           ({"code": "123456", "kind": "lunch"}, "kind"), ({"code": 123456}, "code"),
                           ({"code": "123456", "device": "d" * 65}, "device"), ({}, "code")]:
        r = stu.post(f"{base}/checkins", json=payload)
        assert r.status_code == 422 and r.json["error"]["code"] == "invalid_input", (payload, r.text)
        assert list(r.json["error"]["fields"]) == [field], (payload, r.json)
    for payload, field in [({"score": 100.5}, "score"), ({"score": -1}, "score"), ({"satisfaction": 6}, "satisfaction"),
                           ({"scores": {"专业技能": 101}}, "scores"), ({"kind": "boss"}, "kind")]:
        r = sup.post(f"{base}/evaluations", json=payload)
        assert r.status_code == 422 and list(r.json["error"]["fields"]) == [field], (payload, r.json)
    r = stu.post(f"{base}/logs", json={"body": "x" * 5001})
    assert r.status_code == 422 and r.json["error"]["fields"] == {"body": "不超过 5000 个字符"}
    r = stu.post(f"{base}/logs", json={"body": "写了", "day": "2025-02-30"})
    assert r.status_code == 422 and list(r.json["error"]["fields"]) == ["day"]
    r = stu.post(f"{base}/incidents", json={"occurred_on": today().isoformat(), "kind": "fire", "severity": "huge",
                                            "description": "x"})
    assert r.status_code == 422 and set(r.json["error"]["fields"]) == {"kind", "severity"}
    log = stu.post(f"{base}/logs", json={"body": "今天学习了设备点检。"}).json
    r = mentor.post(f"/api/v1/logs/{log['id']}/countersign", json={"decision": "return", "comment": "长" * 1001})
    assert r.status_code == 422 and list(r.json["error"]["fields"]) == ["comment"]
    # A blank comment is a rule, not a shape: the service says what is missing.
    r = mentor.post(f"/api/v1/logs/{log['id']}/countersign", json={"decision": "return", "comment": " "})
    assert r.status_code == 422 and r.json["error"]["code"] == "validation_error"
    assert r.json["error"]["fields"] == {"comment": "退回时请说明原因"}
    assert sup.post(f"/api/v1/logs/{log['id']}/comment", json={}).json["error"]["fields"] == {"comment": "必填"}
    assert stu.patch(f"/api/v1/logs/{log['id']}", json={"body": "改", "day": "2025-01-01"}).status_code == 422


def test_responses_match_their_declared_models(api, s_ids):
    """What the views return is what the document says (the fuzzer holds every response to this too)."""
    from consortium.api import supervision as declared

    mentor, stu = api("mentor_a"), api("stu")
    base = f"/api/v1/placements/{s_ids.p_a}"
    code = mentor.get(f"{base}/checkin-code").json
    declared.CheckinCodeOut.model_validate(code)
    checkin = stu.post(f"{base}/checkins", json={"code": code["code"], "device": "phone-1"}).json
    assert declared.CheckInOut.model_validate(checkin).flags == ["no_location"]
    assert checkin["at"].endswith("+08:00")
    stu.post(f"{base}/logs", json={"body": "第一篇"})
    logs = declared.LogListOut.model_validate(stu.get(f"{base}/logs").json)
    assert logs.items[0].submitted_at.utcoffset().total_seconds() == 8 * 3600
    declared.EvaluationsOut.model_validate(stu.get(f"{base}/evaluations").json)
    stu.post(f"{base}/incidents", json={"occurred_on": today().isoformat(), "kind": "other", "description": "记录"})
    incidents = declared.IncidentOut.model_validate(stu.get(f"{base}/incidents").json["items"][0])
    assert incidents.severity == "minor" and incidents.handling is None
    interns = mentor.get("/api/v1/interns").json["items"]
    assert [declared.InternOut.model_validate(x).placement_id for x in interns] == [s_ids.p_a]
