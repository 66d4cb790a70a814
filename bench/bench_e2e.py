"""End-to-end benchmark through the command line: generate the files, then time each CLI step as a user runs it.

Usage: python bench/bench_e2e.py [--students 20000] [--open-positions 2000] [--positions 10000]
                                 [--placements 100000] [--db sqlite,postgresql]

For each database (a temporary SQLite file; PostgreSQL from BENCH_PG_URL or DATABASE_URL, a database the
script may wipe) it builds a fresh schema with one consortium, 20 schools and 200 enterprises, then runs, each
as a fresh process whose wall time (process start included) is measured:

  flask --app wsgi import students students.csv        20k students (with 可实习时间 for half)   target ≤ 8 s
  flask --app wsgi import positions positions.csv      10k positions, of which 2k open and ahead  target ≤ 5 s
  flask --app wsgi match run --out round.json          20k students × 2k open positions          target ≤ 10 s
  flask --app wsgi import placements placements.csv    100k past placements (history)            target ≤ 30 s

and prints each figure beside its target, with the machine's load average. Peak RSS is the largest of the
steps so far (RUSAGE_CHILDREN). Larger rounds: --students 50000 --open-positions 5000 (target ≤ 30 s, 1.5 GB).
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCHOOLS = [f"河南第{i}职业技术学院" for i in range(1, 21)]
ENTERPRISES = [f"河南第{i}智能制造有限公司" for i in range(1, 201)]
MAJORS = ["机电一体化技术", "电气自动化技术", "工业机器人技术", "数控技术", "计算机应用技术", "电子商务", "汽车检测与维修技术",
          "软件技术", "大数据技术", "护理", "会计信息管理", "物流管理", "机械制造及自动化", "模具设计与制造", "应用化工技术"]
SKILLS = ["PLC编程", "电气控制", "CAD制图", "Python", "焊接", "数控车床操作", "直播电商", "Java", "数据分析", "护理操作",
          "财务核算", "仓储管理", "机器人编程", "传感器应用", "SolidWorks", "办公软件"]
CITIES = ["郑州市", "开封市", "洛阳市", "新乡市", "许昌市", "南阳市", ""]
KINDS = ["internship", "apprenticeship", "field_engineer"]


def write_csv(path: Path, header, rows) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def make_files(tmp: Path, n_students: int, n_open: int, n_positions: int, n_placements: int, today: date) -> None:
    rng = random.Random(12)
    students = []
    for n in range(n_students):
        af = today + timedelta(days=rng.randrange(0, 120)) if rng.random() < 0.5 else None
        students.append([f"S{n:06d}", SCHOOLS[n % len(SCHOOLS)], f"学生{n}", rng.choice(MAJORS),
                         "、".join(rng.sample(SKILLS, rng.randrange(1, 4))), rng.choice(CITIES), 2023 + n % 3,
                         af.isoformat() if af else "", (af + timedelta(days=240)).isoformat() if af else ""])
    write_csv(tmp / "students.csv", ["学号", "学校", "姓名", "专业", "技能", "意向城市", "入学年份", "可实习开始日期",
                                     "可实习结束日期"], students)
    positions = []
    for n in range(n_positions):
        live = n < n_open
        start = today + timedelta(days=rng.randrange(5, 150)) if live else date(2022, 3, 1) + timedelta(days=n % 300)
        positions.append([f"P{n:06d}", ENTERPRISES[n % len(ENTERPRISES)], rng.choice(KINDS), f"岗位{n}",
                          "、".join(rng.sample(MAJORS, rng.randrange(0, 3))), "、".join(rng.sample(SKILLS, rng.randrange(1, 4))),
                          rng.choice(CITIES[:-1]), rng.randrange(1, 6) if live else 40, start.isoformat(),
                          (start + timedelta(days=180)).isoformat(), "开放" if live else "关闭"])
    write_csv(tmp / "positions.csv", ["岗位编号", "企业", "岗位类型", "岗位名称", "专业要求", "技能要求", "工作城市", "名额",
                                      "开始日期", "结束日期", "状态"], positions)
    closed = max(1, n_positions - n_open)
    placements = []
    per_student = max(1, -(-n_placements // max(1, n_students)))
    for n in range(n_placements):
        s, k = n % n_students, n // n_students
        p = n_open + (s * per_student + k * 7919) % closed
        placements.append([f"P{p:06d}", f"S{s:06d}", SCHOOLS[s % len(SCHOOLS)], "已完成"])
    write_csv(tmp / "placements.csv", ["岗位编号", "学号或工号", "学校或单位", "状态"], placements)


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    from consortium import create_app
    from consortium.extensions import db
    from consortium.members.models import Consortium, Member

    app = create_app()
    with app.app_context():
        db.drop_all()
        db.create_all()
        c = Consortium(name="基准联合体", city="郑州市")
        db.session.add(c)
        db.session.flush()
        db.session.add_all([Member(consortium_id=c.id, name=n, type="higher_vocational", joined_date=date(2020, 1, 1))
                            for n in SCHOOLS])
        db.session.add_all([Member(consortium_id=c.id, name=n, type="enterprise", joined_date=date(2020, 1, 1))
                            for n in ENTERPRISES])
        db.session.commit()
        db.engine.dispose()


def timed(args, env, cwd) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, env=env, cwd=cwd)
    seconds = time.perf_counter() - t0
    if out.returncode:
        print(out.stdout[-2000:], out.stderr[-4000:])
        raise SystemExit(f"step failed: {' '.join(args)}")
    return seconds, out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--students", type=int, default=20_000)
    ap.add_argument("--open-positions", type=int, default=2_000)
    ap.add_argument("--positions", type=int, default=10_000)
    ap.add_argument("--placements", type=int, default=100_000)
    ap.add_argument("--db", default="sqlite,postgresql")
    ap.add_argument("--match-target", type=float, default=None)
    args = ap.parse_args()
    from consortium.timeutil import today

    tmp = Path(tempfile.mkdtemp(prefix="bench-e2e-"))
    make_files(tmp, args.students, args.open_positions, args.positions, args.placements, today())
    match_target = args.match_target or (10.0 if args.students <= 20_000 else 30.0)
    targets = []
    for name in args.db.split(","):
        if name == "sqlite":
            targets.append(("SQLite", f"sqlite:///{tmp / 'bench.db'}"))
        elif name == "postgresql":
            url = os.environ.get("BENCH_PG_URL") or os.environ.get("DATABASE_URL")
            if url and url.startswith("postgresql"):
                targets.append(("PostgreSQL", url))
            else:
                print("PostgreSQL skipped: set BENCH_PG_URL to a database this script may wipe")
    flask = str(Path(sys.executable).with_name("flask"))
    steps = [("import students", [flask, "--app", "wsgi", "import", "students", str(tmp / "students.csv")], 8.0),
             ("import positions", [flask, "--app", "wsgi", "import", "positions", str(tmp / "positions.csv")], 5.0),
             ("match run", [flask, "--app", "wsgi", "match", "run", "--out", str(tmp / "round.json")], match_target),
             ("import placements", [flask, "--app", "wsgi", "import", "placements", str(tmp / "placements.csv")], 30.0)]
    print(f"end-to-end CLI benchmark: {args.students} students, {args.positions} positions ({args.open_positions} open), "
          f"{args.placements} placements; {os.cpu_count()} CPUs; files in {tmp}")
    for label, url in targets:
        setup(url)
        env = {**os.environ, "DATABASE_URL": url, "CONSORTIUM_INSTANCE": str(tmp / "instance")}
        env.pop("REDIS_URL", None)  # the round runs in the command's own process
        for step, cmd, target in steps:
            before = load()
            seconds, last = timed(cmd, env, ROOT)
            rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            verdict = "met" if seconds <= target else f"MISSED by {seconds - target:.1f} s"
            print(f"{label:10} {step:18} {seconds:7.2f} s  target ≤ {target:4.0f} s  {verdict:18} "
                  f"peak RSS so far {rss:6.0f} MB  load before {before}  | {last}")


if __name__ == "__main__":
    main()
