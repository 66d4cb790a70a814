"""Unit tests of the pure matching scorer (no app, no database)."""
import dataclasses
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from consortium.matcher import components as MC
from consortium.matcher.catalog import default_catalog, normalize_city, normalize_major, normalize_skill
from consortium.matcher.core import Candidate, Position, Weights, explain_pair, score_pairs

ROOT = Path(__file__).resolve().parents[2]
CAT = default_catalog()


def cand(id="c1", kind="student", major="机电一体化技术", skills=("PLC编程", "电气控制"), city="郑州市", **kw):
    return Candidate(id=id, kind=kind, org="学校", major=major, skills=tuple(skills), city=city, **kw)


def pos(id="p1", kind="apprenticeship", majors=("机电一体化技术",), skills=("PLC编程", "电气控制"),
        city="郑州市", **kw):
    return Position(id=id, kind=kind, enterprise="企业", majors=tuple(majors), skills=tuple(skills),
                    city=city, **kw)


def major_score(c, p):
    return MC.major_component(c, p, CAT)[0]


def test_normalisation():
    assert normalize_major("机电一体化技术（工业机器人方向）") == "机电一体化"
    assert normalize_major("机电一体化技术(工业机器人方向)") == normalize_major("机电一体化")
    assert normalize_major("数控技术专业") == "数控"
    assert normalize_skill("PLC 编程") == normalize_skill("plc程序设计") == normalize_skill("PLC编程")
    assert normalize_city("郑州") == normalize_city("郑州市") == normalize_city("河南省郑州市")


@pytest.mark.parametrize("variant", ["机电一体化", "机电一体化技术(工业机器人方向)", "机电一体化技术（订单班）"])
def test_major_variants_score_high(variant):
    c, p = cand(major=variant), pos(majors=("机电一体化技术",))
    assert major_score(c, p) >= 90
    sp = explain_pair(c, p)
    assert sp.score >= 90
    assert sp.reasons[0] == "专业一致" or sp.reasons[0].startswith("专业相近：")
    assert not any("≈" in r for r in sp.reasons)


def test_perfect_pair_scores_100():
    assert explain_pair(cand(), pos(start=date(2027, 3, 1), end=date(2027, 6, 30))).score == 100.0
    assert score_pairs([cand()], [pos()]).top("c1") == [("p1", 100.0)]


def test_reason_strings():
    sp = explain_pair(cand(major="机电一体化技术"), pos(majors=("机电一体化",)))
    assert "专业一致" in sp.reasons
    assert "技能：PLC编程、电气控制（2/2）" in sp.reasons
    assert "城市：郑州市" in sp.reasons
    assert not any("≈" in r for r in sp.reasons)
    half = explain_pair(cand(skills=("PLC编程",)), pos(skills=("PLC编程", "电气控制", "焊接")))
    assert "技能：PLC编程（1/3）" in half.reasons and "缺少技能：电气控制、焊接" in half.reasons
    far = explain_pair(cand(major="电子商务", city="开封市"), pos(majors=("数控技术",)))
    assert "专业不符" in far.reasons
    assert "岗位在郑州市" in far.reasons
    assert all(MC.is_shortfall(r) for r in ("专业不符", "岗位在郑州市"))


def test_unrelated_major_scores_low():
    c = cand(major="电子商务", skills=("直播电商",))
    p = pos(majors=("数控技术",), skills=("数控车床操作", "CAD制图"))
    assert major_score(c, p) == 0
    assert explain_pair(c, p).score < MC.DEFAULT_MIN_SCORE
    table = score_pairs([c], [p])
    assert table.top("c1") == []
    assert table.why("c1") == "score_below_threshold"


def test_catalog_hierarchy_ordering():
    c = cand(major="机电一体化技术")
    same = pos("a", majors=("机电一体化技术",))
    cls = pos("b", majors=("电气自动化技术",))  # 自动化类
    cat = pos("c", majors=("数控技术",))  # 装备制造大类 / 机械设计制造类
    none = pos("d", majors=("电子商务",))
    scores = [major_score(c, p) for p in (same, cls, cat, none)]
    assert scores[0] > scores[1] > scores[2] > scores[3] == 0
    r_cls, r_cat = explain_pair(c, cls).reasons, explain_pair(c, cat).reasons
    assert "同专业类：自动化类" in r_cls
    assert "同专业大类：装备制造大类" in r_cat
    totals = [explain_pair(c, p).score for p in (same, cls, cat, none)]
    assert totals == sorted(totals, reverse=True) and len(set(totals)) == 4


