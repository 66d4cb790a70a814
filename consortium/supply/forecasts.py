"""Rules for enterprise demand forecasts (人才需求预测) and for an enterprise's industry code."""
from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..access import acts_for, can_admin_consortium, require_member_user
from ..classifications import industry, match_occupation
from ..common import found, invalid, text_or_none
from ..timeutil import today
from ..errors import NotAllowed
from ..extensions import db
from ..members.models import Member
from ..vocab import FORECAST_LEVELS as LEVELS
from .models import FORECAST_HORIZON, DemandForecast

FIELDS = ("enterprise_id", "year", "occupation", "level", "majors", "headcount", "skills", "month", "declared_date")
_LIST_SPLIT = re.compile(r"[、，,;；\n]+")


def split_list(value) -> list[str]:
    """'数控技术、机电一体化技术' or a list → clean, de-duplicated items in order."""
    items = value if isinstance(value, (list, tuple)) else _LIST_SPLIT.split(str(value or ""))
    out: list[str] = []
    for item in items:
        item = str(item or "").strip()
        if item and item not in out:
            out.append(item)
    return out


def can_manage_forecasts(actor, enterprise: Member) -> bool:
    """The secretariat, or the enterprise itself."""
    return can_admin_consortium(actor, enterprise.consortium_id) or acts_for(actor, enterprise.id)


def list_forecasts(actor, consortium_id: int, *, year: int | None = None, enterprise_id: int | None = None):
    """Every member user of the consortium may read the declared demand (it is the park's, not a secret)."""
    require_member_user(actor, consortium_id)
    stmt = (select(DemandForecast).join(Member, DemandForecast.enterprise_id == Member.id)
            .where(DemandForecast.consortium_id == consortium_id))
    if year:
        stmt = stmt.where(DemandForecast.year == year)
    if enterprise_id:
        stmt = stmt.where(DemandForecast.enterprise_id == enterprise_id)
    return stmt.order_by(DemandForecast.year.desc(), Member.name, DemandForecast.occupation)


def get_forecast(actor, forecast_id: int) -> DemandForecast:
    forecast = found(DemandForecast, forecast_id, _("记录不存在"))
    require_member_user(actor, forecast.consortium_id)
    return forecast


