"""Positions with slots, applications to them, placements and their compliance documents, programmes."""
from datetime import timedelta

from sqlalchemy.orm import declared_attr

from ..extensions import db
from ..members.models import OfConsortium, link_table, parent_key
from ..timeutil import utcnow
from ..vocab import (APPLICATION_STATUSES, PLACEMENT_SOURCES, PLACEMENT_STATUSES, POSITION_KINDS, POSITION_STATUSES,
                     PROGRAMME_KINDS, TEACHER_KINDS)


class Position(OfConsortium, db.Model):
    """A position an enterprise member offers, with a number of slots.

    `filled` counts the placements holding a slot; it only changes through conditional
    updates (see services.take_slot), and the database refuses `filled > slots`.
    """

    __tablename__ = "position"
    code = db.Column(db.String(40), nullable=False)
    enterprise_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = db.Column(db.String(20), nullable=False, info={"vocab": POSITION_KINDS})
    title = db.Column(db.String(200), nullable=False)
    majors = db.Column(db.JSON, nullable=False, default=list)
    skills = db.Column(db.JSON, nullable=False, default=list)
    city = db.Column(db.String(50))
    slots = db.Column(db.Integer, nullable=False, default=1)
    filled = db.Column(db.Integer, nullable=False, default=0)
    start_date = db.Column(db.Date, nullable=False)
    end_date = db.Column(db.Date)
    # Late joiners are taken until start_date + late_join_days (0 = only before the start).
    late_join_days = db.Column(db.Integer, nullable=False, default=30, server_default="30")
    description = db.Column(db.Text)
    status = db.Column(db.String(10), nullable=False, default="draft", info={"vocab": POSITION_STATUSES})
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    enterprise = db.relationship("Member")
    __table_args__ = (
        db.UniqueConstraint("consortium_id", "code"),
        # The position list, newest first, of every status or of one.
        db.Index("ix_position_consortium_start", "consortium_id", "start_date"),
        db.Index("ix_position_consortium_status_start", "consortium_id", "status", "start_date"),
        db.CheckConstraint("slots >= 0", name="slots_nonneg"),
        db.CheckConstraint("filled >= 0 AND filled <= slots", name="filled_within_slots"),
        db.CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        db.CheckConstraint("late_join_days >= 0", name="late_join_nonneg"),
    )

    @property
    def join_until(self):
        """The last day a candidate may still join (start date plus the late-joiner days)."""
        return self.start_date + timedelta(days=self.late_join_days or 0) if self.start_date else None

    @property
    def open_slots(self) -> int:
        return max(0, self.slots - self.filled)

    @property
    def for_teachers(self) -> bool:
        return self.kind in TEACHER_KINDS

    kind_label = POSITION_KINDS.label_property("kind")
    status_label = POSITION_STATUSES.label_property("status")


def _candidate_key(table: str):
    """The key to one kind of candidate (`student` or `teacher`), set on the rows of that kind only."""
    return db.Column(db.Integer, db.ForeignKey(f"{table}.id", ondelete="CASCADE"), index=True)


class CandidateOfPosition:
    """A row that pairs a position with one candidate, a student or a teacher (applications, placements): its key
    `id`, `position_id` (the rows are deleted with their position) and exactly one of `student_id` and
    `teacher_id`; `pair_constraints` holds both rules in the table."""

    id = db.Column(db.Integer, primary_key=True)
    position_id = declared_attr(lambda cls: parent_key("position"))
    student_id = declared_attr(lambda cls: _candidate_key("student"))
    teacher_id = declared_attr(lambda cls: _candidate_key("teacher"))

    @declared_attr
    def position(cls):
        return db.relationship("Position")

    @declared_attr
    def student(cls):
        return db.relationship("Student")

    @declared_attr
    def teacher(cls):
        return db.relationship("Teacher")

    @property
    def candidate(self):
        return self.student or self.teacher

    @staticmethod
    def pair_constraints() -> tuple:
        """The constraints for the model's `__table_args__`: a candidate at most once per position, and exactly
        one candidate a row."""
        return (db.UniqueConstraint("position_id", "student_id"), db.UniqueConstraint("position_id", "teacher_id"),
                db.CheckConstraint("(student_id IS NULL) <> (teacher_id IS NULL)", name="one_candidate"))


