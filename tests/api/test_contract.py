"""The API as a contract: every input range-checked where it enters, and a document that tells the truth.

Each test here pins one cause of a 5xx or one gap between the document and the server.
"""
import pytest

BIG = 2**63  # overflows SQLite's integers
ID_LIMIT = 2**31  # one above PostgreSQL's integer, the type of every id column
YEAR_LISTS = ["/api/v1/members", "/api/v1/training/sessions", "/api/v1/training/certificates", "/api/v1/engagements",
              "/api/v1/resources", "/api/v1/rd-projects", "/api/v1/outputs", "/api/v1/demand-reports",
              "/api/v1/training/figures", "/api/v1/students?graduation_year={}"]


def _url(path, year):
    return path.format(year) if "{}" in path else f"{path}?year={year}"


# ---- 1. years --------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", YEAR_LISTS)
@pytest.mark.parametrize("year", ["10000", "-1", "0", "99999999999999999999", "abc", "1899", "2101"])
def test_year_out_of_range_is_422_naming_it(api, world, path, year):
    r = api("admin").get(_url(path, year))
    assert r.status_code == 422, r.text
    field = "graduation_year" if "graduation_year" in path else "year"
    assert list(r.json["error"]["fields"]) == [field]


@pytest.mark.parametrize("path", YEAR_LISTS)
def test_year_in_range_is_accepted(api, world, path):
    assert api("admin").get(_url(path, "2024")).status_code == 200
    assert api("admin").get(_url(path, "1900")).status_code == 200


@pytest.fixture
def pages(browser, world):
    """The secretariat signed in to the web pages."""
    browser.login("admin")
    return browser


@pytest.mark.parametrize("url", ["/consortium?year=10000", "/training/sessions?year=10000", "/engagements?year=10000",
                                 "/records/resources?year=10000", "/consortium?year=abc", "/stats/year?year=10000",
                                 "/training/certificates?year=99999999999999999999", "/students?graduation_year=0"])
def test_pages_refuse_a_bad_year_with_a_422(pages, url):
    r = pages.get(url)
    assert r.status_code == 422, (url, r.status_code)


def test_enterprise_year_path_is_range_checked(api, world):
    r = api("ent_a").put(f"/api/v1/members/{world.enterprise}/years/10000", json={"employees": 1})
    assert r.status_code == 422 and "year" in r.json["error"]["fields"]


# ---- 2. path ids -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/v1/positions/{}", "/api/v1/members/{}", "/api/v1/students/{}",
                                  "/api/v1/training/certificates/{}", "/api/v1/engagements/{}"])
@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_path_id_beyond_bigint_is_404_like_any_unknown_id(api, world, path, method):
    admin = api("admin")
    for ident in (ID_LIMIT - 1, ID_LIMIT, BIG - 1, BIG, 10**30):
        r = getattr(admin, method)(path.format(ident), json={})
        assert r.status_code in (404, 405, 422), (ident, r.status_code)
        if ident >= ID_LIMIT:
            # No rule matches, whatever the method: not a 405 for the path's other methods.
            assert r.status_code == 404 and r.json["error"]["code"] == "not_found"


def test_page_with_huge_id_is_404(pages):
    assert pages.get(f"/positions/{BIG}").status_code == 404
    assert pages.get(f"/positions/{ID_LIMIT}").status_code == 404
    assert pages.get(f"/positions/{ID_LIMIT - 1}").status_code == 404


# ---- 3. integers in bodies -----------------------------------------------------------------------------

def test_body_integers_are_ranged(api, world):
    admin = api("admin")
    for big in (BIG, ID_LIMIT):
        r = admin.post("/api/v1/students", json={"school_id": big, "student_no": "S1", "name": "张三", "major": "机电"})
        assert r.status_code == 422 and list(r.json["error"]["fields"]) == ["school_id"]
    r = admin.get(f"/api/v1/positions?enterprise_id={ID_LIMIT}")
    assert r.status_code == 422 and list(r.json["error"]["fields"]) == ["enterprise_id"]
    r = admin.post("/api/v1/members", json={"name": "甲", "type": "higher_vocational", "joined_date": "2024-01-01",
                                            "students": 2**31})
    assert r.status_code == 422 and list(r.json["error"]["fields"]) == ["students"]
    r = admin.post("/api/v1/positions", json={"enterprise_id": world.enterprise, "kind": "internship", "title": "t",
                                              "start_date": "2024-01-01", "slots": BIG})
    assert r.status_code == 422 and "slots" in r.json["error"]["fields"]


