"""Rules of positions, applications, placements and the compliance gate, through the services."""
from datetime import date, timedelta

import pytest

from consortium.errors import Conflict, NotAllowed, NotFound, ValidationError
from consortium.extensions import db
from consortium.jobs import applications, placements, positions
from consortium.jobs.models import Notification, Placement, Position
from consortium.people import services as people
from consortium.timeutil import today

from .. import factories


def _id_number(birth="20040301", seq="123"):
    from consortium.tables.normalize import id_check_digit

    first = "410102" + birth + seq
    return first + id_check_digit(first)


@pytest.fixture
def w(ctx):
    world = factories.build_world()
    world.student = people.create_student(world.admin, world.school, {
        "student_no": "S001", "name": "张三", "major": "机电一体化技术", "skills": "PLC编程、电气控制",
        "id_number": _id_number(), "city": "郑州市", "enrol_year": 2023})
    world.teacher = people.create_teacher(world.admin, world.school, {"staff_no": "T001", "name": "李老师",
                                                                     "subject": "机电"})
    world.stu_user = people.create_login_for(world.admin, world.student, username="s001", password=factories.PASSWORD)
    world.tea_user = people.create_login_for(world.admin, world.teacher, username="t001", password=factories.PASSWORD)
    world.position = positions.create_position(world.ent_user, world.enterprise, {
        "code": "P1", "kind": "internship", "title": "电气装配实习", "majors": ["机电一体化技术"], "slots": 1,
        "start_date": date(2025, 3, 1), "end_date": date(2025, 6, 30), "status": "open", "city": "郑州市"})
    db.session.flush()
    return world


def test_position_rules(w):
    with pytest.raises(ValidationError) as exc:
        positions.create_position(w.ent_user, w.enterprise, {"code": "P1", "kind": "nope", "title": "", "slots": -1,
                                                            "start_date": date(2025, 3, 1),
                                                            "end_date": date(2025, 1, 1)})
    assert set(exc.value.fields) == {"code", "kind", "title", "slots", "end_date"}
    with pytest.raises(NotAllowed):
        positions.create_position(w.ent_user, w.other_enterprise, {"code": "P9", "kind": "internship", "title": "x",
                                                                  "slots": 1, "start_date": date(2025, 1, 1)})
    with pytest.raises(NotAllowed):
        positions.update_position(w.other_ent_user, w.position, {"title": "改"})
    position = positions.create_position(w.ent_user, w.enterprise, {"code": "P2", "kind": "apprenticeship",
                                                                   "title": "学徒", "slots": 2,
                                                                   "start_date": date(2025, 1, 1)})
    assert position.status == "draft"
    with pytest.raises(NotFound):  # a draft is invisible to other enterprises
        positions.get_position(w.other_ent_user, position.id)


def test_slots_cannot_drop_below_filled(w):
    app = applications.apply(w.stu_user, w.position, "想去")
    applications.decide_application(w.ent_user, app, accept=True)
    with pytest.raises(ValidationError) as exc:
        positions.update_position(w.ent_user, w.position, {"slots": 0})
    assert "已录用人数" in exc.value.fields["slots"]


def test_apply_accept_creates_placement_and_notifies(w):
    app = applications.apply(w.stu_user, w.position, "我熟悉 PLC")
    assert db.session.query(Notification).filter_by(user_id=w.ent_user.id).count() == 1
    with pytest.raises(Conflict):
        applications.apply(w.stu_user, w.position)
    with pytest.raises(NotAllowed):
        applications.decide_application(w.other_ent_user, app, accept=True)
    placement = applications.decide_application(w.ent_user, app, accept=True)
    assert placement.status == "accepted" and placement.source == "application"
    assert db.session.get(Position, w.position.id).filled == 1
    notes = [n.message for n in db.session.query(Notification).filter_by(user_id=w.stu_user.id)]
    assert any("已被录用" in m for m in notes)
    assert db.session.query(Notification).filter_by(user_id=w.school_user.id).count() == 1  # the school sees it


