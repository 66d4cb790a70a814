"""The recommending unit's review: states and permissions (a bureau sees only its own city's consortia),
every step recorded, snapshots frozen and versioned; supporting materials (type by content, numbering,
index, ZIP); the annex-1 self-assessment; the province view with the per-city cap."""
import io
import json
import zipfile

import pytest
from docx import Document
from openpyxl import Workbook

from consortium.auth.models import User
from consortium.book import annex1, materials, review, services
from consortium.book.models import ReviewEvent
from consortium.errors import Conflict, NotAllowed, NotFound, ValidationError
from consortium.extensions import db
from consortium.members.models import Consortium

from .. import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _xlsx() -> bytes:
    wb = Workbook()
    wb.active["A1"] = "会议签到表"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def cities(app):
    with app.app_context():
        zz = f.make_consortium(name="郑州甲联合体", city="郑州市")
        zz2 = f.make_consortium(name="郑州乙联合体", city="郑州")
        ly = f.make_consortium(name="洛阳联合体", city="洛阳市")
        f.make_user("sec", "admin", consortium=zz)
        f.make_user("ly_sec", "admin", consortium=ly)
        f.make_user("province", "admin")
        review.create_bureau(None, username="zz_bureau", password=f.PASSWORD, city="郑州市",
                             unit_name="郑州市教育局", bootstrap=True)
        review.create_bureau(None, username="ly_bureau", password=f.PASSWORD, city="洛阳市",
                             unit_name="洛阳市教育局", bootstrap=True)
        db.session.commit()
        ids = {"zz": zz.id, "zz2": zz2.id, "ly": ly.id}
        db.session.remove()
    return ids


def _u(name):
    return db.session.query(User).filter_by(username=name).one()


def _c(cid):
    return db.session.get(Consortium, cid)


def test_submit_return_resubmit_forward_with_every_step_recorded(app, cities):
    with app.app_context():
        zz = _c(cities["zz"])
        sec, bureau = _u("sec"), _u("zz_bureau")
        services.save_commitments(sec, zz, {(2023, "cobuilt.majors"): "5"})
        v1 = review.submit(sec, zz)
        assert (v1.version, v1.status) == (1, "submitted")
        with pytest.raises(Conflict):
            review.submit(sec, zz)  # one pending version at a time
        with pytest.raises(ValidationError):
            review.return_book(bureau, zz, "  ")  # a return needs a comment
        review.return_book(bureau, zz, "请补充共建专业的支撑材料")
        assert v1.status == "returned"
        with pytest.raises(Conflict):
            review.forward(bureau, zz, "同意推荐")  # nothing pending
        services.save_commitments(sec, zz, {(2023, "cobuilt.majors"): "6"})
        v2 = review.submit(sec, zz)
        assert v2.version == 2
        review.forward(bureau, zz, "同意推荐")
        assert v2.status == "forwarded" and v2.opinion == "同意推荐"
        with pytest.raises(Conflict):
            review.submit(sec, zz)
        steps = [(e.action, e.actor_name, e.comment) for e in
                 db.session.query(ReviewEvent).order_by(ReviewEvent.id)]
        assert steps == [("submit", "sec", None), ("return", "郑州市教育局", "请补充共建专业的支撑材料"),
                         ("submit", "sec", None), ("forward", "郑州市教育局", "同意推荐")]
        # snapshots are frozen: v1 keeps the commitment as it was
        assert json.loads(v1.snapshot)["committed"]["2023"]["cobuilt.majors"] == "5.00"
        assert json.loads(v2.snapshot)["committed"]["2023"]["cobuilt.majors"] == "6.00"
        services.save_commitments(sec, zz, {(2023, "cobuilt.majors"): "9"})
        assert json.loads(v2.snapshot)["committed"]["2023"]["cobuilt.majors"] == "6.00"
        doc = Document(io.BytesIO(review.get_submission(bureau, zz, 1).docx))
        assert any(c.text == "5 个" for t in doc.tables for r in t.rows for c in r.cells)
        db.session.rollback()
        db.session.remove()


