"""Commitments against actuals (验收), the declaration rule, the book pages and their permissions, and the
book DOCX of the golden scenario through the CLI."""
import io
from datetime import date
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from consortium.auth.models import User
from consortium.book import acceptance, services
from consortium.book.models import BookSettings
from consortium.errors import NotAllowed, ValidationError
from consortium.extensions import db
from consortium.members.models import Consortium, Member

from ..stats import scenario
from .. import factories as f


# ---- pure rules -------------------------------------------------------------------------------

def test_compare_met_not_met_open_and_no_actual():
    rows = acceptance.compare(
        {(2023, "cobuilt.majors"): Decimal("5"), (2023, "internship.person_months"): Decimal("200"),
         (2023, "employment.rate_pct"): Decimal("90"), (2024, "cobuilt.majors"): Decimal("8")},
        {2023: {"cobuilt.majors": 6, "internship.person_months": Decimal("175.5"), "employment.rate_pct": None}},
        last_closed_year=2023)
    by = {(r.year, r.key): r for r in rows}
    assert by[(2023, "cobuilt.majors")].status == acceptance.MET and by[(2023, "cobuilt.majors")].gap == 1
    assert by[(2023, "cobuilt.majors")].ratio_pct == Decimal("120.0")
    short = by[(2023, "internship.person_months")]
    assert short.status == acceptance.NOT_MET and short.gap == Decimal("-24.5") and short.ratio_pct == Decimal("87.8")
    assert by[(2023, "employment.rate_pct")].status == acceptance.NO_ACTUAL
    assert by[(2024, "cobuilt.majors")].status == acceptance.OPEN and by[(2024, "cobuilt.majors")].actual is None


def test_exactly_the_commitment_is_met():
    [row] = acceptance.compare({(2023, "k"): Decimal("10.00")}, {2023: {"k": 10}}, 2023)
    assert row.status == acceptance.MET and row.gap == 0


def test_declaration_needs_no_serious_incident_in_3_years_and_a_signature():
    on = date(2026, 7, 1)
    signed = ("王晓燕", date(2026, 6, 30))
    assert acceptance.declaration_state([], signed, on).printable
    assert not acceptance.declaration_state([], None, on).printable
    assert not acceptance.declaration_state([], ("  ", date(2026, 6, 30)), on).printable
    assert not acceptance.declaration_state([], ("王晓燕", date(2026, 7, 2)), on).printable  # signed in the future
    inside = acceptance.declaration_state([(date(2023, 7, 1), "x")], signed, on)
    assert not inside.printable and inside.serious == ["x"]  # exactly 3 years back: inside
    assert acceptance.declaration_state([(date(2023, 6, 30), "x")], signed, on).printable  # one day older
    assert acceptance.declaration_window(date(2028, 2, 29)) == date(2025, 2, 28)


# ---- services ---------------------------------------------------------------------------------

@pytest.fixture
def golden(app):
    with app.app_context():
        c, *_rest = scenario.build()
        f.make_user("sec", "admin", consortium=c)
        other = f.make_consortium(name="另一联合体")
        f.make_user("other_sec", "admin", consortium=other)
        school = f.make_member(c, name="某学校用户单位", type="higher_vocational")
        f.make_user("sch", "school", member=school)
        db.session.add(BookSettings(consortium_id=c.id, base_year=2023, first_committed_year=2024,
                                    last_committed_year=2026, recommending_unit="郑州市教育局"))
        db.session.commit()
        cid = c.id
        db.session.remove()
    return cid


def _actor(username):
    return db.session.query(User).filter_by(username=username).one()


