"""The annual report as an editable Word file, built with python-docx from the same ReportContext as the PDF
and the preview, in the same order and with the same headings.

    to_docx(context) -> bytes

Accessible by construction: Word's own Title and Heading 1-3 styles (so the navigation pane and the
accessibility checker work), real tables whose first row is a header row repeated on each page, the coverage
chart as a PNG with alternative text followed by the same figures in a table, and the document's title,
author, subject and language (en-GB, also on the Normal style) set. No fields, macros, links or external
resources: evidence links are text, as in the PDF.
"""

from __future__ import annotations

import io
from functools import lru_cache

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml.etree import SubElement

from ..scoring.bands import coverage_colour
from .context import ReportContext

LANGUAGE = "en-GB"
FONT_FOLDER = "/usr/share/fonts/truetype/dejavu/"
GREY = RGBColor(0x50, 0x5A, 0x5F)
_P, _PPR, _PSTYLE, _KEEP_NEXT = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:keepNext")
_R, _RPR, _B, _COLOR, _BR, _T = qn("w:r"), qn("w:rPr"), qn("w:b"), qn("w:color"), qn("w:br"), qn("w:t")
_VAL, _SPACE = qn("w:val"), qn("xml:space")


# ---- small helpers -----------------------------------------------------------------------------------


def _set_language(document) -> None:
    """en-GB on the Normal style (spell check and screen readers) and in the core properties."""
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)
    document.core_properties.language = LANGUAGE


# Styles by id, set on the XML directly: python-docx looks a style up by name by scanning every style in the
# file, which took four fifths of the time to build the demo report.
STYLE_IDS = {
    None: None,
    "Title": "Title",
    1: "Heading1",
    2: "Heading2",
    3: "Heading3",
    "List Bullet": "ListBullet",
    "List Paragraph": "ListParagraph",
}


def _run(paragraph, text: str, *, bold: bool = False, muted: bool = False) -> None:
    run = SubElement(paragraph, _R)
    if bold or muted:
        rpr = SubElement(run, _RPR)
        if bold:
            SubElement(rpr, _B)
        if muted:
            SubElement(rpr, _COLOR).set(_VAL, "505A5F")
    for number, line in enumerate(text.split("\n")):
        if number:
            SubElement(run, _BR)
        t = SubElement(run, _T)
        t.text = line
        t.set(_SPACE, "preserve")


def _p(
    parent,
    text: str = "",
    *,
    bold_lead: str = "",
    style=None,
    muted: bool = False,
    bold: bool = False,
    keep_with_next: bool = False,
):
    """A paragraph added to the body before its section properties (or, when `parent` is a table cell's
    paragraph, that paragraph). Built as XML directly: python-docx's element classes check the schema
    order on every child they add, which took a third of the time."""
    if parent.tag == _P:
        paragraph = parent
    else:
        paragraph = parent.makeelement(_P)
        parent.insert(len(parent) - 1, paragraph)  # the body's last child is its w:sectPr
    style_id = STYLE_IDS.get(style, style)
    if style_id or keep_with_next:
        ppr = SubElement(paragraph, _PPR)
        if style_id:
            SubElement(ppr, _PSTYLE).set(_VAL, style_id)
        if keep_with_next:
            SubElement(ppr, _KEEP_NEXT)
    if bold_lead:
        _run(paragraph, bold_lead, bold=True)
    if text:
        _run(paragraph, text, bold=bold, muted=muted)
    return paragraph


def _para(document, text: str = "", **options):
    """A paragraph at the end of the document's body: _p with the body as its parent."""
    return _p(document.element.body, text, **options)


def _heading(document, text: str, level) -> None:
    _para(document, text, style=level, keep_with_next=True)


