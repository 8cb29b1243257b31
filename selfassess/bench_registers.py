"""Register figures for `make bench`: a year with 10,000 events and 2,000 concerns (plus training and
incidents), on SQLite. Targets: computing the data return's register figures < 50 ms; every register page
(paginated) < 100 ms through the in-process test client.

    python -m selfassess.bench_registers
"""

import random
import tempfile
from pathlib import Path

EVENTS, CONCERNS, TRAINING, INCIDENTS = 10_000, 2_000, 400, 40
UKPRN = "10099999"  # the demo provider
YEAR = "2025-26"


def _fill(app) -> None:
    from sqlalchemy import select

    from .extensions import db
    from .models import (
        Assessment,
        Provider,
        RegisterConcern,
        RegisterEvent,
        RegisterIncident,
        RegisterTraining,
        utcnow,
    )
    from .services.registers import concerns, events, incidents, training

    rng = random.Random(16)  # noqa: S311 - reproducible sample data, not security
    with app.app_context():
        provider = db.session.scalar(select(Provider).where(Provider.ukprn == UKPRN))
        year = db.session.scalar(select(Assessment).where(Assessment.provider_id == provider.id,
                                                          Assessment.year == YEAR))
        now = utcnow()
        decisions = [value for value, _ in events.DECISIONS]
        db.session.execute(RegisterEvent.__table__.insert(), [{
            "assessment_id": year.id, "event_date": f"2025-{rng.randint(8, 12):02d}-{rng.randint(1, 28):02d}",
            "title": f"Event {n}", "organiser_type": "su_society", "mode": "in_person", "triage": "low",
            "decision": rng.choice(decisions), "rejection_reason": "", "conditions": [],
            "escalated": rng.random() < 0.05, "appealed": False, "days_to_decision": rng.randint(1, 20),
            "booking_reference": "", "updated_at": now} for n in range(EVENTS)])
        db.session.execute(RegisterConcern.__table__.insert(), [{
            "assessment_id": year.id, "reference": f"C-{n}", "opened_month": f"2025-{rng.randint(8, 12):02d}",
            "stage": rng.choice([s for s, _ in concerns.STAGES]),
            "concern_type": rng.choice([t for t, _ in concerns.TYPES]), "feedback_sought": False,
            "closed": False, "notes": "", "updated_at": now} for n in range(CONCERNS)])
        db.session.execute(RegisterTraining.__table__.insert(), [{
            "assessment_id": year.id,
            "session_date": f"2025-{rng.randint(8, 12):02d}-{rng.randint(1, 28):02d}",
            "tier": rng.choice([t for t, _ in training.TIERS]), "audience": "Staff",
            "attended": rng.randint(5, 60),
            "updated_at": now} for _ in range(TRAINING)])
        db.session.execute(RegisterIncident.__table__.insert(), [{
            "assessment_id": year.id, "incident_date": "2025-11-01",
            "kind": rng.choice([k for k, _ in incidents.KINDS]),
            "summary": "", "ofs_told": True, "ofs_told_on": "2025-11-02", "ofs_reference": "R",
            "updated_at": now} for _ in range(INCIDENTS)])
        db.session.commit()
        db.session.remove()


def run(runs: int = 30) -> dict:
    from .bench import _app, _median_ms
    from .extensions import db
    from .framework import get_framework
    from .models import Assessment
    from .services.registers import fill

    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp))
        _fill(app)
        figures = {}
        with app.app_context():
            year = db.session.query(Assessment).filter_by(year=YEAR).join(Assessment.provider).first()
            keys = {f.key for f in get_framework(YEAR).data_fields()}
            figures["data_return_ms"] = _median_ms(lambda: fill.compute(year.id, keys), runs)
            db.session.remove()
        client = app.test_client()
        assert client.post("/login", data={"email": "editor@demo.ac.uk", "password": "demo-editor-pass"}
                           ).status_code == 302
        base = f"/providers/{UKPRN}/years/{YEAR}"
        urls = {"registers dashboard": f"{base}/registers/",
                **{f"{key} register": f"{base}/registers/{key}/" for key in ("events", "concerns", "training",
                                                                              "incidents")},
                "events register, last page": f"{base}/registers/events/?page=200",
                "evidence register": f"/providers/{UKPRN}/evidence/"}
        pages = {"bare route (/healthz), for scale": _median_ms(lambda: client.get("/healthz"), runs)}
        for name, url in urls.items():
            assert client.get(url).status_code == 200, url
            pages[name] = _median_ms(lambda url=url: client.get(url), runs)
        figures["pages_ms"] = pages
        return figures


def main() -> None:
    figures = run()
    print(f"  registers: {EVENTS:,} events, {CONCERNS:,} concerns, {TRAINING} training sessions, "
          f"{INCIDENTS} incidents in one year")
    print(f"  data return from the registers         {figures['data_return_ms']:.2f} ms  (target < 50 ms)")
    for name, ms in figures["pages_ms"].items():
        target = "" if name.startswith("bare") else "  (target < 100 ms)"
        print(f"  {name:<38} {ms:.2f} ms{target}")


if __name__ == "__main__":
    main()