def test_integral_floats_count_as_integers(api, world):
    r = api("admin").post("/api/v1/members", json={"name": "乙学校", "type": "higher_vocational",
                                                   "joined_date": "2024-01-01", "students": 1200.0})
    assert r.status_code == 201 and r.json["students"] == 1200
    r = api("admin").post("/api/v1/members", json={"name": "丙学校", "type": "higher_vocational",
                                                   "joined_date": "2024-01-01", "students": 1200.5})
    assert r.status_code == 422 and list(r.json["error"]["fields"]) == ["students"]


# ---- 4. pages of results ---------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["page=9223372036854775807", "page=0", "page=abc", "per_page=-5", "per_page=201",
                                   "per_page=abc", "page=1&page=2"])
def test_bad_page_parameters_are_refused(api, world, query):
    r = api("admin").get(f"/api/v1/members?{query}")
    assert r.status_code == 422
    assert set(r.json["error"]["fields"]) <= {"page", "per_page"} and r.json["error"]["fields"]


def test_pages_with_a_huge_page_number_do_not_fail(pages):
    assert pages.get("/positions?page=99999999999999999999").status_code == 422
    assert pages.get("/positions?page=9223372036854775807").status_code == 422
    assert pages.get("/positions?page=100000").status_code == 200


# ---- bad query values are refused, not ignored -------------------------------------------------------------

@pytest.mark.parametrize("query, field", [("year=abc", "year"), ("type=spaceship", "type"), ("status=gone", "status"),
                                          ("q=" + "x" * 201, "q")])
def test_bad_query_values_are_refused(api, world, query, field):
    r = api("admin").get(f"/api/v1/members?{query}")
    assert r.status_code == 422 and list(r.json["error"]["fields"]) == [field]
    assert r.json["error"]["code"] == "invalid_input"


def test_full_width_digits_are_normalised_before_the_check(pages, api):
    assert pages.get("/consortium?year=２０２４").status_code == 200
    assert api("admin").get("/api/v1/members?year=２０２４").status_code == 200


# ---- strings have their column's length ---------------------------------------------------------------------

def test_long_strings_are_422_naming_the_field(api, world):
    admin = api("admin")
    r = admin.post("/api/v1/positions", json={"enterprise_id": world.enterprise, "kind": "internship",
                                              "title": "岗" * 600, "city": "市" * 600, "start_date": "2024-01-01"})
    assert r.status_code == 422 and set(r.json["error"]["fields"]) == {"title", "city"}
    r = admin.patch(f"/api/v1/members/{world.school}", json={"city": "x" * 51})
    assert r.status_code == 422 and r.json["error"]["fields"]["city"] == "不超过 50 个字符"
    r = admin.patch(f"/api/v1/members/{world.school}", json={"city": "x" * 50})
    assert r.status_code == 200


def test_nul_and_control_characters_do_not_reach_the_database(api, world):
    r = api("admin").patch(f"/api/v1/members/{world.school}", json={"city": "郑\u0000州\u0007市"})
    assert r.status_code == 200 and r.json["city"] == "郑州市"


# ---- request schemas ------------------------------------------------------------------------------------------

def _doc(client):
    return client.get("/api/v1/openapi.json").json


