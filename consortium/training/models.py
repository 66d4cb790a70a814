"""Training sessions with their rosters, skill certificates and enterprises' training requests."""
from datetime import date

from ..crypto import HASH_LENGTH, Encrypted, keep_blind_indexes
from ..extensions import db
from ..members.models import OfConsortium
from ..timeutil import today  # noqa: F401  (re-exported for the training pages)
from ..timeutil import utcnow
from ..vocab import AUDIENCES, COMPLETION, REQUEST_STATUSES
from ..vocab import CERTIFICATE_LEVELS as LEVELS
from ..vocab import TRAINING_KINDS as KINDS


class TrainingRequest(OfConsortium, db.Model):
    """An enterprise member's training need (定向培训); the secretariat assigns a school, which plans a session."""

    __tablename__ = "training_request"
    enterprise_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True)
    topic = db.Column(db.String(200), nullable=False)
    kind = db.Column(db.String(30), info={"vocab": KINDS})
    audience = db.Column(db.String(30), nullable=False, info={"vocab": AUDIENCES})
    headcount = db.Column(db.Integer, nullable=False)
    preferred_start = db.Column(db.Date)
    preferred_end = db.Column(db.Date)
    notes = db.Column(db.Text)
    status = db.Column(db.String(20), nullable=False, default="submitted", info={"vocab": REQUEST_STATUSES})
    provider_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"), index=True)
    assigned_at = db.Column(db.DateTime)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    enterprise = db.relationship("Member", foreign_keys=[enterprise_id])
    provider = db.relationship("Member", foreign_keys=[provider_id])
    session = db.relationship("TrainingSession", back_populates="request", uselist=False)

    __table_args__ = (
        db.CheckConstraint("headcount > 0", name="headcount_positive"),
        db.CheckConstraint("preferred_end IS NULL OR preferred_start IS NULL OR preferred_end >= preferred_start",
                           name="preferred_dates_ordered"),
    )

    def status_on(self, day: date) -> str:
        """The status a user sees: a planned request is delivered once its session has ended."""
        if self.status == "planned" and self.session is not None and self.session.end_date < day:
            return "delivered"
        return self.status

    @property
    def display_status(self) -> str:
        return self.status_on(today())

    status_label = REQUEST_STATUSES.label_property("display_status")
    audience_label = AUDIENCES.label_property("audience")
    kind_label = KINDS.label_property("kind")


class TrainingSession(OfConsortium, db.Model):
    """A training session given by a provider (normally a member school); `code` is its natural key."""

    __tablename__ = "training_session"
    code = db.Column(db.String(50), nullable=False)
    title = db.Column(db.String(200), nullable=False)
    kind = db.Column(db.String(30), nullable=False, info={"vocab": KINDS})
    audience = db.Column(db.String(30), nullable=False, info={"vocab": AUDIENCES})
    # A provider that is not a member is recorded by name only and never counts in the figures.
    provider_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"), index=True)
    provider_name = db.Column(db.String(200))
    host_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"), index=True)
    venue = db.Column(db.String(200))
    start_date = db.Column(db.Date, nullable=False)
    end_date = db.Column(db.Date, nullable=False)
    days = db.Column(db.Numeric(6, 1))
    hours = db.Column(db.Numeric(7, 1))
    participants = db.Column(db.Integer)  # declared number who completed; a roster overrides it
    plan_year = db.Column(db.Integer, index=True)
    request_id = db.Column(db.Integer, db.ForeignKey("training_request.id", ondelete="SET NULL"), unique=True)
    notes = db.Column(db.Text)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    provider = db.relationship("Member", foreign_keys=[provider_id])
    host = db.relationship("Member", foreign_keys=[host_id])
    request = db.relationship("TrainingRequest", back_populates="session")
    roster = db.relationship("RosterEntry", back_populates="session", cascade="all, delete-orphan",
                             order_by="RosterEntry.id", passive_deletes=True)
    certificates = db.relationship("Certificate", back_populates="session", order_by="Certificate.certificate_no",
                                   passive_deletes=True)

    __table_args__ = (
        db.UniqueConstraint("consortium_id", "code"),
        db.Index("ix_training_session_consortium_start", "consortium_id", "start_date"),
        db.CheckConstraint("end_date >= start_date", name="dates_ordered"),
        db.CheckConstraint("days IS NULL OR days > 0", name="days_positive"),
        db.CheckConstraint("hours IS NULL OR hours >= 0", name="hours_nonneg"),
        db.CheckConstraint("participants IS NULL OR participants >= 0", name="participants_nonneg"),
    )

    @property
    def calendar_days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def effective_days(self):
        """Days as the figures count them: explicit, else the inclusive calendar days."""
        from decimal import Decimal

        return self.days if self.days is not None else Decimal(self.calendar_days)

    @property
    def has_roster(self) -> bool:
        return len(self.roster) > 0

    @property
    def completed_count(self) -> int:
        return sum(1 for entry in self.roster if entry.status == "completed")

    @property
    def effective_participants(self) -> int:
        """Participants as the figures count them: the roster's completed count, else the declared number."""
        return self.completed_count if self.has_roster else (self.participants or 0)

    @property
    def person_days(self):
        return self.effective_participants * self.effective_days

    @property
    def provider_display(self) -> str:
        return self.provider.name if self.provider is not None else (self.provider_name or "")

    @property
    def host_display(self) -> str:
        return self.host.name if self.host is not None else (self.venue or "")

    kind_label = KINDS.label_property("kind")
    audience_label = AUDIENCES.label_property("audience")


