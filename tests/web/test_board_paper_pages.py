"""The board paper's pages: report settings, the narrative with its personal-data guard, and the risk
register summary (add, change, remove without JavaScript), who may use them, and carrying risks forward."""

from selfassess.extensions import db
from selfassess.models import Assessment, ReportSettings, RiskEntry
from selfassess.services import board_paper
from tests.assessment_data import YEAR, start_with_context
from tests.conftest import error_summary, page, text_of

RISK = {"risk": "Concerns are not passed on", "inherent_likelihood": "4", "inherent_impact": "4",
        "residual_likelihood": "2", "residual_impact": "3", "owner": "Director of Student Services",
        "trend": "falling"}


def url(ukprn, tail=""):
    return f"/providers/{ukprn}/years/{YEAR}/report{tail}"


def settings_row(app):
    with app.app_context():
        return db.session.query(ReportSettings).one_or_none()


def test_settings_are_saved_and_printed_on_the_cover_sheet(app, editor_client, provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    form = page(editor_client.get(url(provider_ukprn, "/settings")))
    assert len(form.find_all("h1")) == 1 and form.find("input", {"name": "route_body_4"})
    response = editor_client.post(url(provider_ukprn, "/settings"), data={
        "meeting": "Board of Governors", "meeting_date-day": "25", "meeting_date-month": "11",
        "meeting_date-year": "2026", "route_body_1": "Prevent working group", "route_date_1-day": "7",
        "route_date_1-month": "10", "route_date_1-year": "2026", "author": "Prevent lead",
        "sponsor": "Registrar", "recommendation": "", "confidentiality": ""})
    assert response.status_code == 302
    row = settings_row(app)
    assert row.meeting == "Board of Governors" and row.meeting_date == "2026-11-25"
    assert row.route == [{"body": "Prevent working group", "date": "2026-10-07"}]
    preview = text_of(editor_client.get(url(provider_ukprn)))
    assert "Paper to the Board of Governors, 25 November 2026" in preview
    assert "The Board of Governors is asked to approve the Prevent duty accountability statements" in preview
    assert "Prevent working group 7 October 2026" in preview and "Registrar" in preview
    assert "Confidential: not for publication" in preview  # the default marking


def test_a_bad_date_keeps_what_was_typed_and_links_to_the_field(app, editor_client, provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    response = editor_client.post(url(provider_ukprn, "/settings"), data={
        "meeting": "Council", "meeting_date-day": "31", "meeting_date-month": "2",
        "meeting_date-year": "2026",
        "route_date_2-day": "1", "route_date_2-month": "3", "route_date_2-year": "2026", "author": "Lead"})
    assert response.status_code == 400
    soup = page(response)
    assert soup.title.text.startswith("Error:")
    links = [a["href"] for a in soup.select(".govuk-error-summary a")]
    assert "#meeting_date-day" in links and "#route_body_2" in links  # a date's link goes to its Day box
    assert soup.find("input", {"name": "meeting"})["value"] == "Council"
    assert soup.find("input", {"name": "meeting_date-day"})["value"] == "31"
    assert settings_row(app) is None


def test_the_narrative_warns_about_personal_data_and_saves_only_when_confirmed(app, editor_client,
                                                                              provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    data = {"lead_summary": "A good year.", "developments": "", "events_commentary": "",
            "themes": "One student (born 12/03/2005, jo@student.example.ac.uk) was supported.", "horizon": ""}
    response = editor_client.post(url(provider_ukprn, "/narrative"), data=data)
    assert response.status_code == 400
    soup = page(response)
    warning = " ".join(soup.select_one(".govuk-error-summary").get_text(" ").split())
    assert "looks like personal data" in warning and "Nothing has been saved" in warning
    assert "a date of birth and an email address" in warning
    assert soup.select_one(".govuk-error-summary a")["href"] == "#themes"
    assert soup.find("textarea", {"name": "themes"}).text.strip() == data["themes"]  # kept as typed
    assert soup.find("input", {"name": "confirm_personal_data"})
    assert settings_row(app) is None
    confirmed = editor_client.post(url(provider_ukprn, "/narrative"),
                                   data={**data, "confirm_personal_data": "y"})
    assert confirmed.status_code == 302
    assert settings_row(app).themes == data["themes"]


def test_legitimate_narrative_and_section_commentary_save_without_a_warning(app, editor_client,
                                                                            provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    with app.app_context():
        first = board_paper.assessments.get_framework(YEAR).sections[0]
    response = editor_client.post(url(provider_ukprn, "/narrative"), data={
        "lead_summary": "The risk assessment was refreshed on 07/10/2025; 17 concerns were raised.",
        f"section_{first.key}": "Council reviews this in spring."})
    assert response.status_code == 302
    assert settings_row(app).section_commentary == {first.key: "Council reviews this in spring."}
    preview = text_of(editor_client.get(url(provider_ukprn)))
    assert "The year in review" in preview and f"{first.title}. Council reviews this in spring." in preview


def test_risks_are_added_changed_and_removed_with_plain_forms(app, editor_client, provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    empty = editor_client.post(url(provider_ukprn, "/risks/new"), data={"trend": "stable"})
    assert empty.status_code == 400
    assert "Enter the risk" in error_summary(empty)
    assert any("likelihood before controls" in message for message in error_summary(empty))
    assert editor_client.post(url(provider_ukprn, "/risks/new"), data=RISK).status_code == 302
    with app.app_context():
        risk_id = db.session.query(RiskEntry.id).scalar()
    listing = page(editor_client.get(url(provider_ukprn, "/risks")))
    assert "Concerns are not passed on" in text_of(listing)
    change = listing.find("a", href=url(provider_ukprn, f"/risks/{risk_id}"))
    assert change and "Change" in change.text
    form = page(editor_client.get(url(provider_ukprn, f"/risks/{risk_id}")))
    assert form.find("input", {"name": "residual_impact", "value": "3"}).has_attr("checked")
    changed = editor_client.post(url(provider_ukprn, f"/risks/{risk_id}"), data={**RISK, "trend": "rising"})
    assert changed.status_code == 302
    preview = text_of(editor_client.get(url(provider_ukprn)))
    assert "4 × 4 = 16 (high)" in preview and "2 × 3 = 6 (low)" in preview and "Rising" in preview
    confirm = page(editor_client.get(url(provider_ukprn, f"/risks/{risk_id}/remove")))
    assert confirm.find("form", method="post") and "Concerns are not passed on" in confirm.get_text()
    assert editor_client.post(url(provider_ukprn, f"/risks/{risk_id}/remove")).status_code == 302
    with app.app_context():
        assert db.session.query(RiskEntry).count() == 0


def test_an_out_of_range_rating_is_refused(app, editor_client, provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    response = editor_client.post(url(provider_ukprn, "/risks/new"), data={**RISK, "residual_impact": "9"})
    assert response.status_code == 400
    assert page(response).select_one(".govuk-error-summary a")["href"] == "#residual_impact"


def test_viewers_may_not_edit_and_a_year_sent_for_sign_off_is_locked(app, editor_client, viewer_client,
                                                                     provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    for tail in ("/settings", "/narrative", "/risks", "/risks/new"):
        assert viewer_client.get(url(provider_ukprn, tail)).status_code == 403
    assert viewer_client.post(url(provider_ukprn, "/risks/new"), data=RISK).status_code == 403
    with app.app_context():
        assessment = db.session.query(Assessment).one()
        assessment.status = "awaiting_signoff"
        db.session.commit()
    response = editor_client.post(url(provider_ukprn, "/risks/new"), data=RISK)
    assert response.status_code == 403 and "awaiting sign-off and cannot be changed" in text_of(response)
    with app.app_context():
        assert db.session.query(RiskEntry).count() == 0


def test_a_risk_of_another_year_or_provider_is_not_found(app, editor_client, provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    assert editor_client.get(url(provider_ukprn, "/risks/999")).status_code == 404
    assert editor_client.post(url(provider_ukprn, "/risks/999/remove")).status_code == 404


def test_risks_are_carried_forward_to_the_next_year(app, editor_client, provider_ukprn):
    from selfassess.models import Provider
    from selfassess.services import carry_forward

    with app.app_context():
        provider = db.session.query(Provider).filter_by(ukprn=provider_ukprn).one()
        earlier = Assessment(provider_id=provider.id, year="2024-25", framework_id="2024-25", status="draft",
                             profile={}, data_return={})
        db.session.add(earlier)
        db.session.flush()
        db.session.add(RiskEntry(assessment_id=earlier.id, risk="Speakers", inherent_likelihood=3,
                                 inherent_impact=4, residual_likelihood=2, residual_impact=2,
                                 owner="Secretary", trend="stable"))
        db.session.commit()
        from selfassess.models import User
        user = db.session.query(User).filter(User.memberships.any()).first()
        started = carry_forward.start_next_year(user, provider_ukprn)
        carried = board_paper.risks_of_assessment(started)
        assert [(r.risk, r.residual_impact, r.owner, r.carried_forward) for r in carried] == [
            ("Speakers", 2, "Secretary", True)]
    listing = text_of(editor_client.get(url(provider_ukprn, "/risks")))
    assert "Carried forward" in listing
    preview = text_of(editor_client.get(url(provider_ukprn)))
    assert "Speakers (carried forward from last year, not yet reviewed)" in preview
