"""Administration at sector scale: providers and users a page at a time, searchable, with their totals;
membership forms that take a typed UKPRN instead of listing every provider."""

import re

import pytest
from flask import render_template_string, url_for

from selfassess.extensions import db
from selfassess.models import Membership, Provider, User
from selfassess.services.admin_lists import Listing
from tests.conftest import PASSWORD, error_summary, page, text_of

MANY = 120  # six pages of 20


@pytest.fixture
def many_providers(app):
    with app.app_context():
        db.session.add_all(Provider(name=f"College {n:03d}", ukprn=f"{10200000 + n}") for n in range(MANY))
        db.session.commit()


def _table_rows(response) -> list[list[str]]:
    return [[cell.get_text(" ", strip=True) for cell in row.select("td")]
            for row in page(response).select("table tbody tr")]


def test_providers_are_listed_twenty_at_a_time_with_the_total(app, admin_client, many_providers):
    first = admin_client.get("/admin/providers")
    assert first.status_code == 200
    rows = _table_rows(first)
    assert len(rows) == 20 and rows[0][:2] == ["College 000", "10200000"]
    assert "Showing 1 to 20 of 120 providers" in text_of(first)
    last = admin_client.get("/admin/providers?page=6")
    assert [r[0] for r in _table_rows(last)] == [f"College {n:03d}" for n in range(100, 120)]
    assert "Showing 101 to 120 of 120 providers" in text_of(last)
    links = [a["href"] for a in page(first).select(".govuk-pagination a")]
    assert "/admin/providers?page=2" in links and "/admin/providers?page=6" in links


@pytest.mark.parametrize("raw, shown", [("abc", 1), ("0", 1), ("-4", 1), ("99", 6), ("2", 2)])
def test_any_page_number_shows_a_page_never_an_error(app, admin_client, many_providers, raw, shown):
    response = admin_client.get(f"/admin/providers?page={raw}")
    assert response.status_code == 200
    current = page(response).select_one(".govuk-pagination__item--current")
    assert current.get_text(strip=True) == str(shown)


def test_providers_are_found_by_part_of_the_name_or_the_start_of_the_ukprn(app, admin_client, many_providers):
    by_name = admin_client.get("/admin/providers?q=college+11")
    assert [r[0] for r in _table_rows(by_name)] == [f"College {n}" for n in range(110, 120)]
    assert "of 10 providers matching ‘college 11’" in text_of(by_name)
    by_ukprn = admin_client.get("/admin/providers?q=1020004")
    assert [r[1] for r in _table_rows(by_ukprn)] == [f"{10200040 + n}" for n in range(10)]
    # The search is kept in the box and in the page links.
    assert page(by_ukprn).find("input", {"name": "q"})["value"] == "1020004"


def test_a_search_matching_nothing_says_so_and_wildcards_are_literal(app, admin_client, many_providers):
    response = admin_client.get("/admin/providers?q=%25")
    assert response.status_code == 200
    assert _table_rows(response) == []
    assert "No providers match ‘%’" in text_of(response)


def test_search_pages_keep_the_search(app, admin_client, many_providers):
    response = admin_client.get("/admin/providers?q=College")
    links = [a["href"] for a in page(response).select(".govuk-pagination a")]
    assert "/admin/providers?q=College&page=2" in links


def test_users_are_found_by_email_or_name_with_their_roles(app, admin_client, factory, provider_ukprn):
    factory.user("editor", provider_ukprn, email="prevent.lead@uni.ac.uk")
    factory.user(email="someone@else.ac.uk")
    by_email = admin_client.get("/admin/users?q=PREVENT.LEAD")
    rows = _table_rows(by_email)
    assert len(rows) == 1 and rows[0][1] == "prevent.lead@uni.ac.uk"
    assert rows[0][2] == "editor at Test University"
    with app.app_context():
        name = db.session.query(User.name).filter_by(email="someone@else.ac.uk").scalar()
    by_name = _table_rows(admin_client.get(f"/admin/users?q={name}"))
    assert [r[1] for r in by_name] == ["someone@else.ac.uk"]


