"""The application factory, configuration, health check and error pages."""

from consortium import create_app
from consortium.config import normalize_database_url


def test_postgres_urls_use_psycopg3():
    assert normalize_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_embedded_default_is_sqlite_in_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("CONSORTIUM_INSTANCE", str(tmp_path))
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/consortium.db"
    key = app.config["SECRET_KEY"]
    assert len(key) == 64 and (tmp_path / "secret_key").read_text() == key
    assert create_app().config["SECRET_KEY"] == key  # written once, reused


def test_environment_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("CONSORTIUM_INSTANCE", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgresql://someone@db.example/consortium")
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://someone@db.example/consortium"
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["REDIS_URL"] == "redis://127.0.0.1:6379/3"


def test_healthz(client, app):
    r = client.get("/healthz")
    assert r.status_code == 200
    expected_queue = "ok" if app.config.get("REDIS_URL") else "inline"
    assert r.json == {"status": "ok", "database": "ok", "queue": expected_queue}


def test_chinese_404_page(client):
    r = client.get("/no-such-page")
    assert r.status_code == 404
    assert "页面不存在" in r.text and 'lang="zh-CN"' in r.text


def test_api_404_is_json_error_body(client):
    r = client.get("/api/v1/no-such-thing")
    assert r.status_code in (401, 404)
    assert set(r.json["error"]) >= {"code", "message"}


def test_english_is_selectable(client):
    r = client.get("/login?lang=en")
    assert "Sign in" in r.text
    assert client.get("/login").text.count("Sign in") >= 1  # the choice is remembered in the session
    r = client.get("/login?lang=zh_Hans")
    assert "登录" in r.text


def test_security_headers(client):
    r = client.get("/login")
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_no_inline_scripts_in_layout(client):
    html = client.get("/login").text
    assert "<script>" not in html and " onclick=" not in html
    # Assets are served from the project: every script and stylesheet is a local path (a random CSRF token
    # may well contain the letters "cdn", so look at the URLs, not the page).
    import re

    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets), assets


def test_static_bootstrap_served_locally(client):
    html = client.get("/login").text
    assert "/bootstrap/static/css/bootstrap.min.css" in html
    assert client.get("/bootstrap/static/css/bootstrap.min.css").status_code == 200
