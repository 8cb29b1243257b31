"""HTTPS in production and behind a proxy (issue 13 item 7), and input checks (item 8): emails by a maintained
validator, UKPRNs of ASCII digits, an over-long answer shown back whole, a request-size page that states the
limit, and a web import that takes any export the service writes."""

import io
import json

import pytest

from selfassess.extensions import db
from selfassess.framework.model import DEFAULT_MAX_LENGTH
from selfassess.models import Answer, Provider, User
from selfassess.services import exports, imports
from tests.assessment_data import YEAR, framework
from tests.conftest import _fresh_app, error_summary, page, sign_in, text_of
from tests.exports.helpers import fill_year
from tests.web import test_assessment_bad_input as bad_input

setup = bad_input.setup  # the section-page fixture, shared
post_with = bad_input.post_with
PRODUCTION = {"ENV_NAME": "production", "TESTING": False, "SECRET_KEY": "p" * 40}


@pytest.fixture
def production_app(_migrated):
    yield from _fresh_app(_migrated, **PRODUCTION)


@pytest.fixture
def proxied_app(_migrated):
    yield from _fresh_app(_migrated, **PRODUCTION, TRUSTED_PROXY_HOPS=1)


def test_production_over_plain_http_says_https_is_needed_not_page_expired(production_app):
    client = production_app.test_client()
    posted = client.post("/login", data={"email": "a@b.ac.uk", "password": "x"})
    for response in (client.get("/login"), posted):
        assert response.status_code == 403
        soup = page(response)
        assert soup.h1.get_text(strip=True) == "Use the secure address (https)"
        assert soup.find("a", href="https://localhost/login")
        assert "expired" not in text_of(soup)
    assert client.get("/healthz").status_code == 200, "load balancers may probe over plain HTTP"


def test_production_over_https_works(production_app):
    response = production_app.test_client().get("/login", base_url="https://localhost")
    assert response.status_code == 200
    assert "Strict-Transport-Security" in response.headers


def test_forwarded_headers_count_only_from_a_trusted_proxy(production_app, proxied_app):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    assert production_app.test_client().get("/login", headers=forwarded).status_code == 403, \
        "with no trusted proxy configured, anyone could claim HTTPS"
    assert proxied_app.test_client().get("/login", headers=forwarded).status_code == 200


def test_behind_a_trusted_proxy_the_limits_use_the_clients_address(proxied_app):
    from selfassess.services import sign_in_limits

    client = proxied_app.test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    client.post("/login", data={"email": "a@example.ac.uk", "password": "x"}, headers=forwarded)
    with proxied_app.app_context():
        from selfassess.models import SignInCounter

        keys = {row.key for row in db.session.query(SignInCounter)}
    assert sign_in_limits.keys_for("a@example.ac.uk", "203.0.113.9")["address"] in keys


@pytest.mark.parametrize("email", ['xss"<b>@example.ac.uk', "name@", "two@@example.ac.uk",
                                   "a b@example.ac.uk", "name@localhost"])
def test_an_email_in_the_wrong_format_is_refused(app, admin_client, email):
    response = admin_client.post("/admin/users/new", data={
        "name": "New Person", "email": email, "password": "plum-lantern-river-oak", "provider": ""})
    assert response.status_code == 400
    assert "Enter an email address in the correct format, like name@example.ac.uk" in error_summary(response)
    with app.app_context():
        assert db.session.query(User).count() == 1  # only the administrator


@pytest.mark.parametrize("ukprn", ["١٠٠١٢٣٤٥", "１００１２３４５", "02345678", "1001234", "10012345\n"])
def test_a_ukprn_must_be_eight_ascii_digits_starting_with_1(app, admin_client, ukprn):
    response = admin_client.post("/admin/providers/new", data={"name": "New College", "ukprn": ukprn})
    assert response.status_code == 400
    assert error_summary(response) == ["UKPRN must be 8 digits starting with 1, like 10012345"]
    with app.app_context():
        assert db.session.query(Provider).count() == 0


