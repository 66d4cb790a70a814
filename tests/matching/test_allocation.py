"""Property tests of the allocators (stable deferred acceptance, max-fit) over the pure scorer."""
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from consortium.matcher import components as MC
from consortium.matcher.core import (
    KIND_COMPATIBILITY, Candidate, Position, allocate_max_fit, allocate_stable, run_round, score_pairs)

MAJORS = ["机电一体化技术", "电气自动化技术", "数控技术", "电子商务", "计算机应用", "护理", ""]
SKILLS = ["PLC编程", "电气控制", "CAD制图", "Python", "焊接", "直播电商"]
CITIES = ["郑州市", "开封市", ""]
SETTINGS = settings(max_examples=60, deadline=None)


@st.composite
def instances(draw):
    n_p = draw(st.integers(1, 6))
    poss = []
    for j in range(n_p):
        slots = draw(st.integers(1, 3))
        start = draw(st.sampled_from([None, date(2027, 3, 1)]))
        poss.append(Position(
            f"p{j}", draw(st.sampled_from(["apprenticeship", "internship", "teacher_practice"])), "企业",
            majors=tuple(draw(st.lists(st.sampled_from(MAJORS[:-1]), max_size=2, unique=True))),
            skills=tuple(draw(st.lists(st.sampled_from(SKILLS), max_size=3, unique=True))),
            city=draw(st.sampled_from(CITIES)), slots=slots, filled=draw(st.integers(0, slots)),
            start=start, end=None if start is None else date(2027, 6, 30),
            status=draw(st.sampled_from(["open", "open", "open", "closed"]))))
    pids = [p.id for p in poss]
    cands = []
    for i in range(draw(st.integers(1, 12))):
        busy = draw(st.sampled_from([(), (), ((date(2027, 5, 1), None),), ((date(2026, 1, 1), date(2026, 6, 1)),)]))
        cands.append(Candidate(
            f"c{i:02d}", draw(st.sampled_from(["student", "student", "teacher"])), "学校",
            major=draw(st.sampled_from(MAJORS)),
            skills=tuple(draw(st.lists(st.sampled_from(SKILLS), max_size=3, unique=True))),
            city=draw(st.sampled_from(CITIES)), busy=busy,
            preferences=tuple(draw(st.lists(st.sampled_from(pids), max_size=3, unique=True)))))
    top_k = draw(st.integers(1, 6))
    min_score = draw(st.sampled_from([0.0, 30.0, 50.0]))
    return cands, poss, top_k, min_score


def proposal_lists(table, cands):
    """Each candidate's list as the allocator must see it: stated preferences first, then score."""
    out = {}
    for c in cands:
        listed = [p for p, _ in table.top(c.id)]
        prefs = [p for p in dict.fromkeys(c.preferences) if p in listed]
        out[c.id] = prefs + [p for p in listed if p not in prefs]
    return out


def check_feasible(alloc, cands, poss):
    cby, pby = {c.id: c for c in cands}, {p.id: p for p in poss}
    seen, used = set(), {}
    for cid, pid, _ in alloc.assignments:
        c, p = cby[cid], pby[pid]
        assert cid not in seen
        seen.add(cid)
        assert p.kind in KIND_COMPATIBILITY[c.kind]
        assert p.status == "open" and p.filled < p.slots
        assert not MC.dates_overlap(c, p)
        used[pid] = used.get(pid, 0) + 1
    for pid, n in used.items():
        assert n <= pby[pid].slots - pby[pid].filled
    assert set(alloc.unmatched) == {c.id for c in cands} - seen
    for pid, left in alloc.unfilled.items():
        assert left == pby[pid].open_slots - used.get(pid, 0) > 0


@SETTINGS
@given(instances())
def test_stable_has_no_blocking_pair(inst):
    cands, poss, top_k, min_score = inst
    table = score_pairs(cands, poss, top_k=top_k, min_score=min_score)
    alloc = allocate_stable(table, cands, poss)
    check_feasible(alloc, cands, poss)
    lists = proposal_lists(table, cands)
    assigned = {c: p for c, p, _ in alloc.assignments}
    holders: dict[str, list[str]] = {}
    for c, p, _ in alloc.assignments:
        holders.setdefault(p, []).append(c)
    cap = {p.id: p.open_slots for p in poss}
    for c in cands:
        lst = lists[c.id]
        better = lst[: lst.index(assigned[c.id])] if c.id in assigned else lst
        for p in better:
            hs = holders.get(p, [])
            assert len(hs) == cap[p] and cap[p] > 0, f"{c.id} and {p} block: free slot"
            # the position prefers every holder to c: higher score, or equal score and smaller id
            mine = table.score(c.id, p)
            for h in hs:
                theirs = table.score(h, p)
                assert theirs > mine or (theirs == mine and h < c.id), f"{c.id} and {p} block"


