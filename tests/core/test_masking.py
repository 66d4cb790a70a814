"""One masking policy: pages and lists always mask ID numbers; a reveal on a page (with a reason), an export and a
single-record API response carry the full number, and only to the secretariat of its consortium or the
organization that keeps the record."""
from datetime import date
from types import SimpleNamespace

import pytest

from consortium.access import may_see_full_id

from .. import factories
from ..conftest import csrf_from


def user(role, *, consortium_id=1, member_id=None):
    return SimpleNamespace(role=role, consortium_id=consortium_id, member_id=member_id, is_authenticated=True)


@pytest.mark.parametrize("channel", ["page", "list"])
def test_pages_and_lists_always_mask(channel):
    for actor in (user("admin"), user("admin", consortium_id=None), user("school", member_id=7)):
        assert not may_see_full_id(actor, consortium_id=1, keeper_member_id=7, channel=channel)


@pytest.mark.parametrize("channel", ["reveal", "export", "api_record"])
def test_full_numbers_go_to_the_keeper_and_the_secretariat_only(channel):
    assert may_see_full_id(user("admin"), consortium_id=1, keeper_member_id=7, channel=channel)
    assert may_see_full_id(user("admin", consortium_id=None), consortium_id=1, keeper_member_id=7, channel=channel)
    assert may_see_full_id(user("school", member_id=7), consortium_id=1, keeper_member_id=7, channel=channel)
    assert not may_see_full_id(user("school", member_id=7), consortium_id=1, keeper_member_id=None, channel=channel)
    assert not may_see_full_id(user("admin", consortium_id=2), consortium_id=1, keeper_member_id=7, channel=channel)
    assert not may_see_full_id(user("school", member_id=8), consortium_id=1, keeper_member_id=7, channel=channel)
    assert not may_see_full_id(user("enterprise", member_id=9), consortium_id=1, keeper_member_id=7,
                               channel=channel)
    assert not may_see_full_id(user("student"), consortium_id=1, keeper_member_id=7, channel=channel)
    assert not may_see_full_id(None, consortium_id=1, keeper_member_id=7, channel=channel)


def test_unknown_channel_is_a_programming_error():
    with pytest.raises(ValueError):
        may_see_full_id(user("admin"), consortium_id=1, keeper_member_id=7, channel="log")


def test_certificate_page_masks_like_the_api(app, world, client):
    from consortium.extensions import db
    from consortium.training.models import Certificate

    full = "410102200403011234"
    with app.app_context():
        cert = Certificate(consortium_id=world.consortium, certificate_no="C-1", holder_name="张三",
                           holder_id_number=full, name="电工", level=3,
                           issued_date=date(2026, 1, 5), issuer_name="河南省人社厅")
        db.session.add(cert)
        db.session.commit()
        cid = cert.id
    page = client.get("/login")
    client.post("/login", data={"username": "admin", "password": factories.PASSWORD,
                                "csrf_token": csrf_from(page.text)})
    html = client.get(f"/training/certificates/{cid}").text
    assert full not in html and "410102********1234" in html
