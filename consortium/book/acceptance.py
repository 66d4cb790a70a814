"""Pure rules of the book: commitments against actual figures (验收), and the clean-record declaration.

No Flask and no database: plain values in, plain rows out, so the rules are tested on their own.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

MET, NOT_MET, NO_ACTUAL, OPEN = "met", "not_met", "no_actual", "open"
DECLARATION_YEARS = 3  # 近 3 年内


@dataclass(frozen=True)
class AcceptanceRow:
    """One commitment beside its actual figure: status, the gap (actual − committed) and actual ÷ committed."""

    key: str
    year: int
    committed: Decimal
    actual: Decimal | None
    status: str
    gap: Decimal | None = None
    ratio_pct: Decimal | None = None


def _number(value) -> Decimal | None:
    if value is None or isinstance(value, (list, tuple, bool)):
        return None
    return Decimal(str(value))


def compare(commitments: dict[tuple[int, str], Decimal], actuals: dict[int, dict[str, object]],
            last_closed_year: int) -> list[AcceptanceRow]:
    """Each commitment (year, key) → value beside the actual figure of that year.

    A year after `last_closed_year` has not closed: its rows are `open`. A closed year's commitment is
    `met` when the actual figure reaches it (every committed figure of the book counts up: more is better),
    `not_met` otherwise, `no_actual` when the figure has no value (e.g. a rate with no denominator).
    """
    rows = []
    for (year, key), committed in sorted(commitments.items()):
        committed = Decimal(committed)
        if year > last_closed_year:
            rows.append(AcceptanceRow(key, year, committed, None, OPEN))
            continue
        actual = _number(actuals.get(year, {}).get(key))
        if actual is None:
            rows.append(AcceptanceRow(key, year, committed, None, NO_ACTUAL))
            continue
        ratio = ((actual * 100 / committed).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
                 if committed else None)
        rows.append(AcceptanceRow(key, year, committed, actual, MET if actual >= committed else NOT_MET,
                                  actual - committed, ratio))
    return rows


def declaration_window(on: date) -> date:
    """The first day of the 3 years before `on` (近 3 年内): the same day three years earlier."""
    try:
        return on.replace(year=on.year - DECLARATION_YEARS)
    except ValueError:  # 29 February
        return on.replace(year=on.year - DECLARATION_YEARS, day=28)


@dataclass(frozen=True)
class DeclarationState:
    """Whether the clean-record declaration may be printed, and what blocks it."""

    printable: bool
    serious: list  # the serious incidents inside the window, as given
    signed: bool


def declaration_state(serious_dates: list[tuple[date, object]], signature: tuple[str, date] | None,
                      on: date) -> DeclarationState:
    """The declaration is printed only when no serious incident happened in the 3 years up to `on` and a
    named person has signed it on a date (not after `on`). `serious_dates` holds (date, incident) pairs of
    serious incidents from every register."""
    since = declaration_window(on)
    inside = [incident for day, incident in serious_dates if since <= day <= on]
    signed = bool(signature and signature[0] and signature[0].strip() and signature[1] and signature[1] <= on)
    return DeclarationState(printable=not inside and signed, serious=inside, signed=signed)