@SETTINGS
@given(instances())
def test_max_fit_feasible_and_at_least_stable(inst):
    cands, poss, top_k, min_score = inst
    table = score_pairs(cands, poss, top_k=top_k, min_score=min_score)
    stable = allocate_stable(table, cands, poss)
    best = allocate_max_fit(table, cands, poss)
    check_feasible(best, cands, poss)
    assert best.total_score >= stable.total_score - 1e-6
    for c, p, s in best.assignments:
        assert table.score(c, p) == s


@SETTINGS
@given(instances())
def test_deterministic(inst):
    cands, poss, top_k, min_score = inst
    for mode in ("stable", "max_fit"):
        a = run_round(cands, poss, mode, top_k=top_k, min_score=min_score)
        b = run_round(list(reversed(cands)), list(reversed(poss)), mode, top_k=top_k, min_score=min_score)
        assert a == b


def test_capacity_and_preferences():
    def mk(i, prefs=()):
        return Candidate(f"c{i}", "student", "学校", major="机电一体化技术", skills=("PLC编程",), city="郑州市",
                         preferences=prefs)

    strong = Position("strong", "internship", "企业", majors=("机电一体化技术",), skills=("PLC编程",),
                      city="郑州市", slots=3, filled=2)
    weak = Position("weak", "internship", "企业", majors=("电气自动化技术",), city="开封市", slots=1)
    plain = [mk(0), mk(1), mk(2)]
    got = {c: p for c, p, _ in allocate_stable(score_pairs(plain, [strong, weak]), plain, [strong, weak]).assignments}
    assert got == {"c0": "strong", "c1": "weak"}  # equal scores: ties by candidate id
    pref = [mk(0, ("weak", "strong")), mk(1), mk(2)]
    alloc = allocate_stable(score_pairs(pref, [strong, weak]), pref, [strong, weak])
    got = {c: p for c, p, _ in alloc.assignments}
    assert got == {"c0": "weak", "c1": "strong"}  # stated preference is proposed first
    assert alloc.unmatched == ["c2"] and alloc.unfilled == {}


def test_run_round_explains():
    cands = [Candidate("s1", "student", "学校", major="机电一体化", skills=("PLC 编程",), city="郑州"),
             Candidate("s2", "student", "学校", major="机电一体化技术", skills=("焊接",), city="郑州市"),
             Candidate("s3", "student", "学校", major="护理", skills=("护理操作",)),
             Candidate("t1", "teacher", "学校", major="机电一体化技术"),
             Candidate("b1", "student", "学校", major="机电一体化技术", busy=((date(2027, 1, 1), None),))]
    poss = [Position("p1", "apprenticeship", "企业", majors=("机电一体化技术",), skills=("PLC编程",),
                     city="郑州市", slots=1, start=date(2027, 3, 1), end=date(2027, 6, 30)),
            Position("p2", "internship", "企业", majors=("数控技术",), city="洛阳市", slots=2, status="closed")]
    for mode in ("stable", "max_fit"):
        res = run_round(cands, poss, mode)
        assert [(a.candidate, a.position) for a in res.assignments] == [("s1", "p1")]
        assert res.assignments[0].reasons[:3] == ("专业一致", "技能：PLC编程（1/1）", "城市：郑州市")
        un = {u.candidate: u for u in res.unmatched}
        assert un["s2"].reason == "not_selected" and un["s2"].near_misses[0].position == "p1"
        assert un["s2"].best_score is not None
        assert un["s3"].reason == "score_below_threshold"
        assert un["t1"].reason == "no_position_of_kind"
        assert un["b1"].reason == "dates_overlap"
        assert res.unfilled == {}


def test_excluded_positions_are_never_scored_or_assigned():
    from consortium.matcher.core import Candidate, Position, explain_pair, run_round

    p1 = Position(id="p1", kind="internship", enterprise="e", majors=("机电一体化技术",), slots=1)
    p2 = Position(id="p2", kind="internship", enterprise="e", majors=("机电一体化技术",), slots=1)
    c = Candidate(id="c1", kind="student", org="s", major="机电一体化技术", excluded=("p1",))
    result = run_round([c], [p1, p2])
    assert [(a.candidate, a.position) for a in result.assignments] == [("c1", "p2")]
    assert explain_pair(c, p1).score == 0.0 and explain_pair(c, p2).score > 0
