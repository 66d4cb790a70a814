"""The API's contract: Pydantic models declare each operation's input and output once; the same declaration
checks every request (422 naming the field) and writes the OpenAPI 3.1 document, so the two cannot drift.

An operation is declared with `@operation(method, rule, summary=…, tag=…, body=…, query=…, response=…)`;
see docs/api.md, "Adding an operation".
"""
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from functools import wraps
from typing import Annotated, Any, Literal, Optional, Union

from flask import current_app, request
from flask_babel import gettext as _
from pydantic import (AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema,
                      create_model)
from pydantic import ValidationError as PydanticError
from pydantic.json_schema import models_json_schema
from sqlalchemy import Boolean, Date, Integer, Numeric, String
from sqlalchemy import Text as SAText
from sqlalchemy import JSON as JSONType

from ..crypto import Encrypted
from ..errors import ValidationError
from ..params import ID_MAX, INT_MAX, PAGE_MAX, PER_PAGE_MAX, YEAR_MAX, YEAR_MIN, normalise_number_text
from ..timeutil import SHANGHAI
from .blueprint import bp

TEXT_MAX = 10_000  # a Text column: long enough for any note, short enough to refuse a flood
# YYYY-MM-DD from 1900-01-01 to 2100-12-31, each month with its own days (29 February in leap years only), so
# that the pattern alone tells a client, or a fuzzer, exactly which texts are dates.
_YEAR = r"(19[0-9]{2}|20[0-9]{2}|2100)"
_LEAP = r"(19(0[48]|[2468][048]|[13579][26])|20([02468][048]|[13579][26]))"
DATE_PATTERN = (rf"^({_YEAR}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)"
                rf"|02-(0[1-9]|1[0-9]|2[0-8]))|{_LEAP}-02-29)$")


# ---- the two kinds of model ---------------------------------------------------------------------

