"""The member filters of the list pages never render every member of a big consortium; the type-ahead
look-up answers at most 20 names."""
import re

from consortium.extensions import db
from consortium.members import lookups
from consortium.members.models import Member

from .. import factories

N = lookups.FILTER_CHOICES_LIMIT + 30


def _many_members(app, world):
    with app.app_context():
        consortium = db.session.get(Member, world.school).consortium
        for i in range(N):
            factories.make_member(consortium, name=f"批量企业{i:03d}有限公司", type="enterprise", sector="industrial")
            factories.make_member(consortium, name=f"批量职业学院{i:03d}", type="higher_vocational")
        db.session.commit()
        last = db.session.scalars(db.select(Member.id).where(Member.name == f"批量企业{N - 1:03d}有限公司")).one()
        db.session.remove()
    return last


def _options(html, name):
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return re.findall(r'<option value="(\d+)"', select.group(1)), select.group(0)


def test_filter_lists_are_bounded_and_offer_a_lookup(app, world, browser):
    last = _many_members(app, world)
    browser.login("admin")
    for url, name in (("/positions", "enterprise_id"), ("/students", "school_id"), ("/placements", "school_id"),
                      ("/teachers", "employer_id")):
        html = browser.get(url).get_data(as_text=True)
        options, tag = _options(html, name)
        assert len(options) <= lookups.FILTER_CHOICES_LIMIT, (url, len(options))
        assert "data-lookup=" in tag, url
    # The selected member stays listed even when it is beyond the first names.
    html = browser.get(f"/positions?enterprise_id={last}").get_data(as_text=True)
    options, _tag = _options(html, "enterprise_id")
    assert str(last) in options and len(options) <= lookups.FILTER_CHOICES_LIMIT + 1


def test_small_consortium_keeps_the_plain_select(app, world, browser):
    browser.login("admin")
    html = browser.get("/positions").get_data(as_text=True)
    options, tag = _options(html, "enterprise_id")
    assert options and "data-lookup" not in tag


def test_lookup_answers_at_most_twenty_matches(app, world, browser):
    _many_members(app, world)
    browser.login("admin")
    rows = browser.get("/members/lookup?kind=enterprise&q=批量企业").get_json()
    assert len(rows) == lookups.LOOKUP_LIMIT and all("批量企业" in r["name"] for r in rows)
    rows = browser.get("/members/lookup?kind=school&q=职业学院07").get_json()
    assert [r["name"] for r in rows] == [f"批量职业学院{i:03d}" for i in range(70, 80) if i < N]
    assert browser.get("/members/lookup?kind=nothing").status_code == 404
    # Wildcards in q are taken literally.
    assert browser.get("/members/lookup?kind=enterprise&q=%25").get_json() == []


def test_lookup_of_schools_is_for_members_only(app, world, browser):
    browser.login("stu")
    assert browser.get("/members/lookup?kind=enterprise&q=").status_code == 200
    assert browser.get("/members/lookup?kind=school&q=").status_code == 403
