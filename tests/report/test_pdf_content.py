"""What a governing body reads: the demo provider's report, extracted from the PDF as text."""

import io
import re
import subprocess
import sys

from pypdf import PdfReader

from selfassess.framework import get_framework
from selfassess.services.demo_answers import DEMO_DATA_RETURN
from tests.report.conftest import embedded_files, flat

# The chapters that open a page; the others run on (a page each left half of them near empty).
CHAPTERS = ("Executive summary", "Declaration and sign-off")
RUN_ON = ("Assurance map", "The year in review", "Risk summary", "Annual data return", "Action plan",
          "Changes since last year", "Appendix B: questions left out and why",
          "Appendix C: context and proportionality", "Appendix D: guidance cited")


def test_the_draft_names_the_provider_year_status_and_every_section(demo_pdfs):
    report = demo_pdfs["2025-26"]
    text = flat(" ".join(report["pages"]))
    assert "Demo University" in text and "10099999" in text
    assert "Prevent duty self-assessment 2025-26" in text
    assert "Status In progress" in text
    for section in get_framework("2025-26").sections:
        assert section.title in text, section.title
    assert report["filename"] == "prevent-self-assessment-10099999-2025-26-draft.pdf"
    assert demo_pdfs["2024-25"]["filename"] == "prevent-self-assessment-10099999-2024-25.pdf"


def test_answers_and_evidence_appear_as_they_were_given(demo_pdfs):
    report = demo_pdfs["2025-26"]
    text = flat(" ".join(report["pages"]))
    answered = [q for chapter in report["context"].chapters for q in chapter.questions if q.answered]
    assert len(answered) > 20
    for entry in (answered[0], answered[-1]):
        assert flat(entry.text) in text
        assert flat(entry.answer)[:80] in text
        if entry.evidence:
            assert flat(entry.evidence)[:80] in text


def _row(pdf, label):
    lines = [line for page in pdf["layout"] for line in page.splitlines()]
    return next(line for line in lines if line.strip().startswith(label[:30]))


def test_the_publishable_version_withholds_small_counts_and_the_totals_that_would_give_them_back(demo_pdfs):
    framework = get_framework("2025-26")
    publishable = demo_pdfs["2025-26-publishable"]
    values = DEMO_DATA_RETURN["2025-26"]

    def row(key):
        item = next(i for i in (*framework.data_fields(), *framework.data_totals()) if i.key == key)
        return _row(publishable, item.label)

    assert "421" in row("es_approved_no_conditions")
    assert values["es_approved_conditions_prevent"] == 4
    small = row("es_approved_conditions_prevent")
    assert "withheld" in small and not re.search(r"\b4\b", small.split(framework.data_field(
        "es_approved_conditions_prevent").label[:30])[1])
    assert "withheld" in row("es_approved_total")  # 450 - 421 - 25 would give the 4 back
    # last year's figure and the change sit beside this year's
    assert "388" in row("es_approved_no_conditions") and "+33" in row("es_approved_no_conditions")
    assert all("Publishable version: small numbers withheld" in flat(page) for page in publishable["pages"])
    assert publishable["filename"].endswith("-publishable.pdf")


def test_the_confidential_version_prints_exact_figures_and_is_marked_on_every_page(demo_pdfs):
    framework = get_framework("2025-26")
    label = framework.data_field("es_approved_conditions_prevent").label
    assert re.search(r"\b4\b", _row(demo_pdfs["2025-26"], label).split(label[:30])[1])
    for year in ("2025-26", "2024-25"):
        assert all("Confidential: governors' version with exact figures" in flat(page)
                   for page in demo_pdfs[year]["pages"])


def test_draft_is_marked_on_every_page_and_a_submitted_year_on_none(demo_pdfs):
    draft = demo_pdfs["2025-26"]["pages"]
    submitted = demo_pdfs["2024-25"]["pages"]
    assert len(draft) > 10 and len(submitted) > 10
    assert all("DRAFT" in page for page in draft)
    assert not any("DRAFT" in page for page in submitted)
    assert "Status Submitted" in flat(" ".join(submitted))


