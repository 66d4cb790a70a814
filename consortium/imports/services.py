"""Import services: preview (nothing written) and run (all or nothing, idempotent) for every record type."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable

from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from ..access import can_admin_consortium, require_login
from ..audit.services import record
from ..errors import DomainError, NotAllowed, NotFound
from ..extensions import db
from .binders import BINDERS, Ctx, apply_plan, get_binder, plan_rows
from ..tables.columns import SPECS, get_spec
from ..tables.normalize import mask_id_number, mask_phone
from ..tables.validate import RowError, parse_file

__all__ = ["ImportReport", "preview_import", "run_import", "importable_types", "may_import", "PREVIEW_ROWS",
           "MAX_REPORTED_ERRORS"]

PREVIEW_ROWS = 20
MAX_REPORTED_ERRORS = 5000  # a report is kept in a job's JSON result; beyond this only the count is kept


@dataclass
class ImportReport:
    """What an import did or would do: counts, every bad row, warnings, the first rows as parsed."""
    type_name: str
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    written: bool = False
    # The database refused the write (not the file's fault): the job fails instead of reporting bad rows.
    write_error: Exception | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (a job's result)."""
        def err(e: RowError) -> dict:
            return {"line": e.line, "column": e.column, "header": e.header, "message": e.message}
        return {"type": self.type_name, "ok": self.ok, "total": self.total, **self.summary,
                "written": self.written, "error_count": len(self.errors),
                "errors": [err(e) for e in self.errors[:MAX_REPORTED_ERRORS]],
                "warnings": [err(e) for e in self.warnings[:MAX_REPORTED_ERRORS]]}


def may_import(actor, consortium, type_name: str) -> bool:
    """Whether the actor may import this type at all (rows are then checked one by one)."""
    binder = BINDERS.get(type_name)
    if binder is None or actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if can_admin_consortium(actor, consortium.id):
        return True
    member = getattr(actor, "member", None)
    return actor.role in binder.roles and actor.role != "admin" and member is not None \
        and member.consortium_id == consortium.id


def importable_types(actor, consortium) -> list[str]:
    """The record types this user may import, in records.md order."""
    return [t for t in SPECS if may_import(actor, consortium, t)]


def require_import(actor, consortium, type_name: str) -> None:
    require_login(actor)
    if type_name not in BINDERS:
        raise NotFound(_("未知的导入类型：%(type)s", type=type_name))
    if not may_import(actor, consortium, type_name):
        raise NotAllowed(_("当前账号无权导入「%(label)s」", label=_(get_spec(type_name).label_zh)))


def _masked(spec, data: dict) -> dict:
    out = {}
    for name, value in data.items():
        col = spec.by_name.get(name)
        if col is not None and col.sensitive and value:
            value = mask_phone(value) if col.kind == "phone" else mask_id_number(value)
        out[name] = value
    return out


def _plan(actor, consortium, type_name, data: bytes, filename, progress):
    require_import(actor, consortium, type_name)
    spec = get_spec(type_name)
    parsed = parse_file(spec, data, filename)
    report = ImportReport(type_name, total=len(parsed.rows) + len({e.line for e in parsed.errors if e.line}),
                          columns=list(parsed.columns), warnings=list(parsed.warnings))
    report.preview = [_masked(spec, r.data) | {"_line": r.line} for r in parsed.rows[:PREVIEW_ROWS]]
    if parsed.rejected:
        report.errors = list(parsed.errors)
        return report, None, None, []
    if progress:
        progress(30, _("文件已解析，正在核对引用"))
    binder = get_binder(type_name)
    ctx = Ctx(actor, consortium, spec, parsed.columns, parsed.headers)
    # Rows bad in themselves are reported together with the reference problems of the others.
    items = plan_rows(binder, ctx, parsed.rows)
    report.errors = sorted(parsed.errors + ctx.errors, key=lambda e: (e.line or 0))
    report.warnings += ctx.warnings
    if report.ok:
        for item in items:
            setattr(report, item.action, getattr(report, item.action) + 1)
    return report, binder, ctx, items


def preview_import(actor, consortium, type_name: str, data: bytes, filename: str | None = None) -> ImportReport:
    """What importing this file would do — counts to be created/updated/unchanged, the first rows as parsed
    and every bad row — without writing anything."""
    report, *_rest = _plan(actor, consortium, type_name, data, filename, None)
    return report


def run_import(actor, consortium, type_name: str, data: bytes, filename: str | None = None,
               progress: Callable[[int, str], None] | None = None) -> ImportReport:
    """Import a file all or nothing: any bad row, or a database failure, writes nothing (the session is
    rolled back); otherwise every row is created or updated in the current transaction and flushed — the
    caller commits. Idempotent: the same file again reports every row unchanged. ``progress(pct, msg)`` is
    only called before anything is written (it may commit)."""
    report, binder, ctx, items = _plan(actor, consortium, type_name, data, filename, progress)
    if not report.ok:
        db.session.rollback()
        return report
    if progress:
        progress(70, _("核对完成，正在写入 %(n)d 行", n=len(items)))
    try:
        apply_plan(binder, ctx, items)
    except (SQLAlchemyError, DomainError) as exc:
        db.session.rollback()
        if isinstance(exc, DomainError):
            message = exc.message
        else:
            # The driver's text can quote row values (ID numbers, phones): the page gets a generic message,
            # the log the error class and the constraint, never the values.
            orig = getattr(exc, "orig", exc)
            constraint = getattr(getattr(orig, "diag", None), "constraint_name", None)
            logging.getLogger(__name__).warning("import of %s rolled back: %s (constraint %s)", type_name,
                                                type(orig).__name__, constraint or "-")
            message = _("数据库写入失败，已全部撤销。请检查是否有重复或超长的数据，或联系管理员查看日志。")
        report.errors = [RowError(None, None, message)]
        report.created = report.updated = report.unchanged = 0
        report.write_error = None if isinstance(exc, DomainError) else exc
        record("import", actor=actor, object_type=type_name, consortium_id=consortium.id, outcome="failed",
               detail="rolled back", separate=True)
        return report
    report.written = True
    record("import", actor=actor, object_type=type_name, consortium_id=consortium.id,
           detail=f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}")
    return report
