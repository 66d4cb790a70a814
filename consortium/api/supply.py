"""API endpoints for supply meets demand: demand forecasts, enterprise industries, alignment, talent-demand
reports (generated, versioned), matchmaking events and graduate outcomes."""
from dataclasses import asdict

from flask import jsonify, request
from flask_babel import gettext as _

from ..access import require_member_user
from ..errors import NotFound, ValidationError
from ..extensions import db
from ..members.models import Member
from ..supply import events as event_services
from ..supply import forecasts as forecast_services
from ..supply import monitoring, outcomes, reports
from ..vocab import EVENT_KINDS, FORECAST_LEVELS
from .blueprint import bp
from .core import actor, api_consortium, serialize
from .unported import json_body, optional_year_arg, paged, parse_fields, year_arg
from .unported import OPERATIONS, SCHEMAS, op, ref

FORECAST_SPEC = {"enterprise_id": "int", "year": "int", "occupation": "str", "level": "str", "majors": "list",
                 "headcount": "int", "skills": "list", "month": "int", "declared_date": "date"}
EVENT_SPEC = {"kind": "str", "title": "str", "date": "date", "place": "str", "organizer_id": "int",
              "positions_offered": "str"}

_S, _I, _N, _D = {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "string", "format": "date"}
_LIST = {"type": "array", "items": _S}
_IDS = {"type": "array", "items": _I}
_YEAR = (("year", "query", "integer"),)
SCHEMAS.update({
    "DemandForecast": {"type": "object", "required": ["year", "occupation", "level", "headcount"], "properties": {
        "id": _I, "enterprise_id": _I, "year": _I, "occupation": _S, "occupation_code": _S,
        "level": {"type": "string", "enum": list(FORECAST_LEVELS)}, "majors": _LIST, "headcount": _I, "skills": _LIST,
        "month": _I, "declared_date": _D}},
    "Alignment": {"type": "object", "properties": {"year": _I, "index": _N, "rows": {"type": "array", "items": {
        "type": "object"}}}},
    "TalentReport": {"type": "object", "properties": {"id": _I, "year": _I, "title": _S, "version": _I,
                                                      "published_date": _D, "narrative": _S, "figures": {
                                                          "type": "object"}}},
    "MatchmakingEvent": {"type": "object", "required": ["kind", "title", "date", "place"], "properties": {
        "id": _I, "kind": {"type": "string", "enum": list(EVENT_KINDS)}, "title": _S, "date": _D, "place": _S,
        "enterprise_ids": _IDS, "position_ids": _IDS, "attendees": _I, "offers": _I}},
})
_ID = lambda name: ((name, "path", "integer"),)  # noqa: E731
OPERATIONS.extend([
    ("/demand-forecasts", "get", op("Demand forecasts of the consortium", "supply",
                                    params=_YEAR + (("enterprise_id", "query", "integer"),))),
    ("/demand-forecasts", "post", op("Declare a demand line (the enterprise or the secretariat)", "supply",
                                     body=ref("DemandForecast"), response=ref("DemandForecast"), status="201")),
    ("/demand-forecasts/{forecast_id}", "get", op("A demand line", "supply", params=_ID("forecast_id"),
                                                  response=ref("DemandForecast"))),
    ("/demand-forecasts/{forecast_id}", "patch", op("Edit a demand line", "supply", params=_ID("forecast_id"),
                                                    body=ref("DemandForecast"), response=ref("DemandForecast"))),
    ("/demand-forecasts/{forecast_id}", "delete", op("Delete a demand line", "supply", params=_ID("forecast_id"),
                                                     status="204")),
    ("/members/{member_id}/industry", "put", op("Set an enterprise's GB/T 4754-2017 industry code", "supply",
                                                params=_ID("member_id"), body={"type": "object", "properties": {
                                                    "industry_code": _S}})),
    ("/alignment", "get", op("Alignment of supply and demand per 专业大类 for a year", "supply",
                             params=_YEAR + (("supply", "query", "string"), ("demand", "query", "string"),
                                             ("school_id", "query", "integer")), response=ref("Alignment"))),
    ("/talent-reports", "get", op("Generated talent-demand reports the user may read", "supply")),
    ("/talent-reports", "post", op("Generate the report of a year (secretariat)", "supply", body={
        "type": "object", "properties": {"year": _I}}, response=ref("TalentReport"), status="201")),
    ("/talent-reports/{report_id}", "get", op("A report version (?version=N; members: published ones)", "supply",
                                              params=_ID("report_id"), response=ref("TalentReport"))),
    ("/talent-reports/{report_id}", "patch", op("Edit the narrative (a published version makes a new one)", "supply",
                                                params=_ID("report_id"), body={"type": "object", "properties": {
                                                    "narrative": _S, "title": _S}}, response=ref("TalentReport"))),
    ("/talent-reports/{report_id}/publish", "post", op("Publish the latest draft (secretariat)", "supply",
                                                       params=_ID("report_id"), response=ref("TalentReport"))),
    ("/events", "get", op("Matchmaking events", "supply", params=_YEAR)),
    ("/events", "post", op("Record a matchmaking event (secretariat or a school)", "supply",
                           body=ref("MatchmakingEvent"), response=ref("MatchmakingEvent"), status="201")),
    ("/events/{event_id}/attendees", "post", op("Check students in by number", "supply", params=_ID("event_id"),
                                                body={"type": "object", "properties": {"student_nos": _LIST}})),
    ("/events/counts", "get", op("Events, enterprises, attendees, offers and placements per year", "supply")),
    ("/outcomes", "get", op("Graduate outcome rates of a year, per school and major", "supply", params=_YEAR)),
])