def test_teacher_cannot_apply_to_student_position(w):
    with pytest.raises(ValidationError):
        applications.apply(w.tea_user, w.position)
    practice = positions.create_position(w.ent_user, w.enterprise, {"code": "TP", "kind": "teacher_practice",
                                                                   "title": "教师实践", "slots": 1, "status": "open",
                                                                   "start_date": date(2025, 7, 1)})
    with pytest.raises(ValidationError):
        applications.apply(w.stu_user, practice)
    assert applications.apply(w.tea_user, practice).status == "pending"


def test_full_position_refuses_more(w):
    s2 = people.create_student(w.admin, w.school, {"student_no": "S002", "name": "王五", "major": "数控技术"})
    app1 = applications.apply(w.stu_user, w.position)
    applications.decide_application(w.ent_user, app1, accept=True)
    with pytest.raises(Conflict):
        placements.record_placement(w.admin, w.position, s2, status="completed")
    assert db.session.get(Position, w.position.id).filled == 1


def test_lifecycle_and_compliance_gate(w):
    placement = applications.decide_application(w.ent_user, applications.apply(w.stu_user, w.position), accept=True)
    assert placements.allowed_transitions(w.ent_user, placement) == ["active", "withdrawn"]
    with pytest.raises(ValidationError) as exc:
        placements.transition_placement(w.ent_user, placement, "active")
    assert set(exc.value.fields) == {"agreement", "insurance"}
    placements.save_compliance(w.school_user, placement, {"agreement_signed_date": date(2025, 2, 20),
                                                        "agreement_file": "x.pdf"})
    with pytest.raises(ValidationError):
        placements.transition_placement(w.ent_user, placement, "active")
    with pytest.raises(ValidationError):
        placements.save_compliance(w.ent_user, placement, {"insurer": "人保", "policy_no": "PL1",
                                                         "insurance_start": date(2025, 3, 1),
                                                         "insurance_end": date(2025, 2, 1)})
    placements.save_compliance(w.ent_user, placement, {"insurer": "中国人保", "policy_no": "PL-2025-1",
                                                     "insurance_start": date(2025, 3, 1),
                                                     "insurance_end": date(2025, 6, 30)})
    placements.transition_placement(w.ent_user, placement, "active")
    with pytest.raises(NotAllowed):
        placements.transition_placement(w.stu_user, placement, "completed")
    with pytest.raises(Conflict):
        placements.transition_placement(w.ent_user, placement, "proposed")
    placements.transition_placement(w.ent_user, placement, "completed")
    assert placement.status == "completed" and db.session.get(Position, w.position.id).filled == 1


def test_override_is_recorded(w):
    placement = applications.decide_application(w.ent_user, applications.apply(w.stu_user, w.position), accept=True)
    with pytest.raises(NotAllowed):
        placements.override_compliance(w.ent_user, placement, "急需上岗")
    with pytest.raises(ValidationError):
        placements.override_compliance(w.admin, placement, "")
    placements.override_compliance(w.admin, placement, "保险在办理中，已由企业书面承诺")
    placements.transition_placement(w.school_user, placement, "active")
    assert placement.override_by_id == w.admin.id and placement.override_at is not None


def test_withdraw_releases_slot_and_reapply_reuses_row(w):
    placement = applications.decide_application(w.ent_user, applications.apply(w.stu_user, w.position), accept=True)
    placements.transition_placement(w.stu_user, placement, "withdrawn")
    assert db.session.get(Position, w.position.id).filled == 0
    again = placements.record_placement(w.admin, w.position, w.student, status="completed")
    assert again.id == placement.id and db.session.query(Placement).count() == 1


def test_teacher_practice_needs_no_documents(w):
    practice = positions.create_position(w.ent_user, w.enterprise, {"code": "TP", "kind": "teacher_practice",
                                                                   "title": "教师实践", "slots": 2, "status": "open",
                                                                   "start_date": date(2025, 7, 1),
                                                                   "end_date": date(2025, 8, 31)})
    placement = applications.decide_application(w.ent_user, applications.apply(w.tea_user, practice), accept=True)
    assert placement.compliance_missing == []
    placements.transition_placement(w.ent_user, placement, "active")


