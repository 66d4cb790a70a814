"""Smaller gaps: no open redirect through /lang, every English msgstr survives Jinja's formatting (the
training plan page in English), and a database failure during an import shows a generic message while
the log gets no row values."""
import logging

import pytest
from babel.messages.pofile import read_po
from sqlalchemy.exc import IntegrityError

from consortium import ROOT
from consortium.auth.models import User
from consortium.extensions import db
from consortium.imports import services as import_services
from consortium.members.models import Consortium

from ..imports.helpers import ROWS, csv_bytes

ID = "11010519491231002X"


def test_language_switch_does_not_redirect_off_site(client):
    r = client.get("/lang/en", headers={"Referer": "https://evil.example/phish"})
    assert r.status_code == 302 and "evil.example" not in r.headers["Location"]
    r = client.get("/lang/en", headers={"Referer": "//evil.example/x"})
    assert "evil.example" not in r.headers["Location"]
    r = client.get("/lang/en", headers={"Referer": "http://localhost/members?page=2"})
    assert r.headers["Location"] == "/members?page=2"


def test_every_english_msgstr_formats_like_its_msgid():
    with open(ROOT / "translations/en/LC_MESSAGES/messages.po", "rb") as fh:
        catalog = read_po(fh)
    broken = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for mid, mstr in zip(ids, strings):
            try:
                mid % {}
            except (ValueError, TypeError, KeyError):
                continue  # has placeholders: the placeholder test compares them
            try:
                mstr % {}
            except (ValueError, TypeError, KeyError):
                broken.append(mstr)
    assert broken == []


def test_training_plan_in_english(browser, world):
    browser.login("admin")
    browser.get("/lang/en")
    r = browser.get("/training/plan")
    assert r.status_code == 200


def test_import_database_error_is_generic_and_not_logged_with_values(ctx, world, monkeypatch, caplog):
    def failing(*_a, **_k):
        raise IntegrityError("INSERT", {}, Exception(f'duplicate key value violates unique constraint '
                                                     f'"uq_student_id_number" DETAIL: Key (id_number)=({ID})'))

    monkeypatch.setattr(import_services, "apply_plan", failing)
    caplog.set_level(logging.DEBUG)
    report = import_services.run_import(db.session.get(User, world.admin), db.session.get(Consortium, world.consortium),
                                        "students", csv_bytes("students", ROWS["students"]), "s.csv")
    assert not report.ok
    text = " ".join(e.message for e in report.errors)
    assert "数据库写入失败" in text and ID not in text and "duplicate key" not in text
    assert ID not in caplog.text and "rolled back" in caplog.text
