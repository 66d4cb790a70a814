"""Reveal with a reason: pages mask ID numbers and phones even for those allowed to see them; the masking policy
offers them a reveal, which asks for a reason and is written to the audit log ('reveal', object, reason)."""
from datetime import date

import pytest
from sqlalchemy import select

from consortium.audit.models import AuditEvent
from consortium.extensions import db
from consortium.members.models import Member
from consortium.training.models import Certificate

from .. import factories
from ..conftest import csrf_from

FULL = "410102200403011234"
MASKED = "410102********1234"
PHONE = "13912345678"


@pytest.fixture
def records(app, world):
    with app.app_context():
        school = db.session.get(Member, world.school)
        student = factories.make_student(school, id_number=FULL, phone=PHONE)
        cert = Certificate(consortium_id=world.consortium, certificate_no="C-1", holder_name="张三",
                           holder_id_number=FULL, name="电工", level=3, issued_date=date(2026, 1, 5),
                           issuer_id=world.school)
        db.session.add(cert)
        db.session.commit()
        return {"student": student.id, "cert": cert.id}


def _reveal(browser, page_url, action_url, reason):
    page = browser.get(page_url)
    return browser.client.post(action_url, data={"reason": reason, "csrf_token": csrf_from(page.text)})


def _reveals(app):
    with app.app_context():
        return [(e.username, e.object_type, e.object_id, e.detail, e.outcome)
                for e in db.session.scalars(select(AuditEvent).where(AuditEvent.action == "reveal"))]


@pytest.mark.parametrize("username", ["school", "admin"])
def test_student_page_masks_and_a_reveal_with_a_reason_shows_and_audits(browser, app, records, username):
    browser.login(username)
    url = f"/students/{records['student']}"
    page = browser.get(url).text
    assert FULL not in page and PHONE not in page and MASKED in page
    assert f"/students/{records['student']}/reveal" in page  # the reveal form is offered
    r = _reveal(browser, url, f"{url}/reveal", "核对实习保险投保信息")
    assert r.status_code == 200 and FULL in r.text and PHONE in r.text
    assert r.headers["Cache-Control"] == "no-store"
    assert _reveals(app) == [(username, "student", str(records["student"]), "核对实习保险投保信息", "ok")]
    assert FULL not in browser.get(url).text  # the next visit is masked again


def test_a_reveal_without_a_reason_shows_nothing_and_records_nothing(browser, app, records):
    browser.login("school")
    url = f"/students/{records['student']}"
    r = _reveal(browser, url, f"{url}/reveal", "  ")
    assert r.status_code == 302 and FULL not in r.text
    assert FULL not in browser.get(r.headers["Location"]).text
    assert _reveals(app) == []


def test_a_number_typed_into_the_reason_is_not_kept(browser, app, records):
    browser.login("admin")
    url = f"/students/{records['student']}"
    assert _reveal(browser, url, f"{url}/reveal", f"家长来电 {PHONE} 核对 {FULL}").status_code == 200
    [(_u, _t, _o, detail, _r)] = _reveals(app)
    assert FULL not in detail and PHONE not in detail and "家长来电" in detail


def test_whoever_the_policy_refuses_gets_no_form_and_a_403(app, records, client):
    from consortium.people.models import Student
    from consortium.auth.models import User

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "stu"))
        user.student_id = records["student"]  # the student sees their own page, masked, without a reveal
        db.session.commit()
        assert db.session.get(Student, records["student"]) is not None
    page = client.get("/login")
    client.post("/login", data={"username": "stu", "password": factories.PASSWORD,
                                "csrf_token": csrf_from(page.text)})
    url = f"/students/{records['student']}"
    page = client.get(url)
    assert page.status_code == 200 and FULL not in page.text and "/reveal" not in page.text
    r = client.post(f"{url}/reveal", data={"reason": "想看", "csrf_token": csrf_from(page.text)})
    assert r.status_code == 403 and FULL not in r.text
    assert _reveals(app) == []


def test_certificate_page_reveal_is_for_the_secretariat(browser, app, records):
    url = f"/training/certificates/{records['cert']}"
    browser.login("school")  # the issuing school sees the certificate, masked, without a reveal
    page = browser.get(url)
    assert page.status_code == 200 and MASKED in page.text and "/reveal" not in page.text
    r = browser.client.post(f"{url}/reveal", data={"reason": "核对", "csrf_token": csrf_from(page.text)})
    assert r.status_code == 403
    for name in ("session", "remember_token"):
        browser.client.delete_cookie(name)
    browser.login("admin")
    page = browser.get(url).text
    assert FULL not in page and f"{url}/reveal" in page
    r = _reveal(browser, url, f"{url}/reveal", "证书核验")
    assert r.status_code == 200 and FULL in r.text
    assert _reveals(app) == [("admin", "certificate", str(records["cert"]), "证书核验", "ok")]
