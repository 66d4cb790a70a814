"""API endpoints for training sessions and their rosters, certificates, training requests and figures."""
from flask import jsonify, request

from ..access import require_consortium_admin
from ..training import reports, request_services, services
from ..timeutil import today
from ..training.models import Certificate, RosterEntry, TrainingRequest, TrainingSession
from .blueprint import bp
from .core import actor, api_consortium, filter_args, json_body, optional_year_arg, paged, parse_fields, serialize, year_arg

SESSION_SPEC = {"code": "str", "title": "str", "kind": "str", "audience": "str", "provider_id": "int",
                "provider_name": "str", "host_id": "int", "venue": "str", "start_date": "date", "end_date": "date",
                "days": "decimal", "hours": "decimal", "participants": "int", "plan_year": "int", "notes": "str"}
ROSTER_SPEC = {"name": "str", "id_number": "str", "employer_id": "int", "employer_name": "str", "status": "str"}
CERTIFICATE_SPEC = {"certificate_no": "str", "holder_name": "str", "holder_id_number": "str", "name": "str",
                    "issued_date": "date", "issuer_id": "int", "issuer_name": "str", "session_id": "int"}
REQUEST_SPEC = {"topic": "str", "kind": "str", "audience": "str", "headcount": "int", "preferred_start": "date",
                "preferred_end": "date", "notes": "str"}


def session_dict(s: TrainingSession) -> dict:
    return {"id": s.id, **{k: serialize(getattr(s, k)) for k in SESSION_SPEC}, "request_id": s.request_id,
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
            **{k: serialize(getattr(r, k)) for k in REQUEST_SPEC}, "status": r.status_on(today()),
            "provider_id": r.provider_id, "provider": r.provider.name if r.provider else None,
            "session_id": r.session.id if r.session else None}


def _certificate_fields(payload: dict) -> dict:
    """Level is 1–5 or its Chinese form (一级/高级技师 … 五级/初级工); the service reports a bad one."""
    has_level = "level" in payload
    level = payload.pop("level", None)
    data = parse_fields(payload, CERTIFICATE_SPEC)
    if has_level:
        data["level"] = level
    return data


# ---- sessions ----------------------------------------------------------------------------------

@bp.get("/training/sessions")
def list_training_sessions():
    consortium = api_consortium()
    stmt = services.list_sessions(actor(), consortium.id, year=optional_year_arg(),
                                  **{"kind": "", "audience": "", "q": "", **filter_args("kind", "audience", "q")})
    return jsonify(paged(stmt, session_dict))


@bp.post("/training/sessions")
def create_training_session():
    consortium = api_consortium()
    session = services.create_session(actor(), consortium, parse_fields(json_body(), SESSION_SPEC))
    return jsonify(session_dict(session)), 201


@bp.get("/training/sessions/<int:session_id>")
def get_training_session(session_id):
    session = services.get_session(actor(), session_id)
    return jsonify({**session_dict(session), "certificates_issued": services.session_certificate_count(session),
                    "pass_rate_pct": serialize(services.session_pass_rate(session))})


@bp.patch("/training/sessions/<int:session_id>")
def patch_training_session(session_id):
    session = services.get_session(actor(), session_id)
    session = services.update_session(actor(), session, parse_fields(json_body(), SESSION_SPEC))
    return jsonify(session_dict(session))


@bp.delete("/training/sessions/<int:session_id>")
def delete_training_session(session_id):
    services.delete_session(actor(), services.get_session(actor(), session_id))
    return "", 204


@bp.get("/training/sessions/<int:session_id>/roster")
def list_training_roster(session_id):
    session = services.get_session(actor(), session_id)
    return jsonify({"items": [roster_dict(e) for e in services.visible_roster(actor(), session)]})


@bp.post("/training/sessions/<int:session_id>/roster")
def add_training_roster_entry(session_id):
    session = services.get_session(actor(), session_id)
    entry = services.add_roster_entry(actor(), session, parse_fields(json_body(), ROSTER_SPEC))
    return jsonify(roster_dict(entry)), 201


@bp.patch("/training/sessions/<int:session_id>/roster/<int:entry_id>")
def patch_training_roster_entry(session_id, entry_id):
    session = services.get_session(actor(), session_id)
    entry = services.get_roster_entry(actor(), session, entry_id)
    entry = services.update_roster_entry(actor(), entry, parse_fields(json_body(), ROSTER_SPEC))
    return jsonify(roster_dict(entry))


