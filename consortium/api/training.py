"""API endpoints for training sessions and their rosters, certificates, training requests and figures."""
from datetime import date
from typing import Annotated, Union

from flask import jsonify
from pydantic import Field

from ..access import require_consortium_admin
from ..timeutil import today
from ..training import reports, request_services, services
from ..training.models import Certificate, RosterEntry, TrainingRequest, TrainingSession
from ..vocab import AUDIENCES, COMPLETION, REQUEST_STATUSES
from ..vocab import TRAINING_KINDS as KINDS
from .contract import (Day, Enum, Id, Int, Nullable, PageQuery, QueryModel, RequestModel, ResponseModel, Text, Year,
                       body_data, column_type as col, list_of, no_content, operation, partial)
from .core import actor, api_consortium, serialize
from .crud import RecordOperations

# ---- declarations -------------------------------------------------------------------------------


class TrainingSessionCreate(RequestModel):
    code: Nullable[col(TrainingSession.code)] = None
    title: col(TrainingSession.title, required=True)
    kind: Enum(KINDS)
    audience: Enum(AUDIENCES)
    provider_id: Nullable[Id] = None
    provider_name: Nullable[col(TrainingSession.provider_name)] = None
    host_id: Nullable[Id] = None
    venue: Nullable[col(TrainingSession.venue)] = None
    start_date: Day
    end_date: Day
    days: Nullable[col(TrainingSession.days)] = None
    hours: Nullable[col(TrainingSession.hours)] = None
    participants: Nullable[Int(0, 1_000_000)] = None
    plan_year: Nullable[Year] = None
    notes: Nullable[col(TrainingSession.notes)] = None


TrainingSessionPatch = partial(TrainingSessionCreate)


class TrainingPlan(RequestModel):
    """A session answering a request: the request's topic, kind, audience and dates are the defaults."""

    code: Nullable[col(TrainingSession.code)] = None
    title: Nullable[col(TrainingSession.title)] = None
    kind: Nullable[Enum(KINDS)] = None
    audience: Nullable[Enum(AUDIENCES)] = None
    provider_name: Nullable[col(TrainingSession.provider_name)] = None
    host_id: Nullable[Id] = None
    venue: Nullable[col(TrainingSession.venue)] = None
    start_date: Nullable[Day] = None
    end_date: Nullable[Day] = None
    days: Nullable[col(TrainingSession.days)] = None
    hours: Nullable[col(TrainingSession.hours)] = None
    participants: Nullable[Int(0, 1_000_000)] = None
    plan_year: Nullable[Year] = None
    notes: Nullable[col(TrainingSession.notes)] = None


class TrainingSessionOut(ResponseModel):
    id: int
    code: str
    title: str
    kind: Enum(KINDS)
    audience: Enum(AUDIENCES)
    provider_id: Nullable[int]
    provider_name: Nullable[str]
    host_id: Nullable[int]
    venue: Nullable[str]
    start_date: date
    end_date: date
    days: Nullable[float]
    hours: Nullable[float]
    participants: Nullable[int]
    plan_year: Nullable[int]
    notes: Nullable[str]
    request_id: Nullable[int]
    provider: str
    host: str
    has_roster: bool
    roster_completed: Nullable[int]
    effective_days: float
    effective_participants: int
    person_days: float


class TrainingSessionDetail(TrainingSessionOut):
    certificates_issued: int
    pass_rate_pct: Nullable[float]


class SessionQuery(PageQuery):
    year: Nullable[Year] = None
    kind: Nullable[Enum(KINDS)] = None
    audience: Nullable[Enum(AUDIENCES)] = None
    q: Nullable[Text(200)] = None


class RosterEntryCreate(RequestModel):
    name: col(RosterEntry.name, required=True)
    id_number: Nullable[Text(18)] = None
    employer_id: Nullable[Id] = None
    employer_name: Nullable[col(RosterEntry.employer_name)] = None
    status: Nullable[Enum(COMPLETION)] = None


RosterEntryPatch = partial(RosterEntryCreate)


class RosterEntryOut(ResponseModel):
    id: int
    name: str
    id_number: Nullable[str]
    employer_id: Nullable[int]
    employer_name: str
    status: Enum(COMPLETION)


Level = Union[Int(1, 5), Text(20)]


class CertificateCreate(RequestModel):
    certificate_no: col(Certificate.certificate_no, required=True)
    holder_name: col(Certificate.holder_name, required=True)
    holder_id_number: Nullable[Text(18)] = None
    name: col(Certificate.name, required=True)
    level: Level
    issued_date: Day
    issuer_id: Nullable[Id] = None
    issuer_name: Nullable[col(Certificate.issuer_name)] = None
    session_id: Nullable[Id] = None


CertificatePatch = partial(CertificateCreate)


