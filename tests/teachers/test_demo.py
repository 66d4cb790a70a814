"""The demo loader: nothing without teachers; with them, engagements of every kind that the figures see."""
from datetime import date

from consortium.demo import teachers as demo_teachers
from consortium.teachers import reports, services
from consortium.teachers.models import Engagement
from tests import factories


def test_demo_does_nothing_without_teachers(ex):
    consortium = factories.make_consortium()
    assert demo_teachers.load(consortium, ex.w.admin) == 0


def test_demo_creates_counted_and_uncounted_engagements(ex, db):
    w = ex.w
    for n in range(3):
        factories.make_teacher(w.enterprise, dual_qualified=n == 0)
        factories.make_teacher(w.school)
        factories.make_teacher(ex.school_b)
    made = demo_teachers.load(w.consortium, w.admin)
    assert made > 0
    rows = list(db.session.scalars(db.select(Engagement)))
    kinds = {services.engagement_kind_of(e) for e in rows}
    assert kinds == {"enterprise_part_time", "inter_school_part_time", None}
    total = sum(reports.figures(w.consortium.id, y)["teachers.enterprise_part_time.person_times"].value
                for y in range(2023, 2026))
    assert total == sum(1 for e in rows if services.engagement_kind_of(e) == "enterprise_part_time"
                        and e.host.joined_date <= date(e.start_date.year, 12, 31))
    assert demo_teachers.load(w.consortium, w.admin) == 0  # a second run adds nothing
