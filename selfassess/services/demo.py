"""Demo data for local use: two providers, one user per role and an administrator.

The passwords are for local demonstration only; they are printed by `make run` and listed in the README.
Loading is idempotent: anything already present is left as it is.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..framework import get_framework
from ..models import CONTEXT_KEY, DATA_RETURN_KEY, Answer, Assessment, Provider, TaskState, User
from . import accounts, action_plan, assessments, demo_board_paper, progress, providers
from .demo_answers import DEMO_DATA_RETURN, demo_answer, demo_profile
from .results import scorecard_for
from .transaction import writing


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    password: str
    ukprn: str | None
    role: str | None
    is_admin: bool = False


DEMO_PROVIDERS = (("Demo University", "10099999"), ("Example College", "10099998"))
DEMO_USERS = (
    DemoUser("editor@demo.ac.uk", "Priya Editor (Prevent lead)", "demo-editor-pass", "10099999", "editor"),
    DemoUser("approver@demo.ac.uk", "Alex Approver (Chair of Council)", "demo-approver-pass", "10099999",
             "approver"),
    DemoUser("viewer@demo.ac.uk", "Val Viewer (Governor)", "demo-viewer-pass", "10099999", "viewer"),
    DemoUser("editor@example-college.ac.uk", "Ezra Editor (Example College)", "demo-college-pass",
             "10099998", "editor"),
    DemoUser("admin@selfassess.test", "Ada Administrator", "demo-admin-pass!", None, None, True),
)


def load_demo() -> list[str]:
    """Create whatever demo data is missing; returns a line per thing created."""
    created = []
    for name, ukprn in DEMO_PROVIDERS:
        if db.session.scalar(select(Provider.id).where(Provider.ukprn == ukprn)) is None:
            providers.create_provider(name, ukprn)
            created.append(f"provider {name} ({ukprn})")
    for demo in DEMO_USERS:
        if db.session.scalar(select(User.id).where(User.email == demo.email)) is None:
            accounts.create_user(demo.email, demo.name, demo.password, is_admin=demo.is_admin,
                                 provider_ukprn=demo.ukprn, role=demo.role)
            created.append(f"user {demo.email}")
    created += _demo_years()
    return created


# 2024-25 complete and submitted; 2025-26 in progress with the context and five sections done.
DEMO_YEARS = (("2024-25", "submitted", None, 0.6), ("2025-26", "draft", 5, 0.8))


def _demo_years() -> list[str]:
    created = []
    provider = db.session.scalar(select(Provider).where(Provider.ukprn == DEMO_PROVIDERS[0][1]))
    editor = db.session.scalar(select(User).where(User.email == DEMO_USERS[0].email))
    for year, status, sections_done, strength in DEMO_YEARS:
        exists = db.session.scalar(select(Assessment.id).where(Assessment.provider_id == provider.id,
                                                                Assessment.year == year))
        if exists:
            continue
        with writing():
            _create_year(provider, editor, year, "awaiting_signoff" if status == "submitted" else status,
                         sections_done, strength)
        if status == "submitted":
            _sign_off_demo_year(provider, year)
        else:
            _agree_demo_actions(provider, editor, year)
            demo_board_paper.add_board_paper(editor, provider.ukprn, year, get_framework(year))
        created.append(f"{provider.name} {year} ({status})")
    return created


def _sign_off_demo_year(provider, year) -> None:
    """Sign the year off as the demo approver would, so its PDF is stored exactly as submitted. Each
    exception the sign-off checks still find is acknowledged with the explanation a governing body would
    minute, so the declaration is consistent with the answers."""
    from . import signoff

    approver = db.session.scalar(select(User).where(User.email == DEMO_USERS[1].email))
    approved_on = DEMO_APPROVED_ON.get(year, "2025-11-26")
    year_access = assessments.load_year(approver, provider.ukprn, year)
    found = signoff.readiness(year_access, date.fromisoformat(approved_on))
    explanations = {finding.code: _demo_explanation(finding) for finding in found.exceptions}
    details = signoff.SignOff("Dr Morgan Reed", "Chair of Council", approved_on, True, explanations)
    signoff.sign_off(approver, provider.ukprn, year, details)


# What the demo's Council minuted for each kind of exception (by the statement's evidence).
DEMO_EXPLANATIONS = {
    "answer-ra_action_plan": "Two actions in the committee register had no deadline; Council set them at the "
                             "approval meeting and will review progress at its March meeting.",
    "answer-lg_ofs_notifications": "No reportable event occurred this year; the log of decisions on whether "
                                   "to report is being set up and Council will see it in March.",
    "answer-ra_refreshed": "The refresh was completed by the Prevent oversight group in October and is "
                           "scheduled for Council's approval at its next meeting.",
    "data-date_risk_assessment_reviewed": "The review slipped by weeks while the new Prevent lead started; "
                                          "the refreshed assessment went to the oversight group in October.",
    "action_plan-empty": "The actions were tracked in the committee's own register this year; they are "
                         "being moved into the tool for next year.",
    "action_plan-overdue": "Council agreed revised dates for the overdue actions at the approval meeting.",
}


def _demo_explanation(finding) -> str:
    kind = finding.code.split("-", 1)[1]
    return DEMO_EXPLANATIONS.get(kind, "Council discussed this at the approval meeting and accepted the "
                                       "Prevent lead's account of it, recorded in the minutes.")


DEMO_APPROVED_ON = {"2024-25": "2025-11-26"}

# Owners are roles, never named individuals: the tool keeps no personal data about people.
DEMO_ACTIONS = (
    ("Prevent lead", "2026-01-31", "in_progress"),
    ("Director of Student Services", "2026-03-31", "not_started"),
    ("Head of Safeguarding", "2026-03-31", "not_started"),
    ("University Secretary", "2026-06-30", "not_started"),
)


def _agree_demo_actions(provider, editor, year) -> None:
    """Accept the heaviest answered gaps of an in-progress year into its action plan, as its Prevent lead
    would after reading the results, so the demo's plan and report show agreed actions with owners."""
    assessment = db.session.scalar(select(Assessment).where(Assessment.provider_id == provider.id,
                                                            Assessment.year == year))
    answered_gaps = [gap for gap in scorecard_for(assessment).gaps if gap.answered]
    for gap, (owner, due, status) in zip(answered_gaps, DEMO_ACTIONS, strict=False):
        action_plan.save_action(editor, provider.ukprn, year, gap.question_key,
                                action_plan.ActionInput(gap.action, owner, due, status))


