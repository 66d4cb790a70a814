"""Rules for consortia, their profiles and member organizations."""
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from ..access import (actor_consortium_id, acts_for, can_admin_consortium, require_admin,
                                require_consortium_admin, require_member_access, require_member_user,
                                require_same_consortium)
from ..errors import NotAllowed, NotFound, ValidationError
from ..extensions import db
from ..timeutil import today as current_day
from ..vocab import MEMBER_ROLES, MEMBER_TYPES, NARRATIVES, SCHOOL_TYPES, SECTORS
from ..params import check_year
from ..common import assign_given, check_lengths, check_unique_text, delete_one, found, invalid, where_given, year_row
from .models import Consortium, ConsortiumYear, EnterpriseYear, Member, Narrative

PROFILE_FIELDS = ("name", "city", "established_date", "park_name", "leading_industries", "leader_name", "leader_title",
                  "leader_contact", "secretariat_host", "secretariat_head", "office_area", "secretariat_phone",
                  "staff_total", "staff_full_time", "staff_part_time", "staff_names")
YEAR_FIELDS = ("planned_funds", "source_lead_unit", "source_government", "source_other_members", "source_other",
               "park_output_value")
ENTERPRISE_YEAR_FIELDS = ("employees", "assets", "sales", "main_revenue", "coop_benefit")
MIN_YEAR, MAX_YEAR = 2000, 2100


# ---- consortia -------------------------------------------------------------------------------

