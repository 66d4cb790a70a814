"""Supervision rules through the services: who sees whom, logs and their locking, check-ins, the gates."""
from datetime import date, datetime, timedelta, timezone

import pytest

from consortium.timeutil import today
from consortium.errors import Conflict, NotAllowed, NotFound, ValidationError
from consortium.extensions import db
from consortium.jobs import placements as jobs
from consortium.jobs.models import Notification
from consortium.supervision import access, checkins, codes, evaluations, incidents
from consortium.supervision import services as sup
from consortium.supervision.models import LogRevision

from .. import factories
from .conftest import running_placement


def _visible(user, consortium_id):
    return {row["placement"].id for row in sup.interns(user, consortium_id)}


# ---- permissions ------------------------------------------------------------------------------

def test_mentor_of_enterprise_a_cannot_see_interns_of_enterprise_b(s):
    assert _visible(s.mentor, s.consortium.id) == {s.p_a.id}
    assert _visible(s.mentor_b, s.consortium.id) == {s.p_b.id}
    with pytest.raises(NotFound):
        access.get_placement(s.mentor, s.p_b.id)
    with pytest.raises(NotFound):
        sup.list_logs(s.mentor, s.p_b)
    with pytest.raises(NotAllowed):
        checkins.current_code(s.mentor, s.p_b)


def test_supervisor_sees_only_their_own_schools_interns(s):
    assert _visible(s.sup_user, s.consortium.id) == {s.p_a.id}
    assert _visible(s.other_sup, s.consortium.id) == {s.p_b.id}
    with pytest.raises(NotFound):
        access.get_placement(s.sup_user, s.p_b.id)
    # and a supervisor can only be a teacher of the student's own school
    with pytest.raises(ValidationError):
        sup.assign_supervisor(s.school_user, s.p_a, s.other_sup)
    with pytest.raises(NotAllowed):  # the other school cannot assign on our student
        sup.assign_supervisor(s.other_school_user, s.p_a, s.other_sup)
    assert _visible(s.school_user, s.consortium.id) == {s.p_a.id}
    assert _visible(s.admin, s.consortium.id) == {s.p_a.id, s.p_b.id}


def test_student_sees_only_their_own_placements(s):
    assert _visible(s.student_user, s.consortium.id) == {s.p_a.id}
    assert _visible(s.stu2_user, s.consortium.id) == {s.p_b.id}
    with pytest.raises(NotFound):
        access.get_placement(s.student_user, s.p_b.id)
    with pytest.raises(NotAllowed):
        sup.write_log(s.stu2_user, s.p_a, body="冒名填写")


def test_mentor_must_belong_to_the_enterprise(s):
    with pytest.raises(ValidationError):
        sup.add_mentor(s.ent_user, s.p_a, s.mentor_b)
    with pytest.raises(NotAllowed):
        sup.add_mentor(s.other_ent_user, s.p_a, s.mentor_b)
    expert = factories.make_teacher(s.enterprise, name="企业导师")
    expert_user = factories.make_user("expert", "teacher", consortium=s.consortium)
    factories.link_account(expert_user.id, expert)
    sup.add_mentor(s.ent_user, s.p_a, expert_user)  # an enterprise-employed teacher record with an account
    assert access.is_mentor(expert_user, s.p_a)


# ---- logs -------------------------------------------------------------------------------------