def test_major_code_and_multi_major_and_any_major():
    c = Candidate("c1", "student", "学校", major="", major_code="460301")  # 机电一体化技术
    assert major_score(c, pos(majors=("电子商务", "机电一体化"))) == 100
    assert major_score(c, pos(majors=("460305",))) == MC.SAME_CLASS  # code as wanted major
    anyp = pos(majors=())
    assert major_score(c, anyp) == MC.MAJOR_ANY
    assert "岗位不限专业" in explain_pair(c, anyp).reasons


def test_zhongzhi_major_matched_by_name():
    c = cand(major="机电技术应用")
    assert major_score(c, pos(majors=("机电技术应用",))) == 100
    assert major_score(c, pos(majors=("电子商务",))) == 0


def test_skills_fuzzy_and_neutral():
    p = pos(skills=("PLC编程", "电气控制", "CAD制图", "焊接"))
    s, covered, missing = MC.skills_component(cand(skills=("plc程序设计", "CAD 绘图")), p)
    assert s == 50.0 and covered == ["PLC编程", "CAD制图"] and missing == ["电气控制", "焊接"]
    assert MC.skills_component(cand(skills=("PLC 编程",)), pos(skills=("PLC编程",)))[0] == 100
    assert MC.skills_component(cand(), pos(skills=()))[0] == MC.SKILLS_NEUTRAL


def test_city_component():
    assert MC.city_component(cand(city="郑州"), pos(city="郑州市")) == 100
    assert MC.city_component(cand(city=""), pos(city="郑州市")) == MC.CITY_NEUTRAL
    assert MC.city_component(cand(city="开封市"), pos(city="郑州市")) == 0


def test_dates_component():
    p = pos(start=date(2027, 3, 1), end=date(2027, 6, 30))
    assert MC.dates_component(cand(available_from=date(2027, 2, 1)), p) == 100
    assert MC.dates_component(cand(available_from=date(2027, 3, 16)), p) == 50
    assert MC.dates_component(cand(available_from=date(2027, 5, 1)), p) == 0
    assert MC.dates_component(cand(), p) == 100


def test_availability_changes_score_and_reason():
    """A student's stated availability (可实习时间) moves the score and says so, on both scoring paths."""
    p = pos(start=date(2027, 3, 1), end=date(2027, 6, 30))
    on_time, late = cand(available_from=date(2027, 2, 20)), cand(available_from=date(2027, 3, 16))
    a, b = explain_pair(on_time, p), explain_pair(late, p)
    assert "可在 3 月 1 日前到岗" in a.reasons
    assert "3 月 16 日起可到岗，晚于开始日 15 天" in b.reasons
    assert b.score < a.score
    assert score_pairs([late], [p]).top("c1") == [("p1", b.score)]
    # availability that ends before the start rules the position out, in the scalar and vectorised paths alike
    gone = cand(available_from=date(2027, 1, 1), available_to=date(2027, 2, 28))
    assert explain_pair(gone, p).reasons == ("不可匹配: 岗位开始时已过可实习时间",)
    assert score_pairs([gone], [p]).top("c1") == []
    assert score_pairs([cand(available_to=date(2027, 3, 1))], [p]).top("c1") != []


def test_kind_rules():
    student, teacher = cand("s1"), cand("t1", kind="teacher")
    sp = [pos(f"p{i}", kind=k) for i, k in enumerate(("apprenticeship", "field_engineer", "internship"))]
    tp = pos("p9", kind="teacher_practice")
    table = score_pairs([student, teacher], sp + [tp])
    assert {p for p, _ in table.top("s1")} == {"p0", "p1", "p2"}
    assert {p for p, _ in table.top("t1")} == {"p9"}
    assert "p9" not in {p for p, _ in table.top("s1")}
    assert not MC.is_eligible(teacher, sp[0]) and not MC.is_eligible(student, tp)
    only_students = score_pairs([teacher], sp)
    assert only_students.top("t1") == [] and only_students.why("t1") == "no_position_of_kind"


