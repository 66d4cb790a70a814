"""Live dates: only positions a candidate can still join are recommended or proposed; a student's availability
(可实习时间) comes from the page, the API and the import and moves the score; the pages show dates and states."""
from datetime import date, timedelta

from sqlalchemy import select

from consortium.auth.models import User
from consortium.extensions import db
from consortium.imports.services import run_import
from consortium.jobs import positions
from consortium.jobs.models import Placement, Position
from consortium.jobs.recommend import RELEVANCE_THRESHOLD, recommended_positions
from consortium.matching import services as matching
from consortium.members.models import Consortium
from consortium.people.models import Student
from consortium.timeutil import today

from .. import factories
from ..imports.helpers import SCHOOL, csv_bytes


def _student(world, **kw):
    student = factories.make_student(world.school, student_no="L1", name="林同学", major="机电一体化技术",
                                     skills=["PLC编程", "电气控制"], **kw)
    factories.link_account(world.student_user.id, student)
    return student


def _position(world, code, start, end=None, **kw):
    return factories.make_position(world.enterprise, code=code, title=f"岗位{code}", majors=["机电一体化技术"],
                                   skills=["PLC编程", "电气控制"], start_date=start, end_date=end, **kw)


def test_ended_closed_full_and_late_positions_are_neither_recommended_nor_proposed(ctx):
    world = factories.build_world()
    student = _student(world)
    t = today()
    live = _position(world, "LIVE", t + timedelta(days=10), t + timedelta(days=100))
    ended = _position(world, "ENDED", date(2025, 3, 1), date(2025, 8, 28))
    _position(world, "CLOSED", t + timedelta(days=10), status="closed")
    _position(world, "FULL", t + timedelta(days=10), slots=1, filled=1)
    late_ok = _position(world, "LATE-OK", t - timedelta(days=20), t + timedelta(days=100))  # within 30 days
    _position(world, "LATE-NO", t - timedelta(days=20), t + timedelta(days=100), late_join_days=0)
    _position(world, "LATE-OLD", t - timedelta(days=31), t + timedelta(days=100))  # started 31 days ago
    db.session.commit()
    assert positions.is_offered(live, t) and positions.is_offered(late_ok, t)
    assert not positions.is_offered(ended, t) and positions.not_offered_reason(ended, t) == "岗位已结束"

    user = db.session.get(User, world.student_user.id)
    result = recommended_positions(user, world.consortium.id)
    shown = {r.position.code for r in result.relevant + result.nearby}
    assert shown == {"LIVE", "LATE-OK"}

    r = matching.start_round(world.admin, world.consortium, inline=True)
    proposed = {pl.position.code for pl in db.session.scalars(select(Placement).where(
        Placement.student_id == student.id))}
    assert r.status == "finished" and len(proposed) == 1 and proposed <= {"LIVE", "LATE-OK"}
    # and the secretariat cannot hand-propose the ended one either
    other = factories.make_student(world.school, student_no="L2", major="机电一体化技术")
    db.session.commit()
    import pytest
    from consortium.errors import Conflict
    with pytest.raises(Conflict):
        matching.add_proposal(world.admin, r, ended, other, "手工补录")


def test_late_join_days_setting_defaults_to_thirty_and_is_validated(ctx):
    world = factories.build_world()
    base = {"code": "LJ", "kind": "internship", "title": "实习", "slots": 1, "status": "open",
            "start_date": date(2027, 3, 1)}
    p = positions.create_position(world.admin, world.enterprise, base)
    assert p.late_join_days == 30 and p.join_until == date(2027, 3, 31)
    positions.update_position(world.admin, p, {"late_join_days": 0})
    assert p.join_until == date(2027, 3, 1)
    import pytest
    from consortium.errors import ValidationError
    with pytest.raises(ValidationError) as exc:
        positions.update_position(world.admin, p, {"late_join_days": -1})
    assert "late_join_days" in exc.value.fields


def test_relevance_threshold_and_nearby_section(ctx):
    world = factories.build_world()
    _student(world, city="郑州市")
    t = today()
    factories.make_position(world.enterprise, code="FAR", title="直播电商运营", majors=["电子商务"], skills=["直播电商"],
                            city="开封市", start_date=t + timedelta(days=5))
    db.session.commit()
    user = db.session.get(User, world.student_user.id)
    result = recommended_positions(user, world.consortium.id)
    assert result.relevant == []
    assert [r.position.code for r in result.nearby] == ["FAR"]
    assert result.nearby[0].score < RELEVANCE_THRESHOLD
    assert "专业不符" in result.nearby[0].missing and "岗位在开封市" in result.nearby[0].missing


def test_recommendations_come_a_page_at_a_time_best_first_and_follow_position_changes(ctx):
    """The positions are scored from a cache of the consortium's offered positions: a page holds PER_PAGE, the
    order is by score, then start date and code, and closing or editing a position shows at once."""
    from consortium.jobs.recommend import PER_PAGE

    world = factories.build_world()
    _student(world, city="郑州市")
    t = today()
    for n in range(PER_PAGE + 6):  # all relevant; the half in 开封市 score lower
        factories.make_position(world.enterprise, code=f"R{n:03d}", majors=["机电一体化技术"], skills=["PLC编程"],
                                city="郑州市" if n % 2 else "开封市", start_date=t + timedelta(days=5 + n))
    factories.make_position(world.enterprise, code="ZOTHER", majors=["护理"], skills=["护理操作"],
                            start_date=t + timedelta(days=5))  # not relevant
    db.session.commit()
    user = db.session.get(User, world.student_user.id)
    first = recommended_positions(user, world.consortium.id)
    second = recommended_positions(user, world.consortium.id, page=2)
    assert first.total == second.total == PER_PAGE + 6
    assert len(first.relevant) == PER_PAGE and len(second.relevant) == 6
    ranked = [(-r.score, r.position.start_date, r.position.code) for r in first.relevant + second.relevant]
    assert ranked == sorted(ranked) and ranked[0][0] < ranked[-1][0]
    assert "ZOTHER" not in {r.position.code for r in first.relevant + second.relevant}
    top = first.relevant[0].position
    positions.set_position_status(world.admin, top, "closed")
    db.session.commit()
    again = recommended_positions(user, world.consortium.id)
    assert again.total == PER_PAGE + 5 and top.code not in {r.position.code for r in again.relevant}
    other = db.session.scalar(select(Position).where(Position.code == "ZOTHER"))
    positions.update_position(world.admin, other, {"majors": ["机电一体化技术"], "skills": ["PLC编程"]})
    db.session.commit()
    assert recommended_positions(user, world.consortium.id).total == PER_PAGE + 6


