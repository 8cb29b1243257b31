"""Sector-scale data for `make bench-scale` and `make load`: N providers × Y years of complete assessments.

Rows are shaped as the app writes them (a submitted assessment with its sign-off, one task state per task,
one answer per applicable question from services/demo_answers, the audit events of a year's cycle, a stored
report snapshot, an editor and an approver per provider), but written with bulk INSERTs so that a thousand
providers × ten years (about a million answers) take well under a minute or two.

Every provider added here is extra: the demo providers and users are left as they are, so a page measured
for the demo provider on the small and on the large database reads the same provider's data.
"""

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import insert, select, text, update

from .extensions import db
from .framework import get_framework
from .models import (
    CONTEXT_KEY,
    DATA_RETURN_KEY,
    Answer,
    Assessment,
    AuditEvent,
    Membership,
    Provider,
    ReportSnapshot,
    TaskState,
    User,
    user_search_text,
)
from .services import progress
from .services.demo_answers import DEMO_DATA_RETURN, demo_answer, demo_profile
from .services.passwords import hash_password

FIRST_UKPRN = 10100000  # well clear of the demo providers (10099998, 10099999)
BENCH_PASSWORD = "bench-user-password"  # noqa: S105 - benchmark accounts on a throwaway database
# A placeholder "PDF": the pages list snapshots but never open them; a real one would only be bigger.
PLACEHOLDER_PDF = b"%PDF-1.7\n% selfassess bench placeholder\n" + b"0" * 2000 + b"\n%%EOF\n"


def years_back(count: int, last: str = "2025-26") -> list[str]:
    """`count` reporting years ending with `last`, oldest first: 2016-17 … 2025-26 for ten."""
    end = int(last[:4])
    return [f"{y}-{(y + 1) % 100:02d}" for y in range(end - count + 1, end + 1)]


def framework_for(year: str) -> str:
    """Years before the first shipped framework are assessed on it (framework_id is its own column)."""
    return "2025-26" if year >= "2025-26" else "2024-25"


def _year_rows(framework_id: str) -> tuple[list[str], list[dict]]:
    """Task keys and complete answers of one year on this framework (the same for every provider)."""
    framework = get_framework(framework_id)
    profile = demo_profile(framework)
    keys = [CONTEXT_KEY, *(s.key for s in framework.sections), DATA_RETURN_KEY]
    answers = []
    for section in framework.sections:
        if not progress.section_applies(framework, section, profile)[0]:
            continue
        questions, _ = progress.applicable_questions(framework, section, profile)
        for position, question in enumerate(questions):
            given = demo_answer(question, position, strength=0.5 + (position % 5) / 10)
            answers.append({"question_key": question.key, "value": given.value,
                            "evidence_note": given.evidence_note})
    return keys, answers


