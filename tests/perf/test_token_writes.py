"""A token's last use is written at most once a minute, so read-only API calls are not database writes."""
from datetime import timedelta

from sqlalchemy import select

from consortium.auth.models import ApiToken
from consortium.extensions import db

from .test_query_budget import counting


def _last_used(app):
    with app.app_context():
        value = db.session.scalar(select(ApiToken.last_used_at))
        db.session.remove()
        return value


def test_last_used_written_once_a_minute(app, world, api):
    admin = api("admin")
    admin.get("/api/v1/me")
    first = _last_used(app)
    assert first is not None
    with counting(app) as statements:
        assert admin.get("/api/v1/me").status_code == 200
    assert not [s for s in statements if s.lstrip().upper().startswith("UPDATE")]
    assert _last_used(app) == first
    with app.app_context():
        token = db.session.scalar(select(ApiToken))
        token.last_used_at = first - timedelta(minutes=2)
        db.session.commit()
        db.session.remove()
    admin.get("/api/v1/me")
    assert _last_used(app) > first - timedelta(minutes=2)
