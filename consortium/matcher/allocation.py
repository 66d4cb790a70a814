"""Allocation over a ScoreTable: stable deferred acceptance, max-total-score matching, and run_round().

Both allocators only use the pairs kept in the table (top-k per candidate, score >= min_score),
so "stable" means: no blocking pair *among the scored lists*.  Capacities are
``slots - filled`` of open positions.

* ``allocate_stable``: candidate-proposing deferred acceptance with capacities.  A candidate's
  list is its stated ``preferences`` (those present in its table list, in stated order) followed
  by the rest of its list by score desc (ties: position id).  Positions rank candidates by score
  desc, ties by candidate id.  Implemented as simultaneous proposal rounds in numpy (the result
  of deferred acceptance does not depend on the proposal order).
* ``allocate_max_fit``: maximises the total score.  Positions are replicated into one node per
  open slot (capped at the position's degree) and solved with
  ``scipy.sparse.csgraph.min_weight_full_bipartite_matching`` with slots as rows and
  candidates + one dummy column per slot (cost 101 = "slot left empty") as columns, so a full
  matching always exists; real edges cost ``101 - score``.
"""
from __future__ import annotations

import dataclasses
import heapq
import time
from typing import Iterable

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from .components import DEFAULT_MIN_SCORE, DEFAULT_TOP_K, WHY_TEXT
from .core import Allocation, Candidate, NearMiss, Position, RoundResult, ScoredPair, UnmatchedCandidate, Weights
from .scoring import ScoreTable, score_pairs

_BIG = 101.0


def _capacities(table: ScoreTable, positions: Iterable[Position]) -> tuple[np.ndarray, list[Position]]:
    poss = list(positions)
    by_id = {p.id: p for p in poss}
    cap = np.array([by_id[pid].open_slots if pid in by_id else 0 for pid in table.pos_ids],
                   dtype=np.int64)
    return cap, poss


def _lists(table: ScoreTable, candidates: Iterable[Candidate], use_preferences: bool):
    """Per-candidate (pos index, score) arrays in proposal order; inactive candidates get length 0."""
    cands = list(candidates)
    pos_idx, score = table.top_pos.copy(), table.top_score.copy()
    lens = np.zeros_like(table.top_len)
    for c in cands:
        i = table.cand_index.get(c.id)
        if i is None:
            continue
        n = int(table.top_len[i])
        lens[i] = n
        if use_preferences and c.preferences and n:
            row = [table.pos_ids[j] for j in pos_idx[i, :n]]
            rank = {pid: r for r, pid in enumerate(dict.fromkeys(c.preferences))}
            order = sorted(range(n), key=lambda t: (rank.get(row[t], len(rank)), t))
            pos_idx[i, :n], score[i, :n] = pos_idx[i, order], score[i, order]
    return cands, pos_idx, score, lens


def _finish(table, cands, poss, cap, mc, mp, ms) -> Allocation:
    order = np.argsort(mc, kind="stable")
    mc, mp, ms = mc[order], mp[order], ms[order]
    assignments = [(table.cand_ids[c], table.pos_ids[p], float(s)) for c, p, s in zip(mc, mp, ms)]
    placed = {a[0] for a in assignments}
    unmatched = sorted(c.id for c in cands if c.id not in placed)
    used = np.bincount(mp, minlength=len(table.pos_ids)) if mp.size else np.zeros(len(table.pos_ids), int)
    unfilled: dict[str, int] = {}
    for p in sorted(poss, key=lambda p: p.id):
        j = table.pos_index.get(p.id)
        left = p.open_slots - (int(used[j]) if j is not None else 0)
        if left > 0:
            unfilled[p.id] = left
    return Allocation(assignments=assignments, unmatched=unmatched, unfilled=unfilled)


def allocate_stable(table: ScoreTable, candidates: Iterable[Candidate],
                    positions: Iterable[Position]) -> Allocation:
    """Candidate-proposing deferred acceptance with capacities over the table's lists.

    Free candidates wait on a stack; each proposes down its own list, and every (candidate, position)
    proposal is made at most once. A position keeps its holders in a min-heap keyed by (score, −candidate
    index), so the weakest holder is at the top and a stronger proposer replaces it in O(log capacity).
    The cost is O(Σ list lengths · log capacity) whatever the order of preferences. Positions rank
    candidates strictly (score desc, then candidate index), so the candidate-optimal stable matching is
    unique and does not depend on the order proposals are made in.
    """
    cap, poss = _capacities(table, positions)
    cands, pref_pos, pref_score, lens = _lists(table, candidates, use_preferences=True)
    lists_pos, lists_score, lengths, capacity = pref_pos.tolist(), pref_score.tolist(), lens.tolist(), cap.tolist()
    pointer = [0] * len(lengths)
    holders: dict[int, list] = {}
    free = [i for i in range(len(lengths) - 1, -1, -1) if lengths[i] > 0]
    proposals = 0
    while free:
        c = free.pop()
        row_pos, row_score, n = lists_pos[c], lists_score[c], lengths[c]
        k = pointer[c]
        while k < n:
            p, key = row_pos[k], (row_score[k], -c)
            k += 1
            proposals += 1
            limit = capacity[p]
            if limit <= 0:
                continue
            heap = holders.setdefault(p, [])
            if len(heap) < limit:
                heapq.heappush(heap, key)
                break
            if key > heap[0]:
                free.append(-heapq.heapreplace(heap, key)[1])
                break
        pointer[c] = k
    held = [(-negc, p, score) for p, heap in holders.items() for score, negc in heap]
    held.sort()
    mc = np.array([h[0] for h in held], dtype=np.int64)
    mp = np.array([h[1] for h in held], dtype=np.int64)
    ms = np.array([h[2] for h in held], dtype=np.float64)
    return dataclasses.replace(_finish(table, cands, poss, cap, mc, mp, ms), proposals=proposals)


