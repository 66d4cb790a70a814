"""Engagement rules and permissions, sessions, targets, flows and figures from the database."""
from datetime import date
from decimal import Decimal

import pytest

from consortium.errors import NotAllowed, NotFound, ValidationError
from consortium.teachers import reports, services
from tests import factories


def _new(actor, teacher, host, **kw):
    data = {"teacher_id": teacher.id, "host_id": host.id, "course": "工业机器人编程", "start_date": date(2024, 3, 1),
            **kw}
    return services.create_engagement(actor, host.consortium_id, data)


def test_enterprise_records_its_experts_engagement_and_host_confirms(ex):
    w = ex.w
    e = _new(w.ent_user, ex.expert, w.school, class_hours=Decimal("32"))
    assert not e.confirmed_by_host
    assert services.engagement_kind_of(e) == "enterprise_part_time"
    services.confirm_engagement(w.school_user, e)
    assert e.confirmed_by_host and e.confirmed_by_id == w.school_user.id


def test_another_school_cannot_confirm(ex):
    e = _new(ex.w.ent_user, ex.expert, ex.w.school)
    with pytest.raises(NotFound):  # school B knows nothing of this engagement
        services.get_engagement(ex.school_b_user, e.id)
    with pytest.raises(NotAllowed):
        services.confirm_engagement(ex.school_b_user, e)
    with pytest.raises(NotAllowed):  # the employer cannot confirm its own engagement either
        services.confirm_engagement(ex.w.ent_user, e)


def test_enterprise_cannot_edit_another_enterprises_expert(ex):
    w = ex.w
    e = _new(w.ent_user, ex.expert, w.school)
    with pytest.raises(NotFound):
        services.get_engagement(w.other_ent_user, e.id)
    with pytest.raises(NotAllowed):
        services.update_engagement(w.other_ent_user, e, {"course": "改名"})
    with pytest.raises(ValidationError) as err:  # nor record one for a teacher it does not employ
        _new(w.other_ent_user, ex.expert, w.school)
    assert "teacher_id" in err.value.fields


def test_host_cannot_edit_but_sees_it(ex):
    e = _new(ex.w.ent_user, ex.expert, ex.w.school)
    assert services.get_engagement(ex.w.school_user, e.id) is e
    with pytest.raises(NotAllowed):
        services.update_engagement(ex.w.school_user, e, {"course": "改名"})


def test_students_and_unrelated_teachers_are_refused(ex):
    e = _new(ex.w.ent_user, ex.expert, ex.w.school)
    student = factories.make_user("stu2", "student", consortium=ex.w.consortium)
    with pytest.raises(NotFound):
        services.get_engagement(student, e.id)
    with pytest.raises(NotAllowed):
        services.list_engagements(student, ex.w.consortium.id)


def test_host_must_be_a_school_and_dates_ordered(ex):
    with pytest.raises(ValidationError) as err:
        _new(ex.w.ent_user, ex.expert, ex.w.other_enterprise, start_date=date(2024, 3, 1), end_date=date(2024, 2, 1))
    assert set(err.value.fields) >= {"host_id"}
    with pytest.raises(ValidationError) as err:
        _new(ex.w.ent_user, ex.expert, ex.w.school, end_date=date(2024, 2, 1))
    assert "end_date" in err.value.fields


def test_natural_key_is_unique(ex):
    _new(ex.w.ent_user, ex.expert, ex.w.school)
    with pytest.raises(ValidationError) as err:
        _new(ex.w.ent_user, ex.expert, ex.w.school, course="另一门课")
    assert "start_date" in err.value.fields


def test_logged_sessions_replace_the_declared_total_and_edits_withdraw_confirmation(ex):
    w = ex.w
    e = _new(w.ent_user, ex.expert, w.school, class_hours=Decimal("40"))
    services.confirm_engagement(w.school_user, e)
    assert e.total_hours == Decimal("40") and e.hours_source == "declared"
    services.log_session(w.ent_user, e, {"date": date(2024, 3, 5), "hours": Decimal("4"), "topic": "示教器"})
    services.log_session(w.school_user, e, {"date": date(2024, 3, 12), "hours": Decimal("3.5")})
    assert e.total_hours == Decimal("7.5") and e.hours_source == "logged"
    assert not e.confirmed_by_host  # the employer's log needs a new confirmation
    services.confirm_engagement(w.school_user, e)
    services.log_session(w.school_user, e, {"date": date(2024, 3, 19), "hours": Decimal("2")})
    assert e.confirmed_by_host  # the host's own log keeps it
    services.update_engagement(w.ent_user, e, {"course": "工业机器人编程（二）"})
    assert not e.confirmed_by_host


