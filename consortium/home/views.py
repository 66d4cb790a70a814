"""Landing dashboards per role, health check, consortium switch."""
from flask import Blueprint, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from ..extensions import db
from ..members.services import get_consortium
from ..queue import queue_health, queue_mode, redis_connection, stuck_runs
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


@bp.get("/healthz/ready")
def healthz_ready():
    """Readiness for monitors: the database, Redis, live workers, the queue's length, its oldest job's age and
    the jobs stuck past their timeout. 503 when the database or Redis is down, or when jobs are waiting and
    no worker has been seen for WORKER_ABSENT_SECONDS."""
    from flask import current_app

    absent_after = current_app.config["WORKER_ABSENT_SECONDS"]
    body, status = {"status": "ok", "database": "ok", "redis": "not configured", "workers": None, "queued": None,
                    "oldest_queued_seconds": None, "stuck_jobs": None, "problems": []}, 200
    try:
        db.session.execute(text("SELECT 1"))
        body["stuck_jobs"] = stuck_runs()
    except Exception:  # reported, not raised: this is a probe
        body["database"] = "error"
        body["problems"].append("database unreachable")
    if queue_mode() == "redis":
        try:
            conn = redis_connection()
            conn.ping()
            body["redis"] = "ok"
            body.update(queue_health(conn, absent_after))
        except Exception:
            body["redis"] = "error"
            body["problems"].append("redis unreachable")
        else:
            if body["queued"] and not body["workers"]:
                body["problems"].append(f"{body['queued']} job(s) waiting and no worker seen for {absent_after} s")
    if body["stuck_jobs"]:
        body["problems"].append(f"{body['stuck_jobs']} job(s) past their timeout (run `flask jobs reconcile`)")
    if body["database"] == "error" or body["redis"] == "error" or (body["queued"] and not body["workers"]):
        body["status"], status = "error", 503
    elif body["problems"]:
        body["status"] = "degraded"
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
