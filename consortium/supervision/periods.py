"""Which log periods a placement owes, and which days it should have checked in (pure date arithmetic).

Daily logs are owed for each working day (Monday–Friday); weekly reports for each week (starting
Monday) the placement overlaps; monthly reports for each calendar month. A period is due on the day
after it ends and overdue from the day after that, so a student always has one full day to write it.
"""
from datetime import date, timedelta


def period_start(cadence: str, day: date) -> date:
    """The first day of the period that contains `day`."""
    if cadence == "daily":
        return day
    if cadence == "weekly":
        return day - timedelta(days=day.weekday())
    if cadence == "monthly":
        return day.replace(day=1)
    raise ValueError(cadence)


def period_end(cadence: str, start: date) -> date:
    if cadence == "daily":
        return start
    if cadence == "weekly":
        return start + timedelta(days=6)
    if cadence == "monthly":
        nxt = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return nxt - timedelta(days=1)
    raise ValueError(cadence)


def working_days(first: date, last: date):
    """Monday–Friday from first to last inclusive."""
    day = first
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def owed_periods(cadence: str, start: date, end: date | None, today: date) -> list[date]:
    """Starts of the periods whose due date has passed: they need an entry by now."""
    last = min(end, today) if end else today
    out = []
    cursor = period_start(cadence, start)
    while cursor <= last:
        if period_end(cadence, cursor) + timedelta(days=1) < today:
            if cadence != "daily" or cursor.weekday() < 5:
                out.append(cursor)
        cursor = period_end(cadence, cursor) + timedelta(days=1)
    return out


def overdue_periods(cadence: str, start: date, end: date | None, today: date, written: set[date],
                    excused: set[date] = frozenset()) -> list[date]:
    """Owed periods with no entry; a daily log is not owed for a day of approved absence."""
    return [p for p in owed_periods(cadence, start, end, today)
            if p not in written and not (cadence == "daily" and p in excused)]


def missing_days(start: date, end: date | None, today: date, attended: set[date], excused: set[date]) -> list[date]:
    """Working days before today with neither a check-in nor an absence record: 缺勤."""
    last = min(end, today - timedelta(days=1)) if end else today - timedelta(days=1)
    return [d for d in working_days(start, last) if d not in attended and d not in excused]