class RequestModel(BaseModel):
    """A request body: strict JSON types, unknown fields refused (additionalProperties: false)."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_mode_override="validation")


class QueryModel(BaseModel):
    """Query parameters: text converted to the declared type; unknown parameters are left alone."""

    model_config = ConfigDict(extra="ignore")


class ResponseModel(BaseModel):
    """A response body. Only documents: the view returns plain dicts, the fuzzer holds them to this."""

    model_config = ConfigDict(extra="forbid")


# ---- field types --------------------------------------------------------------------------------

def _drop_nul(value):
    # PostgreSQL text cannot hold NUL; other control characters except tab and newlines are noise too.
    # Removed after the length check, so a text the document calls too long is refused as sent.
    if isinstance(value, str):
        return "".join(ch for ch in value if ch in "\t\n\r" or unicodedata.category(ch) not in ("Cc", "Cs"))
    return value


def _to_decimal(value):
    return Decimal(str(value))


def Text(max_length: int):
    """A string of at most `max_length` characters; control characters are then removed.

    A blank required text passes here and the service answers 请填写… (a rule, code validation_error).
    """
    return Annotated[str, Field(max_length=max_length), AfterValidator(_drop_nul)]


def _whole(value):
    # JSON Schema counts 5.0 as an integer; so does the API.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def Int(minimum: int = 0, maximum: int = INT_MAX):
    return Annotated[int, Field(ge=minimum, le=maximum), BeforeValidator(_whole)]


def Number(maximum: float, minimum: float = 0, *, exclusive_minimum: bool = False, digits: int | None = None,
           scale: int | None = None):
    """A JSON number turned into a Decimal; the service rounds it to its column's scale.

    With `digits` and `scale` (a Numeric column's whole and fractional digits) the amount may also be sent
    as text such as "12.50", which keeps money exact; the pattern bounds it as the column does.
    """
    bound = Field(gt=minimum, le=maximum) if exclusive_minimum else Field(ge=minimum, le=maximum)
    number = Annotated[float, bound, AfterValidator(_to_decimal)]
    if digits is None:
        return number
    fraction = rf"(\.[0-9]{{1,{scale}}})?" if scale else ""
    text = Annotated[str, Field(pattern=rf"^[0-9]{{1,{digits}}}{fraction}$"), AfterValidator(_to_decimal)]
    return Union[number, text]


def Enum(values):
    """One of the given keys (a vocabulary dict or a tuple)."""
    return Literal[tuple(values)]


Id = Int(1, ID_MAX)
Year = Int(YEAR_MIN, YEAR_MAX)
# The document shows a date as text with DATE_PATTERN (no `format`, which fuzzers read instead of the pattern).
Day = Annotated[date, Field(strict=False), BeforeValidator(lambda v: _check_date_text(v)),
                WithJsonSchema({"type": "string", "pattern": DATE_PATTERN,
                                "description": "A date, YYYY-MM-DD, 1900-01-01 to 2100-12-31"})]
Bool = bool
Ids = Annotated[list[Id], Field(max_length=200)]
Labels = Union[Annotated[list[Text(50)], Field(max_length=50)], Text(500)]  # a list, or one comma-separated text


def _check_date_text(value):
    # Only text in the document's pattern: no timestamps, no years outside 1900–2100.
    if not isinstance(value, str) or not re.match(DATE_PATTERN, value):
        raise ValueError("date_range")
    return value


def column_type(column, *, required: bool = False):
    """The request type of a model column: a String's length, a Numeric's range, an Integer's bounds."""
    col = column.property.columns[0] if hasattr(column, "property") else column
    kind = col.type
    if isinstance(kind, Encrypted):  # stored encrypted: the plaintext's length is what a request may send
        return Text(kind.plain_length)
    if isinstance(kind, String) and kind.length:
        return Text(kind.length)
    if isinstance(kind, (SAText, String)):
        return Text(TEXT_MAX)
    if isinstance(kind, Boolean):
        return bool
    if isinstance(kind, Date):
        return Day
    if isinstance(kind, Numeric):
        scale = kind.scale or 0
        whole = (kind.precision or 12) - scale
        return Number(float(10 ** whole - Decimal(1).scaleb(-scale)), digits=whole, scale=scale)
    if isinstance(kind, Integer):
        if col.name.endswith("year"):
            return Year
        if col.foreign_keys:
            return Id
        return Int()
    if isinstance(kind, JSONType):
        return Labels
    raise TypeError(f"no request type for {col}")


def partial(model: type[RequestModel], name: str | None = None, *, exclude=()) -> type[RequestModel]:
    """The PATCH form of a create model: every field optional, the same types and limits (`exclude` drops some)."""
    fields = {}
    for key, info in model.model_fields.items():
        if key in exclude:
            continue
        annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        fields[key] = (annotation, Field(default=None))
    return create_model(name or model.__name__.replace("Create", "Patch"), __base__=RequestModel,
                        __doc__=f"Fields of {model.__name__}, each optional; only those given change.", **fields)


# ---- response helpers ---------------------------------------------------------------------------

Nullable = Optional
Stamp = AwareDatetime


def stamp(value: datetime | None) -> str | None:
    """A stored UTC time as ISO 8601 with its offset, in Asia/Shanghai."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(SHANGHAI).isoformat()


class Page(ResponseModel):
    page: int
    per_page: int
    total: int


def page_of(item: type[ResponseModel], name: str | None = None) -> type[ResponseModel]:
    """A page of `item`s: {"items": […], "page": …, "per_page": …, "total": …}."""
    return create_model(name or f"{item.__name__}Page", __base__=Page, items=(list[item], ...))


def list_of(item: type[ResponseModel], name: str | None = None) -> type[ResponseModel]:
    return create_model(name or f"{item.__name__}List", __base__=ResponseModel, items=(list[item], ...))


class PageQuery(QueryModel):
    page: Annotated[int, Field(ge=1, le=PAGE_MAX)] = 1
    per_page: Annotated[int, Field(ge=1, le=PER_PAGE_MAX)] = 50


# ---- errors --------------------------------------------------------------------------------------

class InvalidInput(ValidationError):
    """The request does not match the operation's declared schema (types, ranges, lengths, unknown fields)."""

    code = "invalid_input"


class BadJSON(ValidationError):
    """The body is not a JSON object."""

    status = 400
    code = "bad_request"


def _message(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return _("必填")
    if kind == "extra_forbidden":
        return _("未知字段")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("应为整数")
    if kind in ("float_type", "float_parsing", "finite_number", "decimal_type", "decimal_parsing"):
        return _("应为数字")
    if kind.startswith("date") or (kind == "value_error" and "date_range" in error.get("msg", "")):
        return _("应为 1900-01-01 至 2100-12-31 之间的 YYYY-MM-DD 日期")
    if kind in ("bool_type", "bool_parsing"):
        return _("应为 true 或 false")
    if kind == "string_type":
        return _("应为字符串")
    if kind in ("list_type",):
        return _("应为列表")
    if kind == "too_long":
        return _("最多 %(n)s 项", n=ctx.get("max_length"))
    if kind == "string_too_long":
        return _("不超过 %(n)s 个字符", n=ctx.get("max_length"))
    if kind == "string_too_short":
        return _("必填")
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        if kind == "greater_than_equal" and bound == 0:
            return _("不能为负数")
        return {"greater_than_equal": _("应不小于 %(n)s", n=bound), "greater_than": _("应大于 %(n)s", n=bound),
                "less_than_equal": _("应不大于 %(n)s", n=bound), "less_than": _("应小于 %(n)s", n=bound)}[kind]
    if kind == "literal_error":
        return _("应为以下之一：%(values)s", values=ctx.get("expected", ""))
    if kind in ("union_tag_invalid", "model_type", "dict_type"):
        return _("类型不正确")
    return _("值无效")


def _field_errors(exc: PydanticError) -> dict:
    fields: dict = {}
    for error in exc.errors(include_url=False):
        loc = [str(part) for part in error["loc"] if not isinstance(part, str) or part not in
               ("list[...]", "str", "constrained-str", "function-after[_to_decimal(), float]")]
        # Union branches add their own names to the location; the field is the first part.
        name = loc[0] if loc else "body"
        if len(loc) > 1 and loc[1].isdigit():
            name = f"{loc[0]}.{loc[1]}"
        fields.setdefault(name, _message(error))
    return fields


def parse_body(model: type[RequestModel], *, optional: bool = False) -> RequestModel:
    raw = request.get_data(cache=True)
    if optional and not raw.strip():
        raw = b"{}"
    try:
        return model.model_validate_json(raw)
    except PydanticError as exc:
        kinds = {e["type"] for e in exc.errors()}
        if kinds & {"json_invalid", "model_type", "model_attributes_type", "json_type"}:
            raise BadJSON(_("请求体必须是有效的 JSON 对象")) from None
        raise InvalidInput(_("请更正标出的字段"), _field_errors(exc)) from None


def parse_query(model: type[QueryModel]) -> QueryModel:
    values, errors = {}, {}
    for key in model.model_fields:
        given = request.args.getlist(key)
        if not given:
            continue
        if len(given) > 1:
            errors[key] = _("只能给出一个值")
            continue
        # Full-width digits (２０２４) are read as the number they show.
        number = normalise_number_text(given[0])
        values[key] = number if re.fullmatch(r"-?[0-9]+", number) else given[0]
    try:
        query = model.model_validate(values)
    except PydanticError as exc:
        errors = {**_field_errors(exc), **errors}
    if errors:
        raise InvalidInput(_("请更正标出的字段"), errors)
    return query


def body_data(body: RequestModel) -> dict:
    """The fields the client sent, as the services take them."""
    return body.model_dump(exclude_unset=True, warnings=False)


# ---- operations and the document ----------------------------------------------------------------

ERROR_STATUSES = {
    "400": "The body is not a JSON object",
    "401": "No token, or a bad one",
    "403": "The user may not do this",
    "404": "No such record (or one the user may not see)",
    "405": "Method not allowed (the Allow header lists the allowed ones)",
    "409": "The request clashes with the current state",
    "413": "The request body is too large",
    "414": "The URL is too long (the server or a proxy in front of it refuses it)",
    "422": "A field is invalid; error.fields names each one",
    "429": "Too many requests",
}


@dataclass
class Operation:
    method: str
    rule: str
    summary: str
    tag: str
    body: type | None = None
    query: type | None = None
    response: type | None = None
    status: int = 200
    public: bool = False
    body_optional: bool = False
    description: str = ""
    endpoint: str = ""
    path_types: dict = field(default_factory=dict)

    @property
    def path(self) -> str:
        return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", self.rule)

    @property
    def path_names(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.rule)


OPERATIONS: list[Operation] = []


def operation(method: str, rule: str, *, summary: str, tag: str, body=None, query=None, response=None,
              status: int = 200, public: bool = False, body_optional: bool = False, description: str = "",
              path_types: dict | None = None):
    """Register an API view and its contract.

    The view receives its path values, then `query=` (a QueryModel instance) and `body=` (a RequestModel
    instance; `body_data(body)` gives the fields sent) when declared. Every error status is documented.
    """
    if status != 204 and response is None:
        raise TypeError(f"{method.upper()} {rule}: declare its response model")

    def decorate(view):
        op = Operation(method.lower(), rule, summary, tag, body, query, response, status, public, body_optional,
                       description or (view.__doc__ or "").strip(), f"api.{view.__name__}", path_types or {})
        OPERATIONS.append(op)

        @wraps(view)
        def handler(**values):
            for name, kind in op.path_types.items():
                values[name] = _check_path(name, values[name], kind)
            if query is not None:
                values["query"] = parse_query(query)
            if body is not None:
                values["body"] = parse_body(body, optional=body_optional)
            return view(**values)

        bp.add_url_rule(rule, view.__name__, handler, methods=[method.upper()])
        return handler
    return decorate


def _check_path(name, value, kind):
    from pydantic import TypeAdapter

    try:
        return TypeAdapter(kind).validate_python(value)
    except PydanticError as exc:
        raise InvalidInput(_("请更正标出的字段"), {name: _message(exc.errors()[0])}) from None


def no_content():
    """A 204: no body and no Content-Type."""
    response = current_app.response_class(status=204)
    response.headers.pop("Content-Type", None)
    return response


def _clean(schema: Any) -> Any:
    """Drop Pydantic's titles and null defaults: they say nothing a client needs."""
    if isinstance(schema, dict):
        out = {}
        for key, value in schema.items():
            if key == "title" and isinstance(value, str):
                continue
            if key == "default" and value is None:
                continue
            out[key] = _clean(value)
        return out
    if isinstance(schema, list):
        return [_clean(v) for v in schema]
    return schema


def _param_schema(kind) -> dict:
    from pydantic import TypeAdapter

    return _clean(TypeAdapter(kind).json_schema())


def openapi_document() -> dict:
    models = []
    for op in OPERATIONS:
        if op.body is not None:
            models.append((op.body, "validation"))
        if op.response is not None:
            models.append((op.response, "serialization"))
    models.append((ErrorBody, "serialization"))
    _, defs = models_json_schema(list(dict.fromkeys(models)), ref_template="#/components/schemas/{model}")
    schemas = _clean(defs.get("$defs", {}))
    names = _public_names(schemas)
    schemas = _rename_refs({names[k]: v for k, v in schemas.items()}, names)
    error_ref = {"$ref": "#/components/schemas/Error"}
    paths: dict = {}
    for op in OPERATIONS:
        responses = {}
        if op.status == 204:
            responses["204"] = {"description": "Done; no body"}
        else:
            schema = {"$ref": f"#/components/schemas/{names[op.response.__name__]}"}
            responses[str(op.status)] = {"description": "OK", "content": {"application/json": {"schema": schema}}}
        for code in ERROR_STATUSES:
            responses[code] = {"$ref": f"#/components/responses/Error{code}"}
        doc: dict = {"operationId": op.endpoint.split(".", 1)[1], "summary": op.summary, "tags": [op.tag],
                     "responses": responses}
        if op.description and op.description != op.summary:
            doc["description"] = op.description
        params = []
        for name in op.path_names:
            kind = op.path_types.get(name, Id)
            params.append({"name": name, "in": "path", "required": True, "schema": _param_schema(kind)})
        if op.query is not None:
            for name, info in op.query.model_fields.items():
                annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
                schema = _param_schema(annotation)
                params.append({"name": name, "in": "query", "required": info.is_required(),
                               "schema": _strip_null(schema),
                               **({"description": info.description} if info.description else {})})
        if params:
            doc["parameters"] = params
        if op.body is not None:
            doc["requestBody"] = {"required": not op.body_optional, "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/{names[op.body.__name__]}"}}}}
        if op.public:
            doc["security"] = []
        paths.setdefault(op.path, {})[op.method] = doc
    return {
        "openapi": "3.1.0",
        "info": {"title": "市域产教联合体平台 API", "version": "1.0.0",
                 "description": "JSON API of the consortium platform. Authenticate with "
                                "`Authorization: Bearer <token>` (POST /tokens issues one). Errors are "
                                "`{\"error\": {\"code\", \"message\", \"fields\"}}`."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}, "schemas": schemas,
                       "responses": {f"Error{code}": {"description": text,
                                                      "content": {"application/json": {"schema": error_ref}},
                                                      **({"headers": {"Allow": {"schema": {"type": "string"},
                                                          "description": "The methods the path allows"}}}
                                                         if code == "405" else {})}
                                     for code, text in ERROR_STATUSES.items()}},
    }


