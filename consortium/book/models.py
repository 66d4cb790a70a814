"""Book settings (base and committed years, recommending unit), commitments per figure and year, the
consortium-level incident register and the signed clean-record declaration."""
from ..extensions import db
from ..members.models import OfConsortium
from ..timeutil import utcnow
from ..vocab import (BOARD_ROLES, CHARTER_KINDS, INCIDENT_AREAS, MATERIAL_TARGETS, POLICY_KINDS, REVIEW_ACTIONS,
                     SELF_RATINGS, SUBMISSION_STATUSES, TASK_STATUSES)

# The notice (教办职成〔2023〕258号, 说明三): 2022 is the members' actual year, 2023–2025 are committed.
DEFAULT_BASE_YEAR = 2022
DEFAULT_FIRST_COMMITTED = 2023
DEFAULT_LAST_COMMITTED = 2025



class BookSettings(db.Model):
    """Which years the book reports for a consortium, and who recommends it."""

    __tablename__ = "book_settings"
    id = db.Column(db.Integer, primary_key=True)
    consortium_id = db.Column(db.Integer, db.ForeignKey("consortium.id", ondelete="CASCADE"), nullable=False,
                              unique=True)
    base_year = db.Column(db.Integer, nullable=False, default=DEFAULT_BASE_YEAR)
    first_committed_year = db.Column(db.Integer, nullable=False, default=DEFAULT_FIRST_COMMITTED)
    last_committed_year = db.Column(db.Integer, nullable=False, default=DEFAULT_LAST_COMMITTED)
    recommending_unit = db.Column(db.String(200))  # 推荐单位, e.g. 郑州市教育局
    filler_name = db.Column(db.String(50))  # 填报人 (annex 3)
    filler_contact = db.Column(db.String(100))

    __table_args__ = (
        db.CheckConstraint("first_committed_year > base_year", name="committed_after_base"),
        db.CheckConstraint("last_committed_year >= first_committed_year", name="committed_span"),
    )

    @property
    def committed_years(self) -> list[int]:
        return list(range(self.first_committed_year, self.last_committed_year + 1))


class Commitment(OfConsortium, db.Model):
    """The value a consortium commits to for one book figure in one committed year (承诺建成数据)."""

    __tablename__ = "commitment"
    year = db.Column(db.Integer, nullable=False)
    key = db.Column(db.String(80), nullable=False)
    value = db.Column(db.Numeric(14, 2), nullable=False)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        db.UniqueConstraint("consortium_id", "year", "key"),
        db.CheckConstraint("value >= 0", name="value_nonneg"),
    )


class Incident(OfConsortium, db.Model):
    """An entry of the consortium-level register of enrolment, employment and safety incidents."""

    __tablename__ = "book_incident"
    area = db.Column(db.String(20), nullable=False, info={"vocab": INCIDENT_AREAS})
    occurred_on = db.Column(db.Date, nullable=False)
    title = db.Column(db.String(200), nullable=False)
    serious = db.Column(db.Boolean, nullable=False, default=False)  # 违法或重大违规事件
    description = db.Column(db.Text)
    recorded_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    area_label = INCIDENT_AREAS.label_property("area")


class Declaration(OfConsortium, db.Model):
    """The section-3 clean-record declaration as signed by a named person on a date."""

    __tablename__ = "book_declaration"
    signed_by = db.Column(db.String(50), nullable=False)
    signed_on = db.Column(db.Date, nullable=False)
    recorded_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)




class Material(OfConsortium, db.Model):
    """A supporting document, numbered per consortium, stored under a server-made name."""

    __tablename__ = "book_material"
    number = db.Column(db.Integer, nullable=False)
    title = db.Column(db.String(200), nullable=False)
    original_name = db.Column(db.String(255), nullable=False)
    stored_name = db.Column(db.String(80), nullable=False, unique=True)
    ext = db.Column(db.String(10), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    sha256 = db.Column(db.String(64), nullable=False)
    target_type = db.Column(db.String(20), nullable=False, info={"vocab": MATERIAL_TARGETS})
    target_key = db.Column(db.String(80), nullable=False)
    uploaded_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    __table_args__ = (db.UniqueConstraint("consortium_id", "number"),)

    @property
    def code(self) -> str:
        return f"附{self.number:03d}"


class Assessment(OfConsortium, db.Model):
    """The consortium's self-assessment of one annex-1 observation point: rating and notes."""

    __tablename__ = "book_assessment"
    point = db.Column(db.String(5), nullable=False)
    rating = db.Column(db.String(1), info={"vocab": SELF_RATINGS})
    notes = db.Column(db.Text)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    __table_args__ = (db.UniqueConstraint("consortium_id", "point"),)


class BureauProfile(db.Model):
    """A recommending unit's account (推荐单位, a city education bureau): the city whose consortia it reviews."""

    __tablename__ = "book_bureau"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, unique=True)
    city = db.Column(db.String(50), nullable=False)
    unit_name = db.Column(db.String(200), nullable=False)




