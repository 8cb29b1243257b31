"""Completing a year in the browser's shoes: start, task list, context, sections, saving and conflicts."""

import pytest

from selfassess.extensions import db
from selfassess.models import Answer, AuditEvent, TaskState
from selfassess.services import progress
from selfassess.services.demo_answers import demo_profile
from selfassess.web.forms.fields import shortened
from tests.assessment_data import YEAR, context_form, framework, section_form, start_with_context
from tests.conftest import error_summary, page, text_of

BASE = "/providers/{ukprn}/years/" + YEAR


def url(ukprn, rest=""):
    return BASE.format(ukprn=ukprn) + "/" + rest


def statuses(response) -> list[str]:
    return [" ".join(el.get_text().split()) for el in page(response).select(".govuk-task-list__status")]


def section_version(client, ukprn, key) -> int:
    soup = page(client.get(url(ukprn, f"sections/{key}")))
    return int(soup.find("input", {"name": "version"})["value"])


# ---- starting a year ----------------------------------------------------------------------------------


def test_an_editor_starts_the_current_year_once(editor_client, provider_ukprn):
    years = page(editor_client.get(f"/providers/{provider_ukprn}/years/"))
    assert years.find("button", string=lambda s: s and f"Start the {YEAR}" in s)
    response = editor_client.post(f"/providers/{provider_ukprn}/years/start")
    assert response.status_code == 302 and response.location.endswith(f"/years/{YEAR}/")
    again = editor_client.post(f"/providers/{provider_ukprn}/years/start", follow_redirects=True)
    assert "already been started" in text_of(again)
    listing = page(editor_client.get(f"/providers/{provider_ukprn}/years/"))
    assert [a.get_text(" ", strip=True) for a in listing.select("table a")] == [f"{YEAR} self-assessment"]
    assert not listing.find("button", string=lambda s: s and "Start the" in s)


def test_a_viewer_cannot_start_a_year(viewer_client, provider_ukprn):
    assert viewer_client.post(f"/providers/{provider_ukprn}/years/start").status_code == 403


def test_an_approver_can_start_and_edit(approver_client, provider_ukprn):
    start_with_context(approver_client, provider_ukprn)
    assert page(approver_client.get(url(provider_ukprn, "sections/leadership-governance"))).find("form")


# ---- the task list ------------------------------------------------------------------------------------


def test_sections_cannot_start_until_the_context_is_complete(editor_client, provider_ukprn):
    editor_client.post(f"/providers/{provider_ukprn}/years/start")
    response = editor_client.get(url(provider_ukprn))
    found = statuses(response)
    assert found[0] == "Not yet started"
    assert found[1:10] == ["Cannot start yet"] * 9
    assert "0 of 9 sections are complete." in text_of(response)
    # not a dead end: the section says what to do first, on the page where it is done
    response = editor_client.get(url(provider_ukprn, "sections/leadership-governance"), follow_redirects=True)
    assert response.request.path == url(provider_ukprn, "context")
    assert "Complete your provider's context first" in text_of(response)


def test_the_task_list_shows_progress_after_the_context(editor_client, provider_ukprn):
    profile = start_with_context(editor_client, provider_ukprn)
    fw = framework()
    editor_client.post(
        url(provider_ukprn, "sections/leadership-governance"),
        data=section_form(fw, "leadership-governance", profile, version=0),
    )
    editor_client.post(
        url(provider_ukprn, "sections/risk-assessment"),
        data=section_form(fw, "risk-assessment", profile, version=0, completed="no"),
    )
    found = statuses(editor_client.get(url(provider_ukprn)))
    assert found[:4] == ["Completed", "Completed", "In progress", "Not yet started"]
    assert "1 of 9 sections are complete." in text_of(editor_client.get(url(provider_ukprn)))


