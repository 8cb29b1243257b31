"""The demo 2025-26 report reads as a governing-body paper: each part checked in the PDF's text."""

import re

from selfassess.framework import get_framework
from tests.report.conftest import flat


def body_and_appendices(report):
    """The page numbers (1-based) of the main body and of the appendices."""
    start = next(i for i, page in enumerate(report["pages"], start=1)
                 if "Appendix A: answers by section" in page and i > 2)
    return range(1, start), range(start, len(report["pages"]) + 1)


def test_the_cover_sheet_says_where_the_paper_goes_who_wrote_it_and_what_is_asked(demo_pdfs):
    cover = flat(demo_pdfs["2025-26"]["pages"][0])
    assert "Paper to the Council, 25 November 2026" in cover
    assert "Confidential: not for publication" in cover
    assert "The Council is asked to approve the Prevent duty accountability statements and the " \
           "annual data return in this paper for submission to the Office for Students" in cover
    assert "Committee route" in cover
    assert "Prevent working group 7 October 2026" in cover
    assert "Audit and risk committee 4 November 2026" in cover
    assert "Author Prevent lead (Head of Student Safeguarding)" in cover
    assert "Executive sponsor University Secretary" in cover


def test_the_main_body_is_about_ten_pages_with_no_near_empty_page(demo_pdfs):
    report = demo_pdfs["2025-26"]
    body, appendices = body_and_appendices(report)
    assert len(body) <= 11, f"the body runs to {len(body)} pages, cover and contents included"
    assert len(appendices) >= 5
    for number, page in enumerate(report["pages"][:-1], start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        assert len(lines) >= 20, f"page {number} is nearly empty ({len(lines)} lines)"
    order = ["Executive summary", "Assurance map", "The year in review", "Risk summary",
             "Annual data return", "Action plan", "Changes since last year", "Declaration and sign-off",
             "Appendix A: answers by section", "Appendix B: questions left out and why",
             "Appendix C: context and proportionality", "Appendix D: guidance cited"]
    text = flat(" ".join(report["pages"][2:]))  # after the contents
    position = 0
    for title in order:  # each chapter comes after the one before it
        position = text.index(title, position)


def test_the_assurance_map_ties_each_statement_to_its_evidence(demo_pdfs):
    report = demo_pdfs["2025-26"]
    body, _ = body_and_appendices(report)
    text = flat(" ".join(report["pages"][i - 1] for i in body))
    start = text.index("Assurance map Each statement")
    section = text[start:text.index("The year in review", start)]
    for statement in get_framework("2025-26").declaration_statements:
        assert flat(f"{statement.number}. {statement.text}")[:80] in section
    assert "Date the risk assessment was last reviewed: 7 October 2025" in section
    assert "Action plan: four actions agreed" in section
    assert "The date of approval is recorded at sign-off" in section


def test_the_narrative_and_risk_summary_are_printed(demo_pdfs):
    text = flat(" ".join(demo_pdfs["2025-26"]["pages"]))
    for title in ("The Prevent lead's summary", "Developments this year", "Themes from cases",
                  "Events and free speech", "Horizon scanning", "Commentary on sections"):
        assert title in text
    assert "A new Prevent lead took up post in January." in text
    assert "Prevent risk register summary, 2025-26" in text
    assert "Information shared by partners arrives late or without enough context to act on" in text
    assert "3 × 4 = 12 (medium)" in text and "Rising" in text


def test_strengths_quote_the_providers_evidence_not_the_frameworks_ideal(demo_pdfs):
    report = demo_pdfs["2025-26"]
    context = report["context"]
    framework = get_framework("2025-26")
    assert context.strengths
    for strength in context.strengths:
        assert strength.detail.startswith(("Our evidence", "Fully met")), strength.detail
    text = flat(" ".join(report["pages"]))
    summary = text[text.index("Main strengths"):text.index("Priority gaps")]
    assert "Our evidence: “" in summary
    ideals = [q.good_practice for q in framework.all_questions() if q.good_practice]
    assert ideals and not any(flat(ideal)[:60] in text for ideal in ideals)


def test_unanswered_questions_are_not_called_gaps(demo_pdfs):
    context = demo_pdfs["2025-26"]["context"]
    answered = {flat(q.text) for c in context.chapters for q in c.questions if q.answered}
    unanswered = {flat(q.text) for c in context.chapters for q in c.questions if not q.answered}
    assert unanswered, "the demo year has questions not yet answered"
    for item in (*context.priority_gaps, *context.remaining_gaps):
        assert flat(item.text) in answered, item.text
    text = flat(" ".join(demo_pdfs["2025-26"]["pages"]))
    assert f"{context.questions_unanswered} questions are not yet answered" in text
    assert "they are not gaps" in text


def test_a_section_not_started_is_a_sentence_in_appendix_a_and_a_started_one_lists_every_question(demo_pdfs):
    context = demo_pdfs["2025-26"]["context"]
    _, appendices = body_and_appendices(demo_pdfs["2025-26"])
    text = flat(" ".join(demo_pdfs["2025-26"]["pages"][i - 1] for i in appendices))
    text = text[:text.index("Appendix B: questions left out and why")]  # Appendix A alone
    not_started = [c for c in context.chapters if c.applies and c.not_started]
    started = [c for c in context.chapters if c.applies and not c.not_started]
    assert not_started and started, "the demo draft has sections of both kinds"
    for chapter in not_started:
        assert not any(q.answered or q.evidence for q in chapter.questions)
        start = text.index(f"{chapter.title} Coverage")
        assert text[start:].split(" Coverage ", 2)[1].startswith(
            f"0%, band Not enough answered. Answered: 0% (0 of {chapter.applicable} questions). "
            f"None of the {chapter.applicable} questions of this section has been answered yet.")
        for question in chapter.questions:
            assert flat(question.text)[:70] not in text, question.text
    for chapter in started:
        for number, question in enumerate(chapter.questions, start=1):
            assert flat(f"{number}. {question.text}")[:70] in text, question.text
    # a question not yet answered in a started section is still listed, and says so
    partly = [c for c in started if any(not q.answered for q in c.questions)]
    assert ("Answer: Not answered" in text) == bool(partly)


def test_changes_since_last_year_say_when_the_question_set_changed(demo_pdfs):
    context = demo_pdfs["2025-26"]["context"]
    text = flat(" ".join(demo_pdfs["2025-26"]["pages"]))
    changed = [s for s in context.changes_in_words
               if "question set added" in s or "question set retired" in s]
    assert changed, context.changes_in_words
    assert "part of the change comes from the changed questions rather than from the provider's " \
           "arrangements" in changed[0]
    for sentence in context.changes_in_words:
        assert flat(sentence) in text
    assert context.changes_in_words[0].startswith("Overall coverage is ")


def test_one_date_format_everywhere(demo_pdfs):
    for year in ("2025-26", "2024-25"):
        text = flat(" ".join(demo_pdfs[year]["pages"]))
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), year
        assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", text), year
    assert "7 October 2025" in flat(" ".join(demo_pdfs["2025-26"]["pages"]))


