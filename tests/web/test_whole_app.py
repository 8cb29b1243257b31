"""Whole-app meta tests over the URL map: CSRF, tenancy, security headers and page structure.

Every route is found from the app itself, so a route added later is covered without editing these tests.
"""

import re

import pytest

from tests.conftest import PASSWORD, page, second_factor_code, sign_in
from tests.web.routes import NON_PAGES, routes

CSP_REQUIRED = ["default-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]


@pytest.fixture
def world(app, factory):
    """Two providers, a member of each, an administrator and a user id to use in admin URLs."""
    from selfassess.extensions import db
    from selfassess.models import User

    mine = factory.provider("Mine University", "10000011")
    theirs = factory.provider("Their College", "10000022")
    member = factory.user("editor", mine)
    outsider = factory.user("editor", theirs)
    admin = factory.user(admin=True)
    with app.app_context():
        user_id = db.session.query(User.id).filter_by(email=member).scalar()
    from tests.assessment_data import YEAR, framework, start_with_context

    start_with_context(signed_in(app, member), mine)
    first_scored = next(q for q in framework().sections[0].questions if q.scored)
    samples = {
        "ukprn": mine,
        "user_id": user_id,
        "year": YEAR,
        "section_key": framework().sections[0].key,
        "question_key": first_scored.key,
        "number": 1,
        "register": "events",
        "entry_id": 1,
        "key": "es_approved_no_conditions",
    }
    return {
        "mine": mine,
        "theirs": theirs,
        "member": member,
        "outsider": outsider,
        "admin": admin,
        "samples": samples,
    }


def signed_in(app, email):
    return sign_in(app.test_client(), email)


def test_every_route_has_sample_arguments(app, world):
    assert routes(app, world["samples"])


def test_every_state_changing_route_refuses_a_post_without_a_valid_csrf_token(csrf_app):
    from tests.conftest import Factory

    factory = Factory(csrf_app)
    ukprn = factory.provider("Mine University", "10000011")
    email = factory.user(admin=True)
    factory.user("editor", ukprn)
    client = csrf_app.test_client()
    login_page = page(client.get("/login"))
    token = login_page.find("input", {"name": "csrf_token"})["value"]
    assert (
        client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token}).status_code
        == 302
    )
    token = page(client.get("/login/two-factor")).find("input", {"name": "csrf_token"})["value"]
    code = second_factor_code(csrf_app, email)
    assert client.post("/login/two-factor", data={"code": code, "csrf_token": token}).status_code == 302
    from selfassess.extensions import db
    from selfassess.models import User

    with csrf_app.app_context():
        user_id = db.session.query(User.id).first()[0]
    from tests.assessment_data import YEAR, framework

    samples = {
        "ukprn": ukprn,
        "user_id": user_id,
        "year": YEAR,
        "section_key": framework().sections[0].key,
        "question_key": framework().sections[0].questions[0].key,
        "number": 1,
        "register": "events",
        "entry_id": 1,
        "key": "es_approved_no_conditions",
    }
    posting = [r for r in routes(csrf_app, samples) if "POST" in r.methods]
    assert posting, "expected state-changing routes"
    for route in posting:
        for data in ({}, {"csrf_token": "forged"}):
            response = client.post(route.url, data=data)
            assert response.status_code == 400, f"POST {route.url} with {data} gave {response.status_code}"
    assert client.get("/").status_code == 200, "still signed in: the refused POSTs changed nothing"


def test_every_provider_page_answers_404_to_a_member_of_another_provider(app, world):
    outsider = signed_in(app, world["outsider"])
    scoped = [r for r in routes(app, world["samples"]) if r.provider_scoped]
    assert scoped, "expected provider-scoped routes"
    for route in scoped:
        for method in sorted(route.methods):
            response = outsider.open(route.url, method=method)
            assert response.status_code == 404, f"{method} {route.url} gave {response.status_code}"
            assert "Mine University" not in response.get_data(as_text=True)


def test_an_unknown_provider_looks_the_same_as_another_providers(app, world):
    member = signed_in(app, world["member"])
    scoped = [r for r in routes(app, {**world["samples"], "ukprn": "19999999"}) if r.provider_scoped]
    for route in scoped:
        method = "GET" if "GET" in route.methods else "POST"
        assert member.open(route.url, method=method).status_code == 404, route.url


def test_anonymous_users_are_sent_to_sign_in_from_every_private_page(app, world):
    client = app.test_client()
    public = {"auth.login", "auth.second_factor", "pages.accessibility", "pages.privacy", "pages.healthz"}
    for route in routes(app, world["samples"]):
        if route.endpoint in public or "GET" not in route.methods:
            continue
        response = client.get(route.url)
        assert response.status_code == 302, route.url
        assert response.location.startswith("/login?next="), route.url


