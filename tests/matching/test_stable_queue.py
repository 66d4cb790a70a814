"""Deferred acceptance from a queue of free candidates: the same matching as simultaneous rounds, with every
proposal made once — so a chain of preferences that runs against the scores costs its list lengths, not
n·(K−1)+1 rounds."""
import numpy as np
from hypothesis import given, settings

from consortium.matcher.allocation import _capacities, _finish, _lists, allocate_stable
from consortium.matcher.core import Candidate, Position
from consortium.matcher.scoring import ScoreTable, score_pairs

from .test_allocation import instances


def simultaneous_rounds(table, candidates, positions):
    """The earlier implementation, kept as the oracle: all free candidates propose at once each round and
    every held proposal is re-sorted."""
    cap, poss = _capacities(table, positions)
    cands, pref_pos, pref_score, lens = _lists(table, candidates, use_preferences=True)
    ptr = np.zeros(len(lens), dtype=np.int64)
    hc = hp = np.zeros(0, dtype=np.int64)
    hs = np.zeros(0, dtype=np.float64)
    free = np.flatnonzero(lens > 0)
    rounds = 0
    while free.size:
        free = free[ptr[free] < lens[free]]
        if not free.size:
            break
        rounds += 1
        p, s = pref_pos[free, ptr[free]], pref_score[free, ptr[free]]
        ptr[free] += 1
        ac, ap, as_ = np.concatenate([hc, free]), np.concatenate([hp, p]), np.concatenate([hs, s])
        order = np.lexsort((ac, -as_, ap))
        ac, ap, as_ = ac[order], ap[order], as_[order]
        starts = np.flatnonzero(np.r_[True, ap[1:] != ap[:-1]])
        rank = np.arange(ap.size) - np.repeat(starts, np.diff(np.r_[starts, ap.size]))
        acc = rank < cap[ap]
        hc, hp, hs = ac[acc], ap[acc], as_[acc]
        free = ac[~acc]
    return _finish(table, cands, poss, cap, hc, hp, hs), rounds


@settings(max_examples=120, deadline=None)
@given(instances())
def test_same_matching_as_simultaneous_rounds(inst):
    cands, poss, top_k, min_score = inst
    table = score_pairs(cands, poss, top_k=top_k, min_score=min_score)
    queued = allocate_stable(table, cands, poss)
    reference, _ = simultaneous_rounds(table, cands, poss)
    assert queued.assignments == reference.assignments
    assert queued.unmatched == reference.unmatched and queued.unfilled == reference.unfilled
    assert queued.proposals <= table.n_pairs


def chain(n: int, k: int):
    """n one-slot positions, n+1 candidates. Candidate i < n lists positions i … i+k−1 (wrapping) and
    candidate n lists 0 … k−1; everyone scores higher further down their own list, so each displaced
    candidate displaces the next holder: simultaneous rounds need n·(k−1)+1 of them."""
    positions = [Position(f"p{j:05d}", "internship", "企业", slots=1) for j in range(n)]
    candidates = [Candidate(f"c{i:05d}", "student", "学校") for i in range(n + 1)]
    starts = list(range(n)) + [0]
    top_pos = np.array([[(s + t) % n for t in range(k)] for s in starts], dtype=np.int64)
    top_score = np.tile(50.0 + np.arange(k, dtype=np.float64), (n + 1, 1))
    table = ScoreTable(candidates=candidates, positions=positions, top_pos=top_pos, top_score=top_score,
                       top_len=np.full(n + 1, k, dtype=np.int64), near_pos=np.full((n + 1, 1), -1),
                       near_score=np.zeros((n + 1, 1)), why={}, catalog=None, weights=None, min_score=0.0,
                       top_k=k, stats={})
    return table, candidates, positions


def test_chain_costs_its_list_lengths_not_rounds():
    table, cands, poss = chain(5000, 20)
    alloc = allocate_stable(table, cands, poss)
    assert len(alloc.assignments) == 5000 and len(alloc.unmatched) == 1
    assert alloc.proposals <= table.n_pairs  # each (candidate, position) proposal at most once


def test_chain_matches_the_oracle_that_needed_many_rounds():
    table, cands, poss = chain(200, 20)
    queued = allocate_stable(table, cands, poss)
    reference, rounds = simultaneous_rounds(table, cands, poss)
    assert queued.assignments == reference.assignments
    assert rounds >= 200 * 19  # the shape that made simultaneous rounds slow: n·(k−1) rounds and more
