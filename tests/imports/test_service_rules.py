"""Bulk imports of training, teacher-exchange and records rows apply the same rules as the pages and the API
(the binders call the services' rule functions): the same refusal, on the same field, with the same message."""
from datetime import date
from decimal import Decimal

import pytest

from consortium.records import services as records
from consortium.teachers import services as teachers
from consortium.training import services as training

from .helpers import ROWS, csv_bytes
from .test_db_import import _import


def _errors(report) -> dict[str, str]:
    return {e.column: e.message for e in report.errors}


def test_an_rd_project_completed_before_it_started_is_refused_as_on_the_page(ctx, world):
    """The file's own start date is checked when the row is read; against the stored one, by the service rule."""
    assert _import(world, "admin", "rd_projects", csv_bytes("rd_projects", ROWS["rd_projects"])).ok
    row = {"code": "RD001", "title": ROWS["rd_projects"][0]["title"], "completed_date": "2023-12-31"}
    report = _import(world, "admin", "rd_projects", csv_bytes("rd_projects", [row]))
    expected = records.rd_rule_errors({"start_date": date(2024, 1, 1), "completed_date": date(2023, 12, 31)})
    assert not report.ok and _errors(report) == expected == {"completed_date": "结题日期不能早于开始日期"}


def test_rd_funds_need_their_year_on_import_too(ctx, world):
    row = {k: v for k, v in ROWS["rd_projects"][0].items() if k != "funds_year"}
    report = _import(world, "admin", "rd_projects", csv_bytes("rd_projects", [row]))
    assert not report.ok and _errors(report) == {"funds_year": "填写到账经费时请填写到账年度"}


@pytest.mark.parametrize("days,field", [("6", "days"), ("0.25", "days")])
def test_session_days_follow_the_training_rule(ctx, world, days, field):
    row = {**ROWS["training_sessions"][0], "days": days}
    report = _import(world, "admin", "training_sessions", csv_bytes("training_sessions", [row]))
    assert not report.ok and set(_errors(report)) == {field}
    assert _errors(report)[field] == training.session_schedule_errors(date(2024, 5, 6), date(2024, 5, 10),
                                                                      Decimal(days))[field]


def test_a_changed_engagement_needs_the_hosts_confirmation_again(ctx, world):
    """The import withdraws a confirmation exactly as the service does (teachers.services.withdraw_confirmation)."""
    from consortium.extensions import db
    from consortium.members.models import Member
    from consortium.teachers.models import Engagement
    from tests import factories

    factories.make_teacher(db.session.get(Member, world.enterprise), staff_no="E001")
    db.session.commit()
    assert _import(world, "admin", "engagements", csv_bytes("engagements", ROWS["engagements"])).ok
    engagement = db.session.scalar(db.select(Engagement))
    engagement.confirmed_by_host = True
    db.session.commit()
    row = {**ROWS["engagements"][0], "class_hours": "40"}
    assert _import(world, "admin", "engagements", csv_bytes("engagements", [row])).ok
    db.session.refresh(engagement)
    assert engagement.class_hours == Decimal("40.0") and engagement.confirmed_by_host is False
    assert teachers.engagement_rule_errors(date(2024, 3, 1), date(2024, 2, 1), Decimal("100000")) == {
        "end_date": "结束日期不能早于开始日期", "class_hours": "课时数应在 0 到 99999.9 之间"}
