"""The golden scenario, computed by hand, exported through the CLI as JSON and checked figure by figure."""
import json

import pytest

from consortium.extensions import db

from . import scenario

# Every key of metrics.md for 2024, with the hand computation beside it.
EXPECTED = {
    # Members during 2024: S2 joined 2024-06-01 (in), S3 left 2023-12-31 (out), E2 left 2024-03-31 (in),
    # E3 joins 2025-01-01 (out).
    "members.secondary_vocational.count": 1, "members.secondary_vocational.students": 2000,
    "members.secondary_vocational.names": ["中牟中职学校"],
    "members.higher_vocational.count": 1, "members.higher_vocational.students": 5000,
    "members.higher_vocational.names": ["郑州高职学院"],
    "members.undergraduate.count": 1, "members.undergraduate.students": 20000,
    "members.undergraduate.names": ["中原大学"],
    "members.government.count": 1, "members.government.students": None,
    "members.government.names": ["郑州经开区管委会"],
    "members.enterprise.count": 2, "members.enterprise.students": None,
    "members.enterprise.names": ["乙商贸有限公司", "甲装备股份有限公司"],
    "members.research.count": 0, "members.research.students": None, "members.research.names": [],
    "members.other.count": 0, "members.other.students": None, "members.other.names": [],
    # Funding years: Y..Y+2 = 2024–2026, plus 2023 which is entered.
    "funding.2023.planned": 1200, "funding.2024.planned": 1500, "funding.2025.planned": 1800,
    "funding.2026.planned": None,
    **{f"funding.{y}.source.{s}": None for y in (2023, 2025, 2026)
       for s in ("lead_unit", "government", "other_members", "other")},
    "funding.2024.source.lead_unit": 600, "funding.2024.source.government": 500,
    "funding.2024.source.other_members": 300, "funding.2024.source.other": 100,
    "park.output_value": 2015.5,
    # Stocks: R1; R4 (est. 31 Dec) + R5 (closed 1 Jan); R6 only partner S3 → 0; R7 (E1 is a member); R8.
    "cobuilt.majors": 1, "cobuilt.courses": 2, "cobuilt.textbooks": 0, "cobuilt.training_bases": 1,
    "cobuilt.industry_colleges": 1,
    # T1 (E1) at S1 started 2024-03-01: 1 × 40 h (the 2023-12-31 one is outside); T2 (S1) at S2: 1 × 32 h.
    "teachers.enterprise_part_time.person_times": 1, "teachers.enterprise_part_time.class_hours": 40,
    "teachers.inter_school_part_time.person_times": 1, "teachers.inter_school_part_time.class_hours": 32,
    # T3 1 Jul–30 Aug = 61 d, T2 1 Dec–open = 31 d, T5 withdrawn: 92 / 30 = 3.07 → 3.1
    "teachers.enterprise_practice.person_months": 3.1,
    # T2, T3 (S1); T4's school left before Y; T1 is an enterprise expert.
    "teachers.dual_qualified.count": 2,
    # st1 (active, open), st2 (ends 10 Jan); st3 withdrawn, st4's school left, st8 ended 31 Dec 2023.
    "joint.apprenticeship.students": 2, "joint.field_engineer.students": 1,
    # 订单班 with E1: st1, st6, st9; 冠名班 with E3 (not a member) and 旧订单班 (ended 2023) don't count.
    "joint.other.students": 3,
    "demand_reports.published": 1,  # D1 (31 Dec 2024); D2 draft, D3 2023
    # slots of P1 (12; P4 draft, P5 of E3 excluded) ÷ employees E1 1000 + E2 200 → 1.0 %
    "apprenticeship.post_ratio_pct": 1.0,
    # st1 306 d + st2 10 d + st5 122 d + st6 60 d = 498 d / 30 = 16.6
    "internship.person_months": 16.6,
    "pathway.secondary_higher.students": 1,  # st9; st10 graduated 2023, st11 enrols 2025
    "pathway.secondary_higher_undergrad.students": 1,  # st12
    "pathway.undergrad_admissions": 2,  # u1, u2; u3 admitted 2023, u4 regular, st13 not undergraduate
    # vocational graduates 2024: g1 g2 g3 g4 g5 (g7's school left) → g4 → 1/5
    "pathway.exam_progression_pct": 20.0,
    # graduates g1–g6; placed g1 g2 g3 g4 g6 → 5/6 = 83.3
    "employment.rate_pct": 83.3,
    # employed g1 (郑州) g2 (郑州市) g3 (洛阳市) → 2/3 = 66.7
    "employment.local_rate_pct": 66.7,
    "service.tech_platforms": 1,
    "service.rd_conversion_pct": 50.0,  # RD1 converted, RD2 not; RD3's enterprise not a member, RD4 2023
    "service.rd_funds_wan": 90.5,  # 50 + 30.5 + 10 (RD5, not completed but funded in 2024)
    "service.research_outputs": 2,  # O1 (1 Jan), O2 (31 Dec); O3 2025, O4 only E3
    "service.skill_certifications": 2,  # C1 issuer S1, C2 from TS3; C3 2025, C4 issuer E3
    "service.master_studios": 1,
    # TS1 3 calendar days × 20 = 60; TS4 provider E3 excluded
    "training.enterprise_employees.person_days": 60,
    # TS3 4.5 × 10 = 45 (ends 2 Jan 2024) + TS5 roster 3 completed × 1 = 3; TS2 ends 2025
    "training.special_groups.person_days": 48,
    "training.by_kind.pre_job.person_days": 60, "training.by_kind.job_transfer.person_days": 0,
    "training.by_kind.skill_upgrade.person_days": 0, "training.by_kind.continuing_education.person_days": 3,
    "training.by_kind.certification.person_days": 45,
    # E1 + E2 (E3 not a member)
    "enterprises.employees": 1200, "enterprises.assets_wan": 51000, "enterprises.sales_wan": 30600,
    "enterprises.coop_benefit_wan": 320,
    "enterprises.above_scale": 1,  # E1 industrial, main revenue 25000 ≥ 2000
    "enterprises.above_quota": 1,  # E2 retail, sales 600 ≥ 500; E3 wholesale not a member
}


