"""A consortium with two schools, two enterprises, their teachers and users, for the teacher-exchange tests."""
from datetime import date
from types import SimpleNamespace

import pytest

from consortium.extensions import db as _db
from tests import factories


def build_exchange():
    """The shared world plus a second school and its user, and one teacher per organization."""
    w = factories.build_world()
    school_b = factories.make_member(w.consortium, name="郑州第二职业中专", type="secondary_vocational")
    late_school = factories.make_member(w.consortium, name="后加入的职业学院", type="higher_vocational",
                                        joined_date=date(2025, 1, 1))
    school_b_user = factories.make_user("school_b", "school", member=school_b)
    expert = factories.make_teacher(w.enterprise, name="王工程师", staff_no="E001")
    other_expert = factories.make_teacher(w.other_enterprise, name="赵技师", staff_no="E002")
    teacher_a = factories.make_teacher(w.school, name="李老师", staff_no="S001", dual_qualified=True)
    teacher_b = factories.make_teacher(school_b, name="陈老师", staff_no="S002")
    return SimpleNamespace(w=w, school_b=school_b, late_school=late_school, school_b_user=school_b_user,
                           expert=expert, other_expert=other_expert, teacher_a=teacher_a, teacher_b=teacher_b)


@pytest.fixture
def ex(db):
    """Objects in the test's own session (for calling services)."""
    return build_exchange()


@pytest.fixture
def ex_ids(app):
    """Committed ids, for page and API tests through the test client."""
    with app.app_context():
        x = build_exchange()
        _db.session.commit()
        ids = SimpleNamespace(**vars(factories.world_ids(x.w)),
                              **{k: getattr(x, k).id for k in ("school_b", "late_school", "school_b_user", "expert",
                                                               "other_expert", "teacher_a", "teacher_b")})
        _db.session.remove()
    return ids