def allocate_max_fit(table: ScoreTable, candidates: Iterable[Candidate],
                     positions: Iterable[Position]) -> Allocation:
    """Maximise the total score under capacities (min-weight full bipartite matching on slots)."""
    cap, poss = _capacities(table, positions)
    cands, pos_idx, score, lens = _lists(table, candidates, use_preferences=False)
    mask = np.arange(pos_idx.shape[1])[None, :] < lens[:, None]
    ec = np.nonzero(mask)[0]
    ep, es = pos_idx[mask], score[mask]
    keep = cap[ep] > 0
    ec, ep, es = ec[keep], ep[keep], es[keep]
    empty = np.zeros(0, dtype=np.int64)
    if not ec.size:
        return _finish(table, cands, poss, cap, empty, empty, np.zeros(0))
    deg = np.bincount(ep, minlength=cap.size)
    ncap = np.minimum(cap, deg)
    slot_start = np.r_[0, np.cumsum(ncap)]
    n_slots = int(slot_start[-1])
    slot_pos = np.repeat(np.arange(cap.size), ncap)
    cand_ids, ccol = np.unique(ec, return_inverse=True)
    reps = ncap[ep]
    rr = np.repeat(np.arange(ec.size), reps)
    offs = np.arange(rr.size) - np.repeat(np.cumsum(reps) - reps, reps)
    rows = np.concatenate([slot_start[ep[rr]] + offs, np.arange(n_slots)])
    cols = np.concatenate([ccol[rr], cand_ids.size + np.arange(n_slots)])
    cost = np.concatenate([_BIG - es[rr], np.full(n_slots, _BIG)])
    graph = sp.csr_matrix((cost, (rows, cols)), shape=(n_slots, cand_ids.size + n_slots))
    r, c = min_weight_full_bipartite_matching(graph)
    real = c < cand_ids.size
    mc, mp = cand_ids[c[real]], slot_pos[r[real]]
    slot_in_list = np.argmax(pos_idx[mc] == mp[:, None], axis=1)  # each matched edge is in the list
    ms = score[mc, slot_in_list]
    return _finish(table, cands, poss, cap, mc, mp, ms)


def run_round(candidates: Iterable[Candidate], positions: Iterable[Position], mode: str = "stable", *,
              weights: Weights = Weights(), top_k: int = DEFAULT_TOP_K,
              min_score: float = DEFAULT_MIN_SCORE, catalog=None) -> RoundResult:
    """Score, allocate and explain: assignments with reasons, unmatched with near misses, open slots."""
    if mode not in ("stable", "max_fit"):
        raise ValueError(f"mode must be 'stable' or 'max_fit', got {mode!r}")
    cands, poss = list(candidates), list(positions)
    t0 = time.perf_counter()
    table = score_pairs(cands, poss, weights=weights, top_k=top_k, min_score=min_score, catalog=catalog)
    t1 = time.perf_counter()
    alloc = (allocate_stable if mode == "stable" else allocate_max_fit)(table, cands, poss)
    t2 = time.perf_counter()
    assignments = [ScoredPair(c, p, s, table.reasons(c, p)) for c, p, s in alloc.assignments]
    full = {p.id for p in poss if p.open_slots > 0 and p.id not in alloc.unfilled}
    unmatched = []
    near_pos, near_score, pos_ids = table.near_pos.tolist(), table.near_score.tolist(), table.pos_ids
    for cid in alloc.unmatched:
        i = table.cand_index.get(cid)
        code = (table.why(cid) if i is not None else None) or "not_selected"
        near = []
        rows = [] if i is None else [(pos_ids[j], sc) for j, sc in zip(near_pos[i], near_score[i]) if j >= 0]
        for pid, s in rows:
            if s < min_score:
                why = f"低于阈值 ({s:.1f} < {min_score:g})"
            elif pid in full:
                why = "岗位名额已满（已录取更高分者）" if mode == "stable" else "岗位名额已满"
            else:
                why = "整体最优分配未选中"
            near.append(NearMiss(pid, s, why))
        best = near[0].score if near else None
        unmatched.append(UnmatchedCandidate(cid, best, code, WHY_TEXT[code], tuple(near)))
    stats = {k: float(v) for k, v in table.stats.items()}
    stats["assigned"] = float(len(assignments))
    timings = {"score": t1 - t0, "allocate": t2 - t1, "explain": time.perf_counter() - t2}
    return RoundResult(mode=mode, assignments=assignments, unmatched=unmatched,
                       unfilled=alloc.unfilled, stats=stats, timings=timings)
