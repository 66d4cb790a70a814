"""A training request notifies the secretariat, the assigned school and the enterprise along its way."""
from datetime import date

from consortium.extensions import db
from consortium.jobs.models import Notification
from consortium.training import request_services

from .. import factories


def _messages(user):
    return [n.message for n in db.session.query(Notification).filter_by(user_id=user.id)]


def test_request_assignment_plan_and_cancel_notify_the_parties(ctx):
    w = factories.build_world()
    req = request_services.create_request(w.ent_user, w.consortium, {
        "topic": "数控机床操作岗前培训", "kind": "pre_job", "audience": "enterprise_employees", "headcount": 20,
        "preferred_start": date(2026, 9, 1), "preferred_end": date(2026, 9, 3)})
    assert any("数控机床操作岗前培训" in m for m in _messages(w.admin))
    request_services.assign_request(w.admin, req, w.school.id)
    assert any("请排期" in m for m in _messages(w.school_user))
    assert any("已分派给" in m for m in _messages(w.ent_user))
    assert not _messages(w.other_ent_user)
    request_services.cancel_request(w.ent_user, req)
    assert any("已取消" in m for m in _messages(w.school_user))