def test_countersign_locks_the_entry_and_keeps_every_change(s):
    log = sup.write_log(s.student_user, s.p_a, body="第一周：熟悉产线，学习安全规程。")
    with pytest.raises(Conflict):  # one entry per period
        sup.write_log(s.student_user, s.p_a, body="重复")
    with pytest.raises(NotAllowed):
        sup.countersign(s.sup_user, log, "approve")
    with pytest.raises(ValidationError):  # a return needs its reason
        sup.countersign(s.mentor, log, "return", "")
    sup.countersign(s.mentor, log, "return", "请补充本周完成的具体工作")
    assert log.status == "returned"
    with pytest.raises(Conflict):
        sup.countersign(s.mentor, log, "approve")
    sup.edit_log(s.student_user, log, "第一周：熟悉产线，学习安全规程，完成 3 台设备的点检。")
    assert log.status == "submitted" and log.version == 2
    sup.countersign(s.mentor, log, "approve", "认真")
    assert log.locked
    with pytest.raises(Conflict):
        sup.edit_log(s.student_user, log, "签认后偷偷修改")
    with pytest.raises(Conflict):
        sup.countersign(s.mentor, log, "return", "反悔")
    sup.supervisor_comment(s.sup_user, log, "记录清楚，继续保持")
    history = [(r.version, r.action) for r in db.session.query(LogRevision).filter_by(log_id=log.id)
               .order_by(LogRevision.id)]
    assert history == [(1, "submit"), (1, "return"), (2, "edit"), (2, "approve"), (2, "comment")]
    first = db.session.query(LogRevision).filter_by(log_id=log.id, action="submit").one()
    assert first.body == "第一周：熟悉产线，学习安全规程。"
    assert log.body.endswith("点检。")


def test_overdue_logs_show_and_are_reminded(s, runner):
    sup.set_cadence(s.school_user, s.p_a, "daily")
    overdue = sup.overdue_logs(s.p_a)
    assert len(overdue) >= 10  # three weeks in, nothing written
    row = next(r for r in sup.interns(s.mentor, s.consortium.id) if r["placement"].id == s.p_a.id)
    assert row["overdue_logs"] == len(overdue)
    with pytest.raises(NotAllowed):
        sup.set_cadence(s.ent_user, s.p_a, "monthly")


def test_future_and_out_of_period_logs_are_refused(s):
    with pytest.raises(ValidationError) as exc:
        sup.write_log(s.student_user, s.p_a, body="x", day=today() + timedelta(days=1))
    assert "day" in exc.value.fields
    with pytest.raises(ValidationError):
        sup.write_log(s.student_user, s.p_a, body="   ")


# ---- check-ins --------------------------------------------------------------------------------

def test_checkin_with_the_mentors_code(s):
    now = datetime.now(timezone.utc)
    shown = checkins.current_code(s.mentor, s.p_a, now)
    assert shown["expires_at"] > now
    with pytest.raises(NotAllowed):
        checkins.current_code(s.student_user, s.p_a, now)
    row = checkins.check_in(s.student_user, s.p_a, code=shown["code"], lat=34.75, lng=113.66, device="dev-1", now=now)
    assert row.flags == []
    with pytest.raises(Conflict):
        checkins.check_in(s.student_user, s.p_a, code=shown["code"], now=now)
    assert checkins.attendance(s.p_a)["checked_in_today"]


def test_stale_or_other_site_code_is_refused(s):
    now = datetime.now(timezone.utc)
    other_site = checkins.current_code(s.mentor_b, s.p_b, now)["code"]
    own = checkins.current_code(s.mentor, s.p_a, now)["code"]
    with pytest.raises(checkins.CheckinCodeInvalid) as exc:
        checkins.check_in(s.student_user, s.p_a, code=other_site, now=now)
    assert exc.value.code == "checkin_code_invalid"
    with pytest.raises(checkins.CheckinCodeInvalid):
        checkins.check_in(s.student_user, s.p_a, code=own, now=now + timedelta(seconds=2 * codes.WINDOW_SECONDS))
    checkins.check_in(s.student_user, s.p_a, code=own, now=now + timedelta(seconds=codes.WINDOW_SECONDS))


def test_far_and_shared_device_checkins_are_flagged_to_the_supervisor(s):
    checkins.save_site(s.ent_user, s.p_a, lat="34.7533", lng="113.6669", radius_m=1000)
    now = datetime.now(timezone.utc)
    code = checkins.current_code(s.mentor, s.p_a, now)["code"]
    far = checkins.check_in(s.student_user, s.p_a, code=code, lat=34.7597, lng=113.7722, device="phone-x", now=now)
    assert far.flags == ["far"] and far.distance_m > 9000
    code_b = checkins.current_code(s.mentor_b, s.p_b, now)["code"]
    second = checkins.check_in(s.stu2_user, s.p_b, code=code_b, device="phone-x", now=now)
    assert "shared_device" in second.flags and "shared_device" in far.flags
    notes = db.session.query(Notification).filter_by(user_id=s.sup_user.id).all()
    assert any("签到被标记" in n.message for n in notes)


