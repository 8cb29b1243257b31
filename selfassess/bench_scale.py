"""`make bench-scale`: every page's median on the demo database and on a sector-sized one, and their ratio.

    python -m selfassess.bench_scale [--providers 1000] [--years 10] [--runs 15] [--database-url URL]

The small database is the demo; the large one is the same demo plus N providers × Y years of complete,
submitted assessments (selfassess/bench_data.py). Every page is the demo provider's (or an administrator's)
page, so a ratio above 1 means the page reads rows that are not its provider's: the targets are 1.2× for
provider pages and 1.5× for administration pages. Query counts are printed beside the times; they must not
change with the size of the database.

Without --small-url/--large-url two temporary SQLite files are used; scripts/bench-scale.sh runs this once
on SQLite and once on two databases of a throwaway PostgreSQL cluster. Both databases are measured in
turn, run by run, so that whatever else the machine is doing falls on both alike.
"""

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event, text

DEMO = "10099999"
CURRENT, PREVIOUS = "2025-26", "2024-25"
PAGE_TARGET, ADMIN_TARGET = 1.2, 1.5


@dataclass(frozen=True)
class Page:
    label: str
    who: str  # editor | approver | admin
    path: str
    post: bool = False

    @property
    def target(self) -> float:
        return ADMIN_TARGET if self.path.startswith("/admin") or self.who == "admin" else PAGE_TARGET


def pages(section_key: str, user_id: int) -> list[Page]:
    base, prev = f"/providers/{DEMO}/years/{CURRENT}/", f"/providers/{DEMO}/years/{PREVIOUS}/"
    return [
        Page("healthz (bare route)", "editor", "/healthz"),
        Page("home", "editor", "/"),
        Page("reporting years", "editor", f"/providers/{DEMO}/years/"),
        Page("task list", "editor", base),
        Page("context", "editor", base + "context"),
        Page("section", "editor", base + f"sections/{section_key}"),
        Page("save a section", "editor", base + f"sections/{section_key}", post=True),
        Page("data return", "editor", base + "data-return"),
        Page("check answers", "editor", base + "check-answers"),
        Page("results", "editor", base + "results"),
        Page("action plan", "editor", base + "action-plan"),
        Page("compare with last year", "editor", f"/providers/{DEMO}/compare?from={PREVIOUS}&to={CURRENT}"),
        Page("report preview", "editor", base + "report"),
        Page("export (JSON)", "editor", base + "export.json"),
        Page("data return (CSV)", "editor", base + "data-return.csv"),
        Page("import form", "editor", base + "import"),
        Page("sign-off (draft)", "approver", base + "sign-off"),
        Page("sign-off (submitted)", "approver", prev + "sign-off"),
        Page("home (administrator)", "admin", "/"),
        Page("admin index", "admin", "/admin/"),
        Page("admin providers", "admin", "/admin/providers"),
        Page("admin providers search", "admin", "/admin/providers?q=Demo"),
        Page("admin users", "admin", "/admin/users"),
        Page("admin users search", "admin", "/admin/users?q=editor"),
        Page("admin new user", "admin", "/admin/users/new"),
        Page("admin user", "admin", f"/admin/users/{user_id}"),
    ]


SIGN_INS = {
    "editor": ("editor@demo.ac.uk", "demo-editor-pass"),
    "approver": ("approver@demo.ac.uk", "demo-approver-pass"),
    "admin": ("admin@selfassess.test", "demo-admin-pass!"),
}


class Site:
    """The app, its signed-in clients and a section save that changes something every time."""

    def __init__(self, app):
        from .framework import get_framework
        from .services import progress
        from .services.demo_answers import demo_profile

        self.app = app
        self.clients = {}
        for who, (email, password) in SIGN_INS.items():
            client = app.test_client()
            response = client.post("/login", data={"email": email, "password": password})
            assert response.status_code == 302, f"{who} could not sign in"
            self.clients[who] = client
        framework = get_framework(CURRENT)
        self.section = framework.sections[0]
        self.questions, _ = progress.applicable_questions(framework, self.section, demo_profile(framework))
        self.version = self._current_version()
        self.statements = 0

        def count(*_args):
            self.statements += 1

        with app.app_context():
            from .extensions import db

            event.listen(db.engine, "before_cursor_execute", count)

    def _current_version(self) -> int:
        from .extensions import db

        with self.app.app_context():
            return db.session.execute(text(
                "SELECT t.version FROM task_state t JOIN assessment a ON a.id = t.assessment_id "
                "JOIN provider p ON p.id = a.provider_id "
                "WHERE p.ukprn = :u AND a.year = :y AND t.task_key = :k"
            ), {"u": DEMO, "y": CURRENT, "k": self.section.key}).scalar_one()

    def save_form(self) -> dict:
        from .services.demo_answers import demo_answer

        data = {"version": str(self.version), "completed": "yes", "action": "later"}
        for n, question in enumerate(self.questions):
            value = demo_answer(question, n).value
            if question.type == "date":
                y, m, d = value.split("-")
                data.update({f"answer__{question.key}-day": d, f"answer__{question.key}-month": m,
                             f"answer__{question.key}-year": y})
            elif isinstance(value, list):
                data[f"answer__{question.key}"] = value
            elif value is not None:
                data[f"answer__{question.key}"] = str(value)
            data[f"evidence__{question.key}"] = f"Note {self.version}"  # a real change every time
        return data

    def hit(self, page: Page) -> None:
        client = self.clients[page.who]
        if page.post:
            response = client.post(page.path, data=self.save_form())
            assert response.status_code == 302, (page.label, response.status_code)
            self.version += 1
        else:
            response = client.get(page.path)
            assert response.status_code == 200, (page.label, response.status_code)

    def timed(self, page: Page) -> float:
        start = time.perf_counter()
        self.hit(page)
        return (time.perf_counter() - start) * 1000

    def queries(self, page: Page) -> int:
        self.hit(page)  # warm caches first: the figure is the steady state a user sees
        self.statements = 0
        self.hit(page)
        return self.statements


