"""API endpoints for co-built resources, R&D projects, research outputs and talent-demand reports."""
from flask import jsonify, request
from flask_babel import gettext as _

from ..errors import ValidationError
from ..records import services
from ..records.models import DemandReport, RdProject, ResearchOutput, Resource
from ..vocab import OUTPUT_KINDS, RESOURCE_KINDS
from .blueprint import bp
from .core import actor, api_consortium, filter_args, json_body, optional_year_arg, paged, parse_fields, serialize
from .openapi import OPERATIONS, SCHEMAS, op, ref

RESOURCE_SPEC = {"name": "str", "kind": "str", "established_date": "date", "closed_date": "date",
                 "description": "str"}
RD_SPEC = {"code": "str", "title": "str", "school_id": "int", "enterprise_id": "int", "start_date": "date",
           "completed_date": "date", "converted": "bool", "funds_received": "decimal", "funds_year": "int"}
OUTPUT_SPEC = {"title": "str", "kind": "str", "date": "date"}
REPORT_SPEC = {"title": "str", "summary": "str", "published_date": "date"}

# ---- OpenAPI ---------------------------------------------------------------------------------
_S, _I, _N, _D, _B = {"type": "string"}, {"type": "integer"}, {"type": "number"}, \
    {"type": "string", "format": "date"}, {"type": "boolean"}
_IDS = {"type": "array", "items": _I}
_PAGED = (("page", "query", "integer"), ("per_page", "query", "integer"), ("q", "query", "string"),
          ("year", "query", "integer"))
SCHEMAS.update({
    "Resource": {"type": "object", "required": ["name", "kind", "established_date"], "properties": {
        "id": _I, "name": _S, "kind": {"type": "string", "enum": list(RESOURCE_KINDS)}, "partner_ids": _IDS,
        "established_date": _D, "closed_date": _D, "description": _S}},
    "RdProject": {"type": "object", "required": ["code", "title", "school_id", "enterprise_id"], "properties": {
        "id": _I, "code": _S, "title": _S, "school_id": _I, "enterprise_id": _I, "start_date": _D,
        "completed_date": _D, "converted": _B, "funds_received": _N, "funds_year": _I}},
    "ResearchOutput": {"type": "object", "required": ["title", "kind", "date"], "properties": {
        "id": _I, "title": _S, "kind": {"type": "string", "enum": list(OUTPUT_KINDS)}, "date": _D,
        "member_ids": _IDS}},
    "DemandReport": {"type": "object", "required": ["title"], "properties": {
        "id": _I, "title": _S, "summary": _S, "published_date": _D}},
})


def _crud(path: str, id_name: str, schema: str, tag: str, noun: str, who: str, list_params=()):
    one = f"{path}/{{{id_name}}}"
    ident = ((id_name, "path", "integer"),)
    return [
        (path, "get", op(f"List {noun}s the user may see", tag, params=_PAGED + list_params)),
        (path, "post", op(f"Record a {noun} ({who})", tag, body=ref(schema), response=ref(schema), status="201")),
        (one, "get", op(f"A {noun}", tag, params=ident, response=ref(schema))),
        (one, "patch", op(f"Edit a {noun} (only the fields given)", tag, params=ident, body=ref(schema),
                          response=ref(schema))),
        (one, "delete", op(f"Delete a {noun}", tag, params=ident, status="204")),
    ]


_PARTNER = "secretariat, or a school or enterprise among its partners"
OPERATIONS.extend(
    _crud("/resources", "resource_id", "Resource", "records", "co-built resource", _PARTNER,
          (("kind", "query", "string"),))
    + _crud("/rd-projects", "project_id", "RdProject", "records", "school–enterprise R&D project",
            "secretariat, or its school or enterprise", (("converted", "query", "string"),))
    + _crud("/outputs", "output_id", "ResearchOutput", "records", "research output", _PARTNER,
            (("kind", "query", "string"),))
    + _crud("/demand-reports", "report_id", "DemandReport", "records", "talent-demand report", "secretariat",
            (("status", "query", "string"),))
    + [("/demand-reports/{report_id}/publish", "post", op(
        "Publish a report on published_date (today if omitted) (secretariat)", "records",
        params=(("report_id", "path", "integer"),), body={"type": "object", "properties": {"published_date": _D}},
        response=ref("DemandReport")))]
)


# ---- serialization ---------------------------------------------------------------------------

def _member_ref(member) -> dict | None:
    return {"id": member.id, "name": member.name} if member is not None else None


def resource_dict(r: Resource) -> dict:
    return {"id": r.id, **{k: serialize(getattr(r, k)) for k in RESOURCE_SPEC}, "kind_label": str(r.kind_label),
            "partner_ids": [p.id for p in r.partners], "partners": [_member_ref(p) for p in r.partners]}


def rd_dict(p: RdProject) -> dict:
    return {"id": p.id, **{k: serialize(getattr(p, k)) for k in RD_SPEC}, "school": _member_ref(p.school),
            "enterprise": _member_ref(p.enterprise)}


def output_dict(o: ResearchOutput) -> dict:
    return {"id": o.id, **{k: serialize(getattr(o, k)) for k in OUTPUT_SPEC}, "kind_label": str(o.kind_label),
            "member_ids": [m.id for m in o.members], "members": [_member_ref(m) for m in o.members]}


def report_dict(r: DemandReport) -> dict:
    return {"id": r.id, **{k: serialize(getattr(r, k)) for k in REPORT_SPEC},
            "status": "published" if r.published_date else "draft"}


