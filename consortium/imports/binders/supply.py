"""Binder for enterprise demand forecasts (人才需求预测): the forecast rules of the supply package, per row."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ...timeutil import today
from ...errors import NotAllowed, ValidationError
from ...extensions import db
from ...supply.forecasts import validate_forecast
from ...supply.models import DemandForecast
from .base import Binder, Ctx, PlanItem

# Service field → import column, for the errors a row gets.
_COLUMNS = {"enterprise_id": "enterprise"}


class DemandForecastBinder(Binder):
    """人才需求预测, keyed by (enterprise, year, occupation as matched, level); an enterprise imports its own."""
    type_name, model = "demand_forecasts", DemandForecast
    roles = ("admin", "enterprise")
    create_defaults = {"declared_date": today}

    def bind(self, ctx: Ctx, row):
        data, line = row.data, row.line
        enterprise = ctx.member(line, "enterprise", data.get("enterprise"), kind="enterprise", own_only=True)
        if enterprise is None:
            return None
        try:
            values = validate_forecast(ctx.actor, ctx.consortium.id, {
                "enterprise_id": enterprise.id, "year": data.get("year"), "occupation": data.get("occupation"),
                "level": data.get("level"), "majors": data.get("majors") or [], "headcount": data.get("headcount"),
                "skills": data.get("skills") or [], "month": data.get("month"),
                "declared_date": data.get("declared_date")}, {})
        except ValidationError as exc:
            for field, message in exc.fields.items():
                ctx.error(line, _COLUMNS.get(field, field), message)
            return None
        except NotAllowed as exc:
            ctx.error(line, "enterprise", exc.message)
            return None
        if data.get("declared_date") is None:
            values.pop("declared_date")  # a new line gets today (create_defaults); an old one keeps its date
        key = (values["enterprise_id"], values["year"], values["occupation"], values["level"])
        return PlanItem(line, key, values)

    def existing(self, ctx: Ctx, items):
        rows = db.session.scalars(select(DemandForecast).where(DemandForecast.consortium_id == ctx.consortium.id))
        return {(f.enterprise_id, f.year, f.occupation, f.level): f for f in rows}

    def finalize(self, ctx: Ctx, items) -> None:
        seen: dict[tuple, int] = {}
        for item in items:
            if item.key in seen:
                ctx.error(item.line, "occupation", _("与第 %(n)d 行是同一企业、年度、职业和学历层次", n=seen[item.key]))
            seen.setdefault(item.key, item.line)

    def new_values(self, ctx: Ctx, values: dict) -> dict:
        return {**values, "consortium_id": ctx.consortium.id}

