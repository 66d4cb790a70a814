"""Domain exceptions raised by services, and the HTTP handlers that turn them into pages or JSON."""
from flask import jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from .extensions import db


class DomainError(Exception):
    """Base of the errors services raise; `fields` maps a field name to its message.

    Each kind names its HTTP status and the API's error code in its class line:
    ``class NotFound(DomainError, status=404, code="not_found")``.
    """

    status = 400
    code = "bad_request"

    def __init_subclass__(cls, status: int | None = None, code: str | None = None, **kwargs):
        super().__init_subclass__(**kwargs)
        if status is not None:
            cls.status = status
        if code is not None:
            cls.code = code

    def __init__(self, message: str = "", fields: dict | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationError(DomainError, status=422, code="validation_error"):
    """Input that breaks a rule; nothing was written."""


class NotAllowed(DomainError, status=403, code="forbidden"):
    """The acting user may not do this."""


class NotFound(DomainError, status=404, code="not_found"):
    """No such record, or one the acting user may not know of."""


class Conflict(DomainError, status=409, code="conflict"):
    """The request clashes with the current state (a duplicate, a full position)."""


class QueueUnavailable(DomainError, status=503, code="queue_unavailable"):
    """Background jobs cannot be queued (Redis unreachable); nothing was written, the user may try again."""


def error_body(code: str, message: str, fields: dict | None = None):
    """The JSON error body of interfaces.md."""
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def wants_json() -> bool:
    return request.path.startswith(("/api/", "/healthz"))


_HTTP_MESSAGES = {
    400: "请求有误",
    401: "请先登录",
    403: "没有权限访问该页面",
    404: "页面不存在",
    405: "不支持该请求方法",
    413: "上传的文件太大",
    429: "请求过于频繁，请稍后再试",
    500: "服务器内部错误",
}


def register_error_handlers(app):
    """Chinese error pages for the UI; the JSON error body under /api/."""

    @app.errorhandler(DomainError)
    def handle_domain_error(exc: DomainError):
        db.session.rollback()
        if wants_json():
            return jsonify(error_body(exc.code, exc.message, exc.fields)), exc.status
        template = "errors/404.html" if exc.status == 404 else "errors/403.html" if exc.status == 403 else "errors/error.html"
        return render_template(template, status=exc.status, message=exc.message), exc.status

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException):
        db.session.rollback()
        status = exc.code or 500
        message = _(_HTTP_MESSAGES.get(status, exc.name))
        if wants_json():
            code = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                    405: "method_not_allowed", 413: "too_large", 429: "rate_limited"}.get(status, "http_error")
            response = jsonify(error_body(code, message))
            response.status_code = status
            # A 405 keeps its Allow header (and a 429 its Retry-After): clients rely on them.
            for name, value in exc.get_headers():
                if name.lower() != "content-type":
                    response.headers[name] = value
            return response
        template = {403: "errors/403.html", 404: "errors/404.html", 500: "errors/500.html"}.get(status, "errors/error.html")
        headers = [(n, v) for n, v in exc.get_headers() if n.lower() != "content-type"]
        return render_template(template, status=status, message=message), status, headers

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error")
        if app.config.get("TESTING") and app.config.get("PROPAGATE_TEST_ERRORS", True):
            raise exc
        if wants_json():
            return jsonify(error_body("internal_error", _("服务器内部错误"))), 500
        return render_template("errors/500.html", status=500, message=_("服务器内部错误")), 500
