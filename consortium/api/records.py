"""API endpoints for co-built resources, R&D projects, research outputs and talent-demand reports."""
from datetime import date

from flask import jsonify

from ..records import services
from ..records.models import DemandReport, RdProject, ResearchOutput, Resource
from ..vocab import OUTPUT_KINDS, RESOURCE_KINDS
from .contract import (Day, Enum, Id, Ids, Nullable, PageQuery, RequestModel, ResponseModel, Text, Year, body_data,
                       column_type as col, operation, partial)
from .core import actor, serialize
from .crud import RecordOperations

# ---- declarations -------------------------------------------------------------------------------


class MemberRef(ResponseModel):
    id: int
    name: str


class ResourceCreate(RequestModel):
    name: col(Resource.name, required=True)
    kind: Enum(RESOURCE_KINDS)
    established_date: Day
    closed_date: Nullable[Day] = None
    description: Nullable[col(Resource.description)] = None
    partner_ids: Nullable[Ids] = None
    # Partners outside the consortium, kept by name (a record counts when at least one partner is a member).
    external_partners: Nullable[list[Text(200)]] = None


ResourcePatch = partial(ResourceCreate)


class ResourceOut(ResponseModel):
    id: int
    name: str
    kind: Enum(RESOURCE_KINDS)
    kind_label: str
    established_date: date
    closed_date: Nullable[date]
    description: Nullable[str]
    partner_ids: list[int]
    partners: list[MemberRef]
    external_partners: list[str]


class RdProjectCreate(RequestModel):
    code: col(RdProject.code, required=True)
    title: col(RdProject.title, required=True)
    school_id: Id
    enterprise_id: Id
    start_date: Nullable[Day] = None
    completed_date: Nullable[Day] = None
    converted: Nullable[bool] = None
    funds_received: Nullable[col(RdProject.funds_received)] = None
    funds_year: Nullable[Year] = None


RdProjectPatch = partial(RdProjectCreate)


class RdProjectOut(ResponseModel):
    id: int
    code: str
    title: str
    school_id: Nullable[int]
    enterprise_id: Nullable[int]
    start_date: Nullable[date]
    completed_date: Nullable[date]
    converted: bool
    funds_received: Nullable[float]
    funds_year: Nullable[int]
    school: Nullable[MemberRef]
    enterprise: Nullable[MemberRef]


class ResearchOutputCreate(RequestModel):
    title: col(ResearchOutput.title, required=True)
    kind: Enum(OUTPUT_KINDS)
    date: Day
    member_ids: Nullable[Ids] = None
    external_partners: Nullable[list[Text(200)]] = None


ResearchOutputPatch = partial(ResearchOutputCreate)


class ResearchOutputOut(ResponseModel):
    id: int
    title: str
    kind: Enum(OUTPUT_KINDS)
    kind_label: str
    date: date
    member_ids: list[int]
    members: list[MemberRef]
    external_partners: list[str]


class DemandReportCreate(RequestModel):
    title: col(DemandReport.title, required=True)
    summary: Nullable[col(DemandReport.summary)] = None
    published_date: Nullable[Day] = None


DemandReportPatch = partial(DemandReportCreate)


class DemandReportOut(ResponseModel):
    id: int
    title: str
    summary: Nullable[str]
    published_date: Nullable[date]
    status: Enum(("draft", "published"))


class Publish(RequestModel):
    published_date: Nullable[Day] = None


class RecordQuery(PageQuery):
    q: Nullable[Text(200)] = None
    year: Nullable[Year] = None


class ResourceQuery(RecordQuery):
    kind: Nullable[Enum(RESOURCE_KINDS)] = None


class OutputQuery(RecordQuery):
    kind: Nullable[Enum(OUTPUT_KINDS)] = None


class RdQuery(RecordQuery):
    converted: Nullable[Enum(("yes", "no"))] = None


class ReportQuery(RecordQuery):
    status: Nullable[Enum(("draft", "published"))] = None


RESOURCE_FIELDS = ("name", "kind", "established_date", "closed_date", "description")
RD_FIELDS = tuple(RdProjectCreate.model_fields)
OUTPUT_FIELDS = ("title", "kind", "date")
REPORT_FIELDS = tuple(DemandReportCreate.model_fields)


# ---- serialization ---------------------------------------------------------------------------

def _member_ref(member) -> dict | None:
    return {"id": member.id, "name": member.name} if member is not None else None