class CertificateOut(ResponseModel):
    id: int
    certificate_no: str
    holder_name: str
    holder_id_number: Nullable[str]
    name: str
    level: Annotated[int, Field(ge=1, le=5)]
    issued_date: date
    issuer_id: Nullable[int]
    issuer_name: str
    session_id: Nullable[int]


class CertificateQuery(PageQuery):
    year: Nullable[Year] = None
    q: Nullable[Text(200)] = None
    session_id: Nullable[Id] = None


class TrainingRequestCreate(RequestModel):
    enterprise_id: Nullable[Id] = None
    topic: col(TrainingRequest.topic, required=True)
    kind: Nullable[Enum(KINDS)] = None
    audience: Enum(AUDIENCES)
    headcount: Int(1, 1_000_000)
    preferred_start: Nullable[Day] = None
    preferred_end: Nullable[Day] = None
    notes: Nullable[col(TrainingRequest.notes)] = None


TrainingRequestPatch = partial(TrainingRequestCreate, exclude=("enterprise_id",))


class TrainingRequestOut(ResponseModel):
    id: int
    enterprise_id: int
    enterprise: str
    topic: str
    kind: Nullable[Enum(KINDS)]
    audience: Enum(AUDIENCES)
    headcount: int
    preferred_start: Nullable[date]
    preferred_end: Nullable[date]
    notes: Nullable[str]
    status: Enum(REQUEST_STATUSES)
    provider_id: Nullable[int]
    provider: Nullable[str]
    session_id: Nullable[int]


class RequestQuery(PageQuery):
    status: Nullable[Enum(REQUEST_STATUSES)] = None


class Assign(RequestModel):
    provider_id: Id


class Planned(ResponseModel):
    request: TrainingRequestOut
    session: TrainingSessionOut


class FiguresQuery(QueryModel):
    year: Nullable[Year] = None


class Figures(ResponseModel):
    year: int
    metrics: dict[str, Nullable[float]]
    records: dict[str, list[int]]


SESSION_FIELDS = tuple(TrainingSessionCreate.model_fields)
REQUEST_FIELDS = tuple(k for k in TrainingRequestCreate.model_fields if k != "enterprise_id")


def session_dict(s: TrainingSession) -> dict:
    return {"id": s.id, **{k: serialize(getattr(s, k)) for k in SESSION_FIELDS}, "request_id": s.request_id,
            "provider": s.provider_display, "host": s.host_display, "has_roster": s.has_roster,
            "roster_completed": s.completed_count if s.has_roster else None,
            "effective_days": serialize(s.effective_days), "effective_participants": s.effective_participants,
            "person_days": serialize(s.person_days)}


def roster_dict(e: RosterEntry) -> dict:
    return {"id": e.id, "name": e.name, "id_number": e.id_number_masked, "employer_id": e.employer_id,
            "employer_name": e.employer_display, "status": e.status}


def certificate_dict(c: Certificate) -> dict:
    # The ID number is sensitive: the API shows it masked to everyone.
    return {"id": c.id, "certificate_no": c.certificate_no, "holder_name": c.holder_name,
            "holder_id_number": c.masked_id_number or None, "name": c.name, "level": c.level,
            "issued_date": serialize(c.issued_date), "issuer_id": c.issuer_id, "issuer_name": c.issuer_display,
            "session_id": c.session_id}


def request_dict(r: TrainingRequest) -> dict:
    return {"id": r.id, "enterprise_id": r.enterprise_id, "enterprise": r.enterprise.name,
            **{k: serialize(getattr(r, k)) for k in REQUEST_FIELDS}, "status": r.status_on(today()),
            "provider_id": r.provider_id, "provider": r.provider.name if r.provider else None,
            "session_id": r.session.id if r.session else None}


# ---- sessions ----------------------------------------------------------------------------------

sessions = RecordOperations("/training/sessions", "training_session", id_name="session_id", tag="training",
                            out=TrainingSessionOut, to_dict=session_dict, get=services.get_session)
sessions.list(services.list_sessions, SessionQuery, "List training sessions the user may see")
sessions.create(services.create_session, TrainingSessionCreate,
                "Record a training session (secretariat, or a school as its provider)")


@operation("get", "/training/sessions/<int:session_id>", tag="training", response=TrainingSessionDetail,
           summary="A session with its certificates issued and pass rate")
def get_training_session(session_id):
    session = services.get_session(actor(), session_id)
    return jsonify({**session_dict(session), "certificates_issued": services.session_certificate_count(session),
                    "pass_rate_pct": serialize(services.session_pass_rate(session))})


sessions.patch(services.update_session, TrainingSessionPatch, "Edit a session")
sessions.delete(services.delete_session, "Delete a session and its roster")


@operation("get", "/training/sessions/<int:session_id>/roster", summary="A session's roster (ID numbers masked)",
           tag="training", response=list_of(RosterEntryOut))
