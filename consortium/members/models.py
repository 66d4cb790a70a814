"""Consortia, their yearly profile figures and narratives, member organizations and enterprise figures."""
from datetime import date

from sqlalchemy.orm import declared_attr

from ..extensions import db
from ..timeutil import utcnow
from ..vocab import MEMBER_ROLES, MEMBER_TYPES, SCHOOL_TYPES, SECTORS

MONEY = db.Numeric(14, 2)


def parent_key(table: str):
    """The key of a row that belongs to one row of `table`: required, indexed, deleted with its parent."""
    return db.Column(db.Integer, db.ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=False, index=True)


class OfConsortium:
    """Mixed into a model whose every row belongs to one consortium: the row's integer key `id`, and
    `consortium_id` (indexed; the rows are deleted with their consortium)."""

    id = db.Column(db.Integer, primary_key=True)
    consortium_id = declared_attr(lambda cls: parent_key("consortium"))


def link_table(name: str, *ends: tuple[str, str]):
    """A many-to-many association table: for each (column, table) of `ends` a key to that table's `id`; the
    keys together are the primary key, and a link goes when either end is deleted."""
    return db.Table(name, *(db.Column(column, db.Integer, db.ForeignKey(f"{table}.id", ondelete="CASCADE"),
                                      primary_key=True) for column, table in ends))


class Consortium(db.Model):
    """A city-level industry–education consortium and its book section-1 profile."""

    __tablename__ = "consortium"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(200), nullable=False, unique=True)
    city = db.Column(db.String(50), nullable=False)
    established_date = db.Column(db.Date)
    park_name = db.Column(db.String(200))
    leading_industries = db.Column(db.String(500))
    leader_name = db.Column(db.String(50))
    leader_title = db.Column(db.String(100))
    leader_contact = db.Column(db.String(100))
    secretariat_host = db.Column(db.String(200))
    secretariat_head = db.Column(db.String(50))
    office_area = db.Column(db.Numeric(10, 2))
    secretariat_phone = db.Column(db.String(50))
    staff_total = db.Column(db.Integer)
    staff_full_time = db.Column(db.Integer)
    staff_part_time = db.Column(db.Integer)
    staff_names = db.Column(db.String(500))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    years = db.relationship("ConsortiumYear", back_populates="consortium", cascade="all, delete-orphan",
                            order_by="ConsortiumYear.year")
    members = db.relationship("Member", back_populates="consortium", cascade="all, delete-orphan")

    __table_args__ = (
        db.CheckConstraint("staff_total IS NULL OR staff_total >= 0", name="staff_total_nonneg"),
    )

    def year(self, year: int):
        return next((y for y in self.years if y.year == year), None)


class ConsortiumYear(db.Model):
    """Figures of a consortium entered per year: planned funds and sources, park output value."""

    __tablename__ = "consortium_year"
    id = db.Column(db.Integer, primary_key=True)
    consortium_id = db.Column(db.Integer, db.ForeignKey("consortium.id", ondelete="CASCADE"), nullable=False)
    year = db.Column(db.Integer, nullable=False)
    planned_funds = db.Column(MONEY)
    source_lead_unit = db.Column(MONEY)
    source_government = db.Column(MONEY)
    source_other_members = db.Column(MONEY)
    source_other = db.Column(MONEY)
    park_output_value = db.Column(db.Numeric(14, 2))  # 亿元

    consortium = db.relationship("Consortium", back_populates="years")
    __table_args__ = (db.UniqueConstraint("consortium_id", "year"),)


class Narrative(db.Model):
    """A narrative text of the book, kept per year and checked against its character limit."""

    __tablename__ = "narrative"
    id = db.Column(db.Integer, primary_key=True)
    consortium_id = db.Column(db.Integer, db.ForeignKey("consortium.id", ondelete="CASCADE"), nullable=False)
    year = db.Column(db.Integer, nullable=False)
    key = db.Column(db.String(40), nullable=False)  # a key of NARRATIVES
    text = db.Column(db.Text, nullable=False, default="")
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    __table_args__ = (db.UniqueConstraint("consortium_id", "year", "key"),)


class Member(OfConsortium, db.Model):
    """A member organization of a consortium, with its membership dates and role."""

    __tablename__ = "member"
    name = db.Column(db.String(200), nullable=False)
    type = db.Column(db.String(30), nullable=False, info={"vocab": MEMBER_TYPES})
    role = db.Column(db.String(30), nullable=False, default="member", info={"vocab": MEMBER_ROLES})
    city = db.Column(db.String(50))
    students = db.Column(db.Integer)  # enrolled students, schools only
    sector = db.Column(db.String(20), info={"vocab": SECTORS})  # enterprises only
    industry_code = db.Column(db.String(5))  # enterprises only: GB/T 4754-2017 code (门类 letter to 小类)
    joined_date = db.Column(db.Date, nullable=False)
    left_date = db.Column(db.Date)
    contact_name = db.Column(db.String(50))
    contact_phone = db.Column(db.String(50))
    notes = db.Column(db.Text)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    consortium = db.relationship("Consortium", back_populates="members")
    years = db.relationship("EnterpriseYear", back_populates="member", cascade="all, delete-orphan",
                            order_by="EnterpriseYear.year.desc()")

    __table_args__ = (
        db.UniqueConstraint("consortium_id", "name"),
        # Filter choices and the type-ahead look-up: a consortium's members of one type, by name.
        db.Index("ix_member_consortium_type_name", "consortium_id", "type", "name"),
        db.CheckConstraint("students IS NULL OR students >= 0", name="students_nonneg"),
        db.CheckConstraint("left_date IS NULL OR left_date >= joined_date", name="left_after_joined"),
    )

    @property
    def is_school(self) -> bool:
        return self.type in SCHOOL_TYPES

    @property
    def is_enterprise(self) -> bool:
        return self.type == "enterprise"

    def is_member_on(self, day: date) -> bool:
        return self.joined_date <= day and (self.left_date is None or self.left_date >= day)

    def is_member_in(self, year: int) -> bool:
        """Member during Y: joined on or before 31 Dec Y and not left before 1 Jan Y."""
        return self.joined_date <= date(year, 12, 31) and (self.left_date is None or self.left_date >= date(year, 1, 1))

    type_label = MEMBER_TYPES.label_property("type")
    role_label = MEMBER_ROLES.label_property("role")
    sector_label = SECTORS.label_property("sector")


class EnterpriseYear(db.Model):
    """An enterprise member's figures for one year (book: 联合体企业情况)."""

    __tablename__ = "enterprise_year"
    id = db.Column(db.Integer, primary_key=True)
    member_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="CASCADE"), nullable=False)
    year = db.Column(db.Integer, nullable=False)
    employees = db.Column(db.Integer)
    assets = db.Column(MONEY)
    sales = db.Column(MONEY)
    main_revenue = db.Column(MONEY)
    coop_benefit = db.Column(MONEY)

    member = db.relationship("Member", back_populates="years")
    __table_args__ = (
        db.UniqueConstraint("member_id", "year"),
        db.CheckConstraint("employees IS NULL OR employees >= 0", name="employees_nonneg"),
    )
