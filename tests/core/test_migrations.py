"""The committed migrations build exactly the models' schema, on SQLite and on PostgreSQL."""
import os
import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from consortium import create_app
from consortium.config import TestingConfig
from consortium.extensions import db


def _fresh_database_url(tmp_path):
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        return f"sqlite:///{tmp_path}/drift.db", None
    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1) if "+psycopg" not in base else base)
    name = f"drift_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return url.set(database=name).render_as_string(hide_password=False), (admin, name)


def test_migrations_match_models(tmp_path, monkeypatch):
    url, cleanup = _fresh_database_url(tmp_path)
    monkeypatch.setenv("CONSORTIUM_INSTANCE", str(tmp_path))
    app = create_app({**{k: getattr(TestingConfig, k) for k in dir(TestingConfig) if k.isupper()},
                      "SQLALCHEMY_DATABASE_URI": url})
    try:
        with app.app_context():
            upgrade()
            with db.engine.connect() as conn:
                context = MigrationContext.configure(conn, opts={"compare_type": True})
                diff = compare_metadata(context, db.metadata)
            db.engine.dispose()
        assert diff == [], f"models and migrations differ: {diff}"
    finally:
        if cleanup:
            admin, name = cleanup
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
