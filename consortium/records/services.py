"""Rules for the records the book counts: co-built resources, R&D projects, research outputs, demand reports.

The secretariat manages every record of its consortium. A school or enterprise user sees, creates and
edits only the records its organization takes part in (a resource's partners, an output's members, an
R&D project's school or enterprise). Demand reports are the secretariat's; members read published ones.
"""
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import case, exists, extract, or_, select

from ..access import acting_org_id, can_admin_consortium, require_member_user
from ..common import assign_given, found, invalid, text_or_none
from ..timeutil import today
from ..errors import NotAllowed, NotFound
from ..extensions import db
from ..members.lookups import member_choices  # noqa: F401  (for the pages' selects)
from ..members.models import Member
from ..vocab import OUTPUT_KINDS, RESOURCE_KINDS, SCHOOL_TYPES
from ..params import check_year
from .models import DemandReport, RdProject, ResearchOutput, Resource, output_member, resource_partner, split_names

MIN_YEAR, MAX_YEAR = 2000, 2100
RESOURCE_FIELDS = ("name", "kind", "partner_ids", "external_partners", "established_date", "closed_date", "description")
RD_FIELDS = ("code", "title", "school_id", "enterprise_id", "start_date", "completed_date", "converted",
             "funds_received", "funds_year")
OUTPUT_FIELDS = ("title", "kind", "date", "member_ids", "external_partners")
REPORT_FIELDS = ("title", "summary", "published_date")


# ---- access ----------------------------------------------------------------------------------


def own_organization_id(actor) -> int | None:
    """The school or enterprise a user records for (preselected among a new record's partners); None otherwise."""
    return acting_org_id(actor)


def own_rd_side(actor) -> str | None:
    """The side of an R&D project a school or enterprise user must hold itself: `school_id` or `enterprise_id`."""
    if acting_org_id(actor) is None:
        return None
    return "school_id" if actor.role == "school" else "enterprise_id"


def _require_visible(actor, record, visible: bool):
    """Another organization's record is reported as missing, not as forbidden."""
    require_member_user(actor, record.consortium_id)
    if not (can_admin_consortium(actor, record.consortium_id) or visible):
        raise NotFound(_("记录不存在"))
    return record


def _year_range(year: int) -> tuple[date, date]:
    check_year(year)
    return date(year, 1, 1), date(year, 12, 31)


def _check_text(data: dict, field: str, errors: dict, *, required: str, max_length: int) -> None:
    value = text_or_none(data.get(field))
    if not value:
        errors[field] = required
    elif len(value) > max_length:
        errors[field] = _("不超过 %(n)d 个字符", n=max_length)


def _members(consortium_id: int, ids, field: str, errors: dict) -> list[Member]:
    """Member organizations of this consortium by id; any other id is reported on `field`."""
    ids = list(dict.fromkeys(ids or []))
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        errors[field] = _("应为成员单位编号列表")
        return []
    found = {m.id: m for m in db.session.scalars(
        select(Member).where(Member.consortium_id == consortium_id, Member.id.in_(ids)))} if ids else {}
    if len(found) != len(ids):
        errors[field] = _("只能选择本联合体的成员单位")
        return []
    return [found[i] for i in ids]


def _member(consortium_id: int, member_id, field: str, errors: dict, *, kind: str) -> Member | None:
    if member_id is None:
        errors[field] = _("请选择学校") if kind == "school" else _("请选择企业")
        return None
    member = db.session.get(Member, member_id) if isinstance(member_id, int) else None
    if member is None or member.consortium_id != consortium_id:
        errors[field] = _("只能选择本联合体的成员单位")
    elif kind == "school" and member.type not in SCHOOL_TYPES:
        errors[field] = _("请选择学校类成员单位")
    elif kind == "enterprise" and member.type != "enterprise":
        errors[field] = _("请选择企业类成员单位")
    else:
        return member
    return None


def _dates(data: dict, start: str, end: str, errors: dict, message: str, *, start_required: str = "") -> None:
    first, last = data.get(start), data.get(end)
    if first is None and start_required:
        errors[start] = start_required
    if first is not None and last is not None and last < first and end not in errors:
        errors[end] = message