@pytest.fixture
def golden(app):
    with app.app_context():
        c, *_ = scenario.build()
        db.session.commit()
        name = c.name
        db.session.remove()
    return name


def test_json_export_through_the_cli_matches_the_hand_computation(golden, runner, tmp_path):
    out = tmp_path / "book.json"
    result = runner.invoke(args=["stats", "export", "--year", "2024", "--format", "json", "--out", str(out),
                                 "--consortium", golden])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["year"] == 2024 and data["consortium"] == golden
    assert list(data["metrics"]) == list(EXPECTED) or set(data["metrics"]) == set(EXPECTED)
    for key, expected in EXPECTED.items():
        assert data["metrics"][key] == expected, key
    assert data["narratives"]["features"] == scenario.FEATURES_TEXT
    assert data["narratives_over_limit"] == {"features": 2001}
    assert data["missing_inputs"] == ["未填写 2026 年拟投入运行经费"]
    assert "2026" in result.output  # missing inputs reported on stderr


def test_multi_year_json_lists_each_year(golden, runner, tmp_path):
    out = tmp_path / "book.json"
    result = runner.invoke(args=["stats", "export", "--year", "2024", "--year", "2023", "--format", "json",
                                 "--out", str(out), "--consortium", golden])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["consortium"] == golden
    assert [y["year"] for y in data["years"]] == [2023, 2024]
    assert data["years"][1]["metrics"]["internship.person_months"] == 16.6
    # 2023: S3 still a member, st8's whole 2023 placement (306 days) and st2's Sep–Dec (122 days) count.
    assert data["years"][0]["metrics"]["members.secondary_vocational.names"] == ["已退出中职学校"]
    assert data["years"][0]["metrics"]["internship.person_months"] == round((306 + 122) / 30, 1)


def test_unknown_consortium_is_an_error(golden, runner, tmp_path):
    result = runner.invoke(args=["stats", "export", "--year", "2024", "--format", "json",
                                 "--out", str(tmp_path / "x.json"), "--consortium", "没有这个联合体"])
    assert result.exit_code != 0
