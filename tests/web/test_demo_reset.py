"""Trying the app out: `flask demo --reset` puts the demo back after the sign-off journey, and `make run`
(scripts/run.sh) says the address it really serves."""

import os
import subprocess
import time
import urllib.request
from pathlib import Path

from sqlalchemy import func, select

from selfassess.extensions import db
from selfassess.models import Answer, Assessment, Provider, ReopenRecord, User
from tests.conftest import sign_in
from tests.smtp_server import free_port

ROOT = Path(__file__).resolve().parents[2]


def demo_state():
    years = db.session.execute(select(Assessment.year, Assessment.status).order_by(Assessment.year)).all()
    return years, db.session.scalar(select(func.count(Answer.id)))


def test_demo_reset_asks_first_then_restores_the_demo(app, runner):
    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    with app.app_context():
        fresh = demo_state()
        # trying the journey: an administrator reopens the submitted year, an editor changes a password
        for year_id in db.session.scalars(select(Assessment.id).where(Assessment.status == "submitted")):
            db.session.add(ReopenRecord(assessment_id=year_id, reason="trying the journey"))
        db.session.flush()  # the database lets a year leave 'submitted' only with a reopen record
        db.session.execute(Assessment.__table__.update().values(status="draft"))
        db.session.execute(User.__table__.update().where(User.email == "editor@demo.ac.uk")
                           .values(password_hash="changed"))
        db.session.commit()

    refused = runner.invoke(args=["demo", "--reset"], input="n\n")
    assert refused.exit_code == 1 and "Error: nothing was changed" in refused.output

    result = runner.invoke(args=["demo", "--reset", "--yes", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Demo reset" in result.output
    with app.app_context():
        assert demo_state() == fresh
        assert db.session.scalar(select(func.count(Provider.id))) == 2
    sign_in(app.test_client(), "editor@demo.ac.uk", "demo-editor-pass")


def test_demo_reset_is_refused_in_production(app, runner):
    app.config["ENV_NAME"] = "production"
    result = runner.invoke(args=["demo", "--reset", "--yes"])
    assert result.exit_code == 1 and result.output.startswith("Error: --reset is for a local demonstration")


def test_run_script_prints_the_address_it_serves(tmp_path):
    port = free_port()
    env = {**os.environ, "PORT": str(port), "SELFASSESS_DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite'}",
           "SELFASSESS_SECRET_KEY": "run-script-test-secret-0123456789abcdef"}
    server = subprocess.Popen([str(ROOT / "scripts" / "run.sh")], cwd=ROOT, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = server.stdout.readline()
            lines.append(line)
            if line.startswith("Serving on"):
                break
        assert f"Serving on http://127.0.0.1:{port} " in lines[-1], "".join(lines)
        for _ in range(300):  # flask run may take a while to listen on a busy machine
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login") as response:
                    assert response.status == 200
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("nothing answered on the address printed")
    finally:
        server.terminate()
        server.wait(timeout=10)
