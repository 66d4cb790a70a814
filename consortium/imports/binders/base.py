"""The binding engine: turn parsed rows into a plan of creates/updates, resolving references in bulk.

A binder per record type says how to resolve its references (one query per referenced type for the
whole file), how its natural key maps onto the database, how to load existing records by that key (one
query), what a row may not do, and how to write it. ``plan_rows`` runs those steps and returns either
every bad row or the list of writes; ``apply_plan`` performs the writes (one flush, caller commits).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import insert, inspect as sa_inspect, select

from ...crypto import plain_length, with_blind_indexes
from ...access import can_admin_consortium
from ...extensions import db
from ...members.models import Member
from ...tables.columns import RecordSpec
from ...tables.validate import ParsedRow, RowError
from ...vocab import SCHOOL_TYPES, TEACHER_EMPLOYER_TYPES

__all__ = ["Ctx", "Binder", "PlanItem", "norm_name", "plan_rows", "apply_plan"]


def norm_name(text: str | None) -> str:
    """How organisation names are compared: NFKC, trimmed, inner whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


@dataclass
class PlanItem:
    """One row's outcome: the record to update (None: create), the values to write, m2m links."""
    line: int
    key: tuple
    values: dict[str, Any]
    links: dict[str, list] = field(default_factory=dict)
    record: Any = None
    changed: dict[str, Any] = field(default_factory=dict)

    @property
    def action(self) -> str:
        if self.record is None:
            return "created"
        return "updated" if self.changed else "unchanged"


class Ctx:
    """Everything a binder needs while planning one file: who, where, which columns, caches, errors."""

    def __init__(self, actor, consortium, spec: RecordSpec, columns, headers):
        self.actor = actor
        self.consortium = consortium
        self.spec = spec
        self.columns = set(columns)
        self.headers = dict(headers)
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []
        self._members: dict[str, Member] | None = None
        self.cache: dict[str, Any] = {}

    # -- who
    @property
    def is_admin(self) -> bool:
        return can_admin_consortium(self.actor, self.consortium.id)

    @property
    def own_member_id(self) -> int | None:
        return getattr(self.actor, "member_id", None) if getattr(self.actor, "role", None) in ("school", "enterprise") \
            else None

    # -- reporting
    def error(self, line: int, column: str | None, message: str) -> None:
        header = self.headers.get(column) if column else None
        if column and header is None and column in self.spec.by_name:
            header = self.spec.by_name[column].alias
        self.errors.append(RowError(line, column, message, header))

    def warn(self, line: int, column: str | None, message: str) -> None:
        self.warnings.append(RowError(line, column, message, self.headers.get(column) if column else None))

    # -- organisations of the consortium, loaded once
    @property
    def members(self) -> dict[str, Member]:
        if self._members is None:
            rows = db.session.scalars(select(Member).where(Member.consortium_id == self.consortium.id))
            self._members = {norm_name(m.name): m for m in rows}
        return self._members

    def member(self, line: int, column: str, name: str | None, *, kind: str | None = None,
               own_only: bool = False, own_message=None, required: bool = True) -> Member | None:
        """The member organisation a cell names, or None after reporting why not.

        ``kind`` 'school'/'enterprise'/'teacher_employer' restricts the type. With ``own_only`` a
        school/enterprise user may only name its own organisation; any other name (existing or not) gets
        the same ``own_message`` (a callable, translated only when needed), so the report never tells
        what another organisation holds."""
        if not name:
            if required:
                self.error(line, column, _("必填项不能为空"))
            return None
        member = self.members.get(norm_name(name))
        if own_only and not self.is_admin:
            if member is None or member.id != self.own_member_id:
                self.error(line, column, own_message() if own_message else _("只能导入本单位的数据"))
                return None
        if member is None:
            self.error(line, column, _("未找到成员单位「%(name)s」：请先在成员单位中登记，或检查名称是否与登记的完全一致",
                                       name=name))
            return None
        if kind == "school" and member.type not in SCHOOL_TYPES:
            self.error(line, column, _("「%(name)s」不是学校类成员单位", name=name))
            return None
        if kind == "enterprise" and member.type != "enterprise":
            self.error(line, column, _("「%(name)s」不是企业类成员单位", name=name))
            return None
        if kind == "teacher_employer" and member.type not in TEACHER_EMPLOYER_TYPES:
            self.error(line, column, _("教师必须属于学校、企业或科研机构：「%(name)s」不是", name=name))
            return None
        return member

    def member_or_name(self, data: dict, column: str) -> tuple[int | None, str | None]:
        """For columns that may name a non-member (a provider, an issuer, a venue): (member id, free name)."""
        name = data.get(column)
        if not name:
            return None, None
        member = self.members.get(norm_name(name))
        return (member.id, None) if member is not None else (None, name)