def test_commitments_are_saved_validated_and_compared_with_actuals(app, golden):
    with app.app_context():
        c = db.session.get(Consortium, golden)
        sec = _actor("sec")
        with pytest.raises(ValidationError) as err:
            services.save_commitments(sec, c, {(2024, "internship.person_months"): "abc",
                                               (2022, "cobuilt.majors"): "3",
                                               (2024, "no.such.key"): "1",
                                               (2024, "employment.rate_pct"): "101"})
        assert set(err.value.fields) == {"c-2024-internship.person_months", "c-2022-cobuilt.majors",
                                         "c-2024-no.such.key", "c-2024-employment.rate_pct"}
        assert services.commitments(c.id) == {}  # nothing saved
        n = services.save_commitments(sec, c, {(2024, "internship.person_months"): "20",
                                               (2024, "employment.rate_pct"): "80",
                                               (2025, "cobuilt.majors"): "9", (2026, "cobuilt.majors"): ""})
        assert n == 3
        data = services.acceptance_rows(sec, c, on=date(2025, 3, 1))  # 2024 has closed, 2025 has not
        by = {(r.year, r.key): r for r in data["rows"]}
        months = by[(2024, "internship.person_months")]
        assert months.actual == Decimal("16.6") and months.status == acceptance.NOT_MET
        assert months.gap == Decimal("-3.4")
        rate = by[(2024, "employment.rate_pct")]
        assert rate.actual == Decimal("83.3") and rate.status == acceptance.MET
        assert by[(2025, "cobuilt.majors")].status == acceptance.OPEN
        wb = load_workbook(io.BytesIO(services.acceptance_xlsx(sec, c, on=date(2025, 3, 1))))
        values = [[c.value for c in row] for row in wb.active.iter_rows(min_row=3)]
        assert [2024, "企业为学生提供实习实训量", "人月", 20, 16.6, "未达成", pytest.approx(-3.4), 83.0] in values
        # removing a commitment
        services.save_commitments(sec, c, {(2025, "cobuilt.majors"): ""})
        assert 2025 not in services.commitments(c.id)
        db.session.rollback()
        db.session.remove()


def test_only_the_consortium_secretariat(app, golden):
    with app.app_context():
        c = db.session.get(Consortium, golden)
        for username in ("other_sec", "sch"):
            with pytest.raises(NotAllowed):
                services.save_commitments(_actor(username), c, {(2024, "cobuilt.majors"): "1"})
            with pytest.raises(NotAllowed):
                services.book_docx(_actor(username), c)
            with pytest.raises(NotAllowed):
                services.record_incident(_actor(username), c, {})
        db.session.remove()


def test_settings_years_are_checked(app, golden):
    with app.app_context():
        c = db.session.get(Consortium, golden)
        with pytest.raises(ValidationError) as err:
            services.save_settings(_actor("sec"), c, {"base_year": 2023, "first_committed_year": 2023,
                                                      "last_committed_year": 2025})
        assert "first_committed_year" in err.value.fields
        row = services.save_settings(_actor("sec"), c, {"base_year": 2022, "first_committed_year": 2023,
                                                        "last_committed_year": 2027, "recommending_unit": "许昌市教育局"})
        assert row.committed_years == [2023, 2024, 2025, 2026, 2027]
        db.session.rollback()
        db.session.remove()


def test_declaration_reads_the_register_and_the_signature(app, golden):
    with app.app_context():
        c = db.session.get(Consortium, golden)
        sec = _actor("sec")
        on = date(2026, 11, 1)
        state = services.declaration(c.id, on)
        assert not state["printable"] and any("签署" in b for b in state["blockers"])
        services.sign_declaration(sec, c, {"signed_by": "李建国", "signed_on": date(2026, 10, 30)})
        assert services.declaration(c.id, on)["printable"]
        services.record_incident(sec, c, {"area": "safety", "occurred_on": date(2022, 5, 1), "title": "旧事件",
                                          "serious": True})  # more than 3 years before: no block
        services.record_incident(sec, c, {"area": "employment", "occurred_on": date(2025, 5, 1),
                                          "title": "一般投诉", "serious": False})
        assert services.declaration(c.id, on)["printable"]
        services.record_incident(sec, c, {"area": "enrolment", "occurred_on": date(2024, 3, 5),
                                          "title": "违规招生", "serious": True})
        state = services.declaration(c.id, on)
        assert not state["printable"] and state["blockers"] == ["2024-03-05 发生重大违规事件：违规招生"]
        with pytest.raises(ValidationError):
            services.record_incident(sec, c, {"area": "x", "title": ""})
        db.session.rollback()
        db.session.remove()


