"""The major–industry mapping: shipped table, fuzzy placement through the matcher's catalog, corrections."""
import csv

from consortium.classifications import industry, match_occupation
from consortium.matcher import catalog as matcher_catalog
from consortium.supply import mapping
from consortium.supply.mapping import build_mapping, place_major


def test_table_covers_every_catalog_class_with_valid_codes():
    rows = mapping.shipped_table()
    with open(matcher_catalog.CATALOG_PATH, encoding="utf-8-sig") as fh:
        catalog_classes = {(r["category_name"], r["class_name"]) for r in csv.DictReader(fh)}
    mapped = {(r.category_name, r.class_name) for r in rows if r.class_name}
    assert mapped == catalog_classes
    assert {r.category_name for r in rows if not r.class_name} == {c for c, _k in catalog_classes}
    for r in rows:
        assert industry(r.section) is not None and industry(r.section).level == 1, r
        if r.division:
            assert industry(r.division).level == 2 and industry(r.division).section == r.section, r


def test_mapping_uses_the_matchers_own_catalog():
    # Not a copy: the very function objects of consortium.matcher.catalog.
    assert mapping.default_catalog is matcher_catalog.default_catalog
    assert mapping.normalize_major is matcher_catalog.normalize_major


def test_catalog_names_and_school_variants():
    m = build_mapping()
    p = place_major("机电一体化技术（工业机器人方向）", m)
    assert (p.category_name, p.class_name, p.section, p.division, p.how) == ("装备制造大类", "自动化类", "C", "38",
                                                                            "catalog")
    assert place_major("数控技术(订单班)", m).class_name == "机械设计制造类"
    assert place_major("软件技术", m).section == "I"
    # A major code wins over the name.
    assert place_major("随便写的名字", m, code="460701").class_name == "汽车制造类"


def test_secondary_vocational_names_by_fuzzy_match():
    m = build_mapping()
    expected = {
        "数控技术应用": "机械设计制造类",
        "工业机器人技术应用": "自动化类",
        "建筑工程施工": "土建施工类",
        "会计事务": "财务会计类",
        "物流服务与管理": "物流类",
        "计算机网络技术": "计算机类",
        "美发与形象设计": "艺术设计类",
    }
    for name, class_name in expected.items():
        p = place_major(name, m)
        assert p.class_name == class_name, (name, p)
    assert place_major("会计事务", m).how == "loose"
    nonsense = place_major("XYZ乱码", m)
    assert not nonsense.mapped and nonsense.how == "none"


def test_corrections_win_over_table_and_fuzzy_match():
    m = build_mapping(class_fixes={"机电设备类": ("C", "34")}, name_fixes={"机电技术应用": "机电设备类"})
    before = place_major("机电技术应用", build_mapping())
    assert not before.mapped  # too ambiguous for the fuzzy pass on its own
    p = place_major("机电技术应用", m)
    assert (p.class_name, p.section, p.division, p.how) == ("机电设备类", "C", "34", "correction")
    assert m.classes["机电设备类"].basis == "correction"
    assert mapping.categories_serving(m, "C", "34") == ["装备制造大类"]


def test_occupations_are_matched_fuzzily():
    assert match_occupation("工业机器人系统运维员")[0].code == "6-31-07-01"
    assert match_occupation("数控车工")[0].name == "车工"
    found, score = match_occupation("计算机软件工程技术人员")
    assert found.code == "2-02-10-03" and score == 100.0
    assert match_occupation("完全不存在的工种名称abc")[0] is None