def forecast_dict(f) -> dict:
    return {"id": f.id, "enterprise_id": f.enterprise_id, "enterprise": f.enterprise.name, "year": f.year,
            "occupation": f.occupation, "occupation_code": f.occupation_code, "occupation_input": f.occupation_input,
            "level": f.level, "majors": f.majors, "headcount": f.headcount, "skills": f.skills, "month": f.month,
            "declared_date": serialize(f.declared_date)}


@bp.get("/demand-forecasts")
def list_demand_forecasts():
    stmt = forecast_services.list_forecasts(actor(), api_consortium().id, year=optional_year_arg(),
                                            enterprise_id=request.args.get("enterprise_id", type=int))
    return jsonify(paged(stmt, forecast_dict))


@bp.post("/demand-forecasts")
def create_demand_forecast():
    data = parse_fields(json_body(), FORECAST_SPEC)
    return jsonify(forecast_dict(forecast_services.create_forecast(actor(), api_consortium(), data))), 201


@bp.get("/demand-forecasts/<int:forecast_id>")
def get_demand_forecast(forecast_id):
    return jsonify(forecast_dict(forecast_services.get_forecast(actor(), forecast_id)))


@bp.patch("/demand-forecasts/<int:forecast_id>")
def patch_demand_forecast(forecast_id):
    row = forecast_services.get_forecast(actor(), forecast_id)
    data = parse_fields(json_body(), FORECAST_SPEC, partial=True)
    return jsonify(forecast_dict(forecast_services.update_forecast(actor(), row, data)))


@bp.delete("/demand-forecasts/<int:forecast_id>")
def delete_demand_forecast(forecast_id):
    forecast_services.delete_forecast(actor(), forecast_services.get_forecast(actor(), forecast_id))
    return "", 204


@bp.put("/members/<int:member_id>/industry")
def put_member_industry(member_id):
    member = db.session.get(Member, member_id)
    if member is None or member.consortium_id != api_consortium().id:
        raise NotFound(_("记录不存在"))
    data = parse_fields(json_body(), {"industry_code": "str"})
    member = forecast_services.set_industry(actor(), member, data.get("industry_code"))
    return jsonify({"id": member.id, "name": member.name, "industry_code": member.industry_code})


@bp.get("/alignment")
def get_alignment():
    consortium = api_consortium()
    year = year_arg()
    supply = request.args.get("supply", "graduates")
    demand = request.args.get("demand", "forecasts")
    school_id = request.args.get("school_id", type=int)
    if school_id:
        school = db.session.get(Member, school_id)
        if school is None or school.consortium_id != consortium.id or not school.is_school:
            raise NotFound(_("记录不存在"))
        result = monitoring.school_view(actor(), school, year, supply if supply in monitoring.SUPPLY_BASES
                                        else "enrolled", demand)["alignment"]
    else:
        require_member_user(actor(), consortium.id)
        result = monitoring.alignment_for(consortium.id, year, supply if supply in monitoring.SUPPLY_BASES
                                          else "graduates", demand if demand in monitoring.DEMAND_BASES
                                          else "forecasts")
    return jsonify({"year": year, "index": result.index, "supply_total": result.supply_total,
                    "demand_total": result.demand_total,
                    "rows": [{"category": r.category, "supply": r.supply, "demand": round(r.demand, 1),
                              "supply_share": round(r.supply_share, 4), "demand_share": round(r.demand_share, 4),
                              "share_ratio": r.share_ratio, "gap": r.gap, "flag": r.flag}
                             for r in result.rows if r.flag != "none"]})