def test_a_section_that_does_not_apply_is_marked_so(editor_client, provider_ukprn):
    profile = {**demo_profile(framework()), "students_union": "no"}
    start_with_context(editor_client, provider_ukprn, profile)
    response = editor_client.get(url(provider_ukprn))
    assert statuses(response)[9] == "Does not apply to you"
    assert "0 of 8 sections are complete." in text_of(response)
    assert editor_client.get(url(provider_ukprn, "sections/students-union-engagement")).status_code == 404


# ---- section pages ------------------------------------------------------------------------------------


def test_a_section_page_shows_each_applicable_question_with_guidance(editor_client, provider_ukprn):
    profile = start_with_context(editor_client, provider_ukprn)
    fw = framework()
    section = fw.section("leadership-governance")
    questions, _ = progress.applicable_questions(fw, section, profile)
    soup = page(editor_client.get(url(provider_ukprn, "sections/leadership-governance")))
    assert soup.h1.get_text(strip=True) == section.title
    blocks = soup.select(".app-question")
    assert [b["id"] for b in blocks] == [f"question-{q.key}" for q in questions]
    first = questions[0]
    block = soup.find(id=f"question-{first.key}")
    assert first.text in block.get_text()
    assert "What good looks like" in block.get_text() and first.good_practice in block.get_text()
    assert fw.references[first.guidance[0].ref].title in block.get_text()
    assert block.find("textarea", {"name": f"evidence__{first.key}"})
    assert block.find("textarea", {"name": f"links__{first.key}"})
    assert soup.find("input", {"name": "completed", "value": "yes"})
    assert {b.get_text(strip=True) for b in soup.select("form button")} >= {
        "Save and continue",
        "Save and come back later",
    }


def test_questions_that_do_not_apply_are_left_out_and_counted(editor_client, provider_ukprn):
    fw = framework()
    profile = {**demo_profile(fw), "residences": "none"}
    start_with_context(editor_client, provider_ukprn, profile)
    for section in fw.sections:
        questions, left_out = progress.applicable_questions(fw, section, profile)
        if left_out and progress.section_applies(fw, section, profile)[0]:
            break
    else:
        pytest.fail("expected a section with questions left out for a provider without residences")
    soup = page(editor_client.get(url(provider_ukprn, f"sections/{section.key}")))
    inset = soup.select_one(".govuk-inset-text").get_text(" ", strip=True)
    assert f"{len(left_out)} question" in inset and "not apply to your provider" in inset
    assert left_out[0].reason in inset
    shown = {b["id"] for b in soup.select(".app-question")}
    assert f"question-{left_out[0].question.key}" not in shown


def test_save_and_come_back_later_keeps_a_partial_section(app, editor_client, provider_ukprn):
    profile = start_with_context(editor_client, provider_ukprn)
    fw = framework()
    questions, _ = progress.applicable_questions(fw, fw.section("leadership-governance"), profile)
    data = section_form(
        fw, "leadership-governance", profile, version=0, completed="no", skip={q.key for q in questions[1:]}
    )
    response = editor_client.post(url(provider_ukprn, "sections/leadership-governance"), data=data)
    assert response.status_code == 302 and response.location.endswith(f"/years/{YEAR}/")
    with app.app_context():
        saved = {a.question_key: a.value for a in db.session.query(Answer)}
    assert list(saved) == [questions[0].key]


def test_save_and_continue_goes_to_the_next_section(editor_client, provider_ukprn):
    profile = start_with_context(editor_client, provider_ukprn)
    data = section_form(framework(), "leadership-governance", profile, version=0, action="continue")
    response = editor_client.post(url(provider_ukprn, "sections/leadership-governance"), data=data)
    assert response.location.endswith("/sections/risk-assessment")