def test_book_docx_of_the_golden_scenario_through_the_cli(app, golden, runner, tmp_path):
    with app.app_context():
        c = db.session.get(Consortium, golden)
        services.save_commitments(_actor("sec"), c, {(2024, "internship.person_months"): "20",
                                                     (2024, "enterprises.employees"): "1500"})
        db.session.commit()
        db.session.remove()
    out = tmp_path / "book.docx"
    result = runner.invoke(args=["book", "docx", "--out", str(out), "--consortium", "黄金测试联合体"])
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    table2 = next(t for t in doc.tables if t.rows[0].cells[-1].text == "2024 年")
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in table2.rows}
    assert rows["联合体内企业为学生提供实习实训量 (人月)"][-2:] == ["14.3", "20"]  # 2023 actual | 2024 committed
    assert rows["企业职工总数（人）"][-1] == "1500"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "超出字数限制" not in text or "2001/2000" in text
    out3 = tmp_path / "annex3.docx"
    result = runner.invoke(args=["book", "annex3", "--out", str(out3), "--consortium", "黄金测试联合体"])
    assert result.exit_code == 0, result.output
    assert "推荐单位 郑州市教育局（公章）" in "\n".join(p.text for p in Document(str(out3)).paragraphs)


def test_pages_render_for_the_secretariat_and_refuse_others(browser, golden):
    browser.login("sec")
    for url in ("/book/", "/book/commitments", "/book/acceptance", "/book/incidents", "/book/settings"):
        page = browser.get(url)
        assert page.status_code == 200, url
        assert 'style="' not in page.text and "<script>" not in page.text
    assert "资源共建共享" in browser.get("/book/").text
    response = browser.submit("/book/commitments", {"c-2024-cobuilt.majors": "7", "c-2025-cobuilt.majors": "x"})
    assert response.status_code == 200 and "is-invalid" in response.text
    response = browser.submit("/book/commitments", {"c-2024-cobuilt.majors": "7"}, follow_redirects=True)
    assert "已保存承诺建成数据" in response.text and 'value="7"' in response.text
    docx = browser.get("/book/download/book.docx")
    assert docx.status_code == 200 and docx.data[:2] == b"PK"
    assert browser.get("/book/acceptance.xlsx").data[:2] == b"PK"


def test_pages_refuse_a_school_user(browser, golden):
    browser.login("sch")
    assert browser.get("/book/").status_code == 403
    assert browser.get("/book/download/book.docx").status_code == 403


def test_declaration_reads_the_internship_incident_register(app, world):
    """A serious incident on a placement (internship supervision's register) blocks the declaration too."""
    from consortium.jobs.models import Placement
    from consortium.supervision.models import Incident as PlacementIncident

    with app.app_context():
        position = f.make_position(db.session.get(Member, world.enterprise), code="INC-1")
        student = f.make_student(db.session.get(Member, world.school))
        placement = Placement(position_id=position.id, student_id=student.id, status="completed",
                              start_date=date(2025, 3, 1), end_date=date(2025, 6, 30), source="record")
        db.session.add(placement)
        db.session.flush()
        admin = db.session.get(User, world.admin)
        c = db.session.get(Consortium, world.consortium)
        services.sign_declaration(admin, c, {"signed_by": "李建国", "signed_on": date(2026, 10, 30)})
        on = date(2026, 11, 1)
        assert services.declaration(c.id, on)["printable"]
        db.session.add(PlacementIncident(placement_id=placement.id, occurred_on=date(2025, 4, 2), kind="injury",
                                         severity="serious", description="车间手部划伤送医"))
        db.session.flush()
        state = services.declaration(c.id, on)
        assert not state["printable"] and any("2025-04-02" in b and "车间手部划伤" in b for b in state["blockers"])
        db.session.rollback()
        db.session.remove()
