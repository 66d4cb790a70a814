"""Consortium profile, member directory and enterprise figures, with their permissions."""
from datetime import date
from decimal import Decimal

import pytest

from consortium.errors import NotAllowed, NotFound, ValidationError
from consortium.extensions import db
from consortium.members import services
from consortium.members.models import ConsortiumYear, EnterpriseYear, Member, Narrative

from .. import factories


def member_form(**kw):
    data = {"name": "丙物流有限公司", "type": "enterprise", "role": "member", "city": "郑州市", "students": "",
            "sector": "wholesale", "joined_date": "2024-03-01", "left_date": "", "contact_name": "",
            "contact_phone": "", "notes": ""}
    data.update(kw)
    return data


def test_admin_adds_member(browser, world, app):
    browser.login("admin")
    r = browser.submit("/members/new", member_form())
    assert r.status_code == 302
    with app.app_context():
        member = db.session.query(Member).filter_by(name="丙物流有限公司").one()
        assert member.sector == "wholesale" and member.joined_date == date(2024, 3, 1)


def test_bad_member_form_shows_each_error_and_writes_nothing(browser, world, app):
    browser.login("admin")
    r = browser.submit("/members/new", member_form(name="甲智能装备有限公司", students="-5",
                                                   joined_date="2024-03-01", left_date="2024-01-01"))
    assert r.status_code == 200
    assert "不能为负数" in r.text
    r = browser.submit("/members/new", member_form(name="甲智能装备有限公司", left_date="2024-01-01"))
    assert "该联合体已有同名成员单位" in r.text and "退出日期不能早于加入日期" in r.text
    r = browser.submit("/members/new", member_form(joined_date="not-a-date"))
    assert r.status_code == 200 and "is-invalid" in r.text
    with app.app_context():
        assert db.session.query(Member).count() == 3


def test_member_list_search_and_filters(browser, world):
    browser.login("admin")
    assert "甲智能装备有限公司" in browser.get("/members?q=智能").text
    r = browser.get("/members?type=higher_vocational")
    assert "郑州测试职业技术学院" in r.text and "甲智能装备有限公司" not in r.text
    assert "没有符合条件的成员单位" in browser.get("/members?q=不存在").text


def test_leave_member(browser, world, app):
    browser.login("admin")
    r = browser.submit(f"/members/{world.other_enterprise}/leave", {"left_date": "2024-06-30"},
                       form_url=f"/members/{world.other_enterprise}")
    assert r.status_code == 302
    with app.app_context():
        assert db.session.get(Member, world.other_enterprise).left_date == date(2024, 6, 30)
    assert "乙汽车零部件有限公司" in browser.get("/members?status=left").text
    r = browser.submit(f"/members/{world.enterprise}/leave", {"left_date": "2020-01-01"},
                       form_url=f"/members/{world.enterprise}", follow_redirects=True)
    assert "退出日期不能早于加入日期" in r.text


def test_enterprise_user_is_refused_admin_pages_and_other_enterprises(browser, world):
    browser.login("ent_a")
    assert browser.get("/members/new").status_code == 403
    assert browser.get("/consortium/edit").status_code == 403
    assert browser.get("/consortium/years").status_code == 403
    assert browser.get("/users").status_code == 403
    assert browser.get(f"/members/{world.other_enterprise}/years").status_code == 403
    assert browser.get(f"/members/{world.other_enterprise}/edit").status_code == 403
    r = browser.submit(f"/members/{world.other_enterprise}/leave", {"left_date": "2024-06-30"},
                       form_url=f"/members/{world.enterprise}")
    assert r.status_code == 403
    # its own records are open to it
    assert browser.get(f"/members/{world.enterprise}/years").status_code == 200
    assert browser.get(f"/members/{world.enterprise}/edit").status_code == 200


def test_enterprise_enters_own_figures(browser, world, app):
    browser.login("ent_a")
    r = browser.submit(f"/members/{world.enterprise}/years", {"year": "2024", "employees": "320", "assets": "5600.5",
                                                             "sales": "4200", "main_revenue": "4100",
                                                             "coop_benefit": "35"})
    assert r.status_code == 302
    r = browser.submit(f"/members/{world.enterprise}/years", {"year": "2024", "employees": "-1", "assets": "abc"})
    assert r.status_code == 200 and "不能为负数" in r.text
    with app.app_context():
        row = db.session.query(EnterpriseYear).one()
        assert row.employees == 320 and row.assets == Decimal("5600.50")


def test_enterprise_cannot_change_its_type_or_dates(browser, world, app):
    browser.login("ent_a")
    r = browser.submit(f"/members/{world.enterprise}/edit", member_form(
        name="改名公司", type="government", joined_date="2020-01-01", contact_name="赵六", sector="industrial"))
    assert r.status_code == 302
    with app.app_context():
        member = db.session.get(Member, world.enterprise)
        assert member.name == "甲智能装备有限公司" and member.type == "enterprise"
        assert member.joined_date == date(2023, 1, 1) and member.contact_name == "赵六"