def test_a_bureau_sees_only_its_own_city(app, cities):
    with app.app_context():
        zz, ly = _c(cities["zz"]), _c(cities["ly"])
        sec, ly_sec = _u("sec"), _u("ly_sec")
        zz_bureau, ly_bureau = _u("zz_bureau"), _u("ly_bureau")
        review.submit(sec, zz)
        review.submit(ly_sec, ly)
        assert [r["consortium"].name for r in review.review_list(zz_bureau)] == ["郑州乙联合体", "郑州甲联合体"]
        assert [r["consortium"].name for r in review.review_list(ly_bureau)] == ["洛阳联合体"]
        with pytest.raises(NotFound):
            review.forward(ly_bureau, zz, "同意")
        with pytest.raises(NotFound):
            review.get_submission(ly_bureau, zz, 1)
        with pytest.raises(NotFound):
            review.get_submission(ly_sec, zz, 1)  # another consortium's secretariat
        with pytest.raises(NotAllowed):
            review.submit(zz_bureau, zz)  # a bureau does not submit
        with pytest.raises(NotFound):
            review.return_book(sec, zz, "x")  # the secretariat does not review its own book
        with pytest.raises(NotAllowed):
            review.review_list(sec)
        db.session.rollback()
        db.session.remove()


def test_province_groups_by_recommending_unit_and_warns_over_the_cap(app, cities):
    with app.app_context():
        zz_bureau = _u("zz_bureau")
        extra = f.make_consortium(name="郑州丙联合体", city="郑州市")
        admin = f.make_user("sec3", "admin", consortium=extra)
        for cid, actor in ((cities["zz"], _u("sec")), (cities["zz2"], None), (extra.id, admin)):
            c = _c(cid)
            actor = actor or f.make_user(f"sec_{cid}", "admin", consortium=c)
            services.save_settings(actor, c, {"base_year": 2022, "first_committed_year": 2023,
                                              "last_committed_year": 2025, "recommending_unit": "郑州市教育局",
                                              "filler_name": "王晓燕", "filler_contact": "0371-1"})
            review.submit(actor, c)
            review.forward(zz_bureau, c, "同意推荐")
        data = review.province_view(_u("province"))
        group = next(g for g in data["groups"] if g["unit"] == "郑州市教育局")
        assert group["forwarded"] == 3 and group["over_cap"]
        assert {r["filler"] for r in group["rows"]} == {"王晓燕"}
        with pytest.raises(NotAllowed):
            review.province_view(_u("sec"))  # a consortium's secretariat is not the province
        db.session.rollback()
        db.session.remove()


def test_the_cap_is_the_provinces_setting_per_city(app, cities):
    with app.app_context():
        province, zz_bureau, ly_bureau = _u("province"), _u("zz_bureau"), _u("ly_bureau")
        assert review.province_settings().city_cap == 2 and review.cap_for("郑州市") == 2  # the notice's default
        for cid, bureau in ((cities["zz"], zz_bureau), (cities["zz2"], zz_bureau), (cities["ly"], ly_bureau)):
            c = _c(cid)
            actor = db.session.query(User).filter_by(consortium_id=cid).first() or f.make_user(f"s{cid}", "admin", consortium=c)
            review.submit(actor, c)
            review.forward(bureau, c, "同意推荐")
        data = review.province_view(province)
        assert {e["city"]: (e["forwarded"], e["cap"], e["over_cap"]) for e in data["cities"]} == {
            "郑州": (2, 2, False), "洛阳": (1, 2, False)}  # 郑州 and 郑州市 are one city
        review.save_province_settings(province, {"city_cap": 1, "exceptions": "洛阳市 3\n济源示范区=1"})
        assert review.cap_for("郑州") == 1 and review.cap_for("洛阳") == 3 and review.cap_for("济源示范区") == 1
        data = review.province_view(province)
        assert [(e["city"], e["forwarded"], e["cap"]) for e in data["over_cap"]] == [("郑州", 2, 1)]
        assert all(g["over_cap"] for g in data["groups"] if any(r["city"] == "郑州" for r in g["rows"]))
        assert not any(g["over_cap"] for g in data["groups"] if all(r["city"] == "洛阳" for r in g["rows"]))
        for bad in ({"city_cap": 0, "exceptions": ""}, {"city_cap": 2, "exceptions": "洛阳 many"},
                    {"city_cap": 2, "exceptions": "洛阳 0"}, {"city_cap": "2", "exceptions": ""}):
            with pytest.raises(ValidationError):
                review.save_province_settings(province, bad)
        for other in (_u("sec"), zz_bureau):
            with pytest.raises(NotAllowed):
                review.save_province_settings(other, {"city_cap": 5, "exceptions": ""})
        assert review.province_settings().city_cap == 1
        db.session.rollback()
        db.session.remove()


