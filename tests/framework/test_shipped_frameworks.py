"""The framework files we ship: they load, and their content meets the brief (topics, seeds, data return)."""

from __future__ import annotations

import pytest

from selfassess.framework import (
    FRAMEWORKS_DIR,
    SEED_THEMES,
    Framework,
    available_frameworks,
    framework_path,
    get_framework,
)
from selfassess.framework.check import check_files
from selfassess.framework.coverage import COVERAGE_PATH, render_coverage_markdown, topic_coverage

SHIPPED = ("2024-25", "2025-26")
CURRENT, PREVIOUS = "2025-26", "2024-25"

# Domain brief §8: every data-return field (entered or derived) the 2025-26 return must hold.
IDEOLOGIES = ("islamist", "extreme_right_wing", "mixed_unclear_unstable", "other")
BRIEF_DATA_RETURN_KEYS = (
    "es_approved_no_conditions", "es_approved_conditions_prevent", "es_approved_conditions_other",
    "es_approved_total", "es_rejected_prevent", "es_rejected_health_safety", "es_rejected_procedural",
    "es_rejected_other", "es_rejected_total", "es_requests_total", "es_withdrawn_by_organiser",
    "es_escalated_senior",
    *(f"case_prevent_lead_involved_{ideology}" for ideology in IDEOLOGIES),
    *(f"case_external_advice_{ideology}" for ideology in IDEOLOGIES),
    *(f"case_formal_referral_{ideology}" for ideology in IDEOLOGIES),
    "case_channel_adopted", "case_concerns_raised", "welfare_specialist_referrals",
    "tr_induction", "tr_refresher", "tr_broader_safeguarding", "tr_specialist", "tr_governors", "tr_su",
    "staff_headcount_in_scope", "student_headcount", "incidents_reported_ofs", "changes_notified_ofs",
    "research_sensitive_registrations", "it_filter_escalations",
    "date_risk_assessment_reviewed", "date_action_plan_reviewed", "date_governing_body_approval",
)  # fmt: skip
BRIEF_ADR_KEYS = (
    "es_approved_no_conditions", "es_approved_conditions_prevent", "es_approved_conditions_other",
    "es_rejected_prevent", "es_rejected_health_safety", "es_rejected_procedural", "es_rejected_other",
    "tr_induction", "tr_refresher", "tr_broader_safeguarding",
    *(f"case_{stage}_{ideology}" for stage in ("prevent_lead_involved", "external_advice", "formal_referral")
      for ideology in IDEOLOGIES),
)  # fmt: skip


def _shipped(framework_id: str) -> Framework:
    if not (FRAMEWORKS_DIR / f"{framework_id}.yaml").exists():
        pytest.skip(f"selfassess/frameworks/{framework_id}.yaml has not been written yet")
    return get_framework(framework_id)


@pytest.fixture(params=SHIPPED)
def shipped(request) -> Framework:
    return _shipped(request.param)


@pytest.fixture
def current() -> Framework:
    return _shipped(CURRENT)


def test_both_years_are_shipped_and_check_cleanly():
    assert available_frameworks() == list(SHIPPED)
    ok, lines = check_files(None)
    assert ok, "\n".join(lines)
    assert len(lines) == len(SHIPPED)


def test_every_scored_question_has_an_action_good_practice_and_guidance(shipped):
    for question in shipped.all_questions():
        if question.scored:
            assert question.action and question.good_practice and question.guidance, question.key


def test_nine_sections_of_seven_to_fourteen_questions_and_at_least_seventy_in_all(shipped):
    # Ten at most in 2024-25; issue 11 added what the duty expects that was not asked yet (testing, equality
    # monitoring, internal audit ...) and variants that apply to some providers only, so 2025-26 has up to 14,
    # of which no provider is asked them all.
    assert len(shipped.sections) == 9
    for section in shipped.sections:
        assert 7 <= len(section.questions) <= 14, (section.key, len(section.questions))
    assert len(list(shipped.all_questions())) >= 70


def test_at_least_ten_profile_questions(shipped):
    assert len(shipped.profile) >= 10


def test_every_topic_a_to_i_is_covered(shipped):
    coverage = topic_coverage(shipped)
    for letter in "ABCDEFGHI":
        assert letter in shipped.topics, letter
        assert coverage[letter], f"no question covers topic {letter}"


def test_every_seed_theme_is_covered(shipped):
    covered = {seed for question in shipped.all_questions() for seed in question.covers_seed}
    assert set(SEED_THEMES) <= covered, set(SEED_THEMES) - covered


# Brief §8 marks these "(profile)": the profile question of the same key may supply them instead.
PROFILE_SOURCED_KEYS = ("student_headcount",)


def test_the_current_data_return_holds_every_field_of_the_brief(current):
    profile_keys = {question.key for question in current.profile}
    missing = [
        key
        for key in BRIEF_DATA_RETURN_KEYS
        if key not in current.data_keys() and not (key in PROFILE_SOURCED_KEYS and key in profile_keys)
    ]
    assert not missing, f"data-return keys of brief §8 missing from {CURRENT}.yaml: {missing}"


def test_adr_items_are_marked_as_such(current):
    fields = {data_field.key: data_field for data_field in current.data_fields()}
    assert [key for key in BRIEF_ADR_KEYS if key in fields and not fields[key].adr] == []


def test_continuing_questions_declare_what_they_replace(current):
    previous = _shipped(PREVIOUS)
    carried = [q.key for q in current.all_questions() if previous.has_question(q.key) and q.replaces is None]
    assert carried == [], f"these keys exist in {PREVIOUS} but do not say `replaces:`"


def test_coverage_document_is_not_stale(current):
    assert COVERAGE_PATH.exists(), "docs/coverage.md is missing: run python -m selfassess.framework.coverage"
    assert COVERAGE_PATH.read_text(encoding="utf-8") == render_coverage_markdown(current), (
        "docs/coverage.md is stale: run python -m selfassess.framework.coverage"
    )


def test_every_file_points_to_docs_framework_md_and_nothing_outside_the_repository():
    for framework_id in SHIPPED:
        header = framework_path(framework_id).read_text(encoding="utf-8").splitlines()[0]
        assert "docs/framework.md" in header and "/work/" not in header, header


def test_sources_a_governing_body_can_follow():
    framework = get_framework("2025-26")
    cited = {g.ref for q in framework.all_questions() for g in q.guidance}
    references = framework.references
    # superseded guidance is never cited as current
    assert "HE15" not in cited and "superseded" in references["HE15"].title.lower()
    # primary sources: Acts on legislation.gov.uk, the judgment by its neutral citation, the OfS's own pages
    for key in ("CTSA31", "HEFSA", "EQA149", "HRA98"):
        assert references[key].url.startswith("https://www.legislation.gov.uk/"), key
    assert "[2019] EWCA Civ 256" in references["BUTT"].title
    assert references["BUTT"].url.startswith("https://caselaw.nationalarchives.gov.uk/")
    assert references["RA24"].url.startswith("https://www.officeforstudents.org.uk/")
    # HEFCE documents through the National Archives web archive, labelled as historical
    for key, reference in references.items():
        if "hefce" in reference.url.lower():
            assert reference.url.startswith("https://webarchive.nationalarchives.gov.uk/"), key
            assert reference.title.startswith("Historical"), key
