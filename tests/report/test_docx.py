"""The Word copy: the same report as the PDF, read back with python-docx (headings, tables with header rows,
the chart's alternative text, title, author and language), opened by LibreOffice, downloaded and written by
the CLI, and for a submitted year built from what was signed off."""

import io
import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from selfassess.personal_data import findings
from selfassess.report.docx import to_docx
from selfassess.services import demo
from tests.conftest import page
from tests.report.conftest import DEMO_UKPRN, flat, pdf_pages

URL = f"/providers/{DEMO_UKPRN}/years/2025-26"


@pytest.fixture(scope="module")
def word(demo_pdfs):
    """Each demo year's Word file, built from the same context as its PDF, read back."""
    result = {}
    for year in ("2025-26", "2024-25"):
        data = to_docx(demo_pdfs[year]["context"])
        result[year] = {"bytes": data, "doc": Document(io.BytesIO(data))}
    return result


def headings(doc, level):
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.header.paragraphs + section.footer.paragraphs)
    return flat(" ".join(parts))


def test_word_headings_use_real_styles_and_match_the_pdf(word, demo_pdfs):
    doc = word["2025-26"]["doc"]
    report = demo_pdfs["2025-26"]["context"]
    titles = [p.text for p in doc.paragraphs if p.style.name == "Title"]
    assert titles == ["Prevent duty self-assessment 2025-26"]
    top = headings(doc, 1)
    assert top == ["Executive summary", "Assurance map", "The year in review", "Risk summary",
                   "Annual data return", "Action plan", "Changes since last year", "Declaration and sign-off",
                   "Appendix A: answers by section", "Appendix B: questions left out and why",
                   "Appendix C: context and proportionality", "Appendix D: guidance cited"]
    pdf_text = flat(" ".join(demo_pdfs["2025-26"]["pages"]))
    for title in top + headings(doc, 2):
        assert flat(title) in pdf_text, f"{title!r} is in the Word file but not in the PDF"
    sections = [c.title for c in report.chapters if c.applies]
    assert all(title in headings(doc, 2) for title in sections)
    questions = headings(doc, 3)
    listed = [c for c in report.chapters if c.applies and not c.not_started]
    assert len(questions) == sum(len(c.questions) for c in listed)  # a section not started is a sentence
    assert any(c.not_started for c in report.chapters if c.applies)
    for chapter in report.chapters:
        if chapter.applies and chapter.not_started:
            assert flat(chapter.not_started_text) in flat(" ".join(p.text for p in doc.paragraphs))


def test_every_table_has_a_header_row_and_the_data_return_is_all_there(word, demo_pdfs):
    doc = word["2025-26"]["doc"]
    report = demo_pdfs["2025-26"]["context"]
    assert len(doc.tables) >= 5 + len(report.data_tables)
    for table in doc.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        assert all(cell.text for cell in table.rows[0].cells[:1])
    texts = [[cell.text for cell in table.rows[0].cells] for table in doc.tables]
    assert ["Figure", "2025-26", "2024-25", "Change"] in texts
    assert ["Risk", "Inherent", "Residual", "Owner", "Trend"] in texts
    rows = {table.rows[i].cells[0].text: [c.text for c in table.rows[i].cells]
            for table in doc.tables for i in range(1, len(table.rows))}
    for table in report.data_tables:
        for row in table.rows:
            assert rows[row.label][1] == row.current


def test_the_chart_is_an_image_with_alternative_text_and_the_figures_follow_in_a_table(word, demo_pdfs):
    doc = word["2025-26"]["doc"]
    report = demo_pdfs["2025-26"]["context"]
    assert len(doc.inline_shapes) == 1
    described = doc.inline_shapes[0]._inline.docPr.get("descr")
    for section in report.applicable_sections:
        assert f"{section.title} {section.coverage_text}" in described
    header_rows = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["Section", "Coverage", "Answered", "Band"] in header_rows


def test_title_author_and_language_are_set(word):
    doc = word["2025-26"]["doc"]
    assert doc.core_properties.title == "Prevent duty self-assessment 2025-26: Demo University"
    assert doc.core_properties.author == "Demo University"
    assert doc.core_properties.language == "en-GB"
    lang = doc.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"


