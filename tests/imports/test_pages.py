"""The import pages (upload → preview → confirm → result), templates, and list-page exports."""
import csv
import io
import re

from openpyxl import load_workbook
from sqlalchemy import func, select

from consortium.extensions import db
from consortium.people.models import Student
from consortium.training.models import Certificate
from tests.conftest import Browser, csrf_from

from .helpers import ID_NUMBER, ROWS, SCHOOL, csv_bytes, xlsx_bytes


def _count(app, model):
    with app.app_context():
        n = db.session.scalar(select(func.count()).select_from(model))
        db.session.remove()
        return n


def _upload(browser, type_name, data, filename):
    page = browser.get("/imports/")
    assert page.status_code == 200
    return browser.client.post("/imports/", data={"type_name": type_name, "csrf_token": csrf_from(page.text),
                                                  "file": (io.BytesIO(data), filename)},
                               content_type="multipart/form-data")


def test_upload_preview_confirm_result(app, browser, world):
    browser.login("admin")
    r = _upload(browser, "students", xlsx_bytes("students", ROWS["students"]), "名单.xlsx")
    assert r.status_code == 302
    preview = browser.get(r.headers["Location"])
    assert preview.status_code == 200
    assert "将新建" in preview.text and "2024001" in preview.text and ID_NUMBER not in preview.text
    assert _count(app, Student) == 0  # the preview writes nothing
    confirm_url = re.search(r'action="([^"]+/confirm)"', preview.text).group(1)
    done = browser.client.post(confirm_url, data={"csrf_token": csrf_from(preview.text)})
    assert done.status_code == 302
    result = browser.get(done.headers["Location"])
    assert "导入完成" in result.text and _count(app, Student) == 2
    status = browser.get(done.headers["Location"] + "/status").json
    assert status["status"] == "finished" and status["progress"] == 100
    # Again: every row unchanged.
    r = _upload(browser, "students", csv_bytes("students", ROWS["students"]), "again.csv")
    preview = browser.get(r.headers["Location"])
    assert re.search(r"无变化</div>\s*<div[^>]*>2<", preview.text)


def test_preview_lists_every_bad_row_in_chinese_and_offers_no_confirm(app, browser, world):
    browser.login("school")
    rows = ROWS["students"] + [{"student_no": "X1", "school": "别的学校", "name": "某", "major": "机电"},
                               {"student_no": "X2", "school": SCHOOL, "name": "某", "major": "机电",
                                "id_number": "4.10102E+17"}]
    r = _upload(browser, "students", csv_bytes("students", rows), "bad.csv")
    preview = browser.get(r.headers["Location"])
    assert "发现 2 处错误" in preview.text and "只能导入本校的学生" in preview.text
    assert "/confirm" not in preview.text


def test_upload_refuses_what_is_not_a_table(browser, world):
    browser.login("admin")
    r = _upload(browser, "students", b"\xd0\xcf\x11\xe0" + b"\0" * 600, "old.xls")
    assert r.status_code == 200 and "不支持旧版 Excel" in r.text


def test_other_users_preview_is_not_found(browser, world):
    browser.login("admin")
    r = _upload(browser, "students", csv_bytes("students", ROWS["students"]), "s.csv")
    url = r.headers["Location"]
    school = Browser(browser.client.application.test_client())
    school.login("school")
    assert school.get(url).status_code == 404
    assert school.get("/imports/not-a-uuid").status_code == 404


def test_student_user_cannot_import(browser, world):
    browser.login("stu")
    assert browser.get("/imports/").status_code == 403


def test_template_has_chinese_headers_and_dropdowns(browser, world):
    browser.login("school")
    r = browser.get("/imports/templates/students.xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.data)).worksheets[0]
    assert ws.cell(1, 1).value == "学号" and ws.data_validations.dataValidation


def test_export_is_filtered_injection_safe_and_masked(app, browser, world):
    browser.login("admin")
    rows = [dict(ROWS["students"][0], name="=HYPERLINK(\"http://x\")"), ROWS["students"][1]]
    r = _upload(browser, "students", csv_bytes("students", rows), "s.csv")
    preview = browser.get(r.headers["Location"])
    browser.client.post(re.search(r'action="([^"]+/confirm)"', preview.text).group(1),
                        data={"csrf_token": csrf_from(preview.text)})
    page = browser.get("/students?major=电气")
    assert "/exports/students.csv?major=" in page.text
    body = browser.get("/exports/students.csv?major=电气").data
    assert body.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert table[0][0] == "学号" and [r[0] for r in table[1:]] == ["2024002"]  # the filter applies
    body = browser.get("/exports/students.csv").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in body and ID_NUMBER in body  # the secretariat manages these students
    wb = load_workbook(io.BytesIO(browser.get("/exports/students.xlsx").data))
    cells = [c for row in wb.active.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert any(c.value == "=HYPERLINK(\"http://x\")" and c.data_type == "s" for c in cells)


def test_certificate_export_masks_id_numbers_for_a_school(app, browser, world):
    browser.login("admin")
    for t in ("training_sessions", "certificates"):
        r = _upload(browser, t, csv_bytes(t, ROWS[t]), f"{t}.csv")
        preview = browser.get(r.headers["Location"])
        browser.client.post(re.search(r'action="([^"]+/confirm)"', preview.text).group(1),
                            data={"csrf_token": csrf_from(preview.text)})
    assert _count(app, Certificate) == 1
    assert ID_NUMBER in browser.get("/exports/certificates.csv").data.decode("utf-8-sig")
    school = Browser(app.test_client())
    school.login("school")
    body = school.get("/exports/certificates.csv").data.decode("utf-8-sig")
    assert "C001" in body and ID_NUMBER not in body and "110105********002X" in body


def test_large_file_runs_as_a_job_with_progress(app, browser, world):
    from consortium.queue import JobRun

    browser.login("admin")
    rows = [{"student_no": f"B{n:05d}", "school": SCHOOL, "name": f"学生{n}", "major": "机电一体化技术"}
            for n in range(2100)]
    r = _upload(browser, "students", csv_bytes("students", rows), "big.csv")
    preview = browser.get(r.headers["Location"])
    assert "将新建" in preview.text
    done = browser.client.post(re.search(r'action="([^"]+/confirm)"', preview.text).group(1),
                               data={"csrf_token": csrf_from(preview.text)})
    page = browser.get(done.headers["Location"])
    with app.app_context():
        run = db.session.scalar(select(JobRun).where(JobRun.name == "import"))
        status, result = run.status, run.result
        db.session.remove()
    if status == "finished":  # inline without Redis; with Redis the worker may still be busy
        assert result["created"] == 2100 and "导入完成" in page.text
        assert _count(app, Student) == 2100
    else:
        assert "data-job-status-url" in page.text
