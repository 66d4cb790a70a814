"""The demo obeys the rules the platform enforces: a student placement that is 在岗 or 已完成 has its agreement
and insurance, or a recorded waiver — the same gate the lifecycle applies."""
from sqlalchemy import select

from .. import factories


def test_demo_placements_pass_the_compliance_gate(app):
    from consortium.demo import members as demo_members
    from consortium.extensions import db
    from consortium.jobs.models import Placement

    with app.app_context():
        demo_members.load(factories.PASSWORD)
        db.session.commit()
        rows = db.session.scalars(select(Placement).where(Placement.student_id.is_not(None),
                                                          Placement.status.in_(("active", "completed")))).all()
        assert rows, "the demo has students on site"
        broken = [(p.id, p.status, p.compliance_missing) for p in rows
                  if p.compliance_missing and not p.compliance_override]
        db.session.remove()
    assert not broken, broken
