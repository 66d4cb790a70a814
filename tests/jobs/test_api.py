"""The jobs API: each role's part, and cross-organization refusals."""
from datetime import date

from consortium.extensions import db
from consortium.people import services as people

from .. import factories


def _student_login(app, world, no="S1", username="s1"):
    with app.app_context():
        from consortium.members.models import Member

        school = db.session.get(Member, world.school)
        from consortium.auth.models import User

        admin = db.session.get(User, world.admin)
        s = people.create_student(admin, school, {"student_no": no, "name": "张三", "major": "机电一体化技术"})
        people.create_login_for(admin, s, username=username, password=factories.PASSWORD)
        db.session.commit()
        return s.id


def test_student_api_masks_and_validates(api, world):
    school = api("school")
    r = school.post("/api/v1/students", json={"student_no": "S1", "name": "张三", "major": "数控技术",
                                              "id_number": "410102200403011234", "skills": ["PLC编程"]})
    assert r.status_code == 422 and "id_number" in r.json["error"]["fields"]
    from consortium.tables.normalize import id_check_digit

    good = "41010220040301123" + id_check_digit("41010220040301123")
    r = school.post("/api/v1/students", json={"student_no": "S1", "name": "张三", "major": "数控技术",
                                              "id_number": good, "skills": "PLC编程、电气控制"})
    assert r.status_code == 201 and r.json["skills"] == ["PLC编程", "电气控制"]
    sid = r.json["id"]
    r = school.post("/api/v1/students", json={"student_no": "S1", "name": "李四", "major": "数控技术"})
    assert r.status_code == 422 and "student_no" in r.json["error"]["fields"]
    assert api("admin").get(f"/api/v1/students/{sid}").json["id_number"] == good
    assert api("ent_a").get(f"/api/v1/students/{sid}").status_code == 404
    assert api("ent_a").get("/api/v1/students").status_code == 403


def test_position_application_placement_flow(api, world, app):
    _student_login(app, world)
    ent = api("ent_a")
    r = ent.post("/api/v1/positions", json={"code": "P1", "kind": "internship", "title": "装配实习", "slots": 1,
                                            "start_date": "2025-03-01", "end_date": "2025-02-01"})
    assert r.status_code == 422 and "end_date" in r.json["error"]["fields"]
    r = ent.post("/api/v1/positions", json={"code": "P1", "kind": "internship", "title": "装配实习", "slots": 1,
                                            "start_date": "2025-03-01", "end_date": "2025-06-30", "status": "open",
                                            "majors": ["机电一体化技术"]})
    assert r.status_code == 201
    pid = r.json["id"]
    assert api("ent_b").patch(f"/api/v1/positions/{pid}", json={"title": "抢"}).status_code == 403
    stu = api("s1")
    r = stu.post(f"/api/v1/positions/{pid}/apply", json={"note": "期待加入"})
    assert r.status_code == 201
    aid = r.json["id"]
    assert api("ent_b").post(f"/api/v1/applications/{aid}/decision", json={"accept": True}).status_code == 404
    r = ent.post(f"/api/v1/applications/{aid}/decision", json={"accept": True})
    assert r.status_code == 200 and r.json["placement"]["status"] == "accepted"
    plid = r.json["placement"]["id"]
    r = ent.post(f"/api/v1/placements/{plid}/status", json={"status": "active"})
    assert r.status_code == 422 and set(r.json["error"]["fields"]) == {"agreement", "insurance"}
    r = api("admin").post(f"/api/v1/placements/{plid}/override", json={"reason": "保险手续办理中"})
    assert r.status_code == 200 and r.json["compliance_override"] is True
    assert ent.post(f"/api/v1/placements/{plid}/status", json={"status": "active"}).json["status"] == "active"
    assert api("school").get(f"/api/v1/placements/{plid}").json["candidate_name"] == "张三"
    assert api("ent_b").get(f"/api/v1/placements/{plid}").status_code == 404
    assert stu.get("/api/v1/placements").json["total"] == 1
    assert api("ent_b").get("/api/v1/placements").json["total"] == 0
    assert ent.get(f"/api/v1/positions/{pid}").json["filled"] == 1


def test_recording_after_the_fact_is_secretariat_only(api, world, app):
    sid = _student_login(app, world)
    ent = api("ent_a")
    pid = ent.post("/api/v1/positions", json={"code": "P2", "kind": "apprenticeship", "title": "学徒", "slots": 2,
                                              "start_date": "2024-09-01"}).json["id"]
    body = {"position_id": pid, "student_id": sid, "status": "completed", "start_date": "2024-09-01",
            "end_date": "2025-01-15"}
    assert ent.post("/api/v1/placements", json=body).status_code in (403, 404)
    r = api("admin").post("/api/v1/placements", json=body)
    assert r.status_code == 201 and r.json["compliance_missing"] == ["agreement", "insurance"]
    assert api("admin").get("/api/v1/placements?missing_documents=1").json["total"] == 1
    assert date.fromisoformat(r.json["end_date"]) == date(2025, 1, 15)


def test_programmes_and_notifications_api(api, world, app):
    _student_login(app, world)
    school = api("school")
    body = {"name": "中原重工订单班", "school_id": world.school, "enterprise_id": world.enterprise,
            "kind": "order_class", "start_date": "2024-09-01", "end_date": "2024-06-30", "student_nos": ["S1"]}
    r = school.post("/api/v1/programmes", json=body)
    assert r.status_code == 422 and "end_date" in r.json["error"]["fields"]
    r = school.post("/api/v1/programmes", json={**body, "end_date": "2027-06-30"})
    assert r.status_code == 201 and r.json["student_nos"] == ["S1"]
    pid = r.json["id"]
    assert api("ent_a").get(f"/api/v1/programmes/{pid}").status_code == 200  # the partner enterprise sees it
    assert api("ent_b").get(f"/api/v1/programmes/{pid}").status_code == 404
    assert api("ent_a").patch(f"/api/v1/programmes/{pid}", json={"name": "改名"}).status_code == 403
    ent = api("ent_a")
    position = ent.post("/api/v1/positions", json={"code": "PN", "kind": "internship", "title": "实习", "slots": 1,
                                                   "start_date": "2030-03-01", "status": "open"}).json["id"]
    api("s1").post(f"/api/v1/positions/{position}/apply", json={})
    r = ent.get("/api/v1/notifications?mark_read=1")
    assert r.json["unread"] == 1 and "申请了岗位" in r.json["items"][0]["message"]
    assert ent.get("/api/v1/notifications").json["unread"] == 0
