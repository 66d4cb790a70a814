"""Query budgets: the number of SQL statements a page or API list issues does not grow with its rows (no N+1)."""
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event

from consortium.extensions import db
from consortium.jobs.models import Placement
from consortium.members.models import Member

from .. import factories

SMALL, LARGE = 2, 14


@contextmanager
def counting(app):
    """Count the statements sent to the database inside the block."""
    statements = []
    with app.app_context():
        engine = db.engine

    def listener(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def _populate(app, world, n):
    """n students, n positions, n placements and n teachers, each of its own member (look-ups per row show)."""
    with app.app_context():
        consortium = db.session.get(Member, world.school).consortium
        for i in range(n):
            enterprise = factories.make_member(consortium, name=f"企业{i}-{n}有限公司", type="enterprise",
                                               sector="industrial")
            school = factories.make_member(consortium, name=f"职业学院{i}-{n}", type="higher_vocational")
            position = factories.make_position(enterprise)
            student = factories.make_student(school)
            factories.make_teacher(school)
            db.session.add(Placement(position_id=position.id, student_id=student.id, status="active",
                                     start_date=date(2025, 3, 1), end_date=date(2025, 6, 30)))
        db.session.commit()
        db.session.remove()


HTML_PAGES = ["/", "/positions?per_page=50", "/students?per_page=50", "/teachers?per_page=50",
              "/placements?per_page=50", "/members?per_page=50", "/applications?per_page=50",
              "/stats/dashboard", "/stats/year", "/exchange", "/engagements"]
API_LISTS = ["/api/v1/positions?per_page=50", "/api/v1/students?per_page=50", "/api/v1/teachers?per_page=50",
             "/api/v1/placements?per_page=50", "/api/v1/members?per_page=50", "/api/v1/applications?per_page=50",
             "/api/v1/engagements?per_page=50"]


def _count(app, call, url):
    call(url)  # warm: first-request caches (translations, templates) are not the page's cost
    with counting(app) as statements:
        r = call(url)
    assert r.status_code == 200, (url, r.status_code)
    return len(statements)


def _measure(app, world, browser, token, n):
    _populate(app, world, n)
    counts = {url: _count(app, browser.get, url) for url in HTML_PAGES}
    counts.update({url: _count(app, token.get, url) for url in API_LISTS})
    return counts


def test_statement_count_does_not_grow_with_rows(app, world, browser, api):
    browser.login("admin")
    token = api("admin")
    small = _measure(app, world, browser, token, SMALL)
    large = _measure(app, world, browser, token, LARGE - SMALL)
    print("statements per request (small, large):", {url: (small[url], large[url]) for url in small})
    grown = {url: (small[url], large[url]) for url in small if large[url] > small[url]}
    assert not grown, f"statements grow with the rows (N+1): {grown}"
    assert large["/api/v1/positions?per_page=50"] <= 8
