"""Score constants, hard eligibility rules and the scalar (single-pair) scoring path with reasons."""
from __future__ import annotations

import functools
import weakref
from datetime import date

import numpy as np
from rapidfuzz import fuzz

from .catalog import Catalog, default_catalog, normalize_city, normalize_major, normalize_skill
from .core import KIND_COMPATIBILITY, Candidate, Position, ScoredPair, Weights

# ---- thresholds and component values (documented in scoring.py and docs/matching.md) ----
MAJOR_NAME_THRESHOLD = 85.0  # fuzz.ratio of normalised major names counted as "same name"
SKILL_THRESHOLD = 80.0  # fuzz.ratio of normalised skills counted as "skill covered"
SAME_MAJOR = 100.0  # both resolve to the same catalog major
SAME_CLASS = 70.0  # same 专业类
SAME_CATEGORY = 40.0  # same 专业大类
MAJOR_ANY = 80.0  # position lists no majors ("岗位不限专业")
SKILLS_NEUTRAL = 60.0  # position lists no skills
CITY_NEUTRAL = 50.0  # candidate (or position) has no city
DATES_GRACE_DAYS = 30  # dates component falls linearly from 100 to 0 over this many days late
#: Weighted terms are quantised to multiples of 1/QUANTUM point, so float32 sums in any order are
#: exact: the vectorised and scalar paths give bit-identical scores and results are deterministic.
QUANTUM = 1024.0
DEFAULT_MIN_SCORE = 30.0
DEFAULT_TOP_K = 20

LEVEL_NONE, LEVEL_NAME, LEVEL_CATEGORY, LEVEL_CLASS, LEVEL_SAME = 0, 1, 2, 3, 4

# Why a candidate has no scored position (codes; Chinese texts for the UI).
WHY_TEXT = {
    "no_position_of_kind": "没有适合其身份类型的岗位",
    "positions_full_or_closed": "同类岗位均已满员或关闭",
    "dates_overlap": "与已有安排时间冲突",
    "score_below_threshold": "匹配分低于阈值",
    "not_selected": "有合格岗位但名额竞争中未获分配",
}

_DMIN, _DMAX = date.min.toordinal(), date.max.toordinal()


def position_range(p: Position) -> tuple[int, int]:
    """Position [start, end] as ordinals; a missing bound is open (so undated positions clash with any placement)."""
    return (p.start.toordinal() if p.start else _DMIN, p.end.toordinal() if p.end else _DMAX)


def busy_ranges(c: Candidate) -> list[tuple[int, int]]:
    return [(s.toordinal() if s else _DMIN, e.toordinal() if e else _DMAX) for s, e in c.busy]


def dates_overlap(c: Candidate, p: Position) -> bool:
    ps, pe = position_range(p)
    return any(bs <= pe and ps <= be for bs, be in busy_ranges(c))


def ineligibility(c: Candidate, p: Position) -> str | None:
    """None if the pair is allowed, else a code: kind / excluded / closed / full / dates_overlap."""
    if p.kind not in KIND_COMPATIBILITY.get(c.kind, frozenset()):
        return "kind"
    if p.id in c.excluded:
        return "excluded"
    if p.status != "open":
        return "closed"
    if p.filled >= p.slots:
        return "full"
    if dates_overlap(c, p):
        return "dates_overlap"
    if unavailable(c, p):
        return "unavailable"
    return None


def unavailable(c: Candidate, p: Position) -> bool:
    """The candidate's stated availability ends before the position starts."""
    return c.available_to is not None and p.start is not None and p.start > c.available_to


def is_eligible(c: Candidate, p: Position) -> bool:
    return ineligibility(c, p) is None


_RESOLVED: "weakref.WeakKeyDictionary[Catalog, dict[tuple[str, str], int]]" = weakref.WeakKeyDictionary()


def _resolve(catalog: Catalog, norm: str, code: str) -> int:
    """Cached catalog.resolve (the vectorised path primes the cache with remember_resolved)."""
    cache = _RESOLVED.setdefault(catalog, {})
    row = cache.get((norm, code))
    if row is None:
        row = cache[(norm, code)] = catalog.resolve(norm, code)
    return row


