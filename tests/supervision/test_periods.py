"""Which logs a placement owes and which days it missed (pure date arithmetic)."""
from datetime import date

from consortium.supervision import periods


def test_weekly_periods_are_due_the_day_after_sunday():
    start = date(2026, 3, 4)  # a Wednesday
    # week of 2 March ends Sunday 8 March: due Monday 9th, overdue from Tuesday 10th
    assert periods.owed_periods("weekly", start, None, date(2026, 3, 9)) == []
    assert periods.owed_periods("weekly", start, None, date(2026, 3, 10)) == [date(2026, 3, 2)]
    assert periods.overdue_periods("weekly", start, None, date(2026, 3, 17), {date(2026, 3, 2)}) == [date(2026, 3, 9)]


def test_daily_periods_skip_weekends_and_monthly_periods():
    owed = periods.owed_periods("daily", date(2026, 3, 6), None, date(2026, 3, 11))  # Fri … Wed
    assert owed == [date(2026, 3, 6), date(2026, 3, 9)]
    assert periods.owed_periods("monthly", date(2026, 1, 15), None, date(2026, 3, 1)) == [date(2026, 1, 1)]
    assert periods.owed_periods("monthly", date(2026, 1, 15), None, date(2026, 3, 2)) == [date(2026, 1, 1),
                                                                                       date(2026, 2, 1)]
    assert periods.period_end("monthly", date(2024, 2, 1)) == date(2024, 2, 29)


def test_missing_days_exclude_attended_and_excused():
    missing = periods.missing_days(date(2026, 3, 2), None, date(2026, 3, 7), {date(2026, 3, 2)}, {date(2026, 3, 3)})
    assert missing == [date(2026, 3, 4), date(2026, 3, 5), date(2026, 3, 6)]