class Application(CandidateOfPosition, db.Model):
    """A candidate's application to a position, with an optional note."""

    __tablename__ = "application"
    note = db.Column(db.String(500))
    rank = db.Column(db.Integer)  # the candidate's own order of preference, 1 = first choice
    status = db.Column(db.String(12), nullable=False, default="pending", info={"vocab": APPLICATION_STATUSES})
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    decided_at = db.Column(db.DateTime)
    decided_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))

    __table_args__ = CandidateOfPosition.pair_constraints()

    status_label = APPLICATION_STATUSES.label_property("status")


class Placement(CandidateOfPosition, db.Model):
    """A candidate on a position: proposed → accepted → active → completed, or rejected / withdrawn."""

    __tablename__ = "placement"
    status = db.Column(db.String(12), nullable=False, default="proposed", info={"vocab": PLACEMENT_STATUSES})
    start_date = db.Column(db.Date, nullable=False)
    end_date = db.Column(db.Date)
    source = db.Column(db.String(12), nullable=False, default="application", info={"vocab": PLACEMENT_SOURCES})
    application_id = db.Column(db.Integer, db.ForeignKey("application.id", ondelete="SET NULL"))
    match_round = db.Column(db.Integer)
    match_score = db.Column(db.Numeric(5, 1))
    match_reasons = db.Column(db.JSON)
    # 三方协议 (three-party agreement) and 实习责任保险 (internship liability insurance)
    agreement_signed_date = db.Column(db.Date)
    agreement_file = db.Column(db.String(100))
    insurer = db.Column(db.String(100))
    policy_no = db.Column(db.String(60))
    insurance_start = db.Column(db.Date)
    insurance_end = db.Column(db.Date)
    compliance_override = db.Column(db.Boolean, nullable=False, default=False)
    override_reason = db.Column(db.String(500))
    override_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    override_at = db.Column(db.DateTime)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        *CandidateOfPosition.pair_constraints(),
        db.CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        # The lists (newest first) and the dashboards' months: by start date.
        db.Index("ix_placement_start_date", "start_date"),
    )

    status_label = PLACEMENT_STATUSES.label_property("status")

    @property
    def has_agreement(self) -> bool:
        return bool(self.agreement_signed_date and self.agreement_file)

    @property
    def has_insurance(self) -> bool:
        return bool(self.insurer and self.policy_no and self.insurance_start)

    @property
    def compliance_missing(self) -> list[str]:
        """What a student placement still lacks (teacher practice needs neither document)."""
        if self.student_id is None:
            return []
        missing = []
        if not self.has_agreement:
            missing.append("agreement")
        if not self.has_insurance:
            missing.append("insurance")
        return missing


programme_student = link_table("programme_student", ("programme_id", "programme"), ("student_id", "student"))


class Programme(OfConsortium, db.Model):
    """A joint programme (订单班、冠名班 …) of a school and an enterprise."""

    __tablename__ = "programme"
    name = db.Column(db.String(200), nullable=False)
    school_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False)
    enterprise_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False)
    kind = db.Column(db.String(20), nullable=False, default="order_class", info={"vocab": PROGRAMME_KINDS})
    start_date = db.Column(db.Date, nullable=False)
    end_date = db.Column(db.Date)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    school = db.relationship("Member", foreign_keys=[school_id])
    enterprise = db.relationship("Member", foreign_keys=[enterprise_id])
    students = db.relationship("Student", secondary=programme_student, order_by="Student.student_no")
    __table_args__ = (
        db.UniqueConstraint("consortium_id", "name"),
        db.CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
    )

    kind_label = PROGRAMME_KINDS.label_property("kind")


class Notification(db.Model):
    """An in-app message to a user: applications, decisions, status changes."""

    __tablename__ = "notification"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    message = db.Column(db.String(500), nullable=False)
    link = db.Column(db.String(300))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    read_at = db.Column(db.DateTime)
