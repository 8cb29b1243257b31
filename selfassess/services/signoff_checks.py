"""What stands between a year and its sign-off, computed from what is stored (no database access here).

    missing(framework, profile, answers, data_return) -> list[Missing]
        what must be filled in before the year can be sent for sign-off (links to each place);
    check(framework, profile, answers, data_return, actions, approved_on) -> list[StatementCheck]
        each numbered declaration statement with the exceptions its evidence raises: evidence that
        contradicts the statement or is missing. The approver acknowledges each one in writing, or sends
        the year back; the editor sees the same list before sending.

Completion is never taken from a task's stored status (which a file can claim): only from the answers, the
profile and the data return as stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .. import datareturn
from ..framework import Framework
from ..framework.model import DeclarationStatement
from . import progress

CONTRADICTING = {"no": "No", "partly": "Partly"}  # a yes/partly/no answer that does not support a statement
REVIEW_WITHIN_DAYS = 366  # "within the twelve months before approval", leap years included


@dataclass(frozen=True)
class Where:
    """The page that fixes a problem: 'context', 'section' (with its key), 'data_return' or 'action_plan'."""

    page: str
    key: str = ""


@dataclass(frozen=True)
class Missing:
    text: str
    where: Where


@dataclass(frozen=True)
class Finding:
    code: str  # stable within a year, e.g. "2-answer-ra_refreshed": names the acknowledgement field
    statement: int
    problem: str
    where: Where | None = None


@dataclass(frozen=True)
class RegisterFacts:
    """What the registers say, for the consistency checks (gathered by services/registers/checks.py)."""

    unnotified_incidents: tuple[tuple[int, str], ...] = ()  # (entry id, "Serious incident on 3 March 2026")
    concerns_escalated: int = 0
    concerns_record_used: bool = False  # the provider keeps its concerns record here (any year)
    training_log_used: bool = False
    specialist_in_date: bool = True  # a specialist session in the log within two years


@dataclass(frozen=True)
class StatementCheck:
    statement: DeclarationStatement
    findings: tuple[Finding, ...]


def missing(framework: Framework, profile: Mapping[str, Any], answers: Mapping[str, Any],
            data_return: Mapping[str, Any]) -> list[Missing]:
    """Everything unanswered that the year needs before it can be sent for sign-off."""
    profile = profile or {}
    if not progress.profile_answered(framework, profile):
        return [Missing("Your provider's context is not complete", Where("context"))]
    result = []
    for section in framework.sections:
        if not progress.section_applies(framework, section, profile)[0]:
            continue
        questions, _ = progress.applicable_questions(framework, section, profile)
        left = progress.unanswered(framework, questions, answers)
        if left:
            count = f"{len(left)} question{'s' if len(left) != 1 else ''}"
            result.append(Missing(f"{section.title}: {count} not answered", Where("section", section.key)))
    blank = required_blank(framework, data_return)
    if blank:
        plural = "s" if len(blank) != 1 else ""
        result.append(Missing(f"Annual data return: {len(blank)} required figure{plural}"
                              f" not entered ({', '.join(blank[:3])}{'…' if len(blank) > 3 else ''})",
                              Where("data_return")))
    return result


def required_blank(framework: Framework, data_return: Mapping[str, Any]) -> list[str]:
    """The labels of the counts the OfS annual data return requires (`adr: true`) that are not entered.
    (Its dates are checked as evidence of the statements instead: the approval date, for one, is only
    known when the approver signs off.)"""
    summary = datareturn.summarise(framework, data_return or {})
    return [f.label for f in framework.data_fields()
            if f.adr and f.type == "number" and summary.values.get(f.key) is None]


def check(framework: Framework, profile: Mapping[str, Any], answers: Mapping[str, Any],
          data_return: Mapping[str, Any], actions: Iterable[Any], approved_on: date,
          registers: RegisterFacts | None = None) -> list[StatementCheck]:
    """Each declaration statement with its exceptions, judged at the governing body's approval date;
    with `registers`, the registers' contradictions of the answers are exceptions too."""
    context = _Context(framework, profile or {}, answers, data_return or {}, list(actions), approved_on)
    extra = register_findings(framework, answers, registers) if registers else {}
    return [StatementCheck(s, tuple(finding for evidence in s.evidence
                                    for finding in context.findings(s.number, evidence))
                           + tuple(extra.get(s.number, ())))
            for s in framework.declaration_statements]


def _statement_for(framework: Framework, *evidence: str) -> int | None:
    for statement in framework.declaration_statements:
        if any(e in statement.evidence for e in evidence):
            return statement.number
    return None


def _answer_value(answers: Mapping[str, Any], key: str):
    answer = answers.get(key)
    return getattr(answer, "value", None) if answer is not None else None