def remember_resolved(catalog: Catalog, norms, codes, rows) -> None:
    cache = _RESOLVED.setdefault(catalog, {})
    for n, c, r in zip(norms, codes, rows):
        cache[(n, c)] = int(r)


def candidate_major(c: Candidate, catalog: Catalog) -> tuple[str, int, str]:
    """(normalised name, catalog row or -1, display name) of a candidate's major."""
    code = (c.major_code or "").strip()
    norm = normalize_major(c.major)
    row = _resolve(catalog, norm, code)
    display = c.major
    if not norm and code in catalog.by_code:
        norm = catalog.norm_names[catalog.by_code[code]]
        display = catalog.rows[catalog.by_code[code]].major_name
    return norm, row, display


def wanted_major(s: str, catalog: Catalog) -> tuple[str, int, str]:
    """A position's wanted major: a catalog code or a name."""
    code = (s or "").strip()
    if code in catalog.by_code:
        row = catalog.by_code[code]
        return catalog.norm_names[row], row, catalog.rows[row].major_name
    norm = normalize_major(s)
    return norm, _resolve(catalog, norm, ""), s


def major_pair(na: str, ra: int, nb: str, rb: int, catalog: Catalog) -> tuple[float, int]:
    """Score and level of one candidate major vs one wanted major (scalar mirror of the matrix path)."""
    if not na or not nb:
        return 0.0, LEVEL_NONE
    best, level = 0.0, LEVEL_NONE
    if ra >= 0 and rb >= 0:
        if catalog.major_id[ra] == catalog.major_id[rb]:
            return SAME_MAJOR, LEVEL_SAME
        if catalog.class_id[ra] == catalog.class_id[rb]:
            best, level = SAME_CLASS, LEVEL_CLASS
        elif catalog.category_id[ra] == catalog.category_id[rb]:
            best, level = SAME_CATEGORY, LEVEL_CATEGORY
    sim = float(fuzz.ratio(na, nb))
    if sim >= MAJOR_NAME_THRESHOLD and sim > best:
        best, level = sim, LEVEL_NAME
    return best, level


def major_component(c: Candidate, p: Position, catalog: Catalog) -> tuple[float, str]:
    if not p.majors:
        return MAJOR_ANY, "岗位不限专业"
    na, ra, disp = candidate_major(c, catalog)
    best, best_level, best_w = -1.0, LEVEL_NONE, None
    for w in p.majors:
        nb, rb, wdisp = wanted_major(w, catalog)
        s, lvl = major_pair(na, ra, nb, rb, catalog)
        if s > best:
            best, best_level, best_w = s, lvl, (rb, wdisp)
    if best_level == LEVEL_SAME or (best_level == LEVEL_NAME and best >= 100.0):
        return best, "专业一致"
    if best_level == LEVEL_NAME:
        return best, f"专业相近：{best_w[1]}"
    if best_level == LEVEL_CLASS:
        return best, f"同专业类：{catalog.rows[best_w[0]].class_name}"
    if best_level == LEVEL_CATEGORY:
        return best, f"同专业大类：{catalog.rows[best_w[0]].category_name}"
    return 0.0, "专业不符" if na else "专业不符（未填写专业）"


def required_skills(p: Position) -> dict[str, str]:
    """Distinct normalised required skills -> first display string, in the position's order."""
    return _required(p.skills)


