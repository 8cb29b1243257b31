"""The declaration as numbered statements, each naming the answers and records that evidence it."""

from selfassess.framework import get_framework
from selfassess.framework.loader import load_framework

from .sample import problems_for, valid_framework, write_framework


def test_the_shipped_frameworks_number_their_statements_and_name_real_evidence():
    for framework_id in ("2025-26", "2024-25"):
        framework = get_framework(framework_id)
        statements = framework.declaration_statements
        assert [s.number for s in statements] == list(range(1, 8))
        assert "risk assessment" in statements[1].text and "answer:ra_refreshed" in statements[1].evidence
        assert "up to the date of approval" in framework.declaration_intro
        assert all(s.evidence for s in statements)
        assert framework.declaration.startswith(framework.declaration_intro)  # the text stored at sign-off


def test_statements_load_and_plain_text_still_works(tmp_path):
    data = valid_framework()
    plain = load_framework(write_framework(tmp_path, data))
    assert plain.declaration == data["declaration"] and plain.declaration_statements == ()
    data["declaration"] = {"intro": "I confirm that:", "statements": [
        {"text": "the group meets;", "evidence": ["answer:lg_group_exists", "action_plan"]},
        {"text": "all information is provided.", "evidence": ["answers"]}]}
    numbered = load_framework(write_framework(tmp_path, data))
    assert numbered.declaration == "I confirm that: (1) the group meets; (2) all information is provided."
    assert numbered.declaration_statements[0].evidence == ("answer:lg_group_exists", "action_plan")


def test_evidence_that_names_nothing_real_is_reported(tmp_path):
    data = valid_framework()
    data["declaration"] = {"intro": "I confirm that:", "statements": [
        {"text": "the group meets;", "evidence": ["answer:no_such_question", "data:nothing", "minutes"]}]}
    problems = problems_for(tmp_path, data)
    assert sum("declaration.statements[0].evidence: '" in p for p in problems) == 3, problems
