"""In-app notifications: who is told of a change, the unread count and the inbox."""
from sqlalchemy import func, select, update

from ..auth.models import User
from ..extensions import db
from ..timeutil import utcnow
from .models import Notification


def notify(users, message: str, link: str | None = None) -> None:
    """Leave an in-app message for each user (duplicates and None skipped)."""
    seen = set()
    for user in users:
        if user is None or user.id in seen:
            continue
        seen.add(user.id)
        db.session.add(Notification(user_id=user.id, message=message[:500], link=link))


def org_users(member_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(User.member_id == member_id, User.active.is_(True))))


def candidate_users(candidate) -> list[User]:
    """The candidate's own account and their school's (or employer's) users."""
    column = User.student_id if candidate.kind == "student" else User.teacher_id
    own = list(db.session.scalars(select(User).where(column == candidate.id)))
    return own + org_users(candidate.org.id)


def unread_count(user) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def list_notifications(user, limit: int = 100) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def mark_read(user) -> None:
    db.session.execute(update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                       .values(read_at=utcnow()))
