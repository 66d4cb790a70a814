"""Uploaded import files (they hold ID numbers) are deleted once the import has run, and abandoned ones
after 24 hours (by the next upload or `flask sweep-uploads`)."""
import io
import os
import time

from ..imports.helpers import ROWS, csv_bytes


def _upload(browser):
    data = csv_bytes("students", ROWS["students"])
    r = browser.submit("/imports/", {"type_name": "students", "file": (io.BytesIO(data), "s.csv")},
                       content_type="multipart/form-data")
    assert r.status_code == 302, r.text[:500]
    return r.headers["Location"].rstrip("/").split("/")[-1]


def _folders(app):
    root = os.path.join(app.instance_path, "uploads", "imports")
    return set(os.listdir(root)) if os.path.isdir(root) else set()


def test_upload_is_deleted_once_imported(app, browser, world):
    browser.login("admin")
    upload_id = _upload(browser)
    assert upload_id in _folders(app)
    r = browser.submit(f"/imports/{upload_id}/confirm", {}, form_url=f"/imports/{upload_id}")
    assert r.status_code == 302
    assert upload_id not in _folders(app)


def test_abandoned_uploads_are_swept(app, browser, runner, world):
    browser.login("admin")
    old = _upload(browser)
    folder = os.path.join(app.instance_path, "uploads", "imports", old)
    past = time.time() - 25 * 3600
    os.utime(folder, (past, past))
    fresh = _upload(browser)  # a new upload sweeps the abandoned one
    assert old not in _folders(app) and fresh in _folders(app)
    os.utime(os.path.join(app.instance_path, "uploads", "imports", fresh), (past, past))
    r = runner.invoke(args=["sweep-uploads"])
    assert r.exit_code == 0 and "removed 1" in r.output
    assert fresh not in _folders(app)
