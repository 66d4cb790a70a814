"""The OpenAPI 3 document of /api/v1/, built from a small table of operations."""
from .. import vocab


ERROR = {"$ref": "#/components/schemas/Error"}


def op(summary, tag, *, body=None, response=None, params=(), status="200", public=False):
    op = {"summary": summary, "tags": [tag],
          "responses": {status: {"description": "OK", "content": {"application/json": {"schema": response or {"type": "object"}}}},
                        "400": {"description": "Bad JSON", "content": {"application/json": {"schema": ERROR}}},
                        "401": {"description": "No or bad token", "content": {"application/json": {"schema": ERROR}}},
                        "403": {"description": "Not allowed", "content": {"application/json": {"schema": ERROR}}},
                        "404": {"description": "Not found", "content": {"application/json": {"schema": ERROR}}},
                        "422": {"description": "Invalid fields", "content": {"application/json": {"schema": ERROR}}}}}
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if params:
        op["parameters"] = [{"name": n, "in": where, "required": where == "path", "schema": {"type": t}}
                            for n, where, t in params]
    if public:
        op["security"] = []
    return op


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


S = {"type": "string"}
I = {"type": "integer"}
N = {"type": "number"}
D = {"type": "string", "format": "date"}



def enum(voc: vocab.Vocabulary) -> dict:
    """A string property limited to a vocabulary's keys."""
    return {"type": "string", "enum": list(voc)}


MEMBER_PROPS = {"name": S, "type": enum(vocab.MEMBER_TYPES), "role": enum(vocab.MEMBER_ROLES),
                "city": S, "students": I, "sector": enum(vocab.SECTORS), "joined_date": D, "left_date": D,
                "contact_name": S, "contact_phone": S, "notes": S}
LIST_PARAMS = (("page", "query", "integer"), ("per_page", "query", "integer"))
MEMBER_ID = (("member_id", "path", "integer"),)

# (path, method, operation). Feature modules append their operations to this list.
OPERATIONS = [
    ("/tokens", "post", op("Issue a bearer token for a username and password", "auth", status="201",
                            body={"type": "object", "required": ["username", "password"],
                                  "properties": {"username": S, "password": S, "name": S}}, public=True)),
    ("/me", "get", op("The signed-in user", "auth")),
    ("/consortium", "get", op("The consortium profile", "consortium", response=ref("Consortium"))),
    ("/consortium", "patch", op("Edit the consortium profile (secretariat)", "consortium", body=ref("Consortium"),
                                 response=ref("Consortium"))),
    ("/members", "get", op("List member organizations", "members",
                            params=LIST_PARAMS + (("q", "query", "string"), ("type", "query", "string"),
                                                  ("role", "query", "string"), ("city", "query", "string"),
                                                  ("status", "query", "string"), ("year", "query", "integer")))),
    ("/members", "post", op("Add a member organization (secretariat)", "members", body=ref("Member"),
                             response=ref("Member"), status="201")),
    ("/members/{member_id}", "get", op("A member organization", "members", params=MEMBER_ID, response=ref("Member"))),
    ("/members/{member_id}", "patch", op("Edit a member organization", "members", params=MEMBER_ID,
                                          body=ref("Member"), response=ref("Member"))),
    ("/members/{member_id}/leave", "post", op("Record that a member left", "members", params=MEMBER_ID,
                                               body={"type": "object", "properties": {"left_date": D}})),
    ("/members/{member_id}/years", "get", op("An enterprise's yearly figures", "members", params=MEMBER_ID)),
    ("/members/{member_id}/years/{year}", "put", op(
        "Create or replace an enterprise's figures for a year", "members",
        params=MEMBER_ID + (("year", "path", "integer"),),
        body={"type": "object", "properties": {"employees": I, "assets": N, "sales": N, "main_revenue": N,
                                               "coop_benefit": N}})),
]

SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": S, "message": S, "fields": {"type": "object", "additionalProperties": S}}}}},
    "Member": {"type": "object", "properties": {"id": I, **MEMBER_PROPS}},
    "Student": {"type": "object", "properties": {
        "id": I, "school_id": I, "student_no": S, "name": S, "id_number": S, "gender": S, "phone": S, "major": S,
        "major_code": S, "skills": {"type": "array", "items": S}, "city": S, "enrol_year": I, "graduation_year": I,
        "pathway": S, "admission_route": S, "outcome": S, "outcome_city": S, "available_from": D,
        "available_to": D}},
    "Position": {"type": "object", "properties": {
        "id": I, "enterprise_id": I, "code": S, "kind": enum(vocab.POSITION_KINDS), "title": S,
        "majors": {"type": "array", "items": S}, "skills": {"type": "array", "items": S}, "city": S, "slots": I,
        "filled": I, "start_date": D, "end_date": D, "late_join_days": I, "description": S,
        "status": enum(vocab.POSITION_STATUSES)}},
    "Consortium": {"type": "object", "properties": {
        "id": I, "name": S, "city": S, "established_date": D, "park_name": S, "leading_industries": S,
        "leader_name": S, "leader_title": S, "leader_contact": S, "secretariat_host": S, "secretariat_head": S,
        "office_area": N, "secretariat_phone": S, "staff_total": I, "staff_full_time": I, "staff_part_time": I,
        "staff_names": S, "years": {"type": "array", "items": {"type": "object"}}}},
}


