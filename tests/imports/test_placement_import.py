"""Imported placements obey the placement rules of the pages: a current student placement without its
agreement and insurance comes in as `accepted` (listed as waiting for documents) and cannot become `active`;
history (ended before today) comes in as it is."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from consortium.auth.models import User
from consortium.errors import ValidationError
from consortium.extensions import db
from consortium.imports.services import preview_import, run_import
from consortium.jobs import placements
from consortium.jobs.models import Placement, Position
from consortium.members.models import Consortium
from consortium.people.models import Student
from consortium.timeutil import today

from .helpers import ROWS, SCHOOL, csv_bytes


def _import(world, type_name, rows, who="admin"):
    report = run_import(db.session.get(User, getattr(world, who)), db.session.get(Consortium, world.consortium),
                        type_name, csv_bytes(type_name, rows), "file.csv")
    if report.ok:
        db.session.commit()
    return report


@pytest.fixture
def current_position(ctx, world):
    """Two students and a position running from last month to next month."""
    assert _import(world, "students", ROWS["students"]).ok
    day = today()
    position = dict(ROWS["positions"][0], start_date=(day - timedelta(days=30)).isoformat(),
                    end_date=(day + timedelta(days=60)).isoformat())
    assert _import(world, "positions", [position]).ok
    return db.session.scalar(select(Position).where(Position.code == "P001"))


def _placement(student_no):
    return db.session.scalar(select(Placement).join(Student, Placement.student_id == Student.id)
                             .where(Student.student_no == student_no))


def test_current_placement_without_documents_cannot_become_active(current_position, world):
    rows = [{"position": "P001", "candidate": "2024001", "candidate_org": SCHOOL, "status": "在岗"}]
    report = _import(world, "placements", rows)
    assert report.ok
    placement = _placement("2024001")
    assert placement.status == "accepted" and placement.compliance_missing == ["agreement", "insurance"]
    assert [(w.line, w.column) for w in report.warnings] == [(2, "status")]
    assert "缺少三方协议或实习责任保险" in report.warnings[0].message
    assert db.session.get(Position, current_position.id).filled == 1

    # A second file cannot push it to active either, and the pages' lifecycle refuses it too.
    report = _import(world, "placements", rows)
    assert report.ok and report.summary == {"created": 0, "updated": 0, "unchanged": 1}
    assert _placement("2024001").status == "accepted"
    with pytest.raises(ValidationError):
        placements.transition_placement(db.session.get(User, world.admin), _placement("2024001"), "active")


def test_the_preview_lists_what_waits_for_documents(current_position, world):
    rows = [{"position": "P001", "candidate": "2024001", "candidate_org": SCHOOL, "status": "已接收"},
            {"position": "P001", "candidate": "2024002", "candidate_org": SCHOOL, "status": "在岗"}]
    preview = preview_import(db.session.get(User, world.admin), db.session.get(Consortium, world.consortium),
                             "placements", csv_bytes("placements", rows), "file.csv")
    assert preview.ok and [(w.line, w.column) for w in preview.warnings] == [(2, "status"), (3, "status")]
    assert db.session.scalar(select(Placement)) is None


def test_current_placement_with_documents_imports_as_active(current_position, world):
    rows = [{"position": "P001", "candidate": "2024001", "candidate_org": SCHOOL, "status": "已接收"}]
    assert _import(world, "placements", rows).ok
    day = today()
    placements.save_compliance(db.session.get(User, world.admin), _placement("2024001"), {
        "agreement_signed_date": day, "agreement_file": "agreement.pdf", "insurer": "某保险公司",
        "policy_no": "PN-1", "insurance_start": day, "insurance_end": day + timedelta(days=90)})
    db.session.commit()
    report = _import(world, "placements", [dict(rows[0], status="在岗")])
    assert report.ok and not report.warnings and report.summary["updated"] == 1
    assert _placement("2024001").status == "active"


def test_history_comes_in_as_it_is(current_position, world):
    ended = today() - timedelta(days=1)
    rows = [{"position": "P001", "candidate": "2024001", "candidate_org": SCHOOL, "status": "在岗",
             "start_date": (ended - timedelta(days=20)).isoformat(), "end_date": ended.isoformat()},
            {"position": "P001", "candidate": "2024002", "candidate_org": SCHOOL, "status": "已完成",
             "start_date": (ended - timedelta(days=20)).isoformat(), "end_date": ended.isoformat()}]
    report = _import(world, "placements", rows)
    assert report.ok and not report.warnings
    assert _placement("2024001").status == "active" and _placement("2024002").status == "completed"
    assert all(p.source == "import" and p.compliance_missing for p in (_placement("2024001"), _placement("2024002")))
    assert db.session.get(Position, current_position.id).filled == 2


def test_new_placement_takes_a_recorded_status_only(current_position, world):
    rows = [{"position": "P001", "candidate": "2024001", "candidate_org": SCHOOL, "status": "待确认"}]
    report = _import(world, "placements", rows)
    assert not report.ok and [(e.line, e.column) for e in report.errors] == [(2, "status")]
    assert db.session.scalar(select(Placement)) is None


def test_position_and_programme_rows_follow_the_form_rules(ctx, world):
    assert _import(world, "students", ROWS["students"]).ok
    backwards = dict(ROWS["positions"][0], start_date="2025-08-31", end_date="2025-03-01")
    report = _import(world, "positions", [backwards])
    assert not report.ok and [(e.line, e.column) for e in report.errors] == [(2, "end_date")]
    programme = dict(ROWS["programmes"][0], end_date="2024-01-01")
    report = _import(world, "programmes", [programme])
    assert not report.ok and [(e.line, e.column) for e in report.errors] == [(2, "end_date")]
    # A position with people placed keeps its kind and at least their number of slots.
    assert _import(world, "positions", [ROWS["positions"][0]]).ok
    assert _import(world, "placements", [{"position": "P001", "candidate": no, "candidate_org": SCHOOL,
                                          "status": "已完成"} for no in ("2024001", "2024002")]).ok
    report = _import(world, "positions", [dict(ROWS["positions"][0], slots="1", kind="学徒岗")])
    assert sorted((e.column, e.message) for e in report.errors) == [
        ("kind", "已有录用人员的岗位不能更改类型"), ("slots", "名额不能少于已录用人数（2）")]
