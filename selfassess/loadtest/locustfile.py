"""The load test's users (run by selfassess/loadtest/run.py through locust, headless, on loopback).

Each simulated person is the editor of their own provider (made by bench_data with a complete draft year), so
saves never conflict and every acknowledged save can be checked afterwards. The mix, by weight:
80 page views (task list, a section, results, check answers, reporting years, compare), 15 saves of a
section, 5 PDF downloads of the draft report (a cache miss after each of the person's own saves, a hit
otherwise), and a few /healthz requests as the bare-route baseline. LOAD_PDF_WEIGHT=0 takes the
downloads out (page views take their place) to measure page views without concurrent renders.

Results (figures per kind of request, 5xx count, the last acknowledged save of every person) are written as
JSON to $LOAD_RESULT when the run stops.
"""

import itertools
import json
import os
import re

from locust import HttpUser, between, constant, events, task

from selfassess.bench_data import BENCH_PASSWORD, FIRST_UKPRN
from selfassess.loadtest.scenario import PREVIOUS, YEAR, applicable_sections, section_fields

FIRST = int(os.environ.get("LOAD_FIRST_UKPRN", FIRST_UKPRN + 1))
PDF_WEIGHT = int(os.environ.get("LOAD_PDF_WEIGHT", "5"))
WAIT_MAX = float(os.environ.get("LOAD_WAIT_MAX", "0"))  # 0: no think time, as the measurements
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(r'name="version"[^>]*value="(\d+)"')

_numbers = itertools.count()
saved: dict[str, dict[str, str]] = {}  # ukprn -> question key -> the evidence note last acknowledged
server_errors = {"count": 0, "examples": []}

SECTIONS = applicable_sections()


@events.request.add_listener
def _count_server_errors(request_type, name, response_time, response_length, response=None, exception=None,
                         **_kwargs):
    status = getattr(response, "status_code", 0) or 0
    if status >= 500:
        server_errors["count"] += 1
        if len(server_errors["examples"]) < 5:
            server_errors["examples"].append(f"{status} {request_type} {getattr(response, 'url', name)}")


@events.test_stop.add_listener
def _write_results(environment, **_kwargs):
    path = os.environ.get("LOAD_RESULT")
    if not path:
        return
    stats = environment.stats
    kinds = {}
    for entry in stats.entries.values():
        kinds[entry.name] = {
            "requests": entry.num_requests, "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5), "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99), "rps": entry.total_rps,
        }
    total = stats.total
    result = {
        "total": {"requests": total.num_requests, "failures": total.num_failures, "rps": total.total_rps,
                  "p50": total.get_response_time_percentile(0.5),
                  "p95": total.get_response_time_percentile(0.95),
                  "p99": total.get_response_time_percentile(0.99)},
        "kinds": kinds,
        "errors": [f"{e.method} {e.name}: {e.error} ×{e.occurrences}" for e in stats.errors.values()],
        "server_errors": server_errors,
        "saved": saved,
    }
    with open(path, "w", encoding="utf-8") as out:
        json.dump(result, out)


class ProviderLead(HttpUser):
    wait_time = between(0, WAIT_MAX) if WAIT_MAX > 0 else constant(0)

    def on_start(self):
        number = next(_numbers)
        self.ukprn = str(FIRST + number)
        self.base = f"/providers/{self.ukprn}/years/{YEAR}/"
        self.saves = 0
        login = self.client.get("/login", name="sign-in")
        token = CSRF.search(login.text).group(1)
        with self.client.post("/login", name="sign-in", allow_redirects=False, catch_response=True, data={
                "csrf_token": token, "email": f"editor@{self.ukprn}.bench.ac.uk", "password": BENCH_PASSWORD,
        }) as response:
            if response.status_code != 302:
                response.failure(f"sign-in refused: {response.status_code}")

    def _view(self, path: str):
        with self.client.get(path, name="view", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {path}")

    @task(20)
    def task_list(self):
        self._view(self.base)

    @task(20)
    def section_page(self):
        section = SECTIONS[self.saves % len(SECTIONS)]
        self._view(self.base + f"sections/{section.key}")

    @task(15)
    def results(self):
        self._view(self.base + "results")

    @task(10)
    def check_answers(self):
        self._view(self.base + "check-answers")

    @task(10)
    def years(self):
        self._view(f"/providers/{self.ukprn}/years/")

    @task(5)
    def compare(self):
        self._view(f"/providers/{self.ukprn}/compare?from={PREVIOUS}&to={YEAR}")

    @task(15)
    def save(self):
        section = SECTIONS[self.saves % len(SECTIONS)]
        url = self.base + f"sections/{section.key}"
        page = self.client.get(url, name="view")
        token, version = CSRF.search(page.text), VERSION.search(page.text)
        if not token or not version:
            return
        self.saves += 1
        note = f"Load test note {self.ukprn} #{self.saves}"
        data, key = section_fields(section, note)
        data.update({"csrf_token": token.group(1), "version": version.group(1)})
        with self.client.post(url, data=data, name="save", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code == 302:
                saved.setdefault(self.ukprn, {})[key] = note
            else:
                response.failure(f"save answered {response.status_code}")

    @task(PDF_WEIGHT or 5)
    def pdf(self):
        if not PDF_WEIGHT:  # the run without renders: a page view in the download's place
            return self.task_list()
        with self.client.get(self.base + "report.pdf", name="pdf", catch_response=True) as response:
            if response.status_code != 200 or not response.content.startswith(b"%PDF"):
                response.failure(f"PDF answered {response.status_code}")

    @task(8)  # enough samples for the baseline's p95; not part of the 80/15/5 mix of pages
    def healthz(self):
        self.client.get("/healthz", name="healthz")
