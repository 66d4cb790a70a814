"""Demand forecasts: the rules, the page, the API and the bulk import; an enterprise's industry code."""
from datetime import date

import pytest
from sqlalchemy import select

from consortium.auth.models import User
from consortium.timeutil import today
from consortium.errors import NotAllowed, ValidationError
from consortium.extensions import db
from consortium.imports.services import run_import
from consortium.members.models import Consortium, Member
from consortium.supply import forecasts
from consortium.supply.models import DemandForecast
from tests.imports.helpers import csv_bytes


def _get(ids, name):
    return db.session.get(User, getattr(ids, name))


def _line(ids, **kw):
    return {"enterprise_id": ids.enterprise, "year": 2026, "occupation": "数控车工", "level": "junior_college",
            "majors": "数控技术、机电一体化技术", "headcount": 10, "skills": "数控编程", "month": 7,
            "declared_date": date(2025, 11, 15), **kw}


def test_occupation_matched_and_rules_enforced(ctx, world):
    consortium = db.session.get(Consortium, world.consortium)
    row = forecasts.create_forecast(_get(world, "ent_user"), consortium, _line(world))
    assert (row.occupation, row.occupation_code, row.occupation_input) == ("车工", "6-18-01-01", "数控车工")
    assert row.majors == ["数控技术", "机电一体化技术"] and row.enterprise_id == world.enterprise
    with pytest.raises(ValidationError) as exc:
        forecasts.create_forecast(_get(world, "ent_user"), consortium,
                                  _line(world, year=2030, headcount=0, level="phd", month=13))
    assert set(exc.value.fields) == {"year", "headcount", "level", "month"}
    with pytest.raises(ValidationError) as exc:  # the same enterprise, year, occupation and level twice
        forecasts.create_forecast(_get(world, "ent_user"), consortium, _line(world, occupation="车工"))
    assert "occupation" in exc.value.fields
    with pytest.raises(NotAllowed):  # an enterprise declares for itself only
        forecasts.create_forecast(_get(world, "ent_user"), consortium, _line(world, enterprise_id=world.other_enterprise))
    with pytest.raises(NotAllowed):
        forecasts.update_forecast(_get(world, "other_ent_user"), row, {"headcount": 99})
    # An occupation that matches nothing is kept as typed.
    free = forecasts.create_forecast(_get(world, "admin"), consortium, _line(world, occupation="光伏组件拆解回收员",
                                                                             enterprise_id=world.other_enterprise))
    assert free.occupation == "光伏组件拆解回收员" and free.occupation_code is None


def test_industry_code_from_the_standard(ctx, world):
    enterprise = db.session.get(Member, world.enterprise)
    forecasts.set_industry(_get(world, "ent_user"), enterprise, "3491 工业机器人制造")
    assert enterprise.industry_code == "3491"
    with pytest.raises(ValidationError):
        forecasts.set_industry(_get(world, "admin"), enterprise, "9999")
    with pytest.raises(NotAllowed):
        forecasts.set_industry(_get(world, "other_ent_user"), enterprise, "C")
    with pytest.raises(ValidationError):
        forecasts.set_industry(_get(world, "admin"), db.session.get(Member, world.school), "P")


def test_api_forecasts_and_422_naming_the_field(app, world, api):
    ent = api("ent_a")
    r = ent.post("/api/v1/demand-forecasts", json={"year": 2026, "occupation": "工业机器人系统运维员",
                                                   "level": "junior_college", "headcount": 15,
                                                   "majors": ["工业机器人技术"], "declared_date": "2025-11-15"})
    assert r.status_code == 201, r.text
    assert r.json["occupation_code"] == "6-31-07-01" and r.json["enterprise_id"] == world.enterprise
    bad = ent.post("/api/v1/demand-forecasts", json={"year": 2026, "occupation": "电工", "level": "junior_college",
                                                     "headcount": "many"})
    assert bad.status_code == 422 and "headcount" in bad.json["error"]["fields"]
    assert api("school").get("/api/v1/demand-forecasts").json["total"] == 1
    other = api("ent_b")
    assert other.patch(f"/api/v1/demand-forecasts/{r.json['id']}", json={"headcount": 1}).status_code == 403
    r = api("admin").put(f"/api/v1/members/{world.enterprise}/industry", json={"industry_code": "C34"})
    assert r.status_code == 422 and "industry_code" in r.json["error"]["fields"]
    assert api("admin").put(f"/api/v1/members/{world.enterprise}/industry",
                            json={"industry_code": "34"}).json["industry_code"] == "34"


def test_import_all_or_nothing_and_own_enterprise_only(ctx, world):
    consortium = db.session.get(Consortium, world.consortium)
    rows = [{"enterprise": "甲智能装备有限公司", "year": "2026", "occupation": "焊工", "level": "中职", "headcount": "4",
             "declared_date": "2025-11-15"},
            {"enterprise": "甲智能装备有限公司", "year": "2031", "occupation": "电工", "level": "专科", "headcount": "3",
             "declared_date": "2025-11-15"}]
    report = run_import(_get(world, "admin"), consortium, "demand_forecasts", csv_bytes("demand_forecasts", rows), "f.csv")
    assert not report.ok and [(e.line, e.column) for e in report.errors] == [(3, "year")]
    assert db.session.scalar(select(DemandForecast.id)) is None
    other = [{**rows[0], "enterprise": "乙汽车零部件有限公司"}]
    report = run_import(_get(world, "ent_user"), consortium, "demand_forecasts", csv_bytes("demand_forecasts", other),
                        "f.csv")
    assert not report.ok and report.errors[0].column == "enterprise"
    report = run_import(_get(world, "ent_user"), consortium, "demand_forecasts", csv_bytes("demand_forecasts", rows[:1]),
                        "f.csv")
    assert report.ok and report.summary["created"] == 1


def test_forecast_page_form(app, world, browser):
    browser.login("ent_a")
    r = browser.submit("/supply/forecasts/new", {"enterprise_id": str(world.enterprise), "year": str(today().year + 1),
                                                 "occupation": "电工", "level": "secondary_vocational",
                                                 "headcount": "6", "majors": "机电技术应用"},
                       follow_redirects=True)
    assert r.status_code == 200 and "电工" in r.text and "6-31-01-03" in r.text
    r = browser.submit("/supply/forecasts/new", {"enterprise_id": str(world.enterprise), "year": str(today().year + 9),
                                                 "occupation": "电工", "level": "secondary_vocational",
                                                 "headcount": "6"})
    assert r.status_code == 200 and "需求年度应为填报年度起" in r.text
