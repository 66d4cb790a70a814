"""Public data types of the matching core, plus lazy re-exports of the scoring and allocation API."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..vocab import STUDENT_KINDS, TEACHER_KINDS

#: Candidate kind -> position kinds it may be placed on (hard eligibility rule).
KIND_COMPATIBILITY: dict[str, frozenset[str]] = {
    "student": frozenset(STUDENT_KINDS),
    "teacher": frozenset(TEACHER_KINDS),
}


@dataclass(frozen=True)
class Candidate:
    """A student or teacher to place. Deliberately has no gender / age / ID-number fields."""

    id: str
    kind: str  # "student" | "teacher"
    org: str
    major: str = ""
    major_code: str = ""
    skills: tuple[str, ...] = ()
    city: str = ""  # preferred city ("" = no preference)
    busy: tuple[tuple[date, date | None], ...] = ()  # existing placements (None = open end)
    preferences: tuple[str, ...] = ()  # position ids in the candidate's stated order
    available_from: date | None = None  # soft dates component; None = unknown / available
    available_to: date | None = None  # last day available: a position starting later is ineligible
    excluded: tuple[str, ...] = ()  # positions never to propose (an earlier proposal or a decline)


@dataclass(frozen=True)
class Position:
    """An enterprise position (apprenticeship, field_engineer, internship, teacher_practice)."""

    id: str
    kind: str
    enterprise: str
    title: str = ""
    majors: tuple[str, ...] = ()  # wanted majors, names or 6-digit catalog codes; () = any major
    skills: tuple[str, ...] = ()  # required skills; () = none listed
    city: str = ""
    slots: int = 1
    filled: int = 0
    start: date | None = None
    end: date | None = None
    status: str = "open"

    @property
    def open_slots(self) -> int:
        return max(0, self.slots - self.filled) if self.status == "open" else 0


@dataclass(frozen=True)
class Weights:
    """Component weights; normalised by their sum, so only ratios matter."""

    major: float = 0.45
    skills: float = 0.30
    city: float = 0.15
    dates: float = 0.10

    def normalized(self) -> tuple[float, float, float, float]:
        ws = (float(self.major), float(self.skills), float(self.city), float(self.dates))
        if any(w < 0 for w in ws) or sum(ws) <= 0:
            raise ValueError(f"weights must be >= 0 with a positive sum, got {ws}")
        total = sum(ws)
        return tuple(w / total for w in ws)  # type: ignore[return-value]


@dataclass(frozen=True)
class ScoredPair:
    """One candidate × position pair with its 0–100 score and Chinese reasons."""

    candidate: str
    position: str
    score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Allocation:
    """Result of an allocation: (candidate_id, position_id, score) sorted by candidate id."""

    assignments: list[tuple[str, str, float]]
    unmatched: list[str]
    unfilled: dict[str, int]
    proposals: int = 0  # proposals made by deferred acceptance (0 for max-fit)

    @property
    def total_score(self) -> float:
        return float(sum(s for _, _, s in self.assignments))


@dataclass(frozen=True)
class NearMiss:
    """A position an unmatched candidate scored well on, and why it was not assigned."""

    position: str
    score: float
    why: str


@dataclass(frozen=True)
class UnmatchedCandidate:
    """An unmatched candidate with its best score, a reason code + Chinese text, and near misses."""

    candidate: str
    best_score: float | None
    reason: str
    reason_text: str
    near_misses: tuple[NearMiss, ...] = ()


@dataclass(frozen=True)
class RoundResult:
    """Output of run_round(): assignments with reasons, unmatched with explanations, open slots."""

    mode: str
    assignments: list[ScoredPair]
    unmatched: list[UnmatchedCandidate]
    unfilled: dict[str, int]
    stats: dict[str, float] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict, compare=False)  # seconds per phase

    @property
    def total_score(self) -> float:
        return float(sum(a.score for a in self.assignments))


_LAZY = {
    "ScoreTable": "scoring", "score_pairs": "scoring", "explain_pair": "scoring",
    "is_eligible": "scoring", "DEFAULT_MIN_SCORE": "scoring", "DEFAULT_TOP_K": "scoring",
    "allocate_stable": "allocation", "allocate_max_fit": "allocation", "run_round": "allocation",
}

__all__ = ["KIND_COMPATIBILITY", "Candidate", "Position", "Weights", "ScoredPair", "Allocation",
           "NearMiss", "UnmatchedCandidate", "RoundResult", *_LAZY]


def __getattr__(name: str):
    """Lazily re-export the scoring / allocation API (avoids an import cycle)."""
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__package__}.{mod}"), name)
