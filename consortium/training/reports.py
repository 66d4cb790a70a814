"""Training figures and overviews from the database: rows fetched in a few queries, fed to the pure metrics."""
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, select

from ..auth.permissions import require_consortium_admin
from ..extensions import db
from ..members.models import Member
from ..params import check_year
from . import metrics
from .models import Certificate, RosterEntry, TrainingRequest, TrainingSession
from .request_services import list_requests
from .services import list_sessions, require_member_user


def _roster_counts():
    """Per session: roster size and completed count (one aggregate subquery)."""
    return (select(RosterEntry.session_id.label("session_id"), func.count().label("total"),
                   func.sum(case((RosterEntry.status == "completed", 1), else_=0)).label("completed"))
            .group_by(RosterEntry.session_id).subquery())


def metric_inputs(consortium_id: int, first_year: int, last_year: int):
    """Plain records for the pure figures of years first…last, fetched in three queries."""
    check_year(first_year, "year")
    check_year(last_year, "year")
    counts = _roster_counts()
    rows = db.session.execute(
        select(TrainingSession.id, TrainingSession.kind, TrainingSession.audience, TrainingSession.provider_id,
               TrainingSession.start_date, TrainingSession.end_date, TrainingSession.days,
               TrainingSession.participants, counts.c.total, counts.c.completed)
        .outerjoin(counts, counts.c.session_id == TrainingSession.id)
        .where(TrainingSession.consortium_id == consortium_id)).all()
    sessions = [metrics.SessionRecord(id=r.id, kind=r.kind, audience=r.audience, provider_id=r.provider_id,
                                      start_date=r.start_date, end_date=r.end_date, days=r.days,
                                      participants=r.participants,
                                      roster_completed=int(r.completed or 0) if r.total else None) for r in rows]
    certificates = [metrics.CertificateRecord(id=r.id, issued_date=r.issued_date, issuer_id=r.issuer_id,
                                              session_id=r.session_id)
                    for r in db.session.execute(
                        select(Certificate.id, Certificate.issued_date, Certificate.issuer_id, Certificate.session_id)
                        .where(Certificate.consortium_id == consortium_id,
                               Certificate.issued_date >= date(first_year, 1, 1),
                               Certificate.issued_date <= date(last_year, 12, 31)))]
    members = [metrics.MemberPeriod(r.id, r.joined_date, r.left_date) for r in db.session.execute(
        select(Member.id, Member.joined_date, Member.left_date).where(Member.consortium_id == consortium_id))]
    return sessions, certificates, members


def training_figures(consortium_id: int, year: int) -> dict[str, metrics.Figure]:
    """The training figures of the book for year Y, each with the ids of its records."""
    sessions, certificates, members = metric_inputs(consortium_id, year, year)
    return metrics.training_figures(sessions, certificates, members, year)


def secretariat_overview(actor, consortium, year: int, span: int = 5) -> dict:
    """Year Y's person-days by kind × audience, by month, and the totals of the last `span` years."""
    require_consortium_admin(actor, consortium.id)
    sessions, certificates, members = metric_inputs(consortium.id, year - span + 1, year)
    figures = metrics.training_figures(sessions, certificates, members, year)
    trend = []
    for y in range(year - span + 1, year + 1):
        by_kind = {k: metrics.by_kind_person_days(sessions, members, y, k).value for k in metrics.KIND_KEYS}
        trend.append((y, by_kind))
    return {"figures": figures, "table": metrics.person_days_table(sessions, members, year),
            "monthly": metrics.person_days_by_month(sessions, members, year), "trend": trend,
            "request_counts": request_counts(consortium.id)}


def request_counts(consortium_id: int) -> dict[str, int]:
    rows = db.session.execute(select(TrainingRequest.status, func.count()).where(
        TrainingRequest.consortium_id == consortium_id).group_by(TrainingRequest.status)).all()
    return dict(rows)


def plan_table(actor, consortium, year: int) -> dict:
    """Planned (sessions with plan_year = Y: declared participants × days) against delivered person-days
    (the book's figures: counted sessions ending in Y), by kind and by audience."""
    require_consortium_admin(actor, consortium.id)
    sessions, _certs, members = metric_inputs(consortium.id, year, year)
    planned_rows = db.session.execute(
        select(TrainingSession.id, TrainingSession.kind, TrainingSession.audience, TrainingSession.start_date,
               TrainingSession.end_date, TrainingSession.days, TrainingSession.participants)
        .where(TrainingSession.consortium_id == consortium.id, TrainingSession.plan_year == year)).all()
    planned = [metrics.SessionRecord(id=r.id, kind=r.kind, audience=r.audience, provider_id=None,
                                     start_date=r.start_date, end_date=r.end_date, days=r.days,
                                     participants=r.participants) for r in planned_rows]
    delivered = metrics.counted_sessions(sessions, members, year)

    def group(attr, keys):
        rows = []
        for key in keys:
            p = sum((metrics.session_person_days(s) for s in planned if getattr(s, attr) == key), Decimal(0))
            d = sum((metrics.session_person_days(s) for s in delivered if getattr(s, attr) == key), Decimal(0))
            rows.append({"key": key, "planned": p, "delivered": d,
                         "rate": (d * 100 / p).quantize(Decimal("0.1")) if p else None,
                         "planned_sessions": sum(1 for s in planned if getattr(s, attr) == key),
                         "delivered_sessions": sum(1 for s in delivered if getattr(s, attr) == key)})
        return rows

    by_kind, by_audience = group("kind", metrics.KIND_KEYS), group("audience", metrics.AUDIENCE_KEYS)
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
    if actor.role == "enterprise":
        own = actor.member_id
        trained = [(s, sum(1 for e in s.roster if e.employer_id == own and e.status == "completed")
                    if any(e.employer_id == own for e in s.roster) else s.effective_participants)
                   for s in sessions]
        return {"sessions": sessions, "trained": trained, "requests": requests, "open_requests": open_requests,
                "employees_trained": sum(n for _s, n in trained)}
    total = sum((s.person_days for s in sessions), Decimal(0))
    return {"sessions": sessions, "requests": requests, "open_requests": open_requests, "person_days": total,
            "participants": sum(s.effective_participants for s in sessions)}
