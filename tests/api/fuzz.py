"""Run the schema-driven fuzzer (schemathesis) against a live server holding the demo consortium.

    .venv/bin/python -m tests.api.fuzz                      # SQLite, a fresh temporary database
    DATABASE_URL=postgresql+psycopg://…/db REDIS_URL=redis://…/6 .venv/bin/python -m tests.api.fuzz
    .venv/bin/python -m tests.api.fuzz --max-examples 50 --max-time 600   # a longer hunt

With DATABASE_URL pointing at PostgreSQL, a database named `<that name>_fuzz` is dropped and re-created.
The server is gunicorn on a free local port; the fuzzer runs once with the secretariat's token and once with an
enterprise's, every check on, a fixed seed. It prints the figures and exits non-zero on any failure.
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
ACCOUNTS = {"admin": "secretariat", "enterprise": "zhongyuan_hr"}

# A request the document calls valid may still break a business rule (an end date before the start, a full
# position): the server answers 422 with code `validation_error`, which the fuzzer accepts. A 422 with code
# `invalid_input` means the declared shape refused it, and the hooks count that as a valid request rejected.
CONFIG = """
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "401", "403", "404", "409", "422", "429"]
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database(workdir: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        return f"sqlite:///{workdir / 'fuzz.db'}"
    import psycopg

    base, name = url.rsplit("/", 1)
    name = name.split("?")[0] + "_fuzz"
    admin = base.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def _env(workdir: Path, database: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database, "CONSORTIUM_INSTANCE": str(workdir / "instance"),
           "SECRET_KEY": "fuzz-secret-key", "FLASK_APP": "wsgi", "PYTHONPATH": str(ROOT)}
    env.pop("REQUIRE_SERVICES", None)
    return env


def _flask(env, *args) -> str:
    out = subprocess.run([PYTHON, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True)
    return out.stdout


TOKENS = """
import json
from sqlalchemy import select
from consortium import create_app
from consortium.auth.models import User
from consortium.auth.services import issue_token
from consortium.extensions import db
app = create_app()
with app.app_context():
    tokens = {}
    for key, name in %r.items():
        user = db.session.scalar(select(User).where(User.username == name))
        tokens[key] = issue_token(user, user, "fuzz")
    db.session.commit()
    print(json.dumps(tokens))
"""


def prepare(workdir: Path) -> tuple[dict, dict]:
    """A fresh database with the demo consortium; returns the server's environment and the tokens."""
    env = _env(workdir, _database(workdir))
    _flask(env, "db", "upgrade")
    _flask(env, "demo", "load", "--password", "fuzz-Pass-2024")
    out = subprocess.run([PYTHON, "-c", TOKENS % ACCOUNTS], cwd=ROOT, env=env, check=True, capture_output=True,
                         text=True)
    return env, json.loads(out.stdout.strip().splitlines()[-1])


def serve(env: dict, port: int, access_log: Path, error_log: Path) -> subprocess.Popen:
    # No request-line limit: an overlong URL must reach the application (a proxy may still refuse it: 414).
    server = subprocess.Popen([PYTHON, "-m", "gunicorn", "--workers", "1", "--threads", "4", "--bind",
                               f"127.0.0.1:{port}", "--limit-request-line", "0", "--timeout", "120",
                               "--access-logfile", str(access_log), "--access-logformat", "%(s)s %(m)s %(U)s",
                               "wsgi:app"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=error_log.open("w"), text=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("the server did not start:\n" + error_log.read_text())
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("the server did not answer /healthz")


def run_fuzzer(port: int, token: str, report: Path, *, max_examples: int, max_time: int, seed: int,
               workdir: Path) -> tuple[int, dict, str]:
    """One schemathesis run; returns its exit status, the JSON report and its text output."""
    config = workdir / "schemathesis.toml"
    config.write_text(CONFIG)
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.api.fuzz_hooks", "PYTHONPATH": str(ROOT)}
    cmd = [str(Path(PYTHON).with_name("schemathesis")), "--config-file", str(config), "run",
           f"http://127.0.0.1:{port}/api/v1/openapi.json", "--checks", "all", "--seed", str(seed),
           "--max-examples", str(max_examples), "--max-time", str(max_time), "--workers", "1",
           "--header", f"Authorization: Bearer {token}", "--report", "json",
           "--report-json-path", str(report), "--warnings", "off", "--no-color"]
    result = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True, timeout=max_time * 4 + 300)
    data = json.loads(report.read_text()) if report.exists() else {}
    return result.returncode, data, result.stdout + result.stderr


def figures(report: dict, statuses: list[int]) -> dict:
    """What one run did: test cases and failures from schemathesis's report, requests and statuses from the
    server's own access log (every request the server answered, the fuzzer's extra checks included)."""
    cases = report.get("test_cases") or {}
    ops = report.get("operations") or {}
    def count(value):  # a list of groups, each with its count
        return sum(item.get("count", 1) for item in value) if isinstance(value, list) else (value or 0)

    return {"cases": cases.get("generated"), "failures": count(report.get("failures")),
            "errors": count(report.get("errors")),
            "operations_tested": ops.get("tested"), "requests": len(statuses),
            "server_errors": sum(1 for s in statuses if s >= 500),
            "statuses": dict(sorted(Counter(statuses).items()))}


def _statuses(access_log: Path, start: int) -> tuple[list[int], int]:
    lines = access_log.read_text().splitlines() if access_log.exists() else []
    return [int(line.split()[0]) for line in lines[start:] if line[:3].isdigit()], len(lines)


def fuzz(*, max_examples: int = 6, max_time: int = 150, seed: int = 19) -> list[dict]:
    """The whole run for both tokens; each result holds the role, exit status, figures and output."""
    results = []
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        workdir = Path(tmp)
        env, tokens = prepare(workdir)
        port = _free_port()
        access_log = workdir / "access.log"
        error_log = workdir / "server.log"
        server = serve(env, port, access_log, error_log)
        seen = 0
        try:
            for role, token in tokens.items():
                status, report, output = run_fuzzer(port, token, workdir / f"{role}.json",
                                                    max_examples=max_examples, max_time=max_time, seed=seed,
                                                    workdir=workdir)
                time.sleep(1)  # let the access log catch up
                statuses, seen = _statuses(access_log, seen)
                results.append({"role": role, "status": status, "report": report, "output": output,
                                "server_log": error_log.read_text()[-6000:], **figures(report, statuses)})
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-examples", type=int, default=6)
    parser.add_argument("--max-time", type=int, default=150, help="seconds per token")
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    failed = False
    for result in fuzz(max_examples=args.max_examples, max_time=args.max_time, seed=args.seed):
        print(result["output"][-6000:])
        print(f"== {result['role']}: exit {result['status']}; {result['operations_tested']} operations, "
              f"{result['cases']} test cases, {result['requests']} requests, {result['failures']} failures, "
              f"{result['errors']} errors, {result['server_errors']} responses 5xx; statuses {result['statuses']}")
        failed |= result["status"] != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