def test_the_admin_index_shows_the_totals_and_links_to_the_lists(app, admin_client, many_providers, factory):
    factory.user(email="a@b.ac.uk")
    soup = page(admin_client.get("/admin/"))
    text = text_of(soup)
    assert "Providers 120" in text and "Users 2 (2 active, 1 administrators)" in text
    hrefs = {a["href"] for a in soup.select("main a")}
    assert {"/admin/providers", "/admin/users"} <= hrefs


def test_an_administrators_home_page_lists_providers_a_page_at_a_time(app, admin_client, many_providers):
    response = admin_client.get("/")
    assert len(_table_rows(response)) == 20
    assert "Showing 1 to 20 of 120 providers" in text_of(response)
    found = _table_rows(admin_client.get("/?q=College+007"))
    assert found == [["College 007 : reporting years", "10200007", "Administrator"]]


def test_the_membership_form_takes_a_typed_ukprn_not_a_list_of_every_provider(
        app, admin_client, factory, provider_ukprn, many_providers):
    email = factory.user()
    with app.app_context():
        user_id = db.session.query(User.id).filter_by(email=email).scalar()
    form = page(admin_client.get(f"/admin/users/{user_id}"))
    assert form.find("select") is None and form.find("input", {"name": "provider"}) is not None
    response = admin_client.post(f"/admin/users/{user_id}", data={"provider": f" {provider_ukprn} ",
                                                                  "role": "approver"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.query(Membership.role).filter_by(user_id=user_id).scalar() == "approver"


@pytest.mark.parametrize("typed, message", [
    ("10999999", "No provider has the UKPRN 10999999"),
    ("1234", "UKPRN must be 8 digits starting with 1, like 10012345"),
    ("", "Enter the provider's UKPRN"),
])
def test_a_wrong_ukprn_in_the_membership_form_is_explained_on_that_field(app, admin_client, factory, typed,
                                                                         message):
    email = factory.user()
    with app.app_context():
        user_id = db.session.query(User.id).filter_by(email=email).scalar()
    response = admin_client.post(f"/admin/users/{user_id}", data={"provider": typed, "role": "editor"})
    assert response.status_code == 400
    assert error_summary(response) == [message]
    soup = page(response)
    assert soup.select_one(".govuk-error-summary__list a")["href"] == "#provider"
    assert soup.find("input", {"name": "provider"}).get("value", "") == typed


def test_a_new_user_gets_a_role_at_a_typed_ukprn_or_none(app, admin_client, provider_ukprn):
    form = page(admin_client.get("/admin/users/new"))
    assert form.find("select") is None
    assert admin_client.post("/admin/users/new", data={
        "name": "Lead", "email": "lead@x.ac.uk", "password": PASSWORD, "provider": provider_ukprn,
        "role": "editor"}).status_code == 302
    assert admin_client.post("/admin/users/new", data={
        "name": "Nobody", "email": "nobody@x.ac.uk", "password": PASSWORD, "provider": ""}).status_code == 302
    bad = admin_client.post("/admin/users/new", data={
        "name": "Lost", "email": "lost@x.ac.uk", "password": PASSWORD, "provider": "10999999",
        "role": "editor"})
    assert bad.status_code == 400 and error_summary(bad) == ["No provider has the UKPRN 10999999"]
    assert page(bad).find("input", {"name": "provider"})["value"] == "10999999"
    with app.app_context():
        roles = {u.email: [m.role for m in u.memberships] for u in db.session.query(User)}
    assert roles["lead@x.ac.uk"] == ["editor"] and roles["nobody@x.ac.uk"] == []
    assert "lost@x.ac.uk" not in roles


def test_the_lists_are_for_administrators_only(app, editor_client):
    for path in ("/admin/providers", "/admin/users"):
        assert editor_client.get(path).status_code == 404


def _markup(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\s*([<>])\s*", r"\1", str(html))).strip()


@pytest.mark.parametrize("total,page", [(1000, 1), (1000, 2), (1000, 25), (1000, 50), (45, 3), (60, 2)])
def test_the_written_out_pagination_is_the_govuk_macros_markup(app, total, page):
    """The lists write GOV.UK pagination out by hand for speed; it must stay what govukPagination renders."""
    listing = Listing([], total, page, 20, "editor & co")
    with app.test_request_context("/"):
        ours = render_template_string(
            '{% from "components/listing.html" import pagination %}'
            '{{ pagination(listing, "admin.user_list") }}',
            listing=listing)
        def link(n):
            return url_for("admin.user_list", q=listing.query, page=n)

        items = [{"ellipsis": True} if n is None else {"number": n, "href": link(n), "current": n == page}
                 for n in listing.page_numbers]
        theirs = render_template_string(
            '{% from "govuk_frontend_jinja/components/pagination/macro.html" import govukPagination %}'
            '{{ govukPagination(params) }}',
            params={"items": items, "landmarkLabel": "Pages of results",
                    "previous": {"href": link(page - 1)} if page > 1 else None,
                    "next": {"href": link(page + 1)} if page < listing.pages else None})
    assert "govuk-pagination__item--current" in ours
    assert _markup(ours) == _markup(theirs)


@pytest.mark.parametrize("total,page,numbers", [
    (1000, 1, [1, 2, None, 50]), (1000, 25, [1, None, 24, 25, 26, None, 50]), (1000, 50, [1, None, 49, 50]),
    (60, 2, [1, 2, 3]), (80, 1, [1, 2, None, 4]), (5, 1, [1])])
def test_pagination_links_the_first_last_and_neighbouring_pages_only(total, page, numbers):
    assert Listing([], total, page, 20, "").page_numbers == numbers


def test_users_are_found_whatever_the_case_of_the_search(app, admin_client, factory):
    factory.user(email="jo.bloggs@uni.ac.uk")
    with app.app_context():
        db.session.query(User).filter_by(email="jo.bloggs@uni.ac.uk").one().name = "Jo Blöggs-Smith"
        db.session.commit()
    for search in ("blöggs-smith", "BLÖGGS", "Jo B", "JO.BLOGGS@"):
        found = _table_rows(admin_client.get("/admin/users", query_string={"q": search}))
        assert [r[1] for r in found] == ["jo.bloggs@uni.ac.uk"], search
    # the name and the email are searched apart: nothing matches across the two
    assert _table_rows(admin_client.get("/admin/users", query_string={"q": "smith jo"})) == []


def test_a_search_matching_very_many_says_so_and_lists_the_first_of_them(app, admin_client, many_providers,
                                                                          monkeypatch):
    """A search is counted up to a limit (200; 50 here, with 120 providers) so a short search does not read
    every row; past it the page says "more than" and pages through the first matches only."""
    from selfassess.services import admin_lists

    monkeypatch.setattr(admin_lists, "SEARCH_LIMIT", 50)
    first = admin_client.get("/admin/providers?q=College")
    assert "More than 50 providers match ‘College’: showing 1 to 20 of the first 50." in text_of(first)
    numbers = [a.get_text(strip=True) for a in page(first).select(".govuk-pagination__item a")]
    assert numbers == ["1", "2", "3"]
    past = admin_client.get("/admin/providers?q=College&page=9")
    assert [r[0] for r in _table_rows(past)] == [f"College {n:03d}" for n in range(40, 50)]
    exact = admin_client.get("/admin/providers?q=College+11")  # 110-119: under the limit, counted exactly
    assert "Showing 1 to 10 of 10 providers matching ‘College 11’." in text_of(exact)
    unsearched = admin_client.get("/admin/providers")  # the whole list is always counted
    assert "Showing 1 to 20 of 120 providers." in text_of(unsearched)
