"""API plumbing: token authentication, the acting user's consortium, pages of results, tokens and the document."""
from datetime import date, datetime
from decimal import Decimal
from types import NoneType, UnionType
from typing import Annotated, Union, get_args, get_origin

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _

from ..auth import services as auth_services
from ..auth.ratelimit import login_account_key
from ..errors import NotFound, error_body
from ..extensions import db, limiter
from ..members.models import Consortium
from ..members.services import default_consortium, get_consortium
from ..params import id_arg
from .blueprint import bp
from .contract import (Enum, Id, Nullable, PageQuery, RequestModel, ResponseModel, Text, body_data,
                       openapi_document, operation, stamp)

PUBLIC_ENDPOINTS = {"api.create_token", "api.openapi"}


@bp.before_request
def authenticate_bearer():
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
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


def api_consortium() -> Consortium:
    """The acting user's consortium; a province-wide admin may pass ?consortium=ID."""
    user = actor()
    requested = id_arg("consortium")
    if requested:
        return get_consortium(user, requested)
    cid = user.consortium_id if user.role == "admin" else (user.member.consortium_id if user.member else user.consortium_id)
    consortium = db.session.get(Consortium, cid) if cid else default_consortium()
    if consortium is None:
        raise NotFound(_("尚未创建联合体"))
    return consortium


def serialize(value):
    """JSON-friendly values: money as a number, dates as ISO strings, times with their offset."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return stamp(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def paged(stmt, to_dict, query):
    """One page of a select; `query` is the operation's PageQuery (page 1 … 100 000, per_page 1 … 200)."""
    result = db.paginate(stmt, page=query.page, per_page=query.per_page, error_out=False, count=True)
    return {"items": [to_dict(x) for x in result.items], "page": query.page, "per_page": query.per_page,
            "total": result.total}


def _unset_filter(annotation):
    """What a list service takes for a filter the client left out: False for a flag, None for a number (a year,
    an id), "" for a text or a choice."""
    while get_origin(annotation) in (Annotated, Union, UnionType):
        annotation = next(a for a in get_args(annotation) if a is not NoneType)
    if annotation is bool:
        return False
    return None if annotation is int else ""


def query_filters(query) -> dict:
    """The filters of a list operation's PageQuery as the keyword arguments of its list service."""
    return {key: value if (value := getattr(query, key)) is not None else _unset_filter(info.annotation)
            for key, info in type(query).model_fields.items() if key not in PageQuery.model_fields}


# ---- tokens and the signed-in user ----------------------------------------------------------------

class TokenRequest(RequestModel):
    username: Text(80)
    password: Text(200)
    name: Nullable[Text(100)] = None


class User(ResponseModel):
    id: int
    username: str
    display_name: Nullable[str]
    role: Enum(("admin", "enterprise", "school", "student", "teacher"))
    member_id: Nullable[int]
    consortium_id: Nullable[int]


class Token(ResponseModel):
    token: str
    token_type: Enum(("Bearer",))
    user: User


@operation("post", "/tokens", summary="Issue a bearer token for a username and password", tag="auth",
           body=TokenRequest, response=Token, status=201, public=True)
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"])
@limiter.limit(lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"], key_func=login_account_key)
def create_token(body):
    data = body_data(body)
    user = auth_services.authenticate(data["username"], data["password"])
    if user is None:
        return jsonify(error_body("unauthorized", _("用户名或密码不正确"))), 401
    token = auth_services.issue_token(user, user, data.get("name") or "api")
    return jsonify({"token": token, "token_type": "Bearer", "user": user_dict(user)}), 201


def user_dict(user) -> dict:
    return {"id": user.id, "username": user.username, "display_name": user.display_name, "role": user.role,
            "member_id": user.member_id, "consortium_id": user.consortium_id}


@operation("get", "/me", summary="The signed-in user", tag="auth", response=User)
def me():
    return jsonify(user_dict(actor()))


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.errorhandler(400)
def bad_request(_exc):
    return jsonify(error_body("bad_request", _("请求有误（JSON 无法解析）"))), 400


__all__ = ["Id", "actor", "api_consortium", "paged", "query_filters", "serialize"]
