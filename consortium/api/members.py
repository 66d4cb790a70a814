"""API endpoints for the consortium profile and its member organizations."""
from flask import jsonify, request

from ..members import services
from ..members.models import Member
from .blueprint import bp
from .core import actor, api_consortium, json_body, paged, parse_fields, serialize

MEMBER_SPEC = {"name": "str", "type": "str", "role": "str", "city": "str", "students": "int", "sector": "str",
               "joined_date": "date", "left_date": "date", "contact_name": "str", "contact_phone": "str", "notes": "str"}
PROFILE_SPEC = {"name": "str", "city": "str", "established_date": "date", "park_name": "str",
                "leading_industries": "str", "leader_name": "str", "leader_title": "str", "leader_contact": "str",
                "secretariat_host": "str", "secretariat_head": "str", "office_area": "decimal",
                "secretariat_phone": "str", "staff_total": "int", "staff_full_time": "int", "staff_part_time": "int",
                "staff_names": "str"}
ENTERPRISE_YEAR_SPEC = {"employees": "int", "assets": "decimal", "sales": "decimal", "main_revenue": "decimal",
                        "coop_benefit": "decimal"}


def member_dict(member: Member) -> dict:
    return {"id": member.id, **{k: serialize(getattr(member, k)) for k in MEMBER_SPEC}}


def consortium_dict(consortium) -> dict:
    return {"id": consortium.id, **{k: serialize(getattr(consortium, k)) for k in PROFILE_SPEC},
            "years": [{"year": y.year, **{k: serialize(getattr(y, k)) for k in services.YEAR_FIELDS}}
                      for y in consortium.years]}


@bp.get("/consortium")
def get_consortium_profile():
    consortium = api_consortium()
    services.require_directory_access(actor(), consortium.id)
    return jsonify(consortium_dict(consortium))


@bp.patch("/consortium")
def patch_consortium_profile():
    consortium = api_consortium()
    data = parse_fields(json_body(), PROFILE_SPEC)
    current = {k: getattr(consortium, k) for k in PROFILE_SPEC}
    services.update_profile(actor(), consortium, {**current, **data})
    return jsonify(consortium_dict(consortium))


@bp.get("/members")
def list_members():
    consortium = api_consortium()
    filters = {key: request.args.get(key, "") for key in ("q", "type", "role", "city", "status")}
    stmt = services.list_members(actor(), consortium.id, year=request.args.get("year", type=int), **filters)
    return jsonify(paged(stmt, member_dict))


@bp.post("/members")
def create_member():
    consortium = api_consortium()
    member = services.create_member(actor(), consortium, parse_fields(json_body(), MEMBER_SPEC))
    return jsonify(member_dict(member)), 201


@bp.get("/members/<int:member_id>")
def get_member(member_id):
    return jsonify(member_dict(services.get_member(actor(), member_id)))


@bp.patch("/members/<int:member_id>")
def patch_member(member_id):
    member = services.get_member(actor(), member_id)
    member = services.update_member(actor(), member, parse_fields(json_body(), MEMBER_SPEC))
    return jsonify(member_dict(member))


@bp.post("/members/<int:member_id>/leave")
def leave_member(member_id):
    member = services.get_member(actor(), member_id)
    data = parse_fields(json_body(), {"left_date": "date"})
    services.leave_member(actor(), member, data.get("left_date"))
    return jsonify(member_dict(member))


@bp.get("/members/<int:member_id>/years")
def list_enterprise_years(member_id):
    member = services.get_member(actor(), member_id)
    rows = services.enterprise_years(actor(), member)
    return jsonify({"items": [{"year": r.year, **{k: serialize(getattr(r, k)) for k in ENTERPRISE_YEAR_SPEC}}
                              for r in rows]})


@bp.put("/members/<int:member_id>/years/<int:year>")
def put_enterprise_year(member_id, year):
    member = services.get_member(actor(), member_id)
    row = services.save_enterprise_year(actor(), member, year, parse_fields(json_body(), ENTERPRISE_YEAR_SPEC))
    return jsonify({"year": row.year, **{k: serialize(getattr(row, k)) for k in ENTERPRISE_YEAR_SPEC}})