def _unique(model, consortium_id: int, record, errors: dict, field: str, message: str, **key) -> None:
    if any(v is None for v in key.values()):
        return
    stmt = select(model.id).where(model.consortium_id == consortium_id,
                                  *[getattr(model, k) == v for k, v in key.items()])
    if record is not None and record.id is not None:
        stmt = stmt.where(model.id != record.id)
    if db.session.scalar(stmt.limit(1)):
        errors[field] = message


def _merged(record, data: dict, fields, current: dict) -> dict:
    """The record's values overlaid with the given ones (a partial update)."""
    merged = dict(current) if record is not None else {}
    merged.update({k: v for k, v in data.items() if k in fields})
    return merged


def _store(model, consortium_id: int, record, merged: dict, fields, errors: dict):
    """Refuse with every error at once, or write the merged values (a new record when `record` is None)."""
    if errors:
        invalid(errors)
    if record is None:
        record = model(consortium_id=consortium_id)
        db.session.add(record)
    assign_given(record, merged, fields)
    db.session.flush()
    return record


def _found(model, record_id: int):
    return found(model, record_id, _("记录不存在"))


def _delete(record) -> None:
    db.session.delete(record)
    db.session.flush()


def _own_org_included(actor, consortium_id: int, member_ids, field: str, errors: dict) -> None:
    """A school or enterprise records only what its own organization takes part in."""
    org = acting_org_id(actor)
    if not can_admin_consortium(actor, consortium_id) and field not in errors and org not in (member_ids or []):
        errors[field] = _("须包含本单位")


def _external_partners(consortium_id: int, merged: dict, member_field: str, errors: dict) -> None:
    """Partner names outside the consortium are kept as named external partners (metrics.md counts a record
    when at least one partner is a member); a typed name that is a member's is linked to that member."""
    value = merged.get("external_partners")
    if value is not None and not isinstance(value, (str, list, tuple)):
        errors["external_partners"] = _("应为单位名称列表")
        return
    names = split_names(value)
    if any(len(n) > 200 for n in names):
        errors["external_partners"] = _("单位名称不超过 %(n)d 个字符", n=200)
        return
    by_name = {" ".join(n.split()): i for i, n in db.session.execute(
        select(Member.id, Member.name).where(Member.consortium_id == consortium_id))} if names else {}
    ids = list(merged.get(member_field) or [])
    external = []
    for name in names:
        if name in by_name:
            if by_name[name] not in ids:
                ids.append(by_name[name])
        else:
            external.append(name)
    if names:
        merged[member_field] = ids
    merged["external_partners"] = "\n".join(external) or None


def _year_filter(errors: dict, data: dict, field: str) -> None:
    year = data.get(field)
    if year is not None and (not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR):
        errors[field] = _("年度应在 %(a)d 到 %(b)d 之间", a=MIN_YEAR, b=MAX_YEAR)


def _search(stmt, column, q: str):
    q = (q or "").strip()
    return stmt.where(column.ilike(f"%{q}%")) if q else stmt


def resource_date_errors(established, closed) -> dict:
    """A resource is not closed before it was established (pages, API and bulk import alike)."""
    if established is not None and closed is not None and closed < established:
        return {"closed_date": _("撤销日期不能早于建成日期")}
    return {}


def rd_rule_errors(values: dict) -> dict:
    """An R&D project's dates and funds: completed not before started; funds and their year come together
    (pages, API and bulk import alike)."""
    errors = {}
    _dates(values, "start_date", "completed_date", errors, _("结题日期不能早于开始日期"))
    funds, funds_year = values.get("funds_received"), values.get("funds_year")
    if funds is not None:
        if not isinstance(funds, (int, Decimal)) or isinstance(funds, bool):
            errors["funds_received"] = _("应为数字")
        elif funds < 0:
            errors["funds_received"] = _("不能为负数")
        elif funds_year is None:
            errors["funds_year"] = _("填写到账经费时请填写到账年度")
    elif funds_year is not None:
        errors["funds_received"] = _("填写到账年度时请填写到账经费")
    _year_filter(errors, values, "funds_year")
    return errors


# ---- co-built resources ----------------------------------------------------------------------

