"""The audit log records sign-ins, failures, lockouts, denials, user and token changes, imports, exports,
matching rounds and decisions; the secretariat sees its own consortium's entries, the province admin all;
times are stored in UTC and shown in Asia/Shanghai; old entries are pruned by the CLI."""
from datetime import datetime, timedelta

import pytest

from consortium.audit.models import AuditEvent
from consortium.audit.services import local_time
from consortium.auth import services as auth_services
from consortium.auth.models import User
from consortium.extensions import db
from consortium.timeutil import utcnow

from .. import factories
from ..conftest import Browser
from ..factories import PASSWORD
from ..imports.helpers import ROWS, csv_bytes


def _events(app, **filters):
    with app.app_context():
        return [(e.action, e.outcome, e.username) for e in
                db.session.query(AuditEvent).filter_by(**filters).order_by(AuditEvent.id)]


def test_sign_ins_failures_lockout_and_denials_are_recorded(app, browser, client, world):
    browser.login("ent_a", "wrong-password")
    client.post("/api/v1/tokens", json={"username": "nobody", "password": "x"})  # answered 401, still recorded
    for _ in range(4):
        client.post("/api/v1/tokens", json={"username": "ent_a", "password": "wrong-password"})
    browser.login("school")
    browser.get("/users")  # 403
    events = _events(app)
    assert ("login", "failed", "ent_a") in events and ("login", "failed", None) in events
    assert ("login.locked", "denied", "ent_a") in events
    assert ("login", "ok", "school") in events and ("access.denied", "denied", "school") in events
    with app.app_context():
        ok = db.session.query(AuditEvent).filter_by(action="login", outcome="ok").one()
        assert ok.ip == "127.0.0.1" and ok.consortium_id == world.consortium and ok.member_id == world.school


def test_user_token_and_password_changes_are_recorded(app, browser, world):
    browser.login("admin")
    browser.submit("/users/new", {"username": "clerk9", "role": "enterprise", "member_id": world.enterprise,
                                  "password": "Clerk-pass-91"})
    browser.submit(f"/users/{world.ent_user}/edit", {"display_name": "甲", "new_password": "Reset-pass-12"})
    browser.submit("/account/tokens", {"name": "ops"})
    actions = [a for a, _o, _u in _events(app)]
    for expected in ("user.create", "user.deactivate", "user.password", "token.issue"):
        assert expected in actions, actions
    with app.app_context():
        text = " ".join(e.detail for e in db.session.query(AuditEvent))
        assert "Reset-pass-12" not in text and "Clerk-pass-91" not in text


def test_imports_exports_and_decisions_are_recorded(app, browser, world):
    from consortium.imports.services import run_import
    from consortium.members.models import Consortium

    with app.app_context():
        report = run_import(db.session.get(User, world.admin), db.session.get(Consortium, world.consortium),
                            "members", csv_bytes("members", ROWS["members"]), "m.csv")
        assert report.ok
        db.session.commit()
    browser.login("admin")
    assert browser.get("/exports/students.csv").status_code == 200
    actions = [a for a, _o, _u in _events(app)]
    assert "import" in actions and "export" in actions


def test_secretariat_sees_its_consortium_province_sees_all(app, world):
    with app.app_context():
        other = factories.make_consortium(name="另一联合体")
        factories.make_user("other_admin", "admin", consortium=other)
        factories.make_user("province", "admin")
        db.session.commit()
    Browser(app.test_client()).login("other_admin")
    Browser(app.test_client()).login("ent_a")
    mine = Browser(app.test_client())
    mine.login("admin")
    page = mine.get("/audit")
    assert page.status_code == 200 and "ent_a" in page.text and "other_admin" not in page.text
    csv_text = mine.get("/audit.csv").text
    assert "ent_a" in csv_text and "other_admin" not in csv_text
    province = Browser(app.test_client())
    province.login("province")
    page = province.get("/audit?action=login")
    assert "ent_a" in page.text and "other_admin" in page.text
    student = Browser(app.test_client())
    student.login("stu")
    assert student.get("/audit").status_code == 403 and student.get("/audit.csv").status_code == 403


def test_times_are_utc_stored_and_shown_in_shanghai(app, browser, world):
    with app.app_context():
        db.session.add(AuditEvent(at=datetime(2026, 3, 1, 16, 30), action="export", outcome="ok",
                                  consortium_id=world.consortium, username="ent_a", detail=""))
        db.session.commit()
    assert local_time(datetime(2026, 3, 1, 16, 30)) == "2026-03-02 00:30:00"
    browser.login("admin")
    assert "2026-03-02 00:30:00" in browser.get("/audit?action=export").text
    assert "2026-03-02 00:30:00" in browser.get("/audit?since=2026-03-02&until=2026-03-02").text
    assert "2026-03-02 00:30:00" not in browser.get("/audit?since=2026-03-03").text


def test_prune_keeps_the_retention_period(app, runner, world):
    with app.app_context():
        for days in (10, 179, 181, 400):
            db.session.add(AuditEvent(at=utcnow() - timedelta(days=days), action="login", outcome="ok", detail=""))
        db.session.commit()
    r = runner.invoke(args=["audit", "prune"])
    assert r.exit_code == 0 and "removed 2" in r.output
    r = runner.invoke(args=["audit", "prune", "--days", "30"])
    assert "removed 1" in r.output
    with app.app_context():
        assert db.session.query(AuditEvent).filter_by(action="login").count() == 1


def test_the_application_never_updates_an_entry():
    """Append-only: no module outside the audit package's prune writes to audit_event except by insert."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "consortium"
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "update(AuditEvent" not in text, path
        if path.parent.name != "audit":
            assert "delete(AuditEvent" not in text, path