def test_closed_full_and_overlap_never_scored():
    closed = pos("closed", status="closed")
    full = pos("full", slots=2, filled=2)
    dated = pos("dated", start=date(2027, 3, 1), end=date(2027, 6, 30))
    busy = cand("b1", busy=((date(2027, 6, 1), None),))
    free = cand("f1", busy=((date(2026, 1, 1), date(2027, 2, 28)),))
    table = score_pairs([busy, free], [closed, full, dated])
    assert table.top("b1") == [] and table.why("b1") == "dates_overlap"
    assert [p for p, _ in table.top("f1")] == ["dated"]
    t2 = score_pairs([free], [closed, full])
    assert t2.why("f1") == "positions_full_or_closed"
    assert explain_pair(busy, dated).reasons[0].startswith("不可匹配")


def test_no_sensitive_fields():
    banned = {"gender", "sex", "age", "birth", "birthday", "id_number", "id_card", "idcard"}
    for cls in (Candidate, Position):
        names = {f.name for f in dataclasses.fields(cls)}
        assert not names & banned, names & banned


def test_weights():
    assert sum(Weights().normalized()) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        Weights(major=-1).normalized()
    c, p = cand(city="开封市"), pos()
    assert explain_pair(c, p, weights=Weights(major=1, skills=0, city=0, dates=0)).score == 100
    assert explain_pair(c, p, weights=Weights(major=0, skills=0, city=1, dates=0)).score == 0


MAJORS = ["机电一体化技术", "机电一体化", "机电一体化技术(工业机器人方向)", "电气自动化技术", "数控技术",
          "电子商务", "计算机应用", "机电技术应用", "工业机器人技术", "会计信息管理", "护理", "", "软件技术"]
SKILLS = ["PLC编程", "PLC 编程", "plc程序设计", "电气控制", "CAD制图", "CAD绘图", "Python", "焊接",
          "直播电商", "数控车床操作", "Excel", "护理操作"]
CITIES = ["郑州市", "郑州", "开封市", "洛阳市", ""]


def random_instance(rng: random.Random, n_c: int, n_p: int):
    cands = []
    for i in range(n_c):
        busy = ((date(2027, 1, 1 + rng.randrange(20)), rng.choice([None, date(2027, 4, 1)])),) \
            if rng.random() < 0.2 else ()
        cands.append(Candidate(
            f"c{i:03d}", rng.choice(["student", "student", "teacher"]), "学校", major=rng.choice(MAJORS),
            major_code=rng.choice(["", "", "460301", "530701"]),
            skills=tuple(rng.sample(SKILLS, rng.randrange(0, 4))), city=rng.choice(CITIES), busy=busy,
            available_from=rng.choice([None, date(2027, 2, 20), date(2027, 3, 10), date(2027, 5, 1)])))
    poss = []
    for j in range(n_p):
        start = rng.choice([None, date(2027, 3, 1), date(2027, 6, 1)])
        poss.append(Position(
            f"p{j:03d}", rng.choice(["apprenticeship", "internship", "field_engineer", "teacher_practice"]),
            "企业", majors=tuple(rng.sample(MAJORS[:-1] + ["460305"], rng.randrange(0, 3))),
            skills=tuple(rng.sample(SKILLS, rng.randrange(0, 4))), city=rng.choice(CITIES),
            slots=rng.randint(1, 3), filled=rng.choice([0, 0, 0, 1, 3]), start=start,
            end=None if start is None else date(2027, 8, 31), status=rng.choice(["open"] * 5 + ["closed"])))
    return cands, poss


