"""Benchmark of the annual report: `python -m selfassess.bench_report`.

Two fresh processes, so neither measurement is inflated by the other:
- the pipeline: a worker that loads the demo into a temporary SQLite database and takes the time to the first
  PDF of Demo University's 2025-26 report, cache cleared each time (median of 5) - context, HTML, the forked
  child with its limits, and the cache write - then a cached download through the test client (median of 5),
  the page count, and its peak memory: the worker's own plus its largest render child's (ru_maxrss);
- a bare WeasyPrint render of the same HTML, in a process of its own (median of 5), and the ratio.

The Word copy of the same report is timed in the pipeline's process too, its cache cleared each time.

Targets: first PDF <= 1.5 s and <= 1.3 x bare; cached <= 50 ms; peak <= 300 MB; Word <= 0.5 s.
"""

from __future__ import annotations

import io
import multiprocessing
import resource
import statistics
import tempfile
import time
from pathlib import Path

RUNS = 5
UKPRN, YEAR = "10099999", "2025-26"
TARGETS = {"first_pdf_s": 1.5, "ratio_to_bare": 1.3, "cached_ms": 50.0, "peak_mb": 300.0, "first_docx_s": 0.5}


def _median_seconds(func, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _peak_mb() -> tuple[float, float]:
    """(this process's peak RSS, its largest child's peak RSS), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def pipeline(runs: int = RUNS) -> dict:
    """In a fresh process: the report as a web worker produces it."""
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
            title, author = context.title, context.provider_name

        client = app.test_client()
        assert client.post("/login", data={"email": "viewer@demo.ac.uk",
                                           "password": "demo-viewer-pass"}).status_code == 302
        url = f"/providers/{UKPRN}/years/{YEAR}/report.pdf"
        assert client.get(url).status_code == 200  # fills the cache

        def cached_download():
            response = client.get(url)
            assert response.status_code == 200 and response.headers["X-Report-Cache"] == "hit"

        cached = _median_seconds(cached_download, runs)
        static_folder = app.static_folder
        own, child = _peak_mb()  # the PDF's peak, before the Word copy's libraries are loaded

        with app.app_context():
            from .extensions import db

            def first_docx():  # the Word copy, cache cleared: context, python-docx, the chart PNG, the write
                for path in cache_dir.glob("*.docx"):
                    path.unlink()
                _, data, from_cache = reports.operator_report_docx(UKPRN, YEAR)
                assert not from_cache and data

            first_docx()
            docx_seconds = _median_seconds(first_docx, runs)
            db.engine.dispose()
    return {"first_pdf_s": first, "first_docx_s": docx_seconds, "cached_s": cached,
            "pages": len(PdfReader(io.BytesIO(pdf)).pages),
            "pdf_bytes": len(pdf), "worker_mb": own, "child_mb": child, "html": html, "title": title,
            "author": author, "static_folder": static_folder}


def bare(html: str, static_folder: str, title: str, author: str, runs: int = RUNS) -> dict:
    """In a fresh process: WeasyPrint alone on the same HTML, with the same options."""
    from .report import render

    render.bare_pdf(html, static_folder, title=title, author=author)  # warm, as the pipeline was
    seconds = _median_seconds(lambda: render.bare_pdf(html, static_folder, title=title, author=author), runs)
    return {"bare_s": seconds, "bare_mb": _peak_mb()[0]}


def _send_result(conn, func, args):
    try:
        conn.send((True, func(*args)))
    except BaseException as exc:  # noqa: BLE001 - reported by the parent
        conn.send((False, f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _in_fresh_process(func, *args):
    """func(*args) in a newly started interpreter (not a daemon: the pipeline forks render children)."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_send_result, args=(sender, func, args))
    process.start()
    sender.close()
    ok, value = receiver.recv()
    process.join()
    if not ok:
        raise RuntimeError(f"benchmark step {func.__name__} failed: {value}")
    return value


def run(runs: int = RUNS) -> dict:
    measured = _in_fresh_process(pipeline, runs)
    base = _in_fresh_process(bare, measured["html"], measured["static_folder"], measured["title"],
                             measured["author"], runs)
    result = {
        "first_pdf_s": round(measured["first_pdf_s"], 3),
        "bare_weasyprint_s": round(base["bare_s"], 3),
        "ratio_to_bare": round(measured["first_pdf_s"] / base["bare_s"], 2),
        "cached_ms": round(measured["cached_s"] * 1000, 1),
        "first_docx_s": round(measured["first_docx_s"], 3),
        "pages": measured["pages"],
        "pdf_bytes": measured["pdf_bytes"],
        # the worker at its peak plus its largest render child at its peak: what producing the report holds
        "peak_mb": round(measured["worker_mb"] + measured["child_mb"], 1),
        "worker_peak_mb": round(measured["worker_mb"], 1),
        "child_peak_mb": round(measured["child_mb"], 1),
        "bare_peak_mb": round(base["bare_mb"], 1),  # a whole process rendering in-process, for comparison
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
    print(f"  Word file              {result['first_docx_s']:.3f} s   "
          f"(target <= {TARGETS['first_docx_s']} s)")
    print(f"  pages                  {result['pages']}")
    print(f"  peak memory            {result['peak_mb']:.1f} MB  (target <= {TARGETS['peak_mb']:g} MB; "
          f"worker {result['worker_peak_mb']:.1f} + render child {result['child_peak_mb']:.1f})")
    print(f"  bare render process    {result['bare_peak_mb']:.1f} MB  "
          "(WeasyPrint in one process, for comparison)")
    print(f"  PDF size               {result['pdf_bytes'] / 1024:.0f} KB")
    missed = [key for key, ok in result["meets_targets"].items() if not ok]
    print("  all targets met" if not missed else f"  targets missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
