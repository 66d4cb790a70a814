"""Sessions end: remember-me cookies are per login, bounded, SameSite=Lax and Secure under HTTPS; logout,
a password change and deactivation end every session and cookie; idle and absolute timeouts apply."""
import time

import pytest

from consortium.auth import services as auth_services
from consortium.auth.models import User
from consortium.extensions import db

from ..conftest import Browser, csrf_from
from ..factories import PASSWORD


def _login(client, username="ent_a", password=PASSWORD, remember=True, **kw):
    page = client.get("/login", **kw)
    data = {"username": username, "password": password, "csrf_token": csrf_from(page.text)}
    if remember:
        data["remember"] = "y"
    return client.post("/login", data=data, **kw)


def _set_cookies(response) -> dict:
    return {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}


def _remember_only(app, value):
    """A new browser holding nothing but this remember-me cookie."""
    fresh = app.test_client()
    fresh.set_cookie("remember_token", value)
    return fresh


def test_remember_cookie_is_unique_per_login_lax_httponly_and_bounded(app, world):
    values = []
    for _ in range(2):
        client = app.test_client()
        r = _login(client)
        cookie = _set_cookies(r)["remember_token"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        expires = cookie.split("Expires=")[1].split(";")[0]
        from email.utils import parsedate_to_datetime

        days = (parsedate_to_datetime(expires).timestamp() - time.time()) / 86400
        assert 6 < days <= 7.01
        values.append(client.get_cookie("remember_token").value)
    assert values[0] != values[1]


def test_remember_cookie_is_refused_after_its_lifetime(app, world):
    client = app.test_client()
    _login(client)
    value = client.get_cookie("remember_token").value
    assert _remember_only(app, value).get("/").status_code == 200
    app.config["REMEMBER_COOKIE_DURATION"], saved = app.config["REMEMBER_COOKIE_DURATION"] * 0, \
        app.config["REMEMBER_COOKIE_DURATION"]
    try:
        time.sleep(1.1)
        assert _remember_only(app, value).get("/").status_code == 302
    finally:
        app.config["REMEMBER_COOKIE_DURATION"] = saved


def test_logout_ends_the_session_and_the_remember_cookie(app, world):
    client = app.test_client()
    _login(client)
    session_value = client.get_cookie("session").value
    remember_value = client.get_cookie("remember_token").value
    r = Browser(client).submit("/logout", {}, form_url="/")
    assert r.status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", session_value)
    assert replay.get("/").status_code == 302
    assert _remember_only(app, remember_value).get("/").status_code == 302


def test_logout_ends_sessions_in_other_browsers(app, world):
    first, second = app.test_client(), app.test_client()
    _login(first, remember=False)
    _login(second, remember=False)
    Browser(first).submit("/logout", {}, form_url="/")
    assert second.get("/").status_code == 302


def test_password_change_ends_other_sessions_and_cookies_but_not_this_one(app, world):
    other = app.test_client()
    _login(other)
    remember_value = other.get_cookie("remember_token").value
    session_value = other.get_cookie("session").value
    client = app.test_client()
    _login(client, remember=False)
    r = Browser(client).submit("/account/password", {"old_password": PASSWORD, "new_password": "New-pass-word-9",
                                                     "confirm": "New-pass-word-9"})
    assert r.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
    assert _remember_only(app, remember_value).get("/").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", session_value)
    assert replay.get("/").status_code == 302


def test_admin_reset_and_deactivation_end_the_users_sessions(app, world):
    user_client = app.test_client()
    _login(user_client)
    admin = Browser(app.test_client())
    admin.login("admin")
    admin.submit(f"/users/{world.ent_user}/edit", {"display_name": "甲", "active": "y", "new_password": "Reset-pass-1"})
    assert user_client.get("/").status_code == 302
    _login(user_client, password="Reset-pass-1")
    assert user_client.get("/").status_code == 200
    admin.submit(f"/users/{world.ent_user}/edit", {"display_name": "甲"})  # active unticked
    assert user_client.get("/").status_code == 302


def test_idle_and_absolute_timeouts(app, world, monkeypatch):
    client = app.test_client()
    _login(client, remember=False)
    assert client.get("/").status_code == 200
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 29 * 60)
    assert client.get("/").status_code == 200          # active again within 30 minutes
    monkeypatch.setattr(time, "time", lambda: real() + 29 * 60 + 31 * 60)
    assert client.get("/").status_code == 302          # idle for 31 minutes

    client = app.test_client()
    monkeypatch.setattr(time, "time", real)
    _login(client, remember=False)
    for minutes in range(20, 12 * 60, 20):             # busy all day, never idle
        monkeypatch.setattr(time, "time", lambda m=minutes: real() + m * 60)
        assert client.get("/").status_code == 200, minutes
    monkeypatch.setattr(time, "time", lambda: real() + 12 * 3600 + 60)
    assert client.get("/").status_code == 302          # 12 hours after signing in


def test_timeouts_are_configurable(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 5)
    client = app.test_client()
    _login(client, remember=False)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 6 * 60)
    assert client.get("/").status_code == 302


def test_csrf_token_and_session_rotate_at_login(app, world):
    client = app.test_client()
    page = client.get("/login")
    before = csrf_from(page.text)
    anonymous_session = client.get_cookie("session").value
    _login(client, remember=False)
    after = csrf_from(client.get("/account/password").text)
    assert before != after
    # The anonymous session cookie an attacker may have planted does not become a signed-in one.
    planted = app.test_client()
    planted.set_cookie("session", anonymous_session)
    assert planted.get("/").status_code == 302


def test_cookies_secure_and_hsts_under_https(app, world):
    client = app.test_client()
    # Flask-WTF checks the Referer on HTTPS posts, as a browser sends it.
    r = _login(client, base_url="https://localhost", headers={"Referer": "https://localhost/login"})
    assert r.status_code == 302
    cookies = _set_cookies(r)
    assert "; Secure" in cookies["session"] and "; Secure" in cookies["remember_token"]
    assert "max-age=" in r.headers["Strict-Transport-Security"]
    plain = _login(app.test_client())
    assert "Secure" not in _set_cookies(plain)["session"] and "Strict-Transport-Security" not in plain.headers


def test_frame_ancestors_none(client):
    r = client.get("/login")
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Frame-Options"] == "DENY"


def test_proxy_fix_counts_the_configured_proxies(monkeypatch, tmp_path):
    from consortium import create_app
    from consortium.config import TestingConfig

    monkeypatch.setenv("PROXY_COUNT", "1")
    app = create_app(TestingConfig)
    seen = {}

    @app.get("/_probe")
    def _probe():
        from flask import request

        seen.update(scheme=request.scheme, ip=request.remote_addr)
        return ""

    app.test_client().get("/_probe", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "1.2.3.4, 10.0.0.7"})
    assert seen == {"scheme": "https", "ip": "10.0.0.7"}
    monkeypatch.delenv("PROXY_COUNT")
    app = create_app(TestingConfig)
    app.add_url_rule("/_probe", "_probe", _probe)
    app.test_client().get("/_probe", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "1.2.3.4"})
    assert seen == {"scheme": "http", "ip": "127.0.0.1"}