def _public_names(schemas: dict) -> dict:
    """Response models are named XOut in code and X in the document (ErrorBody is Error)."""
    names = {}
    for name in schemas:
        public = "Error" if name == "ErrorBody" else re.sub(r"Out(?=(Page|List)?$)", "", name)
        names[name] = public if public not in schemas or public == name else name
    return names


def _rename_refs(schema, names: dict):
    if isinstance(schema, dict):
        out = {}
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/components/schemas/"):
                value = "#/components/schemas/" + names.get(value.rsplit("/", 1)[1], value.rsplit("/", 1)[1])
            out[key] = _rename_refs(value, names)
        return out
    if isinstance(schema, list):
        return [_rename_refs(v, names) for v in schema]
    return schema


def _strip_null(schema: dict) -> dict:
    """A query parameter is absent rather than null: document only its non-null form."""
    options = schema.get("anyOf")
    if options:
        kept = [o for o in options if o.get("type") != "null"]
        if len(kept) == 1:
            rest = {k: v for k, v in schema.items() if k != "anyOf"}
            return {**kept[0], **rest}
        return {**schema, "anyOf": kept}
    return schema


class ErrorDetail(ResponseModel):
    code: str
    message: str
    fields: dict[str, str] = Field(default_factory=dict)


class ErrorBody(ResponseModel):
    error: ErrorDetail
