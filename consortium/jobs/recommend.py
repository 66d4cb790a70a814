"""Open positions ranked for one student or teacher, with the matcher's score and reasons."""
from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..matcher.components import explain_pair
from .candidates import candidate_filter, candidate_of, kinds_for
from .match_inputs import match_candidate, match_position
from .models import Application, Placement, Position
from ..vocab import SLOT_STATUSES


@dataclass
class Recommendation:
    position: Position
    score: float | None
    reasons: tuple = ()
    application: Application | None = None


def recommended_positions(actor, consortium_id: int) -> list[Recommendation]:
    """Open positions of the candidate's kind, best match first (full ones are left out)."""
    candidate = candidate_of(actor)
    positions = db.session.scalars(select(Position).where(
        Position.consortium_id == consortium_id, Position.status == "open", Position.kind.in_(kinds_for(candidate)),
        Position.filled < Position.slots).order_by(Position.start_date, Position.code)).all()
    applications = {a.position_id: a for a in db.session.scalars(
        select(Application).where(candidate_filter(Application, candidate)))}
    busy = [(pl.start_date, pl.end_date) for pl in db.session.scalars(select(Placement).where(
        candidate_filter(Placement, candidate), Placement.status.in_(SLOT_STATUSES)))]
    who = match_candidate(candidate, busy=busy)
    out = []
    for p in positions:
        pair = explain_pair(who, match_position(p))
        out.append(Recommendation(p, pair.score, pair.reasons, applications.get(p.id)))
    out.sort(key=lambda r: (-(r.score or 0), r.position.start_date, r.position.code))
    return out
