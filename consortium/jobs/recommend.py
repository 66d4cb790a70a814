"""Positions ranked for one student or teacher, with the matcher's score and reasons: the relevant ones, and
when there are none, the nearest ones with what is missing."""
from dataclasses import dataclass, field

from sqlalchemy import select

from ..extensions import db
from ..matcher.components import explain_pair, is_shortfall
from ..timeutil import today as consortium_today
from ..vocab import SLOT_STATUSES
from .candidates import candidate_filter, candidate_of, kinds_for
from .match_inputs import match_candidate, match_position
from .models import Application, Placement, Position
from .positions import is_offered

#: A position is recommended when its match score reaches this (0–100, see docs/matching.md): with the
#: default weights a student needs at least a related major or most of the skills to reach it.
RELEVANCE_THRESHOLD = 50.0
#: How many of the nearest positions the "可能感兴趣" section shows when none reaches the threshold.
NEARBY_COUNT = 5


@dataclass
class Recommendation:
    position: Position
    score: float | None
    reasons: tuple = ()
    application: Application | None = None
    placement: Placement | None = None  # a proposal or placement of this candidate on the position
    missing: tuple = ()  # the reasons that say what is lacking

    @property
    def taken_up(self) -> bool:
        """Already applied for (and not withdrawn) or proposed/placed: the page shows that state, not "apply"."""
        return self.placement is not None or (self.application is not None and self.application.status != "withdrawn")


@dataclass
class Recommendations:
    relevant: list = field(default_factory=list)  # at or above the threshold, best first
    nearby: list = field(default_factory=list)  # only when nothing is relevant: the nearest, with what is missing
    threshold: float = RELEVANCE_THRESHOLD


def recommended_positions(actor, consortium_id: int, today=None) -> Recommendations:
    """Positions still offered today (jobs.positions.is_offered) of the candidate's kind, best match first."""
    today = today or consortium_today()
    candidate = candidate_of(actor)
    positions = [p for p in db.session.scalars(select(Position).where(
        Position.consortium_id == consortium_id, Position.status == "open", Position.kind.in_(kinds_for(candidate)),
        Position.filled < Position.slots).order_by(Position.start_date, Position.code)) if is_offered(p, today)]
    applications = {a.position_id: a for a in db.session.scalars(
        select(Application).where(candidate_filter(Application, candidate)))}
    placements = {pl.position_id: pl for pl in db.session.scalars(
        select(Placement).where(candidate_filter(Placement, candidate)))}
    busy = [(pl.start_date, pl.end_date) for pl in placements.values() if pl.status in SLOT_STATUSES]
    who = match_candidate(candidate, busy=busy)
    scored = []
    for p in positions:
        placement = placements.get(p.id)
        if placement is not None and placement.status not in ("proposed",) + tuple(SLOT_STATUSES):
            placement = None  # a declined or withdrawn pair is history, not a state to show here
        pair = explain_pair(who, match_position(p))
        scored.append(Recommendation(p, pair.score, pair.reasons, applications.get(p.id), placement,
                                     tuple(r for r in pair.reasons if is_shortfall(r))))
    scored.sort(key=lambda r: (-(r.score or 0), r.position.start_date, r.position.code))
    out = Recommendations(relevant=[r for r in scored if (r.score or 0) >= RELEVANCE_THRESHOLD or r.taken_up])
    if not out.relevant:
        out.nearby = [r for r in scored if (r.score or 0) > 0][:NEARBY_COUNT]
    return out
