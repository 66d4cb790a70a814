"""API endpoints for the consortium profile and its member organizations."""
from datetime import date

from flask import jsonify

from ..members import services
from ..members.models import Consortium, EnterpriseYear, Member
from ..vocab import MEMBER_ROLES, MEMBER_TYPES, SECTORS
from .contract import (Day, Enum, Nullable, PageQuery, RequestModel, ResponseModel, Text, Year, body_data,
                       column_type as col, operation, partial)
from .core import actor, api_consortium, serialize
from .crud import RecordOperations

# ---- declarations -------------------------------------------------------------------------------


class MemberCreate(RequestModel):
    name: col(Member.name, required=True)
    type: Enum(MEMBER_TYPES)
    role: Nullable[Enum(MEMBER_ROLES)] = None
    city: Nullable[col(Member.city)] = None
    students: Nullable[col(Member.students)] = None
    sector: Nullable[Enum(SECTORS)] = None
    joined_date: Day
    left_date: Nullable[Day] = None
    contact_name: Nullable[col(Member.contact_name)] = None
    contact_phone: Nullable[col(Member.contact_phone)] = None
    notes: Nullable[col(Member.notes)] = None


MemberPatch = partial(MemberCreate)


class MemberOut(ResponseModel):
    id: int
    name: str
    type: Enum(MEMBER_TYPES)
    role: Enum(MEMBER_ROLES)
    city: Nullable[str]
    students: Nullable[int]
    sector: Nullable[Enum(SECTORS)]
    joined_date: date
    left_date: Nullable[date]
    contact_name: Nullable[str]
    contact_phone: Nullable[str]
    notes: Nullable[str]


class MemberQuery(PageQuery):
    q: Nullable[Text(200)] = None
    type: Nullable[Enum(MEMBER_TYPES)] = None
    role: Nullable[Enum(MEMBER_ROLES)] = None
    city: Nullable[Text(50)] = None
    status: Nullable[Enum(("current", "left"))] = None
    year: Nullable[Year] = None


class LeaveRequest(RequestModel):
    left_date: Nullable[Day] = None


class ProfilePatch(RequestModel):
    name: Nullable[col(Consortium.name)] = None
    city: Nullable[col(Consortium.city)] = None
    established_date: Nullable[Day] = None
    park_name: Nullable[col(Consortium.park_name)] = None
    leading_industries: Nullable[col(Consortium.leading_industries)] = None
    leader_name: Nullable[col(Consortium.leader_name)] = None
    leader_title: Nullable[col(Consortium.leader_title)] = None
    leader_contact: Nullable[col(Consortium.leader_contact)] = None
    secretariat_host: Nullable[col(Consortium.secretariat_host)] = None
    secretariat_head: Nullable[col(Consortium.secretariat_head)] = None
    office_area: Nullable[col(Consortium.office_area)] = None
    secretariat_phone: Nullable[col(Consortium.secretariat_phone)] = None
    staff_total: Nullable[col(Consortium.staff_total)] = None
    staff_full_time: Nullable[col(Consortium.staff_full_time)] = None
    staff_part_time: Nullable[col(Consortium.staff_part_time)] = None
    staff_names: Nullable[col(Consortium.staff_names)] = None


class ConsortiumYearOut(ResponseModel):
    year: int
    planned_funds: Nullable[float]
    source_lead_unit: Nullable[float]
    source_government: Nullable[float]
    source_other_members: Nullable[float]
    source_other: Nullable[float]
    park_output_value: Nullable[float]


class ConsortiumOut(ResponseModel):
    id: int
    name: str
    city: str
    established_date: Nullable[date]
    park_name: Nullable[str]
    leading_industries: Nullable[str]
    leader_name: Nullable[str]
    leader_title: Nullable[str]
    leader_contact: Nullable[str]
    secretariat_host: Nullable[str]
    secretariat_head: Nullable[str]
    office_area: Nullable[float]
    secretariat_phone: Nullable[str]
    staff_total: Nullable[int]
    staff_full_time: Nullable[int]
    staff_part_time: Nullable[int]
    staff_names: Nullable[str]
    years: list[ConsortiumYearOut]


