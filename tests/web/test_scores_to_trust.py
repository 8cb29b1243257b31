"""Issue 11 on the pages: core expectations on the results page, and a framework revised during its year."""

from datetime import datetime

from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Answer, Assessment
from tests.assessment_data import YEAR, framework, section_form, start_with_context
from tests.conftest import page


def _answer_every_section(client, ukprn, profile, overrides=None):
    fw = framework()
    for section in fw.sections:
        mine = {k: v for k, v in (overrides or {}).items() if fw.has_question(k.split("__", 1)[1])
                and fw.question(k.split("__", 1)[1])[0].key == section.key}
        client.post(f"/providers/{ukprn}/years/{YEAR}/sections/{section.key}",
                    data=section_form(fw, section.key, profile, version=0, completed="no", overrides=mine))


def test_the_results_page_names_the_core_expectations_holding_the_band_back(editor_client, provider_ukprn):
    profile = start_with_context(editor_client, provider_ukprn)
    _answer_every_section(editor_client, provider_ukprn, profile,
                          {"answer__ra_refreshed": "partly", "answer__tr_specialist_lead": "no"})
    soup = page(editor_client.get(f"/providers/{provider_ukprn}/years/{YEAR}/results"))
    assert soup.select_one("#core-heading").get_text(strip=True) == "Core expectations holding the band back"
    items = [li.get_text(" ", strip=True) for li in soup.select("#core-unmet > li")]
    refreshed = framework().question("ra_refreshed")[1]
    assert any(item.startswith(refreshed.text) and "your answer: Partly" in item
               and refreshed.core_reason in item for item in items), items
    assert any("your answer: No" in item for item in items), items
    assert soup.select_one("#overall-band").get_text(strip=True) == "Early stage"


def test_a_revised_question_answered_before_the_revision_is_flagged_and_its_answer_kept(
        app, editor_client, provider_ukprn):
    profile = start_with_context(editor_client, provider_ukprn)
    _answer_every_section(editor_client, provider_ukprn, profile)
    with app.app_context():
        assessment = db.session.scalar(select(Assessment).where(Assessment.year == YEAR))
        for answer in db.session.scalars(select(Answer).where(Answer.assessment_id == assessment.id)):
            answer.updated_at = datetime(2026, 1, 15, 10, 0)  # before revision 2
        db.session.commit()
    fw = framework()
    revision = fw.revisions[-1]
    tasks = page(editor_client.get(f"/providers/{provider_ukprn}/years/{YEAR}/"))
    assert f"revision {revision.number}" in tasks.select_one("#framework-revision").get_text()
    soup = page(editor_client.get(f"/providers/{provider_ukprn}/years/{YEAR}/sections/leadership-governance"))
    flagged = soup.select_one("#question-lg_prevent_lead .app-revised")
    assert flagged is not None and f"revision {revision.number}" in flagged.get_text()
    assert soup.select_one("#question-lg_students_consulted .app-revised") is None, "not unchanged ones"
    kept = soup.select_one("input[name='answer__lg_prevent_lead'][checked]")
    assert kept is not None, "the answer is kept"


def test_a_data_return_figure_can_be_not_known_and_is_exported_as_such(app, editor_client, provider_ukprn):
    start_with_context(editor_client, provider_ukprn)
    data = {"version": "0", "completed": "yes", "action": "later"}
    for f in framework().data_fields():
        if f.type == "number":
            data[f"data__{f.key}"] = "2"
    data["data__case_channel_adopted"] = "Not known"
    url = f"/providers/{provider_ukprn}/years/{YEAR}/data-return"
    assert editor_client.post(url, data=data).status_code == 302
    with app.app_context():
        saved = db.session.scalar(select(Assessment).where(Assessment.year == YEAR)).data_return
    assert saved["case_channel_adopted"] == "not known" and saved["case_concerns_raised"] == 2
    again = page(editor_client.get(url))
    assert again.find("input", {"name": "data__case_channel_adopted"})["value"] == "not known"
    csv_text = editor_client.get(f"{url}.csv").get_data(as_text=True)
    row = next(line for line in csv_text.splitlines() if line.startswith("case_channel_adopted,"))
    assert row.endswith(",not known") and ",0" not in row


def test_a_proportionate_answer_is_labelled_in_the_results_and_the_report(editor_client, provider_ukprn):
    profile = start_with_context(editor_client, provider_ukprn)
    _answer_every_section(editor_client, provider_ukprn, profile, {
        "answer__pi_external_isa": "proportionate",
        "evidence__pi_external_isa": "A documented protocol with the police Prevent team; the national form.",
        "answer__ra_refreshed": "no",
    })
    question = framework().question("pi_external_isa")[1]
    results = page(editor_client.get(f"/providers/{provider_ukprn}/years/{YEAR}/results"))
    assert [li.get_text(strip=True) for li in results.select("#proportionate li")] == [question.text]
    report = editor_client.get(f"/providers/{provider_ukprn}/years/{YEAR}/report").get_data(as_text=True)
    assert "Met in a proportionate way" in report
    assert "A documented protocol with the police Prevent team; the national form." in report
    assert "Core expectations holding the band back" in report
    assert framework().question("ra_refreshed")[1].core_reason in report
