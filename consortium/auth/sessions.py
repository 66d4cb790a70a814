"""Sessions that end: a per-user session version, idle and absolute timeouts, a remember-me cookie unique
to each login with a bounded lifetime, and the cookie and header hardening that applies under HTTPS."""
import secrets
import time

from flask import current_app, g, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import login_user, logout_user, user_loaded_from_cookie
from werkzeug.middleware.proxy_fix import ProxyFix

from ..extensions import db, login_manager
from .models import User

_AUTH_AT = "_auth_at"   # when this session was authenticated (login, or restored from remember-me)
_SEEN_AT = "_seen_at"   # last request of this session
_KEEP = ("lang",)       # what survives a sign-in or sign-out of the anonymous session
_SEEN_GRANULARITY = 15  # seconds: the session cookie is not rewritten on every request


def load_user(user_id: str):
    """The user a session or remember-me cookie names, if that login is still valid: same session
    version, account active, and (for the cookie) within REMEMBER_COOKIE_DURATION of the login."""
    try:
        uid, version, issued, nonce = user_id.split(":", 3)
        uid, version, issued = int(uid), int(version), int(issued)
    except (AttributeError, ValueError):
        return None  # a cookie from before sessions carried a version: sign in again
    user = db.session.get(User, uid)
    if user is None or not user.is_active or user.session_version != version:
        return None
    if time.time() - issued > current_app.config["REMEMBER_COOKIE_DURATION"].total_seconds():
        return None
    user.login_stamp = (issued, nonce)
    return user


def _reset_session() -> None:
    kept = {k: session[k] for k in _KEEP if k in session}
    session.clear()
    session.update(kept)
    g.pop("csrf_token", None)  # Flask-WTF's per-request cache of the old token


def start_session(user: User, remember: bool = False) -> None:
    """Sign ``user`` in on a fresh session: no fixation, a new CSRF token, a cookie value of its own."""
    _reset_session()
    now = int(time.time())
    user.login_stamp = (now, secrets.token_urlsafe(12))
    login_user(user, remember=remember, duration=current_app.config["REMEMBER_COOKIE_DURATION"])
    session[_AUTH_AT] = session[_SEEN_AT] = now


def end_session() -> None:
    """Sign out of this browser: the session is emptied and the remember-me cookie deleted."""
    _reset_session()
    logout_user()


def _expired(now: int) -> bool:
    cfg = current_app.config
    auth_at, seen_at = session.get(_AUTH_AT), session.get(_SEEN_AT)
    return (not isinstance(auth_at, int) or not isinstance(seen_at, int)
            or now - seen_at > cfg["SESSION_IDLE_MINUTES"] * 60
            or now - auth_at > cfg["SESSION_ABSOLUTE_HOURS"] * 3600)


def enforce_timeouts() -> None:
    """Before each request: a session idle too long or authenticated too long ago is ended. A valid
    remember-me cookie then starts a new one (that is what the user asked for when ticking the box)."""
    if "_user_id" not in session:
        return
    now = int(time.time())
    if _expired(now):
        _reset_session()
        g.pop("_login_user", None)
    elif now - session[_SEEN_AT] >= _SEEN_GRANULARITY:
        session[_SEEN_AT] = now


def _restored_from_cookie(_app, user=None) -> None:
    now = int(time.time())
    session[_AUTH_AT] = session[_SEEN_AT] = now


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS (directly or, with ProxyFix,
    through the configured proxies), or always when SESSION_COOKIE_SECURE is set."""

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or (has_request_context() and request.is_secure))


def _https_hardening(response):
    """Under HTTPS: HSTS, and the Secure flag on every cookie set so far (the remember-me cookie)."""
    if request.is_secure:
        seconds = current_app.config["HSTS_SECONDS"]
        if seconds:
            response.headers.setdefault("Strict-Transport-Security", f"max-age={seconds}; includeSubDomains")
        cookies = response.headers.getlist("Set-Cookie")
        if cookies:
            response.headers.remove("Set-Cookie")
            for cookie in cookies:
                secure = any(p.strip().lower() == "secure" for p in cookie.split(";"))
                response.headers.add("Set-Cookie", cookie if secure else cookie + "; Secure")
    return response


def init_app(app) -> None:
    """Wire sessions into the app. Registered before Flask-Login so that its remember-me cookie is set
    before the HTTPS hardening runs (after_request functions run in reverse order)."""
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies,
                                x_prefix=proxies)
    app.session_interface = HttpsAwareSessionInterface()
    app.after_request(_https_hardening)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    app.before_request(enforce_timeouts)
    user_loaded_from_cookie.connect(_restored_from_cookie, app)
