"""Pure supply–demand figures: the alignment index, graduate outcome rates, matchmaking-event counts.

No Flask or database import: plain values in, plain values out (docs/supply.md gives each formula).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..vocab import EMPLOYED_OUTCOMES, FURTHER_STUDY_OUTCOMES, PLACED_OUTCOMES

#: A category is over-supplied when its share of supply is at least this multiple of its share of demand …
OVER_RATIO = 1.25
#: … and under-supplied when it is at most this multiple (or it has demand and no supply at all).
UNDER_RATIO = 0.8

#: Outcomes that count as 落实 (metrics.md, employment.rate_pct), as employed, and as further study.
PLACED, EMPLOYED, FURTHER_STUDY = PLACED_OUTCOMES, EMPLOYED_OUTCOMES, FURTHER_STUDY_OUTCOMES


def _pct(part: float, whole: float) -> float | None:
    return None if not whole else round(100.0 * part / whole, 1)


@dataclass(frozen=True)
class CategoryAlignment:
    """One category's supply next to its demand."""

    category: str
    supply: float
    demand: float
    supply_share: float          # 0–1
    demand_share: float          # 0–1
    share_ratio: float | None    # supply_share / demand_share; None without demand
    gap: float                   # supply − demand scaled to the supply total (people; + = surplus)
    flag: str                    # over | under | balanced | none


@dataclass(frozen=True)
class Alignment:
    """The alignment index (0–100) and the category rows, in the order given."""

    index: float | None
    supply_total: float
    demand_total: float
    rows: list[CategoryAlignment] = field(default_factory=list)

    @property
    def over(self) -> list[CategoryAlignment]:
        return sorted((r for r in self.rows if r.flag == "over"), key=lambda r: -r.gap)

    @property
    def under(self) -> list[CategoryAlignment]:
        return sorted((r for r in self.rows if r.flag == "under"), key=lambda r: r.gap)


def alignment(supply: dict[str, float], demand: dict[str, float], order: list[str] | None = None,
              over_ratio: float = OVER_RATIO, under_ratio: float = UNDER_RATIO) -> Alignment:
    """Alignment of a supply and a demand distribution over the same categories.

    s_c = S_c / ΣS and d_c = D_c / ΣD are the shares of category c.
    index = 100 × Σ_c min(s_c, d_c) — the overlap of the two distributions (100: the same shape;
    0: no category in common); equal to 100 × (1 − ½ Σ_c |s_c − d_c|). None when either total is 0.
    Per category: share ratio r_c = s_c / d_c; gap_c = S_c − D_c × ΣS / ΣD (the surplus, in people,
    against a supply of the same size shaped like demand). Flag `over` when r_c ≥ 1.25 or there is supply
    and no demand; `under` when r_c ≤ 0.8 (no supply included); `balanced` in between; `none` when the
    category has neither.
    """
    categories = list(order or [])
    for c in list(supply) + list(demand):
        if c not in categories:
            categories.append(c)
    total_s = float(sum(v for v in supply.values() if v))
    total_d = float(sum(v for v in demand.values() if v))
    rows = []
    overlap = 0.0
    for c in categories:
        s, d = float(supply.get(c) or 0), float(demand.get(c) or 0)
        ss = s / total_s if total_s else 0.0
        ds = d / total_d if total_d else 0.0
        overlap += min(ss, ds)
        ratio = (ss / ds) if ds else None
        gap = s - d * total_s / total_d if total_d else s
        if not s and not d:
            flag = "none"
        elif not d:
            flag = "over" if total_d else "none"
        elif ratio >= over_ratio:
            flag = "over"
        elif ratio <= under_ratio:
            flag = "under"
        else:
            flag = "balanced"
        rows.append(CategoryAlignment(c, s, d, ss, ds, None if ratio is None else round(ratio, 2), round(gap, 1),
                                      flag))
    index = round(100.0 * overlap, 1) if total_s and total_d else None
    return Alignment(index, total_s, total_d, rows)


# ---- graduate outcomes ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Graduate:
    """What the outcome figures read of one graduate."""

    id: int
    school_id: int
    major: str
    outcome: str | None
    outcome_city: str | None = None
    employer_id: int | None = None
    internship_enterprises: tuple[int, ...] = ()   # enterprises of the student's counted placements


@dataclass(frozen=True)
class OutcomeRates:
    """Rates of one group of graduates (percentages 0–100, None when the denominator is 0)."""

    graduates: int
    placed: int
    employed: int
    local: int
    further_study: int
    unemployed: int
    to_internship_enterprise: int
    employment_rate: float | None        # 毕业去向落实率: placed ÷ graduates
    local_rate: float | None             # employed in the city ÷ employed
    further_study_rate: float | None     # further study ÷ graduates
    by_employer: dict[int, int] = field(default_factory=dict)


def _same_city(a: str | None, b: str) -> bool:
    def norm(x):
        x = (x or "").strip().replace("河南省", "")
        return x[:-1] if x.endswith("市") and len(x) >= 3 else x
    return bool(a) and norm(a) == norm(b)


def outcome_rates(graduates: list[Graduate], city: str) -> OutcomeRates:
    """The outcome figures of a group of graduates of one year (same definitions as metrics.md).

    employment_rate = outcomes in {employed, self_employed, further_study, further_study_exam} ÷ all;
    local_rate = employed/self-employed whose outcome city is the consortium's city ÷ employed/self-employed;
    further_study_rate = {further_study, further_study_exam} ÷ all; to_internship_enterprise = employed
    graduates whose employer is an enterprise where they had a counted internship/apprenticeship placement.
    """
    n = len(graduates)
    placed = [g for g in graduates if g.outcome in PLACED]
    employed = [g for g in graduates if g.outcome in EMPLOYED]
    local = [g for g in employed if _same_city(g.outcome_city, city)]
    further = [g for g in graduates if g.outcome in FURTHER_STUDY]
    unemployed = sum(1 for g in graduates if g.outcome == "unemployed")
    stayed = sum(1 for g in employed if g.employer_id is not None and g.employer_id in g.internship_enterprises)
    by_employer: dict[int, int] = {}
    for g in employed:
        if g.employer_id is not None:
            by_employer[g.employer_id] = by_employer.get(g.employer_id, 0) + 1
    return OutcomeRates(n, len(placed), len(employed), len(local), len(further), unemployed, stayed,
                        _pct(len(placed), n), _pct(len(local), len(employed)), _pct(len(further), n),
                        by_employer)


def outcome_groups(graduates: list[Graduate], city: str, key) -> dict:
    """Rates per group (key: a function of a Graduate, e.g. its school or its major)."""
    groups: dict = {}
    for g in graduates:
        groups.setdefault(key(g), []).append(g)
    return {k: outcome_rates(v, city) for k, v in groups.items()}


# ---- matchmaking events -------------------------------------------------------------------------

@dataclass(frozen=True)
class EventRecord:
    """What the event counts read of one event."""

    id: int
    date: date
    enterprises: int
    attendees: int
    offers: int
    placements: int = 0


@dataclass(frozen=True)
class EventCounts:
    year: int
    events: int
    enterprises: int
    attendees: int
    offers: int
    placements: int


def count_events(events: list[EventRecord], year: int) -> EventCounts:
    """Events held in Y (by their date), the enterprises that took part (one per event and enterprise),
    the students who attended, the offers made and the placements that name the event."""
    chosen = [e for e in events if e.date.year == year]
    return EventCounts(year, len(chosen), sum(e.enterprises for e in chosen), sum(e.attendees for e in chosen),
                       sum(e.offers for e in chosen), sum(e.placements for e in chosen))
