"""API endpoints of internship supervision: logs, countersigning, check-in codes and check-ins,
evaluations and incidents. These paths are a contract other systems use (interfaces.md)."""
from datetime import date
from typing import Annotated

from flask import jsonify
from pydantic import Field

from ..supervision import access, checkins, evaluations, incidents
from ..supervision import services as sup
from ..supervision.models import CheckIn, Evaluation, Incident, LogEntry
from ..vocab import (CHECKIN_FLAGS, EVALUATION_KINDS, INCIDENT_KINDS, INCIDENT_SEVERITIES, INCIDENT_STATUSES,
                     LOG_CADENCES, LOG_STATUSES)
from .contract import (Day, Enum, Int, Nullable, Number, RequestModel, ResponseModel, Stamp, Text, body_data,
                       column_type as col, list_of, operation, stamp)
from .core import actor, api_consortium, serialize

COUNTERSIGN_DECISIONS = ("approve", "return")
CHECKIN_KINDS = ("in", "out")
TAG = "supervision"

# ---- declarations: logs -------------------------------------------------------------------------


class LogCreate(RequestModel):
    body: Text(sup.MAX_LOG_CHARS)
    day: Nullable[Day] = Field(default=None, description="A day in the period the log is for (default today)")


class LogPatch(RequestModel):
    body: Text(sup.MAX_LOG_CHARS)


class Countersign(RequestModel):
    decision: Enum(COUNTERSIGN_DECISIONS)
    comment: Nullable[col(LogEntry.mentor_comment)] = Field(default=None, description="Required when returning")


class LogComment(RequestModel):
    comment: col(LogEntry.supervisor_comment, required=True)


class LogEntryOut(ResponseModel):
    id: int
    placement_id: int
    cadence: Enum(LOG_CADENCES)
    period_start: date
    body: str
    status: Enum(LOG_STATUSES)
    locked: bool
    version: int
    submitted_at: Stamp
    mentor_comment: Nullable[str]
    decided_at: Nullable[Stamp]
    supervisor_comment: Nullable[str]
    attachments: list[str]


class LogListOut(ResponseModel):
    items: list[LogEntryOut]
    overdue: list[date] = Field(description="Starts of the periods the placement owes a log for")


# ---- declarations: check-ins --------------------------------------------------------------------


class CheckinCodeOut(ResponseModel):
    code: Annotated[str, Field(pattern=r"^[0-9]{6}$")]
    expires_at: Stamp


class CheckinInput(RequestModel):
    # Any text: a wrong or stale code is the service's 422 checkin_code_invalid, not a shape error.
    code: Text(32)
    lat: Nullable[Number(90, -90)] = None
    lng: Nullable[Number(180, -180)] = None
    kind: Nullable[Enum(CHECKIN_KINDS)] = Field(default=None, description="in (default) or out")
    device: Nullable[col(CheckIn.device)] = Field(default=None,
                                                   description="An identifier the client keeps for the device")


class CheckInOut(ResponseModel):
    id: int
    placement_id: int
    day: date
    kind: Enum(CHECKIN_KINDS)
    at: Stamp
    lat: Nullable[float]
    lng: Nullable[float]
    distance_m: Nullable[int]
    flags: list[Enum(CHECKIN_FLAGS)]


# ---- declarations: evaluations ------------------------------------------------------------------

Score = Number(100)


class EvaluationCreate(RequestModel):
    """mentor: scores per rubric item; supervisor: score; self: comment and satisfaction (1–5).
    The kind follows from the user."""

    scores: Nullable[Annotated[dict[Text(50), Score], Field(max_length=50)]] = None
    score: Nullable[Score] = None
    comment: Nullable[col(Evaluation.comment)] = None
    satisfaction: Nullable[Int(1, 5)] = None
    kind: Nullable[Enum(EVALUATION_KINDS)] = Field(default=None, description="When given, the user's own kind")


class EvaluationOut(ResponseModel):
    kind: Enum(EVALUATION_KINDS)
    score: Nullable[float]
    scores: Nullable[dict[str, float]]
    comment: Nullable[str]
    satisfaction: Nullable[int]
    created_at: Stamp