class EnterpriseYearIn(RequestModel):
    employees: Nullable[col(EnterpriseYear.employees)] = None
    assets: Nullable[col(EnterpriseYear.assets)] = None
    sales: Nullable[col(EnterpriseYear.sales)] = None
    main_revenue: Nullable[col(EnterpriseYear.main_revenue)] = None
    coop_benefit: Nullable[col(EnterpriseYear.coop_benefit)] = None


class EnterpriseYearOut(ResponseModel):
    year: int
    employees: Nullable[int]
    assets: Nullable[float]
    sales: Nullable[float]
    main_revenue: Nullable[float]
    coop_benefit: Nullable[float]


class EnterpriseYearList(ResponseModel):
    items: list[EnterpriseYearOut]


MEMBER_FIELDS = tuple(MemberCreate.model_fields)
PROFILE_FIELDS = tuple(ProfilePatch.model_fields)
ENTERPRISE_YEAR_FIELDS = tuple(EnterpriseYearIn.model_fields)


def member_dict(member: Member) -> dict:
    return {"id": member.id, **{k: serialize(getattr(member, k)) for k in MEMBER_FIELDS}}


def consortium_dict(consortium) -> dict:
    return {"id": consortium.id, **{k: serialize(getattr(consortium, k)) for k in PROFILE_FIELDS},
            "years": [{"year": y.year, **{k: serialize(getattr(y, k)) for k in services.YEAR_FIELDS}}
                      for y in consortium.years]}


def enterprise_year_dict(row) -> dict:
    return {"year": row.year, **{k: serialize(getattr(row, k)) for k in ENTERPRISE_YEAR_FIELDS}}


# ---- operations ---------------------------------------------------------------------------------

@operation("get", "/consortium", summary="The consortium profile", tag="consortium", response=ConsortiumOut)
def get_consortium_profile():
    consortium = api_consortium()
    services.require_directory_access(actor(), consortium.id)
    return jsonify(consortium_dict(consortium))


@operation("patch", "/consortium", summary="Edit the consortium profile (secretariat)", tag="consortium",
           body=ProfilePatch, response=ConsortiumOut)
def patch_consortium_profile(body):
    consortium = api_consortium()
    current = {k: getattr(consortium, k) for k in PROFILE_FIELDS}
    services.update_profile(actor(), consortium, {**current, **body_data(body)})
    return jsonify(consortium_dict(consortium))


members = RecordOperations("/members", "member", tag="members", out=MemberOut, to_dict=member_dict,
                           get=services.get_member)
members.list(services.list_members, MemberQuery, "List member organizations")
members.create(services.create_member, MemberCreate, "Add a member organization (secretariat)")
members.read("A member organization")
members.patch(services.update_member, MemberPatch, "Edit a member organization")


@operation("post", "/members/<int:member_id>/leave", summary="Record that a member left (today if no date)",
           tag="members", body=LeaveRequest, body_optional=True, response=MemberOut)
def leave_member(member_id, body):
    member = services.get_member(actor(), member_id)
    services.leave_member(actor(), member, body_data(body).get("left_date"))
    return jsonify(member_dict(member))


@operation("get", "/members/<int:member_id>/years", summary="An enterprise's yearly figures", tag="members",
           response=EnterpriseYearList)
def list_enterprise_years(member_id):
    member = services.get_member(actor(), member_id)
    return jsonify({"items": [enterprise_year_dict(r) for r in services.enterprise_years(actor(), member)]})


@operation("put", "/members/<int:member_id>/years/<int:year>", tag="members", body=EnterpriseYearIn,
           response=EnterpriseYearOut, path_types={"year": Year},
           summary="Create or replace an enterprise's figures for a year")
def put_enterprise_year(member_id, year, body):
    member = services.get_member(actor(), member_id)
    row = services.save_enterprise_year(actor(), member, year, body_data(body))
    return jsonify(enterprise_year_dict(row))
