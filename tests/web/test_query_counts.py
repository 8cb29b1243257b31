"""No page issues more than a small fixed number of SQL statements, whatever the number of questions."""

from contextlib import contextmanager

from sqlalchemy import event

from selfassess.extensions import db
from tests.assessment_data import YEAR, framework, section_form, start_with_context

LIMIT = 12


@contextmanager
def counting(app):
    with app.app_context():
        engine = db.engine
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_assessment_pages_use_a_small_fixed_number_of_queries(app, editor_client, provider_ukprn):
    profile = start_with_context(editor_client, provider_ukprn)
    fw = framework()
    for section in fw.sections[:3]:
        editor_client.post(
            f"/providers/{provider_ukprn}/years/{YEAR}/sections/{section.key}",
            data=section_form(fw, section.key, profile, version=0),
        )
    base = f"/providers/{provider_ukprn}/years/{YEAR}/"
    pages = [base, base + "context", base + "check-answers"] + [
        base + f"sections/{s.key}" for s in fw.sections
    ]
    counts = {}
    for path in pages:
        with counting(app) as statements:
            assert editor_client.get(path).status_code == 200, path
        counts[path] = len(statements)
    assert max(counts.values()) <= LIMIT, counts
    section_counts = {n for p, n in counts.items() if "/sections/" in p}
    assert len(section_counts) == 1, f"section pages differ in queries with their size: {counts}"


# ---- every page, on a small and on a large database ------------------------------------------------------

DEMO = "10099999"
SKIPPED = {"report.download"}  # renders a PDF in a child process: its queries are the preview's, measured
ADMIN_ENDPOINTS = ("admin.", "dashboard.index")


def _demo_world(app):
    from selfassess.extensions import db
    from selfassess.models import User
    from selfassess.services import demo

    with app.app_context():
        demo.load_demo()
        user_id = db.session.query(User.id).filter_by(email="editor@demo.ac.uk").scalar()
    fw = framework()
    clients = {}
    for who, email, password in (("approver", "approver@demo.ac.uk", "demo-approver-pass"),
                                 ("editor", "editor@demo.ac.uk", "demo-editor-pass"),
                                 ("admin", "admin@selfassess.test", "demo-admin-pass!")):
        client = app.test_client()
        assert client.post("/login", data={"email": email, "password": password}).status_code == 302
        clients[who] = client
    samples = {"ukprn": DEMO, "user_id": user_id, "year": YEAR, "section_key": fw.sections[0].key,
               "question_key": next(q for q in fw.sections[0].questions if q.scored).key, "number": 1,
               "register": "events", "entry_id": 1, "key": "es_approved_no_conditions"}
    return clients, samples


def _visits(app, samples) -> list[tuple[str, str]]:
    from tests.web.routes import NON_PAGES, routes

    visits = []
    for route in routes(app, samples):
        if "GET" not in route.methods or route.endpoint in NON_PAGES | SKIPPED:
            continue
        admin = route.endpoint.startswith(ADMIN_ENDPOINTS)
        visits.append(("admin" if admin else "approver", route.url))
        if route.endpoint == "dashboard.index":
            visits.append(("editor", route.url))
    base = f"/providers/{DEMO}/years/"
    visits += [  # the same pages in their other states, and with their query strings
        ("approver", f"{base}2024-25/sign-off"), ("approver", f"{base}2024-25/"),
        ("approver", f"{base}2024-25/submitted/1.pdf"),
        ("approver", f"/providers/{DEMO}/compare?from=2024-25&to={YEAR}"),
        ("admin", "/admin/providers?q=Demo&page=2"), ("admin", "/admin/users?q=demo"), ("admin", "/?q=Demo"),
    ]
    return visits


def _counts(app, clients, visits) -> dict:
    counts = {}
    for who, url in visits:
        clients[who].get(url)  # warm: the first request of a client fills caches
        with counting(app) as statements:
            response = clients[who].get(url)
        assert response.status_code < 500, (url, response.status_code)
        counts[(who, url)] = len(statements)
    return counts


def _save_count(app, client, version: int) -> int:
    fw = framework()
    section = fw.sections[0]
    with app.app_context():
        from selfassess.services.demo_answers import demo_profile

        form = section_form(fw, section.key, demo_profile(fw), version=version,
                            overrides={f"evidence__{section.questions[0].key}": f"Note {version}"})
    with counting(app) as statements:
        response = client.post(f"/providers/{DEMO}/years/{YEAR}/sections/{section.key}", data=form)
    assert response.status_code == 302, response.status_code
    return len(statements)


def test_no_page_issues_more_queries_on_a_large_database_than_on_a_small_one(app):
    """A page's queries are bounded by its provider (or a page of a list): other providers' years, users and
    audit trail may grow without bound and no page reads more rows, or issues more statements, for it."""
    from selfassess import bench_data
    from selfassess.extensions import db
    from selfassess.models import TaskState

    clients, samples = _demo_world(app)
    visits = _visits(app, samples)
    with app.app_context():
        version = db.session.query(TaskState.version).filter(
            TaskState.task_key == samples["section_key"]).order_by(TaskState.id.desc()).limit(1).scalar()
    small = _counts(app, clients, visits)
    small_save = _save_count(app, clients["editor"], version)
    with app.app_context():
        bench_data.build(30, 3, progress_line=lambda _line: None)  # 60 more users, 90 submitted years
        db.session.remove()
    large = _counts(app, clients, visits)
    large_save = _save_count(app, clients["editor"], version + 1)
    grew = {key: (small[key], large[key]) for key in small if small[key] != large[key]}
    assert not grew, f"pages whose number of queries grew with the database (small, large): {grew}"
    assert small_save == large_save
    assert len(visits) > 25  # the URL map was walked, not an empty list
