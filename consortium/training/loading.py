"""Training rows → the plain records the book figures read: sessions (with their roster's completed count)
and certificates. The one place these records are built from the database."""
from datetime import date

from sqlalchemy import case, func, select

from ..extensions import db
from ..figures.records import CertificateRecord, SessionRecord, YearRecords
from ..members.loading import member_records
from .models import Certificate, RosterEntry, TrainingSession


def _roster_counts():
    """Per session: roster size and completed count (one aggregate subquery)."""
    return (select(RosterEntry.session_id.label("session_id"), func.count().label("total"),
                   func.sum(case((RosterEntry.status == "completed", 1), else_=0)).label("completed"))
            .group_by(RosterEntry.session_id).subquery())


def session_records(consortium_id: int) -> list[SessionRecord]:
    """Every session of the consortium; `roster_completed` is None where no roster is kept."""
    counts = _roster_counts()
    rows = db.session.execute(
        select(TrainingSession.id, TrainingSession.kind, TrainingSession.audience, TrainingSession.provider_id,
               TrainingSession.start_date, TrainingSession.end_date, TrainingSession.days,
               TrainingSession.participants, counts.c.total, counts.c.completed)
        .outerjoin(counts, counts.c.session_id == TrainingSession.id)
        .where(TrainingSession.consortium_id == consortium_id)).all()
    return [SessionRecord(id=r.id, kind=r.kind, audience=r.audience, provider_id=r.provider_id,
                          start_date=r.start_date, end_date=r.end_date, days=r.days, participants=r.participants,
                          roster_completed=int(r.completed or 0) if r.total else None) for r in rows]


def planned_session_records(consortium_id: int, plan_year: int) -> list[SessionRecord]:
    """Sessions planned for a year, with their declared participants (the plan, not what was delivered)."""
    rows = db.session.execute(
        select(TrainingSession.id, TrainingSession.kind, TrainingSession.audience, TrainingSession.start_date,
               TrainingSession.end_date, TrainingSession.days, TrainingSession.participants)
        .where(TrainingSession.consortium_id == consortium_id, TrainingSession.plan_year == plan_year)).all()
    return [SessionRecord(id=r.id, kind=r.kind, audience=r.audience, provider_id=None, start_date=r.start_date,
                          end_date=r.end_date, days=r.days, participants=r.participants) for r in rows]


def certificate_records(consortium_id: int, first_year: int, last_year: int) -> list[CertificateRecord]:
    """Certificates issued in the years first…last."""
    return [CertificateRecord(id=r.id, issued_date=r.issued_date, issuer_id=r.issuer_id, session_id=r.session_id)
            for r in db.session.execute(
                select(Certificate.id, Certificate.issued_date, Certificate.issuer_id, Certificate.session_id)
                .where(Certificate.consortium_id == consortium_id,
                       Certificate.issued_date >= date(first_year, 1, 1),
                       Certificate.issued_date <= date(last_year, 12, 31)))]


def training_inputs(consortium_id: int, first_year: int, last_year: int) -> YearRecords:
    """What the training figures of years first…last read: members, sessions, certificates."""
    return YearRecords(members=member_records(consortium_id), sessions=session_records(consortium_id),
                       certificates=certificate_records(consortium_id, first_year, last_year))
