"""The pure figures: the alignment index on a hand-computed case, outcome rates, event counts."""
import ast
from datetime import date
from pathlib import Path

import pytest

from consortium.supply import figures
from consortium.supply.figures import EventRecord, Graduate, alignment, count_events, outcome_rates


def test_alignment_index_hand_computed():
    # Supply 100 people: A 60, B 30, C 10. Demand 200: A 40, B 80, C 40, D 40.
    # Shares s = .6 .3 .1 0 ; d = .2 .4 .2 .2 ; Σ min = .2 + .3 + .1 + 0 = .6 → index 60.0
    # (and 1 − ½Σ|s−d| = 1 − ½(.4 + .1 + .1 + .2) = .6).
    result = alignment({"A": 60, "B": 30, "C": 10}, {"A": 40, "B": 80, "C": 40, "D": 40}, ["A", "B", "C", "D"])
    assert result.index == 60.0
    assert (result.supply_total, result.demand_total) == (100, 200)
    rows = {r.category: r for r in result.rows}
    # share ratio s/d: A 3.0 (over), B .75 (under, ≤ .8), C .5 (under), D 0 (under: asked for, not supplied)
    assert [rows[c].share_ratio for c in "ABCD"] == [3.0, 0.75, 0.5, 0.0]
    assert [rows[c].flag for c in "ABCD"] == ["over", "under", "under", "under"]
    # gap = S − D × ΣS/ΣD = S − D/2: A 60−20, B 30−40, C 10−20, D 0−20
    assert [rows[c].gap for c in "ABCD"] == [40.0, -10.0, -10.0, -20.0]
    assert [r.category for r in result.over] == ["A"]
    assert [r.category for r in result.under] == ["D", "B", "C"]  # biggest shortfall first


def test_alignment_balanced_disjoint_and_empty():
    same = alignment({"A": 10, "B": 30}, {"A": 1, "B": 3})
    assert same.index == 100.0 and {r.flag for r in same.rows} == {"balanced"}
    apart = alignment({"X": 10}, {"Y": 5})
    assert apart.index == 0.0
    assert {r.category: r.flag for r in apart.rows} == {"X": "over", "Y": "under"}
    assert alignment({}, {"A": 3}).index is None
    assert alignment({"A": 3}, {}).index is None
    # The flag thresholds are inclusive: a share ratio of exactly 1.25 is over, 0.8 under.
    edge = alignment({"A": 5, "B": 4, "C": 11}, {"A": 4, "B": 5, "C": 11})
    assert {r.category: r.flag for r in edge.rows} == {"A": "over", "B": "under", "C": "balanced"}


def test_outcome_rates_hand_computed():
    g = [Graduate(1, 1, "数控技术", "employed", "郑州市", employer_id=7, internship_enterprises=(7,)),
         Graduate(2, 1, "数控技术", "employed", "郑州", employer_id=8, internship_enterprises=(7,)),
         Graduate(3, 1, "数控技术", "employed", "洛阳市", employer_id=7),
         Graduate(4, 1, "数控技术", "employed", "河南省郑州市"),
         Graduate(5, 1, "数控技术", "self_employed", "郑州市"),
         Graduate(6, 1, "数控技术", "further_study"),
         Graduate(7, 1, "数控技术", "further_study_exam"),
         Graduate(8, 1, "数控技术", "unemployed"),
         Graduate(9, 1, "数控技术", "unemployed"),
         Graduate(10, 1, "数控技术", "other")]
    r = outcome_rates(g, "郑州市")
    assert (r.graduates, r.placed, r.employed, r.local, r.further_study, r.unemployed) == (10, 7, 5, 4, 2, 2)
    assert r.employment_rate == 70.0      # 7 of 10 placed (落实)
    assert r.local_rate == 80.0           # 4 of the 5 employed/self-employed stayed in Zhengzhou
    assert r.further_study_rate == 20.0
    assert r.to_internship_enterprise == 1  # only graduate 1 works where they interned
    assert r.by_employer == {7: 2, 8: 1}
    empty = outcome_rates([], "郑州市")
    assert (empty.employment_rate, empty.local_rate, empty.further_study_rate) == (None, None, None)
    groups = figures.outcome_groups(g + [Graduate(11, 2, "护理", "employed", "开封市")], "郑州市", lambda x: x.school_id)
    assert groups[2].local_rate == 0.0 and groups[1].graduates == 10


def test_event_counts_by_year():
    events = [EventRecord(1, date(2024, 4, 20), 3, 30, 10, 2), EventRecord(2, date(2024, 11, 16), 5, 40, 12, 3),
              EventRecord(3, date(2025, 1, 1), 1, 20, 5, 0), EventRecord(4, date(2023, 12, 31), 2, 10, 1, 1)]
    c = count_events(events, 2024)
    assert (c.events, c.enterprises, c.attendees, c.offers, c.placements) == (2, 8, 70, 22, 5)
    assert count_events(events, 2022).events == 0
    assert count_events(events, 2023).attendees == 10


@pytest.mark.parametrize("module", ["figures.py", "mapping.py"])
def test_pure_modules_import_no_flask_or_database(module):
    source = (Path(figures.__file__).parent / module).read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0] if not node.level else f".{node.module}")
    assert not imported & {"flask", "flask_babel", "sqlalchemy", "flask_sqlalchemy"}
    assert not any(m.startswith((".extensions", ".models", "..extensions")) for m in imported)
