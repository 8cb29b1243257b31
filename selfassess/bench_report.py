"""Benchmark of the annual report: `python -m selfassess.bench_report`.

Loads the demo into a temporary SQLite database and measures, in one run on this machine:
- time to the first PDF of Demo University's 2025-26 report, cache cleared each time (median of 5): the
  whole path, context, HTML, the forked child with its limits, and the cache write;
- a bare WeasyPrint render of the same HTML in this process (median of 5), and the ratio of the two;
- a cached download through the test client (median of 5);
- the page count and the peak memory (ru_maxrss of this process and of its children).

Targets: first PDF <= 1.5 s and <= 1.3 x bare; cached <= 50 ms; peak <= 300 MB.
"""

from __future__ import annotations

import io
import resource
import statistics
import tempfile
import time
from pathlib import Path

RUNS = 5
UKPRN, YEAR = "10099999", "2025-26"
TARGETS = {"first_pdf_s": 1.5, "ratio_to_bare": 1.3, "cached_ms": 50.0, "peak_mb": 300.0}


def _median_seconds(func, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(runs: int = RUNS) -> dict:
    from pypdf import PdfReader

    from . import create_app
    from .report import render
    from .report.cache import PdfCache
    from .services import demo, reports, schema

    with tempfile.TemporaryDirectory() as folder:
        cache_dir = Path(folder) / "report-cache"
        app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40, "WTF_CSRF_ENABLED": False,
                          "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite",
                          "REPORT_CACHE_DIR": str(cache_dir)})
        with app.app_context():
            schema.upgrade_to_head()
            demo.load_demo()
            cache = PdfCache(cache_dir)

            def first_pdf():
                cache.clear()
                _, pdf, from_cache = reports.operator_report_pdf(UKPRN, YEAR)
                assert not from_cache
                return pdf

            pdf = first_pdf()  # warm: imports, fonts and templates, as a running server has them
            first = _median_seconds(first_pdf, runs)
            context = reports.operator_report_context(UKPRN, YEAR)
            html = render.render_html(context)
            bare = _median_seconds(lambda: render.bare_pdf(html, app.static_folder, title=context.title,
                                                           author=context.provider_name), runs)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)

        client = app.test_client()
        assert client.post("/login", data={"email": "viewer@demo.ac.uk",
                                           "password": "demo-viewer-pass"}).status_code == 302
        url = f"/providers/{UKPRN}/years/{YEAR}/report.pdf"
        assert client.get(url).status_code == 200  # fills the cache

        def cached_download():
            response = client.get(url)
            assert response.status_code == 200 and response.headers["X-Report-Cache"] == "hit"

        cached = _median_seconds(cached_download, runs)
        with app.app_context():
            from .extensions import db

            db.engine.dispose()

    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak_kb = self_kb + children_kb
    result = {
        "first_pdf_s": round(first, 3),
        "bare_weasyprint_s": round(bare, 3),
        "ratio_to_bare": round(first / bare, 2),
        "cached_ms": round(cached * 1000, 1),
        "pages": pages,
        "pdf_bytes": len(pdf),
        "peak_mb": round(peak_kb / 1024, 1),  # this process (including the bare renders) + the largest child
        "child_peak_mb": round(children_kb / 1024, 1),  # the render child alone: what a web worker adds
    }
    result["meets_targets"] = {key: result[key] <= limit for key, limit in TARGETS.items()}
    return result


def main() -> None:
    result = run()
    print("Annual report benchmark (Demo University 2025-26, median of 5)")
    print(f"  time to first PDF      {result['first_pdf_s']:.3f} s   (target <= {TARGETS['first_pdf_s']} s)")
    print(f"  bare WeasyPrint render {result['bare_weasyprint_s']:.3f} s")
    print(f"  ratio to bare          {result['ratio_to_bare']:.2f}      "
          f"(target <= {TARGETS['ratio_to_bare']})")
    print(f"  cached download        {result['cached_ms']:.1f} ms  (target <= {TARGETS['cached_ms']:g} ms)")
    print(f"  pages                  {result['pages']}")
    print(f"  peak memory            {result['peak_mb']:.1f} MB  (target <= {TARGETS['peak_mb']:g} MB; "
          f"self + children)")
    print(f"  render child peak      {result['child_peak_mb']:.1f} MB")
    missed = [key for key, ok in result["meets_targets"].items() if not ok]
    print("  all targets met" if not missed else f"  targets missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
