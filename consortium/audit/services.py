"""Recording, searching, exporting and pruning the audit log."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, select

from ..access import require_admin
from ..errors import NotAllowed, ValidationError
from ..logs import redact
from ..extensions import db
from ..timeutil import SHANGHAI, utcnow
from .models import AuditEvent

OUTCOMES = {"ok": _l("成功"), "failed": _l("失败"), "denied": _l("拒绝")}
ACTIONS = {
    "login": _l("登录"), "login.locked": _l("账号锁定"), "logout": _l("退出登录"),
    "access.denied": _l("拒绝访问"),
    "user.create": _l("新建用户"), "user.update": _l("修改用户"), "user.deactivate": _l("停用用户"),
    "user.password": _l("修改密码"), "user.reset_link": _l("生成重置链接"), "user.role": _l("角色变更"),
    "token.issue": _l("签发令牌"), "token.revoke": _l("撤销令牌"),
    "import": _l("导入"), "export": _l("导出"), "reveal": _l("查看完整号码"),
    "match.round": _l("匹配轮次"), "match.override": _l("匹配调整"),
    "application.accept": _l("录用申请"), "application.reject": _l("拒绝申请"),
    "placement.override": _l("豁免材料"),
}


def _values(action, *, actor=None, outcome="ok", object_type=None, object_id=None, detail="", ip=None,
            consortium_id=None) -> dict:
    member_id = getattr(actor, "member_id", None)
    if consortium_id is None and actor is not None:
        consortium_id = getattr(actor, "consortium_id", None)
        if consortium_id is None and getattr(actor, "member", None) is not None:
            consortium_id = actor.member.consortium_id
    return {"at": utcnow(), "user_id": getattr(actor, "id", None), "username": getattr(actor, "username", None),
            "consortium_id": consortium_id, "member_id": member_id, "ip": (ip or None) and ip[:45],
            "action": action[:40], "object_type": (object_type or None) and str(object_type)[:40],
            "object_id": None if object_id is None else str(object_id)[:40], "outcome": outcome[:10],
            "detail": (detail or "")[:500]}


def record(action: str, *, actor=None, outcome: str = "ok", object_type: str | None = None, object_id=None,
           detail: str = "", ip: str | None = None, consortium_id: int | None = None,
           separate: bool = False) -> None:
    """Append one entry. By default it joins the caller's transaction (it is kept only if the work is);
    ``separate=True`` writes it at once in its own transaction, for failures whose request is rolled
    back. ``detail`` must not contain an ID number, phone or password."""
    values = _values(action, actor=actor, outcome=outcome, object_type=object_type, object_id=object_id,
                     detail=detail, ip=ip, consortium_id=consortium_id)
    if separate:
        with db.engine.begin() as conn:
            conn.execute(insert(AuditEvent).values(**values))
    else:
        db.session.add(AuditEvent(**values))
        db.session.flush()


REVEAL_REASON_MAX = 200


def record_reveal(actor, *, object_type: str, object_id, consortium_id: int, reason: str, ip: str | None = None) -> str:
    """Record that `actor` revealed a full ID number or phone of an object, with the reason given (required;
    any number typed into it is redacted). Returns the reason as recorded. The caller has checked
    `access.may_see_full_id(..., channel="reveal")`."""
    text = " ".join((reason or "").split())
    if len(text) < 2:
        raise ValidationError(_("请填写查看完整号码的理由"), {"reason": _("请填写查看完整号码的理由")})
    if len(text) > REVEAL_REASON_MAX:
        raise ValidationError(_("理由不超过 %(n)d 个字", n=REVEAL_REASON_MAX),
                              {"reason": _("理由不超过 %(n)d 个字", n=REVEAL_REASON_MAX)})
    text = redact(text)
    record("reveal", actor=actor, object_type=object_type, object_id=object_id, consortium_id=consortium_id,
           detail=text, ip=ip)
    return text


def search(actor, *, consortium_id: int | None = None, action: str = "", username: str = "", outcome: str = "",
           since: datetime | None = None, until: datetime | None = None):
    """A query of the entries ``actor`` may see, newest first: a consortium's secretariat sees its own
    consortium's; the province admin every entry (or one consortium's when ``consortium_id`` is given)."""
    require_admin(actor)
    stmt = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if actor.consortium_id is not None:
        stmt = stmt.where(AuditEvent.consortium_id == actor.consortium_id)
    elif consortium_id is not None:
        stmt = stmt.where(AuditEvent.consortium_id == consortium_id)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if username:
        stmt = stmt.where(AuditEvent.username == username.strip())
    if outcome:
        stmt = stmt.where(AuditEvent.outcome == outcome)
    if since is not None:
        stmt = stmt.where(AuditEvent.at >= since)
    if until is not None:
        stmt = stmt.where(AuditEvent.at < until)
    return stmt


def local_time(value: datetime) -> str:
    """A stored UTC time as Asia/Shanghai wall-clock text."""
    from datetime import timezone

    return value.replace(tzinfo=timezone.utc).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def export_csv(actor, stmt) -> str:
    """The entries of ``stmt`` as CSV (times in Asia/Shanghai), cells neutralised against formulas."""
    require_admin(actor)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("时间（北京时间）"), _("用户"), _("联合体"), _("单位"), _("IP"), _("操作"), _("对象"),
                     _("对象编号"), _("结果"), _("说明")])
    for e in db.session.scalars(stmt.limit(100_000)):
        row = [local_time(e.at), e.username or "", e.consortium_id or "", e.member_id or "", e.ip or "", e.action,
               e.object_type or "", e.object_id or "", e.outcome, e.detail]
        writer.writerow([("'" + v) if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r") else v
                         for v in row])
    return "\ufeff" + out.getvalue()


def prune(days: int) -> int:
    """Delete entries older than ``days`` (the retention period); returns how many went."""
    if days < 1:
        raise NotAllowed(_("保留期至少 1 天"))
    cutoff = utcnow() - timedelta(days=days)
    result = db.session.execute(delete(AuditEvent).where(AuditEvent.at < cutoff))
    db.session.flush()
    return result.rowcount or 0
