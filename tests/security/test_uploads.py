"""Uploaded import files (they hold ID numbers) live in the database, where every host reads them; they are
deleted once the import has run, and abandoned ones after 24 hours (by the next upload or
`flask sweep-uploads`). Nothing is written to the instance folder."""
import io
import os
from datetime import timedelta

from sqlalchemy import select, update

from consortium.extensions import db
from consortium.imports.models import ImportUpload
from consortium.timeutil import utcnow

from ..imports.helpers import ROWS, csv_bytes


def _upload(browser):
    data = csv_bytes("students", ROWS["students"])
    r = browser.submit("/imports/", {"type_name": "students", "file": (io.BytesIO(data), "s.csv")},
                       content_type="multipart/form-data")
    assert r.status_code == 302, r.text[:500]
    return r.headers["Location"].rstrip("/").split("/")[-1]


def _stored(app):
    with app.app_context():
        ids = set(db.session.scalars(select(ImportUpload.id)))
        db.session.remove()
    return ids


def _age(app, upload_id, hours):
    with app.app_context():
        db.session.execute(update(ImportUpload).where(ImportUpload.id == upload_id)
                           .values(created_at=utcnow() - timedelta(hours=hours)))
        db.session.commit()
        db.session.remove()


def test_upload_is_deleted_once_imported(app, browser, world):
    browser.login("admin")
    upload_id = _upload(browser)
    assert upload_id in _stored(app)
    assert not os.path.isdir(os.path.join(app.instance_path, "uploads", "imports", upload_id))
    r = browser.submit(f"/imports/{upload_id}/confirm", {}, form_url=f"/imports/{upload_id}")
    assert r.status_code == 302
    assert upload_id not in _stored(app)


def test_abandoned_uploads_are_swept(app, browser, runner, world):
    browser.login("admin")
    old = _upload(browser)
    _age(app, old, 25)
    fresh = _upload(browser)  # a new upload sweeps the abandoned one
    assert old not in _stored(app) and fresh in _stored(app)
    _age(app, fresh, 25)
    r = runner.invoke(args=["sweep-uploads"])
    assert r.exit_code == 0 and "removed 1" in r.output
    assert fresh not in _stored(app)