def create_consortium(actor, *, name: str, city: str, bootstrap: bool = False, **profile) -> Consortium:
    """Create a consortium; from the command line (`bootstrap`) no one needs to be signed in."""
    if not bootstrap:
        require_admin(actor)
        if actor.consortium_id is not None:
            raise NotAllowed(_("只有全省管理员可以新建联合体"))
    name, city = (name or "").strip(), (city or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("请填写联合体名称")
    elif db.session.scalar(select(Consortium.id).where(Consortium.name == name)):
        errors["name"] = _("同名联合体已存在")
    if not city:
        errors["city"] = _("请填写所在城市")
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    consortium = Consortium(name=name, city=city)
    for key, value in profile.items():
        if key in PROFILE_FIELDS:
            setattr(consortium, key, value)
    db.session.add(consortium)
    db.session.flush()
    return consortium


def list_consortia(actor) -> list[Consortium]:
    """The consortia this user works in: all of them for a province-wide admin."""
    cid = actor_consortium_id(actor)
    stmt = select(Consortium).order_by(Consortium.id)
    if cid is not None:
        stmt = stmt.where(Consortium.id == cid)
    return list(db.session.scalars(stmt))


def default_consortium() -> Consortium | None:
    """The first consortium created is the default one."""
    return db.session.scalar(select(Consortium).order_by(Consortium.id).limit(1))


def get_consortium(actor, consortium_id: int) -> Consortium:
    consortium = found(Consortium, consortium_id, _("联合体不存在"))
    require_same_consortium(actor, consortium.id)
    return consortium


def find_consortium(name: str | None) -> Consortium:
    """For the command line: a consortium by name, or the default one."""
    if name:
        consortium = db.session.scalar(select(Consortium).where(Consortium.name == name))
    else:
        consortium = default_consortium()
    if consortium is None:
        raise NotFound(_("联合体不存在：%(name)s", name=name or "") if name else _("尚未创建联合体"))
    return consortium


def _check_nonnegative(data: dict, fields, errors: dict) -> None:
    for key in fields:
        value = data.get(key)
        if value is not None and value < 0:
            errors[key] = _("不能为负数")


def update_profile(actor, consortium: Consortium, data: dict) -> Consortium:
    """Edit the section-1 profile. Staff numbers must add up."""
    require_consortium_admin(actor, consortium.id)
    errors = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = _("请填写联合体名称")
    elif db.session.scalar(select(Consortium.id).where(Consortium.name == name, Consortium.id != consortium.id)):
        errors["name"] = _("同名联合体已存在")
    if not (data.get("city") or "").strip():
        errors["city"] = _("请填写所在城市")
    _check_nonnegative(data, ("office_area", "staff_total", "staff_full_time", "staff_part_time"), errors)
    total, full, part = data.get("staff_total"), data.get("staff_full_time"), data.get("staff_part_time")
    if total is not None and full is not None and part is not None and full + part != total and "staff_total" not in errors:
        errors["staff_total"] = _("人员总数应等于专职人数与兼职人数之和")
    if len(data.get("leading_industries") or "") > 500:
        errors["leading_industries"] = _("不超过 500 字")
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    for key in PROFILE_FIELDS:
        if key in data:
            value = data[key]
            setattr(consortium, key, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    return consortium


def _check_year(year, errors: dict, field: str = "year") -> None:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        errors[field] = _("年度应在 %(a)d 到 %(b)d 之间", a=MIN_YEAR, b=MAX_YEAR)


def save_consortium_year(actor, consortium: Consortium, year: int, data: dict) -> ConsortiumYear:
    """Planned funds with their sources, and the park's output value, for one year."""
    require_consortium_admin(actor, consortium.id)
    errors = {}
    _check_year(year, errors)
    _check_nonnegative(data, YEAR_FIELDS, errors)
    sources = [data.get(k) for k in ("source_lead_unit", "source_government", "source_other_members", "source_other")]
    planned = data.get("planned_funds")
    if planned is not None and all(s is not None for s in sources) and sum(sources, Decimal(0)) != planned \
            and "planned_funds" not in errors:
        errors["planned_funds"] = _("各来源之和（%(sum)s）应等于拟投入运行经费总额", sum=sum(sources, Decimal(0)))
    if errors:
        invalid(errors)
    return _write_given(year_row(ConsortiumYear, year, consortium_id=consortium.id), data, YEAR_FIELDS)


def _write_given(row, data: dict, fields):
    """Write those of `fields` that `data` gives on a row (a yearly row, found or new)."""
    for key in fields:
        if key in data:
            setattr(row, key, data[key])
    db.session.flush()
    return row


def narrative_length(text: str) -> int:
    """Characters counted as the book counts them: everything but line breaks."""
    return len((text or "").replace("\r", "").replace("\n", ""))


def save_narratives(actor, consortium: Consortium, year: int, texts: dict) -> None:
    """Save the narrative texts for a year; every text over its limit is reported."""
    require_consortium_admin(actor, consortium.id)
    errors = {}
    _check_year(year, errors)
    for key, text in texts.items():
        if key not in NARRATIVES:
            errors[key] = _("未知栏目")
            continue
        label, limit = NARRATIVES[key]
        if narrative_length(text) > limit:
            errors[key] = _("%(label)s 不超过 %(limit)d 字，当前 %(n)d 字", label=label, limit=limit,
                            n=narrative_length(text))
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    existing = {n.key: n for n in db.session.scalars(
        select(Narrative).where(Narrative.consortium_id == consortium.id, Narrative.year == year))}
    for key, text in texts.items():
        row = existing.get(key)
        if row is None:
            db.session.add(Narrative(consortium_id=consortium.id, year=year, key=key, text=text or ""))
        else:
            row.text = text or ""
    db.session.flush()


def narratives_for(consortium: Consortium, year: int) -> dict[str, str]:
    rows = db.session.scalars(select(Narrative).where(Narrative.consortium_id == consortium.id, Narrative.year == year))
    return {row.key: row.text for row in rows}


# ---- members ---------------------------------------------------------------------------------

def require_directory_access(actor, consortium_id: int) -> None:
    """The member directory is for the secretariat and the member organizations' users."""
    require_member_user(actor, consortium_id)


def list_members(actor, consortium_id: int, *, q: str = "", type: str = "", role: str = "", city: str = "",
                 status: str = "", year: int | None = None):
    """A query of members, filtered. `status` is `current` or `left`; `year` keeps members during Y."""
    require_directory_access(actor, consortium_id)
    stmt = select(Member).where(Member.consortium_id == consortium_id)
    if q:
        stmt = stmt.where(Member.name.ilike(f"%{q.strip()}%"))
    stmt = where_given(stmt, (Member.type, type), (Member.role, role), (Member.city, city))
    today = current_day()
    if status == "current":
        stmt = stmt.where(Member.joined_date <= today, or_(Member.left_date.is_(None), Member.left_date >= today))
    elif status == "left":
        stmt = stmt.where(Member.left_date < today)
    if year:
        check_year(year)
        stmt = stmt.where(Member.joined_date <= date(year, 12, 31),
                          or_(Member.left_date.is_(None), Member.left_date >= date(year, 1, 1)))
    return stmt.order_by(Member.type, Member.name)


def member_cities(consortium_id: int) -> list[str]:
    return [c for c in db.session.scalars(select(Member.city).where(Member.consortium_id == consortium_id)
                                          .distinct().order_by(Member.city)) if c]


def get_member(actor, member_id: int) -> Member:
    member = found(Member, member_id, _("成员单位不存在"))
    require_directory_access(actor, member.consortium_id)
    return member


def _validate_member(consortium_id: int, data: dict, member: Member | None) -> dict:
    errors = {}
    name = (data.get("name") or "").strip()
    check_unique_text(errors, "name", name, max_length=200, required=_("请填写单位名称"),
                      too_long=_("单位名称不超过 200 个字符"), taken=_("该联合体已有同名成员单位"), model=Member,
                      record=member, consortium_id=consortium_id)
    mtype = data.get("type")
    if mtype not in MEMBER_TYPES:
        errors["type"] = _("请选择单位类型")
    if data.get("role", "member") not in MEMBER_ROLES:
        errors["role"] = _("请选择角色")
    students = data.get("students")
    if students is not None:
        if mtype not in SCHOOL_TYPES:
            errors["students"] = _("只有学校填写在校生数")
        elif students < 0:
            errors["students"] = _("不能为负数")
    sector = data.get("sector") or None
    if sector is not None:
        if mtype != "enterprise":
            errors["sector"] = _("只有企业填写行业")
        elif sector not in SECTORS:
            errors["sector"] = _("未知行业")
    joined, left = data.get("joined_date"), data.get("left_date")
    if joined is None:
        errors["joined_date"] = _("请填写加入日期")
    elif left is not None and left < joined:
        errors["left_date"] = _("退出日期不能早于加入日期")
    return check_lengths(Member, data, errors)


MEMBER_FIELDS = ("name", "type", "role", "city", "students", "sector", "joined_date", "left_date", "contact_name",
                 "contact_phone", "notes")
# What a member organization's own users may change about themselves.
SELF_EDIT_FIELDS = ("city", "students", "sector", "contact_name", "contact_phone", "notes")


def create_member(actor, consortium: Consortium, data: dict) -> Member:
    require_consortium_admin(actor, consortium.id)
    data = {**data, "role": data.get("role") or "member"}
    errors = _validate_member(consortium.id, data, None)
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    member = Member(consortium_id=consortium.id)
    _apply(member, data, MEMBER_FIELDS)
    db.session.add(member)
    db.session.flush()
    return member


def _apply(member: Member, data: dict, fields) -> None:
    assign_given(member, data, fields)
    if member.type not in SCHOOL_TYPES:
        member.students = None
    if member.type != "enterprise":
        member.sector = None


def update_member(actor, member: Member, data: dict) -> Member:
    """The secretariat edits everything; a member's own users edit their contact details and counts."""
    require_member_access(actor, member)
    allowed = MEMBER_FIELDS if can_admin_consortium(actor, member.consortium_id) else SELF_EDIT_FIELDS
    merged = {key: getattr(member, key) for key in MEMBER_FIELDS}
    merged.update({k: v for k, v in data.items() if k in allowed})
    errors = _validate_member(member.consortium_id, merged, member)
    if errors:
        raise ValidationError(_("请更正标出的错误"), errors)
    _apply(member, merged, allowed)
    db.session.flush()
    return member


def leave_member(actor, member: Member, left_date: date) -> Member:
    """Record that a member left. Its records stay; figures stop counting it after that date."""
    require_consortium_admin(actor, member.consortium_id)
    if left_date is None:
        raise ValidationError(_("请填写退出日期"), {"left_date": _("请填写退出日期")})
    if left_date < member.joined_date:
        raise ValidationError(_("退出日期不能早于加入日期"), {"left_date": _("退出日期不能早于加入日期")})
    member.left_date = left_date
    db.session.flush()
    return member


def can_edit_member(actor, member: Member) -> bool:
    return can_admin_consortium(actor, member.consortium_id) or acts_for(actor, member.id)


# ---- enterprise yearly figures ----------------------------------------------------------------

def enterprise_years(actor, member: Member) -> list[EnterpriseYear]:
    """An enterprise's yearly figures: for the secretariat and the enterprise itself only."""
    require_member_access(actor, member)
    return list(member.years)


def save_enterprise_year(actor, member: Member, year: int, data: dict) -> EnterpriseYear:
    """Create or update one year's figures of an enterprise member."""
    require_member_access(actor, member)
    if not member.is_enterprise:
        raise ValidationError(_("只有企业成员填写企业年度数据"))
    errors = {}
    _check_year(year, errors)
    _check_nonnegative(data, ENTERPRISE_YEAR_FIELDS, errors)
    if errors:
        invalid(errors)
    return _write_given(year_row(EnterpriseYear, year, member_id=member.id), data, ENTERPRISE_YEAR_FIELDS)


def delete_enterprise_year(actor, member: Member, year: int) -> None:
    require_member_access(actor, member)
    delete_one(EnterpriseYear, _("记录不存在"), member_id=member.id, year=year)


def member_counts(consortium_id: int, year: int | None = None) -> dict[str, int]:
    """Members per type (during `year` when given)."""
    stmt = select(Member.type, func.count()).where(Member.consortium_id == consortium_id).group_by(Member.type)
    if year:
        check_year(year)
        stmt = stmt.where(Member.joined_date <= date(year, 12, 31),
                          or_(Member.left_date.is_(None), Member.left_date >= date(year, 1, 1)))
    return dict(db.session.execute(stmt).all())
