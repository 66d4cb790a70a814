"""Rows of co-built resources, R&D projects, research outputs and demand reports → the plain records the
book figures read. The one place these records are built from the database."""
from collections import defaultdict

from sqlalchemy import select

from ..extensions import db
from ..figures.records import DemandReportRecord, RdProjectRecord, ResearchOutputRecord, ResourceRecord
from .models import DemandReport, RdProject, ResearchOutput, Resource, output_member, resource_partner


def _linked_members(link, record_col, model, consortium_id: int) -> dict:
    """Record id → the member ids a link table ties to it, for the consortium's records of `model`."""
    linked = defaultdict(list)
    for rid, mid in db.session.execute(select(link.c[record_col], link.c.member_id)
                                       .join(model, model.id == link.c[record_col])
                                       .where(model.consortium_id == consortium_id)):
        linked[rid].append(mid)
    return linked


def resource_records(consortium_id: int) -> list[ResourceRecord]:
    partners = _linked_members(resource_partner, "resource_id", Resource, consortium_id)
    return [ResourceRecord(r.id, r.kind, r.established_date, r.closed_date, tuple(partners.get(r.id, ())))
            for r in db.session.execute(select(Resource.id, Resource.kind, Resource.established_date,
                                               Resource.closed_date).where(Resource.consortium_id == consortium_id))]


def rd_project_records(consortium_id: int) -> list[RdProjectRecord]:
    return [RdProjectRecord(*r) for r in db.session.execute(
        select(RdProject.id, RdProject.school_id, RdProject.enterprise_id, RdProject.completed_date,
               RdProject.converted, RdProject.funds_received, RdProject.funds_year)
        .where(RdProject.consortium_id == consortium_id))]


def research_output_records(consortium_id: int) -> list[ResearchOutputRecord]:
    members = _linked_members(output_member, "output_id", ResearchOutput, consortium_id)
    return [ResearchOutputRecord(r.id, r.kind, r.date, tuple(members.get(r.id, ())))
            for r in db.session.execute(select(ResearchOutput.id, ResearchOutput.kind, ResearchOutput.date)
                                        .where(ResearchOutput.consortium_id == consortium_id))]


def demand_report_records(consortium_id: int) -> list[DemandReportRecord]:
    return [DemandReportRecord(*r) for r in db.session.execute(
        select(DemandReport.id, DemandReport.published_date).where(DemandReport.consortium_id == consortium_id))]
