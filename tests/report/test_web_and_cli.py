"""The report as people get it: the preview page, the download, the CLI, the cache and who may see it."""

import dataclasses
import re

import pytest

from selfassess.services import demo
from tests.conftest import page, text_of
from tests.report.conftest import DEMO_UKPRN, flat, pdf_pages

URL = f"/providers/{DEMO_UKPRN}/years/2025-26"


@pytest.fixture
def demo_app(app):
    with app.app_context():
        demo.load_demo()
    return app


def demo_client(app, email, password):
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": password}).status_code == 302
    return client


def key_lines(report) -> list[str]:
    """Lines a reader would look for, from the context: the same in the preview and in the PDF."""
    chapter = next(c for c in report.chapters if c.questions)
    answered = next(q for q in chapter.questions if q.answered)
    return [
        "Demo University", "Prevent duty self-assessment 2025-26", f"UKPRN {DEMO_UKPRN}",
        f"Overall coverage {report.coverage_text}",
        f"{report.sections[0].title} {report.sections[0].coverage_text}",
        flat(answered.text), flat(answered.answer)[:60], "exact figures",
        # exact figures in the governors' version (the default); the board paper's own parts
        report.data_tables[0].rows[0].current, "Paper to the Council", report.risks[0].risk,
        flat(report.narrative[0].paragraphs[0])[:80], flat(report.assurance[1].evidence[-1]),
        *(c.title for c in report.chapters),
    ]


def test_the_preview_and_the_cli_give_the_same_report(demo_app, tmp_path):
    viewer = demo_client(demo_app, "viewer@demo.ac.uk", "demo-viewer-pass")
    response = viewer.get(f"{URL}/report")
    assert response.status_code == 200
    soup = page(response)
    assert len(soup.find_all("h1")) == 1
    assert soup.find("a", id="download-pdf")["href"] == f"{URL}/report.pdf?version=confidential"
    assert soup.find("link", href=re.compile(r"report/report\.css"))
    assert not soup.find("style"), "the preview needs no inline style block (CSP)"
    assert not soup.select(".app-report img"), "no images in the report"
    preview = text_of(soup)

    out = tmp_path / "report.pdf"
    result = demo_app.test_cli_runner().invoke(
        args=["render-report", "--ukprn", DEMO_UKPRN, "--year", "2025-26", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out) in result.output
    pdf_text = flat(" ".join(pdf_pages(out.read_bytes())))

    with demo_app.app_context():
        from selfassess.services import reports

        report = reports.operator_report_context(DEMO_UKPRN, "2025-26")
    for line in key_lines(report):
        assert flat(line) in flat(preview.replace("\u200b", "")), f"preview lacks {line!r}"
        assert flat(line) in pdf_text, f"PDF lacks {line!r}"


def test_the_download_is_an_attachment_and_the_second_comes_from_the_cache(demo_app, tmp_path):
    demo_app.config["REPORT_CACHE_DIR"] = str(tmp_path / "fresh-cache")
    viewer = demo_client(demo_app, "viewer@demo.ac.uk", "demo-viewer-pass")
    first = viewer.get(f"{URL}/report.pdf")
    assert first.status_code == 200
    assert first.mimetype == "application/pdf"
    assert first.headers["Content-Disposition"] == \
        'attachment; filename="prevent-self-assessment-10099999-2025-26-draft.pdf"'
    assert first.headers["Cache-Control"] == "no-store"
    assert first.headers["X-Content-Type-Options"] == "nosniff"
    assert first.headers["X-Report-Cache"] == "miss"
    second = viewer.get(f"{URL}/report.pdf")
    assert second.headers["X-Report-Cache"] == "hit"
    assert second.data == first.data
    assert len(list((tmp_path / "fresh-cache").glob("*.pdf"))) == 1


def test_any_change_makes_a_new_report(demo_app):
    with demo_app.app_context():
        from selfassess.extensions import db
        from selfassess.models import Assessment
        from selfassess.services import reports

        before = reports.operator_report_context(DEMO_UKPRN, "2025-26")
        key = reports.cache_key_for(before)
        assessment = db.session.query(Assessment).filter_by(year="2025-26").one()
        assessment.data_return = {**assessment.data_return, "es_approved_no_conditions": 422}
        db.session.commit()
        after = reports.operator_report_context(DEMO_UKPRN, "2025-26")
        assert reports.cache_key_for(after) != key
        assert reports.cache_key_for(reports.operator_report_context(DEMO_UKPRN, "2025-26")) == \
            reports.cache_key_for(after)
        assert reports.cache_key_for(dataclasses.replace(before, status="awaiting_signoff")) != key


def test_a_submitted_year_has_no_draft_in_its_file_name(demo_app):
    viewer = demo_client(demo_app, "viewer@demo.ac.uk", "demo-viewer-pass")
    response = viewer.get(f"/providers/{DEMO_UKPRN}/years/2024-25/report.pdf")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="prevent-self-assessment-10099999-2024-25.pdf"'


def test_another_providers_user_gets_404(demo_app):
    outsider = demo_client(demo_app, "editor@example-college.ac.uk", "demo-college-pass")
    for url in (f"{URL}/report", f"{URL}/report.pdf", f"/providers/{DEMO_UKPRN}/years/2024-25/report.pdf"):
        response = outsider.get(url)
        assert response.status_code == 404
        assert "Demo University" not in response.get_data(as_text=True)
    assert outsider.get("/providers/10099999/years/2031-32/report").status_code == 404


def test_signed_out_people_are_sent_to_sign_in(demo_app):
    response = demo_app.test_client().get(f"{URL}/report.pdf")
    assert response.status_code == 302 and response.location.startswith("/login")


@pytest.mark.parametrize("args, message", [
    (["--ukprn", "19999999", "--year", "2025-26"], "no provider with UKPRN 19999999"),
    (["--ukprn", DEMO_UKPRN, "--year", "2031-32"], "has no 2031-32 self-assessment"),
    (["--ukprn", DEMO_UKPRN], "--year"),
])
def test_the_cli_explains_bad_arguments_in_one_line(demo_app, tmp_path, args, message):
    result = demo_app.test_cli_runner().invoke(
        args=["render-report", *args, "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:") and message in lines[0], result.output
    assert not (tmp_path / "x.pdf").exists()


def test_the_cli_says_when_it_cannot_write_the_file(demo_app, tmp_path):
    out = tmp_path / "missing-folder" / "report.pdf"
    result = demo_app.test_cli_runner().invoke(
        args=["render-report", "--ukprn", DEMO_UKPRN, "--year", "2025-26", "--out", str(out)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: could not write"), result.output


def test_an_editor_can_preview_their_own_year(app, editor_client, provider_ukprn):
    from tests.assessment_data import YEAR, start_with_context

    start_with_context(editor_client, provider_ukprn)
    response = editor_client.get(f"/providers/{provider_ukprn}/years/{YEAR}/report")
    assert response.status_code == 200
    text = text_of(response)
    assert "Test University" in text and "Not answered" in text and "DRAFT" in text
