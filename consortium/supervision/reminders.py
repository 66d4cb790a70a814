"""The daily reminder run: overdue logs and insurance about to end, as in-app notifications.

Run once a day by cron (`flask --app wsgi supervision remind`, see docs/supervision.md). Running it twice
on one day sends nothing new: a reminder already left today for the same person and page is skipped.
"""
from datetime import date, datetime, time, timezone

from flask_babel import gettext as _
from sqlalchemy import select

from ..timeutil import SHANGHAI, today as consortium_today
from ..extensions import db
from ..jobs.compliance import insurance_ends_soon
from ..jobs.models import Notification, Placement
from ..jobs.notifications import org_users
from . import access
from .services import overdue_logs


def _already_today(user_id: int, link: str, on: date) -> bool:
    start = datetime.combine(on, time.min, SHANGHAI).astimezone(timezone.utc).replace(tzinfo=None)
    return db.session.scalar(select(Notification.id).where(Notification.user_id == user_id, Notification.link == link,
                                                           Notification.created_at >= start)) is not None


def _remind(users, message: str, link: str, on: date) -> int:
    sent, seen = 0, set()
    for user in users:
        if user is None or user.id in seen or _already_today(user.id, link, on):
            continue
        seen.add(user.id)
        db.session.add(Notification(user_id=user.id, message=message[:500], link=link))
        sent += 1
    return sent


def send_daily_reminders(on: date | None = None) -> dict:
    """Notify the intern, mentors and supervisor of overdue logs; the school, enterprise and supervisor of
    insurance ending within 14 days. Returns counts of placements and notifications."""
    on = on or consortium_today()
    counts = {"overdue_placements": 0, "insurance_placements": 0, "notifications": 0}
    for placement in db.session.scalars(select(Placement).where(Placement.status.in_(("accepted", "active")))):
        people = access.participants(placement)
        if placement.status == "active":
            overdue = overdue_logs(placement, on)
            if overdue:
                counts["overdue_placements"] += 1
                counts["notifications"] += _remind(
                    people, _("%(name)s 有 %(n)d 篇日志逾期未交（最早 %(d)s）", name=placement.candidate.name,
                              n=len(overdue), d=overdue[0].isoformat()),
                    f"/supervision/placements/{placement.id}#logs", on)
        if insurance_ends_soon(placement, on):
            counts["insurance_placements"] += 1
            sup = access.supervision_of(placement)
            users = (org_users(access.intern_org_id(placement)) + org_users(placement.position.enterprise_id)
                     + ([sup.supervisor] if sup and sup.supervisor else []))
            counts["notifications"] += _remind(
                users, _("%(name)s 的实习责任保险将于 %(d)s 到期，早于实习结束日期", name=placement.candidate.name,
                         d=placement.insurance_end.isoformat()), f"/placements/{placement.id}", on)
    db.session.flush()
    return counts
