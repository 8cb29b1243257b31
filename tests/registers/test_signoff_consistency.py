"""Register contradictions become sign-off exceptions the approver must explain."""

from datetime import date

from selfassess.framework import get_framework
from selfassess.services.signoff_checks import RegisterFacts, check, register_findings
from tests.assessment_data import YEAR
from tests.conftest import page
from tests.registers.conftest import incident_form


class _Answer:
    def __init__(self, value):
        self.value, self.not_applicable, self.na_reason = value, False, ""


def test_each_contradiction_is_an_exception_on_the_right_statement():
    fw = get_framework(YEAR)
    facts = RegisterFacts(unnotified_incidents=((7, "Serious incident on 3 March 2026"),),
                          concerns_escalated=0, concerns_record_used=True, training_log_used=True,
                          specialist_in_date=False)
    answers = {"pi_referral_route": _Answer("yes"), "tr_specialist_lead": _Answer("yes")}
    found = register_findings(fw, answers, facts)
    codes = {f.code for fs in found.values() for f in fs}
    assert codes == {"4-register-incident-7", "5-register-referral-route", "5-register-specialist-training"}
    checks = check(fw, {}, answers, {}, [], date(2026, 11, 1), registers=facts)
    statement_four = next(c for c in checks if c.statement.number == 4)
    assert any("not told of: Serious incident on 3 March 2026" in f.problem for f in statement_four.findings)


def test_nothing_is_raised_when_the_registers_agree():
    fw = get_framework(YEAR)
    facts = RegisterFacts(concerns_escalated=2, training_log_used=True, specialist_in_date=True)
    answers = {"pi_referral_route": _Answer("yes"), "tr_specialist_lead": _Answer("yes")}
    assert register_findings(fw, answers, facts) == {}
    assert register_findings(fw, {"pi_referral_route": _Answer("no")}, RegisterFacts()) == {}
    # a provider that does not keep its concerns record here is not asked about it
    assert register_findings(fw, answers, RegisterFacts(concerns_escalated=0)) == {}


def test_an_unnotified_incident_is_shown_on_the_sign_off_page_with_a_link_to_the_register(year_world):
    editor, base = year_world["editor"], year_world["base"]
    editor.post(f"{base}/registers/incidents/new", data=incident_form())
    sign_off = page(editor.get(f"{base}/sign-off"))
    text = sign_off.get_text()
    assert ("The incidents register has an entry the OfS was not told of: "
            "Serious incident on 3 March 2026") in text
    assert sign_off.find("a", href=f"{base}/registers/incidents/") is not None
