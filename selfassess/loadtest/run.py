"""`make load`: a bounded load test of the real server (gunicorn) on loopback; then no save may be lost.

    python -m selfassess.loadtest.run --database-url URL [--users 32] [--seconds 60] [--workers 5] [--think 0]
                                      [--no-renders] [--label NAME]

1. Prepares the database: migrations, then one provider per simulated user (an editor, a submitted 2024-25
   and a complete 2025-26 draft, shaped as the app writes them; selfassess/bench_data.py).
2. Starts gunicorn on 127.0.0.1 (a free port) with the production command line from the README.
3. Runs locust headless (selfassess/loadtest/locustfile.py): the users start together and run for the
   given time with no think time; the mix is 80 % page views, 15 % saves, 5 % PDF downloads.
4. Stops gunicorn, checks every acknowledged save is in the database, prints requests/s, p50/p95/p99 per kind
   of request, errors and 5xx; exits 1 on any 5xx, failed request or lost save.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

VENV_BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
SECRET = "load-test-secret-key-" + "x" * 40


def prepare(database_url: str, providers: int) -> int:
    """A fresh database with `providers` load-test providers; returns the first one's UKPRN."""
    from sqlalchemy import text

    from .. import bench_data, create_app
    from ..extensions import db
    from ..services import schema

    app = create_app({"SECRET_KEY": SECRET, "DATABASE_URL": database_url})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        schema.upgrade_to_head()
        bench_data.build(providers, 2, draft_current=True, progress_line=lambda _line: None)
        first = db.session.execute(text("SELECT min(ukprn) FROM provider")).scalar_one()
        db.session.remove()
        db.engine.dispose()
    return int(first)


def warm_up(port: int, ukprn: int, workers: int) -> float:
    """Every kind of request a few times per worker before the clock starts: a worker's first requests load
    the question frameworks, compile templates and start WeasyPrint, which a running service has long done.
    Uses a provider of its own (the last one), so the measured people's data is untouched."""
    import re

    import requests

    from ..bench_data import BENCH_PASSWORD

    start = time.monotonic()
    base = f"http://127.0.0.1:{port}"
    session = requests.Session()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', session.get(base + "/login").text).group(1)
    session.post(base + "/login", data={"csrf_token": token, "email": f"editor@{ukprn}.bench.ac.uk",
                                        "password": BENCH_PASSWORD}, allow_redirects=False)
    year = f"/providers/{ukprn}/years/2025-26/"
    paths = [year, year + "results", year + "check-answers", f"/providers/{ukprn}/years/",
             f"/providers/{ukprn}/compare?from=2024-25&to=2025-26", year + "report.pdf"]
    paths += [f"{year}sections/{key}" for key in _section_keys()]
    for _ in range(workers * 2):
        for path in paths:
            session.get(base + path, timeout=120)
    return time.monotonic() - start