def _create_year(provider, editor, year, status, sections_done, strength) -> None:
    framework = get_framework(year)
    profile = demo_profile(framework)
    assessment = Assessment(provider_id=provider.id, year=year, framework_id=year, status="draft",
                            profile=profile, data_return=dict(DEMO_DATA_RETURN.get(year, {})),
                            created_by_id=editor.id)
    db.session.add(assessment)
    db.session.flush()
    done = [s for s in framework.sections if progress.section_applies(framework, s, profile)[0]]
    done = done if sections_done is None else done[:sections_done]

    def state(key, task_status):
        db.session.add(TaskState(assessment_id=assessment.id, task_key=key, status=task_status,
                                 version=1 if task_status != "not_started" else 0, updated_by_id=editor.id))

    state(CONTEXT_KEY, "completed")
    for section in framework.sections:
        state(section.key, "completed" if section in done else "not_started")
        if section not in done:
            continue
        questions, _ = progress.applicable_questions(framework, section, profile)
        for position, question in enumerate(questions):
            answer = demo_answer(question, position, strength=strength, year=year)
            db.session.add(Answer(assessment_id=assessment.id, question_key=question.key, value=answer.value,
                                  evidence_note=answer.evidence_note, updated_by_id=editor.id))
    state(DATA_RETURN_KEY, "completed" if sections_done is None else "in_progress")
    db.session.flush()  # the year's rows go in before it is locked by being submitted
    assessment.status = status


def sign_in_lines() -> list[str]:
    lines = []
    for demo in DEMO_USERS:
        what = "administrator" if demo.is_admin else f"{demo.role} at UKPRN {demo.ukprn}"
        lines.append(f"  {demo.email:<32} {demo.password:<20} {what}")
    return lines


def reset_demo() -> list[str]:
    """Remove the demo providers (with every year, stored report and audit event) and the demo sign-ins,
    then load the demo again: the state the README describes, after trying the sign-off journey."""
    from ..models import AuditEvent, Membership, ReopenRecord, ReportSnapshot

    with writing():
        provider_ids = list(db.session.scalars(
            select(Provider.id).where(Provider.ukprn.in_([ukprn for _, ukprn in DEMO_PROVIDERS]))))
        year_ids = select(Assessment.id).where(Assessment.provider_id.in_(provider_ids))
        # A submitted year is locked by triggers; reopening it, as an administrator can (with a reopen
        # record, which the database requires in the same transaction), lets it go.
        submitted = list(db.session.scalars(select(Assessment.id).where(
            Assessment.provider_id.in_(provider_ids), Assessment.status == "submitted")))
        for assessment_id in submitted:
            db.session.add(ReopenRecord(assessment_id=assessment_id, reason="flask demo --reset"))
        db.session.flush()
        db.session.execute(Assessment.__table__.update().where(Assessment.id.in_(submitted)).values(status="draft"))
        db.session.execute(ReportSnapshot.__table__.delete().where(ReportSnapshot.assessment_id.in_(year_ids)))
        db.session.execute(AuditEvent.__table__.delete().where(AuditEvent.provider_id.in_(provider_ids)))
        db.session.execute(Assessment.__table__.delete().where(Assessment.provider_id.in_(provider_ids)))
        db.session.execute(Membership.__table__.delete().where(Membership.provider_id.in_(provider_ids)))
        db.session.execute(Provider.__table__.delete().where(Provider.id.in_(provider_ids)))
        db.session.execute(User.__table__.delete().where(User.email.in_([u.email for u in DEMO_USERS])))
    db.session.expire_all()
    return load_demo()
