"""Supply meets demand: enterprise demand forecasts, mapping corrections, major adjustments, the generated
talent-demand report and its versions, matchmaking events."""
from ..extensions import db
from ..members.models import OfConsortium, link_table
from ..timeutil import utcnow
from ..vocab import ADJUSTMENT_ACTIONS, EVENT_KINDS, FORECAST_LEVELS

#: How far ahead an enterprise may declare: the year of declaration up to three years on.
FORECAST_HORIZON = 3


class DemandForecast(OfConsortium, db.Model):
    """One line of an enterprise's declared intake for a coming year (人才需求预测)."""

    __tablename__ = "demand_forecast"
    enterprise_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True)
    year = db.Column(db.Integer, nullable=False)                 # the year the people are needed
    occupation = db.Column(db.String(100), nullable=False)       # the classification's name when matched
    occupation_code = db.Column(db.String(20))                   # 2022 大典 code, None when unmatched
    occupation_input = db.Column(db.String(100))                 # as typed, when it differs
    level = db.Column(db.String(30), nullable=False, info={"vocab": FORECAST_LEVELS})
    majors = db.Column(db.JSON, nullable=False, default=list)
    headcount = db.Column(db.Integer, nullable=False)
    skills = db.Column(db.JSON, nullable=False, default=list)
    month = db.Column(db.Integer)
    declared_date = db.Column(db.Date, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    enterprise = db.relationship("Member")
    __table_args__ = (
        db.UniqueConstraint("enterprise_id", "year", "occupation", "level"),
        db.CheckConstraint("headcount > 0", name="headcount_positive"),
        db.CheckConstraint("month IS NULL OR (month >= 1 AND month <= 12)", name="month_in_year"),
    )

    level_label = FORECAST_LEVELS.label_property("level")


class MappingCorrection(OfConsortium, db.Model):
    """A secretariat correction of the major–industry mapping, kept per consortium.

    kind 'class': the 专业类 `key` serves 门类 `section` / 大类 `division`.
    kind 'name': the major name `key` (normalised) belongs to 专业类 `class_name`.
    """

    __tablename__ = "mapping_correction"
    kind = db.Column(db.String(10), nullable=False)
    key = db.Column(db.String(100), nullable=False)
    class_name = db.Column(db.String(50))
    section = db.Column(db.String(1))
    division = db.Column(db.String(2))
    note = db.Column(db.String(300))
    updated_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    __table_args__ = (db.UniqueConstraint("consortium_id", "kind", "key"),)


class MajorAdjustment(OfConsortium, db.Model):
    """A school's decision on a major (专业动态调整), with the alignment figures it cited."""

    __tablename__ = "major_adjustment"
    school_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False, index=True)
    year = db.Column(db.Integer, nullable=False)
    major = db.Column(db.String(100), nullable=False)
    action = db.Column(db.String(10), nullable=False, info={"vocab": ADJUSTMENT_ACTIONS})
    reason = db.Column(db.Text, nullable=False)
    cited = db.Column(db.String(500))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    school = db.relationship("Member")
    __table_args__ = (db.UniqueConstraint("school_id", "year", "major", "action"),)

    action_label = ADJUSTMENT_ACTIONS.label_property("action")


