"""Export then import reproduces a year exactly, through the service, the web page and the CLI."""

import io
import json

from selfassess.extensions import db
from selfassess.models import AuditEvent
from selfassess.services import assessments, exports, imports
from tests.conftest import sign_in
from tests.exports.helpers import LINKS, remove_year, user_named, year_state


def _export(app, email, ukprn, year):
    with app.app_context():
        return exports.export_year(user_named(email), ukprn, year)


def test_the_export_carries_every_part_of_the_year(app, filled):
    email, ukprn, year = filled
    document = _export(app, email, ukprn, year)
    assert document["schema_version"] == 1
    assert document["framework_id"] == year and document["year"] == year and document["status"] == "draft"
    assert document["provider"] == {"name": "Test University", "ukprn": ukprn}
    assert document["sign_off"] is None and document["exported_at"]
    answers = document["answers"]
    assert any(a["evidence_links"] == list(LINKS) and "second line" in a["evidence_note"]
               for a in answers.values())
    assert any(a["not_applicable"] and a["na_reason"] for a in answers.values())
    assert sum(a["carried_forward"] for a in answers.values()) == 1
    assert {"context", "data-return"} <= set(document["task_status"])
    assert {"completed", "in_progress"} <= set(document["task_status"].values())
    assert document["data_return"]["es_approved_no_conditions"] == 421
    assert {i["status"] for i in document["action_items"]} == {"in_progress", "dismissed", "done"}
    json.dumps(document)  # JSON-able as it is


def test_export_then_import_into_a_fresh_draft_reproduces_the_year_exactly(app, filled):
    email, ukprn, year = filled
    with app.app_context():
        before = year_state(ukprn, year)
        document = exports.export_year(user_named(email), ukprn, year)
        remove_year(ukprn, year)
        assessments.start_year(user_named(email), ukprn, year)
        assert year_state(ukprn, year)["answers"] == {}
        result = imports.import_year(user_named(email), ukprn, year, json.dumps(document).encode())
        assert result.answers == len(before["answers"]) and result.action_items == 3
        after = year_state(ukprn, year)
        assert after == before
        again = exports.export_year(user_named(email), ukprn, year)
        strip = lambda d: {k: v for k, v in d.items() if k != "exported_at"}  # noqa: E731
        assert strip(again) == strip(document)
        event = db.session.query(AuditEvent).filter_by(action="year_imported").one()
        assert event.detail["answers"] == len(before["answers"])


def test_importing_replaces_what_the_draft_had(app, filled, factory):
    email, ukprn, year = filled
    with app.app_context():
        document = exports.export_year(user_named(email), ukprn, year)
        kept = sorted(document["answers"])[:3]
        document["answers"] = {key: document["answers"][key] for key in kept}
        document["action_items"] = document["action_items"][:1]
        document["data_return"] = {"es_approved_no_conditions": 5}
        document["task_status"] = {"context": "completed"}
        imports.import_year(user_named(email), ukprn, year, document)
        state = year_state(ukprn, year)
        assert sorted(state["answers"]) == kept
        assert len(state["actions"]) == 1
        assert state["data_return"] == {"es_approved_no_conditions": 5}
        assert state["tasks"]["context"] == "completed"
        assert set(state["tasks"].values()) == {"completed", "not_started"}


def test_the_web_download_and_upload_round_trip(app, filled):
    email, ukprn, year = filled
    client = sign_in(app.test_client(), email)
    response = client.get(f"/providers/{ukprn}/years/{year}/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == f'attachment; filename="selfassess-{ukprn}-{year}.json"'
    body = response.get_data()
    with app.app_context():
        before = year_state(ukprn, year)
        remove_year(ukprn, year)
    assert client.post(f"/providers/{ukprn}/years/start").status_code == 302
    form = client.get(f"/providers/{ukprn}/years/{year}/import")
    assert form.status_code == 200
    response = client.post(f"/providers/{ukprn}/years/{year}/import",
                           data={"file": (io.BytesIO(body), "export.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert response.location.endswith(f"/providers/{ukprn}/years/{year}/")
    with app.app_context():
        assert year_state(ukprn, year) == before
    task_list = client.get(response.location).get_data(as_text=True)
    assert "The file has been imported" in task_list
    for link in ("Export (JSON)", "Data return (CSV)", "Import from a file"):
        assert link in task_list
