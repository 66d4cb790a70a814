"""Positions ranked for one student or teacher, with the matcher's score and reasons: the relevant ones, and
when there are none, the nearest ones with what is missing."""
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import datacache
from ..extensions import db
from ..matcher.components import explain_pair, is_shortfall
from ..matcher.pool import PositionPool
from ..timeutil import today as consortium_today
from ..vocab import SLOT_STATUSES
from .candidates import candidate_filter, candidate_of, kinds_for
from .match_inputs import match_candidate, match_position, position_key
from .models import Application, Placement, Position
from .positions import is_offered

#: A position is recommended when its match score reaches this (0–100, see docs/matching.md): with the
#: default weights a student needs at least a related major or most of the skills to reach it.
RELEVANCE_THRESHOLD = 50.0
#: How many of the nearest positions the "可能感兴趣" section shows when none reaches the threshold.
NEARBY_COUNT = 5
#: Recommendations per page (a multiple of the page's two and three columns; mostly read on a phone).
PER_PAGE = 12


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
    total: int = 0  # relevant positions in all (`relevant` holds one page of them)
    page: int = 1
    per_page: int = PER_PAGE


class _OfferRow(NamedTuple):
    """The columns of a position that deciding whether it is offered and scoring it read."""
    id: int
    code: str
    kind: str
    enterprise_id: int
    title: str
    majors: list
    skills: list
    city: str
    slots: int
    filled: int
    start_date: object
    end_date: object
    status: str
    late_join_days: int
    join_until = property(Position.join_until.fget)  # the model's own rule


@dataclass(frozen=True)
class OfferedPositions:
    """The consortium's positions offered on one day (jobs.positions.is_offered), in (start date, code) order,
    with the matcher's position side prepared: what every candidate's recommendations are scored against."""
    ids: list
    pool: PositionPool


def offered_positions(consortium_id: int, today) -> OfferedPositions:
    """Built once per change of the consortium's data and per day (datacache): a position's slots, dates or
    status changing, a placement or an application bumps the version."""
    def build():
        # Plain rows, not entities: building 10k ORM objects was half of the build's second.
        rows = [p for p in (_OfferRow(*r) for r in db.session.execute(
            select(*(getattr(Position, name) for name in _OfferRow._fields)).where(
                Position.consortium_id == consortium_id, Position.status == "open",
                Position.filled < Position.slots).order_by(Position.start_date, Position.code))) if is_offered(p, today)]
        return OfferedPositions([p.id for p in rows], PositionPool([match_position(p) for p in rows]))

    return datacache.cached("offered_positions", consortium_id, (today.isoformat(),), build)


def recommended_positions(actor, consortium_id: int, today=None, *, page: int = 1,
                          per_page: int = PER_PAGE) -> Recommendations:
    """Positions still offered today of the candidate's kind, best match first: one page of the relevant ones
    (scored against the cached `offered_positions`; only the page's positions are loaded and explained)."""
    today = today or consortium_today()
    candidate = candidate_of(actor)
    offered = offered_positions(consortium_id, today)
    applications = {a.position_id: a for a in db.session.scalars(
        select(Application).where(candidate_filter(Application, candidate)))}
    placements = {pl.position_id: pl for pl in db.session.scalars(
        select(Placement).where(candidate_filter(Placement, candidate)))}
    busy = [(pl.start_date, pl.end_date) for pl in placements.values() if pl.status in SLOT_STATUSES]
    # A declined or withdrawn pair is history, not a state to show here.
    placements = {pid: pl for pid, pl in placements.items() if pl.status in ("proposed",) + tuple(SLOT_STATUSES)}
    who = match_candidate(candidate, busy=busy)
    pool = offered.pool
    scores = pool.scores(who)
    of_kind = pool.of_kinds(kinds_for(candidate))
    taken = np.zeros(len(pool), dtype=bool)
    for pid in {*placements, *(pid for pid, a in applications.items() if a.status != "withdrawn")}:
        j = pool.index.get(position_key(pid))
        if j is not None:
            taken[j] = True
    order = np.lexsort((np.arange(len(pool)), -scores))  # best first, then start date and code
    relevant = order[(of_kind & ((scores >= RELEVANCE_THRESHOLD) | taken))[order]]
    out = Recommendations(total=int(relevant.size), page=page, per_page=per_page)
    if relevant.size:
        shown = relevant[(page - 1) * per_page: page * per_page]
    else:
        shown = order[(of_kind & (scores > 0))[order]][:NEARBY_COUNT]
    rows = {p.id: p for p in db.session.scalars(select(Position).options(selectinload(Position.enterprise)).where(
        Position.id.in_([offered.ids[j] for j in shown])))}
    explained = []
    for j in shown:
        p = rows.get(offered.ids[j])
        if p is None:
            continue  # deleted since the pool was built
        pair = explain_pair(who, match_position(p))
        explained.append(Recommendation(p, pair.score, pair.reasons, applications.get(p.id), placements.get(p.id),
                                        tuple(r for r in pair.reasons if is_shortfall(r))))
    if relevant.size:
        out.relevant = explained
    else:
        out.nearby = explained
    return out