class RubricItemOut(ResponseModel):
    name: str
    weight: int


class EvaluationsOut(ResponseModel):
    items: list[EvaluationOut]
    rubric: list[RubricItemOut]
    final_grade: Nullable[float] = Field(description="0.6 × mentor + 0.4 × supervisor; null without both")
    waived: bool


# ---- declarations: incidents and the interns list -----------------------------------------------


class IncidentInput(RequestModel):
    occurred_on: Day
    kind: Enum(INCIDENT_KINDS)
    severity: Nullable[Enum(INCIDENT_SEVERITIES)] = Field(default=None, description="minor (default) or serious")
    description: col(Incident.description, required=True)


class IncidentOut(ResponseModel):
    id: int
    placement_id: int
    occurred_on: date
    kind: Enum(INCIDENT_KINDS)
    severity: Enum(INCIDENT_SEVERITIES)
    description: str
    handling: Nullable[str]
    status: Enum(INCIDENT_STATUSES)
    reported_by: Nullable[str]
    created_at: Stamp


class InternOut(ResponseModel):
    placement_id: int
    candidate_name: str
    position: str
    cadence: Enum(LOG_CADENCES)
    on_site_today: bool
    overdue_logs: int
    pending_logs: int
    days_attended: int
    missing_days: int
    flagged_checkins: int
    open_incidents: int


# ---- serialization --------------------------------------------------------------------------------

def log_dict(log) -> dict:
    return {"id": log.id, "placement_id": log.placement_id, "cadence": log.cadence,
            "period_start": serialize(log.period_start), "body": log.body, "status": log.status,
            "locked": log.locked, "version": log.version, "submitted_at": stamp(log.submitted_at),
            "mentor_comment": log.mentor_comment, "decided_at": stamp(log.decided_at),
            "supervisor_comment": log.supervisor_comment, "attachments": [a.original_name for a in log.attachments]}


def checkin_dict(row) -> dict:
    return {"id": row.id, "placement_id": row.placement_id, "day": serialize(row.day), "kind": row.kind,
            "at": stamp(row.at), "lat": serialize(row.lat), "lng": serialize(row.lng), "distance_m": row.distance_m,
            "flags": list(row.flags or [])}


def evaluation_dict(row) -> dict:
    return {"kind": row.kind, "score": serialize(row.score), "scores": row.scores, "comment": row.comment,
            "satisfaction": row.satisfaction, "created_at": stamp(row.created_at)}


def incident_dict(row) -> dict:
    return {"id": row.id, "placement_id": row.placement_id, "occurred_on": serialize(row.occurred_on),
            "kind": row.kind, "severity": row.severity, "description": row.description, "handling": row.handling,
            "status": row.status, "reported_by": row.reported_by.name if row.reported_by else None,
            "created_at": stamp(row.created_at)}


def _placement(placement_id):
    return access.get_placement(actor(), placement_id)


# ---- logs -------------------------------------------------------------------------------------------

@operation("get", "/placements/<int:placement_id>/logs", summary="Logs of a placement, and the periods overdue",
           tag=TAG, response=LogListOut)
def list_logs(placement_id):
    placement = _placement(placement_id)
    return jsonify({"items": [log_dict(x) for x in sup.list_logs(actor(), placement)],
                    "overdue": [d.isoformat() for d in sup.overdue_logs(placement)]})


@operation("post", "/placements/<int:placement_id>/logs", summary="The intern writes the log of a period", tag=TAG,
           body=LogCreate, response=LogEntryOut, status=201)
def write_log(placement_id, body):
    placement = _placement(placement_id)
    data = body_data(body)
    return jsonify(log_dict(sup.write_log(actor(), placement, body=data["body"], day=data.get("day")))), 201


@operation("patch", "/logs/<int:log_id>", summary="The intern edits a log not yet countersigned", tag=TAG,
           body=LogPatch, response=LogEntryOut)
def edit_log(log_id, body):
    log = sup.get_log(actor(), log_id)
    return jsonify(log_dict(sup.edit_log(actor(), log, body.body)))


@operation("post", "/logs/<int:log_id>/countersign", summary="The mentor approves (locks) or returns a log",
           tag=TAG, body=Countersign, response=LogEntryOut)
