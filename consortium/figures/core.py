"""What every family of book figures shares: the `Figure`, the member record, year arithmetic and rounding.

No Flask and no database here. Every figure function of this package has the signature
`(records: YearRecords, year: int) -> Figure`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from ..vocab import COUNTED_STATUSES, SCHOOL_TYPES, VOCATIONAL_TYPES  # noqa: F401  (the rule sets figures use)

ONE_DECIMAL = Decimal("0.1")


def N_(text: str) -> str:
    """Marks a label for translation without translating it (this package has no Flask)."""
    return text


@dataclass(frozen=True)
class Figure:
    """A figure and the records behind it as (record type, id) pairs (metrics.md: every figure is traceable)."""

    key: str
    value: object
    record_refs: list[tuple[str, int]] = field(default_factory=list)

    @property
    def record_ids(self) -> list[int]:
        """The ids of the records behind the figure (a family's figures read one record type)."""
        return [rid for _kind, rid in self.record_refs]


def refs(kind: str, ids: Iterable[int]) -> list[tuple[str, int]]:
    """(kind, id) pairs, sorted and without repeats."""
    return [(kind, i) for i in sorted(set(ids))]


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """A member organization with its membership dates (left_date None: still a member)."""

    id: int
    name: str
    type: str
    joined_date: date
    left_date: date | None = None
    students: int | None = None
    sector: str | None = None
    role: str = "member"

    def is_member_in(self, year: int) -> bool:
        """Member during Y: joined on or before 31 Dec Y and not left before 1 Jan Y."""
        first, last = year_bounds(year)
        return self.joined_date <= last and (self.left_date is None or self.left_date >= first)

    @property
    def is_school(self) -> bool:
        return self.type in SCHOOL_TYPES


def year_bounds(year: int) -> tuple[date, date]:
    """1 Jan and 31 Dec of Y."""
    return date(year, 1, 1), date(year, 12, 31)


def overlaps(start: date | None, end: date | None, year: int) -> bool:
    """A dated range is active in Y when it overlaps Y; an open end runs on; no start means "not dated"."""
    if start is None:
        return False
    first, last = year_bounds(year)
    return start <= last and (end is None or end >= first)


def overlap_days(start: date, end: date | None, year: int) -> int:
    """Calendar days of [start, end] inside Y, both ends inclusive; an open end counts up to 31 Dec Y."""
    first, last = year_bounds(year)
    lo = max(start, first)
    hi = min(end or last, last)
    return max(0, (hi - lo).days + 1)


def person_months(days: int | Decimal) -> Decimal:
    """Σ overlap_days / 30, rounded to 1 decimal (only ever applied to a final sum)."""
    return (Decimal(days) / 30).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def pct(numerator, denominator) -> Decimal | None:
    """numerator ÷ denominator × 100 with 1 decimal; None when the denominator is 0 (or unknown)."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def members_in(records, year: int) -> dict[int, MemberRecord]:
    """Members during Y (joined on or before 31 Dec Y, not left before 1 Jan Y), by id (computed once per year)."""
    key = ("members_in", year)
    current = records.cache.get(key)
    if current is None:
        current = records.cache[key] = {m.id: m for m in records.members if m.is_member_in(year)}
    return current