def measure(small: Site, large: Site, page: Page, runs: int) -> tuple[float, float, int, int]:
    """Medians on both databases, runs interleaved so that load from elsewhere on the machine falls on both
    alike (the machine is shared: absolute times drift, the ratio holds)."""
    small_queries, large_queries = small.queries(page), large.queries(page)
    small_times, large_times = [], []
    for _ in range(runs):
        small_times.append(small.timed(page))
        large_times.append(large.timed(page))
    return statistics.median(small_times), statistics.median(large_times), small_queries, large_queries


def make_app(database_url: str):
    from . import create_app

    return create_app({"TESTING": True, "SECRET_KEY": "bench-secret-key-" + "x" * 32,
                       "DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False,
                       "LOGIN_MAX_FAILURES": 10_000,
                       # The approver's and administrator's pages are timed once signed in; a second factor
                       # is a step of signing in, and without this they would only time the redirect to
                       # enrolment (the sign-off page answered 302).
                       "MFA_REQUIRED_ROLES": ""})


def prepare_demo(database_url: str):
    from .extensions import db
    from .services import demo, schema

    app = make_app(database_url)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        schema.upgrade_to_head()
        demo.load_demo()
        db.session.remove()
    return app


def demo_user_id(app) -> int:
    from .extensions import db

    with app.app_context():
        return db.session.execute(text("SELECT id FROM user_account WHERE email = 'editor@demo.ac.uk'")
                                  ).scalar_one()


def grow(app, providers: int, years: int) -> dict:
    from . import bench_data
    from .extensions import db

    with app.app_context():
        start = time.perf_counter()
        counts = bench_data.build(providers, years, progress_line=print)
        db.session.remove()
    counts["seconds"] = round(time.perf_counter() - start, 1)
    return counts


def run(small_url: str, large_url: str, providers: int, years: int, runs: int, only: str = "") -> list[dict]:
    small_app, large_app = prepare_demo(small_url), prepare_demo(large_url)
    counts = grow(large_app, providers, years)
    print(f"  built {counts['providers']} providers × {years} years: {counts['assessments']} assessments, "
          f"{counts['answers']} answers, {counts['audit']} audit events in {counts['seconds']} s")
    small, large = Site(small_app), Site(large_app)
    rows = []
    for p in pages(small.section.key, demo_user_id(small_app)):
        if only.lower() not in p.label.lower():
            continue
        assert demo_user_id(small_app) == demo_user_id(large_app)
        s_ms, l_ms, s_q, l_q = measure(small, large, p, runs)
        rows.append({"page": p.label, "small_ms": s_ms, "large_ms": l_ms, "ratio": l_ms / s_ms,
                     "small_queries": s_q, "large_queries": l_q, "target": p.target})
    return rows


def print_rows(dialect: str, rows: list[dict]) -> int:
    print(f"\n  {dialect}: medians (ms) on the demo database and with the sector-sized data")
    print(f"  {'page':<26} {'small':>8} {'large':>8} {'ratio':>6} {'target':>6} {'queries':>9}")
    over = 0
    for r in rows:
        flag = "" if r["ratio"] <= r["target"] else "  OVER"
        queries = f"{r['small_queries']}/{r['large_queries']}"
        if r["small_queries"] != r["large_queries"]:
            flag += "  QUERIES GROW"
        over += bool(flag)
        print(f"  {r['page']:<26} {r['small_ms']:8.1f} {r['large_ms']:8.1f} {r['ratio']:6.2f} "
              f"{r['target']:6.1f} {queries:>9}{flag}")
    return over


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=1000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--small-url", default=None, help="an empty database for the demo (emptied first)")
    parser.add_argument("--large-url", default=None, help="another for the large data (emptied first)")
    parser.add_argument("--only", default="", help="time only the pages whose label contains this")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        small_url = args.small_url or f"sqlite:///{Path(tmp) / 'small.sqlite'}"
        large_url = args.large_url or f"sqlite:///{Path(tmp) / 'large.sqlite'}"
        dialect = "PostgreSQL" if small_url.startswith("postgresql") else "SQLite"
        print(f"selfassess bench-scale on {dialect}: {args.providers} providers × {args.years} years")
        rows = run(small_url, large_url, args.providers, args.years, args.runs, args.only)
    over = print_rows(dialect, rows)
    print(f"\n  {over} page(s) over target" if over else "\n  every page within its target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
