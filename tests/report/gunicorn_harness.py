"""Real gunicorn for the report's fault tests: a demo database on SQLite, a server started with the app's
SELFASSESS_* settings, a signed-in HTTP client, and the process tree as /proc shows it."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO_UKPRN, DEMO_YEAR = "10099999", "2025-26"
PDF_URL = f"/providers/{DEMO_UKPRN}/years/{DEMO_YEAR}/report.pdf"
VIEWER = ("viewer@demo.ac.uk", "demo-viewer-pass")
RENDER_LOG_LINE = "report rendered:"

GUNICORN_CONF = """
logconfig_dict = {{
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {{"plain": {{"format": "%(process)d %(name)s %(levelname)s %(message)s"}}}},
    "handlers": {{"file": {{"class": "logging.FileHandler", "filename": {log!r}, "formatter": "plain"}}}},
    "root": {{"level": "WARNING", "handlers": []}},
    "loggers": {{"selfassess.report": {{"level": "INFO", "handlers": ["file"], "propagate": False}}}},
}}
"""


def demo_database(folder: Path) -> str:
    """A SQLite file with the demo loaded, made in a fresh interpreter (this one may be on PostgreSQL)."""
    path = folder / "demo.sqlite"
    script = ("from selfassess import create_app\n"
              "from selfassess.services import demo, schema\n"
              f"app = create_app({{'TESTING': True, 'SECRET_KEY': 'x' * 40, 'DATABASE_URL': 'sqlite:///{path}'}})\n"
              "with app.app_context():\n"
              "    schema.upgrade_to_head()\n"
              "    demo.load_demo()\n")
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, capture_output=True, timeout=120)
    return f"sqlite:///{path}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def can_mount() -> bool:
    """Whether this process may make a private mount namespace (root, or CAP_SYS_ADMIN)."""
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "true"], capture_output=True)
    return probe.returncode == 0


@dataclass
class Gunicorn:
    folder: Path
    database_url: str
    port: int = field(default_factory=free_port)
    workers: int = 1
    threads: int = 1
    settings: dict = field(default_factory=dict)
    tmpfs_cache: str = ""  # mount options: the cache folder becomes a tmpfs in gunicorn's own namespace
    process: subprocess.Popen | None = None

    @property
    def cache_dir(self) -> Path:
        return self.folder / "cache"

    @property
    def log(self) -> Path:
        return self.folder / "report.log"

    def env(self) -> dict:
        env = {key: value for key, value in os.environ.items() if not key.startswith("SELFASSESS_")}
        env.update({"SELFASSESS_TESTING": "true", "SELFASSESS_SECRET_KEY": "x" * 40,
                    "SELFASSESS_DATABASE_URL": self.database_url, "SELFASSESS_WTF_CSRF_ENABLED": "false",
                    "SELFASSESS_REPORT_CACHE_DIR": str(self.cache_dir),
                    "SELFASSESS_REPORT_RENDER_SLOTS_DIR": str(self.folder / "slots")})
        env.update({f"SELFASSESS_{key}": str(value) for key, value in self.settings.items()})
        return env

    def start(self) -> Gunicorn:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.cache_dir.mkdir(exist_ok=True)
        conf = self.folder / "gunicorn.conf.py"
        conf.write_text(GUNICORN_CONF.format(log=str(self.log)))
        command = [sys.executable, "-m", "gunicorn", "--config", str(conf), "--workers", str(self.workers),
                   "--threads", str(self.threads), "--timeout", "60", "--graceful-timeout", "5",
                   "--bind", f"127.0.0.1:{self.port}", "selfassess:create_app()"]
        if self.tmpfs_cache:
            command = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                       f'mount -t tmpfs -o {self.tmpfs_cache} tmpfs "$0" && exec "$@"', str(self.cache_dir),
                       *command]
        with open(self.folder / "gunicorn.out", "ab") as out:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env(), stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited: {self.output()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer: {self.output()[-2000:]}")

    def output(self) -> str:
        path = self.folder / "gunicorn.out"
        return path.read_text(errors="replace") if path.exists() else ""

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        """SIGTERM the master and wait; then make sure nothing of this server's is left."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(15)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.process.poll() is None:
            self.process.wait(5)

    def renders(self) -> int:
        """How many renders the server's workers logged."""
        return self.log.read_text().count(RENDER_LOG_LINE) if self.log.exists() else 0

    def log_text(self) -> str:
        return self.log.read_text() if self.log.exists() else ""

    def worker_pids(self) -> list[int]:
        return children_of(self.process.pid)


class Client:
    """A signed-in viewer of the demo provider, over real HTTP."""

    def __init__(self, server: Gunicorn):
        self.server = server
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        body = urllib.parse.urlencode({"email": VIEWER[0], "password": VIEWER[1]}).encode()
        with self.opener.open(server.url("/login"), data=body, timeout=30) as response:
            assert response.status == 200 and "/login" not in response.url, "sign-in failed"

    def get(self, path: str, timeout: float = 60) -> tuple[int, dict, bytes]:
        try:
            with self.opener.open(self.server.url(path), timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


def proc_stat(pid: int) -> list[str] | None:
    """Fields of /proc/<pid>/stat after the command name (state first), or None if there is no process."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2:].split()


def children_of(pid: int, *, zombies: bool = False) -> list[int]:
    """The processes whose parent is `pid` (zombies too if asked)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = proc_stat(int(entry))
            if fields and int(fields[1]) == pid and (zombies or fields[0] != "Z"):
                found.append(int(entry))
    return found


def open_fds(pid: int) -> dict[int, str]:
    result = {}
    for name in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            result[int(name)] = os.readlink(f"/proc/{pid}/fd/{name}")
    return result


def wait_for(predicate, timeout: float, interval: float = 0.02):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)