def test_the_province_sets_the_cap_on_its_page(browser, cities, app):
    with app.app_context():
        for cid in (cities["zz"], cities["zz2"]):
            c = _c(cid)
            actor = db.session.query(User).filter_by(consortium_id=cid).first() or f.make_user(f"s{cid}", "admin", consortium=c)
            review.submit(actor, c)
            review.forward(_u("zz_bureau"), c, "同意推荐")
        db.session.commit()
        db.session.remove()
    browser.login("province")
    page = browser.get("/book/province")
    assert "超过上限" not in page.text and 'value="2"' in page.text
    saved = browser.submit("/book/province", {"city_cap": "1", "exceptions": "洛阳 2"})
    assert saved.status_code == 302
    page = browser.get("/book/province").text
    assert "郑州 已推荐报送 2 家，超过该市 1 家的上限。" in page and "洛阳 2" in page
    bad = browser.submit("/book/province", {"city_cap": "1", "exceptions": "洛阳 x"})
    assert bad.status_code == 200 and "第 1 行应为" in bad.text


def test_materials_are_checked_by_content_numbered_indexed_and_zipped(app, cities):
    with app.app_context():
        zz = _c(cities["zz"])
        sec = _u("sec")
        with pytest.raises(ValidationError) as err:
            materials.add_material(sec, zz, title="伪装的 PDF", target="point:2.1", filename="a.pdf",
                                   stream=io.BytesIO(b"MZ\x90\x00 not a pdf"))
        assert "file" in err.value.fields
        with pytest.raises(ValidationError) as err:
            materials.add_material(sec, zz, title="x", target="point:9.9", filename="a.pdf", stream=io.BytesIO(PDF))
        assert "target" in err.value.fields
        app.config["MATERIAL_MAX_BYTES"] = 64
        with pytest.raises(ValidationError) as err:
            materials.add_material(sec, zz, title="大文件", target="point:2.1", filename="a.pdf",
                                   stream=io.BytesIO(PDF + b"0" * 100))
        app.config.pop("MATERIAL_MAX_BYTES")
        a = materials.add_material(sec, zz, title="理事会章程", target="governance:charter", filename="../../etc.pdf",
                                   stream=io.BytesIO(PDF))
        b = materials.add_material(sec, zz, title="", target="point:4.4", filename="实习照片.png",
                                   stream=io.BytesIO(PNG))
        c = materials.add_material(sec, zz, title="签到表", target="figure:internship.person_months",
                                   filename="表.xlsx", stream=io.BytesIO(_xlsx()))
        assert [(m.number, m.code, m.ext) for m in (a, b, c)] == [(1, "附001", "pdf"), (2, "附002", "png"),
                                                                  (3, "附003", "xlsx")]
        assert b.title == "实习照片" and a.original_name == "etc.pdf" and a.stored_name != a.original_name
        assert "/" not in a.stored_name and len(a.stored_name) == 36
        index = Document(io.BytesIO(materials.materials_index(sec, zz)))
        assert [[cell.text for cell in r.cells][:2] for r in index.tables[0].rows] == [
            ["序号", "材料名称"], ["附001", "理事会章程"], ["附002", "实习照片"], ["附003", "签到表"]]
        with zipfile.ZipFile(io.BytesIO(materials.materials_zip(sec, zz))) as z:
            assert z.namelist() == ["00-支撑材料目录索引.docx", "附001-理事会章程.pdf", "附002-实习照片.png",
                                    "附003-签到表.xlsx"]
            assert z.read("附001-理事会章程.pdf") == PDF
        with pytest.raises(NotAllowed):
            materials.add_material(_u("ly_sec"), zz, title="x", target="point:2.1", filename="a.pdf",
                                   stream=io.BytesIO(PDF))
        db.session.rollback()
        db.session.remove()


