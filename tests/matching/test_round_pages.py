"""The round pages read well: plain mode names, Chinese statuses, a flash that says what happened, the results
table with the positions' dates, filtered by school, enterprise and kind."""
import os

from consortium.extensions import db

from .. import factories
from .test_service import _seed


def _world(app, world):
    with app.app_context():
        from consortium.auth.models import User
        from consortium.members.models import Member

        w = factories.World(*[None] * 10)
        w.admin = db.session.get(User, world.admin)
        w.school = db.session.get(Member, world.school)
        w.enterprise = db.session.get(Member, world.enterprise)
        w.other_enterprise = db.session.get(Member, world.other_enterprise)
        _seed(w)
        db.session.commit()


def test_round_pages_speak_plainly_and_filter(browser, world, app):
    _world(app, world)
    browser.login("admin")
    page = browser.get("/matching/").text
    assert "稳定匹配（尊重学生志愿）" in page and "总体匹配度最高" in page and "无阻塞对" not in page
    r = browser.submit("/matching/", {"kind": "", "mode": "stable"}, follow_redirects=True)
    if os.environ.get("REDIS_URL"):
        assert "第 1 轮匹配已开始" in r.text  # queued: the page says so and polls (static/js/jobs.js)
        from rq import SimpleWorker

        with app.app_context():
            from consortium.queue import get_queue

            queue = get_queue()
            SimpleWorker([queue], connection=queue.connection).work(burst=True)
    else:
        assert "第 1 轮匹配已完成，生成 3 条待确认的推荐" in r.text and "已开始" not in r.text
    rounds = browser.get("/matching/").text
    assert "已完成" in rounds and "finished" not in rounds
    with app.app_context():
        from consortium.matching.models import MatchRound
        rid = db.session.query(MatchRound.id).scalar()
    page = browser.get(f"/matching/{rid}").text
    assert "2030-03-01" in page and "2030-06-30" in page  # the positions' dates
    assert "P1 · 电气装配" in page and "P3 · 教师实践" in page
    assert "<script>" not in page.replace("<script src", "")  # no inline script
    only_other = browser.get(f"/matching/{rid}?enterprise_id={world.other_enterprise}").text
    assert "P3 · 教师实践" in only_other and "P1 · 电气装配" not in only_other
    only_kind = browser.get(f"/matching/{rid}?kind=internship").text
    assert "P1 · 电气装配" in only_kind and "P2 · 数控学徒" not in only_kind
    assert "P1 · 电气装配" in browser.get(f"/matching/{rid}?school_id={world.school}").text
    status = browser.get(f"/matching/{rid}/status").json
    assert status["status"] == "finished" and status["status_label"] == "已完成"
