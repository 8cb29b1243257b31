"""Browser tests: Debian's Chromium driven by Playwright against the real app on a free local port."""

import logging
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from selfassess import create_app
from selfassess.extensions import db

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-test` (apt package chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


class LiveServer(str):
    """The server's base URL, carrying the app so tests can add their own data."""

    app = None

    def add_provider_with_editor(self, ukprn: str, email: str, password: str = "browser-test-pass") -> None:
        from selfassess.services import accounts, providers

        with self.app.app_context():
            providers.create_provider(f"Browser Test College {ukprn}", ukprn)
            accounts.create_user(email, "Browser Tester", password, provider_ukprn=ukprn, role="editor")
            db.session.remove()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app as users get it (CSRF on), with the demo data, on SQLite in a temporary folder."""
    from selfassess.services import demo, schema

    url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.sqlite'}"
    app = create_app({"SECRET_KEY": "live-test-secret-key-0123456789abcdef", "DATABASE_URL": url})
    with app.app_context():
        schema.upgrade_to_head()
        demo.load_demo()
        db.session.remove()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # keep failing tests readable
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    live = LiveServer(f"http://127.0.0.1:{server.server_port}")
    live.app = app
    yield live
    server.shutdown()


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page and return its WCAG 2.2 A/AA violations."""
    # Served from the page's own origin through a route, so the page's CSP (no inline script) still holds.
    origin = "/".join(page.url.split("/")[:3])
    page.route(
        f"{origin}/__axe__.js", lambda route: route.fulfill(path=str(AXE), content_type="text/javascript")
    )
    page.add_script_tag(url=f"{origin}/__axe__.js")
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        WCAG_TAGS,
    )


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )


def sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture(scope="session")
def nu_states() -> list[tuple[str, str]]:
    """(name, HTML) of page states met in the browser tests, for one run of the W3C Nu checker."""
    return NU_STATES


NU_STATES: list[tuple[str, str]] = []
