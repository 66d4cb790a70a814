"""Test fixtures: one schema per run (built by the migrations), emptied after every test.

The database is SQLite in a temporary folder unless DATABASE_URL is set (CI sets a fresh
PostgreSQL database); REDIS_URL, when set, sends background jobs to a real Redis queue.
"""
import os
import re
import tempfile

import pytest

_TMP = tempfile.mkdtemp(prefix="consortium-tests-")
os.environ.setdefault("CONSORTIUM_INSTANCE", os.path.join(_TMP, "instance"))

from consortium import create_app  # noqa: E402
from consortium.config import TestingConfig  # noqa: E402
from consortium.extensions import db as _db  # noqa: E402

from . import factories  # noqa: E402

DATABASE_URL = os.environ.get("DATABASE_URL") or "sqlite:///" + os.path.join(_TMP, "test.db")
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres: needs PostgreSQL (DATABASE_URL); skipped on SQLite")
    config.addinivalue_line("markers", "redis: needs Redis (REDIS_URL)")
    config.addinivalue_line("markers", "browser: drives headless Chromium through Playwright")


def pytest_collection_modifyitems(config, items):
    is_pg = DATABASE_URL.startswith("postgres")
    for item in items:
        if "postgres" in item.keywords and not is_pg:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL"))
        if "redis" in item.keywords and not os.environ.get("REDIS_URL"):
            if REQUIRE_SERVICES:
                raise pytest.UsageError("REQUIRE_SERVICES=1 but REDIS_URL is not set")
            item.add_marker(pytest.mark.skip(reason="needs Redis: set REDIS_URL"))


@pytest.fixture(scope="session")
def app():
    # The environment (DATABASE_URL, REDIS_URL) configures the app as it would in production.
    os.environ["DATABASE_URL"] = DATABASE_URL
    application = create_app(TestingConfig)
    assert application.config.get("REDIS_URL") == (os.environ.get("REDIS_URL") or None)
    with application.app_context():
        from flask_migrate import upgrade

        _db.session.remove()
        _db.engine.dispose()
        with _db.engine.begin() as conn:
            from sqlalchemy import MetaData

            meta = MetaData()
            meta.reflect(conn)
            meta.drop_all(conn)
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
    yield application


def _empty_tables(app):
    with app.app_context():
        _db.session.remove()
        with _db.engine.begin() as conn:
            from sqlalchemy import inspect

            existing = set(inspect(conn).get_table_names())
            tables = [t.name for t in reversed(_db.metadata.sorted_tables) if t.name in existing]
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
            else:
                for table in tables:
                    conn.exec_driver_sql(f'DELETE FROM "{table}"')
                conn.exec_driver_sql("DELETE FROM sqlite_sequence") if conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE name='sqlite_sequence'").first() else None


@pytest.fixture(autouse=True)
def _isolated_database(request):
    """Every test that uses the app starts and ends with empty tables."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    yield
    _empty_tables(app)


@pytest.fixture
def ctx(app):
    """An application context for calling services directly."""
    with app.app_context():
        yield app
        _db.session.remove()


@pytest.fixture
def db(ctx):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def world(app):
    """Ids of a committed consortium with a school, two enterprises and a user for every role.

    Built in its own app context, so requests made by the test client get fresh contexts
    (Flask-Login caches the user on the app context). Password: factories.PASSWORD.
    """
    with app.app_context():
        w = factories.build_world()
        _db.session.commit()
        ids = factories.world_ids(w)
        _db.session.remove()
    return ids


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1) or match.group(2)


class Browser:
    """A test client that signs in through the real login form and posts real CSRF tokens."""

    def __init__(self, client):
        self.client = client

    def login(self, username, password=factories.PASSWORD):
        page = self.client.get("/login")
        return self.client.post("/login", data={"username": username, "password": password,
                                                "csrf_token": csrf_from(page.text)}, follow_redirects=False)

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def submit(self, url, data, *, form_url=None, **kw):
        """GET the form page for its CSRF token, then POST the data."""
        page = self.client.get(form_url or url)
        token = csrf_from(page.text) if page.status_code == 200 else ""
        return self.client.post(url, data={**data, "csrf_token": token}, **kw)


@pytest.fixture
def browser(client):
    return Browser(client)


@pytest.fixture
def api(client, app):
    """Call the JSON API as a user: api(username).get('/api/v1/...')."""

    class _Api:
        def __init__(self, token):
            self.headers = {"Authorization": f"Bearer {token}"}

        def __getattr__(self, method):
            def call(url, **kw):
                return getattr(client, method)(url, headers={**self.headers, **kw.pop("headers", {})}, **kw)
            return call

    def for_user(username, password=factories.PASSWORD):
        r = client.post("/api/v1/tokens", json={"username": username, "password": password})
        assert r.status_code == 201, r.text
        return _Api(r.json["token"])

    return for_user