def _int(value, field: str, errors: dict, message: str, low: int, high: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[field] = message
        return None
    if not low <= number <= high:
        errors[field] = message
        return None
    return number


def validate_forecast(actor, consortium_id: int, data: dict, current: dict) -> dict:
    """The values of a demand line after every rule (the page, the API and the bulk import all call this)."""
    merged = dict(current)
    merged.update({k: v for k, v in data.items() if k in FIELDS})
    errors: dict[str, str] = {}
    enterprise = None
    if merged.get("enterprise_id") in (None, ""):
        errors["enterprise_id"] = _("请选择企业")
    else:
        try:
            enterprise = db.session.get(Member, int(merged["enterprise_id"]))
        except (TypeError, ValueError):
            enterprise = None
        if enterprise is None or enterprise.consortium_id != consortium_id or enterprise.type != "enterprise":
            errors["enterprise_id"] = _("请选择本联合体的企业成员")
            enterprise = None
        elif not can_manage_forecasts(actor, enterprise):
            raise NotAllowed(_("只能填报本企业的人才需求"))
    declared = merged.get("declared_date") or today()
    if isinstance(declared, str):
        try:
            declared = date.fromisoformat(declared)
        except ValueError:
            errors["declared_date"] = _("日期格式应为 YYYY-MM-DD")
            declared = today()
    year = _int(merged.get("year"), "year", errors,
                _("需求年度应为填报年度起 %(n)d 年内（%(a)d–%(b)d）", n=FORECAST_HORIZON, a=declared.year,
                  b=declared.year + FORECAST_HORIZON), declared.year, declared.year + FORECAST_HORIZON)
    if year is None and "year" not in errors:
        errors["year"] = _("请填写需求年度")
    typed = text_or_none(merged.get("occupation"))
    occupation, code = typed, None
    if not typed:
        errors["occupation"] = _("请填写职业（工种）")
    elif len(typed) > 100:
        errors["occupation"] = _("不超过 %(n)d 个字符", n=100)
    else:
        found, _score = match_occupation(typed)
        if found is not None:
            occupation, code = found.name, found.code
    if merged.get("level") not in LEVELS:
        errors["level"] = _("学历层次应为 中职、专科 或 本科")
    headcount = _int(merged.get("headcount"), "headcount", errors, _("需求人数应为 1–100000 的整数"), 1, 100000)
    if headcount is None and "headcount" not in errors:
        errors["headcount"] = _("请填写需求人数")
    month = _int(merged.get("month"), "month", errors, _("需求月份应为 1–12"), 1, 12)
    majors, skills = split_list(merged.get("majors")), split_list(merged.get("skills"))
    if any(len(m) > 100 for m in majors):
        errors["majors"] = _("每个专业不超过 %(n)d 个字符", n=100)
    if any(len(s) > 100 for s in skills):
        errors["skills"] = _("每项技能不超过 %(n)d 个字符", n=100)
    if errors:
        invalid(errors)
    return {"enterprise_id": enterprise.id, "year": year, "occupation": occupation, "occupation_code": code,
            "occupation_input": typed if typed != occupation else None, "level": merged["level"],
            "majors": majors, "headcount": headcount, "skills": skills, "month": month, "declared_date": declared}


def _check_unique(consortium_id: int, values: dict, forecast: DemandForecast | None) -> None:
    clash = db.session.scalar(select(DemandForecast.id).where(
        DemandForecast.enterprise_id == values["enterprise_id"], DemandForecast.year == values["year"],
        DemandForecast.occupation == values["occupation"], DemandForecast.level == values["level"]))
    if clash is not None and (forecast is None or clash != forecast.id):
        invalid({"occupation": _("该企业 %(year)d 年已填报「%(occ)s」（%(level)s）的需求，请修改原记录",
                                 year=values["year"], occ=values["occupation"], level=LEVELS[values["level"]])})


def create_forecast(actor, consortium, data: dict) -> DemandForecast:
    """A demand line of an enterprise for a coming year; the occupation is matched to the 2022 classification."""
    require_member_user(actor, consortium.id)
    if actor.role == "enterprise" and not data.get("enterprise_id"):
        data = dict(data, enterprise_id=actor.member_id)
    values = validate_forecast(actor, consortium.id, data, {})
    _check_unique(consortium.id, values, None)
    forecast = DemandForecast(consortium_id=consortium.id, **values)
    db.session.add(forecast)
    db.session.flush()
    return forecast


def update_forecast(actor, forecast: DemandForecast, data: dict) -> DemandForecast:
    get_forecast(actor, forecast.id)
    if not can_manage_forecasts(actor, forecast.enterprise):
        raise NotAllowed(_("只能修改本企业的人才需求"))
    current = {k: getattr(forecast, k) for k in FIELDS}
    current["occupation"] = forecast.occupation_input or forecast.occupation
    values = validate_forecast(actor, forecast.consortium_id, data, current)
    _check_unique(forecast.consortium_id, values, forecast)
    for key, value in values.items():
        setattr(forecast, key, value)
    db.session.flush()
    return forecast


def delete_forecast(actor, forecast: DemandForecast) -> None:
    get_forecast(actor, forecast.id)
    if not can_manage_forecasts(actor, forecast.enterprise):
        raise NotAllowed(_("只能删除本企业的人才需求"))
    db.session.delete(forecast)
    db.session.flush()


def enterprise_choices(actor, consortium_id: int) -> list[tuple[int, str]]:
    """Enterprises the actor may declare for: all of them for the secretariat, its own for an enterprise."""
    stmt = select(Member.id, Member.name).where(Member.consortium_id == consortium_id, Member.type == "enterprise")
    if not can_admin_consortium(actor, consortium_id):
        stmt = stmt.where(Member.id == (actor.member_id or -1))
    return [(r.id, r.name) for r in db.session.execute(stmt.order_by(Member.name))]


# ---- an enterprise's industry ---------------------------------------------------------------------

def set_industry(actor, enterprise: Member, code: str | None) -> Member:
    """Record the GB/T 4754-2017 industry of an enterprise member (the secretariat or the enterprise)."""
    require_member_user(actor, enterprise.consortium_id)
    if enterprise.type != "enterprise":
        invalid({"industry_code": _("只有企业成员填写所属国民经济行业")})
    if not can_manage_forecasts(actor, enterprise):
        raise NotAllowed(_("只能填写本企业的所属行业"))
    code = (text_or_none(code) or "").split(" ")[0].upper()
    if code and industry(code) is None:
        invalid({"industry_code": _("「%(code)s」不是 GB/T 4754-2017 的行业代码", code=code)})
    enterprise.industry_code = code or None
    db.session.flush()
    return enterprise
