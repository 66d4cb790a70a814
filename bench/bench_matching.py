"""Benchmark of the matching core: end-to-end scoring + allocation at 1k×100, 10k×1k, 50k×5k.

Usage: python bench/bench_matching.py [--sizes 1k,10k,50k] [--mode stable,max_fit] [--seed 7]

Each (size, mode) runs in a fresh subprocess so that the reported peak RSS (ru_maxrss) is honest;
the figure includes generating the synthetic data.  A per-pair rapidfuzz baseline
(fuzz.token_set_ratio over "major skills city") is timed on a random sample of pairs and
extrapolated to the full size.  Quality: on a proportional sub-instance (<= 2000 candidates)
the baseline's greedy assignment and ours are compared (share of candidates placed, share of
placements whose major is at least the same 专业类), and every placed pair is checked against the
hard rules (kind, capacity, open status, no date overlap).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from consortium.matcher import components as MC  # noqa: E402
from consortium.matcher.catalog import default_catalog  # noqa: E402
from consortium.matcher.core import KIND_COMPATIBILITY, Candidate, Position, run_round  # noqa: E402

SIZES = {"1k": (1_000, 100), "10k": (10_000, 1_000), "50k": (50_000, 5_000)}

SKILL_GROUPS = {
    "制造": ["PLC编程", "电气控制", "CAD制图", "SolidWorks", "UG建模", "数控车床操作", "数控铣床操作",
             "焊接", "钳工", "液压与气动", "工业机器人编程", "机械装配", "电机维修", "传感器应用",
             "变频器调试", "单片机", "电工证", "质量检测", "三坐标测量", "MES系统"],
    "信息": ["Python", "Java", "C语言", "C++", "JavaScript", "Vue", "MySQL", "Linux运维", "网络布线",
             "路由交换", "网络安全", "大数据分析", "Hadoop", "人工智能训练", "机器学习", "前端开发",
             "软件测试", "云计算", "Docker", "嵌入式开发"],
    "财经": ["直播电商", "短视频运营", "网店运营", "Excel", "财务会计", "出纳", "税务申报", "用友U8",
             "金蝶", "跨境电商", "客户服务", "市场营销", "新媒体运营", "数据分析", "物流管理",
             "仓储管理", "供应链管理", "商务谈判", "文案写作", "Photoshop"],
    "土建": ["BIM建模", "AutoCAD", "工程测量", "施工管理", "造价预算", "广联达", "建筑识图",
             "混凝土检测", "钢筋翻样", "安全员", "资料员", "给排水", "装饰设计", "3ds Max", "测绘"],
    "医药": ["护理操作", "急救", "静脉输液", "药品调剂", "中药炮制", "康复训练", "健康评估",
             "医学检验", "影像技术", "口腔护理", "母婴护理", "老年照护", "营养配餐", "GMP", "药品营销"],
    "农林": ["作物栽培", "植物保护", "畜禽养殖", "动物疫病防治", "园林设计", "花卉生产", "农产品电商",
             "无人机植保", "智慧农业", "食品检验", "茶艺", "农机操作", "土壤检测", "林木育苗", "水产养殖"],
    "交通": ["汽车维修", "汽车电气", "新能源汽车检修", "轨道交通运营", "铁路信号", "航空服务",
             "物流调度", "驾驶", "汽车营销", "无人机驾驶", "船舶驾驶", "道路养护", "交通安全", "充电桩运维",
             "智能网联"],
    "服务": ["酒店服务", "餐饮服务", "导游", "中式烹调", "西点制作", "美容美发", "幼儿教育", "社会工作",
             "普通话", "英语口语", "日语", "礼仪", "会展策划", "活动策划", "家政服务", "保安", "办公软件",
             "公文写作", "档案管理", "人力资源"],
}
GROUP_OF_CATEGORY = {"装备制造大类": "制造", "能源动力与材料大类": "制造", "生物与化工大类": "制造",
                     "轻工纺织大类": "制造", "电子与信息大类": "信息", "财经商贸大类": "财经",
                     "土木建筑大类": "土建", "水利大类": "土建", "资源环境与安全大类": "土建",
                     "医药卫生大类": "医药", "食品药品与粮食大类": "医药", "农林牧渔大类": "农林",
                     "交通运输大类": "交通"}
ZHONGZHI = ["机电技术应用", "计算机应用", "电子技术应用", "汽车运用与维修", "会计事务", "电子商务",
            "数控技术应用", "焊接技术应用", "建筑工程施工", "护理", "幼儿保育", "中餐烹饪",
            "工业机器人技术应用", "物流服务与管理", "计算机网络技术"]
KINDS = ["apprenticeship", "field_engineer", "internship"]


def henan_cities() -> list[str]:
    with open(ROOT / "consortium/data/henan_divisions.csv", encoding="utf-8") as fh:
        return [r["name"] for r in csv.DictReader(fh) if r["level"] == "city"]


def skill_variant(rng: random.Random, s: str) -> str:
    r = rng.random()
    if r < 0.10:
        return s.lower()
    if r < 0.18 and s.endswith("编程"):
        return s[:-2] + " 程序设计"
    if r < 0.25 and len(s) > 3:
        return s[:2] + " " + s[2:]
    return s


def generate(n_cand: int, n_pos: int, seed: int):
    rng = random.Random(seed)
    cat = default_catalog()
    rows = list(cat.rows)
    cities = henan_cities()
    city_w = [8 if c == "郑州市" else 3 if c in ("洛阳市", "新乡市", "南阳市") else 1 for c in cities]
    all_skills = [s for g in SKILL_GROUPS.values() for s in g]

    def group(row):
        return GROUP_OF_CATEGORY.get(row.category_name, "服务")

    def major_variant(row):
        name, r = row.major_name, rng.random()
        if r < 0.15 and not name.endswith("技术"):
            return name + "技术"
        if r < 0.30 and name.endswith("技术"):
            return name[:-2]
        if r < 0.38:
            return name + rng.choice(["（工业机器人方向）", "(订单班)", "（智能制造方向）", "(3+2)"])
        return name

    def dates():
        start = date(2027, 3, 1) + timedelta(days=rng.randrange(0, 180))
        return start, start + timedelta(days=rng.choice([60, 90, 120, 180]))

    positions = []
    for j in range(n_pos):
        teacher = rng.random() < 0.05
        row = rng.choice(rows)
        same_class = [r for r in rows if r.class_name == row.class_name]
        wanted = tuple(rng.choice([r.major_name, r.major_code]) if rng.random() < 0.2 else r.major_name
                       for r in rng.sample(same_class, min(len(same_class), rng.randint(1, 3))))
        if rng.random() < 0.08:
            wanted = ()
        pool = SKILL_GROUPS[group(row)]
        start, end = dates() if rng.random() < 0.9 else (None, None)
        slots = rng.randint(1, 5)
        positions.append(Position(
            id=f"P{j:06d}", kind="teacher_practice" if teacher else rng.choice(KINDS),
            enterprise=f"企业{j % 997}", title=row.major_name + "岗", majors=wanted,
            skills=tuple(rng.sample(pool, rng.randint(2, 5))),
            city=rng.choices(cities, city_w)[0].removesuffix("市") if rng.random() < 0.2 else rng.choices(cities, city_w)[0],
            slots=slots, filled=rng.randint(0, slots - 1) if rng.random() < 0.2 else 0,
            start=start, end=end, status="open" if rng.random() < 0.95 else "closed"))
    by_title: dict[str, list[str]] = {}
    for p in positions:
        by_title.setdefault(p.title, []).append(p.id)
    candidates = []
    for i in range(n_cand):
        teacher = rng.random() < 0.05
        row = rng.choice(rows)
        pool = SKILL_GROUPS[group(row)]
        skills = [skill_variant(rng, s) for s in rng.sample(pool, rng.randint(2, 6))]
        if rng.random() < 0.5:
            skills.append(rng.choice(all_skills))
        zz = rng.random() < 0.10
        major = rng.choice(ZHONGZHI) if zz else major_variant(row)
        busy = ()
        if rng.random() < 0.05:
            s, e = dates()
            busy = ((s, e if rng.random() < 0.7 else None),)
        prefs = ()
        if rng.random() < 0.2:
            prefs = tuple(rng.sample(by_title.get(row.major_name + "岗", []) or [positions[0].id], 1)) + \
                tuple(p.id for p in rng.sample(positions, 2))
        candidates.append(Candidate(
            id=f"C{i:07d}", kind="teacher" if teacher else "student", org=f"学校{i % 211}",
            major=major, major_code=row.major_code if (not zz and rng.random() < 0.3) else "",
            skills=tuple(skills), city=rng.choices(cities, city_w)[0] if rng.random() < 0.7 else "",
            busy=busy, preferences=prefs,
            available_from=date(2027, 3, 1) + timedelta(days=rng.randrange(0, 200)) if rng.random() < 0.5 else None))
    return candidates, positions


BASELINE_CUTOFF = 50.0  # the naive baseline only places pairs with token_set_ratio >= this
BASELINE_SAMPLE = 20_000  # pairs timed for the per-pair baseline


def baseline_text_c(c: Candidate) -> str:
    return " ".join([c.major, *c.skills, c.city])


def baseline_text_p(p: Position) -> str:
    return " ".join([*p.majors, *p.skills, p.city])


def check_hard_rules(assignments, candidates, positions) -> None:
    """Assert kind compatibility, open status, capacity, one assignment per candidate, no overlap."""
    cby = {c.id: c for c in candidates}
    pby = {p.id: p for p in positions}
    seen, used = set(), {}
    for cid, pid, *_ in assignments:
        c, p = cby[cid], pby[pid]
        assert cid not in seen, f"{cid} assigned twice"
        seen.add(cid)
        assert p.kind in KIND_COMPATIBILITY[c.kind], (cid, pid, "kind")
        assert p.status == "open", (pid, "closed")
        assert not MC.dates_overlap(c, p), (cid, pid, "dates overlap")
        used[pid] = used.get(pid, 0) + 1
    for pid, n in used.items():
        assert n <= pby[pid].slots - pby[pid].filled, (pid, "capacity")


def baseline_greedy(candidates, positions):
    pt = {p.id: baseline_text_p(p) for p in positions}
    pairs = []
    for c in candidates:
        ct = baseline_text_c(c)
        for p in positions:
            if MC.is_eligible(c, p):
                s = fuzz.token_set_ratio(ct, pt[p.id])
                if s >= BASELINE_CUTOFF:
                    pairs.append((-s, c.id, p.id))
    pairs.sort()
    cap = {p.id: p.open_slots for p in positions}
    done, out = set(), []
    for s, cid, pid in pairs:
        if cid not in done and cap[pid] > 0:
            done.add(cid)
            cap[pid] -= 1
            out.append((cid, pid, -s))
    return out


def relevant_share(assignments, candidates, positions) -> float:
    """Share of placements whose major is the same major / same 专业类 (or the position takes any major)."""
    cat = default_catalog()
    cby, pby = {c.id: c for c in candidates}, {p.id: p for p in positions}
    ok = sum(MC.major_component(cby[c], pby[p], cat)[0] >= MC.SAME_CLASS for c, p, *_ in assignments)
    return ok / max(1, len(assignments))


def worker(size: str, mode: str, seed: int) -> dict:
    n_cand, n_pos = SIZES[size]
    load1 = os.getloadavg()[0]
    t = time.perf_counter()
    cands, poss = generate(n_cand, n_pos, seed)
    gen_s = time.perf_counter() - t
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    t = time.perf_counter()
    res = run_round(cands, poss, mode)
    total = time.perf_counter() - t
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    check_hard_rules([(a.candidate, a.position) for a in res.assignments], cands, poss)
    # per-pair baseline timing on a random sample, extrapolated
    rng = random.Random(seed + 1)
    sample = [(rng.randrange(n_cand), rng.randrange(n_pos)) for _ in range(BASELINE_SAMPLE)]
    t = time.perf_counter()
    for i, j in sample:
        fuzz.token_set_ratio(baseline_text_c(cands[i]), baseline_text_p(poss[j]))
    per_pair = (time.perf_counter() - t) / BASELINE_SAMPLE
    base_full = per_pair * n_cand * n_pos
    # quality on a proportional sub-instance
    n_sub = min(n_cand, 2000)
    sub_c = rng.sample(cands, n_sub)
    sub_p = rng.sample(poss, max(1, n_sub * n_pos // n_cand))
    ours = run_round(sub_c, sub_p, mode)
    ours_a = [(a.candidate, a.position, a.score) for a in ours.assignments]
    base_a = baseline_greedy(sub_c, sub_p)
    check_hard_rules(ours_a, sub_c, sub_p)
    check_hard_rules(base_a, sub_c, sub_p)
    ours_share, base_share = len(ours_a) / n_sub, len(base_a) / n_sub
    assert ours_share >= base_share, (ours_share, base_share)
    return {
        "size": size, "mode": mode, "candidates": n_cand, "positions": n_pos, "load1": round(load1, 2),
        "slots": sum(p.open_slots for p in poss), "gen_s": round(gen_s, 2),
        "score_s": round(res.timings["score"], 2), "allocate_s": round(res.timings["allocate"], 2),
        "explain_s": round(res.timings["explain"], 2), "total_s": round(total, 2),
        "cpu_s": round(cpu, 2),
        "pairs_per_s": round(n_cand * n_pos / total), "peak_rss_mb": round(rss_mb),
        "assigned": len(res.assignments), "total_score": round(res.total_score, 1),
        "pairs_kept": int(res.stats["pairs_kept"]),
        "baseline_us_per_pair": round(per_pair * 1e6, 2), "baseline_full_s": round(base_full, 1),
        "speedup": round(base_full / total, 1),
        "sub_n": n_sub, "ours_placed": round(ours_share, 3), "baseline_placed": round(base_share, 3),
        "ours_relevant": round(relevant_share(ours_a, sub_c, sub_p), 3),
        "baseline_relevant": round(relevant_share(base_a, sub_c, sub_p), 3),
    }


COLUMNS = [("size", "size"), ("mode", "mode"), ("total_s", "end-to-end s"), ("cpu_s", "CPU s"), ("score_s", "score s"),
           ("allocate_s", "alloc s"), ("explain_s", "reasons s"), ("pairs_per_s", "pairs/s"),
           ("peak_rss_mb", "peak RSS MB"), ("assigned", "assigned"), ("slots", "open slots"),
           ("baseline_full_s", "baseline s (extrap.)"), ("speedup", "speed-up"),
           ("ours_placed", "placed ours"), ("baseline_placed", "placed baseline"),
           ("ours_relevant", "relevant ours"), ("baseline_relevant", "relevant baseline"),
           ("load1", "load avg")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1k,10k,50k")
    ap.add_argument("--mode", default="stable,max_fit")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--worker", nargs=2, metavar=("SIZE", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker[0], args.worker[1], args.seed)))
        return
    results = []
    for size in args.sizes.split(","):
        for mode in args.mode.split(","):
            out = subprocess.run([sys.executable, __file__, "--worker", size, mode, "--seed", str(args.seed)],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                print(out.stderr, file=sys.stderr)
                raise SystemExit(f"worker {size} {mode} failed")
            r = json.loads(out.stdout.strip().splitlines()[-1])
            results.append(r)
            print(json.dumps(r, ensure_ascii=False), flush=True)
    print()
    print("| " + " | ".join(h for _, h in COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for r in results:
        print("| " + " | ".join(str(r[k]) for k, _ in COLUMNS) + " |")


if __name__ == "__main__":
    main()
