"""Supervision records of a placement: people, work site, logs and their history, check-ins, absences,
evaluations, incidents and the message thread."""
from sqlalchemy.orm import declared_attr

from ..extensions import db
from ..members.models import parent_key
from ..vocab import (ABSENCE_REASONS, ABSENCE_STATUSES, CHECKIN_FLAGS, EVALUATION_KINDS, INCIDENT_KINDS,
                     INCIDENT_SEVERITIES, INCIDENT_STATUSES, LOG_CADENCES, LOG_STATUSES)
from ..timeutil import utcnow


class OfPlacement:
    """Mixed into a supervision record of one placement: the row's integer key `id`, and `placement_id`
    (indexed; the records are deleted with their placement)."""

    id = db.Column(db.Integer, primary_key=True)
    placement_id = declared_attr(lambda cls: parent_key("placement"))


class Supervision(db.Model):
    """The supervision settings of one placement: its school supervisor, log cadence and evaluation waiver."""

    __tablename__ = "supervision"
    id = db.Column(db.Integer, primary_key=True)
    placement_id = db.Column(db.Integer, db.ForeignKey("placement.id", ondelete="CASCADE"), nullable=False, unique=True)
    supervisor_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    cadence = db.Column(db.String(10), nullable=False, default="weekly", info={"vocab": LOG_CADENCES})
    # 已完成 needs the mentor's evaluation unless the school waives it; who, when and why is kept.
    evaluation_waived = db.Column(db.Boolean, nullable=False, default=False)
    waiver_reason = db.Column(db.String(500))
    waiver_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    waiver_at = db.Column(db.DateTime)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    placement = db.relationship("Placement")
    supervisor = db.relationship("User", foreign_keys=[supervisor_id])
    waiver_by = db.relationship("User", foreign_keys=[waiver_by_id])

    cadence_label = LOG_CADENCES.label_property("cadence")


class PlacementMentor(OfPlacement, db.Model):
    """An enterprise mentor (企业指导人员) of a placement: a user of the enterprise."""

    __tablename__ = "placement_mentor"
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    user = db.relationship("User")
    __table_args__ = (db.UniqueConstraint("placement_id", "user_id"),)


class WorkSite(db.Model):
    """Where a position's people work: coordinates and the radius a check-in should fall within."""

    __tablename__ = "work_site"
    id = db.Column(db.Integer, primary_key=True)
    position_id = db.Column(db.Integer, db.ForeignKey("position.id", ondelete="CASCADE"), nullable=False, unique=True)
    lat = db.Column(db.Numeric(9, 6))
    lng = db.Column(db.Numeric(9, 6))
    radius_m = db.Column(db.Integer, nullable=False, default=1000)
    __table_args__ = (db.CheckConstraint("radius_m > 0", name="radius_positive"),)


class LogEntry(OfPlacement, db.Model):
    """A student's 日志 / 周报 / 月报 for one period. Locked once the mentor countersigns it."""

    __tablename__ = "log_entry"
    cadence = db.Column(db.String(10), nullable=False, info={"vocab": LOG_CADENCES})
    period_start = db.Column(db.Date, nullable=False)
    body = db.Column(db.Text, nullable=False)
    status = db.Column(db.String(10), nullable=False, default="submitted", info={"vocab": LOG_STATUSES})
    version = db.Column(db.Integer, nullable=False, default=1)
    author_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    submitted_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    mentor_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    mentor_comment = db.Column(db.String(1000))
    decided_at = db.Column(db.DateTime)
    supervisor_comment = db.Column(db.String(1000))
    supervisor_commented_at = db.Column(db.DateTime)

    placement = db.relationship("Placement")
    author = db.relationship("User", foreign_keys=[author_id])
    mentor = db.relationship("User", foreign_keys=[mentor_id])
    revisions = db.relationship("LogRevision", order_by="LogRevision.version", cascade="all, delete-orphan",
                                back_populates="log")
    attachments = db.relationship("LogAttachment", order_by="LogAttachment.id", cascade="all, delete-orphan",
                                  back_populates="log")
    __table_args__ = (
        db.UniqueConstraint("placement_id", "cadence", "period_start"),
        db.CheckConstraint("status IN ('submitted', 'returned', 'approved')", name="log_status"),
    )

    @property
    def locked(self) -> bool:
        return self.status == "approved"

    status_label = LOG_STATUSES.label_property("status")
    cadence_label = LOG_CADENCES.label_property("cadence")


class LogRevision(db.Model):
    """Every saved version of a log entry and every decision on it, kept for good."""

    __tablename__ = "log_revision"
    id = db.Column(db.Integer, primary_key=True)
    log_id = db.Column(db.Integer, db.ForeignKey("log_entry.id", ondelete="CASCADE"), nullable=False, index=True)
    version = db.Column(db.Integer, nullable=False)
    action = db.Column(db.String(12), nullable=False)  # submit, edit, return, approve, comment
    body = db.Column(db.Text)
    note = db.Column(db.String(1000))
    by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    at = db.Column(db.DateTime, nullable=False, default=utcnow)

    log = db.relationship("LogEntry", back_populates="revisions")
    by = db.relationship("User")