@functools.lru_cache(maxsize=65536)
def _required(skills: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for s in skills:
        n = normalize_skill(s)
        if n and n not in out:
            out[n] = s
    return out


def skills_component(c: Candidate, p: Position) -> tuple[float, list[str], list[str]]:
    """(score, covered display names, missing display names): share of required skills covered."""
    req = required_skills(p)
    if not req:
        return SKILLS_NEUTRAL, [], []
    have = _have(c.skills)
    covered, missing = [], []
    for n, disp in req.items():
        hit = any(fuzz.ratio(h, n) >= SKILL_THRESHOLD for h in have)
        (covered if hit else missing).append(disp)
    return 100.0 * len(covered) / len(req), covered, missing


@functools.lru_cache(maxsize=65536)
def _have(skills: tuple[str, ...]) -> frozenset[str]:
    return frozenset(n for n in (normalize_skill(s) for s in skills) if n)


def city_component(c: Candidate, p: Position) -> float:
    a, b = normalize_city(c.city), normalize_city(p.city)
    if not a or not b:
        return CITY_NEUTRAL
    return 100.0 if a == b else 0.0


def days_late(c: Candidate, p: Position) -> int:
    if c.available_from is None or p.start is None:
        return 0
    return max(0, (c.available_from - p.start).days)


def dates_component(c: Candidate, p: Position) -> float:
    return 100.0 * (1.0 - min(days_late(c, p), DATES_GRACE_DAYS) / DATES_GRACE_DAYS)


def q(x):
    """Quantise a weighted term to a multiple of 1/QUANTUM (floats or numpy arrays; half to even)."""
    if isinstance(x, (int, float)):
        return round(x * QUANTUM) / QUANTUM
    return np.rint(np.asarray(x, dtype=np.float64) * QUANTUM) / QUANTUM


def round_score(x: float) -> float:
    """Final score rounding to 0.01 (half to even), the same arithmetic as the vectorised integer keys."""
    return round(x * 100.0) / 100.0


_INELIGIBLE_TEXT = {
    "kind": "不可匹配: 身份与岗位类型不符",
    "excluded": "不可匹配: 已有该岗位的推荐或安排",
    "closed": "不可匹配: 岗位未开放",
    "full": "不可匹配: 岗位已满",
    "dates_overlap": "不可匹配: 与已有安排时间重叠",
    "unavailable": "不可匹配: 岗位开始时已过可实习时间",
}


def month_day(d: date) -> str:
    return f"{d.month} 月 {d.day} 日"


def is_shortfall(reason: str) -> bool:
    """A reason that says what the candidate lacks for the position (what a "可能感兴趣" entry is missing)."""
    return reason.startswith(("专业不符", "缺少技能", "岗位在")) or "晚于开始日" in reason


def dates_reason(candidate: Candidate, position: Position) -> str | None:
    """When the candidate can join, in words ("可在 3 月 1 日前到岗"); None when nothing is known."""
    if candidate.available_from is None or position.start is None:
        return None
    late = days_late(candidate, position)
    if late:
        return f"{month_day(candidate.available_from)}起可到岗，晚于开始日 {late} 天"
    return f"可在 {month_day(position.start)}前到岗"


def explain_pair(candidate: Candidate, position: Position, catalog: Catalog | None = None,
                 weights: Weights = Weights()) -> ScoredPair:
    """Scalar path: score (same as score_pairs' vectorised score) and Chinese reasons for one pair.

    An ineligible pair gets score 0.0 and a single "不可匹配: …" reason.
    """
    cat = catalog or default_catalog()
    why = ineligibility(candidate, position)
    if why is not None:
        return ScoredPair(candidate.id, position.id, 0.0, (_INELIGIBLE_TEXT[why],))
    wm, ws, wc, wd = weights.normalized()
    m, m_reason = major_component(candidate, position, cat)
    s, covered, missing = skills_component(candidate, position)
    ci = city_component(candidate, position)
    n_req = len(required_skills(position))
    s_term = len(covered) * q(ws * 100.0 / n_req) if n_req else q(ws * SKILLS_NEUTRAL)
    late = min(days_late(candidate, position), DATES_GRACE_DAYS)
    d_term = q(wd * 100.0) - q(wd * 100.0 * late / DATES_GRACE_DAYS)
    score = round_score(float(q(wm * m) + s_term + q(wc * ci) + d_term))
    reasons = [m_reason]
    if not position.skills or not required_skills(position):
        reasons.append("岗位未列技能要求")
    elif covered:
        reasons.append(f"技能：{'、'.join(covered)}（{len(covered)}/{n_req}）")
        if missing:
            reasons.append("缺少技能：" + "、".join(missing))
    else:
        reasons.append("缺少技能：" + "、".join(missing))
    if ci == 100.0:
        reasons.append(f"城市：{position.city}")
    elif ci == 0.0:
        reasons.append(f"岗位在{position.city}")
    else:
        reasons.append("城市：未填写意向城市")
    when = dates_reason(candidate, position)
    if when:
        reasons.append(when)
    if position.id in candidate.preferences:
        reasons.append(f"志愿第{candidate.preferences.index(position.id) + 1}位")
    return ScoredPair(candidate.id, position.id, score, tuple(reasons))
