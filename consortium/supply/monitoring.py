"""Alignment monitoring (专业和产业匹配度监测): rows → supply and demand per 专业大类 → the pure index.

Also the mapping as a consortium sees it (shipped table + the secretariat's corrections) and the
schools' major adjustments (专业动态调整).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from ..access import acts_for, can_admin_consortium, require_member_user
from ..classifications import industry, sections
from ..common import invalid, text_or_none
from ..timeutil import today
from ..errors import NotAllowed, NotFound
from ..extensions import db
from ..jobs.models import Placement, Position
from ..matcher.catalog import normalize_major
from ..members.models import EnterpriseYear, Member
from ..people.models import Student
from . import figures
from .mapping import Mapping, build_mapping, categories_serving, category_order, place_major, shipped_table
from ..vocab import ADJUSTMENT_ACTIONS, SCHOOL_TYPES, SLOT_STATUSES, STUDENT_KINDS
from .models import DemandForecast, MajorAdjustment, MappingCorrection

SUPPLY_BASES = {"graduates": _l("当年毕业生"), "enrolled": _l("在校生")}
DEMAND_BASES = {"forecasts": _l("企业需求预测"), "positions": _l("发布岗位名额"), "placements": _l("岗位安排"),
                "industry": _l("园区产业（按企业职工数加权）")}
UNMAPPED = "—"


# ---- the mapping of one consortium -------------------------------------------------------------

def consortium_mapping(consortium_id: int) -> Mapping:
    """The shipped table with this consortium's corrections."""
    rows = db.session.scalars(select(MappingCorrection).where(MappingCorrection.consortium_id == consortium_id)).all()
    return build_mapping({r.key: (r.section, r.division or "") for r in rows if r.kind == "class"},
                         {r.key: r.class_name for r in rows if r.kind == "name"})


def corrections(consortium_id: int) -> list[MappingCorrection]:
    return db.session.scalars(select(MappingCorrection).where(MappingCorrection.consortium_id == consortium_id)
                              .order_by(MappingCorrection.kind, MappingCorrection.key)).all()


def _require_secretariat(actor, consortium_id: int) -> None:
    require_member_user(actor, consortium_id)
    if not can_admin_consortium(actor, consortium_id):
        raise NotAllowed(_("只有秘书处可以修改专业–产业对应表"))


def correct_class(actor, consortium, class_name: str, section: str, division: str = "", note: str = ""):
    """The secretariat says which industry a 专业类 serves; the correction is kept and wins over the table."""
    _require_secretariat(actor, consortium.id)
    errors = {}
    known = {row.class_name for row in shipped_table() if row.class_name}
    if class_name not in known:
        errors["class_name"] = _("专业目录中没有专业类「%(name)s」", name=class_name or "")
    section = (section or "").strip().upper()
    division = (division or "").strip()
    if section not in sections():
        errors["section"] = _("请选择 GB/T 4754-2017 门类（A–T）")
    if division:
        entry = industry(division)
        if entry is None or entry.level != 2:
            errors["division"] = _("「%(code)s」不是两位的行业大类代码", code=division)
        elif entry.section != section:
            errors["division"] = _("大类 %(code)s 不属于门类 %(section)s", code=division, section=section)
    if errors:
        invalid(errors)
    return _keep(actor, consortium.id, "class", class_name, section=section, division=division or None,
                 note=text_or_none(note))


def correct_name(actor, consortium, name: str, class_name: str, note: str = ""):
    """The secretariat places a major name (a 中职 name, a school's variant) in a 专业类."""
    _require_secretariat(actor, consortium.id)
    errors = {}
    key = normalize_major(name or "")
    if not key:
        errors["name"] = _("请填写专业名称")
    if class_name not in {row.class_name for row in shipped_table() if row.class_name}:
        errors["class_name"] = _("专业目录中没有专业类「%(name)s」", name=class_name or "")
    if errors:
        invalid(errors)
    return _keep(actor, consortium.id, "name", key, class_name=class_name, note=text_or_none(note))


def _keep(actor, consortium_id: int, kind: str, key: str, **values) -> MappingCorrection:
    row = db.session.scalar(select(MappingCorrection).where(
        MappingCorrection.consortium_id == consortium_id, MappingCorrection.kind == kind, MappingCorrection.key == key))
    if row is None:
        row = MappingCorrection(consortium_id=consortium_id, kind=kind, key=key)
        db.session.add(row)
    for k, v in values.items():
        setattr(row, k, v)
    row.updated_by_id = actor.id
    db.session.flush()
    return row


def remove_correction(actor, consortium, correction_id: int) -> None:
    _require_secretariat(actor, consortium.id)
    row = db.session.get(MappingCorrection, correction_id)
    if row is None or row.consortium_id != consortium.id:
        raise NotFound(_("记录不存在"))
    db.session.delete(row)
    db.session.flush()


