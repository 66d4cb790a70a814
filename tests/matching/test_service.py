"""Matching rounds on real records: inputs, proposals, re-runs, overrides, CLI output and the job queue."""
import json
import os
from datetime import date

import pytest
from sqlalchemy import select

from consortium.extensions import db
from consortium.jobs import placements, positions
from consortium.jobs.models import Placement
from consortium.matching import services
from consortium.matching.models import MatchOverride, MatchRound
from consortium.people import services as people

from .. import factories


def _seed(world):
    """Three students, one teacher; an internship with 1 slot, an apprenticeship with 1, a practice post."""
    admin = world.admin
    s1 = people.create_student(admin, world.school, {"student_no": "S1", "name": "甲", "major": "机电一体化",
                                                     "skills": "PLC编程、电气控制", "city": "郑州市"})
    s2 = people.create_student(admin, world.school, {"student_no": "S2", "name": "乙", "major": "电子商务",
                                                     "skills": "直播电商", "city": "郑州市"})
    s3 = people.create_student(admin, world.school, {"student_no": "S3", "name": "丙", "major": "数控技术",
                                                     "skills": "数控车床操作", "city": "洛阳市"})
    teacher = people.create_teacher(admin, world.school, {"staff_no": "T1", "name": "丁老师", "subject": "机电一体化技术",
                                                          "skills": "PLC编程"})
    common = {"status": "open", "start_date": date(2030, 3, 1), "end_date": date(2030, 6, 30), "city": "郑州市"}
    p1 = positions.create_position(admin, world.enterprise, {"code": "P1", "kind": "internship", "title": "电气装配",
                                                        "majors": ["机电一体化技术"], "skills": ["PLC编程"], "slots": 1,
                                                        **common})
    p2 = positions.create_position(admin, world.enterprise, {"code": "P2", "kind": "apprenticeship", "title": "数控学徒",
                                                        "majors": ["数控技术"], "skills": ["数控车床操作"], "slots": 1,
                                                        **common})
    p3 = positions.create_position(admin, world.other_enterprise, {"code": "P3", "kind": "teacher_practice",
                                                              "title": "教师实践", "majors": ["机电一体化技术"],
                                                              "slots": 1, **common})
    return s1, s2, s3, teacher, p1, p2, p3


@pytest.fixture
def seeded(ctx):
    world = factories.build_world()
    objs = _seed(world)
    db.session.commit()
    return world, objs


def test_round_proposes_sensible_pairs_and_never_duplicates(seeded):
    world, (s1, s2, s3, teacher, p1, p2, p3) = seeded
    r1 = services.start_round(world.admin, world.consortium, inline=True)
    assert r1.status == "finished"
    proposed = {(pl.candidate.name, pl.position.code) for pl in db.session.scalars(select(Placement))}
    assert ("甲", "P1") in proposed and ("丙", "P2") in proposed and ("丁老师", "P3") in proposed
    assert all(not (name == "丁老师" and code != "P3") for name, code in proposed)  # never a student post
    output = r1.result["output"]
    assert set(output) == {"round", "kind", "assignments", "unmatched", "unfilled"}
    a = next(x for x in output["assignments"] if x["candidate"] == "S1")
    assert a["position"] == "P1" and a["candidate_org"] == "郑州测试职业技术学院" and a["score"] >= 70
    assert any(r.startswith("专业") for r in a["reasons"]) and any(r.startswith("技能：PLC编程") for r in a["reasons"])
    assert [u["candidate"] for u in output["unmatched"]] == ["S2"]
    # the same round again: everyone is waiting on a proposal, so nothing new
    r2 = services.start_round(world.admin, world.consortium, inline=True)
    assert r2.proposals_created == 0 and db.session.query(Placement).count() == 3
    assert r2.result["details"]["fairness"]["school"][0]["candidates"] == 1  # only 乙 left


