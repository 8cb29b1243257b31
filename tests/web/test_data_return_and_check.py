"""The data return page and check your answers."""

import pytest

from selfassess.extensions import db
from selfassess.models import Assessment
from tests.assessment_data import YEAR, framework, start_with_context
from tests.conftest import error_summary, page, text_of


def data_url(ukprn):
    return f"/providers/{ukprn}/years/{YEAR}/data-return"


def full_return(value=2, **overrides) -> dict:
    data = {"version": "0", "completed": "yes", "action": "later"}
    for f in framework().data_fields():
        if f.type == "number":
            data[f"data__{f.key}"] = str(value)
    data.update({f"data__{k}": v for k, v in overrides.items()})
    return data


@pytest.fixture
def started(editor_client, provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    return provider_ukprn


def test_a_complete_return_saves_and_shows_totals(app, editor_client, started):
    response = editor_client.post(data_url(started), data=full_return(3))
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.query(Assessment).one().data_return
    assert saved["es_approved_no_conditions"] == 3
    soup = page(editor_client.get(data_url(started)))
    totals = {
        row.dt.get_text(strip=True): row.dd.get_text(strip=True) for row in soup.select(".app-totals div")
    }
    approved_total = next(
        t for g in framework().data_groups for t in g.totals if t.key == "es_approved_total"
    )
    assert totals[approved_total.label] == str(3 * len(approved_total.sum))


@pytest.mark.parametrize(
    "value, message",
    [("lots", "must be a whole number"), ("-1", "must be 0 or more"), ("10000000", "or fewer")],
)
def test_bad_figures_are_explained_kept_and_not_saved(app, editor_client, started, value, message):
    response = editor_client.post(data_url(started), data=full_return(es_approved_no_conditions=value))
    assert response.status_code == 400
    assert any(message in e for e in error_summary(response))
    assert page(response).find("input", {"name": "data__es_approved_no_conditions"})["value"] == value
    with app.app_context():
        assert db.session.query(Assessment).one().data_return == {}


def test_an_impossible_date_is_refused(app, editor_client, started):
    data = full_return(
        **{
            "date_risk_assessment_reviewed-day": "30",
            "date_risk_assessment_reviewed-month": "2",
            "date_risk_assessment_reviewed-year": "2025",
        }
    )
    response = editor_client.post(data_url(started), data=data)
    assert response.status_code == 400 and any("real date" in e for e in error_summary(response))


def test_completing_needs_every_count_but_saving_for_later_does_not(editor_client, started):
    partial = {"version": "0", "completed": "yes", "data__tr_induction": "4"}
    response = editor_client.post(data_url(started), data=partial)
    assert response.status_code == 400
    assert len(error_summary(response)) == sum(1 for f in framework().data_fields() if f.type == "number") - 1
    later = {**partial, "completed": "no"}
    assert editor_client.post(data_url(started), data=later).status_code == 302


def test_a_later_funnel_stage_larger_than_an_earlier_one_is_a_warning_not_a_block(editor_client, started):
    data = full_return(1, case_formal_referral_islamist="4", case_external_advice_islamist="1")
    assert editor_client.post(data_url(started), data=data).status_code == 302
    warnings = [
        w.get_text(" ", strip=True)
        for w in page(editor_client.get(data_url(started))).select(".govuk-warning-text")
    ]
    check = next(c for c in framework().data_checks if c.field == "case_formal_referral_islamist")
    assert any(check.message in w for w in warnings)


def test_last_years_figure_is_shown_beside_each_field(app, editor_client, started):
    with app.app_context():
        this_year = db.session.query(Assessment).one()
        db.session.add(
            Assessment(
                provider_id=this_year.provider_id,
                year="2024-25",
                framework_id="2024-25",
                status="submitted",
                profile={},
                data_return={"tr_induction": 212},
            )
        )
        db.session.commit()
    soup = page(editor_client.get(data_url(started)))
    hint = soup.find(id="data__tr_induction-hint").get_text(" ", strip=True)
    assert "In 2024-25: 212" in hint
    other = soup.find(id="data__tr_refresher-hint").get_text(" ", strip=True)
    assert "In 2024-25: not recorded" in other


def test_check_your_answers_lists_every_section_with_change_links(editor_client, started):
    response = editor_client.get(f"/providers/{started}/years/{YEAR}/check-answers")
    soup = page(response)
    headings = [h.get_text(strip=True) for h in soup.select("h2.govuk-heading-m")]
    assert headings[0] == "Your provider's context" and headings[-2:] == ["Annual data return", "Next step"]
    assert [s.title for s in framework().sections] == headings[1:-2]
    change = soup.select_one("a[href*='/sections/leadership-governance#question-']")
    assert change and "Change" in change.get_text()
    assert "unanswered questions" in text_of(response)
