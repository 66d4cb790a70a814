"""Open positions ranked for one student or teacher, with the matcher's score and reasons."""
from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from .models import SLOT_STATUSES, Application, Placement, Position
from .services import _candidate_filter, candidate_of, kinds_for

try:  # the matcher is pure; without it the list falls back to the start date order
    from ..matcher.components import explain_pair
    from ..matcher.core import Candidate as MatchCandidate, Position as MatchPosition
except ImportError:  # pragma: no cover - only while the matching package is missing
    explain_pair = None


@dataclass
class Recommendation:
    position: Position
    score: float | None
    reasons: tuple = ()
    application: Application | None = None


def _match_candidate(candidate, busy) -> "MatchCandidate":
    if candidate.kind == "student":
        major, code = candidate.major or "", candidate.major_code or ""
    else:
        major, code = candidate.subject or "", ""
    return MatchCandidate(id=str(candidate.id), kind=candidate.kind, org=str(candidate.org.id), major=major,
                          major_code=code, skills=tuple(candidate.skills or ()), city=candidate.city or "",
                          busy=tuple(busy))


def _match_position(p: Position) -> "MatchPosition":
    return MatchPosition(id=str(p.id), kind=p.kind, enterprise=str(p.enterprise_id), title=p.title,
                         majors=tuple(p.majors or ()), skills=tuple(p.skills or ()), city=p.city or "",
                         slots=p.slots, filled=p.filled, start=p.start_date, end=p.end_date, status=p.status)


def recommended_positions(actor, consortium_id: int) -> list[Recommendation]:
    """Open positions of the candidate's kind, best match first (full ones are left out)."""
    candidate = candidate_of(actor)
    positions = db.session.scalars(select(Position).where(
        Position.consortium_id == consortium_id, Position.status == "open", Position.kind.in_(kinds_for(candidate)),
        Position.filled < Position.slots).order_by(Position.start_date, Position.code)).all()
    applications = {a.position_id: a for a in db.session.scalars(
        select(Application).where(_candidate_filter(Application, candidate)))}
    if explain_pair is None:
        return [Recommendation(p, None, (), applications.get(p.id)) for p in positions]
    busy = [(pl.start_date, pl.end_date) for pl in db.session.scalars(select(Placement).where(
        _candidate_filter(Placement, candidate), Placement.status.in_(SLOT_STATUSES)))]
    who = _match_candidate(candidate, busy)
    out = []
    for p in positions:
        pair = explain_pair(who, _match_position(p))
        out.append(Recommendation(p, pair.score, pair.reasons, applications.get(p.id)))
    out.sort(key=lambda r: (-(r.score or 0), r.position.start_date, r.position.code))
    return out
