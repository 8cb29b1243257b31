"""Every error summary says which question each problem is about and links to a control that exists."""

from tests.assessment_data import YEAR, context_form, framework, start_with_context
from tests.conftest import page


def links(response):
    soup = page(response)
    found = [(a.get_text(strip=True), a["href"]) for a in soup.select(".govuk-error-summary__list a")]
    for _, href in found:
        target = soup.find(id=href[1:])
        assert target is not None and target.name in {"input", "textarea", "select"}, href
    return found


def test_context_errors_are_all_different_and_each_names_its_question(editor_client, provider_ukprn):
    assert editor_client.post(f"/providers/{provider_ukprn}/years/start").status_code == 302
    response = editor_client.post(f"/providers/{provider_ukprn}/years/{YEAR}/context", data=context_form({}))
    assert response.status_code == 400
    found = links(response)
    assert len(found) == len(framework().profile)
    texts = [text for text, _ in found]
    assert len(set(texts)) == len(texts), texts


def test_a_date_error_links_to_the_box_to_correct(editor_client, provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    url = f"/providers/{provider_ukprn}/years/{YEAR}/action-plan/"
    key = next(q for q in framework().sections[0].questions if q.scored).key
    bad_day = {"title": "Do it", "owner": "Prevent lead", "due_date-day": "31", "due_date-month": "2",
               "due_date-year": "2026", "status": "done"}
    assert links(editor_client.post(url + key, data=bad_day)) == [
        ("The date for ‘When is it due’ must be a real date", "#due_date-day")]
    no_month = {**bad_day, "due_date-day": "3", "due_date-month": ""}
    assert links(editor_client.post(url + key, data=no_month))[0][1] == "#due_date-month"


def test_question_numbers_have_no_gaps_and_follow_ups_name_their_question(editor_client, provider_ukprn):
    import re

    from selfassess.services import progress

    profile = start_with_context(editor_client, provider_ukprn)
    fw = framework()
    follow_ups = 0
    for section in fw.sections:
        if not progress.section_applies(fw, section, profile)[0]:
            continue
        soup = page(editor_client.get(f"/providers/{provider_ukprn}/years/{YEAR}/sections/{section.key}"))
        numbers, seen = [], set()
        for block in soup.select(".app-question"):
            label = block.select_one("legend, label")
            number = re.match(r"\s*(\d+)([a-z]?)\. ", label.get_text()).groups()
            numbers.append(number)
            lead_in = block.select_one(".app-question__follow-up")
            if number[1]:  # a follow-up: numbered after its question, which its lead-in names
                follow_ups += 1
                assert number[0] in seen
                if block.get("data-show-if-name"):
                    assert f"question {number[0]}" in lead_in.get_text()
                assert lead_in.get_text().count("‘") <= 3, lead_in.get_text()
            seen.add(number[0])
        mains = [int(n) for n, letter in numbers if not letter]
        assert mains == list(range(1, len(mains) + 1)), (section.key, numbers)
    assert follow_ups, "the framework has follow-up questions to check"
