"""The audit log pages (search, CSV export) and the hooks that feed it: account events from auth, and
every request answered 403."""
from datetime import datetime, time, timedelta, timezone

from flask import Blueprint, Response, has_request_context, render_template, request
from flask_login import current_user, login_required

from ..auth.events import account_event
from ..timeutil import SHANGHAI
from ..web import paginate
from . import services

bp = Blueprint("audit", __name__)


def _client_ip():
    return request.remote_addr if has_request_context() else None


def _on_account_event(_sender, *, action, actor, outcome, target, object_type, object_id, detail, separate):
    consortium_id = getattr(target, "consortium_id", None) if target is not None else None
    services.record(action, actor=actor, outcome=outcome, object_type=object_type, object_id=object_id,
                    detail=detail, ip=_client_ip(), consortium_id=consortium_id, separate=separate)


def _record_denial(response):
    """Runs after the request's own transaction was committed or rolled back (registered first)."""
    if response.status_code == 403 and request.endpoint != "static":
        actor = current_user if getattr(current_user, "is_authenticated", False) else None
        services.record("access.denied", actor=actor, outcome="denied", object_type="url",
                        detail=f"{request.method} {request.path}"[:500], ip=_client_ip(), separate=True)
    return response


def init_app(app) -> None:
    account_event.connect(_on_account_event)
    app.after_request(_record_denial)


def _day(value: str, end: bool = False):
    """A YYYY-MM-DD date of the Shanghai calendar as the UTC bound of that day."""
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except (TypeError, ValueError):
        return None
    start = datetime.combine(day + timedelta(days=1 if end else 0), time(), tzinfo=SHANGHAI)
    return start.astimezone(timezone.utc).replace(tzinfo=None)


def _filters():
    args = request.args
    return {"action": args.get("action", ""), "username": args.get("username", ""),
            "outcome": args.get("outcome", ""), "since": _day(args.get("since", "")),
            "until": _day(args.get("until", ""), end=True),
            "consortium_id": args.get("consortium_id", type=int)}


@bp.get("/audit")
@login_required
def list_events():
    page = paginate(services.search(current_user, **_filters()))
    return render_template("audit/list.html", page=page, args=request.args, actions=services.ACTIONS,
                           outcomes=services.OUTCOMES, local_time=services.local_time)


@bp.get("/audit.csv")
@login_required
def export_events():
    stmt = services.search(current_user, **_filters())
    body = services.export_csv(current_user, stmt)
    services.record("export", actor=current_user, object_type="audit_event", detail="audit.csv", ip=_client_ip())
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="audit.csv"'})