@pytest.mark.parametrize("seed", range(6))
def test_vectorised_equals_scalar(seed):
    rng = random.Random(seed)
    cands, poss = random_instance(rng, 40, 25)
    weights = Weights(*(rng.uniform(0.05, 1) for _ in range(4))) if seed % 2 else Weights()
    table = score_pairs(cands, poss, weights=weights, top_k=len(poss), min_score=0.0, chunk_size=7)
    pby = {p.id: p for p in poss}
    for c in cands:
        listed = dict(table.top(c.id))
        for p in poss:
            if not MC.is_eligible(c, p):
                assert p.id not in listed
                continue
            sp = explain_pair(c, p, weights=weights)
            hopeless = major_score(c, p) == 0 and not MC.skills_component(c, p)[1]
            if hopeless:
                assert p.id not in listed
            else:
                assert listed[p.id] == sp.score, (c, pby[p.id])  # bit-identical
        scores = [s for _, s in table.top(c.id)]
        assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("seed", range(6))
def test_position_pool_equals_scalar(seed):
    """The recommendations' one-candidate path: every score, eligible or not, is explain_pair's to the bit."""
    from consortium.matcher.pool import PositionPool

    rng = random.Random(100 + seed)
    cands, poss = random_instance(rng, 40, 60)
    cands = [dataclasses.replace(c, excluded=tuple(rng.sample([p.id for p in poss], rng.randrange(0, 3))),
                                 available_to=rng.choice([None, date(2027, 4, 1)])) for c in cands]
    weights = Weights(*(rng.uniform(0.05, 1) for _ in range(4))) if seed % 2 else Weights()
    pool = PositionPool(poss, weights=weights)
    for c in cands:
        got = pool.scores(c)
        assert list(got) == [explain_pair(c, p, weights=weights).score for p in poss], c
        assert list(pool.eligible(c)) == [MC.is_eligible(c, p) for p in poss]
    # A shared cache pickles the pool: it comes back whole, without a copy of the catalog.
    import pickle

    blob = pickle.dumps(pool)
    assert len(blob) < len(pickle.dumps(default_catalog())) and list(pickle.loads(blob).scores(cands[0])) == list(
        pool.scores(cands[0]))


def test_top_k_and_threshold():
    rng = random.Random(99)
    cands, poss = random_instance(rng, 30, 30)
    full = score_pairs(cands, poss, top_k=30, min_score=0.0)
    top3 = score_pairs(cands, poss, top_k=3, min_score=40.0)
    for c in cands:
        want = [(p, s) for p, s in full.top(c.id) if s >= 40.0][:3]
        got = top3.top(c.id)
        assert [s for _, s in got] == [s for _, s in want]
        assert all(s >= 40.0 for _, s in got)


def test_deterministic_and_order_independent():
    rng = random.Random(5)
    cands, poss = random_instance(rng, 30, 15)
    a = score_pairs(cands, poss)
    b = score_pairs(list(reversed(cands)), list(reversed(poss)))
    assert list(a.pairs()) == list(b.pairs())


MATCHING_DIR = ROOT / "consortium" / "matcher"
PURE_MODULES = ("__init__.py", "core.py", "catalog.py", "components.py", "scoring.py", "allocation.py")
FORBIDDEN = ("flask", "sqlalchemy", "flask_sqlalchemy", "werkzeug")


def test_no_flask_or_sqlalchemy_imported():
    """The matching modules import neither Flask nor SQLAlchemy.

    `consortium/__init__.py` (the app factory) imports Flask eagerly, so the subprocess registers a
    bare `consortium` namespace for the package directory and imports the matching modules only.
    """
    code = (
        "import sys, types; pkg = types.ModuleType('consortium'); "
        f"pkg.__path__ = [{str(ROOT / 'consortium')!r}]; sys.modules['consortium'] = pkg; "
        "import consortium.matcher.core, consortium.matcher.scoring, consortium.matcher.allocation; "
        "consortium.matcher.core.run_round; "
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}]; "
        "assert 'flask' not in sys.modules and 'sqlalchemy' not in sys.modules, bad; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_matching_sources_have_no_app_imports():
    import ast

    for path in (MATCHING_DIR / name for name in PURE_MODULES):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [("." * node.level) + (node.module or "")]
            else:
                continue
            for name in names:
                top = name.lstrip(".").split(".")[0]
                assert top not in FORBIDDEN, (path.name, name)
                # the vocabulary (enum keys and rule sets) is the one platform module below the pure cores
                assert name == "..vocab" or (not name.startswith("..") and top != "consortium"), (path.name, name)