def _resource_visibility(actor, consortium_id: int):
    if can_admin_consortium(actor, consortium_id):
        return True
    return exists().where(resource_partner.c.resource_id == Resource.id, resource_partner.c.member_id == acting_org_id(actor))


def can_manage_resource(actor, resource: Resource) -> bool:
    return can_admin_consortium(actor, resource.consortium_id) or any(p.id == acting_org_id(actor) for p in resource.partners)


def list_resources(actor, consortium_id: int, *, kind: str = "", year: int | None = None, q: str = ""):
    """Resources this user may see; `year` keeps those existing during Y (a stock figure)."""
    require_member_user(actor, consortium_id)
    stmt = select(Resource).where(Resource.consortium_id == consortium_id, _resource_visibility(actor, consortium_id))
    if kind:
        stmt = stmt.where(Resource.kind == kind)
    if year:
        first, last = _year_range(year)
        stmt = stmt.where(Resource.established_date <= last,
                          or_(Resource.closed_date.is_(None), Resource.closed_date >= first))
    in_book_order = case({kind: i for i, kind in enumerate(RESOURCE_KINDS)}, value=Resource.kind, else_=99)
    return _search(stmt, Resource.name, q).order_by(in_book_order, Resource.established_date.desc(), Resource.id)


def get_resource(actor, resource_id: int) -> Resource:
    resource = _found(Resource, resource_id)
    return _require_visible(actor, resource, can_manage_resource(actor, resource))


def _resource_current(resource: Resource) -> dict:
    return {**{k: getattr(resource, k) for k in RESOURCE_FIELDS if k != "partner_ids"},
            "partner_ids": [p.id for p in resource.partners]}


def _save_resource(actor, consortium_id: int, resource: Resource | None, data: dict) -> Resource:
    merged = _merged(resource, data, RESOURCE_FIELDS, _resource_current(resource) if resource else {})
    errors = {}
    _check_text(merged, "name", errors, required=_("请填写名称"), max_length=200)
    if merged.get("kind") not in RESOURCE_KINDS:
        errors["kind"] = _("请选择类型")
    if merged.get("established_date") is None:
        errors["established_date"] = _("请填写建成日期")
    errors.update(resource_date_errors(merged.get("established_date"), merged.get("closed_date")))
    _external_partners(consortium_id, merged, "partner_ids", errors)
    partners = _members(consortium_id, merged.get("partner_ids"), "partner_ids", errors)
    _own_org_included(actor, consortium_id, merged.get("partner_ids"), "partner_ids", errors)
    if "name" not in errors and "kind" not in errors:
        _unique(Resource, consortium_id, resource, errors, "name", _("同类型的同名资源已存在"),
                name=text_or_none(merged["name"]), kind=merged["kind"])
    resource = _store(Resource, consortium_id, resource, merged, [f for f in RESOURCE_FIELDS if f != "partner_ids"],
                      errors)
    resource.partners = partners
    db.session.flush()
    return resource


class _Writes:
    """Create, update and delete of one record kind, the same three steps for each: a member user records it;
    whoever may see a record may edit or delete it, and its save function checks what they may change."""

    def __init__(self, get, save):
        self.get, self.save = get, save

    def create(self, actor, consortium, data: dict):
        require_member_user(actor, consortium.id)
        return self.save(actor, consortium.id, None, data)

    def update(self, actor, record, data: dict):
        self.get(actor, record.id)
        return self.save(actor, record.consortium_id, record, data)

    def delete(self, actor, record) -> None:
        self.get(actor, record.id)
        _delete(record)


# A co-built resource: a school or enterprise must be one of its partners, and a partner may not drop itself.
_resource_writes = _Writes(get_resource, _save_resource)
create_resource, update_resource, delete_resource = (
    _resource_writes.create, _resource_writes.update, _resource_writes.delete)


# ---- R&D projects ----------------------------------------------------------------------------

def _rd_visibility(actor, consortium_id: int):
    if can_admin_consortium(actor, consortium_id):
        return True
    org = acting_org_id(actor)
    return or_(RdProject.school_id == org, RdProject.enterprise_id == org)


def can_manage_rd(actor, project: RdProject) -> bool:
    org = acting_org_id(actor)
    return can_admin_consortium(actor, project.consortium_id) or (org is not None and org in (project.school_id,
                                                                                       project.enterprise_id))