@bp.delete("/training/sessions/<int:session_id>/roster/<int:entry_id>")
def delete_training_roster_entry(session_id, entry_id):
    session = services.get_session(actor(), session_id)
    services.delete_roster_entry(actor(), services.get_roster_entry(actor(), session, entry_id))
    return "", 204


# ---- certificates ------------------------------------------------------------------------------

@bp.get("/training/certificates")
def list_training_certificates():
    consortium = api_consortium()
    stmt = services.list_certificates(actor(), consortium.id, year=optional_year_arg(),
                                      q=filter_args("q").get("q", ""), session_id=request.args.get("session_id", type=int))
    return jsonify(paged(stmt, certificate_dict))


@bp.post("/training/certificates")
def create_training_certificate():
    consortium = api_consortium()
    cert = services.create_certificate(actor(), consortium, _certificate_fields(json_body()))
    return jsonify(certificate_dict(cert)), 201


@bp.get("/training/certificates/<int:certificate_id>")
def get_training_certificate(certificate_id):
    return jsonify(certificate_dict(services.get_certificate(actor(), certificate_id)))


@bp.patch("/training/certificates/<int:certificate_id>")
def patch_training_certificate(certificate_id):
    cert = services.get_certificate(actor(), certificate_id)
    cert = services.update_certificate(actor(), cert, _certificate_fields(json_body()))
    return jsonify(certificate_dict(cert))


@bp.delete("/training/certificates/<int:certificate_id>")
def delete_training_certificate(certificate_id):
    services.delete_certificate(actor(), services.get_certificate(actor(), certificate_id))
    return "", 204


# ---- requests ----------------------------------------------------------------------------------

@bp.get("/training/requests")
def list_training_requests():
    consortium = api_consortium()
    stmt = request_services.list_requests(actor(), consortium.id, status=filter_args("status").get("status", ""))
    return jsonify(paged(stmt, request_dict))


@bp.post("/training/requests")
def create_training_request():
    consortium = api_consortium()
    data = parse_fields(json_body(), {**REQUEST_SPEC, "enterprise_id": "int"})
    enterprise_id = data.pop("enterprise_id", None)  # the secretariat files for an enterprise
    req = request_services.create_request(actor(), consortium, data, enterprise_id=enterprise_id)
    return jsonify(request_dict(req)), 201


@bp.get("/training/requests/<int:request_id>")
def get_training_request(request_id):
    return jsonify(request_dict(request_services.get_request(actor(), request_id)))


@bp.patch("/training/requests/<int:request_id>")
def patch_training_request(request_id):
    req = request_services.get_request(actor(), request_id)
    req = request_services.update_request(actor(), req, parse_fields(json_body(), REQUEST_SPEC))
    return jsonify(request_dict(req))


@bp.post("/training/requests/<int:request_id>/assign")
def assign_training_request(request_id):
    req = request_services.get_request(actor(), request_id)
    data = parse_fields(json_body(), {"provider_id": "int"})
    return jsonify(request_dict(request_services.assign_request(actor(), req, data.get("provider_id"))))


@bp.post("/training/requests/<int:request_id>/plan")
def plan_training_request(request_id):
    """The assigned school answers with a session (same fields as a session; provider is the school)."""
    req = request_services.get_request(actor(), request_id)
    data = {**request_services.plan_defaults(req), **parse_fields(json_body(), SESSION_SPEC)}
    session = request_services.plan_request(actor(), api_consortium(), req, data)
    return jsonify({"request": request_dict(req), "session": session_dict(session)}), 201


@bp.post("/training/requests/<int:request_id>/cancel")
def cancel_training_request(request_id):
    req = request_services.get_request(actor(), request_id)
    return jsonify(request_dict(request_services.cancel_request(actor(), req)))


# ---- figures -----------------------------------------------------------------------------------

@bp.get("/training/figures")
def training_figures():
    """The book's training figures for ?year=Y with the ids of the records behind each (secretariat)."""
    consortium = api_consortium()
    require_consortium_admin(actor(), consortium.id)
    year = year_arg()
    figures = reports.training_figures(consortium.id, year)
    return jsonify({"year": year, "metrics": {k: serialize(f.value) for k, f in figures.items()},
                    "records": {k: f.record_ids for k, f in figures.items()}})