def test_the_appendices_hold_the_answers_the_questions_left_out_and_the_guidance(demo_pdfs):
    report = demo_pdfs["2025-26"]
    _, appendices = body_and_appendices(report)
    text = flat(" ".join(report["pages"][i - 1] for i in appendices))
    context = report["context"]
    entry = next(q for c in context.chapters for q in c.questions if q.answered)
    assert flat(entry.text) in text and "Answer: " in text
    left_out = [row for c in context.chapters for row in c.left_out]
    assert left_out and flat(left_out[0].label)[:60] in text
    assert flat(context.references[0].title)[:60] in text


def test_a_section_commentary_is_printed_under_its_section(demo_pdfs):
    context = demo_pdfs["2025-26"]["context"]
    commented = context.commented_chapters
    assert len(commented) == 1
    text = flat(" ".join(demo_pdfs["2025-26"]["pages"]))
    assert f"{commented[0].title}. {flat(commented[0].commentary)}" in text


def test_a_year_without_a_board_paper_still_has_a_cover_sheet_with_defaults(demo_pdfs):
    cover = flat(demo_pdfs["2024-25"]["pages"][0])
    assert "Paper to the governing body" in cover
    assert "The governing body is asked to approve" in cover and "Author Not recorded" in cover
    assert "Risk summary" in flat(" ".join(demo_pdfs["2024-25"]["pages"]))
