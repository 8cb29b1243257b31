"""`flask export`, `import` and `backup`: each works; each bad input is one line starting Error:, exit 1."""

import json

import pytest

from selfassess.extensions import db
from selfassess.models import Assessment
from selfassess.services import assessments, exports
from tests.exports.helpers import live_fingerprint, remove_year, user_named, year_state


def invoke(runner, *args, input=None):
    return runner.invoke(args=list(args), input=input)


def _one_error_line(result, message):
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("Error: ") and message in lines[0], lines
    assert "Traceback" not in result.output


def _without_time(document):
    return {k: v for k, v in document.items() if k != "exported_at"}


def test_export_to_standard_output_and_to_a_file(app, runner, filled, tmp_path):
    email, ukprn, year = filled
    with app.app_context():
        expected = exports.export_year(user_named(email), ukprn, year)
    result = invoke(runner, "export", "--ukprn", ukprn, "--year", year)
    assert result.exit_code == 0, result.output
    assert _without_time(json.loads(result.stdout)) == _without_time(expected)
    out = tmp_path / "year.json"
    result = invoke(runner, "export", "--ukprn", ukprn, "--year", year, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"Exported Test University {year} to {out}" in result.stderr
    assert _without_time(json.loads(out.read_text())) == _without_time(expected)


def test_import_fills_a_fresh_draft_exactly(app, runner, filled, tmp_path):
    email, ukprn, year = filled
    out = tmp_path / "year.json"
    assert invoke(runner, "export", "--ukprn", ukprn, "--year", year, "--out", str(out)).exit_code == 0
    with app.app_context():
        before = year_state(ukprn, year)
        remove_year(ukprn, year)
        assessments.start_year(user_named(email), ukprn, year)
    result = invoke(runner, "import", "--ukprn", ukprn, "--year", year, str(out))
    assert result.exit_code == 0, result.output
    assert f"Imported {out} into {ukprn} {year}: {len(before['answers'])} answers" in result.output
    with app.app_context():
        assert year_state(ukprn, year) == before


def test_import_lists_every_problem_after_a_one_line_summary(app, runner, filled, tmp_path):
    _, ukprn, year = filled
    with app.app_context():
        document = exports.operator_export_year(ukprn, year)
    document["data_return"]["es_approved_no_conditions"] = -1
    document["answers"]["no_such_question"] = {"value": "yes"}
    document["schema_version"] = 7
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    with app.app_context():
        before = live_fingerprint()
    result = invoke(runner, "import", "--ukprn", ukprn, "--year", year, str(bad))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == ("Error: The file was not imported: 3 problems found, and nothing was saved. "
                        "Correct the file or export it again, then import it again")
    assert len(lines) == 4 and all(line.startswith("  ") for line in lines[1:])
    assert any("figures cannot be negative" in line for line in lines)
    assert "Traceback" not in result.output
    with app.app_context():
        assert live_fingerprint() == before


@pytest.fixture
def files(tmp_path, app, filled):
    _, ukprn, year = filled
    with app.app_context():
        good = exports.operator_export_year(ukprn, year)
    paths = {"good": tmp_path / "good.json", "broken": tmp_path / "broken.json", "dir": tmp_path}
    paths["good"].write_text(json.dumps(good))
    paths["broken"].write_text('{"schema_version": 1,')
    return paths


BAD_COMMANDS = [
    (["export", "--ukprn", "19999999", "--year", "2025-26"], "There is no provider with UKPRN 19999999"),
    (["export", "--ukprn", "10000001", "--year", "2019-20"], "has no 2019-20 self-assessment"),
    (["export", "--year", "2025-26"], "Missing option '--ukprn'"),
    (["export", "--ukprn", "10000001", "--year", "2025-26", "--out", "{dir}/missing/x.json"],
     "could not write"),
    (["import", "--ukprn", "19999999", "--year", "2025-26", "{good}"], "There is no provider with UKPRN"),
    (["import", "--ukprn", "10000001", "--year", "2019-20", "{good}"], "has no 2019-20 self-assessment"),
    (["import", "--ukprn", "10000001", "--year", "2025-26", "{dir}/nothing-here.json"], "could not read"),
    (["import", "--ukprn", "10000001", "--year", "2025-26", "{dir}"], "could not read"),
    (["import", "--ukprn", "10000001", "--year", "2025-26", "{broken}"], "The file cannot be read"),
    (["import", "--ukprn", "10000001", "--year", "2025-26"], "Missing argument 'FILE'"),
    (["backup", "--out", "{dir}/missing/backup.db"], "does not exist"),
    (["backup"], "Missing option '--out'"),
]


@pytest.mark.parametrize("args, message", BAD_COMMANDS,
                         ids=[" ".join(a[:1] + a[-1:]) for a, _ in BAD_COMMANDS])
def test_each_bad_input_is_one_line_and_exit_1(app, runner, files, args, message):
    args = [arg.format(**files) for arg in args]
    with app.app_context():
        before = live_fingerprint()
    _one_error_line(invoke(runner, *args), message)
    with app.app_context():
        assert live_fingerprint() == before


@pytest.mark.parametrize("status, label", [("submitted", "submitted"),
                                           ("awaiting_signoff", "awaiting sign-off")])
def test_import_refuses_a_year_that_is_not_a_draft(app, runner, files, status, label):
    with app.app_context():
        db.session.query(Assessment).one().status = status
        db.session.commit()
        before = live_fingerprint()
    result = invoke(runner, "import", "--ukprn", "10000001", "--year", "2025-26", str(files["good"]))
    _one_error_line(result, f"is {label} and cannot be changed")
    with app.app_context():
        assert live_fingerprint() == before


def test_export_works_for_a_submitted_year_and_carries_the_sign_off(app, runner, filled):
    _, ukprn, year = filled
    with app.app_context():
        assessment = db.session.query(Assessment).one()
        assessment.signed_off_name, assessment.signed_off_role = "Sam Chair", "Chair of the Board"
        assessment.governing_body_approved_on = "2026-07-01"
        assessment.status = "submitted"
        db.session.commit()
    result = invoke(runner, "export", "--ukprn", ukprn, "--year", year)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["status"] == "submitted"
    assert document["sign_off"]["signed_off_name"] == "Sam Chair"
    assert document["sign_off"]["governing_body_approved_on"] == "2026-07-01"