class LogAttachment(db.Model):
    """A photo or file attached to a log entry (at most five), stored under a server-made name."""

    __tablename__ = "log_attachment"
    id = db.Column(db.Integer, primary_key=True)
    log_id = db.Column(db.Integer, db.ForeignKey("log_entry.id", ondelete="CASCADE"), nullable=False, index=True)
    stored_name = db.Column(db.String(60), nullable=False)
    original_name = db.Column(db.String(200), nullable=False)
    size = db.Column(db.Integer, nullable=False)

    log = db.relationship("LogEntry", back_populates="attachments")


class CheckIn(OfPlacement, db.Model):
    """A 签到 (in) or 签退 (out) with the rotating code, where and on which device, and its flags."""

    __tablename__ = "checkin"
    day = db.Column(db.Date, nullable=False, index=True)
    kind = db.Column(db.String(3), nullable=False, default="in")
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    lat = db.Column(db.Numeric(9, 6))
    lng = db.Column(db.Numeric(9, 6))
    distance_m = db.Column(db.Integer)
    device = db.Column(db.String(64), index=True)
    flags = db.Column(db.JSON, nullable=False, default=list)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))

    placement = db.relationship("Placement")
    __table_args__ = (
        db.UniqueConstraint("placement_id", "day", "kind"),
        db.CheckConstraint("kind IN ('in', 'out')", name="checkin_kind"),
    )

    @property
    def flag_labels(self) -> list:
        return [CHECKIN_FLAGS.label(f) for f in self.flags or []]


class Absence(OfPlacement, db.Model):
    """A working day without a check-in (缺勤), with the student's reason and the mentor's decision."""

    __tablename__ = "absence"
    day = db.Column(db.Date, nullable=False)
    reason = db.Column(db.String(15), nullable=False, info={"vocab": ABSENCE_REASONS})
    note = db.Column(db.String(500))
    status = db.Column(db.String(10), nullable=False, default="pending", info={"vocab": ABSENCE_STATUSES})
    decided_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    decided_at = db.Column(db.DateTime)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    __table_args__ = (db.UniqueConstraint("placement_id", "day"),)

    reason_label = ABSENCE_REASONS.label_property("reason")
    status_label = ABSENCE_STATUSES.label_property("status")


class Rubric(db.Model):
    """A school's rubric for the mentor's evaluation: items with weights that sum to 100."""

    __tablename__ = "evaluation_rubric"
    id = db.Column(db.Integer, primary_key=True)
    school_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False, unique=True)
    items = db.Column(db.JSON, nullable=False, default=list)  # [{"name": "职业素养", "weight": 30}, …]
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class Evaluation(OfPlacement, db.Model):
    """One of the end-of-placement assessments: the mentor's, the supervisor's, the student's own."""

    __tablename__ = "evaluation"
    kind = db.Column(db.String(10), nullable=False, info={"vocab": EVALUATION_KINDS})
    author_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    scores = db.Column(db.JSON)  # mentor: {item name: 0–100}
    score = db.Column(db.Numeric(5, 1))
    comment = db.Column(db.Text)
    satisfaction = db.Column(db.Integer)  # self: 1–5, the student's rating of the enterprise
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    author = db.relationship("User")
    __table_args__ = (
        db.UniqueConstraint("placement_id", "kind"),
        db.CheckConstraint("kind IN ('mentor', 'supervisor', 'self')", name="evaluation_kind"),
        db.CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_range"),
        db.CheckConstraint("satisfaction IS NULL OR (satisfaction >= 1 AND satisfaction <= 5)",
                           name="satisfaction_range"),
    )

    kind_label = EVALUATION_KINDS.label_property("kind")


class Incident(OfPlacement, db.Model):
    """A safety incident or complaint (安全事故与投诉) on a placement, with its handling."""

    __tablename__ = "incident"
    occurred_on = db.Column(db.Date, nullable=False)
    kind = db.Column(db.String(12), nullable=False, info={"vocab": INCIDENT_KINDS})
    severity = db.Column(db.String(10), nullable=False, default="minor", info={"vocab": INCIDENT_SEVERITIES})
    description = db.Column(db.Text, nullable=False)
    reported_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    handling = db.Column(db.Text)
    status = db.Column(db.String(10), nullable=False, default="open", info={"vocab": INCIDENT_STATUSES})
    closed_at = db.Column(db.DateTime)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    placement = db.relationship("Placement")
    reported_by = db.relationship("User")

    kind_label = INCIDENT_KINDS.label_property("kind")
    severity_label = INCIDENT_SEVERITIES.label_property("severity")
    status_label = INCIDENT_STATUSES.label_property("status")


class PlacementMessage(OfPlacement, db.Model):
    """A message in a placement's thread between the student, the mentors and the supervisor."""

    __tablename__ = "placement_message"
    author_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    body = db.Column(db.String(2000), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    author = db.relationship("User")