def test_self_assessment_covers_points_and_exports(app, cities):
    with app.app_context():
        zz = _c(cities["zz"])
        sec = _u("sec")
        assert [c for c, _g, _t in annex1.POINTS] == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4",
                                                      "3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "4.3",
                                                      "4.4", "4.5", "5.1", "5.2", "5.3", "5.4", "6.1", "6.2",
                                                      "6.3", "7"]
        data = materials.assessment_overview(sec, zz)
        assert data["covered"] == 0 and data["total"] == 26
        materials.save_assessment(sec, zz, "4.4", {"rating": "A", "notes": "实习实训量见平台数据"})
        materials.save_assessment(sec, zz, "2.1", {"rating": "B"})  # no evidence yet
        materials.add_material(sec, zz, title="理事会成立文件", target="point:2.1", filename="a.pdf",
                               stream=io.BytesIO(PDF))
        materials.save_assessment(sec, zz, "7", {"rating": "A"})
        with pytest.raises(ValidationError):
            materials.save_assessment(sec, zz, "4.4", {"rating": "Z"})
        data = materials.assessment_overview(sec, zz, services.declaration(zz.id))
        covered = [p["code"] for p in data["points"] if p["covered"]]
        assert covered == ["2.1", "4.4", "7"] and data["covered"] == 3
        doc = Document(io.BytesIO(materials.assessment_docx(sec, zz, services.declaration(zz.id))))
        rows = {r.cells[0].text: [c.text for c in r.cells] for r in doc.tables[0].rows}
        assert rows["4.4"][2] == "优秀" and "企业为学生提供实习实训量" in rows["4.4"][3]
        assert rows["2.1"][3] == "附001" and "事件登记：近 3 年无重大违规事件" in rows["7"][3]
        db.session.rollback()
        db.session.remove()


def test_review_pages_and_permissions(client, browser, cities):
    browser.login("sec")
    assert browser.submit("/book/submit", {}, form_url="/book/").status_code == 302
    browser.client.get("/")  # keep the session
    other = client.application.test_client()
    from ..conftest import Browser

    zz_bureau = Browser(other)
    zz_bureau.login("zz_bureau")
    assert "/book/review" in zz_bureau.get("/").headers["Location"]
    page = zz_bureau.get("/book/review").text
    assert "郑州甲联合体" in page and "洛阳联合体" not in page
    assert zz_bureau.get(f"/book/review/{cities['ly']}").status_code == 404
    detail = zz_bureau.get(f"/book/review/{cities['zz']}")
    assert detail.status_code == 200 and "第 1 版" in detail.text
    docx = zz_bureau.get(f"/book/versions/1/book.docx?consortium={cities['zz']}")
    assert docx.status_code == 200 and docx.data[:2] == b"PK"
    assert zz_bureau.get(f"/book/versions/1/book.docx?consortium={cities['ly']}").status_code == 404
    ly_bureau = Browser(client.application.test_client())
    ly_bureau.login("ly_bureau")
    assert ly_bureau.get(f"/book/versions/1/book.docx?consortium={cities['zz']}").status_code == 404
    assert ly_bureau.get("/book/").status_code in (403, 404)


def test_bureau_account_from_the_command_line(app, runner):
    result = runner.invoke(args=["book", "bureau", "--username", "kf_bureau", "--city", "开封市",
                                 "--unit", "开封市教育局", "--password", "long-enough-1"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = _u("kf_bureau")
        assert user.role == "bureau" and review.bureau_of(user).city == "开封市"
        db.session.remove()
    result = runner.invoke(args=["book", "bureau", "--username", "kf2", "--city", " ", "--unit", "x"])
    assert result.exit_code != 0 and "city" in result.output


def test_demo_book_and_recommending_unit(app):
    from consortium.book.layout import book_keys
    from consortium.demo import members as demo_members

    with app.app_context():
        consortium, accounts = demo_members.load("demo-pass-1234")
        assert ("zz_bureau", "bureau", "郑州市教育局") in accounts
        settings = services.settings_of(consortium.id)
        assert (settings.base_year, settings.committed_years) == (2023, [2024, 2025, 2026])
        assert set(services.commitments(consortium.id)[2024]) <= set(book_keys())
        assert services.declaration(consortium.id)["printable"]
        assert [r["consortium"].id for r in review.review_list(_u("zz_bureau"))] == [consortium.id]
        doc = Document(io.BytesIO(services.book_docx(_u("secretariat"), consortium)))
        assert doc.core_properties.title.endswith(consortium.name)
        db.session.rollback()
        db.session.remove()


def test_province_page(browser, cities, app):
    with app.app_context():
        zz = _c(cities["zz"])
        sec = _u("sec")
        services.save_settings(sec, zz, {"base_year": 2022, "first_committed_year": 2023, "last_committed_year": 2025,
                                         "recommending_unit": "郑州市教育局", "filler_name": "王晓燕",
                                         "filler_contact": "0371-1"})
        review.submit(sec, zz)
        review.forward(_u("zz_bureau"), zz, "同意推荐")
        db.session.commit()
        db.session.remove()
    browser.login("province")
    page = browser.get("/book/province")
    assert page.status_code == 200 and "郑州市教育局" in page.text and "王晓燕" in page.text
    assert "已推荐报送省教育厅" in page.text and "超过每市" not in page.text
