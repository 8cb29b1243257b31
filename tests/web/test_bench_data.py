"""The sector-scale data used by make bench-scale and make load is what the app itself would have written:
complete years that the app reads as complete, locked once submitted, with people who can sign in."""

from selfassess import bench_data
from selfassess.extensions import db
from selfassess.models import Assessment, ReportSnapshot
from tests.conftest import page, text_of


def test_built_years_are_complete_submitted_and_readable_by_their_provider(app):
    with app.app_context():
        counts = bench_data.build(3, 2, draft_current=True, progress_line=lambda _line: None)
        first = db.session.query(db.func.min(bench_data.Provider.ukprn)).scalar()
        statuses = sorted({(a.year, a.status) for a in db.session.query(Assessment)})
        snapshots = db.session.query(ReportSnapshot).count()
    assert counts["providers"] == 3 and counts["assessments"] == 6 and counts["answers"] > 100
    assert statuses == [("2024-25", "submitted"), ("2025-26", "draft")]
    assert snapshots == 3  # one stored report per submitted year, none for the drafts
    client = app.test_client()
    assert client.post("/login", data={"email": f"editor@{first}.bench.ac.uk",
                                       "password": bench_data.BENCH_PASSWORD}).status_code == 302
    task_list = client.get(f"/providers/{first}/years/2025-26/")
    assert task_list.status_code == 200
    statuses_shown = [tag.get_text(strip=True) for tag in page(task_list).select(".govuk-task-list__status")]
    assert statuses_shown and set(statuses_shown) == {"Completed"}, statuses_shown
    assert client.get(f"/providers/{first}/years/2025-26/results").status_code == 200
    signoff = client.get(f"/providers/{first}/years/2024-25/sign-off")
    assert signoff.status_code == 200 and "Submitted" in text_of(signoff)


def test_years_back_counts_reporting_years_ending_with_the_current_one():
    assert bench_data.years_back(3) == ["2023-24", "2024-25", "2025-26"]
    assert bench_data.years_back(10)[0] == "2016-17"
    assert bench_data.framework_for("2016-17") == "2024-25"
    assert bench_data.framework_for("2025-26") == "2025-26"
