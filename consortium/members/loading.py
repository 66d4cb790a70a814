"""Member rows → the plain records the book figures read (`figures.records`): members, consortium years,
enterprise years. The one place these records are built from the database."""
from sqlalchemy import select

from ..extensions import db
from ..figures.records import ConsortiumYearRecord, EnterpriseYearRecord, MemberRecord
from .models import ConsortiumYear, EnterpriseYear, Member


def member_records(consortium_id: int) -> list[MemberRecord]:
    """Every member organization of the consortium with its membership dates (one query)."""
    return [MemberRecord(r.id, r.name, r.type, r.joined_date, r.left_date, r.students, r.sector, r.role)
            for r in db.session.execute(
                select(Member.id, Member.name, Member.type, Member.joined_date, Member.left_date,
                       Member.students, Member.sector, Member.role)
                .where(Member.consortium_id == consortium_id))]


def consortium_year_records(consortium_id: int) -> list[ConsortiumYearRecord]:
    """Funds and park figures entered per year."""
    return [ConsortiumYearRecord(r.id, r.year, r.planned_funds, r.source_lead_unit, r.source_government,
                                 r.source_other_members, r.source_other, r.park_output_value)
            for r in db.session.scalars(select(ConsortiumYear).where(ConsortiumYear.consortium_id == consortium_id))]


def enterprise_year_records(consortium_id: int, first_year: int, last_year: int) -> list[EnterpriseYearRecord]:
    """The enterprise members' figures for the years first…last."""
    return [EnterpriseYearRecord(*r) for r in db.session.execute(
        select(EnterpriseYear.id, EnterpriseYear.member_id, EnterpriseYear.year, EnterpriseYear.employees,
               EnterpriseYear.assets, EnterpriseYear.sales, EnterpriseYear.main_revenue, EnterpriseYear.coop_benefit)
        .join(Member, EnterpriseYear.member_id == Member.id)
        .where(Member.consortium_id == consortium_id, EnterpriseYear.year.between(first_year, last_year)))]