def openapi_document() -> dict:
    paths: dict = {}
    for path, method, op in OPERATIONS:
        paths.setdefault(path, {})[method] = op
    return {
        "openapi": "3.0.3",
        "info": {"title": "市域产教联合体平台 API", "version": "1.0.0",
                 "description": "JSON API of the consortium platform. Authenticate with `Authorization: Bearer <token>`."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}, "schemas": SCHEMAS},
    }


# ---- training (issue 6) ----
_SESSION_ID = (("session_id", "path", "integer"),)
_ENTRY_ID = _SESSION_ID + (("entry_id", "path", "integer"),)
_CERT_ID = (("certificate_id", "path", "integer"),)
_REQUEST_ID = (("request_id", "path", "integer"),)
SCHEMAS.update({
    "TrainingSession": {"type": "object", "properties": {
        "id": I, "code": S, "title": S, "kind": enum(vocab.TRAINING_KINDS),
        "audience": enum(vocab.AUDIENCES), "provider_id": I, "provider_name": S, "host_id": I,
        "venue": S, "start_date": D, "end_date": D, "days": N, "hours": N, "participants": I, "plan_year": I,
        "notes": S, "request_id": I, "effective_days": N, "effective_participants": I, "person_days": N}},
    "RosterEntry": {"type": "object", "properties": {
        "id": I, "name": S, "id_number": S, "employer_id": I, "employer_name": S,
        "status": enum(vocab.COMPLETION)}},
    "Certificate": {"type": "object", "properties": {
        "id": I, "certificate_no": S, "holder_name": S, "holder_id_number": S, "name": S,
        "level": {"oneOf": [{"type": "integer", "minimum": 1, "maximum": 5}, S]}, "issued_date": D,
        "issuer_id": I, "issuer_name": S, "session_id": I}},
    "TrainingRequest": {"type": "object", "properties": {
        "id": I, "enterprise_id": I, "topic": S, "kind": enum(vocab.TRAINING_KINDS),
        "audience": enum(vocab.AUDIENCES), "headcount": I, "preferred_start": D,
        "preferred_end": D, "notes": S, "provider_id": I, "session_id": I,
        "status": enum(vocab.REQUEST_STATUSES)}},
})
OPERATIONS += [
    ("/training/sessions", "get", op("List training sessions the user may see", "training",
                                      params=LIST_PARAMS + (("year", "query", "integer"), ("kind", "query", "string"),
                                                            ("audience", "query", "string"), ("q", "query", "string")))),
    ("/training/sessions", "post", op("Record a training session (secretariat, or a school as its provider)",
                                       "training", body=ref("TrainingSession"), response=ref("TrainingSession"),
                                       status="201")),
    ("/training/sessions/{session_id}", "get", op("A session with its certificates issued and pass rate", "training",
                                                   params=_SESSION_ID, response=ref("TrainingSession"))),
    ("/training/sessions/{session_id}", "patch", op("Edit a session", "training", params=_SESSION_ID,
                                                     body=ref("TrainingSession"), response=ref("TrainingSession"))),
    ("/training/sessions/{session_id}", "delete", op("Delete a session and its roster", "training",
                                                      params=_SESSION_ID, status="204")),
    ("/training/sessions/{session_id}/roster", "get", op("A session's roster (ID numbers masked)", "training",
                                                          params=_SESSION_ID)),
    ("/training/sessions/{session_id}/roster", "post", op("Add a person to the roster", "training",
                                                           params=_SESSION_ID, body=ref("RosterEntry"),
                                                           response=ref("RosterEntry"), status="201")),
    ("/training/sessions/{session_id}/roster/{entry_id}", "patch", op("Edit a roster entry", "training",
                                                                       params=_ENTRY_ID, body=ref("RosterEntry"),
                                                                       response=ref("RosterEntry"))),
    ("/training/sessions/{session_id}/roster/{entry_id}", "delete", op("Remove a roster entry", "training",
                                                                        params=_ENTRY_ID, status="204")),
    ("/training/certificates", "get", op("List certificates the user may see", "training",
                                          params=LIST_PARAMS + (("year", "query", "integer"), ("q", "query", "string"),
                                                                ("session_id", "query", "integer")))),
    ("/training/certificates", "post", op("Record a certificate", "training", body=ref("Certificate"),
                                           response=ref("Certificate"), status="201")),
    ("/training/certificates/{certificate_id}", "get", op("A certificate (ID number masked)", "training",
                                                           params=_CERT_ID, response=ref("Certificate"))),
    ("/training/certificates/{certificate_id}", "patch", op("Edit a certificate", "training", params=_CERT_ID,
                                                             body=ref("Certificate"), response=ref("Certificate"))),
    ("/training/certificates/{certificate_id}", "delete", op("Delete a certificate", "training", params=_CERT_ID,
                                                              status="204")),
    ("/training/requests", "get", op("List training requests the user may see", "training",
                                      params=LIST_PARAMS + (("status", "query", "string"),))),
    ("/training/requests", "post", op("File a training request (enterprise; the secretariat passes enterprise_id)",
                                       "training", body=ref("TrainingRequest"), response=ref("TrainingRequest"),
                                       status="201")),
    ("/training/requests/{request_id}", "get", op("A training request", "training", params=_REQUEST_ID,
                                                   response=ref("TrainingRequest"))),
    ("/training/requests/{request_id}", "patch", op("Edit a request before it is planned", "training",
                                                     params=_REQUEST_ID, body=ref("TrainingRequest"),
                                                     response=ref("TrainingRequest"))),
    ("/training/requests/{request_id}/assign", "post", op(
        "Assign a member school to the request (secretariat)", "training", params=_REQUEST_ID,
        body={"type": "object", "required": ["provider_id"], "properties": {"provider_id": I}})),
    ("/training/requests/{request_id}/plan", "post", op(
        "Answer the request with a planned session (the assigned school)", "training", params=_REQUEST_ID,
        body=ref("TrainingSession"), status="201")),
    ("/training/requests/{request_id}/cancel", "post", op("Cancel a request not yet planned", "training",
                                                           params=_REQUEST_ID)),
    ("/training/figures", "get", op("The book's training figures for a year, with the records behind each "
                                     "(secretariat)", "training", params=(("year", "query", "integer"),))),
]