def test_an_over_long_answer_is_shown_back_whole_with_the_count_over(app, editor_client, provider_ukprn,
                                                                     setup):
    _section_key, question = setup["by_type"]["long_text"]
    typed = "A long answer. " * 2667  # 40,005 characters
    response = post_with(editor_client, provider_ukprn, setup, "long_text",
                         lambda q: {f"answer__{q.key}": typed})
    assert response.status_code == 400
    over = len(typed.strip()) - (question.max_length or 2000)
    assert any(f"you have {over:,} characters too many" in item for item in error_summary(response))
    shown = page(response).find("textarea", {"name": f"answer__{question.key}"}).get_text()
    assert shown.strip() == typed.strip(), "everything typed is shown back"
    with app.app_context():
        assert db.session.query(Answer).count() == 0


def test_a_request_over_the_size_limit_says_the_limit_and_that_nothing_was_saved(app, editor_client,
                                                                                  provider_ukprn, setup):
    response = post_with(editor_client, provider_ukprn, setup, "long_text",
                         lambda q: {f"answer__{q.key}": "x" * 1_100_000})
    assert response.status_code == 413
    text = text_of(response)
    assert "What you sent is too large" in text
    assert "up to 1 MB" in text and "Nothing you sent has been saved" in text
    with app.app_context():
        assert db.session.query(Answer).count() == 0


def test_the_web_import_takes_a_large_export_the_service_wrote(app, factory, provider_ukprn):
    editor = factory.user("editor", provider_ukprn)
    with app.app_context():
        fill_year(editor, provider_ukprn)
        document = exports.operator_export_year(provider_ukprn, YEAR)
        fw = framework()
        for key, answer in document["answers"].items():  # every text at its longest, in 4-byte letters
            question = fw.question(key)[1]
            if question.type in DEFAULT_MAX_LENGTH and isinstance(answer["value"], str):
                answer["value"] = "𝔸" * (question.max_length or DEFAULT_MAX_LENGTH[question.type])
            answer["evidence_note"] = "𝔸" * imports.EVIDENCE_NOTE_MAX
            answer["evidence_links"] = [f"https://www.example.ac.uk/{i}/" + "a" * 470 for i in range(5)]
        for item in document["action_items"]:
            item["title"] = "𝔸" * imports.ACTION_TITLE_MAX
            item["owner"] = "𝔸" * imports.ACTION_OWNER_MAX
        imports.operator_import_year(provider_ukprn, YEAR, document)
    client = sign_in(app.test_client(), editor)
    written = client.get(f"/providers/{provider_ukprn}/years/{YEAR}/export.json").get_data()
    assert len(written) > 900_000, len(written)
    # Forms keep their own, smaller limit; the import page is not bound by it. (Lowered here so the point
    # holds whatever the form limit is set to.)
    app.config["MAX_CONTENT_LENGTH"] = 512 * 1024
    assert app.test_client().post("/login", data={"email": "x" * 600_000}).status_code == 413
    response = client.post(f"/providers/{provider_ukprn}/years/{YEAR}/import",
                           data={"file": (io.BytesIO(written), "export.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 302, text_of(response)[:300]
    assert json.loads(written)["year"] == YEAR


def test_the_import_page_takes_the_largest_file_the_import_service_accepts(app):
    envelope = 64 * 1024  # multipart boundaries and the CSRF field
    assert app.config["IMPORT_MAX_CONTENT_LENGTH"] >= imports.MAX_BYTES + envelope


def test_in_production_the_cookies_are_host_only_and_secure(production_app):
    from tests.conftest import PASSWORD, Factory

    email = Factory(production_app).user()
    client = production_app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD}, base_url="https://localhost")
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    assert {c.split("=")[0] for c in cookies} == {"__Host-session", "__Host-selfassess_device"}
    assert all("Secure" in c and "Path=/" in c and "HttpOnly" in c and "Domain" not in c for c in cookies)


def test_one_box_over_its_own_limit_is_explained_too(app, editor_client, provider_ukprn, setup):
    from tests.assessment_data import section_form

    section_key, question = setup["by_type"]["long_text"]
    data = section_form(setup["fw"], section_key, setup["profile"], version=0, completed="no",
                        overrides={f"answer__{question.key}": "x" * 600_000})
    response = editor_client.post(f"/providers/{provider_ukprn}/years/{YEAR}/sections/{section_key}",
                                  data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    text = text_of(response)
    assert "up to 512 KB in one box" in text and "Nothing you sent has been saved" in text
