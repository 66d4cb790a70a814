"""Binders for training sessions, certificates and the book's records: resources, R&D projects, outputs."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...records.models import RdProject, ResearchOutput, Resource
from ...training.models import Certificate, TrainingSession
from .base import Binder, Ctx, PlanItem, norm_name


def _sessions_by_code(ctx: Ctx) -> dict[str, TrainingSession]:
    if "sessions" not in ctx.cache:
        rows = db.session.scalars(select(TrainingSession).where(TrainingSession.consortium_id == ctx.consortium.id))
        ctx.cache["sessions"] = {s.code: s for s in rows}
    return ctx.cache["sessions"]


class TrainingSessionBinder(Binder):
    """培训, keyed by code. A provider or venue that is not a member is kept by name (as the training
    service does) and reported as a warning; a school imports only the sessions it provides."""
    type_name, model = "training_sessions", TrainingSession
    roles = ("admin", "school")
    direct = ("code", "title", "kind", "audience", "start_date", "end_date", "days", "participants")

    def __init__(self):
        self.create_required = {"audience": _("新建培训须填写培训对象"), "end_date": _("新建培训须填写结束日期")}

    def bind(self, ctx: Ctx, row):
        data, line = row.data, row.line
        values = self.direct_values(ctx, data)
        if not ctx.is_admin:
            if data.get("provider") and norm_name(data["provider"]) != norm_name(ctx.actor.member.name):
                ctx.error(line, "provider", _("只能导入本校承办的培训"))
                return None
            values.update(provider_id=ctx.own_member_id, provider_name=None)
        elif "provider" in ctx.columns:
            pid, pname = ctx.member_or_name(data, "provider")
            if pname:
                ctx.warn(line, "provider", _("「%(name)s」不是成员单位，按非成员承训单位记录（不计入联合体统计）",
                                             name=pname))
            values.update(provider_id=pid, provider_name=pname)
        if "host" in ctx.columns:
            hid, venue = ctx.member_or_name(data, "host")
            values.update(host_id=hid, venue=venue)
        return PlanItem(line, (data["code"],), values)

    def existing(self, ctx: Ctx, items):
        return {(code,): s for code, s in _sessions_by_code(ctx).items()}

    def check(self, ctx: Ctx, item: PlanItem) -> bool:
        record, values, line = item.record, item.values, item.line
        if record is not None and not ctx.is_admin and record.provider_id != ctx.own_member_id:
            ctx.error(line, "code", _("培训编号「%(code)s」已被其他单位使用", code=record.code))
            return False
        merged = {k: getattr(record, k) for k in ("start_date", "end_date", "provider_id", "provider_name")} \
            if record is not None else {}
        merged.update(values)
        ok = True
        if merged.get("provider_id") is None and not merged.get("provider_name"):
            ctx.error(line, "provider", _("请填写承训单位"))
            ok = False
        start, end, days = merged.get("start_date"), merged.get("end_date"), values.get("days")
        if start and end and end < start:
            ctx.error(line, "end_date", _("结束日期不能早于开始日期"))
            return False
        if days is not None:
            if days <= 0:
                ctx.error(line, "days", _("天数应大于 0"))
                ok = False
            elif days != days.quantize(Decimal("0.1")):
                ctx.error(line, "days", _("天数最多保留 1 位小数"))
                ok = False
            elif start and end and days > (end - start).days + 1:
                ctx.error(line, "days", _("天数不能超过起止日期之间的日历天数（%(n)d 天）", n=(end - start).days + 1))
                ok = False
        return ok

    def new_values(self, ctx: Ctx, values: dict) -> dict:
        return dict(consortium_id=ctx.consortium.id, **values)


class CertificateBinder(Binder):
    """职业技能等级证书, keyed by certificate number. A school imports the certificates it issued or that
    come from its own sessions (training.services rules)."""
    type_name, model = "certificates", Certificate
    roles = ("admin", "school")
    direct = ("certificate_no", "holder_name", "holder_id_number", "name", "level", "issued_date")

    def bind(self, ctx: Ctx, row):
        data, line = row.data, row.line
        values = self.direct_values(ctx, data)
        if "issuer" in ctx.columns:
            iid, iname = ctx.member_or_name(data, "issuer")
            values.update(issuer_id=iid, issuer_name=iname)
        if "session" in ctx.columns:
            code = data.get("session")
            session = _sessions_by_code(ctx).get(code) if code else None
            if code and session is None:
                ctx.error(line, "session", _("未找到培训编号「%(code)s」", code=code))
                return None
            values["session_id"] = session.id if session else None
        return PlanItem(line, (data["certificate_no"],), values)

    def existing(self, ctx: Ctx, items):
        rows = db.session.scalars(select(Certificate).where(Certificate.consortium_id == ctx.consortium.id))
        return {(c.certificate_no,): c for c in rows}

    def check(self, ctx: Ctx, item: PlanItem) -> bool:
        record, values, line = item.record, item.values, item.line
        merged = {k: getattr(record, k) for k in ("issuer_id", "issuer_name", "session_id")} if record else {}
        merged.update(values)
        if merged.get("issuer_id") is None and not merged.get("issuer_name"):
            ctx.error(line, "issuer", _("请填写发证机构"))
            return False
        if ctx.is_admin:
            return True
        own = ctx.own_member_id
        by_id = {s.id: s for s in _sessions_by_code(ctx).values()}

        def manageable(issuer_id, session_id):
            session = by_id.get(session_id)
            return issuer_id == own or (session is not None and session.provider_id == own)

        if record is not None and not manageable(record.issuer_id, record.session_id):
            ctx.error(line, "certificate_no", _("证书编号「%(no)s」已被其他单位使用", no=record.certificate_no))
            return False
        if not manageable(merged.get("issuer_id"), merged.get("session_id")):
            ctx.error(line, "issuer", _("学校只能导入本校发放的证书，或本校培训学员取得的证书"))
            return False
        return True

    def new_values(self, ctx: Ctx, values: dict) -> dict:
        return dict(consortium_id=ctx.consortium.id, **values)


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
        if start and end and end < start:
            ctx.error(item.line, "closed_date", _("撤销日期不能早于建成日期"))
            return False
        return True


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

    def new_values(self, ctx: Ctx, values: dict) -> dict:
        return dict(consortium_id=ctx.consortium.id, **values)