def test_the_admin_area_does_not_exist_for_non_administrators(app, world):
    member = signed_in(app, world["member"])
    for route in routes(app, world["samples"]):
        if route.endpoint.startswith("admin."):
            assert member.open(route.url, method=sorted(route.methods)[0]).status_code == 404


def _get_pages(app, world):
    admin = signed_in(app, world["admin"])
    for route in routes(app, world["samples"]):
        if "GET" in route.methods and route.endpoint not in NON_PAGES:
            yield route, admin.get(route.url)


def test_every_response_carries_the_security_headers(app, world):
    admin = signed_in(app, world["admin"])
    urls = [r.url for r in routes(app, world["samples"]) if "GET" in r.methods]
    urls += ["/static/govuk/app.css", "/no-such-page"]
    for url in urls:
        response = admin.get(url)
        headers = response.headers
        csp = headers.get("Content-Security-Policy", "")
        for directive in CSP_REQUIRED:
            assert directive in csp, f"{url}: CSP lacks {directive}"
        assert "unsafe-inline" not in csp
        assert headers.get("X-Content-Type-Options") == "nosniff", url
        assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin", url
        assert headers.get("X-Frame-Options") == "DENY", url
        if not url.startswith("/static"):
            assert headers.get("Cache-Control") == "no-store", f"{url}: signed-in pages must not be cached"


def test_hsts_is_sent_over_https_only(app):
    client = app.test_client()
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_every_page_has_a_title_and_exactly_one_h1(app, world):
    checked = 0
    for route, response in _get_pages(app, world):
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        soup = page(response)
        assert soup.title and soup.title.get_text(strip=True), f"{route.url} has no <title>"
        assert len(soup.find_all("h1")) == 1, f"{route.url} must have exactly one <h1>"
        assert soup.find("a", {"class": "govuk-skip-link"}), f"{route.url} has no skip link"
        checked += 1
    assert checked >= 6


def test_the_only_inline_script_carries_the_nonce_of_its_response(app, world):
    for route, response in _get_pages(app, world):
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
        for script in page(response).find_all("script"):
            assert script.get("src") or script.get("nonce") == nonce, route.url


@pytest.mark.parametrize("code, path", [(404, "/no-such-page"), (405, "/logout")])
def test_error_pages_use_the_service_layout(client, code, path):
    response = client.get(path)
    assert response.status_code == code
    soup = page(response)
    assert soup.find("a", {"class": "govuk-skip-link"})
    assert len(soup.find_all("h1")) == 1


def test_a_body_over_the_limit_is_refused_with_413(client):
    response = client.post("/login", data={"email": "x" * 2_000_000, "password": "y"})
    assert response.status_code == 413
    assert "too large" in page(response).h1.get_text().lower()


def test_an_unexpected_error_gives_the_500_page_and_no_traceback(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production, where TESTING is off

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret internals" not in body and "Traceback" not in body
    assert "Sorry, there is a problem with the service" in body


def test_cookies_are_httponly_and_samesite_lax(app, world):
    client = app.test_client()
    response = client.post("/login", data={"email": world["member"], "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_cookies_are_secure_in_production(_migrated):
    from tests.conftest import TEST_SECRET, make_app

    production = make_app(_migrated, ENV_NAME="production", SECRET_KEY=TEST_SECRET, TESTING=False)
    assert production.config["SESSION_COOKIE_SECURE"] is True


LANDMARKS = {"header", "main", "footer", "nav", "aside"}


def _outside_landmarks(soup) -> list[str]:
    """Text on the page that no landmark contains (the skip link excepted, as GOV.UK intends)."""
    stray = []
    for text in soup.body.find_all(string=True):
        if not text.strip() or text.parent.name in {"script", "style", "template"}:
            continue
        ancestors = list(text.parents)
        if any(a.name in LANDMARKS or a.get("role") in {"banner", "main", "contentinfo", "navigation"}
               or (a.name == "section" and a.get("aria-label")) for a in ancestors if a.name):
            continue
        if any("govuk-skip-link" in (a.get("class") or []) for a in ancestors if a.name):
            continue
        stray.append(text.strip()[:60])
    return stray


def test_every_page_has_a_unique_title_content_in_landmarks_and_unique_ids(app, world):
    titles = {}
    for route, response in _get_pages(app, world):
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        soup = page(response)
        title = " ".join(soup.title.get_text().split())
        own = title.rsplit(" – ", 1)[0]
        assert len(own) >= 5 and own != title, f"{route.url}: the title {title!r} does not describe the page"
        assert title not in titles, f"{route.url} and {titles.get(title)} share the title {title!r}"
        titles[title] = route.url
        assert _outside_landmarks(soup) == [], f"{route.url}: content outside any landmark"
        ids = [element["id"] for element in soup.find_all(id=True)]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        assert not duplicates, f"{route.url}: duplicate ids {duplicates}"
    assert len(titles) >= 10
