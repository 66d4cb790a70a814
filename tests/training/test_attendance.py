"""Training attendance by day: who attended which day, and person-days from the days attended."""
from datetime import date

from consortium.extensions import db
from consortium.training import reports
from consortium.training.models import RosterDay, RosterEntry

from .test_training import make_session


def test_person_days_follow_the_days_attended(app, world, browser):
    sid = make_session(app, world.consortium, world.school, start_date=date(2024, 5, 6), end_date=date(2024, 5, 8))
    with app.app_context():
        ids = []
        for name in ("甲", "乙", "丙"):
            entry = RosterEntry(session_id=sid, name=name, status="completed")
            db.session.add(entry)
            db.session.flush()
            ids.append(entry.id)
        db.session.commit()
        # without day-by-day attendance: 3 completed × 3 days
        assert reports.training_figures(world.consortium, 2024)["training.enterprise_employees.person_days"].value == 9
    browser.login("ent_a")
    assert browser.get(f"/training/sessions/{sid}/attendance").status_code == 404  # not its session
    browser.submit("/logout", {}, form_url="/")
    browser.login("school")
    url = f"/training/sessions/{sid}/attendance"
    r = browser.submit(f"{url}?day=2024-05-06", {"present": [str(i) for i in ids]}, form_url=url)
    assert r.status_code == 302
    browser.submit(f"{url}?day=2024-05-07", {"present": [str(ids[0])]}, form_url=url)
    r = browser.submit(f"{url}?day=2024-05-09", {"present": [str(ids[0])]}, form_url=url)  # after the session
    assert r.status_code == 200 and "请选择培训期间的日期" in r.text
    page = browser.get(f"{url}?day=2024-05-07").text
    assert "当前 4 人日" in page
    with app.app_context():
        assert db.session.query(RosterDay).count() == 4
        # with it: the days attended, summed (3 on the first day, 1 on the second, none recorded on the third)
        assert reports.training_figures(world.consortium, 2024)["training.enterprise_employees.person_days"].value == 4
    # re-saving a day replaces it
    browser.submit(f"{url}?day=2024-05-06", {"present": [str(ids[1])]}, form_url=url)
    with app.app_context():
        assert reports.training_figures(world.consortium, 2024)["training.enterprise_employees.person_days"].value == 2
