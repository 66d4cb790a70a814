"""What each role's landing page summarises."""
from datetime import date

from sqlalchemy import func, select

from ..auth.models import User
from ..extensions import db
from ..members.models import EnterpriseYear, Member
from ..members.services import member_counts


def dashboard_summary(actor, consortium) -> dict:
    """Figures for the landing page of the acting user's role."""
    today = date.today()
    if actor.role == "admin":
        counts = member_counts(consortium.id, today.year)
        users = dict(db.session.execute(
            select(User.role, func.count()).where((User.consortium_id == consortium.id) | User.consortium_id.is_(None))
            .group_by(User.role)).all())
        missing = db.session.scalars(
            select(Member.name).where(Member.consortium_id == consortium.id, Member.type == "enterprise",
                                      ~select(EnterpriseYear.id).where(EnterpriseYear.member_id == Member.id,
                                                                       EnterpriseYear.year == today.year - 1).exists())
            .order_by(Member.name)).all()
        return {"template": "admin", "member_counts": counts, "member_total": sum(counts.values()),
                "user_counts": users, "missing_enterprise_years": missing, "last_year": today.year - 1}
    if actor.role in ("enterprise", "school"):
        return {"template": "org", "member": actor.member}
    return {"template": "person"}
