"""In-app notifications: who is told of a change, the unread count and the inbox."""
from collections import defaultdict

from sqlalchemy import func, insert, or_, select, update

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


def notify_each(messages) -> None:
    """Leave many messages at once, one multi-row INSERT: `messages` yields (user id, message, link)."""
    rows = [{"user_id": uid, "message": message[:500], "link": link, "created_at": utcnow()}
            for uid, message, link in messages]
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Notification), rows[start:start + 5000])


class UserDirectory:
    """Who is told of a change: an organization's active users; a candidate's own account and their school's
    (or employer's) users. By default each question is one query; `preload` answers them for many
    organizations and candidates with two queries, as a matching round does."""

    def __init__(self):
        self._org: dict | None = None
        self._own: dict | None = None

    @classmethod
    def preload(cls, member_ids, candidates) -> "UserDirectory":
        directory = cls()
        directory._org, directory._own = defaultdict(list), defaultdict(list)
        member_ids = sorted(set(member_ids))
        for start in range(0, len(member_ids), 500):
            for user in db.session.scalars(select(User).where(User.member_id.in_(member_ids[start:start + 500]),
                                                              User.active.is_(True))):
                directory._org[user.member_id].append(user)
        students = sorted({c.id for c in candidates if c.kind == "student"})
        teachers = sorted({c.id for c in candidates if c.kind != "student"})
        for ids, column, kind in ((students, User.student_id, "student"), (teachers, User.teacher_id, "teacher")):
            for start in range(0, len(ids), 500):
                for user in db.session.scalars(select(User).where(column.in_(ids[start:start + 500]))):
                    directory._own[(kind, getattr(user, f"{kind}_id"))].append(user)
        return directory

    def org_users(self, member_id: int) -> list[User]:
        if self._org is not None:
            return list(self._org.get(member_id, ()))
        return list(db.session.scalars(select(User).where(User.member_id == member_id, User.active.is_(True))))

    def candidate_users(self, candidate) -> list[User]:
        """The candidate's own account and their school's (or employer's) users."""
        if self._own is not None:
            own = list(self._own.get((candidate.kind, candidate.id), ()))
        else:
            column = User.student_id if candidate.kind == "student" else User.teacher_id
            own = list(db.session.scalars(select(User).where(column == candidate.id)))
        return own + self.org_users(candidate.org.id)


def org_users(member_id: int) -> list[User]:
    return UserDirectory().org_users(member_id)


def candidate_users(candidate) -> list[User]:
    """The candidate's own account and their school's (or employer's) users."""
    return UserDirectory().candidate_users(candidate)


def unread_count(user) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def list_notifications(user, limit: int = 100) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def mark_read(user) -> None:
    db.session.execute(update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                       .values(read_at=utcnow()))