def test_session_outside_the_engagement_is_refused(ex):
    e = _new(ex.w.ent_user, ex.expert, ex.w.school, end_date=date(2024, 6, 30))
    with pytest.raises(ValidationError) as err:
        services.log_session(ex.w.ent_user, e, {"date": date(2024, 7, 1), "hours": Decimal("2")})
    assert "date" in err.value.fields
    with pytest.raises(NotAllowed):
        services.log_session(ex.school_b_user, e, {"date": date(2024, 3, 2), "hours": Decimal("2")})


def test_practice_target_only_for_own_school(ex):
    target = services.set_practice_target(ex.w.school_user, ex.w.school, 2024, Decimal("1.0"))
    assert target.months_per_teacher == Decimal("1.0")
    with pytest.raises(NotAllowed):
        services.set_practice_target(ex.school_b_user, ex.w.school, 2024, Decimal("2"))
    with pytest.raises(NotAllowed):
        services.set_practice_target(ex.w.ent_user, ex.w.school, 2024, Decimal("2"))
    with pytest.raises(ValidationError):
        services.set_practice_target(ex.w.admin, ex.w.enterprise, 2024, Decimal("1"))


def test_figures_from_the_database(ex):
    w = ex.w
    e1 = _new(w.ent_user, ex.expert, w.school, class_hours=Decimal("40"))
    services.log_session(w.ent_user, e1, {"date": date(2024, 3, 5), "hours": Decimal("6")})  # logs win: 6
    _new(w.school_user, ex.teacher_a, ex.school_b, class_hours=Decimal("20"))          # inter-school
    _new(w.school_user, ex.teacher_a, w.school, class_hours=Decimal("99"))             # own school: nothing
    _new(ex.school_b_user, ex.teacher_b, w.school, start_date=date(2023, 11, 1), class_hours=Decimal("8"))
    _new(w.admin, ex.teacher_b, ex.late_school, class_hours=Decimal("5"))  # host joins 2025: not in 2024
    factories.make_practice(ex.teacher_a, w.enterprise, start_date=date(2023, 12, 1), end_date=date(2024, 1, 31))
    factories.make_practice(ex.teacher_b, w.enterprise, start_date=date(2024, 5, 1), status="proposed")
    f = reports.figures(w.consortium.id, 2024)
    assert f["teachers.enterprise_part_time.person_times"].value == 1
    assert f["teachers.enterprise_part_time.class_hours"].value == Decimal("6")
    assert f["teachers.inter_school_part_time.person_times"].value == 1
    assert f["teachers.inter_school_part_time.class_hours"].value == Decimal("20")
    assert f["teachers.enterprise_practice.person_months"].value == Decimal("1.0")
    assert f["teachers.dual_qualified.count"].value == 1
    assert reports.figures(w.consortium.id, 2023)["teachers.inter_school_part_time.person_times"].value == 1


def test_member_flow_and_target_progress(ex):
    w = ex.w
    _new(w.ent_user, ex.expert, w.school, class_hours=Decimal("12"))
    _new(w.school_user, ex.teacher_a, ex.school_b, class_hours=Decimal("20"))
    factories.make_practice(ex.teacher_a, w.enterprise, start_date=date(2024, 7, 1), end_date=date(2024, 8, 14))
    services.set_practice_target(w.school_user, w.school, 2024, Decimal("1.0"))
    flow = reports.member_flow(w.school_user, w.school, 2024)
    assert len(flow["sent"]) == 1 and flow["sent_hours"] == Decimal("20")
    assert len(flow["received"]) == 1 and flow["received_hours"] == Decimal("12")
    assert flow["practice_months"] == Decimal("1.5")
    assert flow["teacher_count"] == 1 and flow["teachers_meeting_target"] == 1
    ent = reports.member_flow(w.ent_user, w.enterprise, 2024)
    assert len(ent["sent"]) == 1 and ent["practice_months"] == Decimal("1.5")
    with pytest.raises(NotAllowed):
        reports.member_flow(w.other_ent_user, w.enterprise, 2024)


def test_teacher_record_visibility(ex):
    w = ex.w
    e = _new(w.ent_user, ex.expert, w.school)
    assert services.get_record_teacher(w.school_user, ex.expert.id) is ex.expert  # hosts it
    with pytest.raises(NotFound):
        services.get_record_teacher(ex.school_b_user, ex.expert.id)
    with pytest.raises(NotFound):
        services.get_record_teacher(w.other_ent_user, ex.expert.id)
    services.add_evidence(w.ent_user, ex.expert, {"kind": "certificate", "title": "高级技师证书"})
    with pytest.raises(NotAllowed):
        services.add_evidence(w.school_user, ex.expert, {"kind": "certificate", "title": "x"})
    record = reports.teacher_record(w.school_user, ex.expert, 2024)
    assert [x.id for x in record["engagements"]] == [e.id] and len(record["evidence"]) == 1
