"""Does one provider's sign-off slow another provider's saves? `python -m selfassess.bench_signoff`

In a temporary SQLite database (the single-writer case, where it matters most): provider A has a complete
2025-26 year awaiting sign-off; provider B's editor saves a section over and over. B's save latency is
measured (median and worst of the saves) three ways:
- baseline: nobody signing off;
- during A's sign-off as it is now: the final PDF rendered before the write lock is taken;
- for comparison, the old way: the same render done while holding the write lock (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from pathlib import Path

YEAR = "2025-26"
A, B = "10990001", "10990002"
PASSWORD = "bench-sign-off-pass"  # noqa: S105 - a throwaway database's accounts


def _seed(app) -> None:
    from .extensions import db
    from .framework import get_framework
    from .models import CONTEXT_KEY, DATA_RETURN_KEY, ActionItem, Answer, Assessment, TaskState
    from .services import accounts, progress, providers
    from .services.demo_answers import demo_answer, demo_profile

    framework = get_framework(YEAR)
    profile = demo_profile(framework)
    with app.app_context():
        for ukprn, status in ((A, "awaiting_signoff"), (B, "draft")):
            provider = providers.create_provider(f"Bench {ukprn}", ukprn)
            accounts.create_user(f"approver@{ukprn}.ac.uk", "Approver", PASSWORD, provider_ukprn=ukprn,
                                 role="approver")
            accounts.create_user(f"editor@{ukprn}.ac.uk", "Editor", PASSWORD, provider_ukprn=ukprn,
                                 role="editor")
            data_return = {f.key: (100 if f.key == "case_concerns_raised" else 6) if f.type == "number"
                           else "2026-06-30" for f in framework.data_fields()}
            year = Assessment(provider_id=provider.id, year=YEAR, framework_id=YEAR, status="draft",
                              profile=profile, data_return=data_return)
            db.session.add(year)
            db.session.flush()
            for key in (CONTEXT_KEY, *(s.key for s in framework.sections), DATA_RETURN_KEY):
                db.session.add(TaskState(assessment_id=year.id, task_key=key, status="completed"))
            for section in framework.sections:
                if progress.section_applies(framework, section, profile)[0]:
                    questions, _ = progress.applicable_questions(framework, section, profile)
                    for n, question in enumerate(questions):
                        db.session.add(Answer(assessment_id=year.id, question_key=question.key,
                                              value=demo_answer(question, n).value))
            db.session.add(ActionItem(assessment_id=year.id, question_key="ra_tensions",
                                      title="Map tensions", owner="Prevent lead", due_date="2027-03-31",
                                      status="in_progress"))
            db.session.flush()
            year.status = status
        db.session.commit()


def _saves_while(app, busy: threading.Thread | None, failed: list, count: int = 20) -> list[float]:
    """B's section saves, one after another, while `busy` runs (or `count` of them). A save that fails
    because the database stayed locked beyond the busy timeout is counted in `failed`."""
    from sqlalchemy.exc import OperationalError

    from .extensions import db
    from .framework import get_framework
    from .models import Assessment, User
    from .services import answers, progress

    framework = get_framework(YEAR)
    times = []
    with app.app_context():
        section = framework.sections[0]
        profile = db.session.query(Assessment.profile).filter_by(year=YEAR).first()[0]
        question = progress.applicable_questions(framework, section, profile)[0][0]
        if busy is not None:
            busy.start()
            time.sleep(0.05)
        n = 0
        while (busy is not None and busy.is_alive()) or (busy is None and n < count):
            value = ("yes", "partly")[n % 2]
            editor = db.session.query(User).filter_by(email=f"editor@{B}.ac.uk").one()
            start = time.perf_counter()
            try:
                answers.save_section(editor, B, YEAR, section.key,
                                     {question.key: answers.AnswerInput(value, evidence_note=f"save {n}")},
                                     seen_version=None, completed=False)
            except OperationalError:  # "database is locked": the busy timeout ran out; the save failed
                failed.append(time.perf_counter() - start)
            times.append(time.perf_counter() - start)
            db.session.remove()
            n += 1
            time.sleep(0.02)  # a person's pace is far slower; this keeps the writer busy but not saturated
        if busy is not None:
            busy.join()
    return times


def _sign_off(app, inside_lock: bool, took: dict) -> threading.Thread:
    def run():
        from .extensions import db
        from .models import User
        from .services import assessments, reports, signoff
        from .services.transaction import writing

        with app.app_context():
            approver = db.session.query(User).filter_by(email=f"approver@{A}.ac.uk").one()
            start = time.perf_counter()
            if inside_lock:  # the old way: render while holding the write lock
                year_access = assessments.load_year(approver, A, YEAR)
                with writing():
                    signoff._locked_row(year_access.assessment)
                    reports.render_pdf(reports.context_for(year_access))
            else:
                year_access = assessments.load_year(approver, A, YEAR)
                found = signoff.readiness(year_access)
                details = signoff.SignOff("Bench Chair", "Chair", time.strftime("%Y-%m-%d"), True,
                                          {f.code: "Explained for the benchmark." for f in found.exceptions})
                signoff.sign_off(approver, A, YEAR, details)
            took["sign_off_s"] = time.perf_counter() - start
            db.session.remove()

    return threading.Thread(target=run)


def _summary(times: list[float], failed: list[float]) -> str:
    return (f"median {statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms "
            f"over {len(times)} saves, {len(failed)} failed (database locked)")


def main() -> None:
    from . import create_app
    from .services import schema

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        app = create_app({"SECRET_KEY": "bench-sign-off-secret-0123456789", "DATABASE_URL": url,
                          "REPORT_CACHE_DIR": str(Path(folder) / "cache")})
        with app.app_context():
            schema.upgrade_to_head()
        _seed(app)
        failures = {"baseline": [], "old": [], "new": []}
        baseline = _saves_while(app, None, failures["baseline"])
        old_took, new_took = {}, {}
        old = _saves_while(app, _sign_off(app, True, old_took), failures["old"])
        new = _saves_while(app, _sign_off(app, False, new_took), failures["new"])
    print("Provider B's section save, nobody signing off:            "
          + _summary(baseline, failures["baseline"]))
    print(f"... while A renders inside the write lock (the old way):  {_summary(old, failures['old'])} "
          f"(render {old_took['sign_off_s']:.2f} s)")
    print(f"... while A signs off, rendering before the lock (now):   {_summary(new, failures['new'])} "
          f"(sign-off {new_took['sign_off_s']:.2f} s)")


if __name__ == "__main__":
    main()
