"""An engagement tells the host school and the teacher; the host's confirmation tells the employer."""
from consortium.extensions import db
from consortium.jobs.models import Notification
from consortium.teachers import services

from .test_services import _new


def _messages(user):
    return [n.message for n in db.session.query(Notification).filter_by(user_id=user.id)]


def test_engagement_notifies_host_and_confirmation_notifies_employer(ex):
    w = ex.w
    e = _new(w.ent_user, ex.expert, w.school)
    assert any("请授课学校确认" in m for m in _messages(w.school_user))
    assert not _messages(ex.school_b_user)
    services.confirm_engagement(w.school_user, e)
    assert any("确认了" in m for m in _messages(w.ent_user))