def majors_in_use(actor, consortium_id: int) -> list[dict]:
    """Every distinct major name the consortium's students, positions and forecasts use, with where it lands."""
    require_member_user(actor, consortium_id)
    mapping = consortium_mapping(consortium_id)
    counts: Counter = Counter()
    for name, n in db.session.execute(select(Student.major, func.count()).join(Member, Student.school_id == Member.id)
                                      .where(Member.consortium_id == consortium_id).group_by(Student.major)):
        counts[name] += n
    for majors in db.session.scalars(select(Position.majors).where(Position.consortium_id == consortium_id)):
        for m in majors or ():
            counts[m] += 1
    for majors in db.session.scalars(select(DemandForecast.majors).where(DemandForecast.consortium_id == consortium_id)):
        for m in majors or ():
            counts[m] += 1
    rows = [{"name": name, "uses": n, "placement": place_major(name, mapping)} for name, n in counts.items() if name]
    return sorted(rows, key=lambda r: (r["placement"].mapped, r["placement"].how != "loose", -r["uses"], r["name"]))


# ---- supply and demand per category --------------------------------------------------------------

def _split(counter: defaultdict, categories: list[str], amount: float) -> None:
    if not categories:
        counter[UNMAPPED] += amount
        return
    share = amount / len(categories)
    for c in categories:
        counter[c] += share


def _categories_of_majors(majors, mapping: Mapping) -> list[str]:
    found = []
    for m in majors or ():
        placed = place_major(m, mapping)
        if placed.mapped and placed.category_name not in found:
            found.append(placed.category_name)
    return found


def _categories_of_enterprise(code: str | None, mapping: Mapping) -> list[str]:
    entry = industry(code)
    if entry is None:
        return []
    return categories_serving(mapping, entry.section, entry.division)


def school_ids(consortium_id: int) -> list[int]:
    return list(db.session.scalars(select(Member.id).where(Member.consortium_id == consortium_id,
                                                           Member.type.in_(SCHOOL_TYPES))))


def supply_counts(consortium_id: int, year: int, basis: str, mapping: Mapping, school_id: int | None = None):
    """People per 专业大类: graduates of Y, or students enrolled in Y (enrol year ≤ Y, not graduated before Y)."""
    stmt = (select(Student.major, Student.major_code, func.count()).join(Member, Student.school_id == Member.id)
            .where(Member.consortium_id == consortium_id, Member.type.in_(SCHOOL_TYPES))
            .group_by(Student.major, Student.major_code))
    if basis == "enrolled":
        stmt = stmt.where(or_(Student.enrol_year.is_(None), Student.enrol_year <= year),
                          or_(Student.graduation_year.is_(None), Student.graduation_year >= year))
    else:
        stmt = stmt.where(Student.graduation_year == year)
    if school_id:
        stmt = stmt.where(Student.school_id == school_id)
    counter: defaultdict = defaultdict(float)
    by_major: Counter = Counter()
    for major, code, n in db.session.execute(stmt):
        placed = place_major(major, mapping, code or "")
        counter[placed.category_name if placed.mapped else UNMAPPED] += n
        by_major[major] += n
    return dict(counter), by_major


def demand_counts(consortium_id: int, year: int, basis: str, mapping: Mapping) -> dict[str, float]:
    """Demand per 专业大类 for Y (docs/supply.md): forecasts, positions, placements or the park's industries.

    A demand line naming several majors is split equally among their categories; a line naming none (or
    none that maps) falls back to the categories serving its enterprise's industry, else it is unmapped.
    """
    counter: defaultdict = defaultdict(float)
    if basis == "placements":
        rows = db.session.execute(
            select(Student.major, Student.major_code, func.count()).select_from(Placement)
            .join(Position, Placement.position_id == Position.id).join(Student, Placement.student_id == Student.id)
            .where(Position.consortium_id == consortium_id, Position.kind.in_(STUDENT_KINDS),
                   Placement.status.in_(SLOT_STATUSES), Placement.start_date.between(date(year, 1, 1),
                                                                                     date(year, 12, 31)))
            .group_by(Student.major, Student.major_code))
        for major, code, n in rows:
            placed = place_major(major, mapping, code or "")
            counter[placed.category_name if placed.mapped else UNMAPPED] += n
        return dict(counter)
    if basis == "industry":
        rows = db.session.execute(
            select(Member.industry_code, EnterpriseYear.employees).join(EnterpriseYear, EnterpriseYear.member_id == Member.id)
            .where(Member.consortium_id == consortium_id, Member.type == "enterprise", EnterpriseYear.year == year,
                   EnterpriseYear.employees.is_not(None)))
        for code, employees in rows:
            _split(counter, _categories_of_enterprise(code, mapping), float(employees))
        return dict(counter)
    if basis == "positions":
        rows = db.session.execute(
            select(Position.majors, Position.slots, Member.industry_code).join(Member, Position.enterprise_id == Member.id)
            .where(Position.consortium_id == consortium_id, Position.kind.in_(STUDENT_KINDS),
                   Position.status != "draft", Position.start_date.between(date(year, 1, 1), date(year, 12, 31))))
    else:
        rows = db.session.execute(
            select(DemandForecast.majors, DemandForecast.headcount, Member.industry_code)
            .join(Member, DemandForecast.enterprise_id == Member.id)
            .where(DemandForecast.consortium_id == consortium_id, DemandForecast.year == year))
    for majors, amount, code in rows:
        cats = _categories_of_majors(majors, mapping) or _categories_of_enterprise(code, mapping)
        _split(counter, cats, float(amount or 0))
    return dict(counter)