def list_rd_projects(actor, consortium_id: int, *, year: int | None = None, q: str = "", converted: str = ""):
    """Projects this user may see; `year` keeps those running, completed or receiving funds in Y."""
    require_member_user(actor, consortium_id)
    stmt = select(RdProject).where(RdProject.consortium_id == consortium_id, _rd_visibility(actor, consortium_id))
    if year:
        first, last = _year_range(year)
        running = (or_(RdProject.start_date.is_(None), RdProject.start_date <= last)
                   & or_(RdProject.completed_date.is_(None), RdProject.completed_date >= first))
        stmt = stmt.where(or_(running, RdProject.funds_year == year))
    if converted in ("yes", "no"):
        stmt = stmt.where(RdProject.converted.is_(converted == "yes"))
    q = (q or "").strip()
    if q:
        stmt = stmt.where(or_(RdProject.code.ilike(f"%{q}%"), RdProject.title.ilike(f"%{q}%")))
    return stmt.order_by(RdProject.start_date.desc(), RdProject.code)


def get_rd_project(actor, project_id: int) -> RdProject:
    project = _found(RdProject, project_id)
    return _require_visible(actor, project, can_manage_rd(actor, project))


def _save_rd(actor, consortium_id: int, project: RdProject | None, data: dict) -> RdProject:
    current = {k: getattr(project, k) for k in RD_FIELDS} if project else {}
    merged = _merged(project, data, RD_FIELDS, current)
    errors = {}
    _check_text(merged, "code", errors, required=_("请填写项目编号"), max_length=40)
    _check_text(merged, "title", errors, required=_("请填写项目名称"), max_length=300)
    _member(consortium_id, merged.get("school_id"), "school_id", errors, kind="school")
    _member(consortium_id, merged.get("enterprise_id"), "enterprise_id", errors, kind="enterprise")
    if not can_admin_consortium(actor, consortium_id):
        own = own_rd_side(actor) or "enterprise_id"
        if own not in errors and merged.get(own) != acting_org_id(actor):
            errors[own] = _("须为本单位")
    for field, message in rd_rule_errors(merged).items():
        errors.setdefault(field, message)
    if merged.get("converted") is None:
        merged["converted"] = False
    if "code" not in errors:
        _unique(RdProject, consortium_id, project, errors, "code", _("项目编号已存在"), code=text_or_none(merged["code"]))
    return _store(RdProject, consortium_id, project, merged, RD_FIELDS, errors)


# A school–enterprise R&D project: a school or enterprise must be its own side of it.
_rd_writes = _Writes(get_rd_project, _save_rd)
create_rd_project, update_rd_project, delete_rd_project = _rd_writes.create, _rd_writes.update, _rd_writes.delete


# ---- research outputs ------------------------------------------------------------------------

def _output_visibility(actor, consortium_id: int):
    if can_admin_consortium(actor, consortium_id):
        return True
    return exists().where(output_member.c.output_id == ResearchOutput.id, output_member.c.member_id == acting_org_id(actor))


def can_manage_output(actor, output: ResearchOutput) -> bool:
    return can_admin_consortium(actor, output.consortium_id) or any(m.id == acting_org_id(actor) for m in output.members)


def list_outputs(actor, consortium_id: int, *, kind: str = "", year: int | None = None, q: str = ""):
    """Outputs this user may see; `year` keeps those dated in Y."""
    require_member_user(actor, consortium_id)
    stmt = select(ResearchOutput).where(ResearchOutput.consortium_id == consortium_id,
                                        _output_visibility(actor, consortium_id))
    if kind:
        stmt = stmt.where(ResearchOutput.kind == kind)
    if year:
        first, last = _year_range(year)
        stmt = stmt.where(ResearchOutput.date.between(first, last))
    return _search(stmt, ResearchOutput.title, q).order_by(ResearchOutput.date.desc(), ResearchOutput.id)


def get_output(actor, output_id: int) -> ResearchOutput:
    output = _found(ResearchOutput, output_id)
    return _require_visible(actor, output, can_manage_output(actor, output))