def list_training_roster(session_id):
    session = services.get_session(actor(), session_id)
    return jsonify({"items": [roster_dict(e) for e in services.visible_roster(actor(), session)]})


@operation("post", "/training/sessions/<int:session_id>/roster", summary="Add a person to the roster",
           tag="training", body=RosterEntryCreate, response=RosterEntryOut, status=201)
def add_training_roster_entry(session_id, body):
    session = services.get_session(actor(), session_id)
    return jsonify(roster_dict(services.add_roster_entry(actor(), session, body_data(body)))), 201


@operation("patch", "/training/sessions/<int:session_id>/roster/<int:entry_id>", summary="Edit a roster entry",
           tag="training", body=RosterEntryPatch, response=RosterEntryOut)
def patch_training_roster_entry(session_id, entry_id, body):
    session = services.get_session(actor(), session_id)
    entry = services.get_roster_entry(actor(), session, entry_id)
    return jsonify(roster_dict(services.update_roster_entry(actor(), entry, body_data(body))))


@operation("delete", "/training/sessions/<int:session_id>/roster/<int:entry_id>", summary="Remove a roster entry",
           tag="training", status=204)
def delete_training_roster_entry(session_id, entry_id):
    session = services.get_session(actor(), session_id)
    services.delete_roster_entry(actor(), services.get_roster_entry(actor(), session, entry_id))
    return no_content()


# ---- certificates ------------------------------------------------------------------------------

certificates = RecordOperations("/training/certificates", "training_certificate", id_name="certificate_id",
                                tag="training", out=CertificateOut, to_dict=certificate_dict,
                                get=services.get_certificate)
certificates.list(services.list_certificates, CertificateQuery, "List certificates the user may see")
certificates.create(services.create_certificate, CertificateCreate,
                    "Record a certificate (level 1–5 or its Chinese name, e.g. 四级/中级工)")
certificates.read("A certificate (ID number masked)")
certificates.patch(services.update_certificate, CertificatePatch, "Edit a certificate")
certificates.delete(services.delete_certificate, "Delete a certificate")


# ---- requests ----------------------------------------------------------------------------------

training_requests = RecordOperations("/training/requests", "training_request", id_name="request_id", tag="training",
                                     out=TrainingRequestOut, to_dict=request_dict, get=request_services.get_request)
training_requests.list(request_services.list_requests, RequestQuery, "List training requests the user may see")


@operation("post", "/training/requests", tag="training", body=TrainingRequestCreate, response=TrainingRequestOut,
           status=201, summary="File a training request (enterprise; the secretariat passes enterprise_id)")
def create_training_request(body):
    data = body_data(body)
    enterprise_id = data.pop("enterprise_id", None)  # the secretariat files for an enterprise
    req = request_services.create_request(actor(), api_consortium(), data, enterprise_id=enterprise_id)
    return jsonify(request_dict(req)), 201


training_requests.read("A training request")
training_requests.patch(request_services.update_request, TrainingRequestPatch, "Edit a request before it is planned")


@operation("post", "/training/requests/<int:request_id>/assign", tag="training", body=Assign,
           response=TrainingRequestOut, summary="Assign a member school to the request (secretariat)")
def assign_training_request(request_id, body):
    req = request_services.get_request(actor(), request_id)
    return jsonify(request_dict(request_services.assign_request(actor(), req, body.provider_id)))


@operation("post", "/training/requests/<int:request_id>/plan", tag="training", body=TrainingPlan,
           body_optional=True, response=Planned, status=201,
           summary="Answer the request with a planned session (the assigned school)")
def plan_training_request(request_id, body):
    req = request_services.get_request(actor(), request_id)
    data = {**request_services.plan_defaults(req), **body_data(body)}
    session = request_services.plan_request(actor(), api_consortium(), req, data)
    return jsonify({"request": request_dict(req), "session": session_dict(session)}), 201


@operation("post", "/training/requests/<int:request_id>/cancel", summary="Cancel a request not yet planned",
           tag="training", response=TrainingRequestOut)
def cancel_training_request(request_id):
    req = request_services.get_request(actor(), request_id)
    return jsonify(request_dict(request_services.cancel_request(actor(), req)))


# ---- figures -----------------------------------------------------------------------------------

@operation("get", "/training/figures", tag="training", query=FiguresQuery, response=Figures,
           summary="The book's training figures for a year (this year if none), with the records behind each "
                   "(secretariat)")
def training_figures(query):
    consortium = api_consortium()
    require_consortium_admin(actor(), consortium.id)
    year = query.year or today().year
    figures = reports.training_figures(consortium.id, year)
    return jsonify({"year": year, "metrics": {k: serialize(f.value) for k, f in figures.items()},
                    "records": {k: f.record_ids for k, f in figures.items()}})
