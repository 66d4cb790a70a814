"""Governance records: the board, meetings, versioned charter and rules, coordination tasks, incentive
policies; they serve as evidence for their annex-1 points; only the consortium's secretariat keeps them."""
from datetime import date

import pytest

from consortium.auth.models import User
from consortium.book import governance, materials
from consortium.errors import NotAllowed, ValidationError
from consortium.extensions import db
from consortium.members.models import Consortium

from .. import factories as f


@pytest.fixture
def sec(app):
    with app.app_context():
        c = f.make_consortium(name="治理测试联合体")
        f.make_user("sec", "admin", consortium=c)
        other = f.make_consortium(name="另一联合体")
        f.make_user("other", "admin", consortium=other)
        db.session.commit()
        cid = c.id
        db.session.remove()
    return cid


def test_records_versions_and_evidence(app, sec):
    with app.app_context():
        c = db.session.get(Consortium, sec)
        actor = db.session.query(User).filter_by(username="sec").one()
        governance.add_board_member(actor, c, {"name": "李建国", "organization": "郑州经开区管委会", "role": "chair"})
        with pytest.raises(ValidationError) as err:
            governance.add_board_member(actor, c, {"name": "", "organization": "x", "role": "king"})
        assert set(err.value.fields) == {"name", "role"}
        governance.add_meeting(actor, c, {"held_on": date(2024, 3, 1), "title": "第一次理事会",
                                          "attendees": "全体理事", "resolutions": "通过章程"})
        v1 = governance.add_charter_version(actor, c, {"kind": "charter", "title": "联合体章程",
                                                       "adopted_on": date(2023, 6, 28)})
        v2 = governance.add_charter_version(actor, c, {"kind": "charter", "title": "联合体章程",
                                                       "adopted_on": date(2024, 6, 28), "summary": "增设监事"})
        rule = governance.add_charter_version(actor, c, {"kind": "rule", "title": "经费管理办法",
                                                         "adopted_on": date(2024, 1, 1)})
        assert (v1.version, v2.version, rule.version) == (1, 2, 1)
        governance.add_task(actor, c, {"department": "市发改委", "duty": "统筹规划", "task": "制定实施方案",
                                       "deadline": date(2024, 12, 31), "status": "done"})
        governance.add_policy(actor, c, {"title": "产教融合型企业激励办法", "issuer": "郑州市政府",
                                         "issued_on": date(2023, 9, 1), "kind": "tax", "implemented": True})
        kept = governance.records(c.id)
        assert [len(kept[k]) for k in ("board", "meetings", "charter", "coordination", "incentives")] == [1, 1, 3, 1, 1]
        assert [d.version for d in kept["charter"] if d.title == "联合体章程"] == [2, 1]
        for point in ("1.3", "1.4", "2.1", "2.3", "2.4"):
            materials.save_assessment(actor, c, point, {"rating": "B"})
        data = materials.assessment_overview(actor, c)
        assert [p["code"] for p in data["points"] if p["covered"]] == ["1.3", "1.4", "2.1", "2.3", "2.4"]
        with pytest.raises(NotAllowed):
            governance.add_policy(db.session.query(User).filter_by(username="other").one(), c, {})
        db.session.rollback()
        db.session.remove()


def test_governance_page_adds_a_board_member(browser, sec):
    browser.login("sec")
    page = browser.get("/book/governance")
    assert page.status_code == 200 and 'style="' not in page.text
    response = browser.submit("/book/governance", {"kind": "board", "board-name": "王晓燕",
                                                   "board-organization": "郑州智能装备职业技术学院",
                                                   "board-role": "secretary_general"}, follow_redirects=True)
    assert "王晓燕" in response.text and "秘书长" in response.text
    bad = browser.submit("/book/governance", {"kind": "charter", "charter-kind": "charter", "charter-title": ""})
    assert bad.status_code == 200 and "is-invalid" in bad.text


def test_a_material_attaches_to_one_governance_record_and_the_index_names_it(app, sec, tmp_path):
    import io

    from docx import Document

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    with app.app_context():
        app.instance_path = str(tmp_path)
        c = db.session.get(Consortium, sec)
        actor = db.session.query(User).filter_by(username="sec").one()
        other = db.session.query(User).filter_by(username="other").one()
        first = governance.add_meeting(actor, c, {"held_on": date(2024, 3, 1), "title": "第一次理事会",
                                                  "attendees": "全体理事", "resolutions": "通过章程"})
        second = governance.add_meeting(actor, c, {"held_on": date(2024, 9, 1), "title": "第二次理事会",
                                                   "attendees": "全体理事", "resolutions": "通过年度计划"})
        charter = governance.add_charter_version(actor, c, {"kind": "charter", "title": "联合体章程",
                                                            "adopted_on": date(2023, 6, 28)})
        foreign = governance.add_meeting(other, db.session.get(Consortium, other.consortium_id),
                                         {"held_on": date(2024, 3, 1), "title": "外单位会议", "attendees": "x",
                                          "resolutions": "y"})
        keys = {k for t, k, _l in materials.targets(c.id) if t == "governance"}
        assert {"meetings", f"meetings.{first.id}", f"meetings.{second.id}", f"charter.{charter.id}"} <= keys
        assert f"meetings.{foreign.id}" not in keys  # another consortium's record is not offered
        minutes = materials.add_material(actor, c, title="第二次理事会纪要", target=f"governance:meetings.{second.id}",
                                         filename="纪要.pdf", stream=io.BytesIO(pdf))
        assert (minutes.target_type, minutes.target_key) == ("governance", f"meetings.{second.id}")
        materials.add_material(actor, c, title="章程文本", target=f"governance:charter.{charter.id}",
                               filename="章程.pdf", stream=io.BytesIO(pdf))
        materials.add_material(actor, c, title="制度汇编", target="governance:charter", filename="汇编.pdf",
                               stream=io.BytesIO(pdf))
        for bad in (f"governance:meetings.{foreign.id}", "governance:meetings.999999", "governance:meetings.x"):
            with pytest.raises(ValidationError) as err:
                materials.add_material(actor, c, title="x", target=bad, filename="a.pdf", stream=io.BytesIO(pdf))
            assert "target" in err.value.fields
        index = Document(io.BytesIO(materials.materials_index(actor, c)))
        cells = [[cell.text for cell in row.cells] for row in index.tables[0].rows]
        assert cells[1][0] == "附001" and cells[1][2] == "治理记录：理事会会议及决议 ▸ 2024-09-01 第二次理事会"
        assert cells[2][2] == "治理记录：章程与管理制度 ▸ 联合体章程 第 1 版（2023-06-28）"
        assert cells[3][2] == "治理记录：章程与管理制度"  # the category alone still works
        db.session.rollback()
        db.session.remove()


def test_the_governance_page_links_each_record_to_its_materials(browser, sec, app):
    with app.app_context():
        c = db.session.get(Consortium, sec)
        actor = db.session.query(User).filter_by(username="sec").one()
        meeting = governance.add_meeting(actor, c, {"held_on": date(2024, 3, 1), "title": "第一次理事会",
                                                    "attendees": "全体理事", "resolutions": "通过章程"})
        db.session.commit()
        mid = meeting.id
        db.session.remove()
    browser.login("sec")
    html = browser.get("/book/governance").text
    assert f"/book/materials?target=governance:meetings.{mid}" in html
    form = browser.get(f"/book/materials?target=governance:meetings.{mid}").text
    assert f'<option selected value="governance:meetings.{mid}">' in form
    assert "理事会会议及决议 ▸ 2024-03-01 第一次理事会" in form
