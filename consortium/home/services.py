"""What each role's landing page summarises."""

from sqlalchemy import func, select

from .. import datacache
from ..auth.models import User
from ..extensions import db
from ..timeutil import today as current_day
from ..members.models import EnterpriseYear, Member
from ..members.services import member_counts


def dashboard_summary(actor, consortium) -> dict:
    """Figures for the landing page of the acting user's role."""
    today = current_day()
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
                "user_counts": users, "missing_enterprise_years": missing, "last_year": today.year - 1,
                "jobs": job_counts(actor, consortium.id)}
    if actor.role in ("enterprise", "school"):
        return {"template": "org", "member": actor.member, "jobs": job_counts(actor, consortium.id)}
    return {"template": "person", "jobs": job_counts(actor, consortium.id)}


def _count(stmt) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def job_counts(actor, consortium_id: int) -> dict:
    """Live figures of the job side for the actor: open positions, pending applications, placements. Counted
    once per change of the consortium's data (datacache), per day and per what the actor may see."""
    scope = (actor.role, actor.id, actor.member_id or 0, actor.student_id or 0, actor.teacher_id or 0,
             current_day().isoformat())
    return dict(datacache.cached("job_counts", consortium_id, scope, lambda: _job_counts(actor, consortium_id)))


def _job_counts(actor, consortium_id: int) -> dict:
    from ..jobs.applications import list_applications
    from ..jobs.placements import list_placements, overlapping_pairs
    from ..jobs.positions import list_positions

    if actor.role in ("student", "teacher") and actor.student_id is None and actor.teacher_id is None:
        return {"linked": False}
    counts = {"linked": True,
              "open_positions": _count(list_positions(actor, consortium_id, status="open", open_slots=True)),
              "pending_applications": _count(list_applications(actor, consortium_id, status="pending")),
              "active_placements": _count(list_placements(actor, consortium_id, status="active"))}
    if actor.role in ("admin", "enterprise", "school"):
        counts["missing_documents"] = _count(list_placements(actor, consortium_id, missing_documents=True))
    if actor.role == "admin":
        # A self-join of the consortium's counted placements: computed once per change of its data.
        counts["overlaps"] = datacache.cached("overlaps", consortium_id, (),
                                                 lambda: len(overlapping_pairs(actor, consortium_id)))
    return counts
