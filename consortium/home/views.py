"""Landing dashboards per role, health check, consortium switch."""
from flask import Blueprint, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from ..extensions import db
from ..members.services import get_consortium
from ..queue import queue_mode, redis_connection
from ..supervision.incidents import open_serious_incidents
from ..supervision.services import insurance_alerts
from . import services
from ..members.context import current_consortium

bp = Blueprint("home", __name__)


@bp.get("/")
@login_required
def dashboard():
    if current_user.role == "bureau":  # a recommending unit works on its city's books
        return redirect(url_for("book.review_list"))
    consortium = current_consortium()
    summary = services.dashboard_summary(current_user, consortium)
    alerts = {"serious_incidents": open_serious_incidents(current_user, consortium.id),
              "insurance": insurance_alerts(current_user, consortium.id)}
    return render_template(f"home/dashboard_{summary['template']}.html", consortium=consortium, summary=summary,
                           alerts=alerts)


@bp.post("/consortium/switch")
@login_required
def switch_consortium():
    consortium = get_consortium(current_user, request.form.get("consortium_id", type=int) or 0)
    session["consortium_id"] = consortium.id
    return redirect(request.referrer or url_for("home.dashboard"))


@bp.get("/healthz")
def healthz():
    """Liveness for load balancers: the database answers, and Redis too when configured."""
    body, status = {"status": "ok", "database": "ok", "queue": queue_mode()}, 200
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # reported, not raised: this is a probe
        body.update(status="error", database="error")
        status = 503
    if body["queue"] == "redis":
        try:
            redis_connection().ping()
            body["queue"] = "ok"
        except Exception:
            body.update(status="error", queue="error")
            status = 503
    return jsonify(body), status


@bp.get("/lang/<code>")
def set_language(code):
    from flask import current_app

    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(same_site_referrer() or url_for("home.dashboard"))


def same_site_referrer() -> str | None:
    """The page the user came from, as a path on this site; None for another site (no open redirect)."""
    from urllib.parse import urlsplit

    ref = urlsplit(request.referrer or "")
    if not ref.path or ref.netloc != request.host or ref.scheme not in ("http", "https"):
        return None
    path = ref.path if not ref.path.startswith("//") else "/"
    return path + (f"?{ref.query}" if ref.query else "")


@bp.app_template_global()
def t_role(role):
    from ..vocab import ROLES

    return ROLES.get(role, role)




@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page says."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)
