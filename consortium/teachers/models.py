"""Teacher exchange: part-time teaching engagements (兼职授课), their logged sessions, 双师型 evidence, practice targets."""
from decimal import Decimal

from ..extensions import db
from ..members.models import OfConsortium
from ..timeutil import utcnow
from ..vocab import EVIDENCE_KINDS

HOURS = db.Numeric(7, 1)


class Engagement(OfConsortium, db.Model):
    """A teacher teaching a course at a host school (兼职授课).

    The employer is the teacher's (`teacher.employer_id`); the host is a member school. Natural key
    for import: (teacher, host, start_date). The engagement's total class hours are the sum of its
    logged sessions when any exist, else the declared `class_hours` (see `total_hours`).
    """

    __tablename__ = "engagement"
    teacher_id = db.Column(db.Integer, db.ForeignKey("teacher.id", ondelete="CASCADE"), nullable=False, index=True)
    host_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True)
    course = db.Column(db.String(200), nullable=False)
    start_date = db.Column(db.Date, nullable=False)
    end_date = db.Column(db.Date)  # None: still running
    class_hours = db.Column(HOURS)  # declared total; used only while no session is logged
    confirmed_by_host = db.Column(db.Boolean, nullable=False, default=False)
    confirmed_at = db.Column(db.DateTime)
    confirmed_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    teacher = db.relationship("Teacher")
    host = db.relationship("Member")
    confirmed_by = db.relationship("User")
    sessions = db.relationship("EngagementSession", back_populates="engagement", cascade="all, delete-orphan",
                               order_by="EngagementSession.date")

    __table_args__ = (
        db.UniqueConstraint("teacher_id", "host_id", "start_date"),
        db.Index("ix_engagement_consortium_start", "consortium_id", "start_date"),
        db.CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        db.CheckConstraint("class_hours IS NULL OR class_hours >= 0", name="class_hours_nonneg"),
    )

    @property
    def logged_hours(self) -> Decimal | None:
        """Σ hours of the logged sessions, or None when nothing is logged."""
        if not self.sessions:
            return None
        return sum((s.hours for s in self.sessions), Decimal(0))

    @property
    def total_hours(self) -> Decimal:
        """The engagement's class hours: its logs when any exist, else the declared total (0 if none)."""
        logged = self.logged_hours
        if logged is not None:
            return logged
        return self.class_hours if self.class_hours is not None else Decimal(0)

    @property
    def hours_source(self) -> str:
        return "logged" if self.sessions else "declared"


class EngagementSession(db.Model):
    """One logged teaching session of an engagement: date, hours, topic."""

    __tablename__ = "engagement_session"
    id = db.Column(db.Integer, primary_key=True)
    engagement_id = db.Column(db.Integer, db.ForeignKey("engagement.id", ondelete="CASCADE"), nullable=False,
                              index=True)
    date = db.Column(db.Date, nullable=False)
    hours = db.Column(HOURS, nullable=False)
    topic = db.Column(db.String(200))
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    engagement = db.relationship("Engagement", back_populates="sessions")
    __table_args__ = (db.CheckConstraint("hours > 0", name="hours_positive"),)


class DualEvidence(db.Model):
    """Evidence of a teacher's 双师型 status: a qualification certificate or enterprise work experience.

    `Teacher.dual_qualified` stays the flag the figures count; these rows are what backs it up
    (`Teacher.dual_evidence` remains a free-text summary for import).
    """

    __tablename__ = "teacher_evidence"
    id = db.Column(db.Integer, primary_key=True)
    teacher_id = db.Column(db.Integer, db.ForeignKey("teacher.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = db.Column(db.String(30), nullable=False, info={"vocab": EVIDENCE_KINDS})
    title = db.Column(db.String(200), nullable=False)
    issuer = db.Column(db.String(200))
    issued_date = db.Column(db.Date)
    note = db.Column(db.String(500))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    teacher = db.relationship("Teacher")

    kind_label = EVIDENCE_KINDS.label_property("kind")


class PracticeTarget(db.Model):
    """A school's yearly target for teacher practice in enterprises (e.g. 1.0 month per teacher)."""

    __tablename__ = "practice_target"
    id = db.Column(db.Integer, primary_key=True)
    school_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True)
    year = db.Column(db.Integer, nullable=False)
    months_per_teacher = db.Column(db.Numeric(4, 1), nullable=False)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    school = db.relationship("Member")
    __table_args__ = (
        db.UniqueConstraint("school_id", "year"),
        db.CheckConstraint("months_per_teacher >= 0", name="months_nonneg"),
    )
