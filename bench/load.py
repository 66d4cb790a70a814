"""Load test of the platform against a bare Flask baseline, in one run, on the generated province.

    python bench/province.py --scale 0.1                       # once: the data (DATABASE_URL or instance/province.db)
    python bench/load.py --seconds 10                          # each endpoint alone, then the mix
    DATABASE_URL=postgresql+psycopg://… REDIS_URL=redis://… python bench/load.py --seconds 10
    python bench/load.py --soak 1800                           # the mix for 30 minutes (also bench/soak.py)

It starts gunicorn (2 sync workers by default) on wsgi:app and, on another port, the bare Flask +
Flask-SQLAlchemy JSON list of 20 positions (bench/bare_app.py) on the same database. It signs in as each role
of consortium 1 (c01-admin, -enterprise, -school, -student, -teacher; the password of bench/province.py) and
takes an API token. Then, with N keep-alive HTTP/1.1 connections (threads of this process, 8 by default):

1. the bare list alone for --seconds;
2. each endpoint alone for --seconds (list pages with and without filters, recommendations, dashboards, the
   year page, API lists);
3. the mixed traffic for --seconds (or --soak seconds): every endpoint in turn, logins included, with a
   matching round and a book export started in the background at the beginning (the round on the RQ worker
   this script starts when REDIS_URL is set; without Redis the round is not started: it would run inside a
   web request);
4. the bare list alone again.

Printed: per endpoint req/s, its ratio to the bare list (the mean of the two bare phases), p50/p95/p99 in ms
and the error rate (any status ≥ 400, a redirect to the login page, or a connection error), and the targets
(API lists ≥ 60 % of the bare list, HTML lists ≥ 40 %, p99 ≤ 50 ms for lists and recommendations and ≤ 100 ms
for dashboards and the year page). During the mix (and the soak) the gunicorn workers' resident memory, the
database connections and the errors are sampled every --sample seconds; the growth is printed at the end.

Only the Python standard library is used on the client side (http.client, threads). The client shares the
machine's cores with the server: on a small machine it takes a good part of a core, so compare ratios, not
absolute rates, and give the load average (printed) with any figure.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Province-Bench-2026"
ROLES = ("admin", "enterprise", "school", "student", "teacher")

# (label, role or "token", path, class): class says which target applies.
ENDPOINTS = [
    ("/positions", "admin", "/positions", "html"),
    ("/positions filtered", "student", "/positions?kind=internship&enterprise_id={enterprise}", "html"),
    ("/students", "admin", "/students", "html"),
    ("/students?school_id", "admin", "/students?school_id={school}", "html"),
    ("/placements", "admin", "/placements", "html"),
    ("/placements?school_id", "admin", "/placements?school_id={school}", "html"),
    ("/my/recommended", "student", "/my/recommended", "recommend"),
    ("/ (admin)", "admin", "/", "dashboard"),
    ("/ (school)", "school", "/", "dashboard"),
    ("/stats/year", "admin", "/stats/year", "dashboard"),
    ("/stats/dashboard", "admin", "/stats/dashboard", "dashboard"),
    ("/api/v1/positions", "token", "/api/v1/positions", "api"),
    ("/api/v1/students", "token", "/api/v1/students", "api"),
    ("/api/v1/placements", "token", "/api/v1/placements", "api"),
    ("/healthz", None, "/healthz", "other"),
]
TARGETS = {"api": (0.60, 50), "html": (0.40, 50), "recommend": (None, 50), "dashboard": (None, 100)}


# ---- a keep-alive client with a cookie jar ------------------------------------------------------------

class Client:
    def __init__(self, port: int, cookies: dict | None = None, token: str | None = None):
        self.port, self.cookies, self.token = port, dict(cookies or {}), token
        self.conn = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for name, value in resp.getheaders():
            if name.lower() == "set-cookie":
                k, _, rest = value.partition("=")
                self.cookies[k.strip()] = rest.split(";", 1)[0]
        return resp.status, resp.getheader("Location") or "", data

    def get(self, path):
        return self.request("GET", path)

    def post_form(self, path, fields: dict):
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})


CSRF = re.compile(rb'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_of(html: bytes) -> str:
    m = CSRF.search(html)
    return (m.group(1) or m.group(2)).decode() if m else ""


def login(port: int, username: str, password: str) -> tuple[Client, float]:
    client = Client(port)
    t0 = time.perf_counter()
    _s, _l, page = client.get("/login")
    status, location, _b = client.post_form("/login", {"username": username, "password": password,
                                                        "csrf_token": csrf_of(page)})
    elapsed = time.perf_counter() - t0
    if status != 302 or "/login" in location:
        raise SystemExit(f"login of {username} failed: {status} {location}")
    return client, elapsed


# ---- measuring ----------------------------------------------------------------------------------------

class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.lat: dict[str, list[float]] = {}
        self.err: dict[str, int] = {}
        self.examples: dict[str, str] = {}

    def add(self, label, seconds, ok, example=""):
        with self.lock:
            self.lat.setdefault(label, []).append(seconds)
            if not ok:
                self.err[label] = self.err.get(label, 0) + 1
                self.examples.setdefault(label, example)


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def hit(client: Client, path: str) -> tuple[bool, str]:
    try:
        status, location, _body = client.get(path)
    except Exception as exc:  # noqa: BLE001
        return False, f"{type(exc).__name__}: {exc}"
    ok = status < 400 and not (status in (301, 302, 303) and "/login" in location)
    return ok, f"{status} {location}"


def drive(make_client, pick, seconds: float, connections: int, tally: Tally, hit_fn=None) -> float:
    """`connections` threads, each with its own keep-alive client, until the deadline; returns the wall time."""
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()

    def worker(i):
        clients = {}
        n = 0
        while time.perf_counter() < deadline:
            label, role, path = pick(i, n)
            n += 1
            client = clients.get(role)
            if client is None:
                client = clients[role] = make_client(role)
            t0 = time.perf_counter()
            ok, example = (hit_fn or hit)(client, path)
            tally.add(label, time.perf_counter() - t0, ok, example)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start


# ---- the servers ----------------------------------------------------------------------------------------

def wait_ready(port: int, path: str, proc, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"server on port {port} not ready")


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    return sorted(pids)


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def db_connections(url: str, pids: list[int]) -> int:
    """PostgreSQL: backends of the database (this script's own probe excluded); SQLite: open handles of the
    database file in the workers."""
    if url.startswith("postgres"):
        from sqlalchemy import create_engine, text

        engine = create_engine(url, poolclass=__import__("sqlalchemy.pool", fromlist=["NullPool"]).NullPool)
        with engine.connect() as conn:
            n = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                  "AND pid <> pg_backend_pid()")).scalar()
        engine.dispose()
        return int(n)
    path = url.split("///", 1)[-1]
    count = 0
    for pid in pids:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                try:
                    if os.readlink(fd) == path:
                        count += 1
                except OSError:
                    pass
        except OSError:
            pass
    return count


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def ids_of(url: str) -> dict:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        enterprise = conn.execute(text("SELECT min(id) FROM member WHERE consortium_id = 1 AND type = 'enterprise'")).scalar()
        school = conn.execute(text("SELECT min(id) FROM member WHERE consortium_id = 1 AND type <> 'enterprise'")).scalar()
        students = conn.execute(text("SELECT count(*) FROM student")).scalar()
    engine.dispose()
    return {"enterprise": enterprise, "school": school, "students": students}


# ---- the run ---------------------------------------------------------------------------------------------

def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Load test against a bare Flask baseline (see the module text).")
    parser.add_argument("--seconds", type=float, default=10, help="per phase (bare, each endpoint, mix)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (1: sync workers)")
    parser.add_argument("--port", type=int, default=8318)
    parser.add_argument("--bare-port", type=int, default=8319)
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--soak", type=float, default=0, help="only the mix, for this many seconds")
    parser.add_argument("--sample", type=float, default=10, help="seconds between memory/connection samples")
    parser.add_argument("--only", default="", help="comma-separated endpoint labels to measure alone")
    parser.add_argument("--json", default="", help="also write the results to this file")
    args = parser.parse_args(argv)

    url = os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'instance' / 'province.db'}"
    env = dict(os.environ, DATABASE_URL=url, LOGIN_RATE_LIMIT="100000 per minute",
               LOGIN_ACCOUNT_RATE_LIMIT="100000 per minute", PYTHONUNBUFFERED="1")
    ids = ids_of(url)
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn") if (ROOT / ".venv" / "bin" / "gunicorn").exists() else "gunicorn"
    # Two gunicorns on one host: neither needs gunicorn's control socket (both would claim the same path).
    common = ["--workers", str(args.workers), "--threads", str(args.threads), "--timeout", "300",
              "--log-level", "warning", "--no-control-socket"]
    app_proc = subprocess.Popen([gunicorn, *common, "--bind", f"127.0.0.1:{args.port}", "wsgi:app"], cwd=ROOT, env=env,
                                start_new_session=True)
    bare_proc = subprocess.Popen([gunicorn, *common, "--bind", f"127.0.0.1:{args.bare_port}",
                                  "--pythonpath", str(ROOT / "bench"), "bare_app:app"], cwd=ROOT, env=env,
                                 start_new_session=True)
    rq_proc = None
    if os.environ.get("REDIS_URL"):
        rq_proc = subprocess.Popen([str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi", "rq", "worker"], cwd=ROOT,
                                   env=env, start_new_session=True, stdout=subprocess.DEVNULL)
    procs = [p for p in (app_proc, bare_proc, rq_proc) if p]
    results = {"database": url.split("@")[-1], "redis": bool(os.environ.get("REDIS_URL")), "connections": args.connections,
               "workers": args.workers, "threads": args.threads, "seconds": args.seconds, "endpoints": {}}
    try:
        wait_ready(args.port, "/healthz", app_proc)
        wait_ready(args.bare_port, "/positions", bare_proc)
        print(f"database {results['database']}; {ids['students']:,} students; gunicorn {args.workers} workers × "
              f"{args.threads} threads; {args.connections} connections; load average {load_average()}")
        sessions, login_times = {}, []
        for role in ROLES:
            client, seconds = login(args.port, f"c01-{role}", args.password)
            sessions[role] = client.cookies
            login_times.append(seconds)
        tok = Client(args.port)
        status, _l, body = tok.request("POST", "/api/v1/tokens", json.dumps(
            {"username": "c01-admin", "password": args.password}).encode(), {"Content-Type": "application/json"})
        if status != 201:
            raise SystemExit(f"token: {status} {body[:200]!r}")
        token = json.loads(body)["token"]
        print(f"signed in as {', '.join('c01-' + r for r in ROLES)}: {', '.join(f'{t * 1000:.0f}' for t in login_times)} ms")

        # The province summary and one consortium's year page, timed once cold (after start-up, the figure
        # cache empty) and once warm.
        province, _t = login(args.port, "province", args.password)
        for label, client, path in (("/stats/province (province admin)", province, "/stats/province"),
                                    ("/stats/year (c01-admin)", Client(args.port, cookies=sessions["admin"]), "/stats/year")):
            timings = []
            for _ in range(2):
                t0 = time.perf_counter()
                status, _l, _b = client.get(path)
                timings.append((status, time.perf_counter() - t0))
            results.setdefault("single", {})[label] = timings
            print(f"{label}: cold {timings[0][1] * 1000:.0f} ms (HTTP {timings[0][0]}), warm {timings[1][1] * 1000:.0f} ms")

        def make_client(role):
            if role == "bare":
                return Client(args.bare_port)
            if role == "token":
                return Client(args.port, token=token)
            return Client(args.port, cookies=sessions.get(role))

        endpoints = [(label, role, path.format(**ids), cls) for label, role, path, cls in ENDPOINTS]
        if args.only:
            wanted = {w.strip() for w in args.only.split(",")}
            endpoints = [e for e in endpoints if e[0] in wanted]

        def alone(label, role, path, seconds):
            tally = Tally()
            wall = drive(make_client, lambda i, n: (label, role, path), seconds, args.connections, tally)
            lat = tally.lat.get(label, [])
            return {"requests": len(lat), "rps": len(lat) / wall, "p50": pct(lat, 50) * 1000,
                    "p95": pct(lat, 95) * 1000, "p99": pct(lat, 99) * 1000, "errors": tally.err.get(label, 0),
                    "error_example": tally.examples.get(label, "")}

        # Warm every page once (first-request costs: templates, catalogues, the figure cache).
        for label, role, path, _cls in endpoints:
            hit(make_client(role), path)
        hit(make_client("bare"), "/positions")

        bare = []
        if not args.soak:
            bare.append(alone("bare list", "bare", "/positions", args.seconds))
            print(f"bare list: {bare[0]['rps']:.0f} req/s, p99 {bare[0]['p99']:.1f} ms (load average {load_average()})")
            for label, role, path, cls in endpoints:
                r = alone(label, role, path, args.seconds)
                r["class"] = cls
                r["load"] = load_average()
                results["endpoints"][label] = r
                print(f"  {label:24} {r['rps']:7.1f} req/s  p99 {r['p99']:7.1f} ms  errors {r['errors']}  "
                      f"(load {r['load']})")

        # The mix, with background work and sampling.
        mix_seconds = args.soak or args.seconds
        background = {}

        def start_background():
            admin = make_client("admin")
            if rq_proc is not None:
                _s, _l, page = admin.get("/matching/")
                status, location, _b = admin.post_form("/matching/", {"kind": "internship", "mode": "stable",
                                                                      "csrf_token": csrf_of(page)})
                background["round"] = location if status == 302 else f"refused: {status}"
            t0 = time.perf_counter()
            status, _l, data = admin.get("/stats/download/xlsx")
            background["export"] = f"{status}, {len(data):,} bytes, {time.perf_counter() - t0:.1f} s"

        bg = threading.Thread(target=start_background, daemon=True)
        mix = [(label, role, path) for label, role, path, _cls in endpoints if label != "/healthz"]
        mix_tally = Tally()
        login_every = 50

        def pick(i, n):
            if n % login_every == login_every - 1:
                return ("login", "login", "/login")
            return mix[(i + n) % len(mix)]

        def make_mix_client(role):
            return Client(args.port) if role == "login" else make_client(role)

        samples = []
        pids = worker_pids(app_proc.pid)
        stop = threading.Event()

        def sampler():
            while not stop.is_set():
                current = worker_pids(app_proc.pid)
                with mix_tally.lock:
                    errors = sum(mix_tally.err.values())
                    done = sum(len(v) for v in mix_tally.lat.values())
                samples.append({"t": round(time.perf_counter() - t_mix, 1), "rss_mb": [round(rss_mb(p), 1) for p in current],
                                "db_connections": db_connections(url, current), "requests": done, "errors": errors,
                                "load": load_average()})
                stop.wait(args.sample)

        # Logins in the mix: a fresh client signs in (GET the form, POST it) as the student.
        def mix_hit(client, path):
            if path != "/login":
                return hit(client, path)
            try:
                _s, _l, page = client.get("/login")
                status, location, _b = client.post_form("/login", {"username": "c01-student", "password": args.password,
                                                                    "csrf_token": csrf_of(page)})
                client.cookies.clear()
                return status == 302 and "/login" not in location, f"{status} {location}"
            except Exception as exc:  # noqa: BLE001
                return False, str(exc)

        t_mix = time.perf_counter()
        sample_thread = threading.Thread(target=sampler, daemon=True)
        sample_thread.start()
        bg.start()
        wall = drive(make_mix_client, pick, mix_seconds, args.connections, mix_tally, mix_hit)
        stop.set()
        sample_thread.join()
        bg.join(timeout=120)
        current = worker_pids(app_proc.pid)
        samples.append({"t": round(time.perf_counter() - t_mix, 1), "rss_mb": [round(rss_mb(p), 1) for p in current],
                        "db_connections": db_connections(url, current), "load": load_average()})
        if rq_proc is not None and "/matching/" in str(background.get("round", "")):
            # A fresh sign-in: after a long soak the first session has passed its idle timeout.
            admin, _t = login(args.port, "c01-admin", args.password)
            round_path = urllib.parse.urlparse(background["round"]).path
            deadline = time.time() + 300
            state = ""
            while time.time() < deadline:
                status, _l, body = admin.get(round_path + "/status")
                try:
                    state = json.loads(body).get("status", "")
                except ValueError:
                    state = f"HTTP {status}"
                if state in ("finished", "failed"):
                    break
                time.sleep(2)
            background["round_status"] = state
        total = sum(len(v) for v in mix_tally.lat.values())
        errors = sum(mix_tally.err.values())
        all_lat = [x for v in mix_tally.lat.values() for x in v]
        results["mix"] = {"seconds": round(wall, 1), "requests": total, "rps": total / wall, "errors": errors,
                          "p50": pct(all_lat, 50) * 1000, "p95": pct(all_lat, 95) * 1000, "p99": pct(all_lat, 99) * 1000,
                          "per_endpoint": {k: {"n": len(v), "p50": pct(v, 50) * 1000, "p99": pct(v, 99) * 1000,
                                               "errors": mix_tally.err.get(k, 0)} for k, v in mix_tally.lat.items()},
                          "error_examples": mix_tally.examples, "background": background, "samples": samples}
        if not args.soak:
            bare.append(alone("bare list", "bare", "/positions", args.seconds))
            results["bare"] = bare

        # ---- the report ----
        print()
        if bare:
            base = sum(b["rps"] for b in bare) / len(bare)
            print(f"bare Flask + Flask-SQLAlchemy list: {bare[0]['rps']:.0f} and {bare[-1]['rps']:.0f} req/s (mean {base:.0f}); "
                  f"p50/p95/p99 {bare[0]['p50']:.1f}/{bare[0]['p95']:.1f}/{bare[0]['p99']:.1f} ms")
            print(f"{'endpoint':24} {'req/s':>8} {'of bare':>8} {'p50':>7} {'p95':>7} {'p99':>7} {'errors':>7}  target")
            for label, r in results["endpoints"].items():
                r["ratio"] = r["rps"] / base if base else 0
                share, p99_max = TARGETS.get(r["class"], (None, None))
                verdict = []
                if share is not None:
                    verdict.append(f"≥{share:.0%} {'met' if r['ratio'] >= share else 'NOT met'}")
                if p99_max is not None:
                    verdict.append(f"p99≤{p99_max} {'met' if r['p99'] <= p99_max else 'NOT met'}")
                if r["errors"]:
                    verdict.append("ERRORS")
                print(f"{label:24} {r['rps']:8.1f} {r['ratio']:8.1%} {r['p50']:7.1f} {r['p95']:7.1f} {r['p99']:7.1f} "
                      f"{r['errors'] / max(1, r['requests']):7.2%}  {'; '.join(verdict)}")
        m = results["mix"]
        print(f"mix: {m['requests']:,} requests in {m['seconds']} s = {m['rps']:.1f} req/s; p50/p95/p99 "
              f"{m['p50']:.1f}/{m['p95']:.1f}/{m['p99']:.1f} ms; errors {m['errors']} ({m['errors'] / max(1, m['requests']):.2%})")
        for label, e in m["error_examples"].items():
            print(f"  error example {label}: {e}")
        print(f"background: {background or 'none'}")
        first, last = samples[0], samples[-1]
        growth = [(b / a - 1) if a else 0 for a, b in zip(first["rss_mb"], last["rss_mb"])]
        print(f"workers' RSS MB: start {first['rss_mb']} → end {last['rss_mb']} "
              f"(growth {', '.join(f'{g:+.1%}' for g in growth)}); db connections {first['db_connections']} → "
              f"{last['db_connections']} (max {max(s['db_connections'] for s in samples)}); load average {last['load']}")
        if len(samples) > 2:
            # The first interval fills the caches (templates, catalogues, compiled SQL, the figure cache):
            # growth after it is what would leak.
            warm = samples[1]
            later = [(b / a - 1) if a else 0 for a, b in zip(warm["rss_mb"], last["rss_mb"])]
            print(f"  after the first {warm['t']} s: {warm['rss_mb']} → {last['rss_mb']} "
                  f"(growth {', '.join(f'{g:+.1%}' for g in later)})")
        for sample in samples:
            print(f"  t={sample['t']:>7} s  RSS {sample['rss_mb']}  db connections {sample['db_connections']}  "
                  f"requests {sample.get('requests', '')}  errors {sample.get('errors', '')}  load {sample['load']}")
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=1, default=str))
    finally:
        for proc in procs:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
