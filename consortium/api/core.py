"""API plumbing: token authentication, JSON parsing with field errors, tokens and the OpenAPI document."""
from datetime import date
from decimal import Decimal, InvalidOperation

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _


from ..auth import services as auth_services
from ..auth.ratelimit import login_account_key
from ..errors import NotAllowed, ValidationError, error_body
from ..extensions import db, limiter
from ..members.models import Consortium
from ..members.services import default_consortium, get_consortium
from ..web import filter_args, optional_year_arg, year_arg  # noqa: F401  (?year= and list filters, as on pages)
from .blueprint import bp
from .openapi import openapi_document


class Unauthorized(NotAllowed):
    status = 401
    code = "unauthorized"


PUBLIC_ENDPOINTS = {"api.create_token", "api.openapi"}


@bp.before_request
def authenticate_bearer():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    user = auth_services.user_for_token(token)
    if user is None:
        return jsonify(error_body("unauthorized", _("缺少或无效的访问令牌"))), 401
    g.api_user = user
    return None


def actor():
    return g.api_user


class BadJSON(ValidationError):
    """The body is not a JSON object."""

    status = 400
    code = "bad_request"


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


def api_consortium() -> Consortium:
    """The acting user's consortium; a province-wide admin may pass ?consortium=ID."""
    user = actor()
    requested = request.args.get("consortium", type=int)
    if requested:
        return get_consortium(user, requested)
    cid = user.consortium_id if user.role == "admin" else (user.member.consortium_id if user.member else user.consortium_id)
    consortium = db.session.get(Consortium, cid) if cid else default_consortium()
    if consortium is None:
        from ..errors import NotFound

        raise NotFound(_("尚未创建联合体"))
    return consortium


def serialize(value):
    """JSON-friendly values: money as a number, dates as ISO strings."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def page_params():
    page = max(1, request.args.get("page", 1, type=int))
    per_page = min(200, max(1, request.args.get("per_page", 50, type=int)))
    return page, per_page


def paged(stmt, to_dict):
    page, per_page = page_params()
    result = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
    return {"items": [to_dict(x) for x in result.items], "page": page, "per_page": per_page, "total": result.total}


@bp.post("/tokens")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"])
@limiter.limit(lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"], key_func=login_account_key)
def create_token():
    """Exchange a username and password for a bearer token (shown once)."""
    payload = json_body()
    data = parse_fields(payload, {"username": "str", "password": "str", "name": "str"})
    user = auth_services.authenticate(data.get("username") or "", data.get("password") or "")
    if user is None:
        return jsonify(error_body("unauthorized", _("用户名或密码不正确"))), 401
    token = auth_services.issue_token(user, user, data.get("name") or "api")
    return jsonify({"token": token, "token_type": "Bearer", "user": user_dict(user)}), 201


def user_dict(user) -> dict:
    return {"id": user.id, "username": user.username, "display_name": user.display_name, "role": user.role,
            "member_id": user.member_id, "consortium_id": user.consortium_id}


@bp.get("/me")
def me():
    return jsonify(user_dict(actor()))


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.errorhandler(400)
def bad_request(_exc):
    return jsonify(error_body("bad_request", _("请求有误（JSON 无法解析）"))), 400


