"""A round writes its proposals in bulk with the placement workflow's rules: the same placements, the same
reservations and the same people told as one propose_placement call per proposal."""
import re

from sqlalchemy import select

from consortium.extensions import db
from consortium.jobs.models import Notification, Placement
from consortium.jobs.placements import propose_placement, propose_placements
from consortium.matcher.allocation import run_round
from consortium.matching import services

from .. import factories
from .test_service import _seed


def _snapshot():
    placements = sorted((p.position.code, p.candidate.name, p.status, p.source, p.start_date, p.end_date,
                         p.match_round, float(p.match_score), tuple(p.match_reasons))
                        for p in db.session.scalars(select(Placement)))
    by_id = {p.id: f"{p.candidate.name} → {p.position.title}" for p in db.session.scalars(select(Placement))}
    told = {}
    for n in db.session.scalars(select(Notification)):
        m = re.fullmatch(r"/placements/(\d+)", n.link or "")
        mentions = {by_id[int(m.group(1))]} if m else {t for t in by_id.values() if t in n.message}
        told.setdefault(n.user_id, []).append((mentions, n.message if m else None))
    _c, positions, _p, _r = services.round_inputs(db.session.get(Placement, next(iter(by_id))).position.consortium_id)
    reserved = sorted((p.id, p.slots - p.filled) for p in positions)  # what a later round may still offer
    return placements, told, reserved


def test_bulk_round_writes_what_the_per_proposal_path_wrote(ctx):
    world = factories.build_world()
    _seed(world)
    db.session.commit()
    candidates, positions, people, rows = services.round_inputs(world.consortium.id)
    result = run_round(candidates, positions, "stable")
    assert len(result.assignments) >= 3
    work = [(rows[a.position], people[a.candidate], a.score, a.reasons) for a in result.assignments]

    for position, person, score, reasons in work:
        assert propose_placement(position, person, round_no=1, score=score, reasons=reasons) is not None
    db.session.flush()
    one_by_one = _snapshot()
    db.session.rollback()
    assert db.session.scalar(select(Placement.id)) is None

    ids = propose_placements(work, round_no=1)
    db.session.flush()
    assert all(ids)
    bulk = _snapshot()
    assert bulk[0] == one_by_one[0]  # the same pairs, statuses, dates, scores and reasons
    assert bulk[2] == one_by_one[2]  # the same reservations
    single, summary = one_by_one[1], bulk[1]
    assert set(summary) == set(single)  # the same people told
    for user_id, notes in single.items():
        mentioned = set().union(*(m for m, _msg in notes))
        assert set().union(*(m for m, _msg in summary[user_id])) == mentioned
        assert len(summary[user_id]) == 1  # one notification per person
        if len(notes) == 1:
            assert summary[user_id] == notes  # with one proposal, exactly the same message and link
    assert any(len(notes) > 1 for notes in single.values())  # the case does summarise
    # proposing again writes nothing and tells no one
    before = db.session.query(Notification).count()
    assert propose_placements(work, round_no=2) == [None] * len(work)
    assert db.session.query(Notification).count() == before
