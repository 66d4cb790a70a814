"""Binders for training sessions and certificates: columns mapped onto the training services' rules."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...training import services as training
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
        for field, message in training.session_schedule_errors(merged.get("start_date"), merged.get("end_date"),
                                                                 values.get("days")).items():
            ctx.error(line, field, message)
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
        by_id = {s.id: s for s in _sessions_by_code(ctx).values()}

        def manageable(issuer_id, session_id):
            session = by_id.get(session_id)
            return training.manages_certificate(ctx.actor, ctx.consortium.id, issuer_id,
                                                session.provider_id if session is not None else None)

        if record is not None and not manageable(record.issuer_id, record.session_id):
            ctx.error(line, "certificate_no", _("证书编号「%(no)s」已被其他单位使用", no=record.certificate_no))
            return False
        if not manageable(merged.get("issuer_id"), merged.get("session_id")):
            ctx.error(line, "issuer", _("学校只能导入本校发放的证书，或本校培训学员取得的证书"))
            return False
        return True

    def new_values(self, ctx: Ctx, values: dict) -> dict:
        return dict(consortium_id=ctx.consortium.id, **values)
