"""One candidate against many positions: the position side prepared once, then a vector of scores per candidate.

A student's recommendations score one candidate against every offered position of the consortium. Building
the position side (wanted majors resolved in the catalog, required skills, cities, dates) is what costs; it
depends only on the positions, so `PositionPool` holds it and a caller may keep it while the positions do not
change. `PositionPool.scores(candidate)` then costs a few vector operations over the positions plus one
comparison per distinct wanted major and per distinct required skill.

The arithmetic is that of `components.explain_pair`, term by term and with the same quantisation, so a score
here is bit-identical to the scalar one (tests/matcher/test_pool.py checks it on random instances), and an
ineligible pair scores 0.0 as it does there.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
from rapidfuzz import fuzz

from . import components as C
from .catalog import Catalog, default_catalog, normalize_city
from .core import KIND_COMPATIBILITY, Candidate, Position, Weights


class PositionPool:
    """The position side of scoring for `positions`, in the order given (read-only once built)."""

    def __init__(self, positions: Iterable[Position], catalog: Catalog | None = None, weights: Weights = Weights()):
        self.positions: list[Position] = list(positions)
        self._catalog = catalog  # None: the default catalog, not pickled with the pool (a cache may pickle it)
        self.weights = weights
        poss, cat = self.positions, self.catalog
        self.ids = [p.id for p in poss]
        self.index = {pid: j for j, pid in enumerate(self.ids)}
        n = len(poss)
        kinds: dict[str, int] = {}
        self.kind = np.array([kinds.setdefault(p.kind, len(kinds)) for p in poss], dtype=np.int64)
        self.kinds = kinds
        self.open = np.array([p.status == "open" and p.filled < p.slots for p in poss], dtype=bool)
        # Wanted majors: distinct ones resolved once; W holds each position's, padded with the last column.
        wanted: dict[str, int] = {}
        for p in poss:
            for w in p.majors:
                wanted.setdefault(w, len(wanted))
        self.wanted = [C.wanted_major(w, cat) for w in wanted]
        width = max((len(p.majors) for p in poss), default=0) or 1
        self.W = np.full((n, width), len(wanted), dtype=np.int64)
        for j, p in enumerate(poss):
            self.W[j, : len(p.majors)] = [wanted[w] for w in p.majors]
        self.any_major = np.array([not p.majors for p in poss], dtype=bool)
        # Required skills: distinct normalised ones; the skills term is covered @ per-skill weights.
        req = [C.required_skills(p) for p in poss]
        skills: dict[str, int] = {}
        for r in req:
            for s in r:
                skills.setdefault(s, len(skills))
        self.skills = list(skills)
        wm, ws, wc, wd = weights.normalized()
        self.P = np.zeros((max(len(skills), 1), n), dtype=np.float64)
        for j, r in enumerate(req):
            if r:
                self.P[[skills[s] for s in r], j] = C.q(ws * 100.0 / len(r))
        self.no_skills = np.array([not r for r in req], dtype=bool)
        # Cities: index into the distinct normalised position cities, -1 when the position has none.
        cities: dict[str, int] = {}
        self.city = np.array([cities.setdefault(c, len(cities)) if (c := normalize_city(p.city)) else -1
                              for p in poss], dtype=np.int64)
        self.cities = cities
        self.start = np.array([p.start.toordinal() if p.start else 0 for p in poss], dtype=np.int64)
        self.has_start = np.array([p.start is not None for p in poss], dtype=bool)
        rng = np.array([C.position_range(p) for p in poss], dtype=np.int64).reshape(n, 2)
        self.range_start, self.range_end = rng[:, 0], rng[:, 1]
        self.terms = (C.q(wm * 100.0), wm, ws, wc, wd)

    @property
    def catalog(self) -> Catalog:
        return self._catalog if self._catalog is not None else default_catalog()

    def __len__(self) -> int:
        return len(self.positions)

    def of_kinds(self, kinds) -> np.ndarray:
        """Which positions are of one of these kinds."""
        return np.isin(self.kind, [self.kinds[k] for k in kinds if k in self.kinds])

    def eligible(self, c: Candidate) -> np.ndarray:
        """`components.ineligibility(c, p) is None` for every position."""
        ok = self.open & self.of_kinds(KIND_COMPATIBILITY.get(c.kind, frozenset()))
        for pid in c.excluded:
            j = self.index.get(pid)
            if j is not None:
                ok[j] = False
        for bs, be in C.busy_ranges(c):
            ok &= ~((bs <= self.range_end) & (self.range_start <= be))
        if c.available_to is not None:
            ok &= ~(self.has_start & (self.start > c.available_to.toordinal()))
        return ok

    def scores(self, c: Candidate) -> np.ndarray:
        """The score of `c` on every position (float64, rounded to 0.01 as `explain_pair` rounds); 0.0 where
        the pair is ineligible."""
        n = len(self.positions)
        if not n:
            return np.zeros(0)
        cat = self.catalog
        _, wm, ws, wc, wd = self.terms
        na, ra, _ = C.candidate_major(c, cat)
        per_wanted = np.array([C.major_pair(na, ra, nb, rb, cat)[0] for nb, rb, _ in self.wanted] + [-1.0])
        major = per_wanted[self.W].max(axis=1)
        major[self.any_major] = C.MAJOR_ANY
        have = C._have(c.skills)
        covered = np.array([any(fuzz.ratio(h, s) >= C.SKILL_THRESHOLD for h in have) for s in self.skills]
                           or [False], dtype=np.float64)
        skills = covered @ self.P
        skills[self.no_skills] = C.q(ws * C.SKILLS_NEUTRAL)
        city_name = normalize_city(c.city)
        if not city_name:
            city = np.full(n, C.CITY_NEUTRAL)
        else:
            want = self.cities.get(city_name, -2)
            city = np.where(self.city < 0, C.CITY_NEUTRAL, np.where(self.city == want, 100.0, 0.0))
        late = np.zeros(n, dtype=np.int64)
        if c.available_from is not None:
            late = np.where(self.has_start, np.clip(c.available_from.toordinal() - self.start, 0, C.DATES_GRACE_DAYS), 0)
        pen = np.array([C.q(wd * 100.0 * d / C.DATES_GRACE_DAYS) for d in range(C.DATES_GRACE_DAYS + 1)])
        total = C.q(wm * major) + skills + C.q(wc * city) + (C.q(wd * 100.0) - pen[late])
        out = np.rint(total * 100.0) / 100.0
        out[~self.eligible(c)] = 0.0
        return out
