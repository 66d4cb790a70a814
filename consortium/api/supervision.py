"""API endpoints of internship supervision: logs, countersigning, check-in codes and check-ins,
evaluations and incidents. These paths are a contract other systems use (interfaces.md)."""
from flask import jsonify
from flask_babel import gettext as _

from ..timeutil import SHANGHAI, to_local
from ..errors import ValidationError
from ..supervision import access, checkins, evaluations, incidents
from ..supervision import services as sup
from .blueprint import bp
from .core import actor, api_consortium, serialize
from .unported import json_body, parse_fields
from .unported import OPERATIONS, SCHEMAS, op, ref

_PID = (("placement_id", "path", "integer"),)
_LID = (("log_id", "path", "integer"),)
S, I, N, D, DT = ({"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "string", "format": "date"},
                  {"type": "string", "format": "date-time"})


def _list_of(name):
    return {"type": "object", "properties": {"items": {"type": "array", "items": ref(name)}}}


SCHEMAS.update({
    "LogEntry": {"type": "object", "properties": {
        "id": I, "placement_id": I, "cadence": {"type": "string", "enum": ["daily", "weekly", "monthly"]},
        "period_start": D, "body": S, "status": {"type": "string", "enum": ["submitted", "returned", "approved"]},
        "locked": {"type": "boolean"}, "version": I, "submitted_at": DT, "mentor_comment": S, "decided_at": DT,
        "supervisor_comment": S, "attachments": {"type": "array", "items": S}}},
    "LogInput": {"type": "object", "required": ["body"], "properties": {
        "body": S, "day": {**D, "description": "a day in the period (default today)"}}},
    "Countersign": {"type": "object", "required": ["decision"], "properties": {
        "decision": {"type": "string", "enum": ["approve", "return"]},
        "comment": {**S, "description": "required when returning"}}},
    "CheckinCode": {"type": "object", "properties": {"code": {**S, "pattern": "^[0-9]{6}$"}, "expires_at": DT}},
    "CheckinInput": {"type": "object", "required": ["code"], "properties": {
        "code": S, "lat": N, "lng": N, "kind": {"type": "string", "enum": ["in", "out"], "default": "in"},
        "device": {**S, "description": "an identifier the client keeps for the device"}}},
    "CheckIn": {"type": "object", "properties": {
        "id": I, "placement_id": I, "day": D, "kind": S, "at": DT, "lat": N, "lng": N, "distance_m": I,
        "flags": {"type": "array", "items": {"type": "string", "enum": ["far", "shared_device", "no_location"]}}}},
    "Evaluation": {"type": "object", "properties": {
        "kind": {"type": "string", "enum": ["mentor", "supervisor", "self"]}, "score": N,
        "scores": {"type": "object", "additionalProperties": N}, "comment": S, "satisfaction": I, "created_at": DT}},
    "EvaluationInput": {"type": "object", "description": "mentor: scores per rubric item; supervisor: score; "
                        "self: comment and satisfaction (1–5). The kind follows from the user.", "properties": {
                            "scores": {"type": "object", "additionalProperties": N}, "score": N, "comment": S,
                            "satisfaction": I}},
    "Evaluations": {"type": "object", "properties": {
        "items": {"type": "array", "items": ref("Evaluation")},
        "rubric": {"type": "array", "items": {"type": "object", "properties": {"name": S, "weight": I}}},
        "final_grade": {**N, "nullable": True, "description": "0.6 × mentor + 0.4 × supervisor"},
        "waived": {"type": "boolean"}}},
    "Incident": {"type": "object", "properties": {
        "id": I, "placement_id": I, "occurred_on": D,
        "kind": {"type": "string", "enum": ["injury", "safety", "wage", "harassment", "other"]},
        "severity": {"type": "string", "enum": ["minor", "serious"]}, "description": S, "handling": S,
        "status": {"type": "string", "enum": ["open", "handling", "closed"]}, "reported_by": S, "created_at": DT}},
    "IncidentInput": {"type": "object", "required": ["occurred_on", "kind", "description"], "properties": {
        "occurred_on": D, "kind": S, "severity": S, "description": S}},
})

OPERATIONS.extend([
    ("/placements/{placement_id}/logs", "get", op("Logs of a placement", "supervision", params=_PID,
                                                  response=_list_of("LogEntry"))),
    ("/placements/{placement_id}/logs", "post", op("The intern writes the log of a period", "supervision",
                                                   params=_PID, body=ref("LogInput"), response=ref("LogEntry"),
                                                   status="201")),
    ("/logs/{log_id}", "patch", op("The intern edits a log not yet countersigned", "supervision", params=_LID,
                                   body=ref("LogInput"), response=ref("LogEntry"))),
    ("/logs/{log_id}/countersign", "post", op("The mentor approves (locks) or returns a log", "supervision",
                                              params=_LID, body=ref("Countersign"), response=ref("LogEntry"))),
    ("/logs/{log_id}/comment", "post", op("The school supervisor comments on a log", "supervision", params=_LID,
                                          body={"type": "object", "required": ["comment"],
                                                "properties": {"comment": S}}, response=ref("LogEntry"))),
    ("/placements/{placement_id}/checkin-code", "get", op("The site's current check-in code (mentor only)",
                                                          "supervision", params=_PID, response=ref("CheckinCode"))),
    ("/placements/{placement_id}/checkins", "post", op(
        "Check in or out with the mentor's code (intern only); a wrong or stale code is 422 with "
        "error.code = checkin_code_invalid", "supervision", params=_PID, body=ref("CheckinInput"),
        response=ref("CheckIn"), status="201")),
    ("/placements/{placement_id}/evaluations", "get", op("Evaluations, rubric and final grade", "supervision",
                                                         params=_PID, response=ref("Evaluations"))),
    ("/placements/{placement_id}/evaluations", "post", op("Submit or revise one's evaluation", "supervision",
                                                          params=_PID, body=ref("EvaluationInput"),
                                                          response=ref("Evaluation"), status="201")),
    ("/placements/{placement_id}/incidents", "get", op("The placement's incident register", "supervision",
                                                       params=_PID, response=_list_of("Incident"))),
    ("/placements/{placement_id}/incidents", "post", op("Report an incident", "supervision", params=_PID,
                                                        body=ref("IncidentInput"), response=ref("Incident"),
                                                        status="201")),
    ("/interns", "get", op("Running placements the user supervises, mentors or owns, with today's state",
                           "supervision")),
])


def _time(value):
    """A stored UTC time as ISO 8601 in Asia/Shanghai."""
    return to_local(value).isoformat() if value else None


def log_dict(log) -> dict:
    return {"id": log.id, "placement_id": log.placement_id, "cadence": log.cadence,
            "period_start": serialize(log.period_start), "body": log.body, "status": log.status,
            "locked": log.locked, "version": log.version, "submitted_at": _time(log.submitted_at),
            "mentor_comment": log.mentor_comment, "decided_at": _time(log.decided_at),
            "supervisor_comment": log.supervisor_comment, "attachments": [a.original_name for a in log.attachments]}


def checkin_dict(row) -> dict:
    return {"id": row.id, "placement_id": row.placement_id, "day": serialize(row.day), "kind": row.kind,
            "at": _time(row.at), "lat": serialize(row.lat), "lng": serialize(row.lng), "distance_m": row.distance_m,
            "flags": list(row.flags or [])}


def evaluation_dict(row) -> dict:
    return {"kind": row.kind, "score": serialize(row.score), "scores": row.scores, "comment": row.comment,
            "satisfaction": row.satisfaction, "created_at": _time(row.created_at)}


def incident_dict(row) -> dict:
    return {"id": row.id, "placement_id": row.placement_id, "occurred_on": serialize(row.occurred_on),
            "kind": row.kind, "severity": row.severity, "description": row.description, "handling": row.handling,
            "status": row.status, "reported_by": row.reported_by.name if row.reported_by else None,
            "created_at": _time(row.created_at)}


def _placement(placement_id):
    return access.get_placement(actor(), placement_id)


@bp.get("/placements/<int:placement_id>/logs")
def list_logs(placement_id):
    placement = _placement(placement_id)
    return jsonify({"items": [log_dict(x) for x in sup.list_logs(actor(), placement)],
                    "overdue": [d.isoformat() for d in sup.overdue_logs(placement)]})


@bp.post("/placements/<int:placement_id>/logs")
def write_log(placement_id):
    placement = _placement(placement_id)
    data = parse_fields(json_body(), {"body": "str", "day": "date"})
    return jsonify(log_dict(sup.write_log(actor(), placement, body=data.get("body"), day=data.get("day")))), 201


@bp.patch("/logs/<int:log_id>")
def edit_log(log_id):
    log = sup.get_log(actor(), log_id)
    data = parse_fields(json_body(), {"body": "str"})
    return jsonify(log_dict(sup.edit_log(actor(), log, data.get("body"))))


@bp.post("/logs/<int:log_id>/countersign")
def countersign(log_id):
    log = sup.get_log(actor(), log_id)
    data = parse_fields(json_body(), {"decision": "str", "comment": "str"})
    return jsonify(log_dict(sup.countersign(actor(), log, data.get("decision") or "", data.get("comment") or "")))


@bp.post("/logs/<int:log_id>/comment")
def comment_log(log_id):
    log = sup.get_log(actor(), log_id)
    data = parse_fields(json_body(), {"comment": "str"})
    return jsonify(log_dict(sup.supervisor_comment(actor(), log, data.get("comment") or "")))


@bp.get("/placements/<int:placement_id>/checkin-code")
def checkin_code(placement_id):
    shown = checkins.current_code(actor(), _placement(placement_id))
    return jsonify({"code": shown["code"], "expires_at": shown["expires_at"].astimezone(SHANGHAI).isoformat()})


@bp.post("/placements/<int:placement_id>/checkins")
def check_in(placement_id):
    placement = _placement(placement_id)
    data = parse_fields(json_body(), {"code": "str", "lat": "decimal", "lng": "decimal", "kind": "str",
                                      "device": "str"})
    row = checkins.check_in(actor(), placement, code=data.get("code") or "", lat=data.get("lat"), lng=data.get("lng"),
                            device=data.get("device"), kind=data.get("kind") or "in")
    return jsonify(checkin_dict(row)), 201


@bp.get("/placements/<int:placement_id>/evaluations")
def list_evaluations(placement_id):
    placement = _placement(placement_id)
    evals = evaluations.list_evaluations(actor(), placement)
    record = access.supervision_of(placement)
    rubric = evaluations.rubric_items(placement.student.school_id) if placement.student_id else evaluations.DEFAULT_RUBRIC
    return jsonify({"items": [evaluation_dict(e) for e in evals.values()], "rubric": rubric,
                    "final_grade": serialize(evaluations.final_grade(evals)),
                    "waived": bool(record and record.evaluation_waived)})


@bp.post("/placements/<int:placement_id>/evaluations")
def submit_evaluation(placement_id):
    placement = _placement(placement_id)
    payload = json_body()
    scores = payload.pop("scores", None)
    if scores is not None and not (isinstance(scores, dict) and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in scores.values())):
        raise ValidationError(_("请更正标出的字段"), {"scores": _("应为“项目: 分数”的对象")})
    data = parse_fields(payload, {"score": "decimal", "comment": "str", "satisfaction": "int", "kind": "str"})
    data["scores"] = scores
    return jsonify(evaluation_dict(evaluations.submit_evaluation(actor(), placement, data))), 201


@bp.get("/placements/<int:placement_id>/incidents")
def list_incidents(placement_id):
    placement = _placement(placement_id)
    return jsonify({"items": [incident_dict(x) for x in incidents.list_incidents(actor(), placement)]})


@bp.post("/placements/<int:placement_id>/incidents")
def report_incident(placement_id):
    placement = _placement(placement_id)
    data = parse_fields(json_body(), {"occurred_on": "date", "kind": "str", "severity": "str", "description": "str"})
    return jsonify(incident_dict(incidents.report_incident(actor(), placement, data))), 201


@bp.get("/interns")
def interns():
    rows = sup.interns(actor(), api_consortium().id)
    return jsonify({"items": [{
        "placement_id": r["placement"].id, "candidate_name": r["placement"].candidate.name,
        "position": r["placement"].position.title, "cadence": r["cadence"], "on_site_today": r["on_site_today"],
        "overdue_logs": r["overdue_logs"], "pending_logs": r["pending_logs"], "days_attended": r["days_attended"],
        "missing_days": r["missing_days"], "flagged_checkins": r["flagged_checkins"],
        "open_incidents": r["open_incidents"]} for r in rows]})