def alignment_for(consortium_id: int, year: int, supply_basis: str = "graduates", demand_basis: str = "forecasts",
                  mapping: Mapping | None = None, school_id: int | None = None) -> figures.Alignment:
    """The pure alignment of Y on the chosen bases (unmapped people are left out of both sides)."""
    mapping = mapping or consortium_mapping(consortium_id)
    supply, _majors = supply_counts(consortium_id, year, supply_basis, mapping, school_id)
    demand = demand_counts(consortium_id, year, demand_basis, mapping)
    supply.pop(UNMAPPED, None)
    demand.pop(UNMAPPED, None)
    return figures.alignment(supply, demand, category_order())


def years_on_record(consortium_id: int) -> list[int]:
    """From the first year with a graduate or a declared forecast (at most ten years back) to this year."""
    firsts = [
        db.session.scalar(select(func.min(Student.graduation_year)).join(Member, Student.school_id == Member.id)
                          .where(Member.consortium_id == consortium_id)),
        db.session.scalar(select(func.min(DemandForecast.year)).where(DemandForecast.consortium_id == consortium_id)),
    ]
    now = today().year
    first = min([y for y in firsts if y] or [now])
    return list(range(max(first, now - 9), now + 1))


def trend(consortium_id: int, supply_basis: str, demand_basis: str) -> list[dict]:
    """The index for each year on record."""
    mapping = consortium_mapping(consortium_id)
    out = []
    for y in years_on_record(consortium_id):
        a = alignment_for(consortium_id, y, supply_basis, demand_basis, mapping)
        out.append({"year": y, "index": a.index, "over": len(a.over), "under": len(a.under),
                    "supply": a.supply_total, "demand": a.demand_total})
    return out


def industry_structure(consortium_id: int, year: int, mapping: Mapping | None = None) -> list[dict]:
    """Per GB/T 4754 门类: the enterprises' employees for Y against the graduates whose 专业类 serves it."""
    mapping = mapping or consortium_mapping(consortium_id)
    employees: Counter = Counter()
    for code, n in db.session.execute(
            select(Member.industry_code, EnterpriseYear.employees).join(EnterpriseYear, EnterpriseYear.member_id == Member.id)
            .where(Member.consortium_id == consortium_id, Member.type == "enterprise", EnterpriseYear.year == year)):
        entry = industry(code)
        employees[entry.section if entry else UNMAPPED] += n or 0
    graduates: Counter = Counter()
    for major, code, n in db.session.execute(
            select(Student.major, Student.major_code, func.count()).join(Member, Student.school_id == Member.id)
            .where(Member.consortium_id == consortium_id, Student.graduation_year == year)
            .group_by(Student.major, Student.major_code)):
        placed = place_major(major, mapping, code or "")
        graduates[placed.section if placed.mapped else UNMAPPED] += n
    names = sections()
    emp = {k: float(v) for k, v in employees.items() if k != UNMAPPED}
    grad = {k: float(v) for k, v in graduates.items() if k != UNMAPPED}
    result = figures.alignment(grad, emp, list(names))
    return [{"section": r.category, "name": names.get(r.category, r.category), "graduates": int(r.supply),
             "employees": int(r.demand), "graduate_share": r.supply_share, "employee_share": r.demand_share,
             "flag": r.flag} for r in result.rows if r.flag != "none"]