def register_findings(framework: Framework, answers: Mapping[str, Any],
                      facts: RegisterFacts) -> dict[int, list[Finding]]:
    """Contradictions between the registers and the answers, by the statement they undermine: an incident
    the OfS was not told of (the reporting statement), and, against the statement that the figures were
    checked against the provider's records, a referral route answered Yes with no concern escalated and a
    specialist-training Yes that the log does not bear out."""
    found: dict[int, list[Finding]] = {}
    records = _statement_for(framework, "data_return") or 1
    reporting = _statement_for(framework, "answer:lg_ofs_notifications", "data:incidents_reported_ofs") \
        or records
    for entry_id, text in facts.unnotified_incidents:
        found.setdefault(reporting, []).append(Finding(
            f"{reporting}-register-incident-{entry_id}", reporting,
            f"The incidents register has an entry the OfS was not told of: {text}",
            Where("registers", "incidents")))
    # Only when the provider keeps its concerns record here: an unused register is not evidence of anything.
    if (_answer_value(answers, "pi_referral_route") == "yes" and facts.concerns_record_used
            and facts.concerns_escalated == 0):
        found.setdefault(records, []).append(Finding(
            f"{records}-register-referral-route", records,
            "The referral route is answered Yes, but the concerns record has no concern escalated to the "
            "Prevent lead this year: check the record is complete",
            Where("registers", "concerns")))
    if (_answer_value(answers, "tr_specialist_lead") == "yes" and facts.training_log_used
            and not facts.specialist_in_date):
        found.setdefault(records, []).append(Finding(
            f"{records}-register-specialist-training", records,
            "Specialist training for the Prevent lead is answered Yes, but the training log has no "
            "specialist session in the last two years",
            Where("registers", "training")))
    return found


def exceptions(checks: Iterable[StatementCheck]) -> list[Finding]:
    return [finding for c in checks for finding in c.findings]


def reporting_year_end(framework: Framework) -> date | None:
    """31 July of the second year of '2025-26'."""
    try:
        return date(int(framework.id[:4]) + 1, 7, 31)
    except ValueError:
        return None


class _Context:
    def __init__(self, framework, profile, answers, data_return, actions, approved_on):
        self.framework, self.profile, self.answers = framework, profile, answers
        self.summary = datareturn.summarise(framework, data_return)
        self.actions, self.approved_on = actions, approved_on

    def findings(self, number: int, evidence: str) -> list[Finding]:
        kind, _, key = evidence.partition(":")
        return getattr(self, f"_{kind}")(number, key)

    def _answer(self, number: int, key: str) -> list[Finding]:
        section, question = self.framework.question(key)
        if not progress.section_applies(self.framework, section, self.profile)[0]:
            return []
        applying, _ = progress.applicable_questions(self.framework, section, self.profile)
        if question not in applying:
            return []
        answer = self.answers.get(key)
        code, where = f"{number}-answer-{key}", Where("section", section.key)
        if answer is not None and answer.not_applicable and (answer.na_reason or "").strip():
            return [Finding(code, number, f"“{question.text}” is marked not applicable: "
                                          f"{answer.na_reason.strip()}", where)]
        if answer is None or not progress.is_answered_value(answer.value):
            return [Finding(code, number, f"“{question.text}” is not answered", where)]
        if question.type == "yes_partly_no" and answer.value in CONTRADICTING:
            return [Finding(code, number, f"The answer to “{question.text}” is {CONTRADICTING[answer.value]}",
                            where)]
        return []

    def _data(self, number: int, key: str) -> list[Finding]:
        data_field = self.framework.data_field(key)
        value = self.summary.values.get(key)
        code, where = f"{number}-data-{key}", Where("data_return")
        if value is None:
            return [Finding(code, number, f"{data_field.label}: not recorded in the data return", where)]
        if data_field.type != "date":
            return []
        try:
            when = date.fromisoformat(str(value))
        except ValueError:
            return [Finding(code, number, f"{data_field.label}: {value} is not a date", where)]
        gap = (self.approved_on - when).days
        if gap > REVIEW_WITHIN_DAYS:
            months = round(gap / 30.44, 1)
            return [Finding(code, number, f"{data_field.label}: {when:%-d %B %Y}, {months:g} months before "
                                          f"approval (more than twelve)", where)]
        if gap < 0:
            return [Finding(code, number, f"{data_field.label}: {when:%-d %B %Y} is after the approval date",
                            where)]
        return []

    def _action_plan(self, number: int, _key: str) -> list[Finding]:
        where = Where("action_plan")
        planned = [a for a in self.actions if a.status != "dismissed"]
        if not planned:
            return [Finding(f"{number}-action_plan-empty", number, "The action plan has no actions", where)]
        overdue = [a for a in planned if a.status != "done" and a.due_date
                   and a.due_date < self.approved_on.isoformat()]
        if overdue:
            titles = "; ".join(a.title for a in overdue[:3]) + ("…" if len(overdue) > 3 else "")
            return [Finding(f"{number}-action_plan-overdue", number,
                            f"{len(overdue)} action{'s are' if len(overdue) != 1 else ' is'} overdue: "
                            f"{titles}",
                            where)]
        return []

    def _data_return(self, number: int, _key: str) -> list[Finding]:
        where = Where("data_return")
        found = [Finding(f"{number}-warning-{w.key}", number,
                         f"Data return warning not resolved: {w.message}", where)
                 for w in self.summary.warnings]
        blank = required_blank(self.framework, self.summary.values)
        if blank:
            found.append(Finding(f"{number}-data_return-incomplete", number,
                                 f"{len(blank)} required figures are not entered", where))
        return found

    def _answers(self, number: int, _key: str) -> list[Finding]:
        left = missing(self.framework, self.profile, self.answers, self.summary.values)
        return [Finding(f"{number}-answers-{m.where.page}-{m.where.key}", number, m.text, m.where)
                for m in left]

    def _approval_date(self, number: int, _key: str) -> list[Finding]:
        end = reporting_year_end(self.framework)
        if end is not None and self.approved_on <= end:
            return [Finding(f"{number}-approval_date", number,
                            "The approval date is not after the end of the reporting year "
                            f"({end:%-d %B %Y})")]
        return []