def _header_row(table) -> None:
    """Mark the first row as the table's header row: repeated on each page and read as headers."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    table._tbl.tr_lst[0].get_or_add_trPr().append(header)


def _table(document, headers: tuple[str, ...], rows, caption: str = "", widths: tuple[float, ...] = ()):
    """A table with a header row; `rows` are tuples of cell text. The caption is a bold paragraph above it
    (Word's Caption style would number it, which the PDF does not)."""
    if caption:
        _para(document, bold_lead=caption, keep_with_next=True)
    rows = list(rows)
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table._tbl.tblPr.style = "TableGrid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    trs = table._tbl.tr_lst
    for number, (tr, values) in enumerate(zip(trs, [headers, *rows], strict=True)):
        for tc, text, width in zip(tr.tc_lst, values, widths or (None,) * len(values), strict=True):
            _p(tc.p_lst[0], str(text), bold=number == 0)
            if width:
                tc.width = Mm(width)
    _header_row(table)
    _para(document)
    return table


def _items(document, items, detail_label: str = "", numbered: bool = True) -> None:
    for number, item in enumerate(items, start=1):
        lead = f"{number}. " if numbered else ""
        _para(
            document, f"{lead}{item.text} ({item.section})", style="List Paragraph" if not numbered else None
        )
        if item.detail:
            _para(document, f"{detail_label}: {item.detail}" if detail_label else item.detail, muted=True)


@lru_cache(maxsize=4)
def _font(size: int):
    from PIL import ImageFont

    try:
        return ImageFont.truetype(FONT_FOLDER + "DejaVuSans.ttf", size)
    except OSError:  # no DejaVu: Pillow's own font still draws the labels
        return ImageFont.load_default()


def chart_png(sections) -> bytes:
    """The coverage chart as a PNG: a bar per applicable section, in the results page's colours."""
    from PIL import Image, ImageDraw

    scale, label_width, bar_width, row_height = 2, 300, 330, 26
    height = len(sections) * row_height + 26
    image = Image.new("RGB", ((label_width + bar_width + 70) * scale, height * scale), "white")
    draw = ImageDraw.Draw(image)
    font = _font(11 * scale)
    for mark in (0, 50, 80, 100):
        x = (label_width + bar_width * mark / 100) * scale
        draw.line([(x, 0), (x, (height - 20) * scale)], fill="#b1b4b6", width=scale)
        draw.text((x, (height - 6) * scale), f"{mark}%", fill="#505a5f", font=font, anchor="ms")
    for index, section in enumerate(sections):
        y = (index * row_height + 4) * scale
        title = section.title if len(section.title) <= 46 else section.title[:45] + "…"
        draw.text(((label_width - 8) * scale, y + 13 * scale), title, fill="#0b0c0c", font=font, anchor="rs")
        if section.coverage_rounded is None:
            draw.text(
                ((label_width + 6) * scale, y + 13 * scale),
                "not applicable",
                fill="#505a5f",
                font=font,
                anchor="ls",
            )
            continue
        width = max(bar_width * section.coverage_rounded / 100, 1) * scale
        draw.rectangle(
            [label_width * scale, y, label_width * scale + width, y + (row_height - 9) * scale],
            fill=coverage_colour(section.coverage_rounded),
        )
        draw.text(
            (label_width * scale + width + 6 * scale, y + 13 * scale),
            section.coverage_text,
            fill="#0b0c0c",
            font=font,
            anchor="ls",
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=1)
    return out.getvalue()


def _picture(document, png: bytes, alt_text: str, title: str) -> None:
    document.add_picture(io.BytesIO(png), width=Mm(170))
    doc_pr = document.inline_shapes[-1]._inline.docPr
    doc_pr.set("descr", alt_text)
    doc_pr.set("title", title)


# ---- the document --------------------------------------------------------------------------------------


def to_docx(report: ReportContext) -> bytes:
    document = Document()
    _set_language(document)
    properties = document.core_properties
    properties.title = report.title
    properties.author = report.provider_name
    properties.subject = f"Annual Prevent duty self-assessment report, {report.version_label}"
    properties.keywords = "Prevent duty; self-assessment; governing body"
    properties.comments = "Generated by selfassess"
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(18)
    section.header.paragraphs[0].text = (
        f"{report.provider_name} · Prevent duty self-assessment {report.year}"
        + (" · DRAFT" if report.is_draft else "")
    )
    section.footer.paragraphs[0].text = (
        "CONFIDENTIAL – governors’ version, exact figures"
        if report.is_confidential
        else "Publishable version – small numbers withheld"
    )
    document.styles["Normal"].font.size = Pt(10)

    _cover(document, report)
    _summary(document, report)
    _assurance_map(document, report)
    _narrative(document, report)
    _risks(document, report)
    _data_return(document, report)
    _action_plan(document, report)
    _changes(document, report)
    _declaration(document, report)
    _appendices(document, report)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _cover(document, report: ReportContext) -> None:
    cover = report.cover
    meeting = cover.meeting if cover else "governing body"
    _para(
        document,
        f"Paper to the {meeting}" + (f", {cover.meeting_date}" if cover and cover.meeting_date else ""),
        muted=True,
    )
    _heading(document, f"Prevent duty self-assessment {report.year}", "Title")
    _para(document, f"{report.provider_name} (UKPRN {report.ukprn})")
    if cover:
        _para(document, bold_lead=cover.confidentiality)
    rows = [
        (
            "Purpose",
            "The annual Prevent duty self-assessment, accountability statements and data return "
            f"for {report.reporting_period}.",
        )
    ]
    if cover:
        rows += [
            (f"The {meeting} is asked to", cover.recommendation),
            ("Author", cover.author),
            ("Executive sponsor", cover.sponsor),
        ]
    rows += [("Status", report.status_label), ("Version", report.version_label)]
    if report.is_draft:
        rows.append(("Generated on", report.generated_on))
    else:
        rows += [
            ("Approved by the governing body", report.sign_off.approved_on),
            ("Submitted", report.sign_off.submitted_on),
        ]
    _table(document, ("Item", "Detail"), rows, "About this paper", (60, 114))
    if cover and cover.route:
        _table(
            document,
            ("Considered by", "Date"),
            [(r.label, r.value) for r in cover.route],
            "Committee route",
            (114, 60),
        )
    if report.is_draft:
        _para(
            document,
            "It has not yet been approved by the governing body and may change before it is signed off.",
            bold_lead="This is a draft. ",
        )
    revision = f" ({report.framework_revision})" if report.framework_revision else ""
    _para(
        document,
        "The figures and bands in this paper come from the provider's own answers to the question set "
        f"“{report.framework_title}”{revision}. They are not a judgement by the Office for Students "
        "or any other regulator.",
        muted=True,
    )


def _summary(document, report: ReportContext) -> None:
    document.add_page_break()
    _heading(document, "Executive summary", 1)
    _para(
        document,
        f"This paper sets out {report.provider_name}'s self-assessment of its arrangements under the "
        f"Prevent duty for {report.year}, the accountability statements the governing body is asked to "
        "make, and the annual data return. Questions are weighted for a provider of this size and "
        "kind, so the figures describe how far the arrangements that apply here are in place.",
    )
    _para(document, report.coverage_text, bold_lead="Overall coverage: ")
    _para(document, f"{report.band}. {report.band_description}", bold_lead="Band: ")
    _para(
        document,
        f"{report.completeness_text} of the questions that apply have been answered "
        f"({report.questions_answered} of {report.questions_applicable}), across "
        f"{report.sections_applicable} of the {report.sections_total} sections of the framework.",
        bold_lead="Completeness: ",
    )
    if report.questions_unanswered:
        plural = "s are" if report.questions_unanswered != 1 else " is"
        _para(
            document,
            f"{report.questions_unanswered} question{plural} not yet answered. Unanswered questions "
            "score nothing, but they are not gaps: they are shown as not yet answered in Appendix A.",
        )
    if report.core_unmet:
        _heading(document, "Core expectations holding the band back", 2)
        _para(
            document,
            "Core expectations are the parts of the duty a governing body needs to be assured of "
            "whatever else is in place. One not met holds the band at ‘Developing’ at most, two or more "
            "at ‘Early stage’; ‘Partly’ counts as not met.",
        )
        _items(document, report.core_unmet, "Why it matters and what to do")
    _heading(document, "Coverage by section", 2)
    sections = report.applicable_sections
    alt = (
        "Bar chart of coverage by section: "
        + "; ".join(f"{s.title} {s.coverage_text}" for s in sections)
        + ". The same figures are in the table that follows."
    )
    _picture(document, chart_png(sections), alt, "Coverage by section")
    _table(
        document,
        ("Section", "Coverage", "Answered", "Band"),
        [(s.title, s.coverage_text, s.completeness_text, s.band) for s in report.sections],
        "Coverage, completeness and band by section",
        (80, 28, 28, 38),
    )
    _heading(document, "Main strengths", 2)
    if report.strengths:
        _para(document, "Questions fully met, with the provider's own evidence.")
        _items(document, report.strengths, numbered=False)
    else:
        _para(document, "No question is fully met yet.")
    _heading(document, "Priority gaps", 2)
    if report.priority_gaps:
        _para(
            document,
            "Answered questions that fall short and weigh most for a provider of this kind. The action "
            "plan lists what is being done about them.",
        )
        _items(document, report.priority_gaps, "Recommended action")
    else:
        _para(document, "No answered question falls short.")


def _assurance_map(document, report: ReportContext) -> None:
    _heading(document, "Assurance map", 1)
    _para(
        document,
        "Each statement the governing body is asked to make, with the evidence this year's "
        "self-assessment holds for it.",
    )
    _table(
        document,
        ("Statement", "Evidence"),
        [(f"{e.number}. {e.statement}", "\n".join(e.evidence) or "None recorded") for e in report.assurance],
        "Statements and their evidence",
        (70, 104),
    )


def _narrative(document, report: ReportContext) -> None:
    if not (report.narrative or report.commented_chapters):
        return
    _heading(document, "The year in review", 1)
    for part in report.narrative:
        _heading(document, part.title, 2)
        for paragraph in part.paragraphs:
            _para(document, paragraph)
    if report.commented_chapters:
        _heading(document, "Commentary on sections", 2)
        for chapter in report.commented_chapters:
            _para(document, f" {chapter.commentary}", bold_lead=f"{chapter.title}.")


def _risks(document, report: ReportContext) -> None:
    _heading(document, "Risk summary", 1)
    if not report.risks:
        _para(document, "No risks have been recorded for this year's risk register summary.")
        return
    _para(
        document,
        "The top Prevent risks from the risk register. Ratings are likelihood × impact, each from 1 to "
        "5, before controls (inherent) and after them (residual).",
    )
    _table(
        document,
        ("Risk", "Inherent", "Residual", "Owner", "Trend"),
        [
            (
                r.risk + (" (carried forward from last year, not yet reviewed)" if r.carried_forward else ""),
                r.inherent,
                r.residual,
                r.owner,
                r.trend,
            )
            for r in report.risks
        ],
        f"Prevent risk register summary, {report.year}",
        (58, 30, 30, 34, 22),
    )


def _data_return(document, report: ReportContext) -> None:
    _heading(document, "Annual data return", 1)
    if report.is_confidential:
        note = (
            "This is the confidential governors' version: figures are exact, including counts from 1 "
            "to 4 that "
            "could identify someone. Do not publish it; the publishable version withholds them."
        )
    else:
        note = report.withheld_note + (
            " The change is not shown where either year's figure is withheld." if report.has_previous else ""
        )
    _para(document, f"{report.data_entered} of the {report.data_total} figures have been entered. {note}")
    if report.data_warnings:
        _heading(document, "Figures to check", 2)
        for warning in report.data_warnings:
            _para(document, warning, style="List Bullet")
    for table in report.data_tables:
        if report.has_previous:
            _table(
                document,
                ("Figure", report.year, report.previous_year, "Change"),
                [(r.label, r.current, r.previous, r.change) for r in table.rows],
                table.title,
                (96, 26, 26, 26),
            )
        else:
            _table(
                document,
                ("Figure", report.year),
                [(r.label, r.current) for r in table.rows],
                table.title,
                (130, 44),
            )


def _action_plan(document, report: ReportContext) -> None:
    _heading(document, "Action plan", 1)
    _heading(document, "Actions agreed", 2)
    if report.actions:
        _table(
            document,
            ("Action", "Owner", "Due", "Status"),
            [(f"{a.title}\n{a.question} ({a.section})", a.owner, a.due, a.status) for a in report.actions],
            f"Actions in the {report.year} action plan",
            (78, 36, 34, 26),
        )
    else:
        _para(document, "No gaps have been accepted into the action plan yet.")
    _heading(document, "Gaps not yet in the action plan", 2)
    if report.remaining_gaps:
        _para(
            document,
            "These gaps have not yet been accepted as actions or set aside. Each comes with the "
            "recommended action.",
        )
        _items(document, report.remaining_gaps, "Recommended action")
    else:
        _para(document, "Every gap has been accepted into the action plan or set aside with a reason.")
    if report.dismissed_gaps:
        _heading(document, "Gaps set aside", 2)
        _items(document, report.dismissed_gaps, "Reason", numbered=False)


def _changes(document, report: ReportContext) -> None:
    _heading(document, "Changes since last year", 1)
    if not report.has_previous:
        _para(
            document,
            f"This is the first year recorded in the tool for {report.provider_name}, so there is "
            "nothing to compare with.",
        )
        return
    for sentence in report.changes_in_words:
        _para(document, sentence)
    _table(
        document,
        ("Section", report.previous_year, report.year, "Change"),
        [(s.title, s.previous_text, s.coverage_text, s.change_text) for s in report.sections],
        f"Coverage by section, {report.previous_year} and {report.year}",
        (84, 26, 26, 38),
    )
    _para(
        document,
        "Changes are in percentage points of coverage. Where fewer than 80% of a section's questions are "
        "answered it is not compared yet, because a blank answer scores nothing.",
        muted=True,
    )


def _declaration(document, report: ReportContext) -> None:
    document.add_page_break()
    _heading(document, "Declaration and sign-off", 1)
    sign_off = report.sign_off
    _para(
        document,
        "The governing body (or proprietor) is asked to make the following statements for the "
        f"reporting period {report.reporting_period}. The assurance map shows the evidence for each.",
    )
    if sign_off.statements:
        _para(document, sign_off.intro)
        for statement in sign_off.statements:
            _para(document, f"{statement.number}. {statement.text}")
            for ack in statement.acknowledged:
                _para(
                    document,
                    f"{ack.problem}. Explanation: {ack.explanation}",
                    bold_lead="Exception acknowledged: ",
                )
    else:
        _para(document, sign_off.declaration)
    if sign_off.one_person:
        _para(
            document,
            "This year was sent for sign-off and signed off by the same person: an administrator "
            "allowed one person to do both for this provider.",
        )
    blank = "To be completed"
    _table(
        document,
        ("Signed on behalf of the governing body", "Detail"),
        [
            ("Name", sign_off.name or blank),
            ("Role", sign_off.role or blank),
            ("Date approved by the governing body", sign_off.approved_on or blank),
        ],
        "Sign-off",
        (70, 104),
    )


def _appendices(document, report: ReportContext) -> None:
    document.add_page_break()
    _heading(document, "Appendix A: answers by section", 1)
    for chapter in report.chapters:
        if not chapter.applies:
            continue
        _heading(document, chapter.title, 2)
        _para(
            document,
            f"Coverage {chapter.coverage_text}, band {chapter.band}. Answered: "
            f"{chapter.completeness_text} ({chapter.answered} of {chapter.applicable} questions).",
            muted=True,
        )
        if chapter.not_started:
            _para(document, chapter.not_started_text)
            continue
        for number, entry in enumerate(chapter.questions, start=1):
            _heading(document, f"{number}. {entry.text}", 3)
            carried = " (carried forward from last year, not yet confirmed)" if entry.carried_forward else ""
            _para(document, entry.answer + carried, bold_lead="Answer: ")
            if entry.evidence:
                _para(document, entry.evidence, bold_lead="Evidence: ")
            if entry.links:
                _para(document, "; ".join(entry.links), bold_lead="Evidence links: ")

    _heading(document, "Appendix B: questions left out and why", 1)
    _para(
        document,
        f"The provider's context decides which questions apply. These were left out for "
        f"{report.provider_name} this year.",
    )
    for row in report.sections_left_out:
        _para(document, f" (whole section): {row.value}.", bold_lead=row.label)
    left_out = [c for c in report.chapters if c.left_out]
    for chapter in left_out:
        _heading(document, chapter.title, 2)
        for row in chapter.left_out:
            _para(document, f"{row.label} ({row.value})", style="List Bullet")
    if not left_out and not report.sections_left_out:
        _para(document, "Every question applies.")

    _heading(document, "Appendix C: context and proportionality", 1)
    _para(
        document,
        "The Prevent duty is applied in proportion to a provider's size, activities and risks. The "
        "provider's context below decides which questions apply and how much each one counts.",
    )
    _table(
        document,
        ("Factor", "This year"),
        [(r.label, r.value) for r in report.context_rows],
        f"The provider's context for {report.year}",
        (66, 108),
    )
    for sentence in report.proportionality or (
        "The provider's context did not change which questions apply or how much they count.",
    ):
        _para(document, sentence)

    _heading(document, "Appendix D: guidance cited", 1)
    _para(
        document,
        f"The guidance below is cited by the questions that apply to {report.provider_name} this year. "
        "Addresses are given as text.",
    )
    for number, ref in enumerate(report.references, start=1):
        _para(document, f"{number}. {ref.title}", bold=True)
        _para(document, f"{ref.url} · cited in {ref.cited_in}", muted=True)
    if not report.references:
        _para(document, "No guidance is cited by the questions that apply.")
