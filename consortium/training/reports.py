"""Training figures and overviews: the records of `loading.py` fed to the pure figures of `figures.training`."""
from decimal import Decimal

from sqlalchemy import func, select

from ..access import require_consortium_admin
from ..extensions import db
from ..figures import training as figures_of
from ..figures.core import Figure
from .loading import planned_session_records, training_inputs
from .models import TrainingRequest
from .request_services import list_requests
from .services import is_enterprise_user, list_sessions, require_member_user


def training_figures(consortium_id: int, year: int) -> dict[str, Figure]:
    """The training figures of the book for year Y, each with the ids of its records."""
    return figures_of.training_figures(training_inputs(consortium_id, year, year), year)


def secretariat_overview(actor, consortium, year: int, span: int = 5) -> dict:
    """Year Y's person-days by kind × audience, by month, and the totals of the last `span` years."""
    require_consortium_admin(actor, consortium.id)
    records = training_inputs(consortium.id, year - span + 1, year)
    figures = figures_of.training_figures(records, year)
    trend = []
    for y in range(year - span + 1, year + 1):
        by_kind = {k: fn(records, y).value for k, fn in figures_of.BY_KIND.items()}
        trend.append((y, by_kind))
    return {"figures": figures, "table": figures_of.person_days_table(records, year),
            "monthly": figures_of.person_days_by_month(records, year), "trend": trend,
            "request_counts": request_counts(consortium.id)}


def request_counts(consortium_id: int) -> dict[str, int]:
    rows = db.session.execute(select(TrainingRequest.status, func.count()).where(
        TrainingRequest.consortium_id == consortium_id).group_by(TrainingRequest.status)).all()
    return dict(rows)


def plan_table(actor, consortium, year: int) -> dict:
    """Planned (sessions with plan_year = Y: declared participants × days) against delivered person-days
    (the book's figures: counted sessions ending in Y), by kind and by audience."""
    require_consortium_admin(actor, consortium.id)
    planned = planned_session_records(consortium.id, year)
    delivered = figures_of.counted_sessions(training_inputs(consortium.id, year, year), year)

    def group(attr, keys):
        rows = []
        for key in keys:
            p = sum((figures_of.session_person_days(s) for s in planned if getattr(s, attr) == key), Decimal(0))
            d = sum((figures_of.session_person_days(s) for s in delivered if getattr(s, attr) == key), Decimal(0))
            rows.append({"key": key, "planned": p, "delivered": d,
                         "rate": (d * 100 / p).quantize(Decimal("0.1")) if p else None,
                         "planned_sessions": sum(1 for s in planned if getattr(s, attr) == key),
                         "delivered_sessions": sum(1 for s in delivered if getattr(s, attr) == key)})
        return rows

    by_kind, by_audience = group("kind", figures_of.KIND_KEYS), group("audience", figures_of.AUDIENCE_KEYS)
    total_p = sum((r["planned"] for r in by_kind), Decimal(0))
    total_d = sum((r["delivered"] for r in by_kind), Decimal(0))
    return {"by_kind": by_kind, "by_audience": by_audience, "planned_total": total_p, "delivered_total": total_d,
            "rate": (total_d * 100 / total_p).quantize(Decimal("0.1")) if total_p else None}


def organization_overview(actor, consortium, year: int) -> dict:
    """What an enterprise's employees were trained in, or what a school delivered, in year Y."""
    require_member_user(actor, consortium.id)
    sessions = list(db.session.scalars(list_sessions(actor, consortium.id, year=year)))
    requests = list(db.session.scalars(list_requests(actor, consortium.id)))
    open_requests = [r for r in requests if r.display_status in ("submitted", "assigned", "planned")]
    if is_enterprise_user(actor):
        own = actor.member_id
        trained = [(s, sum(1 for e in s.roster if e.employer_id == own and e.status == "completed")
                    if any(e.employer_id == own for e in s.roster) else s.effective_participants)
                   for s in sessions]
        return {"sessions": sessions, "trained": trained, "requests": requests, "open_requests": open_requests,
                "employees_trained": sum(n for _s, n in trained), "for_enterprise": True}
    total = sum((s.person_days for s in sessions), Decimal(0))
    return {"sessions": sessions, "requests": requests, "open_requests": open_requests, "person_days": total,
            "participants": sum(s.effective_participants for s in sessions), "for_enterprise": False}
