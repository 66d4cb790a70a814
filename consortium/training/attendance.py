"""Training attendance by day: on a multi-day session with a roster, who attended which day.

Where a session keeps day-by-day attendance, its person-days are the days attended summed over the roster
(see figures.training.session_person_days) instead of completed participants × days.
"""
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from ..errors import NotAllowed, ValidationError
from ..extensions import db
from .models import RosterDay, RosterEntry, TrainingSession
from .services import can_manage_session


def session_dates(session: TrainingSession) -> list[date]:
    """Every calendar day from the session's start to its end."""
    return [session.start_date + timedelta(days=n) for n in range((session.end_date - session.start_date).days + 1)]


def attendance_grid(session: TrainingSession) -> dict[int, set[date]]:
    """Roster entry id → the days it attended."""
    grid: dict[int, set[date]] = {e.id: set() for e in session.roster}
    for entry_id, day in db.session.execute(select(RosterDay.roster_entry_id, RosterDay.day)
                                            .join(RosterEntry).where(RosterEntry.session_id == session.id)):
        grid.setdefault(entry_id, set()).add(day)
    return grid


def attended_person_days(session: TrainingSession) -> int:
    return db.session.scalar(select(func.count()).select_from(RosterDay).join(RosterEntry)
                             .where(RosterEntry.session_id == session.id)) or 0


def record_day(actor, session: TrainingSession, day: date, present_ids) -> int:
    """Replace one day's attendance with the roster entries present; returns how many were present."""
    if not can_manage_session(actor, session):
        raise NotAllowed(_("只有承训单位或秘书处可以记录考勤"))
    if day is None or day not in session_dates(session):
        raise ValidationError(_("请选择培训期间的日期"), {"day": _("应在 %(a)s 至 %(b)s 之间", a=session.start_date.isoformat(),
                                                            b=session.end_date.isoformat())})
    roster_ids = {e.id for e in session.roster}
    present = {int(i) for i in present_ids or []}
    if not present <= roster_ids:
        raise ValidationError(_("名单中没有该学员"), {"present": _("名单中没有该学员")})
    db.session.execute(delete(RosterDay).where(RosterDay.day == day, RosterDay.roster_entry_id.in_(roster_ids)))
    db.session.add_all(RosterDay(roster_entry_id=i, day=day) for i in sorted(present))
    db.session.flush()
    return len(present)
