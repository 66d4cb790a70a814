"""Book settings (base and committed years, recommending unit), commitments per figure and year, the
consortium-level incident register and the signed clean-record declaration."""
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..queue import utcnow

# The notice (教办职成〔2023〕258号, 说明三): 2022 is the members' actual year, 2023–2025 are committed.
DEFAULT_BASE_YEAR = 2022
DEFAULT_FIRST_COMMITTED = 2023
DEFAULT_LAST_COMMITTED = 2025

INCIDENT_AREAS = {
    "enrolment": _l("招生"),
    "employment": _l("就业"),
    "safety": _l("安全"),
    "other": _l("其他"),
}


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


class Commitment(db.Model):
    """The value a consortium commits to for one book figure in one committed year (承诺建成数据)."""

    __tablename__ = "commitment"
    id = db.Column(db.Integer, primary_key=True)
    consortium_id = db.Column(db.Integer, db.ForeignKey("consortium.id", ondelete="CASCADE"), nullable=False,
                              index=True)
    year = db.Column(db.Integer, nullable=False)
    key = db.Column(db.String(80), nullable=False)
    value = db.Column(db.Numeric(14, 2), nullable=False)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        db.UniqueConstraint("consortium_id", "year", "key"),
        db.CheckConstraint("value >= 0", name="value_nonneg"),
    )


class Incident(db.Model):
    """An entry of the consortium-level register of enrolment, employment and safety incidents."""

    __tablename__ = "book_incident"
    id = db.Column(db.Integer, primary_key=True)
    consortium_id = db.Column(db.Integer, db.ForeignKey("consortium.id", ondelete="CASCADE"), nullable=False,
                              index=True)
    area = db.Column(db.String(20), nullable=False)
    occurred_on = db.Column(db.Date, nullable=False)
    title = db.Column(db.String(200), nullable=False)
    serious = db.Column(db.Boolean, nullable=False, default=False)  # 违法或重大违规事件
    description = db.Column(db.Text)
    recorded_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    @property
    def area_label(self):
        return INCIDENT_AREAS.get(self.area, self.area)


class Declaration(db.Model):
    """The section-3 clean-record declaration as signed by a named person on a date."""

    __tablename__ = "book_declaration"
    id = db.Column(db.Integer, primary_key=True)
    consortium_id = db.Column(db.Integer, db.ForeignKey("consortium.id", ondelete="CASCADE"), nullable=False,
                              index=True)
    signed_by = db.Column(db.String(50), nullable=False)
    signed_on = db.Column(db.Date, nullable=False)
    recorded_by_id = db.Column(db.Integer, db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