def test_second_round_uses_what_was_declined(seeded):
    world, (s1, s2, s3, teacher, p1, p2, p3) = seeded
    services.start_round(world.admin, world.consortium, kind="internship", inline=True)
    first = db.session.scalar(select(Placement).where(Placement.position_id == p1.id))
    placements.transition_placement(world.ent_user, first, "rejected")
    db.session.commit()
    r2 = services.start_round(world.admin, world.consortium, kind="internship", inline=True)
    new = db.session.scalars(select(Placement).where(Placement.match_round == r2.number)).all()
    assert first.candidate.name == "甲"
    assert [(p.candidate.name, p.position.code) for p in new] != [("甲", "P1")]  # never proposed twice
    assert db.session.query(Placement).filter_by(position_id=p1.id, student_id=s1.id).count() == 1


def test_proposals_are_confirmed_through_the_workflow(seeded):
    world, (s1, *_rest) = seeded
    services.start_round(world.admin, world.consortium, kind="internship", inline=True)
    placement = db.session.scalar(select(Placement).where(Placement.student_id == s1.id))
    assert placement.status == "proposed" and placement.position.filled == 0
    placements.transition_placement(world.ent_user, placement, "accepted")
    assert placement.position.filled == 1


def test_secretariat_overrides_are_recorded(seeded):
    world, (s1, s2, s3, teacher, p1, p2, p3) = seeded
    r = services.start_round(world.admin, world.consortium, kind="internship", inline=True)
    placement = db.session.scalar(select(Placement).where(Placement.student_id == s1.id))
    services.withdraw_proposal(world.admin, r, placement, "学生已确定升学")
    assert placement.status == "withdrawn"
    services.add_proposal(world.admin, r, p1, s2, "企业点名需要")
    rows = db.session.scalars(select(MatchOverride).order_by(MatchOverride.id)).all()
    assert [(o.action, o.reason) for o in rows] == [("withdraw", "学生已确定升学"), ("add", "企业点名需要")]
    from consortium.errors import NotAllowed

    with pytest.raises(NotAllowed):
        services.start_round(world.ent_user, world.consortium)


def test_cli_match_run_writes_documented_json(runner, app, tmp_path):
    with app.app_context():
        world = factories.build_world()
        _seed(world)
        db.session.commit()
    out = tmp_path / "round.json"
    result = runner.invoke(args=["match", "run", "--kind", "internship", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["round"] == 1 and data["kind"] == "internship"
    assert {"position", "candidate", "candidate_org", "score", "reasons"} == set(data["assignments"][0])
    assert all(set(u) == {"candidate", "candidate_org", "best_score"} for u in data["unmatched"])
    assert data["unfilled"] == []


def test_round_page_and_permissions(browser, world, app):
    with app.app_context():
        from consortium.auth.models import User
        from consortium.members.models import Member

        w = factories.World(*[None] * 10)
        w.admin = db.session.get(User, world.admin)
        w.school = db.session.get(Member, world.school)
        w.enterprise = db.session.get(Member, world.enterprise)
        w.other_enterprise = db.session.get(Member, world.other_enterprise)
        _seed(w)
        db.session.commit()
    browser.login("ent_a")
    assert browser.get("/matching/").status_code == 403
    browser.submit("/logout", {}, form_url="/")
    browser.login("admin")
    r = browser.submit("/matching/", {"kind": "", "mode": "max_fit"})
    assert r.status_code == 302
    if os.environ.get("REDIS_URL"):  # the page queued the round: let a worker run it
        from rq import SimpleWorker

        with app.app_context():
            from consortium.queue import get_queue

            queue = get_queue()
            SimpleWorker([queue], connection=queue.connection).work(burst=True)
    page = browser.get(r.headers["Location"])
    assert "第 1 轮匹配" in page.text and "电气装配" in page.text and "公平性监测" in page.text
    status = browser.get(r.headers["Location"] + "/status").json
    assert status["status"] == "finished"


@pytest.mark.redis
def test_round_runs_on_a_real_rq_worker(app, ctx):
    """With REDIS_URL the page's round goes to the queue; a worker runs it and records the outcome."""
    from rq import SimpleWorker

    from consortium.queue import get_queue

    world = factories.build_world()
    _seed(world)
    db.session.commit()
    match_round = services.start_round(world.admin, world.consortium)
    assert match_round.status == "queued"
    queue = get_queue()
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    db.session.expire_all()
    match_round = db.session.get(MatchRound, match_round.id)
    assert match_round.status == "finished" and match_round.proposals_created >= 3
    assert os.environ.get("REDIS_URL")
