"""What a user may do in training, the teacher exchange and the records, asked of the services (`can_…`), and
the pages that show or hide their buttons by the same answers."""
import pytest

from consortium.records import services as records
from consortium.teachers import services as teachers
from consortium.training import services as training

from .. import factories
from .test_training import switch_user


@pytest.fixture
def users(db):
    w = factories.build_world()
    db.session.flush()
    return w


def test_training_permissions_by_role(users):
    w, cid = users, users.consortium.id
    assert [training.can_create_session(u, cid) for u in (w.admin, w.school_user, w.ent_user, w.teacher_user)] \
        == [True, True, False, False]
    assert [training.can_create_certificate(u, cid) for u in (w.admin, w.school_user, w.ent_user)] == [True, True, False]
    assert [training.can_create_request(u, cid) for u in (w.admin, w.school_user, w.ent_user)] == [True, False, True]
    assert [training.can_see_plan(u, cid) for u in (w.admin, w.school_user, w.ent_user)] == [True, False, False]


def test_teacher_exchange_permissions_by_role(users):
    w, cid = users, users.consortium.id
    assert [teachers.can_create_engagement(u, cid) for u in (w.admin, w.school_user, w.ent_user, w.teacher_user)] \
        == [True, True, True, False]
    assert [teachers.has_member_flow(u) for u in (w.admin, w.school_user, w.ent_user, w.teacher_user)] \
        == [False, True, True, False]
    assert teachers.target_school(w.school_user, None) == w.school


def test_records_own_side(users):
    w = users
    assert records.own_rd_side(w.school_user) == "school_id"
    assert records.own_rd_side(w.ent_user) == "enterprise_id"
    assert records.own_rd_side(w.admin) is None
    assert records.own_organization_id(w.ent_user) == w.enterprise.id


def test_pages_follow_the_services_answers(browser, world):
    browser.login("ent_a")
    assert "training/sessions/new" not in browser.get("/training/sessions").text
    assert "/training/plan" not in browser.get("/training").text
    assert browser.get("/training/sessions/new").status_code == 403
    switch_user(browser)
    browser.login("school")
    assert "training/sessions/new" in browser.get("/training/sessions").text
    assert 'name="side"' in browser.get("/engagements").text
    switch_user(browser)
    browser.login("admin")
    assert "/training/plan" in browser.get("/training").text
    assert 'name="side"' not in browser.get("/engagements").text