def test_completing_with_unanswered_questions_saves_nothing_and_keeps_what_was_typed(
    app, editor_client, provider_ukprn
):
    profile = start_with_context(editor_client, provider_ukprn)
    fw = framework()
    questions, _ = progress.applicable_questions(fw, fw.section("leadership-governance"), profile)
    missing = next(q for q in questions if q.type == "yes_partly_no" and q.show_if is None)
    data = section_form(
        fw,
        "leadership-governance",
        profile,
        version=0,
        skip={missing.key},
        overrides={f"evidence__{questions[0].key}": "Typed but not saved <b>yet</b>"},
    )
    response = editor_client.post(url(provider_ukprn, "sections/leadership-governance"), data=data)
    assert response.status_code == 400
    # the message names the question, so several of them in one summary can be told apart
    assert error_summary(response) == [
        f"Select yes, partly or no for ‘{shortened(missing.text)}’, or say you have not completed this "
        "section yet"
    ]
    soup = page(response)
    assert soup.title.get_text().startswith("Error:")
    assert (
        soup.find("textarea", {"name": f"evidence__{questions[0].key}"}).get_text()
        == "Typed but not saved <b>yet</b>"
    )
    assert soup.select_one(".govuk-error-summary__list a")["href"] == f"#answer__{missing.key}"
    with app.app_context():
        assert db.session.query(Answer).count() == 0
        assert (
            db.session.query(TaskState).filter_by(task_key="leadership-governance").one().status
            == "not_started"
        )


def test_every_save_is_audited_with_the_keys_that_changed(app, editor_client, provider_ukprn):
    profile = start_with_context(editor_client, provider_ukprn)
    fw = framework()
    editor_client.post(
        url(provider_ukprn, "sections/leadership-governance"),
        data=section_form(fw, "leadership-governance", profile, version=0, completed="no"),
    )
    questions, _ = progress.applicable_questions(fw, fw.section("leadership-governance"), profile)
    change = {f"evidence__{questions[0].key}": "A new note"}
    editor_client.post(
        url(provider_ukprn, "sections/leadership-governance"),
        data=section_form(fw, "leadership-governance", profile, version=1, overrides=change),
    )
    with app.app_context():
        events = db.session.query(AuditEvent).filter_by(action="section_saved").order_by(AuditEvent.id).all()
        assert [e.detail["status_after"] for e in events] == ["in_progress", "completed"]
        assert events[1].detail["status_before"] == "in_progress"
        assert events[1].detail["changed"] == [questions[0].key]
        assert events[1].user_id is not None and events[1].assessment_id is not None


# ---- concurrent edits ----------------------------------------------------------------------------------


def test_a_stale_save_overwrites_nothing_and_shows_both_answers(app, factory, editor_client, provider_ukprn):
    from tests.conftest import sign_in

    profile = start_with_context(editor_client, provider_ukprn)
    other = sign_in(app.test_client(), factory.user("editor", provider_ukprn))
    fw = framework()
    key = "leadership-governance"
    questions, _ = progress.applicable_questions(fw, fw.section(key), profile)
    target = next(q for q in questions if q.type == "yes_partly_no" and q.show_if is None)
    loaded_at = section_version(editor_client, provider_ukprn, key)
    assert section_version(other, provider_ukprn, key) == loaded_at
    theirs = section_form(
        fw, key, profile, version=loaded_at, completed="no", overrides={f"answer__{target.key}": "no"}
    )
    assert other.post(url(provider_ukprn, f"sections/{key}"), data=theirs).status_code == 302
    mine = section_form(
        fw, key, profile, version=loaded_at, completed="no", overrides={f"answer__{target.key}": "yes"}
    )
    response = editor_client.post(url(provider_ukprn, f"sections/{key}"), data=mine)
    assert response.status_code == 409
    soup = page(response)
    banner = soup.select_one(".govuk-notification-banner").get_text(" ", strip=True)
    assert "saved this section while you were editing it" in banner
    row = next(
        tr for tr in soup.select(".govuk-notification-banner tbody tr") if target.text in tr.get_text()
    )
    assert [td.get_text(strip=True) for td in row.find_all("td")] == ["No", "Yes"]
    assert soup.find("input", {"name": f"answer__{target.key}", "value": "yes"}).has_attr("checked")
    with app.app_context():
        assert db.session.query(Answer).filter_by(question_key=target.key).one().value == "no"
    new_version = int(soup.find("input", {"name": "version"})["value"])
    keep_mine = {**mine, "version": str(new_version)}
    assert editor_client.post(url(provider_ukprn, f"sections/{key}"), data=keep_mine).status_code == 302
    with app.app_context():
        assert db.session.query(Answer).filter_by(question_key=target.key).one().value == "yes"


