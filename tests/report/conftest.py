"""Report fixtures: the demo rendered once per module, PDF text helpers, and a cache folder per session so
that identical reports in different tests are rendered once."""

import re
import subprocess

import pytest

from selfassess.extensions import db
from tests.conftest import _empty_all_tables, make_app

DEMO_UKPRN = "10099999"


@pytest.fixture(scope="session")
def report_cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("report-cache")


@pytest.fixture(autouse=True)
def _report_cache(request, report_cache_dir):
    """Point the function-scoped app (if the test uses one) at the session's report cache."""
    if "app" in request.fixturenames:
        request.getfixturevalue("app").config["REPORT_CACHE_DIR"] = str(report_cache_dir)


def pdf_pages(pdf: bytes, *, layout: bool = False) -> list[str]:
    """The text of each page, as pdftotext extracts it (invisible break opportunities removed)."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + ["-", "-"]
    text = subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode("utf-8")
    return [page.replace("\u200b", "") for page in text.split("\f")[:-1]]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u200b", "")).strip()


@pytest.fixture(scope="module")
def demo_pdfs(_migrated, report_cache_dir):
    """The demo provider's two years as PDFs (2025-26 draft, 2024-25 submitted), with their contexts."""
    app = make_app(_migrated, REPORT_CACHE_DIR=str(report_cache_dir))
    with app.app_context():
        _empty_all_tables()
        from selfassess.services import demo, reports

        demo.load_demo()
        result = {}
        for year in ("2025-26", "2024-25"):
            filename, pdf, _ = reports.operator_report_pdf(DEMO_UKPRN, year)
            result[year] = {
                "filename": filename,
                "pdf": pdf,
                "context": reports.operator_report_context(DEMO_UKPRN, year),
                "pages": pdf_pages(pdf),
                "layout": pdf_pages(pdf, layout=True),
            }
        filename, pdf, _ = reports.operator_report_pdf(DEMO_UKPRN, "2025-26", "publishable")
        result["2025-26-publishable"] = {"filename": filename, "pdf": pdf, "pages": pdf_pages(pdf),
                                         "layout": pdf_pages(pdf, layout=True)}
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()
    return result


def embedded_files(pdf: bytes) -> str:
    """`pdfdetach -list` of a PDF (it reads files only, not standard input)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf)
        listing = subprocess.run(["pdfdetach", "-list", str(path)], capture_output=True, check=True)
        return listing.stdout.decode()
