"""The year figures are computed once per change: a second request reads the cache, a write makes them new."""
from datetime import date

import pytest

from consortium.audit.models import AuditEvent
from consortium.extensions import db
from consortium.figures import book
from consortium.jobs.models import Placement, Position
from consortium.members.models import Member
from consortium.stats import figure_cache, loader

from .. import factories


@pytest.fixture
def computes(monkeypatch):
    """How many times the figures were computed from records."""
    calls = []
    real = book.compute

    def counting(records, year):
        calls.append(year)
        return real(records, year)

    monkeypatch.setattr(book, "compute", counting)
    return calls


def _placement(app, world, start):
    with app.app_context():
        consortium = db.session.get(Member, world.school).consortium
        enterprise = factories.make_member(consortium, name=f"缓存企业{start}", type="enterprise", sector="industrial")
        school = db.session.get(Member, world.school)
        position = factories.make_position(enterprise, kind="internship", start_date=start)
        student = factories.make_student(school)
        db.session.add(Placement(position_id=position.id, student_id=student.id, status="completed",
                                 start_date=start, end_date=date(start.year, 12, 31)))
        db.session.commit()
        db.session.remove()


def test_year_page_computed_once_per_change(app, world, browser, computes):
    browser.login("admin")
    year = 2025
    _placement(app, world, date(year, 3, 1))
    first = browser.get(f"/stats/year?year={year}")
    assert first.status_code == 200
    assert computes, "the first request computes the figures"
    done = len(computes)
    again = browser.get(f"/stats/year?year={year}")
    assert again.status_code == 200
    assert len(computes) == done, "a second request with no write in between recomputes"

    with app.app_context():
        before = loader.compute_year(world.consortium, year)["internship.person_months"].value
    _placement(app, world, date(year, 4, 1))
    browser.get(f"/stats/year?year={year}")
    assert len(computes) > done, "a write does not invalidate the cached figures"
    with app.app_context():
        after = loader.compute_year(world.consortium, year)["internship.person_months"].value
    assert after > before


def test_dashboard_counts_cached_until_a_write(app, world, browser, computes):
    browser.login("admin")
    _placement(app, world, date(2025, 5, 1))
    assert browser.get("/stats/dashboard?year=2025").status_code == 200
    done = len(computes)
    assert browser.get("/stats/dashboard?year=2025").status_code == 200
    assert len(computes) == done
    _placement(app, world, date(2025, 6, 1))
    assert browser.get("/stats/dashboard?year=2025").status_code == 200
    assert len(computes) > done


def test_writes_bump_the_right_versions(app, world):
    with app.app_context():
        cid = world.consortium
        other = factories.make_consortium(name="另一个联合体", city="开封市")
        db.session.commit()
        other_id = other.id
        g0, c0 = figure_cache.versions(cid)
        _g, o0 = figure_cache.versions(other_id)
        # An ORM write with a consortium_id bumps that consortium only.
        factories.make_member(db.session.get(Member, world.school).consortium, name="新成员企业", type="enterprise",
                              sector="industrial")
        db.session.commit()
        g1, c1 = figure_cache.versions(cid)
        assert (g1, c1 > c0, figure_cache.versions(other_id)[1]) == (g0, True, o0)
        # A child row names its consortium through its parent (a placement through its position).
        position = db.session.scalars(db.select(Position)).first() or factories.make_position(
            db.session.get(Member, world.enterprise))
        db.session.commit()
        c_before = figure_cache.versions(cid)[1]
        position.title = "改过的岗位"
        db.session.commit()
        assert figure_cache.versions(cid)[1] > c_before
        assert figure_cache.versions(other_id)[1] == o0
        # A Core UPDATE outside the unit of work bumps the deployment-wide version.
        db.session.execute(db.update(Position).where(Position.id == position.id).values(description="x"))
        db.session.commit()
        assert figure_cache.versions(cid)[0] > g1
        # Writes the figures never read (audit, sign-ins) bump nothing; nor does a rolled-back write.
        g2, c2 = figure_cache.versions(cid)
        db.session.add(AuditEvent(action="login", consortium_id=cid, detail=""))
        db.session.commit()
        factories.make_member(db.session.get(Member, world.school).consortium, name="回滚的企业", type="enterprise",
                              sector="industrial")
        db.session.rollback()
        assert figure_cache.versions(cid) == (g2, c2)


def test_cache_can_be_switched_off(app, world, computes):
    with app.app_context():
        app.config["FIGURE_CACHE"] = False
        try:
            loader.compute_year(world.consortium, 2025)
            loader.compute_year(world.consortium, 2025)
        finally:
            app.config["FIGURE_CACHE"] = True
    assert len(computes) == 2


def test_landing_page_counts_and_alerts_follow_every_write(app, world, browser):
    """The landing page's job counts and insurance alerts are kept per data version: a second visit runs none of
    their queries, and a new position or an insurance about to end shows on the next visit."""
    from datetime import timedelta

    from consortium.home import services as home
    from consortium.jobs.models import Placement
    from consortium.timeutil import today

    from consortium.auth.models import User

    browser.login("admin")
    with app.app_context():
        first = home.job_counts(db.session.get(User, world.admin), world.consortium)
    calls = []
    real = home._job_counts
    home._job_counts = lambda *a: calls.append(1) or real(*a)
    try:
        browser.get("/")
        assert "保险同学" not in browser.get("/").text
        assert calls == [], "the counts were cached by the first call and no write came since"
        with app.app_context():
            member = db.session.get(Member, world.enterprise)
            factories.make_position(member, code="NEW-OPEN")
            student = factories.make_student(db.session.get(Member, world.school), student_no="INS1", name="保险同学")
            position = factories.make_position(member, code="INS-P", start_date=today() - timedelta(days=10))
            db.session.add(Placement(position_id=position.id, student_id=student.id, status="active",
                                     start_date=today() - timedelta(days=10), end_date=today() + timedelta(days=60),
                                     insurer="人保财险", policy_no="PX1", insurance_start=today() - timedelta(days=10),
                                     insurance_end=today() + timedelta(days=5)))
            db.session.commit()
        page = browser.get("/").text
        assert calls == [1], "a write makes the counts new"
        with app.app_context():
            now = home.job_counts(db.session.get(User, world.admin), world.consortium)
        assert now["open_positions"] == first["open_positions"] + 2
        assert "保险同学" in page
    finally:
        home._job_counts = real