# ---- roles and locks ----------------------------------------------------------------------------------


def test_viewers_read_answers_but_cannot_save(app, editor_client, viewer_client, provider_ukprn):
    profile = start_with_context(editor_client, provider_ukprn)
    fw = framework()
    data = section_form(fw, "leadership-governance", profile, version=0)
    editor_client.post(url(provider_ukprn, "sections/leadership-governance"), data=data)
    soup = page(viewer_client.get(url(provider_ukprn, "sections/leadership-governance")))
    assert soup.find("form", {"method": "post"}) is None or not soup.find("input", {"name": "version"})
    assert soup.select(".govuk-summary-list__row")
    assert (
        viewer_client.post(url(provider_ukprn, "sections/leadership-governance"), data=data).status_code
        == 403
    )
    assert viewer_client.post(url(provider_ukprn, "context"), data=context_form(profile)).status_code == 403


def test_a_year_that_is_not_a_draft_cannot_change(app, editor_client, provider_ukprn):
    from selfassess.models import Assessment

    profile = start_with_context(editor_client, provider_ukprn)
    with app.app_context():
        db.session.query(Assessment).update({"status": "awaiting_signoff"})
        db.session.commit()
    data = section_form(framework(), "leadership-governance", profile, version=0)
    response = editor_client.post(url(provider_ukprn, "sections/leadership-governance"), data=data)
    assert response.status_code == 403 and "cannot be changed" in text_of(response)
    with app.app_context():
        assert db.session.query(Answer).count() == 0


# ---- the context --------------------------------------------------------------------------------------


def test_the_context_requires_every_answer_to_continue_but_can_be_saved_part_way(
    app, editor_client, provider_ukprn
):
    editor_client.post(f"/providers/{provider_ukprn}/years/start")
    partial = {"profile__residences": "owned"}
    response = editor_client.post(
        url(provider_ukprn, "context"), data={**partial, "version": "0", "action": "continue"}
    )
    assert response.status_code == 400
    assert len(error_summary(response)) == len(framework().profile) - 1
    assert page(response).find("input", {"name": "profile__residences", "value": "owned"}).has_attr("checked")
    later = editor_client.post(
        url(provider_ukprn, "context"), data={**partial, "version": "0", "action": "later"}
    )
    assert later.status_code == 302
    assert statuses(editor_client.get(url(provider_ukprn)))[0] == "In progress"


def test_changing_the_context_keeps_answers_and_flags_sections_to_check(app, editor_client, provider_ukprn):
    fw = framework()
    profile = start_with_context(editor_client, provider_ukprn)
    for section in fw.sections:
        editor_client.post(
            url(provider_ukprn, f"sections/{section.key}"),
            data=section_form(fw, section.key, profile, version=0),
        )
    with app.app_context():
        saved_before = db.session.query(Answer).count()
    changed = {**profile, "residences": "none"}
    response = editor_client.post(
        url(provider_ukprn, "context"), data=context_form(changed, version=1), follow_redirects=True
    )
    assert "Check these sections again" in text_of(response)
    affected = [
        s
        for s in fw.sections
        if {q.key for q in progress.applicable_questions(fw, s, profile)[0]}
        != {q.key for q in progress.applicable_questions(fw, s, changed)[0]}
    ]
    assert affected
    found = statuses(editor_client.get(url(provider_ukprn)))
    for index, section in enumerate(fw.sections, start=1):
        assert (found[index] == "Check again") == (section in affected), section.key
    with app.app_context():
        assert db.session.query(Answer).count() == saved_before