def test_every_page_has_the_running_header_and_page_x_of_y(demo_pdfs):
    pages = demo_pdfs["2025-26"]["pages"]
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    for page in pages[1:]:
        assert "Demo University · Prevent duty self-assessment 2025-26" in page


def test_the_contents_page_numbers_are_where_the_chapters_start(demo_pdfs):
    pages = demo_pdfs["2025-26"]["layout"]
    contents = next(i for i, page in enumerate(pages) if "Contents" in page.splitlines()[:6].__str__())
    entries = {}
    for line in pages[contents].splitlines():
        match = re.match(r"^\s*(\S.*?)\s{2,}(\d+)\s*$", line)
        if match:
            entries[match.group(1)] = int(match.group(2))

    def headings_on(number):  # the page's text, joined: a long heading may wrap onto two lines
        return flat(pages[number - 1])

    expected = [*CHAPTERS, *RUN_ON, *(s.title for s in get_framework("2025-26").sections)]
    for title in expected:
        assert title in entries, f"{title} is not in the contents"
        number = entries[title]
        assert title in headings_on(number), f"{title}: the contents say page {number}, where it is not"
        if title in CHAPTERS and number - 1 != contents + 1:  # not the contents page, which names them all
            assert title not in headings_on(number - 1), f"{title} starts before page {number}"
    for title in CHAPTERS:  # the main chapters open a page
        top = [line.strip() for line in pages[entries[title] - 1].splitlines() if line.strip()][:4]
        assert title in top, f"{title} does not open page {entries[title]}"


def test_the_pdf_is_tagged_with_title_language_author_and_embedded_fonts(demo_pdfs):
    pdf = demo_pdfs["2025-26"]["pdf"]
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Prevent duty self-assessment 2025-26: Demo University"
    assert reader.metadata.author == "Demo University"
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]).startswith("en")
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    font_rows = fonts.splitlines()[2:]
    assert font_rows and all(" yes " in row for row in font_rows), fonts  # every font embedded
    assert "DejaVu" in fonts


def test_each_tagged_element_points_at_the_page_its_content_is_on(demo_pdfs):
    """The render child works out pydyf's page references once per page count (render._page_references):
    every structure element that marks a page's content must still name that page."""
    reader = PdfReader(io.BytesIO(demo_pdfs["2025-26"]["pdf"]))
    nums = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"].get_object()["/Nums"]
    by_key = dict(zip(nums[::2], nums[1::2], strict=True))
    checked = set()
    for page in reader.pages:
        elements = by_key[page["/StructParents"]].get_object()
        assert len(elements) > 0
        for element in elements:
            assert element.get_object().raw_get("/Pg").idnum == page.indirect_reference.idnum
        checked.add(page.indirect_reference.idnum)
    assert len(checked) == len(reader.pages) > 20


def test_the_summary_has_a_chart_with_a_text_alternative_and_the_same_figures_in_a_table(demo_pdfs):
    report = demo_pdfs["2025-26"]
    text = flat(" ".join(report["pages"]))
    assert "Text alternative:" in text
    assert "Coverage, completeness and band by section" in text
    first = report["context"].sections[0]
    assert f"{first.title} {first.coverage_text}" in text
    assert report["context"].coverage_text in text