def _resolve(doc, schema):
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _request_schema(doc, path, method):
    return _resolve(doc, doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"])


def test_every_body_taking_operation_declares_its_body(client):
    doc = _doc(client)
    for path, method in [("/placements", "post"), ("/programmes", "post"), ("/teachers", "post"),
                         ("/programmes/{programme_id}", "patch"), ("/teachers/{teacher_id}", "patch"),
                         ("/placements/{placement_id}/compliance", "patch"),
                         ("/applications/{application_id}/decision", "post"),
                         ("/placements/{placement_id}/override", "post"),
                         ("/placements/{placement_id}/status", "post")]:
        schema = _request_schema(doc, path, method)
        assert schema["type"] == "object" and schema["properties"], (path, method)


def test_request_schemas_forbid_extras_and_exclude_server_fields(client):
    doc = _doc(client)
    bodies = 0
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if "requestBody" not in op:
                continue
            bodies += 1
            schema = _request_schema(doc, path, method)
            assert schema["additionalProperties"] is False, (path, method)
            assert "id" not in schema["properties"], (path, method)
            for server_set in ("filled", "open_slots", "total_hours", "confirmed_by_host", "created_at", "status_label"):
                assert server_set not in schema["properties"], (path, method, server_set)
    assert bodies >= 40


def test_required_fields_are_declared_and_enforced(client, api, world):
    doc = _doc(client)
    assert set(_request_schema(doc, "/engagements", "post")["required"]) == {
        "teacher_id", "host_id", "course", "start_date"}
    r = api("admin").post("/api/v1/engagements", json={})
    assert r.status_code == 422
    assert set(r.json["error"]["fields"]) == {"teacher_id", "host_id", "course", "start_date"}
    assert set(r.json["error"]["fields"].values()) == {"必填"}


def test_unknown_fields_are_declared_forbidden_and_refused(api, world):
    r = api("admin").patch(f"/api/v1/members/{world.school}", json={"colour": "blue"})
    assert r.status_code == 422 and r.json["error"]["fields"] == {"colour": "未知字段"}


def test_request_ranges_and_lengths_come_from_the_columns(client):
    doc = _doc(client)
    member = _request_schema(doc, "/members", "post")["properties"]
    assert member["name"]["maxLength"] == 200
    assert member["students"]["anyOf"][0]["maximum"] == 2**31 - 1
    assert member["type"]["enum"][0] == "secondary_vocational"
    session = _request_schema(doc, "/engagements/{engagement_id}/sessions", "post")["properties"]
    assert session["hours"]["exclusiveMinimum"] == 0 and session["hours"]["maximum"] == 24


# ---- response schemas ------------------------------------------------------------------------------------------

def test_no_bare_object_schemas_in_the_document(client):
    doc = _doc(client)

    def walk(node, where):
        if isinstance(node, dict):
            if node.get("type") == "object":
                assert node.get("properties") or node.get("additionalProperties") not in (None, True), where
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    walk(doc, "#")
    for path, item in doc["paths"].items():
        for method, op in item.items():
            ok = [s for s in op["responses"] if s.startswith("2")]
            assert len(ok) == 1
            if ok[0] == "204":
                assert "content" not in op["responses"]["204"]
            else:
                assert op["responses"][ok[0]]["content"]["application/json"]["schema"]["$ref"], (path, method)


def test_nullable_fields_are_nullable(client):
    schemas = _doc(client)["components"]["schemas"]
    sector = schemas["Member"]["properties"]["sector"]
    assert {"type": "null"} in sector["anyOf"] and any("enum" in s for s in sector["anyOf"])
    confirmed = schemas["Engagement"]["properties"]["confirmed_at"]
    assert {"type": "string", "format": "date-time"} in confirmed["anyOf"] and {"type": "null"} in confirmed["anyOf"]


# ---- statuses ----------------------------------------------------------------------------------------------------

def test_every_operation_documents_every_error_status(client):
    from consortium.api.contract import OPERATIONS

    doc = _doc(client)
    count = 0
    for item in doc["paths"].values():
        for op in item.values():
            count += 1
            for status in ("400", "401", "403", "404", "405", "409", "413", "422", "429"):
                response = doc["components"]["responses"][op["responses"][status]["$ref"].rsplit("/", 1)[1]]
                assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert count == len(OPERATIONS) >= 87


def test_405_keeps_its_allow_header(api, world):
    r = api("admin").put("/api/v1/members")
    assert r.status_code == 405 and r.json["error"]["code"] == "method_not_allowed"
    assert {"GET", "POST"} <= {m.strip() for m in r.headers["Allow"].split(",")}


def test_204_has_no_body_and_no_content_type(api, world):
    admin = api("admin")
    rid = admin.post("/api/v1/demand-reports", json={"title": "报告"}).json["id"]
    r = admin.delete(f"/api/v1/demand-reports/{rid}")
    assert r.status_code == 204 and r.data == b"" and "Content-Type" not in r.headers


def test_shipped_copy_of_the_document_is_current(client):
    """docs/openapi.json is what /api/v1/openapi.json serves (run scripts/export_openapi.py after a change)."""
    import json
    from pathlib import Path

    shipped = json.loads((Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert shipped == client.get("/api/v1/openapi.json").json


def test_services_check_text_lengths_for_every_caller(db):
    """A 600-character city reaching a service (page, import or API) is a ValidationError naming it, not a
    database error at flush on PostgreSQL."""
    from datetime import date

    from consortium.errors import ValidationError
    from consortium.jobs import positions as jobs
    from consortium.members import services as members
    from tests import factories

    w = factories.build_world()
    with pytest.raises(ValidationError) as caught:
        members.update_member(w.admin, w.school, {"city": "市" * 600})
    assert caught.value.fields == {"city": "不超过 50 个字符"}
    with pytest.raises(ValidationError) as caught:
        jobs.create_position(w.admin, w.enterprise, {"code": "P600", "kind": "internship", "title": "岗" * 600,
                                                     "slots": 1, "start_date": date(2024, 1, 1)})
    assert "title" in caught.value.fields