def test_recorded_history_is_flagged_not_blocked(w):
    placement = placements.record_placement(w.admin, w.position, w.student, status="completed",
                                          start_date=date(2025, 3, 1), end_date=date(2025, 5, 31))
    assert placement.source == "record" and placement.compliance_missing == ["agreement", "insurance"]
    flagged = db.session.scalars(placements.list_placements(w.admin, w.consortium.id, missing_documents=True)).all()
    assert flagged == [placement]
    with pytest.raises(NotAllowed):
        placements.record_placement(w.ent_user, w.position, w.student, status="completed")


def test_overlaps_are_found(w):
    other = positions.create_position(w.admin, w.other_enterprise, {
        "code": "P3", "kind": "apprenticeship", "title": "学徒", "slots": 3, "status": "open",
        "start_date": date(2025, 6, 1), "end_date": date(2025, 12, 31)})
    placements.record_placement(w.admin, w.position, w.student, status="completed")
    placements.record_placement(w.admin, other, w.student, status="accepted")
    pairs = placements.overlapping_pairs(w.admin, w.consortium.id)
    assert len(pairs) == 1 and {pairs[0][0].position_id, pairs[0][1].position_id} == {w.position.id, other.id}
    with pytest.raises(NotAllowed):
        placements.overlapping_pairs(w.ent_user, w.consortium.id)
    placement = db.session.query(Placement).filter_by(position_id=other.id).one()
    placements.override_compliance(w.admin, placement, "历史数据核对中")
    with pytest.raises(Conflict):  # cannot start while placed elsewhere over the same dates
        placements.transition_placement(w.admin, placement, "active")


def test_visibility_by_role(w):
    placement = placements.record_placement(w.admin, w.position, w.student, status="accepted")
    for user in (w.admin, w.ent_user, w.school_user, w.stu_user):
        assert placements.get_placement(user, placement.id) is placement
    for user in (w.other_ent_user, w.tea_user):
        with pytest.raises(NotFound):
            placements.get_placement(user, placement.id)
    assert db.session.scalars(placements.list_placements(w.other_ent_user, w.consortium.id)).all() == []


def test_unplaced_candidates(w):
    s2 = people.create_student(w.admin, w.school, {"student_no": "S002", "name": "王五", "major": "数控技术"})
    placements.record_placement(w.admin, w.position, w.student, status="active", start_date=date(2025, 3, 1),
                              end_date=date(2025, 6, 30))
    students, teachers = placements.unplaced_candidates(w.school_user, w.school, on=date(2025, 4, 1))
    assert students == [s2] and teachers == [w.teacher]
    with pytest.raises(NotAllowed):
        placements.unplaced_candidates(w.ent_user, w.school)


def test_student_validation(w):
    with pytest.raises(ValidationError) as exc:
        people.create_student(w.school_user, w.school, {"student_no": "S001", "name": "重复", "major": "x",
                                                        "id_number": _id_number()[:-1] + "0",
                                                        "enrol_year": 2024, "graduation_year": 2022,
                                                        "phone": "12345"})
    assert set(exc.value.fields) == {"student_no", "id_number", "graduation_year", "phone"}
    with pytest.raises(NotAllowed):
        people.create_student(w.ent_user, w.school, {"student_no": "S9", "name": "x", "major": "y"})
    s = people.create_student(w.school_user, w.school, {"student_no": "S9", "name": "赵六", "major": "电子商务",
                                                        "id_number": _id_number(seq="45x".replace("x", "6")),
                                                        "phone": "+86 138-0013-8000"})
    assert s.phone == "13800138000"


def test_a_current_student_placement_is_recorded_as_accepted_until_its_documents_are_in(w):
    """The record form keeps the same gate as the lifecycle and the bulk import."""
    current = positions.create_position(w.ent_user, w.enterprise, {"code": "CUR", "kind": "internship",
                                                                  "title": "在岗实习", "slots": 2, "status": "open",
                                                                  "start_date": today() - timedelta(days=10),
                                                                  "end_date": today() + timedelta(days=60)})
    with pytest.raises(ValidationError) as refused:
        placements.record_placement(w.admin, current, w.student, status="active")
    assert "status" in refused.value.fields
    placement = placements.record_placement(w.admin, current, w.student, status="accepted")
    with pytest.raises(ValidationError):
        placements.transition_placement(w.ent_user, placement, "active")
