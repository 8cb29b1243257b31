"""The load test's saves are real saves the section page accepts, and its check finds a lost one."""

from selfassess import bench_data
from selfassess.extensions import db
from selfassess.loadtest.run import lost_saves
from selfassess.loadtest.scenario import YEAR, applicable_sections, section_fields
from selfassess.models import Assessment, TaskState


def test_every_section_save_of_the_load_test_is_accepted_and_checked(app, database_url):
    with app.app_context():
        bench_data.build(1, 2, draft_current=True, progress_line=lambda _line: None)
        ukprn = db.session.query(db.func.min(bench_data.Provider.ukprn)).scalar()
    client = app.test_client()
    assert client.post("/login", data={"email": f"editor@{ukprn}.bench.ac.uk",
                                       "password": bench_data.BENCH_PASSWORD}).status_code == 302
    saved = {}
    for section in applicable_sections():
        with app.app_context():
            version = db.session.query(TaskState.version).join(Assessment).filter(
                TaskState.task_key == section.key, Assessment.year == YEAR).scalar()
        data, key = section_fields(section, f"Load note {section.key}")
        response = client.post(f"/providers/{ukprn}/years/{YEAR}/sections/{section.key}",
                               data={**data, "version": str(version)})
        assert response.status_code == 302, (section.key, response.status_code)
        saved[key] = f"Load note {section.key}"
    assert lost_saves(database_url, {ukprn: saved}) == []
    first_key = next(iter(saved))
    lost = lost_saves(database_url, {ukprn: {first_key: "a note that was never saved"}})
    assert len(lost) == 1 and first_key in lost[0]


def test_the_load_test_refuses_a_negative_pause_with_one_line_before_touching_any_database(capsys, tmp_path):
    from selfassess.loadtest.run import main

    url = f"sqlite:///{tmp_path}/never-made.sqlite"
    assert main(["--database-url", url, "--think", "-1"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Error: ") and out.count("\n") == 1 and "--think" in out
    assert not (tmp_path / "never-made.sqlite").exists()