def _fields(spec: dict, ids_field: str | None = None) -> dict:
    """Typed fields of the body; a list of member ids is checked here, every bad field reported together."""
    payload = json_body()
    errors, ids = {}, None
    if ids_field and ids_field in payload:
        ids = payload.pop(ids_field)
        if ids is None:
            ids = []
        if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            errors[ids_field] = _("应为成员单位编号列表")
    try:
        data = parse_fields(payload, spec)
    except ValidationError as exc:
        errors = {**exc.fields, **errors}
        data = {}
    if errors:
        raise ValidationError(_("请更正标出的字段"), errors)
    if ids is not None:
        data[ids_field] = ids
    return data


def _filters(*names) -> dict:
    """The list's text filters ('' when not given) and its optional year (422 naming `year` when it is not one)."""
    return {**{name: "" for name in names}, **filter_args(*names), "year": optional_year_arg()}


# ---- co-built resources ----------------------------------------------------------------------

@bp.get("/resources")
def list_resources():
    stmt = services.list_resources(actor(), api_consortium().id, **_filters("kind", "q"))
    return jsonify(paged(stmt, resource_dict))


@bp.post("/resources")
def create_resource():
    resource = services.create_resource(actor(), api_consortium(), _fields(RESOURCE_SPEC, "partner_ids"))
    return jsonify(resource_dict(resource)), 201


@bp.get("/resources/<int:resource_id>")
def get_resource(resource_id):
    return jsonify(resource_dict(services.get_resource(actor(), resource_id)))


@bp.patch("/resources/<int:resource_id>")
def patch_resource(resource_id):
    resource = services.get_resource(actor(), resource_id)
    return jsonify(resource_dict(services.update_resource(actor(), resource, _fields(RESOURCE_SPEC, "partner_ids"))))


@bp.delete("/resources/<int:resource_id>")
def delete_resource(resource_id):
    services.delete_resource(actor(), services.get_resource(actor(), resource_id))
    return "", 204


# ---- R&D projects ----------------------------------------------------------------------------

@bp.get("/rd-projects")
def list_rd_projects():
    stmt = services.list_rd_projects(actor(), api_consortium().id, **_filters("q", "converted"))
    return jsonify(paged(stmt, rd_dict))


@bp.post("/rd-projects")
def create_rd_project():
    return jsonify(rd_dict(services.create_rd_project(actor(), api_consortium(), _fields(RD_SPEC)))), 201


@bp.get("/rd-projects/<int:project_id>")
def get_rd_project(project_id):
    return jsonify(rd_dict(services.get_rd_project(actor(), project_id)))


@bp.patch("/rd-projects/<int:project_id>")
def patch_rd_project(project_id):
    project = services.get_rd_project(actor(), project_id)
    return jsonify(rd_dict(services.update_rd_project(actor(), project, _fields(RD_SPEC))))


@bp.delete("/rd-projects/<int:project_id>")
def delete_rd_project(project_id):
    services.delete_rd_project(actor(), services.get_rd_project(actor(), project_id))
    return "", 204


# ---- research outputs ------------------------------------------------------------------------

@bp.get("/outputs")
def list_outputs():
    stmt = services.list_outputs(actor(), api_consortium().id, **_filters("kind", "q"))
    return jsonify(paged(stmt, output_dict))


@bp.post("/outputs")
def create_output():
    output = services.create_output(actor(), api_consortium(), _fields(OUTPUT_SPEC, "member_ids"))
    return jsonify(output_dict(output)), 201


@bp.get("/outputs/<int:output_id>")
def get_output(output_id):
    return jsonify(output_dict(services.get_output(actor(), output_id)))


@bp.patch("/outputs/<int:output_id>")
def patch_output(output_id):
    output = services.get_output(actor(), output_id)
    return jsonify(output_dict(services.update_output(actor(), output, _fields(OUTPUT_SPEC, "member_ids"))))


@bp.delete("/outputs/<int:output_id>")
def delete_output(output_id):
    services.delete_output(actor(), services.get_output(actor(), output_id))
    return "", 204


# ---- talent-demand reports -------------------------------------------------------------------

@bp.get("/demand-reports")
def list_demand_reports():
    stmt = services.list_reports(actor(), api_consortium().id, **_filters("q", "status"))
    return jsonify(paged(stmt, report_dict))


@bp.post("/demand-reports")
def create_demand_report():
    return jsonify(report_dict(services.create_report(actor(), api_consortium(), _fields(REPORT_SPEC)))), 201


@bp.get("/demand-reports/<int:report_id>")
def get_demand_report(report_id):
    return jsonify(report_dict(services.get_report(actor(), report_id)))


@bp.patch("/demand-reports/<int:report_id>")
def patch_demand_report(report_id):
    report = services.get_report(actor(), report_id)
    return jsonify(report_dict(services.update_report(actor(), report, _fields(REPORT_SPEC))))


@bp.post("/demand-reports/<int:report_id>/publish")
def publish_demand_report(report_id):
    report = services.get_report(actor(), report_id)
    data = parse_fields(json_body() if request.data else {}, {"published_date": "date"})
    return jsonify(report_dict(services.publish_report(actor(), report, data.get("published_date"))))


@bp.delete("/demand-reports/<int:report_id>")
def delete_demand_report(report_id):
    services.delete_report(actor(), services.get_report(actor(), report_id))
    return "", 204