def _section_keys() -> list[str]:
    from ..framework import get_framework

    return [s.key for s in get_framework("2025-26").sections]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(database_url: str, port: int, workers: int, cache_dir: str, log) -> subprocess.Popen:
    env = dict(os.environ, SELFASSESS_DATABASE_URL=database_url, SELFASSESS_SECRET_KEY=SECRET,
               SELFASSESS_REPORT_CACHE_DIR=cache_dir,
               # Every download of the test is a person's own, at a pace no person keeps up: the per-provider
               # render limit would answer most of them 429 and hide the cost being measured.
               SELFASSESS_REPORT_RENDERS_PER_MINUTE="100000")
    server = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, fixed arguments
        [str(VENV_BIN / "gunicorn"), "--workers", str(workers), "--timeout", "60",
         "--bind", f"127.0.0.1:{port}", "selfassess:create_app()"],
        env=env, stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    time.sleep(2)  # the other workers finish importing the app before the clock starts
                    return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise SystemExit("Error: gunicorn did not answer /healthz within 60 s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # the process group this run started: gunicorn and its workers
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run_locust(port: int, users: int, seconds: int, first_ukprn: int, renders: bool, result: Path,
               log, think: float = 0.0) -> None:
    env = dict(os.environ, LOAD_RESULT=str(result), LOAD_FIRST_UKPRN=str(first_ukprn),
               LOAD_PDF_WEIGHT="5" if renders else "0", LOAD_WAIT_MAX=str(think))
    subprocess.run(  # noqa: S603 - our own venv's locust, fixed arguments
        [str(VENV_BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "--users", str(users),
         "--spawn-rate", str(users), "--run-time", f"{seconds}s", "--host", f"http://127.0.0.1:{port}",
         "--stop-timeout", "30", "--only-summary", "--loglevel", "WARNING"],
        env=env, stdout=log, stderr=log, check=False)


def lost_saves(database_url: str, saved: dict) -> list[str]:
    """Every save locust saw acknowledged (302) must be what the database holds now."""
    from sqlalchemy import text

    from .. import create_app
    from ..extensions import db

    app = create_app({"SECRET_KEY": SECRET, "DATABASE_URL": database_url})
    lost = []
    with app.app_context():
        for ukprn, notes in saved.items():
            for key, note in notes.items():
                stored = db.session.execute(text(
                    "SELECT a.evidence_note FROM answer a JOIN assessment s ON s.id = a.assessment_id "
                    "JOIN provider p ON p.id = s.provider_id "
                    "WHERE p.ukprn = :u AND s.year = '2025-26' AND a.question_key = :k"),
                    {"u": ukprn, "k": key}).scalar()
                if stored != note:
                    lost.append(f"{ukprn} {key}: expected {note!r}, found {stored!r}")
        db.engine.dispose()
    return lost


def report(label: str, result: dict, lost: list[str], saves: int) -> bool:
    total = result["total"]
    print(f"  {label}: {total['requests']} requests, {total['rps']:.1f} requests/s, "
          f"p50 {total['p50']:.0f} ms, p95 {total['p95']:.0f} ms, p99 {total['p99']:.0f} ms, "
          f"{total['failures']} failed, {result['server_errors']['count']} 5xx")
    for name, k in sorted(result["kinds"].items()):
        print(f"    {name:<8} {k['requests']:>6} requests  p50 {k['p50']:>6.0f}  p95 {k['p95']:>6.0f}  "
              f"p99 {k['p99']:>6.0f} ms  {k['failures']} failed")
    for error in result["errors"][:5] + result["server_errors"]["examples"]:
        print(f"    error: {error}")
    print(f"    every acknowledged save checked in the database ({saves} answers, the last save of each): "
          f"{len(lost)} lost")
    for line in lost[:5]:
        print(f"    lost: {line}")
    return not (total["failures"] or result["server_errors"]["count"] or lost)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Bounded load test against gunicorn on loopback")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--no-renders", action="store_true", help="page views in place of PDF downloads")
    parser.add_argument("--think", type=float, default=0.0,
                        help="each person pauses between 0 and this many seconds before each request")
    parser.add_argument("--label", default=None)
    args = parser.parse_args(argv)
    if args.users < 1 or args.seconds < 1 or args.think < 0:
        print("Error: --users and --seconds must be at least 1, and --think 0 or more")
        return 1
    first = prepare(args.database_url, args.users + 1)  # the last one is for warming up
    renders = not args.no_renders
    pause = f"pauses of 0-{args.think:g} s" if args.think else "no pause"
    label = args.label or (f"{args.users} users, {args.seconds} s, {pause}, "
                           f"{'with' if renders else 'without'} PDF downloads")
    with tempfile.TemporaryDirectory() as tmp:
        log_path = Path(tmp) / "load.log"
        with open(log_path, "w") as log:
            cache = str(Path(tmp) / "cache")
            server = start_gunicorn(args.database_url, free_port(), args.workers, cache, log)
            port = int(server.args[server.args.index("--bind") + 1].rsplit(":", 1)[1])
            try:
                warm = warm_up(port, first + args.users, args.workers)
                print(f"  (server warmed up in {warm:.0f} s)")
                run_locust(port, args.users, args.seconds, first, renders, Path(tmp) / "result.json", log,
                           args.think)
            finally:
                stop(server)
        result_path = Path(tmp) / "result.json"
        if not result_path.exists():
            print("Error: locust wrote no results; its output:")
            print(log_path.read_text()[-3000:])
            return 1
        result = json.loads(result_path.read_text())
        server_log = log_path.read_text()
    saves = sum(len(v) for v in result["saved"].values())
    lost = lost_saves(args.database_url, result["saved"])
    ok = report(label, result, lost, saves)
    if os.environ.get("LOAD_SHOW_LOG"):
        print(server_log[-6000:])
    if "Traceback" in server_log:
        print("    the server logged a traceback:")
        print("\n".join("      " + line for line in server_log.split("Traceback")[1].splitlines()[:15]))
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