def test_no_personal_data_beyond_what_was_entered_and_no_links_or_macros(word):
    for year in ("2025-26", "2024-25"):
        doc, data = word[year]["doc"], word[year]["bytes"]
        assert findings(all_text(doc)) == (), year
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert not any(name.endswith((".bin", "vbaProject.bin")) for name in names)
        body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        assert "w:hyperlink" not in body and "@demo.ac.uk" not in body


def test_the_board_paper_parts_are_in_the_word_file(word, demo_pdfs):
    text = all_text(word["2025-26"]["doc"])
    report = demo_pdfs["2025-26"]["context"]
    assert "Paper to the Council, 25 November 2026" in text
    assert "Prevent working group 7 October 2026" in text
    assert flat(report.strengths[0].detail) in text
    assert flat(report.changes_in_words[0]) in text
    assert report.risks[0].risk in text and "DRAFT" in text


def test_a_submitted_years_word_file_says_what_its_stored_pdf_says(word, demo_pdfs):
    text = all_text(word["2024-25"]["doc"])
    report = demo_pdfs["2024-25"]["context"]
    stored = flat(" ".join(demo_pdfs["2024-25"]["pages"]))  # the PDF stored at sign-off
    assert report.status == "submitted" and "DRAFT" not in text
    for line in ("Dr Morgan Reed", "Chair of Council", report.sign_off.approved_on,
                 report.sign_off.submitted_on, report.generated_on):
        assert line and flat(line) in text
    assert report.generated_on == report.sign_off.submitted_on  # dated by its submission, not today
    for title in headings(word["2024-25"]["doc"], 1):
        if not title.startswith(("Appendix", "Assurance map", "The year in review", "Risk summary")):
            assert flat(title) in stored or title == "Declaration and sign-off", title
    for statement in report.sign_off.statements:
        for ack in statement.acknowledged:
            assert flat(ack.explanation)[:60] in text and flat(ack.explanation)[:60] in stored


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice is not installed (make test installs it)")
def test_libreoffice_opens_the_word_file_and_converts_it_to_pdf(word, tmp_path):
    source = tmp_path / "report.docx"
    source.write_bytes(word["2025-26"]["bytes"])
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)], capture_output=True, timeout=240)
    converted = tmp_path / "report.pdf"
    assert converted.exists(), result.stderr.decode()[-500:]
    text = flat(" ".join(pdf_pages(converted.read_bytes())))
    for heading in headings(word["2025-26"]["doc"], 1):
        assert flat(heading) in text
    assert "Demo University" in text and len(pdf_pages(converted.read_bytes())) > 5


@pytest.fixture
def demo_app(app):
    with app.app_context():
        demo.load_demo()
    return app


def test_the_download_and_the_cli_give_the_word_file(demo_app, tmp_path):
    client = demo_app.test_client()
    assert client.post("/login", data={"email": "viewer@demo.ac.uk",
                                       "password": "demo-viewer-pass"}).status_code == 302
    preview = page(client.get(f"{URL}/report"))
    link = preview.find("a", id="download-docx")
    assert link["href"] == f"{URL}/report.docx?version=confidential"
    first = client.get(link["href"])
    assert first.status_code == 200
    assert first.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert first.headers["Content-Disposition"] == \
        'attachment; filename="prevent-self-assessment-10099999-2025-26-draft.docx"'
    assert first.headers["X-Report-Cache"] == "miss"
    second = client.get(link["href"])
    assert second.headers["X-Report-Cache"] == "hit" and second.data == first.data
    publishable = client.get(f"{URL}/report.docx?version=publishable")
    assert publishable.headers["Content-Disposition"].endswith('-2025-26-draft-publishable.docx"')
    assert "fewer than 5" in all_text(Document(io.BytesIO(publishable.data)))
    assert client.get(f"{URL}/report.docx?version=other").status_code == 404

    out = tmp_path / "report.docx"
    result = demo_app.test_cli_runner().invoke(args=[
        "render-report", "--ukprn", DEMO_UKPRN, "--year", "2025-26", "--out", str(out), "--format", "docx"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == first.data
    bad = demo_app.test_cli_runner().invoke(args=[
        "render-report", "--ukprn", DEMO_UKPRN, "--year", "2025-26", "--out", str(out), "--format", "odt"])
    lines = [line for line in bad.output.splitlines() if line.strip()]
    assert bad.exit_code == 1 and lines == ["Error: --format must be pdf or docx, not 'odt'"]
