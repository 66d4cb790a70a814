"""Vectorised candidate × position scoring with top-k selection (the scoring model is documented here).

Scoring model / 评分模型
------------------------
Score = 100-point weighted mean of four components (weights are normalised by their sum):

=========  =======  =====================================================================
component  default  value (0–100)
=========  =======  =====================================================================
major      0.45     100 same catalog major; fuzz.ratio of normalised names if >= 85;
                    70 same 专业类; 40 same 专业大类; 0 otherwise; 80 if the position lists
                    no majors ("岗位不限专业"). Multi-major positions: max over wanted majors.
skills     0.30     100 × share of the position's distinct required skills covered by the
                    candidate (a skill is covered when some candidate skill has fuzz.ratio
                    >= 80 after normalisation); 60 if the position lists no skills.
city       0.15     100 same city (郑州 = 郑州市 = 河南省郑州市); 50 if either side is empty; else 0.
dates      0.10     100 if available_from is unknown, or on/before the position start;
                    then linearly down to 0 at 30 days late.
=========  =======  =====================================================================

Normalisation: NFKC, lower case, bracketed parts removed ("(工业机器人方向)"), trailing 技术/专业
removed for majors; for skills spaces/punctuation removed, a few synonyms (程序设计 → 编程) and
trailing 技术/技能/能力 removed.  A candidate major resolves to a catalog row by major_code, else by
the best fuzzy name match >= 85 (中职 names usually do not resolve and are matched by name only).
Catalog identity is by name (高职专科 and 高职本科 数控技术 are the same major).

Hard eligibility (never a score): students → apprenticeship / field_engineer / internship;
teachers → teacher_practice; the position must be status "open" with filled < slots; the
candidate's busy ranges (open end = forever) must not overlap the position [start, end]
(a missing position bound is open, so an undated position clashes with any placement).
A pair with major 0 *and* no covered skill is "hopeless" and blocked; pairs below min_score
(default 30) are dropped.  Gender, age and anything derived from an ID number are never inputs:
the Candidate type has no such fields.

Vectorisation: distinct major names and skills are compared once with rapidfuzz
``process.cdist``; candidates / positions become integer indices; a major table
(distinct candidate majors × positions) and a city table are gathered per candidate chunk;
skill coverage is one matrix product ``cover(chunk × J) @ P_w(J × positions)`` where
``cover = (C_inc @ S_bin) > 0`` is the thresholded-binary "candidate covers required skill j"
relation and ``P_w`` holds ``weight × 100 / n_required`` for each (skill, position).  Top-k per
candidate uses ``np.partition`` on integer keys ``(round(score × 100) << b) | position order``
(scores are reported to 0.01; ties are broken by position id).  Each weighted term is quantised to a
multiple of 1/1024 point, so every float32 sum is exact: the scalar ``explain_pair`` gives a
bit-identical score and results do not depend on BLAS summation order or threads.  Reasons are
only built for returned pairs.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Iterable

import numpy as np
import scipy.sparse as sp
from rapidfuzz import fuzz, process

from . import components as C
from .catalog import Catalog, default_catalog, normalize_city, normalize_major, normalize_skill
from .components import DEFAULT_MIN_SCORE, DEFAULT_TOP_K, explain_pair, is_eligible  # noqa: F401
from .core import KIND_COMPATIBILITY, Candidate, Position, ScoredPair, Weights

_NEAR = 3  # near misses kept per candidate


class ScoreTable:
    """Per candidate: the top-k eligible (position, score) list sorted desc, plus near misses."""

    def __init__(self, *, candidates, positions, top_pos, top_score, top_len, near_pos,
                 near_score, why, catalog, weights, min_score, top_k, stats):
        self.candidates: list[Candidate] = candidates
        self.positions: list[Position] = positions
        self.cand_ids = [c.id for c in candidates]
        self.pos_ids = [p.id for p in positions]
        self.cand_index = {cid: i for i, cid in enumerate(self.cand_ids)}
        self.pos_index = {pid: j for j, pid in enumerate(self.pos_ids)}
        self.top_pos, self.top_score, self.top_len = top_pos, top_score, top_len
        self.near_pos, self.near_score = near_pos, near_score
        self._why = why
        self.catalog, self.weights = catalog, weights
        self.min_score, self.top_k, self.stats = min_score, top_k, stats

    @property
    def n_pairs(self) -> int:
        return int(self.top_len.sum())

    def top(self, cand_id: str) -> list[tuple[str, float]]:
        i = self.cand_index[cand_id]
        return [(self.pos_ids[j], float(s)) for j, s in
                zip(self.top_pos[i, : self.top_len[i]], self.top_score[i, : self.top_len[i]])]

    def score(self, cand_id: str, pos_id: str) -> float | None:
        for pid, s in self.top(cand_id):
            if pid == pos_id:
                return s
        return None

    def best(self, cand_id: str) -> tuple[str, float] | None:
        """Best eligible, non-hopeless pair even if below min_score (for near-miss reporting)."""
        nm = self.near_misses(cand_id, 1)
        return nm[0] if nm else None

    def near_misses(self, cand_id: str, n: int = _NEAR) -> list[tuple[str, float]]:
        i = self.cand_index[cand_id]
        return [(self.pos_ids[j], float(s)) for j, s in
                zip(self.near_pos[i, :n], self.near_score[i, :n]) if j >= 0]

    def why(self, cand_id: str) -> str | None:
        """None if the candidate has scored positions, else a code from components.WHY_TEXT."""
        return self._why[self.cand_index[cand_id]]

    def explain(self, cand_id: str, pos_id: str) -> ScoredPair:
        c = self.candidates[self.cand_index[cand_id]]
        p = self.positions[self.pos_index[pos_id]]
        return explain_pair(c, p, self.catalog, self.weights)

    def reasons(self, cand_id: str, pos_id: str) -> tuple[str, ...]:
        return self.explain(cand_id, pos_id).reasons

    def pairs(self) -> Iterable[tuple[str, str, float]]:
        for cid in self.cand_ids:
            for pid, s in self.top(cid):
                yield cid, pid, s


def _index(values: Iterable) -> tuple[dict, np.ndarray]:
    vocab: dict = {}
    return vocab, np.array([vocab.setdefault(v, len(vocab)) for v in values], dtype=np.int64)


def _major_tables(cands, poss, cat: Catalog, wm, ws, wd):
    """(B, MZ, mk): weighted major+constant table (distinct cand majors × positions), zero-major mask, index."""
    raw_vocab, raw_idx = _index((c.major, (c.major_code or "").strip()) for c in cands)
    raw = list(raw_vocab)
    r_norm = [normalize_major(major) for major, _ in raw]
    r_codes = [code for _, code in raw]
    r_row = cat.resolve_many(r_norm, r_codes)
    C.remember_resolved(cat, r_norm, r_codes, r_row)
    for i, (_, code) in enumerate(raw):
        if not r_norm[i] and code in cat.by_code:
            r_norm[i] = cat.norm_names[cat.by_code[code]]
    # distinct (normalised name, catalog row) keys: at most a few hundred
    key_vocab, key_of_raw = _index(zip(r_norm, r_row.tolist()))
    mk = key_of_raw[raw_idx]
    a_norm = [n for n, _ in key_vocab]
    a_row = np.array([r for _, r in key_vocab], dtype=np.int64)
    w_vocab: dict[str, int] = {}
    for p in poss:
        for w in p.majors:
            w_vocab.setdefault(w, len(w_vocab))
    b_norm, b_row = [], np.full(len(w_vocab), -1, dtype=np.int64)
    for t, w in enumerate(w_vocab):
        code = w.strip()
        if code in cat.by_code:
            b_row[t] = cat.by_code[code]
            b_norm.append(cat.norm_names[b_row[t]])
        else:
            b_norm.append(normalize_major(w))
    todo = np.flatnonzero(b_row < 0)
    if todo.size:
        b_row[todo] = cat.resolve_many([b_norm[t] for t in todo])
        C.remember_resolved(cat, [b_norm[t] for t in todo], [""] * todo.size, b_row[todo])
    ka, kb = len(a_norm), len(w_vocab)
    M = np.zeros((ka, kb + 1), dtype=np.float64)  # last column: padding
    if ka and kb:
        sim = process.cdist(a_norm, b_norm, scorer=fuzz.ratio, dtype=np.float64, workers=-1)
        empty = np.array([not n for n in a_norm])[:, None] | np.array([not n for n in b_norm])[None, :]
        sim[(sim < C.MAJOR_NAME_THRESHOLD) | empty] = 0.0
        lvl = np.zeros((ka, kb))
        ra, rb = a_row[:, None], b_row[None, :]
        both = (ra >= 0) & (rb >= 0)
        ga, gb = np.clip(ra, 0, None), np.clip(rb, 0, None)
        lvl[both & (cat.category_id[ga] == cat.category_id[gb])] = C.SAME_CATEGORY
        lvl[both & (cat.class_id[ga] == cat.class_id[gb])] = C.SAME_CLASS
        lvl[both & (cat.major_id[ga] == cat.major_id[gb])] = C.SAME_MAJOR
        lvl[empty] = 0.0
        M[:, :kb] = np.maximum(sim, lvl)
    M[:, kb] = -1.0
    maxw = max((len(p.majors) for p in poss), default=0)
    W = np.full((len(poss), max(maxw, 1)), kb, dtype=np.int64)
    for j, p in enumerate(poss):
        W[j, : len(p.majors)] = [w_vocab[w] for w in p.majors]
    MS = M[:, W[:, 0]]
    for t in range(1, W.shape[1]):
        np.maximum(MS, M[:, W[:, t]], out=MS)
    any_major = np.array([not p.majors for p in poss], dtype=bool)
    MS[:, any_major] = C.MAJOR_ANY
    no_skills = np.array([not C.required_skills(p) for p in poss], dtype=bool)
    const = C.q(ws * C.SKILLS_NEUTRAL) * no_skills + C.q(wd * 100.0)
    B = (C.q(wm * MS) + const[None, :]).astype(np.float32)  # exact: multiples of 1/QUANTUM
    return B, MS == 0.0, mk


def _skill_tables(cands, poss, ws, workers):
    """(cover bool nC×J, P_w float32 J×nP, P_bool J×nP)."""
    req = [list(C.required_skills(p)) for p in poss]
    j_vocab: dict[str, int] = {}
    for r in req:
        for s in r:
            j_vocab.setdefault(s, len(j_vocab))
    nJ, nP, nC = len(j_vocab), len(poss), len(cands)
    P = np.zeros((max(nJ, 1), nP), dtype=bool)
    for j, r in enumerate(req):
        P[[j_vocab[s] for s in r], j] = True
    n_req = P.sum(axis=0)
    P_w = (P * C.q(np.where(n_req > 0, ws * 100.0 / np.maximum(n_req, 1), 0.0))[None, :]).astype(np.float32)
    i_vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, c in enumerate(cands):
        for s in {n for n in (normalize_skill(x) for x in c.skills) if n}:
            rows.append(i)
            cols.append(i_vocab.setdefault(s, len(i_vocab)))
    cover = np.zeros((nC, max(nJ, 1)), dtype=bool)
    if i_vocab and nJ:
        sim = process.cdist(list(i_vocab), list(j_vocab), scorer=fuzz.ratio, dtype=np.float64,
                            workers=workers)
        S = sp.csr_matrix((sim >= C.SKILL_THRESHOLD).astype(np.float32))
        inc = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(nC, len(i_vocab)))
        cover = (inc @ S).toarray() > 0
    return cover, P_w, P


def _city_tables(cands, poss, wc):
    """(CS, cck): city table (position cities + "other" + "empty") × positions, candidate row index."""
    vocab: dict[str, int] = {}
    pc = np.array([vocab.setdefault(n, len(vocab)) if (n := normalize_city(p.city)) else -1
                   for p in poss], dtype=np.int64)
    n_city = len(vocab)
    CS = np.zeros((n_city + 2, len(poss)), dtype=np.float32)
    for i in range(n_city):
        CS[i, pc == i] = C.q(wc * 100.0)
    CS[:, pc < 0] = C.q(wc * C.CITY_NEUTRAL)  # position without a city: neutral for everyone
    CS[n_city + 1, :] = C.q(wc * C.CITY_NEUTRAL)  # candidate without a preference
    cck = np.array([vocab.get(n, n_city) if (n := normalize_city(c.city)) else n_city + 1
                    for c in cands], dtype=np.int64)
    return CS, cck


def _busy_arrays(cands):
    return {i: np.array(C.busy_ranges(c), dtype=np.int64) for i, c in enumerate(cands) if c.busy}


def score_pairs(candidates: Iterable[Candidate], positions: Iterable[Position], *,
                weights: Weights = Weights(), top_k: int = DEFAULT_TOP_K,
                min_score: float = DEFAULT_MIN_SCORE, catalog: Catalog | None = None,
                chunk_size: int = 2048, workers: int = 2) -> ScoreTable:
    """Score every eligible candidate × position pair (vectorised) and keep the top-k per candidate."""
    cands = sorted(candidates, key=lambda c: c.id)
    poss = sorted(positions, key=lambda p: p.id)
    for name, items in (("candidate", cands), ("position", poss)):
        ids = [x.id for x in items]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate {name} ids")
    if top_k < 1:
        raise ValueError("top_k must be >= 1")
    cat = catalog or default_catalog()
    wm, ws, wc, wd = weights.normalized()
    nC, nP, K = len(cands), len(poss), int(top_k)

    B, MZ, mk = _major_tables(cands, poss, cat, wm, ws, wd)
    cover, P_w, P_bool = _skill_tables(cands, poss, ws, workers)
    CS, cck = _city_tables(cands, poss, wc)
    G = float(C.DATES_GRACE_DAYS)
    avail = np.array([c.available_from.toordinal() if c.available_from else -(1 << 40)
                      for c in cands], dtype=np.int64)
    start = np.array([p.start.toordinal() if p.start else (1 << 40) for p in poss], dtype=np.int64)
    prange = np.array([C.position_range(p) for p in poss], dtype=np.int64).reshape(nP, 2)
    busy = _busy_arrays(cands)
    # A stated last day of availability rules out positions that start after it (C.unavailable).
    avail_to = {i: c.available_to.toordinal() for i, c in enumerate(cands) if c.available_to is not None}
    pos_at = {p.id: j for j, p in enumerate(poss)}
    excluded = {i: np.array([pos_at[x] for x in c.excluded if x in pos_at], dtype=np.int64)
                for i, c in enumerate(cands) if c.excluded}
    is_open = np.array([p.status == "open" and p.filled < p.slots for p in poss], dtype=bool)
    # With max(city)+max(dates) < min_score a hopeless pair can never reach the threshold, so the
    # explicit full-matrix block is not needed (it is still filtered on the selected top-k).
    explicit_block = (wc + wd) * 100.0 >= min_score
    # The city component is folded into the skills matrix product: features = [covered | city one-hot].
    nJ = cover.shape[1]
    feats = np.zeros((nC, nJ + CS.shape[0]), dtype=np.float32)
    feats[:, :nJ] = cover
    feats[np.arange(nC), nJ + cck] = 1.0
    PX = np.vstack([P_w, CS])
    # Dates penalty = PEN[clip(days late, 0, G)] with PEN[d] = q(wd*100*d/G), on integer day offsets.
    known_a, known_s = avail > -(1 << 40), start < (1 << 40)
    base = int(start[known_s].min()) if known_s.any() else 0
    PEN = np.array([C.q(wd * 100.0 * d / G) for d in range(C.DATES_GRACE_DAYS + 1)], dtype=np.float32)
    a_sc = np.where(known_a, np.clip(avail - base, -1_000_000, 1_000_000), -4_000_000).astype(np.int32)
    s_sc = np.where(known_s, np.clip(start - base, -1_000_000, 1_000_000), 4_000_000).astype(np.int32)

    top_pos = np.full((nC, K), -1, dtype=np.int64)
    top_score = np.zeros((nC, K), dtype=np.float64)
    top_len = np.zeros(nC, dtype=np.int64)
    near_pos = np.full((nC, _NEAR), -1, dtype=np.int64)
    near_score = np.zeros((nC, _NEAR), dtype=np.float64)
    why: list[str | None] = [None] * nC
    scored = 0

    cand_kind = np.array([c.kind for c in cands], dtype=object)
    pos_kind = np.array([p.kind for p in poss], dtype=object)
    jobs = []
    for kind in sorted({c.kind for c in cands}):
        rows = np.flatnonzero(cand_kind == kind)
        pk = KIND_COMPATIBILITY.get(kind, frozenset())
        of_kind = np.array([k in pk for k in pos_kind], dtype=bool) if nP else np.zeros(0, bool)
        cols = np.flatnonzero(of_kind & is_open)
        if not of_kind.any() or not cols.size:
            code = "no_position_of_kind" if not of_kind.any() else "positions_full_or_closed"
            for i in rows:
                why[i] = code
            continue
        scored += rows.size * cols.size
        # rows grouped by (has available_from, major key): contiguous slices per chunk
        rows = rows[np.lexsort((mk[rows], known_a[rows]))]
        shift = max(1, int(cols.size).bit_length())
        g = dict(cols=cols, B=np.ascontiguousarray(B[:, cols]), MZ=np.ascontiguousarray(MZ[:, cols]),
                 PX=np.ascontiguousarray(PX[:, cols]), Pb=np.ascontiguousarray(P_bool[:, cols].T),
                 Pw=P_w[:, cols] if explicit_block else None, s_sc=s_sc[cols],
                 smin=int(s_sc[cols].min()), prange=prange[cols], shift=shift,
                 kdt=np.int32 if shift + 15 <= 31 else np.int64,
                 colrev=(cols.size - 1 - np.arange(cols.size)))
        jobs += [(g, rows[s: s + chunk_size]) for s in range(0, rows.size, chunk_size)]

    def run(job):
        g, rows = job
        cols, shift = g["cols"], g["shift"]
        n = cols.size
        cov = cover[rows]
        X = feats[rows] @ g["PX"]  # skills (weighted coverage) + city
        m = mk[rows]
        if explicit_block:
            hopeless_full = ((cov.astype(np.float32) @ g["Pw"]) == 0) & g["MZ"][m]
        cut = np.flatnonzero(np.r_[True, m[1:] != m[:-1], True])
        for s, e in zip(cut[:-1], cut[1:]):
            X[s:e] += g["B"][m[s]]  # major + constants, broadcast per run of equal major key
        late = np.flatnonzero(a_sc[rows] > g["smin"])
        if late.size:
            s, e = late[0], late[-1] + 1
            pen = np.subtract.outer(a_sc[rows[s:e]], g["s_sc"])
            np.clip(pen, 0, C.DATES_GRACE_DAYS, out=pen)
            X[s:e] -= PEN[pen]
        no_free = []
        for r_local, r in enumerate(rows):
            b = busy.get(int(r))
            if b is None:
                continue
            ps, pe = g["prange"][:, 0], g["prange"][:, 1]
            clash = ((b[:, 0, None] <= pe[None, :]) & (ps[None, :] <= b[:, 1, None])).any(axis=0)
            X[r_local, clash] = -np.inf
            if clash.all():
                no_free.append(r)
        if avail_to:
            p_start = start[cols]
            for r_local, r in enumerate(rows):
                to = avail_to.get(int(r))
                if to is not None:
                    X[r_local, (p_start > to) & (p_start < (1 << 40))] = -np.inf
        for r_local, r in enumerate(rows):
            ex = excluded.get(int(r))
            if ex is not None and ex.size:
                X[r_local, np.isin(cols, ex)] = -np.inf
        if explicit_block:
            X[hopeless_full] = -np.inf
        # Top-k on integer keys (score rounded to 0.01, then position order): fast and tie-free.
        np.multiply(X, 100.0, out=X)
        np.rint(X, out=X)
        np.maximum(X, -1.0, out=X)
        keys = X.astype(g["kdt"])
        del X
        keys <<= shift
        keys |= g["colrev"].astype(g["kdt"])[None, :]
        k = min(K, n)
        top = np.partition(keys, n - k, axis=1)[:, n - k:] if n > k else keys
        top = -np.sort(-top, axis=1)
        idx = (n - 1) - (top & ((1 << shift) - 1)).astype(np.int64)
        bucket = (top >> shift).astype(np.int64)
        vals = bucket / 100.0
        hopeless = g["MZ"][m[:, None], idx] & ~(cov[:, None, :] & g["Pb"][idx]).any(axis=2)
        valid = (bucket >= 0) & ~hopeless
        keep = valid & (vals >= min_score)
        front = np.argsort(~keep, axis=1, kind="stable")  # kept entries first, order preserved
        idx, vals = np.take_along_axis(idx, front, 1), np.take_along_axis(vals, front, 1)
        valid, keep = np.take_along_axis(valid, front, 1), np.take_along_axis(keep, front, 1)
        return rows, cols[idx], vals, valid, keep, no_free

    with ThreadPoolExecutor(max_workers=max(1, workers)) as ex:
        for rows, gidx, vals, valid, keep, no_free in ex.map(run, jobs):
            n_keep = keep.sum(axis=1)
            top_len[rows] = n_keep
            w = gidx.shape[1]
            top_pos[rows, :w] = np.where(keep, gidx, -1)
            top_score[rows, :w] = np.where(keep, vals, 0.0)
            vrank = np.cumsum(valid, axis=1) - 1
            for t in range(_NEAR):
                sel = valid & (vrank == t)
                has = sel.any(axis=1)
                pos_t = np.argmax(sel, axis=1)
                near_pos[rows[has], t] = gidx[has, pos_t[has]]
                near_score[rows[has], t] = vals[has, pos_t[has]]
            for r in rows[n_keep == 0]:
                why[r] = "score_below_threshold"
            for r in no_free:
                why[r] = "dates_overlap"

    stats = {"candidates": nC, "positions": nP, "pairs_scored": scored, "pairs_kept": int(top_len.sum())}
    return ScoreTable(candidates=cands, positions=poss, top_pos=top_pos, top_score=top_score,
                      top_len=top_len, near_pos=near_pos, near_score=near_score, why=why,
                      catalog=cat, weights=weights, min_score=min_score, top_k=K, stats=stats)
