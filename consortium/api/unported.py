"""Transitional plumbing for API modules not yet declared through `contract.operation`.

The internship-supervision and supply-and-demand operations were written against the earlier hand-written
field types; until they are declared in contract.py they keep working through these helpers, but they are
NOT in /api/v1/openapi.json and the fuzzer does not reach them. Delete this module once they are ported.
"""
from datetime import date
from decimal import Decimal, InvalidOperation

from flask import request
from flask_babel import gettext as _

from ..errors import ValidationError
from ..extensions import db
from ..web import optional_year_arg, year_arg  # noqa: F401  (?year= as on pages)
from .contract import BadJSON

OPERATIONS: list = []  # collected, not published
SCHEMAS: dict = {}


def op(summary, tag, **_kw):
    return {"summary": summary, "tags": [tag]}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def json_body() -> dict:
    """The request's JSON object, or a 400 with the error body."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise BadJSON(_("请求体必须是有效的 JSON 对象"))
    return payload


def parse_fields(payload: dict, spec: dict[str, str], *, partial: bool = False) -> dict:
    """Convert JSON values by type (str, int, decimal, date, bool); every bad field is reported."""
    data, errors = {}, {}
    unknown = set(payload) - set(spec)
    for key in sorted(unknown):
        errors[key] = _("未知字段")
    for key, kind in spec.items():
        if key not in payload:
            continue
        value = payload[key]
        if value is None or value == "":
            data[key] = None
            continue
        try:
            data[key] = _convert(value, kind)
        except (TypeError, ValueError, InvalidOperation):
            errors[key] = {"int": _("应为整数"), "decimal": _("应为数字"), "date": _("应为 YYYY-MM-DD 格式的日期"),
                           "bool": _("应为 true 或 false"), "str": _("应为字符串"),
                           "list": _("应为字符串列表")}[kind]
    if errors:
        raise ValidationError(_("请更正标出的字段"), errors)
    return data


def _convert(value, kind):
    if kind == "str":
        if not isinstance(value, str):
            raise TypeError
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError
        return value
    if kind == "decimal":
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise TypeError
        result = Decimal(str(value))
        if not result.is_finite():
            raise ValueError
        return result
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "list":
        if isinstance(value, str):
            return value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TypeError
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise TypeError
        return value
    raise ValueError(kind)


def paged(stmt, to_dict):
    page = max(1, request.args.get("page", 1, type=int))
    per_page = min(200, max(1, request.args.get("per_page", 50, type=int)))
    result = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
    return {"items": [to_dict(x) for x in result.items], "page": page, "per_page": per_page, "total": result.total}