class TalentReport(OfConsortium, db.Model):
    """A generated talent-demand report (人才需求报告) for one year; its text lives in versions."""

    __tablename__ = "talent_report"
    year = db.Column(db.Integer, nullable=False)
    title = db.Column(db.String(300), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    versions = db.relationship("TalentReportVersion", back_populates="report", cascade="all, delete-orphan",
                               order_by="TalentReportVersion.number")
    __table_args__ = (db.UniqueConstraint("consortium_id", "year"),)

    @property
    def latest(self):
        return self.versions[-1] if self.versions else None

    @property
    def published_versions(self):
        return [v for v in self.versions if v.published_date is not None]

    @property
    def first_published(self):
        dates = [v.published_date for v in self.published_versions]
        return min(dates) if dates else None


class TalentReportVersion(db.Model):
    """One version of a report: the figures frozen when it was generated, the edited narrative.

    A published version never changes again (the service refuses, and an edit makes the next version).
    """

    __tablename__ = "talent_report_version"
    id = db.Column(db.Integer, primary_key=True)
    report_id = db.Column(db.Integer, db.ForeignKey("talent_report.id", ondelete="CASCADE"), nullable=False,
                          index=True)
    number = db.Column(db.Integer, nullable=False)
    figures = db.Column(db.JSON, nullable=False)
    narrative = db.Column(db.Text, nullable=False, default="")
    published_date = db.Column(db.Date)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    report = db.relationship("TalentReport", back_populates="versions")
    __table_args__ = (db.UniqueConstraint("report_id", "number"),)

    @property
    def is_published(self) -> bool:
        return self.published_date is not None


event_enterprise = link_table("event_enterprise", ("event_id", "matchmaking_event"), ("member_id", "member"))
event_position = link_table("event_position", ("event_id", "matchmaking_event"), ("position_id", "position"))


class MatchmakingEvent(OfConsortium, db.Model):
    """A matchmaking event (人才供需对接活动): a job fair, a campus recruitment day, an open day."""

    __tablename__ = "matchmaking_event"
    organizer_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"))
    kind = db.Column(db.String(20), nullable=False, info={"vocab": EVENT_KINDS})
    title = db.Column(db.String(200), nullable=False)
    date = db.Column(db.Date, nullable=False)
    place = db.Column(db.String(200), nullable=False)
    positions_offered = db.Column(db.Text)   # positions not on the platform, as announced
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    organizer = db.relationship("Member", foreign_keys=[organizer_id])
    enterprises = db.relationship("Member", secondary=event_enterprise, order_by="Member.name")
    positions = db.relationship("Position", secondary=event_position, order_by="Position.code")
    attendees = db.relationship("EventAttendee", back_populates="event", cascade="all, delete-orphan",
                                order_by="EventAttendee.id")
    offers = db.relationship("EventOffer", back_populates="event", cascade="all, delete-orphan",
                             order_by="EventOffer.id")
    __table_args__ = (db.UniqueConstraint("consortium_id", "title", "date"),)

    kind_label = EVENT_KINDS.label_property("kind")


class EventAttendee(db.Model):
    """A student who attended an event (checked in, or listed by import)."""

    __tablename__ = "event_attendee"
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("matchmaking_event.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    student_id = db.Column(db.Integer, db.ForeignKey("student.id", ondelete="CASCADE"), nullable=False, index=True)
    checked_in_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    event = db.relationship("MatchmakingEvent", back_populates="attendees")
    student = db.relationship("Student")
    __table_args__ = (db.UniqueConstraint("event_id", "student_id"),)


class EventOffer(db.Model):
    """An offer an enterprise made to a student at an event."""

    __tablename__ = "event_offer"
    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("matchmaking_event.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    enterprise_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False)
    student_id = db.Column(db.Integer, db.ForeignKey("student.id", ondelete="CASCADE"), nullable=False)
    position_id = db.Column(db.Integer, db.ForeignKey("position.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    event = db.relationship("MatchmakingEvent", back_populates="offers")
    enterprise = db.relationship("Member")
    student = db.relationship("Student")
    position = db.relationship("Position")
    __table_args__ = (db.UniqueConstraint("event_id", "enterprise_id", "student_id"),)


class PlacementEvent(db.Model):
    """Which matchmaking event a placement came from (at most one)."""

    __tablename__ = "placement_event"
    placement_id = db.Column(db.Integer, db.ForeignKey("placement.id", ondelete="CASCADE"), primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("matchmaking_event.id", ondelete="CASCADE"), nullable=False,
                         index=True)

    placement = db.relationship("Placement")
    event = db.relationship("MatchmakingEvent")