def test_availability_moves_the_recommendation_score_and_reason(ctx):
    world = factories.build_world()
    student = _student(world)
    start = today() + timedelta(days=10)
    _position(world, "P", start, start + timedelta(days=90))
    db.session.commit()
    user = db.session.get(User, world.student_user.id)
    before = recommended_positions(user, world.consortium.id).relevant[0]
    assert f"可在 {start.month} 月 {start.day} 日前到岗" not in before.reasons  # nothing stated, nothing claimed
    from consortium.people import services as people
    people.set_availability(user, student, start + timedelta(days=15), None)
    after = recommended_positions(user, world.consortium.id).relevant[0]
    assert after.score < before.score
    assert any("晚于开始日 15 天" in r for r in after.reasons)
    people.set_availability(user, student, start - timedelta(days=5), None)
    on_time = recommended_positions(user, world.consortium.id).relevant[0]
    assert on_time.score == before.score and f"可在 {start.month} 月 {start.day} 日前到岗" in on_time.reasons


def test_student_states_availability_on_the_page_and_sees_the_proposal_state(browser, app, world):
    with app.app_context():
        student = factories.make_student(world.school, student_no="W1", name="王同学", major="机电一体化技术",
                                         skills=["PLC编程", "电气控制"])
        factories.link_account(world.student_user, student)
        start = today() + timedelta(days=20)
        p1 = factories.make_position(world.enterprise, code="R-1", title="电气装配实习", majors=["机电一体化技术"],
                                     skills=["PLC编程", "电气控制"], start_date=start, end_date=start + timedelta(days=60))
        db.session.commit()
        sid, pid = student.id, p1.id
        db.session.remove()
    browser.login("stu")
    page = browser.get(f"/students/{sid}").text
    assert "可实习时间" in page and "未填写" in page
    r = browser.submit(f"/students/{sid}/availability", {"available_from": "2027-03-01", "available_to": "2027-02-01"},
                       form_url=f"/students/{sid}", follow_redirects=True)
    assert "可实习结束日期不能早于开始日期" in r.text
    r = browser.submit(f"/students/{sid}/availability", {"available_from": str(start), "available_to": ""},
                       form_url=f"/students/{sid}", follow_redirects=True)
    assert "可实习时间已保存" in r.text
    with app.app_context():
        assert db.session.get(Student, sid).available_from == start
    page = browser.get("/my/recommended").text
    assert "电气装配实习" in page and "提交申请" in page and str(start) in page  # the dates are shown
    assert f"可在 {start.month} 月 {start.day} 日前到岗" in page
    with app.app_context():
        admin = db.session.get(User, world.admin)
        matching.start_round(admin, db.session.get(Consortium, world.consortium), inline=True)
        db.session.commit()
        assert db.session.scalar(select(Placement.status).where(Placement.position_id == pid)) == "proposed"
        db.session.remove()
    page = browser.get("/my/recommended").text
    assert "电气装配实习" in page and "已推荐给您" in page and "待确认" in page
    assert "提交申请" not in page


def test_availability_through_the_api_and_the_import(api, app, world):
    with app.app_context():
        student = factories.make_student(world.school, student_no="A1", name="安同学")
        db.session.commit()
        sid = student.id
    admin = api("admin")
    r = admin.patch(f"/api/v1/students/{sid}", json={"available_from": "2027-03-01", "available_to": "2027-01-01"})
    assert r.status_code == 422 and "available_to" in r.json["error"]["fields"]
    r = admin.patch(f"/api/v1/students/{sid}", json={"available_from": "2027-03-01", "available_to": "2027-08-31"})
    assert r.status_code == 200 and r.json["available_from"] == "2027-03-01" and r.json["available_to"] == "2027-08-31"
    rows = [{"student_no": "A2", "school": SCHOOL, "name": "导入生", "major": "机电一体化技术",
             "available_from": "2027-04-01", "available_to": "2027-09-30"}]
    with app.app_context():
        user = db.session.get(User, world.admin)
        report = run_import(user, db.session.get(Consortium, world.consortium), "students", csv_bytes("students", rows),
                            "students.csv")
        assert report.ok, [str(e) for e in report.errors]
        db.session.commit()
        s = db.session.scalar(select(Student).where(Student.student_no == "A2"))
        assert (s.available_from, s.available_to) == (date(2027, 4, 1), date(2027, 9, 30))
        bad = [dict(rows[0], student_no="A3", available_to="2027-01-01")]
        report = run_import(user, db.session.get(Consortium, world.consortium), "students", csv_bytes("students", bad),
                            "students.csv")
        assert not report.ok and any("可实习结束日期不能早于开始日期" in str(e) for e in report.errors)
        db.session.rollback()
