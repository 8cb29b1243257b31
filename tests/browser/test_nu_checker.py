"""The W3C Nu HTML checker (vnu-jar from npm, run once over every page state: it is slow to start) finds no
error: duplicate ids, misnested markup, bad ARIA. Skipped only when there is no Java (`make test` installs
default-jre-headless)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import sign_in

VNU = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
DEMO = "/providers/10099999"
PAGES = {
    ("editor@demo.ac.uk", "demo-editor-pass"): [
        "/", f"{DEMO}/years/", f"{DEMO}/years/2025-26/", f"{DEMO}/years/2025-26/context",
        f"{DEMO}/years/2025-26/data-return", f"{DEMO}/years/2025-26/check-answers",
        f"{DEMO}/years/2025-26/results", f"{DEMO}/years/2025-26/action-plan", f"{DEMO}/years/2025-26/report",
        f"{DEMO}/years/2025-26/sign-off", f"{DEMO}/years/2025-26/import", f"{DEMO}/years/2024-25/sign-off",
        f"{DEMO}/compare?from=2024-25&to=2025-26", "/account/email-notifications", "/accessibility",
    ],
    ("approver@demo.ac.uk", "demo-approver-pass"): ["/", f"{DEMO}/years/2025-26/"],
    ("viewer@demo.ac.uk", "demo-viewer-pass"): [f"{DEMO}/years/2025-26/data-return"],
    ("admin@selfassess.test", "demo-admin-pass!"): ["/admin/", f"{DEMO}/years/2024-25/sign-off"],
}


def first_section(page, live_server) -> str:
    page.goto(f"{live_server}{DEMO}/years/2025-26/")
    return page.locator("a[href*='/sections/']").first.get_attribute("href")


@pytest.mark.skipif(shutil.which("java") is None, reason="no Java: `make system-test` installs it")
def test_the_nu_checker_finds_no_error_on_any_page_state(browser, live_server, nu_states, tmp_path):
    states = list(nu_states)  # the states the other browser tests met, when they ran first
    for (email, password), paths in PAGES.items():
        page = browser.new_context().new_page()
        sign_in(page, live_server, email, password)
        if email.startswith("editor"):
            paths = [*paths, first_section(page, live_server)]
        for path in paths:
            response = page.goto(f"{live_server}{path}")
            assert response.status == 200, path
            states.append((f"{email} {path}", page.content()))
        page.context.close()
    names = {}
    for number, (name, html) in enumerate(states):
        target = tmp_path / f"state-{number:03d}.html"
        target.write_text(html)
        names[target.name] = name
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--stdout",
                             *(str(tmp_path / file) for file in names)], capture_output=True, text=True,
                            timeout=300)
    messages = json.loads(result.stdout or "{}").get("messages", [])
    errors = [m for m in messages if m.get("type") == "error"]
    assert not errors, f"{len(errors)} Nu checker error(s) over {len(states)} page states:\n" + "\n".join(
        describe_error(m, names) for m in errors)


def describe_error(message: dict, names: dict) -> str:
    where = names.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url"))
    extract = re.sub(r"\s+", " ", message.get("extract", ""))[:120]
    return f"{where} line {message.get('lastLine')}: {message['message']} [{extract}]"
