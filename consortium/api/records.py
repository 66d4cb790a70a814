"""API endpoints for co-built resources, R&D projects, research outputs and talent-demand reports."""
from datetime import date

from flask import jsonify

from ..records import services
from ..records.models import DemandReport, RdProject, ResearchOutput, Resource
from ..vocab import OUTPUT_KINDS, RESOURCE_KINDS
from .contract import (Day, Enum, Id, Ids, Nullable, PageQuery, RequestModel, ResponseModel, Text, Year, body_data,
                       column_type as col, no_content, operation, page_of, partial)
from .core import actor, api_consortium, paged, serialize

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


def _with_ids(body, ids_field: str) -> dict:
    data = body_data(body)
    if ids_field in data and data[ids_field] is None:
        data[ids_field] = []
    return data


# ---- co-built resources ----------------------------------------------------------------------

_PARTNER = "secretariat, or a school or enterprise among its partners"


@operation("get", "/resources", summary="List co-built resources the user may see", tag="records",
           query=ResourceQuery, response=page_of(ResourceOut))
def list_resources(query):
    stmt = services.list_resources(actor(), api_consortium().id, kind=query.kind or "", year=query.year,
                                   q=query.q or "")
    return jsonify(paged(stmt, resource_dict, query))


@operation("post", "/resources", summary=f"Record a co-built resource ({_PARTNER})", tag="records",
           body=ResourceCreate, response=ResourceOut, status=201)
def create_resource(body):
    resource = services.create_resource(actor(), api_consortium(), _with_ids(body, "partner_ids"))
    return jsonify(resource_dict(resource)), 201


@operation("get", "/resources/<int:resource_id>", summary="A co-built resource", tag="records", response=ResourceOut)
def get_resource(resource_id):
    return jsonify(resource_dict(services.get_resource(actor(), resource_id)))


@operation("patch", "/resources/<int:resource_id>", summary="Edit a co-built resource (only the fields given)",
           tag="records", body=ResourcePatch, response=ResourceOut)
def patch_resource(resource_id, body):
    resource = services.get_resource(actor(), resource_id)
    return jsonify(resource_dict(services.update_resource(actor(), resource, _with_ids(body, "partner_ids"))))


@operation("delete", "/resources/<int:resource_id>", summary="Delete a co-built resource", tag="records",
           status=204)
def delete_resource(resource_id):
    services.delete_resource(actor(), services.get_resource(actor(), resource_id))
    return no_content()


# ---- R&D projects ----------------------------------------------------------------------------

@operation("get", "/rd-projects", summary="List school–enterprise R&D projects the user may see", tag="records",
           query=RdQuery, response=page_of(RdProjectOut))
def list_rd_projects(query):
    stmt = services.list_rd_projects(actor(), api_consortium().id, year=query.year, q=query.q or "",
                                     converted=query.converted or "")
    return jsonify(paged(stmt, rd_dict, query))


@operation("post", "/rd-projects", summary="Record an R&D project (secretariat, or its school or enterprise)",
           tag="records", body=RdProjectCreate, response=RdProjectOut, status=201)
def create_rd_project(body):
    return jsonify(rd_dict(services.create_rd_project(actor(), api_consortium(), body_data(body)))), 201


@operation("get", "/rd-projects/<int:project_id>", summary="An R&D project", tag="records", response=RdProjectOut)
def get_rd_project(project_id):
    return jsonify(rd_dict(services.get_rd_project(actor(), project_id)))


@operation("patch", "/rd-projects/<int:project_id>", summary="Edit an R&D project (only the fields given)",
           tag="records", body=RdProjectPatch, response=RdProjectOut)
def patch_rd_project(project_id, body):
    project = services.get_rd_project(actor(), project_id)
    return jsonify(rd_dict(services.update_rd_project(actor(), project, body_data(body))))


@operation("delete", "/rd-projects/<int:project_id>", summary="Delete an R&D project", tag="records", status=204)
def delete_rd_project(project_id):
    services.delete_rd_project(actor(), services.get_rd_project(actor(), project_id))
    return no_content()


# ---- research outputs ------------------------------------------------------------------------

@operation("get", "/outputs", summary="List research outputs the user may see", tag="records", query=OutputQuery,
           response=page_of(ResearchOutputOut))
def list_outputs(query):
    stmt = services.list_outputs(actor(), api_consortium().id, kind=query.kind or "", year=query.year,
                                 q=query.q or "")
    return jsonify(paged(stmt, output_dict, query))


@operation("post", "/outputs", summary=f"Record a research output ({_PARTNER})", tag="records",
           body=ResearchOutputCreate, response=ResearchOutputOut, status=201)
def create_output(body):
    output = services.create_output(actor(), api_consortium(), _with_ids(body, "member_ids"))
    return jsonify(output_dict(output)), 201


@operation("get", "/outputs/<int:output_id>", summary="A research output", tag="records",
           response=ResearchOutputOut)
def get_output(output_id):
    return jsonify(output_dict(services.get_output(actor(), output_id)))


@operation("patch", "/outputs/<int:output_id>", summary="Edit a research output (only the fields given)",
           tag="records", body=ResearchOutputPatch, response=ResearchOutputOut)
def patch_output(output_id, body):
    output = services.get_output(actor(), output_id)
    return jsonify(output_dict(services.update_output(actor(), output, _with_ids(body, "member_ids"))))


@operation("delete", "/outputs/<int:output_id>", summary="Delete a research output", tag="records", status=204)
def delete_output(output_id):
    services.delete_output(actor(), services.get_output(actor(), output_id))
    return no_content()


# ---- talent-demand reports -------------------------------------------------------------------

@operation("get", "/demand-reports", summary="List talent-demand reports the user may see", tag="records",
           query=ReportQuery, response=page_of(DemandReportOut))
def list_demand_reports(query):
    stmt = services.list_reports(actor(), api_consortium().id, year=query.year, q=query.q or "",
                                 status=query.status or "")
    return jsonify(paged(stmt, report_dict, query))


@operation("post", "/demand-reports", summary="Record a talent-demand report (secretariat)", tag="records",
           body=DemandReportCreate, response=DemandReportOut, status=201)
def create_demand_report(body):
    return jsonify(report_dict(services.create_report(actor(), api_consortium(), body_data(body)))), 201


@operation("get", "/demand-reports/<int:report_id>", summary="A talent-demand report", tag="records",
           response=DemandReportOut)
def get_demand_report(report_id):
    return jsonify(report_dict(services.get_report(actor(), report_id)))


@operation("patch", "/demand-reports/<int:report_id>", summary="Edit a talent-demand report (only the fields given)",
           tag="records", body=DemandReportPatch, response=DemandReportOut)
def patch_demand_report(report_id, body):
    report = services.get_report(actor(), report_id)
    return jsonify(report_dict(services.update_report(actor(), report, body_data(body))))


@operation("post", "/demand-reports/<int:report_id>/publish", tag="records", body=Publish, body_optional=True,
           response=DemandReportOut,
           summary="Publish a report on published_date (today if omitted) (secretariat)")
def publish_demand_report(report_id, body):
    report = services.get_report(actor(), report_id)
    return jsonify(report_dict(services.publish_report(actor(), report, body_data(body).get("published_date"))))


@operation("delete", "/demand-reports/<int:report_id>", summary="Delete a talent-demand report", tag="records",
           status=204)
def delete_demand_report(report_id):
    services.delete_report(actor(), services.get_report(actor(), report_id))
    return no_content()