class RosterEntry(db.Model):
    """One person on a session's attendance roster. The ID number is kept masked only."""

    __tablename__ = "training_roster_entry"
    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("training_session.id", ondelete="CASCADE"), nullable=False,
                           index=True)
    name = db.Column(db.String(100), nullable=False)
    id_number_masked = db.Column(db.String(18))
    employer_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"), index=True)
    employer_name = db.Column(db.String(200))
    status = db.Column(db.String(20), nullable=False, default="completed", info={"vocab": COMPLETION})

    session = db.relationship("TrainingSession", back_populates="roster")
    employer = db.relationship("Member")

    @property
    def employer_display(self) -> str:
        return self.employer.name if self.employer is not None else (self.employer_name or "")

    status_label = COMPLETION.label_property("status")


@keep_blind_indexes
class Certificate(OfConsortium, db.Model):
    """A vocational skill level certificate (职业技能等级证书 and the like)."""

    __tablename__ = "training_certificate"
    certificate_no = db.Column(db.String(50), nullable=False)
    holder_name = db.Column(db.String(100), nullable=False)
    # Sensitive: stored encrypted (crypto.py), masked wherever shown until the secretariat reveals it.
    holder_id_number = db.Column(Encrypted(18, "training_certificate.holder_id_number"))
    holder_id_number_hash = db.Column(db.String(HASH_LENGTH), index=True,
                                      info={"blind_index_of": "holder_id_number"})
    name = db.Column(db.String(200), nullable=False)
    level = db.Column(db.Integer, nullable=False, info={"vocab": LEVELS})
    issued_date = db.Column(db.Date, nullable=False)
    issuer_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"), index=True)
    issuer_name = db.Column(db.String(200))
    session_id = db.Column(db.Integer, db.ForeignKey("training_session.id", ondelete="SET NULL"), index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    issuer = db.relationship("Member")
    session = db.relationship("TrainingSession", back_populates="certificates")

    __table_args__ = (
        db.UniqueConstraint("consortium_id", "certificate_no"),
        db.Index("ix_training_certificate_consortium_issued", "consortium_id", "issued_date"),
        db.CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),
    )

    @property
    def issuer_display(self) -> str:
        return self.issuer.name if self.issuer is not None else (self.issuer_name or "")

    level_label = LEVELS.label_property("level")

    @property
    def masked_id_number(self) -> str:
        from ..tables.normalize import mask_id_number

        return mask_id_number(self.holder_id_number)


class RosterDay(db.Model):
    """A day a person on a multi-day session's roster attended (training attendance by day)."""

    __tablename__ = "training_roster_day"
    id = db.Column(db.Integer, primary_key=True)
    roster_entry_id = db.Column(db.Integer, db.ForeignKey("training_roster_entry.id", ondelete="CASCADE"),
                                nullable=False, index=True)
    day = db.Column(db.Date, nullable=False)
    __table_args__ = (db.UniqueConstraint("roster_entry_id", "day"),)
