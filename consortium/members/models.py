"""Consortia, their yearly profile figures and narratives, member organizations and enterprise figures."""
from datetime import date

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..queue import utcnow

# The book's member rows, in its order (metrics.md, section 1).
MEMBER_TYPES = {
    "secondary_vocational": _l("中职学校"),
    "higher_vocational": _l("高职学校(含职教本科)"),
    "undergraduate": _l("普通本科学校"),
    "government": _l("政府部门"),
    "enterprise": _l("企业"),
    "research": _l("科研机构"),
    "other": _l("其他组织"),
}
SCHOOL_TYPES = ("secondary_vocational", "higher_vocational", "undergraduate")
MEMBER_ROLES = {
    "lead_school": _l("牵头学校"),
    "lead_enterprise": _l("牵头企业"),
    "park": _l("园区"),
    "member": _l("成员"),
}
SECTORS = {
    "industrial": _l("工业"),
    "wholesale": _l("批发业"),
    "retail": _l("零售业"),
    "lodging": _l("住宿业"),
    "catering": _l("餐饮业"),
    "other": _l("其他"),
}
FUND_SOURCES = {
    "lead_unit": _l("牵头单位负担"),
    "government": _l("政府核拨"),
    "other_members": _l("其他成员负担"),
    "other": _l("其他途径"),
}
# Narrative fields of the book with their character limits (metrics.md section 1, book section 2–4).
NARRATIVES = {
    "leader": (_l("联合体负责人"), 200),
    "secretariat": (_l("秘书处情况"), 500),
    "leading_industries": (_l("产业园区主导产业情况"), 200),
    "policies": (_l("联合体所在地制定支持职业教育政策及落实情况"), 500),
    "teacher_awards": (_l("教师教学团队获国家级奖励情况"), 100),
    "info_platform": (_l("搭建人才供需信息平台，完善职业教育专业动态调整机制情况"), 200),
    "new_methods": (_l("联合体各类主体深入合作，及时把新方法、新技术、新工艺、新标准引入教育教学实践情况"), 200),
    "skills_contests": (_l("职业学校技能大赛获奖情况"), 100),
    "features": (_l("特色与创新"), 2000),
    "plan": (_l("建设规划"), 1000),
}

MONEY = db.Numeric(14, 2)


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
    key = db.Column(db.String(40), nullable=False)
    text = db.Column(db.Text, nullable=False, default="")
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    __table_args__ = (db.UniqueConstraint("consortium_id", "year", "key"),)


class Member(db.Model):
    """A member organization of a consortium, with its membership dates and role."""

    __tablename__ = "member"
    id = db.Column(db.Integer, primary_key=True)
    consortium_id = db.Column(db.Integer, db.ForeignKey("consortium.id", ondelete="CASCADE"), nullable=False, index=True)
    name = db.Column(db.String(200), nullable=False)
    type = db.Column(db.String(30), nullable=False)
    role = db.Column(db.String(30), nullable=False, default="member")
    city = db.Column(db.String(50))
    students = db.Column(db.Integer)  # enrolled students, schools only
    sector = db.Column(db.String(20))  # enterprises only
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

    @property
    def type_label(self):
        return MEMBER_TYPES.get(self.type, self.type)

    @property
    def role_label(self):
        return MEMBER_ROLES.get(self.role, self.role)

    @property
    def sector_label(self):
        return SECTORS.get(self.sector, self.sector or "")


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