def _save_output(actor, consortium_id: int, output: ResearchOutput | None, data: dict) -> ResearchOutput:
    current = ({"title": output.title, "kind": output.kind, "date": output.date,
                "member_ids": [m.id for m in output.members], "external_partners": output.external_partners}
               if output else {})
    merged = _merged(output, data, OUTPUT_FIELDS, current)
    errors = {}
    _check_text(merged, "title", errors, required=_("请填写成果名称"), max_length=300)
    if merged.get("kind") not in OUTPUT_KINDS:
        errors["kind"] = _("请选择类型")
    if merged.get("date") is None:
        errors["date"] = _("请填写日期")
    _external_partners(consortium_id, merged, "member_ids", errors)
    members = _members(consortium_id, merged.get("member_ids"), "member_ids", errors)
    _own_org_included(actor, consortium_id, merged.get("member_ids"), "member_ids", errors)
    if "title" not in errors and "kind" not in errors:
        _unique(ResearchOutput, consortium_id, output, errors, "title", _("同类型的同名成果已存在"),
                title=text_or_none(merged["title"]), kind=merged["kind"])
    output = _store(ResearchOutput, consortium_id, output, merged, ("title", "kind", "date", "external_partners"),
                    errors)
    output.members = members
    db.session.flush()
    return output


# A research output: a school or enterprise must be one of its completing members.
_output_writes = _Writes(get_output, _save_output)
create_output, update_output, delete_output = _output_writes.create, _output_writes.update, _output_writes.delete


# ---- talent-demand reports -------------------------------------------------------------------

def require_secretariat(actor, consortium_id: int) -> None:
    """Demand reports are written and published by the secretariat."""
    require_member_user(actor, consortium_id)
    if not can_admin_consortium(actor, consortium_id):
        raise NotAllowed(_("只有秘书处可以管理人才需求报告"))


def list_reports(actor, consortium_id: int, *, year: int | None = None, q: str = "", status: str = ""):
    """Reports: all of them for the secretariat, the published ones for member organizations."""
    require_member_user(actor, consortium_id)
    stmt = select(DemandReport).where(DemandReport.consortium_id == consortium_id)
    if not can_admin_consortium(actor, consortium_id) or status == "published":
        stmt = stmt.where(DemandReport.published_date.is_not(None))
    elif status == "draft":
        stmt = stmt.where(DemandReport.published_date.is_(None))
    if year:
        stmt = stmt.where(extract("year", DemandReport.published_date) == year)
    return _search(stmt, DemandReport.title, q).order_by(DemandReport.published_date.desc().nulls_first(),
                                                         DemandReport.id.desc())


def get_report(actor, report_id: int) -> DemandReport:
    report = _found(DemandReport, report_id)
    return _require_visible(actor, report, report.published_date is not None)


def _save_report(actor, consortium_id: int, report: DemandReport | None, data: dict) -> DemandReport:
    require_secretariat(actor, consortium_id)
    current = {k: getattr(report, k) for k in REPORT_FIELDS} if report else {}
    merged = _merged(report, data, REPORT_FIELDS, current)
    errors = {}
    _check_text(merged, "title", errors, required=_("请填写报告标题"), max_length=300)
    if len(merged.get("summary") or "") > 5000:
        errors["summary"] = _("不超过 %(n)d 个字符", n=5000)
    return _store(DemandReport, consortium_id, report, merged, REPORT_FIELDS, errors)


def create_report(actor, consortium, data: dict) -> DemandReport:
    """A draft talent-demand report (secretariat only)."""
    return _save_report(actor, consortium.id, None, data)


def update_report(actor, report: DemandReport, data: dict) -> DemandReport:
    get_report(actor, report.id)
    return _save_report(actor, report.consortium_id, report, data)


def publish_report(actor, report: DemandReport, on: date | None = None) -> DemandReport:
    """Publish a report: it counts for the year of `on` (today by default) and members can read it."""
    get_report(actor, report.id)
    require_secretariat(actor, report.consortium_id)
    report.published_date = on or today()
    db.session.flush()
    return report


def delete_report(actor, report: DemandReport) -> None:
    get_report(actor, report.id)
    require_secretariat(actor, report.consortium_id)
    _delete(report)
