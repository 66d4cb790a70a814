"""Records the book counts that no other feature keeps: co-built resources, R&D projects,
research outputs and published talent-demand reports."""
from ..extensions import db
from ..members.models import MONEY, OfConsortium, link_table
from ..timeutil import utcnow
from ..vocab import OUTPUT_KINDS, RESOURCE_KINDS


resource_partner = link_table("resource_partner", ("resource_id", "resource"), ("member_id", "member"))
output_member = link_table("output_member", ("output_id", "research_output"), ("member_id", "member"))


def split_names(text) -> list[str]:
    """External partner names from their stored or typed form (lines, 、 ， , ; separated), de-duplicated."""
    if not text:
        return []
    if isinstance(text, (list, tuple)):
        parts = [str(t) for t in text]
    else:
        parts = [str(text)]
    names = []
    for part in parts:
        for chunk in part.replace("；", "\n").replace(";", "\n").replace("，", "\n").replace(",", "\n") \
                .replace("、", "\n").splitlines():
            chunk = " ".join(chunk.split())
            if chunk and chunk not in names:
                names.append(chunk)
    return names


class _ExternalPartners:
    @property
    def external_names(self) -> list[str]:
        return split_names(self.external_partners)


class Resource(_ExternalPartners, OfConsortium, db.Model):
    """A co-built resource (专业、课程、教材、实训基地、产业学院、技术服务平台、大师工作室): a stock figure."""

    __tablename__ = "resource"
    name = db.Column(db.String(200), nullable=False)
    kind = db.Column(db.String(20), nullable=False, info={"vocab": RESOURCE_KINDS})
    established_date = db.Column(db.Date, nullable=False)
    closed_date = db.Column(db.Date)
    description = db.Column(db.Text)
    # Partners outside the consortium, one name a line: kept as named, never counted (metrics.md).
    external_partners = db.Column(db.Text)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    partners = db.relationship("Member", secondary=resource_partner, order_by="Member.name")
    __table_args__ = (
        db.UniqueConstraint("consortium_id", "name", "kind"),
        db.CheckConstraint("closed_date IS NULL OR closed_date >= established_date", name="closed_after_established"),
    )

    kind_label = RESOURCE_KINDS.label_property("kind")


class RdProject(OfConsortium, db.Model):
    """A school–enterprise technology R&D project, its conversion and the funds it received."""

    __tablename__ = "rd_project"
    code = db.Column(db.String(40), nullable=False)
    title = db.Column(db.String(300), nullable=False)
    school_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"))
    enterprise_id = db.Column(db.Integer, db.ForeignKey("member.id", ondelete="SET NULL"))
    start_date = db.Column(db.Date)
    completed_date = db.Column(db.Date)
    converted = db.Column(db.Boolean, nullable=False, default=False)
    funds_received = db.Column(MONEY)  # 万元
    funds_year = db.Column(db.Integer)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    school = db.relationship("Member", foreign_keys=[school_id])
    enterprise = db.relationship("Member", foreign_keys=[enterprise_id])
    __table_args__ = (
        db.UniqueConstraint("consortium_id", "code"),
        db.CheckConstraint("funds_received IS NULL OR funds_received >= 0", name="funds_nonneg"),
    )


class ResearchOutput(_ExternalPartners, OfConsortium, db.Model):
    """A research output: patent, utility model, provincial award, standard …"""

    __tablename__ = "research_output"
    title = db.Column(db.String(300), nullable=False)
    kind = db.Column(db.String(20), nullable=False, info={"vocab": OUTPUT_KINDS})
    date = db.Column(db.Date, nullable=False)
    external_partners = db.Column(db.Text)  # organizations outside the consortium, one name a line
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    members = db.relationship("Member", secondary=output_member, order_by="Member.name")
    __table_args__ = (db.UniqueConstraint("consortium_id", "title", "kind"),)

    kind_label = OUTPUT_KINDS.label_property("kind")


class DemandReport(OfConsortium, db.Model):
    """A talent-demand report (人才需求报告) the platform published."""

    __tablename__ = "demand_report"
    title = db.Column(db.String(300), nullable=False)
    summary = db.Column(db.Text)
    published_date = db.Column(db.Date)  # None while a draft
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
