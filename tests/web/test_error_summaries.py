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
