"""Operator commands: each works, and each kind of bad input is one clear line and exit code 1."""

import pytest

from selfassess.extensions import db
from selfassess.models import Membership, Provider, User


def invoke(runner, *args, input=None):
    return runner.invoke(args=list(args), input=input)


def test_create_provider(app, runner):
    result = invoke(runner, "create-provider", "--name", "New University", "--ukprn", "10012345")
    assert result.exit_code == 0, result.output
    assert "Created provider New University (10012345)" in result.output
    with app.app_context():
        assert db.session.query(Provider).filter_by(ukprn="10012345").one().name == "New University"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--name", "Short", "--ukprn", "1001234"], "UKPRN must be 8 digits starting with 1"),
        (["--name", "Letters", "--ukprn", "1001234X"], "UKPRN must be 8 digits starting with 1"),
        (["--name", "", "--ukprn", "10012345"], "Enter the provider's name"),
        (["--ukprn", "10012345"], "Missing option '--name'"),
        (["--name", "X", "--ukprn", "10012345", "--colour", "red"], "No such option '--colour'"),
    ],
)
def test_create_provider_bad_input(app, runner, args, message):
    result = invoke(runner, "create-provider", *args)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line]
    assert len(lines) == 1 and message in lines[0], lines
    assert "Traceback" not in result.output


def test_duplicate_provider_is_refused(app, runner, factory):
    factory.provider("Old", "10012345")
    result = invoke(runner, "create-provider", "--name", "Again", "--ukprn", "10012345")
    assert result.exit_code == 1 and "already exists" in result.output


def test_create_user_with_password_from_stdin(app, runner, factory):
    ukprn = factory.provider("Mine", "10012345")
    result = invoke(
        runner,
        "create-user",
        "--email",
        "Lead@Mine.ac.uk",
        "--name",
        "Lead",
        "--provider",
        ukprn,
        "--role",
        "editor",
        "--password-stdin",
        input="a-long-enough-password\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.query(User).filter_by(email="lead@mine.ac.uk").one()
        assert db.session.query(Membership).filter_by(user_id=user.id).one().role == "editor"


def test_create_user_with_password_from_the_prompt(app, runner):
    result = invoke(
        runner,
        "create-user",
        "--email",
        "admin@x.ac.uk",
        "--name",
        "Admin",
        "--admin",
        input="a-long-enough-password\na-long-enough-password\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.query(User).filter_by(email="admin@x.ac.uk").one().is_admin


@pytest.mark.parametrize(
    "args, password, message",
    [
        (["--email", "a@x.ac.uk", "--name", "A"], "short-pass", "Password must be 12 characters or more"),
        (
            ["--email", "a@x.ac.uk", "--name", "A", "--provider", "10012345", "--role", "boss"],
            "a-long-enough-password",
            "Role must be one of: editor, approver, viewer",
        ),
        (
            ["--email", "a@x.ac.uk", "--name", "A", "--provider", "19999999", "--role", "editor"],
            "a-long-enough-password",
            "No provider has the UKPRN 19999999",
        ),
        (["--email", "not-an-email", "--name", "A"], "a-long-enough-password", "Enter an email address"),
        (["--email", "TAKEN@x.ac.uk", "--name", "A"], "a-long-enough-password", "already exists"),
        (
            ["--email", "a@x.ac.uk", "--name", "A", "--role", "editor"],
            "a-long-enough-password",
            "--provider and --role must be given together",
        ),
    ],
    ids=["short password", "unknown role", "unknown provider", "bad email", "duplicate email", "role alone"],
)
def test_create_user_bad_input(app, runner, factory, args, password, message):
    factory.provider("Mine", "10012345")
    factory.user(email="taken@x.ac.uk")
    result = invoke(runner, "create-user", *args, "--password-stdin", input=password + "\n")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line]
    assert len(lines) == 1 and lines[0].startswith("Error:") and message in lines[0], lines
    with app.app_context():
        assert db.session.query(User).filter_by(email="a@x.ac.uk").count() == 0


def test_demo_is_idempotent_and_prints_the_sign_ins(app, runner):
    first = invoke(runner, "demo")
    assert first.exit_code == 0, first.output
    assert "editor@demo.ac.uk" in first.output and "demo-editor-pass" in first.output
    second = invoke(runner, "demo")
    assert second.exit_code == 0 and "nothing was missing" in second.output
    with app.app_context():
        assert {p.ukprn for p in db.session.query(Provider)} == {"10099999", "10099998"}
        roles = {(m.user.email, m.provider.ukprn, m.role) for m in db.session.query(Membership)}
    assert ("viewer@demo.ac.uk", "10099999", "viewer") in roles
    assert ("editor@example-college.ac.uk", "10099998", "editor") in roles


def test_demo_sign_ins_work(app, runner):
    from selfassess.services.demo import DEMO_USERS

    invoke(runner, "demo", "--quiet")
    client = app.test_client()
    for demo in DEMO_USERS:
        response = client.post("/login", data={"email": demo.email, "password": demo.password})
        assert response.status_code == 302, demo.email
        client.post("/logout")


def test_init_db_is_idempotent(app, runner):
    for _ in range(2):
        result = invoke(runner, "init-db")
        assert result.exit_code == 0 and "Database is at revision" in result.output


def test_init_db_reports_an_unusable_database_in_one_line(tmp_path):
    from tests.conftest import make_app

    app = make_app(f"sqlite:///{tmp_path / 'missing-dir' / 'x.sqlite'}")
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: could not migrate the database")
    assert "Traceback" not in result.output


def test_framework_check_summarises_the_shipped_files(runner):
    result = invoke(runner, "framework-check")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split(":")[0] for line in lines] == ["2024-25.yaml", "2025-26.yaml"]
    assert all(
        "ok" in line and "sections" in line and "questions" in line and "data-return fields" in line
        for line in lines
    )


def test_framework_check_lists_every_problem_of_a_broken_file(runner, tmp_path):
    from selfassess.framework import FRAMEWORKS_DIR

    text = (FRAMEWORKS_DIR / "2025-26.yaml").read_text()
    (tmp_path / "2024-25.yaml").write_text((FRAMEWORKS_DIR / "2024-25.yaml").read_text())
    broken = tmp_path / "2025-26.yaml"
    broken.write_text(text.replace("weight: 3", "weight: 0", 1).replace("weight: 2", "weight: -1", 1))
    result = invoke(runner, "framework-check", str(broken))
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if line]
    assert len(problems) == 2
    assert all(
        line.startswith("Error: 2025-26.yaml: ") and "must be greater than 0" in line for line in problems
    )
    assert "Traceback" not in result.output


def test_framework_check_on_a_missing_file_is_one_clear_line(runner, tmp_path):
    result = invoke(runner, "framework-check", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1 and "nope.yaml" in result.output
