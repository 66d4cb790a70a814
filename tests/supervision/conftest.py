"""A running internship with its people: school A's student at enterprise A, a supervisor and a mentor,
plus a second school and enterprise for the permission cases."""
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from consortium.timeutil import today
from consortium.extensions import db
from consortium.jobs.models import Placement
from consortium.supervision import services as sup

from .. import factories


def running_placement(student, position, *, start=None, end=None, status="active", **docs):
    start = start or today() - timedelta(days=21)
    placement = Placement(position_id=position.id, student_id=student.id, status=status, start_date=start,
                          end_date=end or start + timedelta(days=120), source="record", **docs)
    db.session.add(placement)
    db.session.flush()
    return placement


def build(admin_too=True):
    w = factories.build_world()
    other_school = factories.make_member(w.consortium, name="乙职业学院", type="higher_vocational")
    stu = factories.make_student(w.school, name="张三")
    stu2 = factories.make_student(other_school, name="李四")
    factories.link_account(w.student_user.id, stu)
    stu2_user = factories.make_user("stu2", "student", consortium=w.consortium)
    factories.link_account(stu2_user.id, stu2)
    sup_teacher = factories.make_teacher(w.school, name="王老师")
    sup_user = factories.make_user("sup", "teacher", consortium=w.consortium)
    factories.link_account(sup_user.id, sup_teacher)
    other_teacher = factories.make_teacher(other_school, name="赵老师")
    other_sup = factories.make_user("sup_b", "teacher", consortium=w.consortium)
    factories.link_account(other_sup.id, other_teacher)
    mentor = factories.make_user("mentor_a", "enterprise", member=w.enterprise)
    mentor_b = factories.make_user("mentor_b", "enterprise", member=w.other_enterprise)
    pos_a = factories.make_position(w.enterprise, code="PA", start_date=date(2025, 1, 1), end_date=None)
    pos_b = factories.make_position(w.other_enterprise, code="PB", start_date=date(2025, 1, 1), end_date=None)
    p_a = running_placement(stu, pos_a)
    p_b = running_placement(stu2, pos_b)
    sup.assign_supervisor(w.school_user, p_a, sup_user)
    sup.add_mentor(w.ent_user, p_a, mentor)
    other_school_user = factories.make_user("school_b", "school", member=other_school)
    sup.assign_supervisor(other_school_user, p_b, other_sup)
    sup.add_mentor(w.other_ent_user, p_b, mentor_b)
    db.session.flush()
    return SimpleNamespace(**vars(w), other_school=other_school, stu=stu, stu2=stu2, stu2_user=stu2_user,
                           sup_user=sup_user, other_sup=other_sup, mentor=mentor, mentor_b=mentor_b, pos_a=pos_a,
                           pos_b=pos_b, p_a=p_a, p_b=p_b, other_school_user=other_school_user)


@pytest.fixture
def s(ctx):
    return build()


@pytest.fixture
def s_ids(app):
    """The same world committed, as ids, for page and API tests."""
    with app.app_context():
        world = build()
        db.session.commit()
        ids = SimpleNamespace(p_a=world.p_a.id, p_b=world.p_b.id, pos_a=world.pos_a.id, school=world.school.id)
        db.session.remove()
    return ids
