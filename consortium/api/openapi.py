"""The OpenAPI 3 document of /api/v1/, built from a small table of operations."""

ERROR = {"$ref": "#/components/schemas/Error"}


def _op(summary, tag, *, body=None, response=None, params=(), status="200", public=False):
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


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


S = {"type": "string"}
I = {"type": "integer"}
N = {"type": "number"}
D = {"type": "string", "format": "date"}

MEMBER_PROPS = {"name": S, "type": {"type": "string", "enum": ["secondary_vocational", "higher_vocational",
                "undergraduate", "government", "enterprise", "research", "other"]},
                "role": {"type": "string", "enum": ["lead_school", "lead_enterprise", "park", "member"]},
                "city": S, "students": I, "sector": {"type": "string", "enum": ["industrial", "wholesale", "retail",
                "lodging", "catering", "other"]}, "joined_date": D, "left_date": D, "contact_name": S,
                "contact_phone": S, "notes": S}
LIST_PARAMS = (("page", "query", "integer"), ("per_page", "query", "integer"))
MEMBER_ID = (("member_id", "path", "integer"),)

# (path, method, operation). Feature modules append their operations to this list.
OPERATIONS = [
    ("/tokens", "post", _op("Issue a bearer token for a username and password", "auth", status="201",
                            body={"type": "object", "required": ["username", "password"],
                                  "properties": {"username": S, "password": S, "name": S}}, public=True)),
    ("/me", "get", _op("The signed-in user", "auth")),
    ("/consortium", "get", _op("The consortium profile", "consortium", response=_ref("Consortium"))),
    ("/consortium", "patch", _op("Edit the consortium profile (secretariat)", "consortium", body=_ref("Consortium"),
                                 response=_ref("Consortium"))),
    ("/members", "get", _op("List member organizations", "members",
                            params=LIST_PARAMS + (("q", "query", "string"), ("type", "query", "string"),
                                                  ("role", "query", "string"), ("city", "query", "string"),
                                                  ("status", "query", "string"), ("year", "query", "integer")))),
    ("/members", "post", _op("Add a member organization (secretariat)", "members", body=_ref("Member"),
                             response=_ref("Member"), status="201")),
    ("/members/{member_id}", "get", _op("A member organization", "members", params=MEMBER_ID, response=_ref("Member"))),
    ("/members/{member_id}", "patch", _op("Edit a member organization", "members", params=MEMBER_ID,
                                          body=_ref("Member"), response=_ref("Member"))),
    ("/members/{member_id}/leave", "post", _op("Record that a member left", "members", params=MEMBER_ID,
                                               body={"type": "object", "properties": {"left_date": D}})),
    ("/members/{member_id}/years", "get", _op("An enterprise's yearly figures", "members", params=MEMBER_ID)),
    ("/members/{member_id}/years/{year}", "put", _op(
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
