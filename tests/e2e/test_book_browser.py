"""The book's journey in a real browser: the secretariat enters commitments, attaches two materials,
completes two self-assessment points and submits; the recommending unit returns it with a comment; the
secretariat revises and resubmits; the recommending unit forwards it and downloads the DOCX and the ZIP."""
import io
import zipfile

import pytest
from docx import Document

from consortium.book import review
from consortium.extensions import db

from .. import factories
from ..stats import scenario
from .conftest import shot
from .test_training_browser import as_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def book_world(app):
    with app.app_context():
        c, *_ = scenario.build()
        factories.make_user("sec", "admin", consortium=c)
        review.create_bureau(None, username="zz_bureau", password=factories.PASSWORD, city="郑州市",
                             unit_name="郑州市教育局", bootstrap=True)
        db.session.commit()
        db.session.remove()


def _upload(page, tmp_path, name, data, title, target):
    path = tmp_path / name
    path.write_bytes(data)
    page.goto("/book/materials")
    page.fill("#title", title)
    page.select_option("#target", target)
    page.set_input_files("#file", str(path))
    page.click("button[name=upload]")
    page.wait_for_selector(f"text={title}")


def test_submit_return_resubmit_forward(chromium, live_server, book_world, tmp_path):
    ctx, page, errors = as_user(chromium, live_server, "sec")
    page.goto("/book/commitments")
    page.fill("[name='c-2023-cobuilt.majors']", "6")
    page.fill("[name='c-2023-internship.person_months']", "20")
    page.click("text=保存承诺值")
    page.wait_for_selector("text=已保存承诺建成数据")
    _upload(page, tmp_path, "charter.pdf", PDF, "联合体章程", "point:2.3")
    _upload(page, tmp_path, "photo.png", PNG, "实习现场照片", "point:4.4")
    page.goto("/book/assessment")
    for code, rating in (("4.4", "A"), ("2.3", "B")):
        card = page.locator(f"[id='point-{code}']")
        card.locator("select").select_option(rating)
        card.locator("textarea").fill("见支撑材料")
        card.locator("button[type=submit]").click()
        page.wait_for_selector(f"text=已保存观测点 {code} 的自评")
    assert "已覆盖 2 / 26" in page.locator("#coverage").inner_text()
    shot(page, "book-assessment")
    page.goto("/book/")
    page.click("#submit-book")
    page.wait_for_selector("text=已提交第 1 版")
    shot(page, "book-submitted")

    bctx, bureau, berrors = as_user(chromium, live_server, "zz_bureau")
    bureau.wait_for_url("**/book/review")
    bureau.click("text=查看")
    bureau.fill("#return-comment", "请补充共建专业的佐证材料")
    bureau.click("#return-submit")
    bureau.wait_for_selector("text=已退回修改")

    page.goto("/book/")
    assert "请补充共建专业的佐证材料" in page.content()
    page.goto("/book/commitments")
    page.fill("[name='c-2023-cobuilt.majors']", "7")
    page.click("text=保存承诺值")
    page.wait_for_selector("text=已保存承诺建成数据")
    page.goto("/book/")
    page.click("#submit-book")
    page.wait_for_selector("text=已提交第 2 版")

    bureau.reload()
    bureau.fill("#forward-opinion", "同意推荐")
    bureau.click("#forward-submit")
    bureau.wait_for_selector("text=推荐意见：同意推荐")
    shot(bureau, "book-forwarded")
    with bureau.expect_download() as got:
        bureau.click("#download-docx")
    doc = Document(got.value.path())
    assert any(c.text == "7 个" for t in doc.tables for r in t.rows for c in r.cells)
    with bureau.expect_download() as got:
        bureau.click("#download-zip")
    with zipfile.ZipFile(io.BytesIO(open(got.value.path(), "rb").read())) as z:
        assert z.namelist() == ["00-支撑材料目录索引.docx", "附001-联合体章程.pdf", "附002-实习现场照片.png"]
    assert not [e for e in errors + berrors if "Content Security Policy" in e]
    bctx.close()
    ctx.close()