def countersign(log_id, body):
    log = sup.get_log(actor(), log_id)
    return jsonify(log_dict(sup.countersign(actor(), log, body.decision, body.comment or "")))


@operation("post", "/logs/<int:log_id>/comment", summary="The school supervisor comments on a log", tag=TAG,
           body=LogComment, response=LogEntryOut)
def comment_log(log_id, body):
    log = sup.get_log(actor(), log_id)
    return jsonify(log_dict(sup.supervisor_comment(actor(), log, body.comment)))


# ---- check-ins --------------------------------------------------------------------------------------

@operation("get", "/placements/<int:placement_id>/checkin-code", tag=TAG, response=CheckinCodeOut,
           summary="The site's current check-in code (mentor only)")
def checkin_code(placement_id):
    shown = checkins.current_code(actor(), _placement(placement_id))
    return jsonify({"code": shown["code"], "expires_at": stamp(shown["expires_at"])})


@operation("post", "/placements/<int:placement_id>/checkins", tag=TAG, body=CheckinInput, response=CheckInOut,
           status=201, summary="Check in or out with the mentor's code (intern only); a wrong or stale code is 422 "
                               "with error.code = checkin_code_invalid")
def check_in(placement_id, body):
    placement = _placement(placement_id)
    data = body_data(body)
    row = checkins.check_in(actor(), placement, code=data["code"], lat=data.get("lat"), lng=data.get("lng"),
                            device=data.get("device"), kind=data.get("kind") or "in")
    return jsonify(checkin_dict(row)), 201


# ---- evaluations ------------------------------------------------------------------------------------

@operation("get", "/placements/<int:placement_id>/evaluations", summary="Evaluations, rubric and final grade",
           tag=TAG, response=EvaluationsOut)
def list_evaluations(placement_id):
    placement = _placement(placement_id)
    evals = evaluations.list_evaluations(actor(), placement)
    record = access.supervision_of(placement)
    rubric = evaluations.rubric_items(placement.student.school_id) if placement.student_id else evaluations.DEFAULT_RUBRIC
    return jsonify({"items": [evaluation_dict(e) for e in evals.values()], "rubric": rubric,
                    "final_grade": serialize(evaluations.final_grade(evals)),
                    "waived": bool(record and record.evaluation_waived)})


@operation("post", "/placements/<int:placement_id>/evaluations", summary="Submit or revise one's evaluation",
           tag=TAG, body=EvaluationCreate, response=EvaluationOut, status=201)
def submit_evaluation(placement_id, body):
    placement = _placement(placement_id)
    return jsonify(evaluation_dict(evaluations.submit_evaluation(actor(), placement, body_data(body)))), 201


# ---- incidents and the interns list -----------------------------------------------------------------

@operation("get", "/placements/<int:placement_id>/incidents", summary="The placement's incident register", tag=TAG,
           response=list_of(IncidentOut))
def list_incidents(placement_id):
    placement = _placement(placement_id)
    return jsonify({"items": [incident_dict(x) for x in incidents.list_incidents(actor(), placement)]})


@operation("post", "/placements/<int:placement_id>/incidents", summary="Report an incident", tag=TAG,
           body=IncidentInput, response=IncidentOut, status=201)
def report_incident(placement_id, body):
    placement = _placement(placement_id)
    return jsonify(incident_dict(incidents.report_incident(actor(), placement, body_data(body)))), 201


@operation("get", "/interns", tag=TAG, response=list_of(InternOut),
           summary="Running placements the user supervises, mentors or owns, with today's state")
def interns():
    rows = sup.interns(actor(), api_consortium().id)
    return jsonify({"items": [{
        "placement_id": r["placement"].id, "candidate_name": r["placement"].candidate.name,
        "position": r["placement"].position.title, "cadence": r["cadence"], "on_site_today": r["on_site_today"],
        "overdue_logs": r["overdue_logs"], "pending_logs": r["pending_logs"], "days_attended": r["days_attended"],
        "missing_days": r["missing_days"], "flagged_checkins": r["flagged_checkins"],
        "open_incidents": r["open_incidents"]} for r in rows]})
