"""Benchmark of bulk import: a 10k-row student file, then a 10k-row placement file, into a fresh database.

Usage: python bench/bench_imports.py [--rows 10000] [--format csv|xlsx]

Runs on a temporary SQLite file; when DATABASE_URL is set (a PostgreSQL database you may wipe), on that
database too. Each import runs in a fresh subprocess so that the peak RSS (ru_maxrss) is honest; the
time covers parsing, resolving references, planning and writing (commit included), and a second,
idempotent run of the same file. Target: each import ≤ 10 s on 2 cores.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCHOOLS = [f"郑州第{i}职业技术学院" for i in range(1, 6)]
ENTERPRISES = [f"河南第{i}装备制造有限公司" for i in range(1, 11)]
MAJORS = ["机电一体化技术", "电气自动化技术", "工业机器人技术", "数控技术", "计算机应用技术"]


def _id_number(n: int) -> str:
    from consortium.tables.normalize import id_check_digit

    first17 = f"410102{2000 + n % 6:04d}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return first17 + id_check_digit(first17)


def student_file(rows: int) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["学号", "学校", "姓名", "身份证号", "性别", "手机号", "专业", "技能", "意向城市", "入学年份"])
    for n in range(rows):
        w.writerow([f"S{n:06d}", SCHOOLS[n % len(SCHOOLS)], f"学生{n}", _id_number(n), "男" if n % 2 else "女",
                    f"138{n:08d}", MAJORS[n % len(MAJORS)], "PLC编程、电气控制", "郑州市", 2023 + n % 3])
    return buf.getvalue().encode("utf-8-sig")


def placement_file(rows: int) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["岗位编号", "学号或工号", "学校或单位", "状态", "开始日期", "结束日期"])
    for n in range(rows):
        w.writerow([f"P{n % 100:03d}", f"S{n:06d}", SCHOOLS[n % len(SCHOOLS)], "已接收", "2025-03-01", "2025-08-31"])
    return buf.getvalue().encode("utf-8-sig")


def to_xlsx(data: bytes) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _app(url: str):
    os.environ["DATABASE_URL"] = url
    from consortium import create_app

    return create_app({"TESTING": True})


def setup(url: str, rows: int) -> None:
    """Fresh schema, a consortium with schools, enterprises and 100 positions with room for every row."""
    from datetime import date

    from consortium.extensions import db
    from consortium.jobs.models import Position
    from consortium.members.models import Consortium, Member

    app = _app(url)
    with app.app_context():
        db.drop_all()
        db.create_all()
        c = Consortium(name="基准联合体", city="郑州市")
        db.session.add(c)
        db.session.flush()
        for name in SCHOOLS:
            db.session.add(Member(consortium_id=c.id, name=name, type="higher_vocational", joined_date=date(2023, 1, 1)))
        ents = [Member(consortium_id=c.id, name=n, type="enterprise", joined_date=date(2023, 1, 1)) for n in ENTERPRISES]
        db.session.add_all(ents)
        db.session.flush()
        for i in range(100):
            db.session.add(Position(consortium_id=c.id, code=f"P{i:03d}", enterprise_id=ents[i % len(ents)].id,
                                    kind="internship", title=f"岗位{i}", slots=rows // 100 + 1,
                                    start_date=date(2025, 3, 1), status="open"))
        db.session.commit()


def run_one(url: str, type_name: str, path: str) -> dict:
    from consortium.extensions import db
    from consortium.imports.cli import OPERATOR
    from consortium.tables.readers import read_table
    from consortium.imports.services import run_import
    from consortium.members.models import Consortium

    app = _app(url)
    data = Path(path).read_bytes()
    t0 = time.perf_counter()
    read_table(data, path)  # reading alone, before the timed import (which reads again)
    read = time.perf_counter() - t0
    with app.app_context():
        consortium = db.session.query(Consortium).first()
        t0 = time.perf_counter()
        report = run_import(OPERATOR, consortium, type_name, data, path)
        db.session.commit()
        first = time.perf_counter() - t0
        assert report.ok, [str(e) for e in report.errors[:5]]
        t0 = time.perf_counter()
        again = run_import(OPERATOR, consortium, type_name, data, path)
        db.session.commit()
        second = time.perf_counter() - t0
    return {"type": type_name, "rows": report.total, "created": report.created, "read_seconds": round(read, 2),
            "seconds": round(first, 2),
            "reimport_seconds": round(second, 2), "reimport_unchanged": again.unchanged,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(*args.child)))
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-imports-"))
    os.environ.setdefault("CONSORTIUM_INSTANCE", str(tmp / "instance"))
    targets = [("sqlite", f"sqlite:///{tmp / 'bench.db'}")]
    if os.environ.get("DATABASE_URL"):
        targets.append(("postgresql", os.environ["DATABASE_URL"]))
    files = {"students": student_file(args.rows), "placements": placement_file(args.rows)}
    for name, data in files.items():
        if args.format == "xlsx":
            data = to_xlsx(data)
        (tmp / f"{name}.{args.format}").write_bytes(data)
    print(f"bulk import benchmark: {args.rows} rows, {args.format}, {os.cpu_count()} CPUs")
    for label, url in targets:
        setup(url, args.rows)
        for name in files:
            out = subprocess.run([sys.executable, __file__, "--child", url, name, str(tmp / f"{name}.{args.format}")],
                                 capture_output=True, text=True, env={**os.environ, "DATABASE_URL": url})
            if out.returncode:
                print(out.stderr[-3000:])
                sys.exit(out.returncode)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{label:10} {r['type']:10} rows={r['rows']} created={r['created']} "
                  f"read={r['read_seconds']}s seconds={r['seconds']} re-import={r['reimport_seconds']}s (unchanged={r['reimport_unchanged']}) "
                  f"peak_rss={r['peak_rss_mb']} MB")


if __name__ == "__main__":
    main()