class Binder:
    """Declarative description of how one record type binds to the database. Subclasses set the class
    attributes and override the hooks they need."""

    type_name: str = ""
    model: Any = None
    roles: tuple[str, ...] = ("admin",)        # who may import this type at all (admin = the secretariat)
    direct: tuple[str, ...] = ()               # spec columns written to the attribute of the same name
    create_required: dict[str, str] = {}       # attribute → message when a new record lacks it
    create_defaults: dict[str, Any] = {}       # attribute → value for a new record when the column is absent
    m2m: tuple[str, ...] = ()                  # relationship names written from links

    # ---- hooks
    def prepare(self, ctx: Ctx, rows: list[ParsedRow]) -> None:
        """Resolve references for the whole file (bulk). Default: nothing beyond members (lazy)."""

    def bind(self, ctx: Ctx, row: ParsedRow) -> PlanItem | None:
        """Key and values of a row, or None after ctx.error()."""
        raise NotImplementedError

    def existing(self, ctx: Ctx, items: list[PlanItem]) -> dict[tuple, Any]:
        """Existing records by natural key, for the whole file (bulk)."""
        raise NotImplementedError

    def check(self, ctx: Ctx, item: PlanItem) -> bool:
        """Rules that depend on the existing record (permissions on it, fields a new one needs)."""
        return True

    def finalize(self, ctx: Ctx, items: list[PlanItem]) -> None:
        """Checks over the whole plan (e.g. slot capacity)."""

    def after_write(self, ctx: Ctx, items: list[PlanItem]) -> None:
        """Work after the rows were flushed (e.g. slot accounting); raise to abort the import."""

    def new_values(self, ctx: Ctx, values: dict) -> dict:
        """Column values of a new record (e.g. plus its consortium)."""
        return values

    def on_update(self, ctx: Ctx, item: PlanItem) -> None:
        """Side effects of an update (e.g. a changed engagement needs the host's confirmation again)."""

    # ---- helpers for subclasses
    def direct_values(self, ctx: Ctx, data: dict) -> dict:
        return {c: data.get(c) for c in self.direct if c in ctx.columns}


def _string_limits(model) -> dict[str, int]:
    return {c.key: plain_length(c) for c in model.__table__.columns if plain_length(c)}


def _same(old, new) -> bool:
    if isinstance(old, list) or isinstance(new, list):
        return list(old or []) == list(new or [])
    return old == new


def plan_rows(binder: Binder, ctx: Ctx, rows: list[ParsedRow]) -> list[PlanItem]:
    """Bind every row, load the existing records, and decide create/update/unchanged per row.
    Errors land in ctx.errors; the returned plan is only to be applied when there are none."""
    binder.prepare(ctx, rows)
    limits = _string_limits(binder.model)
    items: list[PlanItem] = []
    for row in rows:
        before = len(ctx.errors)
        item = binder.bind(ctx, row)
        if item is None or len(ctx.errors) != before:
            continue
        too_long = False
        for attr, value in item.values.items():
            limit = limits.get(attr)
            if limit and isinstance(value, str) and len(value) > limit:
                column = attr if attr in ctx.spec.by_name else attr.removesuffix("_id").removesuffix("_name")
                ctx.error(row.line, column if column in ctx.spec.by_name else None,
                          _("内容过长：%(n)d 个字符，最多 %(limit)d 个", n=len(value), limit=limit))
                too_long = True
        if not too_long:
            items.append(item)
    found = binder.existing(ctx, items) if items else {}
    planned: list[PlanItem] = []
    for item in items:
        item.record = found.get(item.key)
        if item.record is None:
            for attr, value in binder.create_defaults.items():
                if item.values.get(attr) is None:
                    item.values[attr] = value() if callable(value) else value
            missing = [(a, m) for a, m in binder.create_required.items() if item.values.get(a) is None]
            for attr, message in missing:
                ctx.error(item.line, attr if attr in ctx.spec.by_name else None, message)
            if missing:
                continue
        if not binder.check(ctx, item):
            continue
        if item.record is not None:
            item.changed = {k: v for k, v in item.values.items() if not _same(getattr(item.record, k), v)}
            for name, objs in item.links.items():
                if {o.id for o in getattr(item.record, name)} != {o.id for o in objs}:
                    item.changed[name] = objs
        planned.append(item)
    if not ctx.errors:
        binder.finalize(ctx, planned)
    return planned


def uniform_rows(model, rows: list[dict]) -> list[dict]:
    """The rows of a bulk INSERT with one set of keys, for `render_nulls=True`: the ORM sends rows that share
    their keys as one batched statement, and a row that leaves a column out or sets it to None would start a
    statement of its own (on PostgreSQL 20k students went out as 12k statements). A missing or None value is
    what the INSERT would have written: the column's scalar default, else NULL. A column whose default is
    computed (a function, or the server's) is left out of the rows that have no value for it."""
    if not rows:
        return rows
    columns = {attr.key: attr.columns[0] for attr in sa_inspect(model).column_attrs}
    for key in set().union(*rows):
        if all(row.get(key) is not None for row in rows):
            continue
        col = columns.get(key)
        if col is None:
            continue
        if col.server_default is None and (col.default is None or col.default.is_scalar):
            fill = col.default.arg if col.default is not None else None
            for row in rows:
                if row.get(key) is None:
                    row[key] = fill
        else:
            for row in rows:
                if row.get(key) is None:
                    row.pop(key, None)
    return rows


def apply_plan(binder: Binder, ctx: Ctx, items: list[PlanItem]) -> None:
    """Write the plan: insert the new records (one multi-row INSERT when they have no links), set the
    changed fields of the others, one flush."""
    new = [item for item in items if item.record is None]
    if any(item.links for item in new):
        records = []
        for item in new:
            record = binder.model(**binder.new_values(ctx, item.values))
            for name, objs in item.links.items():
                setattr(record, name, objs)
            records.append(record)
        db.session.add_all(records)
    elif new:
        # No ORM objects needed afterwards: a bulk INSERT is several times faster for 10k rows.
        # A bulk INSERT skips the ORM's attribute events: the keyed hashes of encrypted columns are added here.
        rows = [with_blind_indexes(binder.model, binder.new_values(ctx, dict(item.values))) for item in new]
        db.session.execute(insert(binder.model).execution_options(render_nulls=True), uniform_rows(binder.model, rows))
    for item in items:
        if item.record is not None and item.changed:
            for key, value in item.changed.items():
                setattr(item.record, key, value)
            binder.on_update(ctx, item)
    db.session.flush()
    binder.after_write(ctx, items)
