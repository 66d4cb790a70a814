"""Binders for the book's records: co-built resources, R&D projects, research outputs; the records services'
rules decide what a row may hold."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...records import services as records
from ...records.models import RdProject, ResearchOutput, Resource
from .base import Binder, Ctx, PlanItem, norm_name


def _member_links(ctx: Ctx, line: int, column: str, names) -> list | None:
    found, unknown = [], []
    for name in dict.fromkeys(names or []):
        member = ctx.members.get(norm_name(name))
        (found.append(member) if member is not None else unknown.append(name))
    if unknown:
        ctx.error(line, column, _("未找到成员单位：%(names)s", names="、".join(unknown[:20])))
        return None
    return found


class _LinkedRecordBinder(Binder):
    """Resources and research outputs: keyed by (name/title, kind), with member organisations linked."""
    key_columns: tuple[str, ...] = ()
    link_column = link_attr = ""

    def bind(self, ctx: Ctx, row):
        values = self.direct_values(ctx, row.data)
        item = PlanItem(row.line, tuple(row.data[k] for k in self.key_columns), values)
        if self.link_column in ctx.columns:
            members = _member_links(ctx, row.line, self.link_column, row.data.get(self.link_column))
            if members is None:
                return None
            item.links[self.link_attr] = members
        return item

    def existing(self, ctx: Ctx, items):
        rows = db.session.scalars(select(self.model).where(self.model.consortium_id == ctx.consortium.id)
                                  .options(selectinload(getattr(self.model, self.link_attr))))
        return {tuple(getattr(r, k) for k in self.key_columns): r for r in rows}

    def new_values(self, ctx: Ctx, values: dict) -> dict:
        return dict(consortium_id=ctx.consortium.id, **values)


class ResourceBinder(_LinkedRecordBinder):
    """共建资源, keyed by (name, kind); the secretariat only."""
    type_name, model = "resources", Resource
    direct = ("name", "kind", "established_date", "closed_date")
    key_columns, link_column, link_attr = ("name", "kind"), "partners", "partners"

    def __init__(self):
        self.create_required = {"established_date": _("新建共建资源须填写建成日期")}

    def check(self, ctx, item):
        record = item.record
        start = item.values.get("established_date", record.established_date if record else None)
        end = item.values.get("closed_date", record.closed_date if record else None)
        errors = records.resource_date_errors(start, end)
        for field, message in errors.items():
            ctx.error(item.line, field, message)
        return not errors


class OutputBinder(_LinkedRecordBinder):
    """研究成果, keyed by (title, kind); the secretariat only."""
    type_name, model = "outputs", ResearchOutput
    direct = ("title", "kind", "date")
    key_columns, link_column, link_attr = ("title", "kind"), "members", "members"

    def __init__(self):
        self.create_required = {"date": _("新建研究成果须填写日期")}


class RdProjectBinder(Binder):
    """校企合作技术研发, keyed by code; the secretariat only."""
    type_name, model = "rd_projects", RdProject
    direct = ("code", "title", "start_date", "completed_date", "converted", "funds_received", "funds_year")

    def __init__(self):
        self.create_defaults = {"converted": False}

    def bind(self, ctx: Ctx, row):
        data, line = row.data, row.line
        values = self.direct_values(ctx, data)
        if "converted" in values and values["converted"] is None:
            del values["converted"]
        ok = True
        for column, kind in (("school", "school"), ("enterprise", "enterprise")):
            if column in ctx.columns:
                member = ctx.member(line, column, data.get(column), kind=kind, required=False)
                if data.get(column) and member is None:
                    ok = False
                values[f"{column}_id"] = member.id if member else None
        return PlanItem(line, (data["code"],), values) if ok else None

    def existing(self, ctx: Ctx, items):
        rows = db.session.scalars(select(RdProject).where(RdProject.consortium_id == ctx.consortium.id))
        return {(r.code,): r for r in rows}

    def check(self, ctx: Ctx, item: PlanItem) -> bool:
        fields = ("start_date", "completed_date", "funds_received", "funds_year")
        merged = {k: getattr(item.record, k) for k in fields} if item.record is not None else {}
        merged.update({k: v for k, v in item.values.items() if k in fields})
        errors = records.rd_rule_errors(merged)
        for field, message in errors.items():
            ctx.error(item.line, field, message)
        return not errors

    def new_values(self, ctx: Ctx, values: dict) -> dict:
        return dict(consortium_id=ctx.consortium.id, **values)
