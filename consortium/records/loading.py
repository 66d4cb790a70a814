"""Rows of co-built resources, R&D projects, research outputs and demand reports → the plain records the
book figures read. The one place these records are built from the database."""
from collections import defaultdict

from sqlalchemy import select

from ..extensions import db
from ..figures.records import DemandReportRecord, RdProjectRecord, ResearchOutputRecord, ResourceRecord
from .models import DemandReport, RdProject, ResearchOutput, Resource, output_member, resource_partner


def resource_records(consortium_id: int) -> list[ResourceRecord]:
    partners = defaultdict(list)
    for rid, mid in db.session.execute(select(resource_partner.c.resource_id, resource_partner.c.member_id)
                                       .join(Resource, Resource.id == resource_partner.c.resource_id)
                                       .where(Resource.consortium_id == consortium_id)):
        partners[rid].append(mid)
    return [ResourceRecord(r.id, r.kind, r.established_date, r.closed_date, tuple(partners.get(r.id, ())))
            for r in db.session.execute(select(Resource.id, Resource.kind, Resource.established_date,
                                               Resource.closed_date).where(Resource.consortium_id == consortium_id))]


def rd_project_records(consortium_id: int) -> list[RdProjectRecord]:
    return [RdProjectRecord(*r) for r in db.session.execute(
        select(RdProject.id, RdProject.school_id, RdProject.enterprise_id, RdProject.completed_date,
               RdProject.converted, RdProject.funds_received, RdProject.funds_year)
        .where(RdProject.consortium_id == consortium_id))]


def research_output_records(consortium_id: int) -> list[ResearchOutputRecord]:
    members = defaultdict(list)
    for oid, mid in db.session.execute(select(output_member.c.output_id, output_member.c.member_id)
                                       .join(ResearchOutput, ResearchOutput.id == output_member.c.output_id)
                                       .where(ResearchOutput.consortium_id == consortium_id)):
        members[oid].append(mid)
    return [ResearchOutputRecord(r.id, r.kind, r.date, tuple(members.get(r.id, ())))
            for r in db.session.execute(select(ResearchOutput.id, ResearchOutput.kind, ResearchOutput.date)
                                        .where(ResearchOutput.consortium_id == consortium_id))]


def demand_report_records(consortium_id: int) -> list[DemandReportRecord]:
    return [DemandReportRecord(*r) for r in db.session.execute(
        select(DemandReport.id, DemandReport.published_date).where(DemandReport.consortium_id == consortium_id))]