def test_changes_since_last_year_and_sign_off_block(demo_pdfs):
    report = demo_pdfs["2025-26"]
    text = flat(" ".join(report["pages"]))
    assert "Coverage by section, 2024-25 and 2025-26" in text
    assert re.search(r"(up|down) [\d.]+ points?|no change", text)
    # a section not answered yet scores 0%: it is not shown as a fall from last year
    unanswered = [s for s in report["context"].sections if s.completeness_text == "0%"]
    assert unanswered and all(s.change_text == "not yet comparable" for s in unanswered)
    assert f"{unanswered[0].title} {unanswered[0].previous_text} 0% not yet comparable" in text
    assert flat(get_framework("2025-26").declaration_intro)[:120] in text
    assert "2. the Prevent risk assessment was reviewed and refreshed" in text
    assert "Date approved by the governing body" in text
    first_year = flat(" ".join(demo_pdfs["2024-25"]["pages"]))
    assert "This is the first year recorded in the tool" in first_year
    # the submitted year: its cover gives the approval and submission dates, its declaration the exceptions
    # the approver explained
    cover = flat(demo_pdfs["2024-25"]["pages"][0])
    assert "Approved by the governing body 26 November 2025" in cover and "Submitted " in cover
    assert "Generated on" not in cover
    assert "Exception acknowledged" in first_year and "Explanation:" in first_year


def test_the_appendix_lists_the_guidance_cited_as_text(demo_pdfs):
    report = demo_pdfs["2025-26"]
    references = report["context"].references
    assert references
    text = flat(" ".join(report["pages"]))
    for ref in references[:3]:
        assert flat(ref.title)[:60] in text


def test_no_attachments_and_no_links_out_of_the_document(demo_pdfs):
    pdf = demo_pdfs["2025-26"]["pdf"]
    assert embedded_files(pdf).startswith("0 embedded files")
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        for annotation in page.get("/Annots") or ():
            action = annotation.get_object().get("/A")
            assert action is None or action.get("/S") != "/URI", "evidence links must be text, not links"


def test_the_pdf_opens_without_warnings(demo_pdfs, caplog):
    for year in ("2025-26", "2024-25"):
        pdf = demo_pdfs[year]["pdf"]
        for tool in (["pdfinfo", "-"], ["pdftotext", "-", "-"], ["pdffonts", "-"]):
            done = subprocess.run(tool, input=pdf, capture_output=True)
            assert done.returncode == 0 and done.stderr == b"", (year, tool, done.stderr[:300])
        with caplog.at_level("WARNING", logger="pypdf"):
            reader = PdfReader(io.BytesIO(pdf), strict=True)  # strict: any defect raises
            assert all(page.extract_text() for page in reader.pages)
        assert not caplog.records, [r.getMessage() for r in caplog.records]


def test_weasyprint_accepts_every_rule_and_fetch_of_the_report(app, demo_pdfs, caplog):
    from selfassess.report import render

    with app.app_context():
        html = render.render_html(demo_pdfs["2025-26"]["context"])
    with caplog.at_level("WARNING", logger="weasyprint"):
        assert render.bare_pdf(html, app.static_folder).startswith(b"%PDF")
    assert not caplog.records, [r.getMessage() for r in caplog.records]  # no ignored CSS, no refused URL


def test_the_report_user_agent_stylesheet_drops_only_the_six_unused_pseudo_element_rules():
    # The renders use WeasyPrint's own stylesheet without its ::marker, ::footnote-* and ::note-* rules
    # (each matched every element). If a WeasyPrint upgrade renames them, this says so.
    from weasyprint import html as weasyprint_html

    from selfassess.report import render

    removed = render._UNUSED_UA_RULES.findall(weasyprint_html.UA)
    assert len(removed) == 6
    trimmed = render._UNUSED_UA_RULES.sub("", weasyprint_html.UA)
    assert "::marker" not in trimmed and "::footnote-call" not in trimmed and "::note-" not in trimmed
    assert len(weasyprint_html.UA) - len(trimmed) == sum(len(rule) for rule in removed)
    assert "display: table" in trimmed and "thead" in trimmed  # the rest of the stylesheet is all there


def test_loading_the_renderer_logs_no_weasyprint_warning():
    # Each worker loads it at start; the report's own user-agent stylesheet once re-registered WeasyPrint's
    # counter styles and logged "Invalid counter style name" twice per start.
    result = subprocess.run([sys.executable, "-c", "import selfassess.report.render"], capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "counter style" not in result.stderr and "WARN" not in result.stderr, result.stderr