def school_view(actor, school: Member, year: int, supply_basis: str = "enrolled",
                demand_basis: str = "forecasts") -> dict:
    """A school's own majors against the park's demand, and what the park asks for that it does not teach."""
    require_member_user(actor, school.consortium_id)
    if not (can_admin_consortium(actor, school.consortium_id) or acts_for(actor, school.id)):
        raise NotAllowed(_("只能查看本校的专业匹配情况"))
    mapping = consortium_mapping(school.consortium_id)
    own, by_major = supply_counts(school.consortium_id, year, supply_basis, mapping, school.id)
    demand = demand_counts(school.consortium_id, year, demand_basis, mapping)
    own.pop(UNMAPPED, None)
    demand.pop(UNMAPPED, None)
    result = figures.alignment(own, demand, category_order())
    majors = []
    for name, n in sorted(by_major.items(), key=lambda kv: -kv[1]):
        placed = place_major(name, mapping)
        row = next((r for r in result.rows if r.category == placed.category_name), None)
        majors.append({"name": name, "students": n, "placement": placed, "row": row})
    taught = {m["placement"].category_name for m in majors if m["placement"].mapped}
    missing = [r for r in result.rows if r.demand and r.category not in taught]
    return {"school": school, "year": year, "alignment": result, "majors": majors,
            "not_taught": sorted(missing, key=lambda r: -r.demand),
            "adjustments": list_adjustments(actor, school.consortium_id, school_id=school.id)}


# ---- major adjustments (专业动态调整) -------------------------------------------------------------

def can_record_adjustment(actor, school: Member) -> bool:
    return can_admin_consortium(actor, school.consortium_id) or acts_for(actor, school.id)


def list_adjustments(actor, consortium_id: int, *, school_id: int | None = None) -> list[MajorAdjustment]:
    require_member_user(actor, consortium_id)
    stmt = select(MajorAdjustment).where(MajorAdjustment.consortium_id == consortium_id)
    if school_id:
        stmt = stmt.where(MajorAdjustment.school_id == school_id)
    return db.session.scalars(stmt.order_by(MajorAdjustment.year.desc(), MajorAdjustment.id.desc())).all()


def record_adjustment(actor, consortium, data: dict) -> MajorAdjustment:
    """A school records opening, closing, enlarging or shrinking a major, with its reason and cited figures."""
    require_member_user(actor, consortium.id)
    errors = {}
    school_id = data.get("school_id") or (actor.member_id if actor.role == "school" else None)
    school = db.session.get(Member, int(school_id)) if school_id else None
    if school is None or school.consortium_id != consortium.id or school.type not in SCHOOL_TYPES:
        errors["school_id"] = _("请选择本联合体的学校")
    elif not can_record_adjustment(actor, school):
        raise NotAllowed(_("只能登记本校的专业调整"))
    try:
        year = int(data.get("year"))
        if not 2000 <= year <= today().year + 3:
            raise ValueError
    except (TypeError, ValueError):
        errors["year"] = _("年度应在 2000 到 %(y)d 之间", y=today().year + 3)
        year = None
    major = text_or_none(data.get("major"))
    if not major or len(major) > 100:
        errors["major"] = _("请填写专业名称（不超过 100 字）")
    if data.get("action") not in ADJUSTMENT_ACTIONS:
        errors["action"] = _("请选择调整类型")
    reason = text_or_none(data.get("reason"))
    if not reason or len(reason) > 2000:
        errors["reason"] = _("请填写调整理由（不超过 2000 字）")
    cited = text_or_none(data.get("cited"))
    if cited and len(cited) > 500:
        errors["cited"] = _("不超过 %(n)d 个字符", n=500)
    if errors:
        invalid(errors)
    clash = db.session.scalar(select(MajorAdjustment.id).where(
        MajorAdjustment.school_id == school.id, MajorAdjustment.year == year, MajorAdjustment.major == major,
        MajorAdjustment.action == data["action"]))
    if clash:
        invalid({"major": _("该专业本年度已登记同类调整")})
    row = MajorAdjustment(consortium_id=consortium.id, school_id=school.id, year=year, major=major,
                          action=data["action"], reason=reason, cited=cited)
    db.session.add(row)
    db.session.flush()
    return row


def cited_figures(consortium_id: int, year: int, major: str) -> str:
    """The alignment figures a school can cite for a major: its category's share ratio, gap and flag."""
    mapping = consortium_mapping(consortium_id)
    placed = place_major(major, mapping)
    if not placed.mapped:
        return ""
    a = alignment_for(consortium_id, year, mapping=mapping)
    row = next((r for r in a.rows if r.category == placed.category_name), None)
    if row is None:
        return ""
    shortfall = "%g" % (-row.gap if abs(row.gap) >= 0.05 else 0.0)
    ratio = row.share_ratio if row.share_ratio is not None else "—"
    index = a.index if a.index is not None else "—"
    supply_share, demand_share = "%.1f" % (row.supply_share * 100), "%.1f" % (row.demand_share * 100)
    return _("%(year)d 年 %(cat)s：供给占比 %(s)s%%，需求占比 %(d)s%%，供需比 %(r)s，缺口 %(g)s 人；匹配指数 %(i)s",
             year=year, cat=row.category, s=supply_share, d=demand_share, r=ratio, g=shortfall, i=index)