# ---- evaluations and the completion gate ------------------------------------------------------

def test_completion_needs_the_mentors_evaluation_or_a_recorded_waiver(s):
    with pytest.raises(ValidationError) as exc:
        jobs.transition_placement(s.ent_user, s.p_a, "completed")
    assert "evaluation" in exc.value.fields
    with pytest.raises(NotAllowed):
        evaluations.waive_mentor_evaluation(s.ent_user, s.p_a, "企业无法评价")
    with pytest.raises(ValidationError):
        evaluations.waive_mentor_evaluation(s.school_user, s.p_a, "")
    evaluations.waive_mentor_evaluation(s.school_user, s.p_a, "企业导师离职，经学校研究同意")
    jobs.transition_placement(s.ent_user, s.p_a, "completed")
    record = access.supervision_of(s.p_a)
    assert record.waiver_by_id == s.school_user.id and record.waiver_at is not None


def test_evaluations_combine_into_the_final_grade(s):
    evaluations.save_rubric(s.school_user, s.school, [{"name": "素养", "weight": 40}, {"name": "技能", "weight": 60}])
    with pytest.raises(ValidationError):
        evaluations.save_rubric(s.school_user, s.school, [{"name": "素养", "weight": 40}])
    with pytest.raises(ValidationError):
        evaluations.submit_evaluation(s.mentor, s.p_a, {"scores": {"素养": 90, "技能": 120}})
    mentor = evaluations.submit_evaluation(s.mentor, s.p_a, {"scores": {"素养": 90, "技能": 80}, "comment": "好"})
    assert float(mentor.score) == 84.0
    evaluations.submit_evaluation(s.sup_user, s.p_a, {"score": 90})
    evaluations.submit_evaluation(s.student_user, s.p_a, {"comment": "收获很大", "satisfaction": 5})
    assert float(evaluations.final_grade(evaluations.evaluations_of(s.p_a))) == 86.4  # 0.6*84 + 0.4*90
    jobs.transition_placement(s.ent_user, s.p_a, "completed")
    with pytest.raises(Conflict):  # locked once completed
        evaluations.submit_evaluation(s.mentor, s.p_a, {"scores": {"素养": 10, "技能": 10}})


# ---- agreement and insurance dates ------------------------------------------------------------

def _accepted(s, **docs):
    student = factories.make_student(s.school)
    start = today() - timedelta(days=1)
    return running_placement(student, s.pos_a, start=start, end=start + timedelta(days=90), status="accepted",
                             agreement_file="a.pdf", insurer="人保", policy_no="PL-1", **docs)


def test_insurance_period_must_cover_the_placement(s):
    p = _accepted(s, agreement_signed_date=today() - timedelta(days=10), insurance_start=today() - timedelta(days=1),
                  insurance_end=today() + timedelta(days=30))
    with pytest.raises(ValidationError) as exc:
        jobs.transition_placement(s.ent_user, p, "active")
    assert set(exc.value.fields) == {"insurance_end"}
    p.insurance_end = p.end_date
    p.insurance_start = p.start_date + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        jobs.transition_placement(s.ent_user, p, "active")
    assert set(exc.value.fields) == {"insurance_start"}
    p.insurance_start = p.start_date
    jobs.transition_placement(s.ent_user, p, "active")


def test_agreement_must_be_dated_on_or_before_the_start(s):
    p = _accepted(s, agreement_signed_date=today() + timedelta(days=1), insurance_start=today() - timedelta(days=1),
                  insurance_end=today() + timedelta(days=100))
    with pytest.raises(ValidationError) as exc:
        jobs.transition_placement(s.ent_user, p, "active")
    assert set(exc.value.fields) == {"agreement_signed_date"}


