"""Register pages: recording entries fills the data return with provenance; roles, tenancy and lock."""

from tests.conftest import page
from tests.registers.conftest import concern_form, event_form, incident_form, training_form


def test_recording_entries_fills_the_data_return_with_provenance(year_world):
    editor, base = year_world["editor"], year_world["base"]
    for decision in ("approved", "approved", "rejected_prevent"):
        extra = {"rejection_reason": "Risk the event would draw people into terrorism"} \
            if decision.startswith("rejected") else {}
        response = editor.post(f"{base}/registers/events/new", data=event_form(decision=decision, **extra))
        assert response.status_code == 302, page(response).select_one(".govuk-error-summary")
    assert editor.post(f"{base}/registers/concerns/new", data=concern_form()).status_code == 302
    assert editor.post(f"{base}/registers/training/new", data=training_form()).status_code == 302
    assert editor.post(f"{base}/registers/incidents/new", data=incident_form()).status_code == 302

    listing = page(editor.get(f"{base}/registers/events/"))
    assert "3 events" in listing.get_text()
    data_return = page(editor.get(f"{base}/data-return"))
    figure = data_return.select_one("#figure-es_approved_no_conditions")
    assert "2" in figure.get_text() and "from 3 events in the register" in figure.get_text().lower()
    referral = data_return.select_one("#figure-case_formal_referral_islamist").get_text()
    assert "from 1 concern in the record" in referral.lower()
    induction = data_return.select_one("#figure-tr_induction").get_text().lower()
    assert "from 1 training session in the log" in induction
    assert data_return.select_one("#figure-incidents_reported_ofs") is not None


def test_override_with_a_reason_is_used_and_shown(year_world):
    editor, base = year_world["editor"], year_world["base"]
    editor.post(f"{base}/registers/events/new", data=event_form())
    refused = editor.post(f"{base}/data-return/es_approved_no_conditions/override", data={"value": "4"})
    assert refused.status_code == 400
    assert "Enter why this figure differs" in page(refused).select_one(".govuk-error-summary").get_text()
    response = editor.post(f"{base}/data-return/es_approved_no_conditions/override",
                           data={"value": "4", "reason": "Three events were booked by phone"})
    assert response.status_code == 302
    text = page(editor.get(f"{base}/data-return")).select_one("#figure-es_approved_no_conditions").get_text()
    assert "4" in text and "the register gives 1" in text and "Three events were booked by phone" in text


def test_concern_text_that_looks_like_personal_data_is_refused_and_kept(year_world):
    editor, base = year_world["editor"], year_world["base"]
    response = editor.post(f"{base}/registers/concerns/new",
                           data=concern_form(notes="Mr Smith said so, call 07700 900123"))
    assert response.status_code == 400
    summary = page(response).select_one(".govuk-error-summary").get_text()
    assert "name with a title" in summary and "phone number" in summary
    assert page(response).select_one("#notes").get_text() == "Mr Smith said so, call 07700 900123"
    assert "Nothing recorded yet" in page(editor.get(f"{base}/registers/concerns/")).get_text()


def test_viewers_read_but_cannot_write(year_world):
    viewer, base = year_world["viewer"], year_world["base"]
    assert viewer.get(f"{base}/registers/events/").status_code == 200
    assert viewer.post(f"{base}/registers/events/new", data=event_form()).status_code == 403
    assert viewer.get(f"/providers/{year_world['ukprn']}/evidence/").status_code == 200


def test_another_providers_registers_are_not_found(year_world, app, factory):
    from tests.conftest import sign_in

    other = sign_in(app.test_client(), factory.user("editor", factory.provider("Other", "10000032")))
    base = year_world["base"]
    assert other.get(f"{base}/registers/events/").status_code == 404
    assert other.get(f"/providers/{year_world['ukprn']}/evidence/").status_code == 404
    assert other.post(f"{base}/registers/events/new", data=event_form()).status_code == 404


def test_every_register_page_answers(year_world):
    editor, base, ukprn = year_world["editor"], year_world["base"], year_world["ukprn"]
    for register in ("events", "concerns", "training", "incidents"):
        for suffix in ("/", "/new", "/import", "/export.csv"):
            assert editor.get(f"{base}/registers/{register}{suffix}").status_code == 200, (register, suffix)
    for suffix in ("/", "/new", "/import", "/export.csv"):
        assert editor.get(f"/providers/{ukprn}/evidence{suffix}").status_code == 200
    assert editor.get(f"{base}/registers/").status_code == 200
    assert editor.get(f"{base}/registers/evidence/").status_code == 404


def test_the_documented_sources_are_exactly_the_figures_the_registers_fill(year_world, app):
    from selfassess.extensions import db
    from selfassess.models import Assessment
    from selfassess.register_sources import sources

    editor, base = year_world["editor"], year_world["base"]
    editor.post(f"{base}/registers/events/new", data=event_form())
    editor.post(f"{base}/registers/concerns/new", data=concern_form())
    editor.post(f"{base}/registers/training/new", data=training_form())
    editor.post(f"{base}/registers/incidents/new", data=incident_form())
    with app.app_context():
        filled = set(db.session.query(Assessment).one().data_return_sources)
    assert filled == set(sources())  # docs/coverage.md's "Filled from" column says the same


def test_a_submitted_years_registers_cannot_change(year_world, app):
    from sqlalchemy import text

    from selfassess.extensions import db
    from selfassess.models import RegisterEvent

    editor, base = year_world["editor"], year_world["base"]
    editor.post(f"{base}/registers/events/new", data=event_form())
    with app.app_context():
        db.session.execute(text("UPDATE assessment SET status = 'submitted'"))
        db.session.commit()
        entry_id = db.session.query(RegisterEvent.id).scalar()
    assert editor.post(f"{base}/registers/events/new", data=event_form()).status_code in (403, 409, 423)
    assert editor.post(f"{base}/registers/events/{entry_id}/remove").status_code in (403, 409, 423)
    listing = page(editor.get(f"{base}/registers/events/"))
    assert "1 event." in listing.get_text() and listing.find("a", string="Add an event") is None
    with app.app_context():
        assert db.session.query(RegisterEvent).count() == 1