def build(providers: int, years: int, *, draft_current: bool = False, progress_line=print) -> dict:
    """Add `providers` providers with `years` submitted years each; returns row counts.

    With `draft_current` the newest year is complete but still a draft (the load test saves into it)."""
    start_id = (db.session.scalar(select(db.func.max(Provider.id))) or 0) + 1
    first = FIRST_UKPRN + start_id
    year_list = years_back(years)
    draft_year = year_list[-1] if draft_current else None
    shapes = {fid: _year_rows(fid) for fid in {framework_for(y) for y in year_list}}
    password_hash = hash_password(BENCH_PASSWORD)  # one Argon2 hash for every bench account
    when = datetime(2025, 11, 26, 12, 0)
    counts = {"providers": 0, "users": 0, "assessments": 0, "answers": 0, "task_states": 0, "audit": 0}
    batch = 50  # providers per transaction: big enough to be fast, small enough to keep memory flat
    for lo in range(0, providers, batch):
        n = min(batch, providers - lo)
        ukprns = [str(first + lo + i) for i in range(n)]
        db.session.execute(insert(Provider), [
            {"name": f"Bench Provider {u}", "ukprn": u, "created_at": when} for u in ukprns])
        provider_ids = dict(db.session.execute(
            select(Provider.ukprn, Provider.id).where(Provider.ukprn.in_(ukprns))).all())
        users = []
        for u in ukprns:
            for role in ("editor", "approver"):
                email, name = f"{role}@{u}.bench.ac.uk", f"Bench {role.title()} {u}"
                users.append({"email": email, "name": name, "search_text": user_search_text(name, email),
                              "password_hash": password_hash, "active": True, "is_admin": False,
                              "session_token": hashlib.sha256(f"{role}{u}".encode()).hexdigest(),
                              "created_at": when})
        db.session.execute(insert(User), users)
        user_ids = dict(db.session.execute(
            select(User.email, User.id).where(User.email.in_([x["email"] for x in users]))).all())
        db.session.execute(insert(Membership), [
            {"user_id": user_ids[f"{role}@{u}.bench.ac.uk"], "provider_id": provider_ids[u], "role": role}
            for u in ukprns for role in ("editor", "approver")])
        assessments = []
        for u in ukprns:
            for y in year_list:
                fid = framework_for(y)
                profile = demo_profile(get_framework(fid))
                assessments.append({
                    "provider_id": provider_ids[u], "year": y, "framework_id": fid, "status": "draft",
                    "profile": profile, "data_return": dict(DEMO_DATA_RETURN.get(fid, {})),
                    "created_at": when, "created_by_id": user_ids[f"editor@{u}.bench.ac.uk"],
                    "updated_at": when})
        db.session.execute(insert(Assessment), assessments)
        rows = db.session.execute(select(Assessment.id, Assessment.provider_id, Assessment.year,
                                         Assessment.framework_id)
                                  .where(Assessment.provider_id.in_(provider_ids.values()))).all()
        by_provider = {pid: u for u, pid in provider_ids.items()}
        states, answers, events, snapshots = [], [], [], []
        for aid, pid, year, fid in rows:
            u = by_provider[pid]
            editor, approver = user_ids[f"editor@{u}.bench.ac.uk"], user_ids[f"approver@{u}.bench.ac.uk"]
            keys, shape = shapes[fid]
            states += [{"assessment_id": aid, "task_key": k, "status": "completed", "version": 1,
                        "needs_review": False, "updated_at": when, "updated_by_id": editor} for k in keys]
            answers += [{"assessment_id": aid, "not_applicable": False, "na_reason": "", "evidence_links": [],
                         "carried_forward": False, "updated_at": when, "updated_by_id": editor, **a}
                        for a in shape]
            base = {"provider_id": pid, "assessment_id": aid}
            events.append({**base, "at": when, "user_id": editor, "action": "year_started",
                           "detail": {"year": year}})
            events += [{**base, "at": when + timedelta(minutes=i), "user_id": editor,
                        "action": "section_saved", "detail": {"section": k, "changed": []}}
                       for i, k in enumerate(keys[1:-1])]
            if year == draft_year:
                continue
            events.append({**base, "at": when + timedelta(hours=1), "user_id": editor,
                           "action": "sent_for_signoff", "detail": {}})
            events.append({**base, "at": when + timedelta(hours=2), "user_id": approver,
                           "action": "signed_off", "detail": {"name": "Chair", "version": 1}})
            snapshots.append({"assessment_id": aid, "number": 1, "pdf": PLACEHOLDER_PDF,
                              "sha256": hashlib.sha256(PLACEHOLDER_PDF).hexdigest(),
                              "filename": f"prevent-self-assessment-{u}-{year}.pdf", "created_at": when,
                              "created_by_id": approver})
        db.session.execute(insert(TaskState), states)
        db.session.execute(insert(Answer), answers)
        db.session.execute(insert(AuditEvent), events)
        db.session.execute(insert(ReportSnapshot), snapshots)
        # Submitted last, as the app does: the lock triggers refuse children of a submitted year.
        db.session.execute(
            update(Assessment).where(Assessment.provider_id.in_(provider_ids.values()),
                                     Assessment.year != (draft_year or "")).values(
                status="submitted", sent_for_signoff_at=when, submitted_at=when + timedelta(hours=2),
                signed_off_name="Chair of the Board", signed_off_role="Chair",
                governing_body_approved_on="2025-11-26", declaration="Agreed."))
        db.session.commit()
        counts["providers"] += n
        counts["users"] += len(users)
        counts["assessments"] += len(rows)
        counts["answers"] += len(answers)
        counts["task_states"] += len(states)
        counts["audit"] += len(events)
        if (lo // batch) % 5 == 4:
            progress_line(f"    {counts['providers']} providers, {counts['answers']} answers")
    db.session.execute(text("ANALYZE"))  # fresh planner statistics on both databases, as autovacuum would
    db.session.commit()
    return counts