def test_students_and_teachers_have_no_directory(browser, world):
    browser.login("stu")
    assert browser.get("/members").status_code == 403
    assert browser.get(f"/members/{world.enterprise}").status_code == 403


def test_profile_edit_and_staff_sum_rule(browser, world, app):
    browser.login("admin")
    base = {"name": "郑州测试联合体", "city": "郑州市", "staff_total": "5", "staff_full_time": "2",
            "staff_part_time": "2"}
    r = browser.submit("/consortium/edit", base)
    assert r.status_code == 200 and "人员总数应等于专职人数与兼职人数之和" in r.text
    r = browser.submit("/consortium/edit", {**base, "staff_part_time": "3", "park_name": "郑州经开区"})
    assert r.status_code == 302
    assert "郑州经开区" in browser.get("/consortium").text


def test_year_funds_must_add_up(browser, world, app):
    browser.login("admin")
    data = {"year": "2024", "planned_funds": "100", "source_lead_unit": "50", "source_government": "30",
            "source_other_members": "10", "source_other": "5", "park_output_value": "850.5"}
    r = browser.submit("/consortium/years?year=2024", data)
    assert r.status_code == 200 and "应等于拟投入运行经费总额" in r.text
    r = browser.submit("/consortium/years?year=2024", {**data, "source_other": "10"})
    assert r.status_code == 302
    with app.app_context():
        assert db.session.query(ConsortiumYear).one().park_output_value == Decimal("850.50")


def test_narrative_limits(browser, world, app):
    browser.login("admin")
    r = browser.submit("/consortium/narratives?year=2024", {"year": "2024", "leading_industries": "产" * 201,
                                                             "policies": "政策" * 10})
    assert r.status_code == 200 and "不超过 200 字，当前 201 字" in r.text
    with app.app_context():
        assert db.session.query(Narrative).count() == 0
    r = browser.submit("/consortium/narratives?year=2024", {"year": "2024", "leading_industries": "产" * 200})
    assert r.status_code == 302


def test_member_is_member_in_year(ctx):
    c = factories.make_consortium()
    m = factories.make_member(c, joined_date=date(2023, 6, 1), left_date=date(2024, 3, 1))
    assert not m.is_member_in(2022) and m.is_member_in(2023) and m.is_member_in(2024) and not m.is_member_in(2025)


def test_service_refuses_other_consortium(ctx):
    w = factories.build_world()
    other = factories.make_consortium(name="洛阳联合体")
    stranger = factories.make_member(other, name="洛阳企业")
    with pytest.raises(NotFound):
        services.get_member(w.ent_user, stranger.id)
    with pytest.raises(NotAllowed):
        services.create_member(w.ent_user, w.consortium, {"name": "x", "type": "enterprise",
                                                          "joined_date": date(2024, 1, 1)})
    with pytest.raises(NotAllowed):
        services.save_enterprise_year(w.ent_user, w.other_enterprise, 2024, {"employees": 3})
    with pytest.raises(ValidationError):
        services.save_enterprise_year(w.admin, w.school, 2024, {"employees": 3})


def test_province_admin_sees_all_consortia(ctx):
    a = factories.make_consortium(name="A")
    b = factories.make_consortium(name="B")
    province = factories.make_user("prov", "admin")
    local = factories.make_user("local", "admin", consortium=a)
    assert {c.name for c in services.list_consortia(province)} == {"A", "B"}
    assert [c.name for c in services.list_consortia(local)] == ["A"]
    with pytest.raises(NotAllowed):
        services.get_consortium(local, b.id)


def test_cli_consortium_create(runner, app):
    r = runner.invoke(args=["consortium", "create", "郑州联合体", "--city", "郑州市"])
    assert r.exit_code == 0 and "(default)" in r.output
    r = runner.invoke(args=["consortium", "create", "洛阳联合体", "--city", "洛阳市"])
    assert r.exit_code == 0 and "(default)" not in r.output
    r = runner.invoke(args=["consortium", "create", "郑州联合体", "--city", "郑州市"])
    assert r.exit_code != 0 and "同名联合体已存在" in r.output


def test_demo_load(runner, app):
    r = runner.invoke(args=["demo", "load", "--password", "demo-pass-1"])
    assert r.exit_code == 0, r.output
    assert "secretariat" in r.output and "zhongyuan_hr" in r.output
    with app.app_context():
        types = {m.type for m in db.session.query(Member)}
        assert types == {"secondary_vocational", "higher_vocational", "undergraduate", "government", "enterprise",
                         "research", "other"}
    assert runner.invoke(args=["demo", "load"]).exit_code != 0  # only into an empty database


def test_setup_prints_credentials_once(runner, app):
    first = runner.invoke(args=["setup"])
    assert first.exit_code == 0, first.output
    assert "secretariat" in first.output and "password for all:" in first.output
    password = first.output.split("password for all: ")[1].split(")")[0]
    with app.app_context():
        from consortium.auth.models import User

        assert db.session.query(User).filter_by(username="secretariat").one().check_password(password)
    again = runner.invoke(args=["setup"])
    assert again.exit_code == 0 and "nothing to do" in again.output and password not in again.output