# Teacher exchange (兼职授课): consortium/api/teachers.py
ENGAGEMENT_ID = (("engagement_id", "path", "integer"),)
ENGAGEMENT_BODY = {"type": "object", "properties": {"teacher_id": I, "host_id": I, "course": S, "start_date": D,
                                                    "end_date": D, "class_hours": N}}
OPERATIONS += [
    ("/engagements", "get", op("List part-time teaching engagements (sent and received)", "engagements",
                                params=LIST_PARAMS + (("year", "query", "integer"), ("side", "query", "string"),
                                                      ("teacher_id", "query", "integer"),
                                                      ("confirmed", "query", "string")))),
    ("/engagements", "post", op("Record an engagement for one of the employer's teachers", "engagements",
                                 body=ENGAGEMENT_BODY, response=ref("Engagement"), status="201")),
    ("/engagements/{engagement_id}", "get", op("An engagement with its logged sessions", "engagements",
                                                params=ENGAGEMENT_ID, response=ref("Engagement"))),
    ("/engagements/{engagement_id}", "patch", op("Edit an engagement (employer; withdraws the host's confirmation)",
                                                  "engagements", params=ENGAGEMENT_ID, body=ENGAGEMENT_BODY,
                                                  response=ref("Engagement"))),
    ("/engagements/{engagement_id}/confirm", "post", op("The host school confirms the engagement and its hours",
                                                         "engagements", params=ENGAGEMENT_ID,
                                                         response=ref("Engagement"))),
    ("/engagements/{engagement_id}/sessions", "post", op(
        "Log one teaching session", "engagements", params=ENGAGEMENT_ID, status="201",
        body={"type": "object", "required": ["date", "hours"], "properties": {"date": D, "hours": N, "topic": S}})),
]
SCHEMAS["Engagement"] = {"type": "object", "properties": {
    "id": I, "teacher_id": I, "employer_id": I, "host_id": I, "course": S, "start_date": D, "end_date": D,
    "class_hours": N, "total_hours": N, "hours_source": {"type": "string", "enum": ["logged", "declared"]},
    "kind": {"type": "string", "nullable": True, "enum": ["enterprise_part_time", "inter_school_part_time", None]},
    "confirmed_by_host": {"type": "boolean"}, "confirmed_at": {"type": "string", "format": "date-time"},
    "sessions": {"type": "array", "items": {"type": "object", "properties": {"id": I, "date": D, "hours": N,
                                                                              "topic": S}}}}}