def resource_dict(r: Resource) -> dict:
    return {"id": r.id, **{k: serialize(getattr(r, k)) for k in RESOURCE_FIELDS}, "kind_label": str(r.kind_label),
            "partner_ids": [p.id for p in r.partners], "partners": [_member_ref(p) for p in r.partners],
            "external_partners": r.external_names}


def rd_dict(p: RdProject) -> dict:
    return {"id": p.id, **{k: serialize(getattr(p, k)) for k in RD_FIELDS}, "school": _member_ref(p.school),
            "enterprise": _member_ref(p.enterprise)}


def output_dict(o: ResearchOutput) -> dict:
    return {"id": o.id, **{k: serialize(getattr(o, k)) for k in OUTPUT_FIELDS}, "kind_label": str(o.kind_label),
            "member_ids": [m.id for m in o.members], "members": [_member_ref(m) for m in o.members],
            "external_partners": o.external_names}


def report_dict(r: DemandReport) -> dict:
    return {"id": r.id, **{k: serialize(getattr(r, k)) for k in REPORT_FIELDS},
            "status": "published" if r.published_date else "draft"}


def _with_ids(ids_field: str):
    """The body's fields as the service takes them, a null list of member ids read as an empty one."""
    def data(body) -> dict:
        values = body_data(body)
        if ids_field in values and values[ids_field] is None:
            values[ids_field] = []
        return values
    return data


# ---- co-built resources ----------------------------------------------------------------------

_PARTNER = "secretariat, or a school or enterprise among its partners"

resources = RecordOperations("/resources", "resource", tag="records", out=ResourceOut, to_dict=resource_dict,
                             get=services.get_resource)
resources.list(services.list_resources, ResourceQuery, "List co-built resources the user may see")
resources.create(services.create_resource, ResourceCreate, f"Record a co-built resource ({_PARTNER})",
                 data=_with_ids("partner_ids"))
resources.read("A co-built resource")
resources.patch(services.update_resource, ResourcePatch, "Edit a co-built resource (only the fields given)",
                data=_with_ids("partner_ids"))
resources.delete(services.delete_resource, "Delete a co-built resource")


# ---- R&D projects ----------------------------------------------------------------------------

rd_projects = RecordOperations("/rd-projects", "rd_project", id_name="project_id", tag="records", out=RdProjectOut,
                               to_dict=rd_dict, get=services.get_rd_project)
rd_projects.list(services.list_rd_projects, RdQuery, "List school–enterprise R&D projects the user may see")
rd_projects.create(services.create_rd_project, RdProjectCreate,
                   "Record an R&D project (secretariat, or its school or enterprise)")
rd_projects.read("An R&D project")
rd_projects.patch(services.update_rd_project, RdProjectPatch, "Edit an R&D project (only the fields given)")
rd_projects.delete(services.delete_rd_project, "Delete an R&D project")


# ---- research outputs ------------------------------------------------------------------------

outputs = RecordOperations("/outputs", "output", tag="records", out=ResearchOutputOut, to_dict=output_dict,
                           get=services.get_output)
outputs.list(services.list_outputs, OutputQuery, "List research outputs the user may see")
outputs.create(services.create_output, ResearchOutputCreate, f"Record a research output ({_PARTNER})",
               data=_with_ids("member_ids"))
outputs.read("A research output")
outputs.patch(services.update_output, ResearchOutputPatch, "Edit a research output (only the fields given)",
              data=_with_ids("member_ids"))
outputs.delete(services.delete_output, "Delete a research output")


# ---- talent-demand reports -------------------------------------------------------------------

demand_reports = RecordOperations("/demand-reports", "demand_report", id_name="report_id", tag="records",
                                  out=DemandReportOut, to_dict=report_dict, get=services.get_report)
demand_reports.list(services.list_reports, ReportQuery, "List talent-demand reports the user may see")
demand_reports.create(services.create_report, DemandReportCreate, "Record a talent-demand report (secretariat)")
demand_reports.read("A talent-demand report")
demand_reports.patch(services.update_report, DemandReportPatch,
                     "Edit a talent-demand report (only the fields given)")


@operation("post", "/demand-reports/<int:report_id>/publish", tag="records", body=Publish, body_optional=True,
           response=DemandReportOut,
           summary="Publish a report on published_date (today if omitted) (secretariat)")
def publish_demand_report(report_id, body):
    report = services.get_report(actor(), report_id)
    return jsonify(report_dict(services.publish_report(actor(), report, body_data(body).get("published_date"))))


demand_reports.delete(services.delete_report, "Delete a talent-demand report")