class Submission(OfConsortium, db.Model):
    """One submitted version of the book, frozen: figures, narratives, materials and the DOCX as they were."""

    __tablename__ = "book_submission"
    version = db.Column(db.Integer, nullable=False)
    status = db.Column(db.String(20), nullable=False, default="submitted", info={"vocab": SUBMISSION_STATUSES})
    snapshot = db.Column(db.Text, nullable=False)  # JSON: values, narratives, commitments, materials
    docx = db.Column(db.LargeBinary, nullable=False)
    opinion = db.Column(db.Text)  # 推荐意见 of the recommending unit
    submitted_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    submitted_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    __table_args__ = (db.UniqueConstraint("consortium_id", "version"),)

    status_label = SUBMISSION_STATUSES.label_property("status")




class ProvinceSettings(db.Model):
    """The province's own settings for the review (one row): how many consortia a city may recommend
    (the notice: 1–2 per city, default 2), and exceptions per city (e.g. 济源示范区 1)."""

    __tablename__ = "book_province_settings"
    id = db.Column(db.Integer, primary_key=True)
    city_cap = db.Column(db.Integer, nullable=False, default=2)
    city_caps = db.Column(db.JSON, nullable=False, default=dict)  # normalised city name → cap
    updated_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    __table_args__ = (db.CheckConstraint("city_cap >= 1", name="city_cap_positive"),)


class ReviewEvent(db.Model):
    """Every step of the review, recorded: who did what to which version, when, with what comment."""

    __tablename__ = "book_review_event"
    id = db.Column(db.Integer, primary_key=True)
    submission_id = db.Column(db.Integer, db.ForeignKey("book_submission.id", ondelete="CASCADE"), nullable=False,
                              index=True)
    action = db.Column(db.String(20), nullable=False, info={"vocab": REVIEW_ACTIONS})
    actor_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    actor_name = db.Column(db.String(100), nullable=False)
    comment = db.Column(db.Text)
    at = db.Column(db.DateTime, nullable=False, default=utcnow)

    action_label = REVIEW_ACTIONS.label_property("action")


# ---- governance records (annex 1: 1.3, 1.4, 2.1–2.4) ------------------------------------------------



class BoardMember(OfConsortium, db.Model):
    """A member of the board (理事会/董事会): the person, their organization and their role on the board."""

    __tablename__ = "book_board_member"
    name = db.Column(db.String(50), nullable=False)
    organization = db.Column(db.String(200), nullable=False)
    role = db.Column(db.String(30), nullable=False, info={"vocab": BOARD_ROLES})
    since = db.Column(db.Date)
    until = db.Column(db.Date)

    role_label = BOARD_ROLES.label_property("role")


class BoardMeeting(OfConsortium, db.Model):
    """A board meeting: date, attendees and resolutions (minutes are supporting material)."""

    __tablename__ = "book_board_meeting"
    held_on = db.Column(db.Date, nullable=False)
    title = db.Column(db.String(200), nullable=False)
    attendees = db.Column(db.Text, nullable=False)
    resolutions = db.Column(db.Text, nullable=False)


class CharterVersion(OfConsortium, db.Model):
    """A version of the charter or of a management rule; versions of one title are numbered 1, 2, 3 …"""

    __tablename__ = "book_charter_version"
    kind = db.Column(db.String(20), nullable=False, info={"vocab": CHARTER_KINDS})
    title = db.Column(db.String(200), nullable=False)
    version = db.Column(db.Integer, nullable=False)
    adopted_on = db.Column(db.Date, nullable=False)
    summary = db.Column(db.Text)

    __table_args__ = (db.UniqueConstraint("consortium_id", "title", "version"),)

    kind_label = CHARTER_KINDS.label_property("kind")


class CoordinationTask(OfConsortium, db.Model):
    """A task of the coordination mechanism (协调联动机制): department, duty, key task, deadline, status."""

    __tablename__ = "book_coordination_task"
    department = db.Column(db.String(100), nullable=False)
    duty = db.Column(db.String(300), nullable=False)
    task = db.Column(db.String(300), nullable=False)
    deadline = db.Column(db.Date)
    status = db.Column(db.String(20), nullable=False, default="planned", info={"vocab": TASK_STATUSES})

    status_label = TASK_STATUSES.label_property("status")


class IncentivePolicy(OfConsortium, db.Model):
    """An incentive policy supporting vocational education: issuer, date, kind, and whether implemented."""

    __tablename__ = "book_incentive_policy"
    title = db.Column(db.String(200), nullable=False)
    issuer = db.Column(db.String(200), nullable=False)
    issued_on = db.Column(db.Date, nullable=False)
    kind = db.Column(db.String(20), nullable=False, info={"vocab": POLICY_KINDS})
    implemented = db.Column(db.Boolean, nullable=False, default=False)
    notes = db.Column(db.Text)

    kind_label = POLICY_KINDS.label_property("kind")
