"""Every stored time is shown in Asia/Shanghai, in one format: a UTC 23:41 reads 07:41 on the next day."""
from datetime import datetime, timezone

from consortium.timeutil import to_local

from .. import factories
from ..conftest import csrf_from


def test_filter_converts_utc_to_beijing_time(app):
    localtime = app.jinja_env.filters["localtime"]
    assert localtime(datetime(2026, 12, 1, 23, 41)) == "2026-12-02 07:41"
    assert localtime(datetime(2026, 12, 1, 23, 41, tzinfo=timezone.utc)) == "2026-12-02 07:41"
    assert app.jinja_env.filters["localdate"](datetime(2026, 12, 1, 23, 41)) == "2026-12-02"
    assert localtime(None) == "—"
    assert to_local(datetime(2026, 12, 31, 16, 0)).year == 2027


def test_a_notification_page_shows_beijing_time(app, world, client):
    from consortium.extensions import db
    from consortium.jobs.models import Notification

    with app.app_context():
        db.session.add(Notification(user_id=world.student_user, message="测试通知",
                                    created_at=datetime(2026, 12, 1, 23, 41)))
        db.session.commit()
    page = client.get("/login")
    client.post("/login", data={"username": "stu", "password": factories.PASSWORD,
                                "csrf_token": csrf_from(page.text)})
    html = client.get("/notifications").text
    assert "2026-12-02 07:41" in html and "2026-12-01 23:41" not in html