def report_dict(report, version) -> dict:
    return {"id": report.id, "year": report.year, "title": report.title, "version": version.number,
            "published_date": serialize(version.published_date), "narrative": version.narrative,
            "figures": version.figures,
            "versions": [{"number": v.number, "published_date": serialize(v.published_date)}
                         for v in report.versions if v.is_published
                         or reports.can_manage_reports(actor(), report.consortium_id)]}


@bp.get("/talent-reports")
def list_talent_reports():
    rows = reports.list_reports(actor(), api_consortium().id)
    return jsonify({"items": [report_dict(r, reports.visible_version(actor(), r)) for r in rows]})


@bp.post("/talent-reports")
def generate_talent_report():
    data = parse_fields(json_body(), {"year": "int"})
    report = reports.generate_report(actor(), api_consortium(), data.get("year"))
    return jsonify(report_dict(report, report.latest)), 201


@bp.get("/talent-reports/<int:report_id>")
def get_talent_report(report_id):
    report = reports.get_report(actor(), report_id)
    return jsonify(report_dict(report, reports.visible_version(actor(), report,
                                                               request.args.get("version", type=int))))


@bp.patch("/talent-reports/<int:report_id>")
def patch_talent_report(report_id):
    report = reports.get_report(actor(), report_id)
    data = parse_fields(json_body(), {"narrative": "str", "title": "str"})
    version = reports.edit_report(actor(), report, data.get("narrative") or "", data.get("title"))
    return jsonify(report_dict(report, version))


@bp.post("/talent-reports/<int:report_id>/publish")
def publish_talent_report(report_id):
    report = reports.get_report(actor(), report_id)
    data = parse_fields(json_body() if request.data else {}, {"published_date": "date"})
    version = reports.publish_report(actor(), report, data.get("published_date"))
    return jsonify(report_dict(report, version))


def event_dict(e) -> dict:
    return {"id": e.id, "kind": e.kind, "title": e.title, "date": serialize(e.date), "place": e.place,
            "organizer_id": e.organizer_id, "enterprise_ids": [m.id for m in e.enterprises],
            "position_ids": [p.id for p in e.positions], "attendees": len(e.attendees), "offers": len(e.offers)}


@bp.get("/events")
def list_events():
    year = optional_year_arg()
    return jsonify({"items": [event_dict(e) for e in event_services.list_events(actor(), api_consortium().id,
                                                                                year=year)]})


@bp.post("/events")
def create_event():
    payload = json_body()
    ids = {k: payload.pop(k, None) or [] for k in ("enterprise_ids", "position_ids")}
    data = parse_fields(payload, EVENT_SPEC)
    for key, value in ids.items():
        if not isinstance(value, list) or not all(isinstance(v, int) for v in value):
            raise ValidationError(_("请更正标出的字段"), {key: _("应为整数列表")})
        data[key] = value
    return jsonify(event_dict(event_services.save_event(actor(), api_consortium(), data))), 201


@bp.post("/events/<int:event_id>/attendees")
def add_event_attendees(event_id):
    event = event_services.get_event(actor(), event_id)
    data = parse_fields(json_body(), {"student_nos": "list"})
    value = data.get("student_nos") or []
    added = event_services.add_attendees(actor(), event, value if isinstance(value, str) else "\n".join(value))
    return jsonify({"added": added, "attendees": len(event.attendees)})


@bp.get("/events/counts")
def event_counts():
    consortium = api_consortium()
    years = monitoring.years_on_record(consortium.id)
    return jsonify({"items": [asdict(c) for c in event_services.yearly_counts(actor(), consortium.id, years)]})


@bp.get("/outcomes")
def get_outcomes():
    consortium = api_consortium()
    page = outcomes.outcome_page(actor(), consortium, year_arg())

    def rates(r):
        return {k: getattr(r, k) for k in ("graduates", "placed", "employed", "local", "further_study", "unemployed",
                                           "to_internship_enterprise", "employment_rate", "local_rate",
                                           "further_study_rate")}

    return jsonify({"year": page["year"], "overall": rates(page["overall"]),
                    "schools": [{"school_id": sid, "school": name, **rates(r)} for name, sid, r in page["schools"]],
                    "majors": [{"school_id": sid, "major": major, **rates(r)} for _n, sid, major, r in page["majors"]]})