def test_no_active_before_the_start_date(s):
    p = _accepted(s, agreement_signed_date=today(), insurance_start=today(), insurance_end=today() + timedelta(days=200))
    p.start_date = today() + timedelta(days=3)
    with pytest.raises(ValidationError) as exc:
        jobs.transition_placement(s.ent_user, p, "active")
    assert set(exc.value.fields) == {"start_date"}


# ---- incidents and the thread -----------------------------------------------------------------

def test_incident_register_and_serious_incidents(s):
    with pytest.raises(ValidationError) as exc:
        incidents.report_incident(s.student_user, s.p_a, {"kind": "flood", "description": ""})
    assert {"kind", "description", "occurred_on"} <= set(exc.value.fields)
    minor = incidents.report_incident(s.student_user, s.p_a, {"occurred_on": today(), "kind": "wage",
                                                              "description": "加班费未按时发放"})
    serious = incidents.report_incident(s.mentor, s.p_a, {"occurred_on": today(), "kind": "injury",
                                                          "severity": "serious", "description": "手部划伤送医"})
    with pytest.raises(NotFound):
        incidents.report_incident(s.mentor_b, s.p_a, {"occurred_on": today(), "kind": "other", "description": "x"})
    with pytest.raises(NotAllowed):
        incidents.update_incident(s.student_user, minor, {"status": "closed"})
    assert incidents.serious_incidents(s.consortium.id, today() - timedelta(days=365)) == [serious]
    assert incidents.serious_incidents(s.consortium.id, today() + timedelta(days=1)) == []
    assert incidents.open_serious_incidents(s.admin, s.consortium.id) == [serious]
    incidents.update_incident(s.school_user, serious, {"handling": "已送医，工伤保险报案", "status": "closed"})
    assert serious.closed_at is not None and incidents.open_serious_incidents(s.admin, s.consortium.id) == []


def test_message_thread_notifies_the_others(s):
    sup.post_message(s.student_user, s.p_a, "王老师好，本周调到装配线。")
    assert db.session.query(Notification).filter_by(user_id=s.mentor.id).filter(
        Notification.message.contains("留言")).count() == 1
    with pytest.raises(NotAllowed):
        sup.post_message(s.mentor_b, s.p_a, "路过")
    assert [m.body for m in sup.list_messages(s.sup_user, s.p_a)] == ["王老师好，本周调到装配线。"]


def test_programme_cadence_and_teacher_practice_mentor(s):
    from consortium.jobs.models import Programme

    programme = Programme(consortium_id=s.consortium.id, name="甲订单班", school_id=s.school.id,
                          enterprise_id=s.enterprise.id, start_date=date(2025, 9, 1))
    programme.students = [s.stu]
    db.session.add(programme)
    db.session.flush()
    with pytest.raises(NotAllowed):
        sup.set_programme_cadence(s.ent_user, programme, "daily")
    assert sup.set_programme_cadence(s.school_user, programme, "daily") == 1
    assert sup.cadence_of(s.p_a) == "daily"
    # a teacher on practice gets a mentor too, writes logs, and completes without the student gate
    teacher = factories.make_teacher(s.school, name="实践教师")
    teacher_user = factories.make_user("practice", "teacher", consortium=s.consortium)
    factories.link_account(teacher_user.id, teacher)
    practice = factories.make_practice(teacher, s.enterprise, start_date=today() - timedelta(days=10),
                                       end_date=today() + timedelta(days=30))
    sup.add_mentor(s.ent_user, practice, s.mentor)
    with pytest.raises(NotAllowed):  # no school supervisor for a teacher's practice
        sup.assign_supervisor(s.school_user, practice, s.sup_user)
    log = sup.write_log(teacher_user, practice, body="参与产线改造方案讨论")
    sup.countersign(s.mentor, log, "approve")
    assert {r["placement"].id for r in sup.interns(teacher_user, s.consortium.id)} == {practice.id}
    jobs.transition_placement(s.ent_user, practice, "completed")
