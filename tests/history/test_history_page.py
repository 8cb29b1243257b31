"""The provider's years page: every year with status, coverage, band, sign-off and its documents."""

from datetime import datetime

import pytest
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Assessment
from selfassess.services import results
from tests.conftest import page, sign_in, text_of
from tests.history.conftest import all_demo_answers

OLD, NEW = "2024-25", "2025-26"


@pytest.fixture
def two_years(build, provider_ukprn):
    build(provider_ukprn, OLD, answers=all_demo_answers(OLD, 0.6),
          submitted={"at": datetime(2025, 7, 14, 9, 0), "signed_off_name": "Dr Jo Bloggs",
                     "signed_off_role": "Chair of Council"})
    build(provider_ukprn, NEW, answers={"lg_prevent_lead": "yes"})
    return provider_ukprn


def _cards(response) -> dict:
    """Per year: its row of the years table by column heading, and its links by text."""
    soup = page(response)
    head = [th.get_text(strip=True) for th in soup.select("#years-table thead th")]
    cards = {}
    for tr in soup.select("#years-table tbody tr"):
        cells = [" ".join(cell.get_text(" ").split()) for cell in tr.find_all(["th", "td"])]
        year = cells[0].split()[0]
        links = {a.get_text(" ", strip=True).split(" for ")[0].split(" (")[0]: a["href"]
                 for a in soup.select(f"#documents-{year} a")}
        cards[year] = {"rows": dict(zip(head, cells, strict=True)), "links": links}
    return cards


def test_every_year_is_listed_with_status_coverage_band_and_sign_off(app, viewer_client, two_years):
    response = viewer_client.get(f"/providers/{two_years}/years/")
    assert response.status_code == 200
    with app.app_context():
        expected = {a.year: results.scorecard_for(a) for a in db.session.scalars(select(Assessment))}
    cards = _cards(response)
    assert list(cards) == [NEW, OLD]  # newest first
    old, new = cards[OLD]["rows"], cards[NEW]["rows"]
    assert old["Status"] == "Submitted" and new["Status"] == "In progress"
    assert old["Overall coverage"] == expected[OLD].coverage_text
    assert new["Overall coverage"] == expected[NEW].coverage_text
    assert new["Answered"] == expected[NEW].completeness_text
    assert old["Band"] == expected[OLD].band.label and new["Band"] == expected[NEW].band.label
    assert old["Submitted"] == "14 July 2025 by Dr Jo Bloggs, Chair of Council"
    assert new["Submitted"] == "Not yet submitted"


def test_each_year_links_to_its_answers_pdf_export_and_the_comparison(viewer_client, two_years):
    cards = _cards(viewer_client.get(f"/providers/{two_years}/years/"))
    base = f"/providers/{two_years}/years"
    old, new = cards[OLD]["links"], cards[NEW]["links"]
    assert old["Answers"] == f"{base}/{OLD}/check-answers"
    assert old["Submitted report"] == f"{base}/{OLD}/report.pdf"
    assert new["Draft report"] == f"{base}/{NEW}/report.pdf"
    assert old["Export"] == f"{base}/{OLD}/export.json"
    assert new["Compare with 2024-25"] == f"/providers/{two_years}/compare?from={OLD}&to={NEW}"
    assert not any(text.startswith("Compare") for text in old)  # nothing earlier to compare with
    assert viewer_client.get(old["Answers"]).status_code == 200
    assert viewer_client.get(new["Compare with 2024-25"]).status_code == 200


def test_no_start_button_once_the_current_year_exists_or_for_a_viewer(app, factory, two_years, build,
                                                                      other_ukprn, viewer_client):
    editor = sign_in(app.test_client(), factory.user("editor", two_years))
    assert "Start the" not in text_of(editor.get(f"/providers/{two_years}/years/"))
    build(other_ukprn, OLD)
    other_editor = sign_in(app.test_client(), factory.user("editor", other_ukprn))
    other_viewer = sign_in(app.test_client(), factory.user("viewer", other_ukprn))
    assert f"Start the {NEW} self-assessment" in text_of(other_editor.get(f"/providers/{other_ukprn}/years/"))
    assert "Start the" not in text_of(other_viewer.get(f"/providers/{other_ukprn}/years/"))


def test_a_provider_without_years_says_so(editor_client, provider_ukprn):
    response = editor_client.get(f"/providers/{provider_ukprn}/years/")
    assert "No reporting years have been started yet" in text_of(response)
    assert "will be copied" not in text_of(response)  # nothing to carry forward
    assert "Start the 2025-26 self-assessment" in text_of(response)


def test_another_providers_years_are_not_found(app, factory, two_years, other_ukprn):
    outsider = sign_in(app.test_client(), factory.user("editor", other_ukprn))
    response = outsider.get(f"/providers/{two_years}/years/")
    assert response.status_code == 404
    assert "Dr Jo Bloggs" not in response.get_data(as_text=True)
