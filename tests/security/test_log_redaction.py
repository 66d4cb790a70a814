"""No ID number, phone or password reaches a log: an import with errors, a failed sign-in and a page with a number
in its query string, logged at DEBUG (SQL statements and their parameters included), leave none in any record;
nor do werkzeug's and gunicorn's access lines or an exception's traceback."""
import io
import logging

import pytest

from consortium.logs import RedactingFilter, redact

from ..conftest import csrf_from
from ..imports.helpers import SCHOOL, csv_bytes

FULL = "410102200403011234"
OTHER = "11010519491231002X"
PHONE = "13912345678"
PASSWORD = "Wrong-horse-77"
LOGGERS = ("", "sqlalchemy.engine", "werkzeug", "gunicorn.access", "gunicorn.error", "consortium")


@pytest.fixture
def everything(caplog):
    """Capture every record at DEBUG, whatever an earlier logging configuration disabled."""
    for name in LOGGERS:
        logging.getLogger(name).disabled = False
        caplog.set_level(logging.DEBUG, logger=name or None)
    return caplog


def _leaks(caplog) -> list[str]:
    found = []
    for record in caplog.records:
        text = " ".join(filter(None, [record.getMessage(), record.exc_text or "", record.stack_info or ""]))
        for secret in (FULL, OTHER, PHONE, "139 1234 5678", PASSWORD):
            if secret in text:
                found.append(f"{record.name}: {secret}")
    return found


@pytest.mark.parametrize("text, gone", [
    (f"id={FULL} ok", FULL), (f"身份证{OTHER.lower()}", OTHER.lower()), (f"tel {PHONE}.", PHONE),
    ("mobile +86 139-1234-5678", "1234-5678"), ("office 0371-12345678", "12345678"),
    (f"password={PASSWORD}&next=/", PASSWORD), (f'{{"password": "{PASSWORD}"}}', PASSWORD),
    (f"new_password: {PASSWORD}", PASSWORD),
])
def test_redact_removes_numbers_and_passwords(text, gone):
    assert gone not in redact(text)


def test_redact_keeps_ordinary_numbers():
    for text in ("2026-01-05", "12 rows in 0.031 s", "page=3", "job 1733112345", "410102"):
        assert redact(text) == text


def test_the_filter_redacts_a_record_made_elsewhere():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "holder %s phone %s", (FULL, PHONE), None)
    assert RedactingFilter().filter(record) is True
    assert FULL not in record.getMessage() and PHONE not in record.getMessage()


def test_no_number_or_password_in_any_log_record(app, world, browser, everything):
    # An import with errors: a bad ID number, a bad phone, and good rows with numbers in them.
    rows = [
        {"student_no": "L1", "school": SCHOOL, "name": "甲", "id_number": FULL, "phone": PHONE, "major": "机电"},
        {"student_no": "L2", "school": SCHOOL, "name": "乙", "id_number": FULL[:-1] + "9", "major": "机电"},
        {"student_no": "L3", "school": SCHOOL, "name": "丙", "id_number": OTHER, "phone": "139 1234 567",
         "major": "机电"},
    ]
    browser.login("admin")
    page = browser.get("/imports/")
    response = browser.client.post("/imports/", data={
        "type_name": "students", "csrf_token": csrf_from(page.text),
        "file": (io.BytesIO(csv_bytes("students", rows)), "students.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.text[:500]
    preview = browser.get(response.headers["Location"])  # the preview validates the rows: errors to report
    assert preview.status_code == 200 and "校验位" in preview.text
    # A page with numbers (and a password) in its query string: searched, so the SQL log gets them.
    assert browser.get(f"/students?q={PHONE}&password={PASSWORD}").status_code == 200
    assert browser.get(f"/students?q={FULL}").status_code == 200
    # A failed sign-in, with an ID number typed as the username.
    browser.client.get("/logout")
    for name in ("session", "remember_token"):
        browser.client.delete_cookie(name)
    page = browser.get("/login")
    failed = browser.client.post("/login", data={"username": OTHER, "password": PASSWORD,
                                                 "csrf_token": csrf_from(page.text)})
    assert failed.status_code == 200
    # The access lines the development server and gunicorn write, and an exception's traceback.
    logging.getLogger("werkzeug").info('%s - - "%s" %s -', "127.0.0.1",
                                       f"GET /students?q={PHONE}&password={PASSWORD} HTTP/1.1", 200)
    logging.getLogger("gunicorn.access").info('%(h)s "%(r)s" %(s)s',
                                              {"h": "10.0.0.1", "r": f"GET /x?id={FULL} HTTP/1.1", "s": "200"})
    try:
        raise ValueError(f"duplicate key (id_number)=({FULL})")
    except ValueError:
        app.logger.exception("import failed for %s", "139 1234 5678")
    assert any(r.name.startswith("sqlalchemy.engine") for r in everything.records), "SQL was not logged"
    assert _leaks(everything) == []
    assert FULL not in everything.text and PHONE not in everything.text and PASSWORD not in everything.text
