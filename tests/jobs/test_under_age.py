"""Students under the minimum placement age (MIN_PLACEMENT_AGE, default 14, by the birth date in the ID number on
the consortium's today) are flagged on the student list and page and cannot be placed: recording, applying,
accepting, a matching round (left out with a reason), a hand-made proposal and the bulk import all refuse."""
from datetime import date

import pytest
from flask import current_app
from sqlalchemy import select

from consortium.errors import ValidationError
from consortium.extensions import db
from consortium.imports.services import run_import
from consortium.jobs import applications, placements, positions
from consortium.jobs.models import Placement
from consortium.matching import services as matching
from consortium.matching.models import MatchRound
from consortium.people import services as people
from consortium.tables.normalize import id_check_digit
from consortium.timeutil import today

from .. import factories
from ..conftest import csrf_from
from ..imports.helpers import SCHOOL, csv_bytes


def id_born(birth: date, seq: str = "123") -> str:
    first = "410102" + birth.strftime("%Y%m%d") + seq
    return first + id_check_digit(first)


def years_ago(years: int, days: int = 0) -> date:
    """The date `years` years before today, `days` later (29 February falls back to 28)."""
    t = today()
    try:
        day = t.replace(year=t.year - years)
    except ValueError:
        day = t.replace(year=t.year - years, day=28)
    return date.fromordinal(day.toordinal() + days)


@pytest.fixture
def w(ctx):
    world = factories.build_world()
    add = lambda no, name, birth: people.create_student(world.admin, world.school, {  # noqa: E731
        "student_no": no, "name": name, "major": "机电一体化技术", "skills": "PLC编程", "city": "郑州市",
        "id_number": id_born(birth)})
    world.young = add("Y1", "小明", years_ago(14, days=1))      # 14 tomorrow: 13 today
    world.fourteen = add("Y2", "小红", years_ago(14))           # 14 today
    world.adult = add("A1", "张三", date(2004, 3, 1))
    world.unknown = people.create_student(world.admin, world.school, {"student_no": "U1", "name": "无证号",
                                                                       "major": "机电一体化技术"})
    world.position = positions.create_position(world.ent_user, world.enterprise, {
        "code": "P1", "kind": "internship", "title": "电气装配实习", "majors": ["机电一体化技术"], "skills": ["PLC编程"],
        "slots": 5, "start_date": date(2030, 3, 1), "end_date": date(2030, 6, 30), "status": "open", "city": "郑州市"})
    db.session.commit()
    return world


def test_age_comes_from_the_id_number_on_the_consortiums_today(w):
    assert w.young.birth_date == years_ago(14, days=1)
    assert people.student_age(w.young) == 13 and people.is_under_age(w.young)
    assert people.student_age(w.fourteen) == 14 and not people.is_under_age(w.fourteen)
    assert people.student_age(w.unknown) is None and not people.is_under_age(w.unknown)
    assert not people.is_under_age(w.young, on=years_ago(-1))  # a year from now they are old enough


def test_the_minimum_age_is_configurable(w):
    current_app.config["MIN_PLACEMENT_AGE"] = 16
    try:
        assert people.is_under_age(w.fourteen) and not people.is_under_age(w.adult)
    finally:
        current_app.config["MIN_PLACEMENT_AGE"] = 14


def test_recording_a_placement_is_refused_with_a_clear_message(w):
    with pytest.raises(ValidationError) as exc:
        placements.record_placement(w.admin, w.position, w.young, status="accepted")
    assert "未满 14 周岁" in exc.value.message and "小明" in exc.value.message
    assert placements.record_placement(w.admin, w.position, w.fourteen, status="accepted").status == "accepted"


def test_applying_and_accepting_are_refused(w):
    young_user = people.create_login_for(w.admin, w.young, username="young", password=factories.PASSWORD)
    with pytest.raises(ValidationError):
        applications.apply(young_user, w.position)
    # An application made before the rule (or before a birthday was corrected) is not accepted either.
    from consortium.jobs.models import Application

    application = Application(position_id=w.position.id, student_id=w.young.id)
    db.session.add(application)
    db.session.flush()
    with pytest.raises(ValidationError):
        applications.decide_application(w.ent_user, application, accept=True)
    assert db.session.scalar(select(Placement).where(Placement.student_id == w.young.id)) is None


def test_a_proposal_made_earlier_cannot_be_accepted(w):
    proposal = Placement(position_id=w.position.id, student_id=w.young.id, status="proposed", source="matching",
                         start_date=w.position.start_date, end_date=w.position.end_date)
    db.session.add(proposal)
    db.session.flush()
    with pytest.raises(ValidationError):
        placements.transition_placement(w.ent_user, proposal, "accepted")
    assert proposal.status == "proposed"


def test_a_matching_round_leaves_them_out_with_a_reason(w):
    match_round = matching.start_round(w.admin, w.consortium, inline=True)
    match_round = db.session.get(MatchRound, match_round.id)
    proposed = {p.student_id for p in db.session.scalars(select(Placement))}
    assert w.young.id not in proposed and w.fourteen.id in proposed and w.adult.id in proposed
    left_out = [u for u in match_round.result["details"]["unmatched"] if u["candidate"] == "Y1"]
    assert left_out and "未满 14 周岁" in left_out[0]["reason"]
    assert match_round.result["details"]["set_aside"] == 1
    with pytest.raises(ValidationError):
        matching.add_proposal(w.admin, match_round, w.position, w.young, "秘书处手工推荐")


def test_the_bulk_import_refuses_the_row(w):
    rows = [{"position": "P1", "candidate": "Y1", "candidate_org": SCHOOL, "status": "已接收"},
            {"position": "P1", "candidate": "A1", "candidate_org": SCHOOL, "status": "已接收"}]
    report = run_import(w.admin, w.consortium, "placements", csv_bytes("placements", rows), "p.csv")
    assert not report.ok
    assert any("未满 14 周岁" in str(e) for e in report.errors)
    db.session.rollback()
    assert db.session.scalar(select(Placement).where(Placement.student_id == w.young.id)) is None


def test_list_and_page_flag_them(app, world, client):
    from consortium.members.models import Member

    with app.app_context():
        school = db.session.get(Member, world.school)
        young = factories.make_student(school, name="小明", id_number=id_born(years_ago(13)))
        factories.make_student(school, name="张三", id_number=id_born(date(2004, 3, 1)))
        db.session.commit()
        young_id = young.id
    page = client.get("/login")
    client.post("/login", data={"username": "school", "password": factories.PASSWORD,
                                "csrf_token": csrf_from(page.text)})
    listing = client.get("/students").text
    assert listing.count('class="badge text-bg-warning ms-1 under-age"') == 1
    assert "未满14周岁" in listing and "不能安排实习或岗位" in listing
    assert "under-age" in client.get(f"/students/{young_id}").text
