"""Sign-in limits (issue 13 item 1): exact under concurrency, the same for known and unknown emails, per
address against password spraying, and a lock-out an attacker cannot use to keep the real person out.

Run on SQLite and, through scripts/test.sh, on PostgreSQL: the counters live in the database.
"""

import statistics
import threading
import time
from datetime import timedelta

from selfassess.extensions import db
from selfassess.models import AuditEvent, SignInCounter, utcnow
from tests.conftest import PASSWORD, error_summary

WRONG = "not-the-password-at-all"


def client_from(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def attempt(client, email, password=WRONG):
    return client.post("/login", data={"email": email, "password": password})


def test_ten_means_ten_with_forty_parallel_tries(app, factory):
    email = factory.user()
    barrier = threading.Barrier(40)
    codes, errors = [], []

    def one():
        try:
            client = client_from(app, "198.51.100.7")
            barrier.wait(timeout=30)
            codes.append(attempt(client, email).status_code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(codes) == [400] * 10 + [429] * 30, "exactly ten passwords were checked"
    assert attempt(client_from(app, "198.51.100.7"), email, PASSWORD).status_code == 429


def test_a_known_and_an_unknown_email_get_the_same_answers_including_once_limited(app, factory):
    known = factory.user()
    answers = {}
    for email in (known, "nobody-here@example.ac.uk"):
        client = client_from(app, "192.0.2.10" if email == known else "192.0.2.11")
        answers[email] = [(r.status_code, error_summary(r), r.headers.get("Retry-After"))
                          for r in (attempt(client, email) for _ in range(12))]
    assert answers[known] == answers["nobody-here@example.ac.uk"]
    assert answers[known][0] == (400, ["Enter a correct email address and password"], None)
    assert answers[known][-1] == (
        429, ["There have been too many attempts to sign in. Wait 5 minutes and try again."], "300")


def test_known_and_unknown_emails_take_about_as_long(app, factory):
    known = factory.user()

    def median_time(email, address):
        client = client_from(app, address)
        times = []
        for _ in range(7):
            start = time.perf_counter()
            attempt(client, email)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    attempt(client_from(app, "192.0.2.99"), "warm-up@example.ac.uk")  # the dummy hash is made once
    known_time = median_time(known, "192.0.2.20")
    unknown_time = median_time("nobody-at-all@example.ac.uk", "192.0.2.21")
    assert 0.5 < known_time / unknown_time < 2, (known_time, unknown_time)


def test_one_address_spraying_many_accounts_is_stopped_after_thirty_failures(app, factory):
    emails = [factory.user() for _ in range(5)] + [f"guess{i}@example.ac.uk" for i in range(35)]
    sprayer = client_from(app, "203.0.113.66")
    codes = [attempt(sprayer, email, "Spring2025!").status_code for email in emails]
    assert codes == [400] * 30 + [429] * 10
    # Someone at another address is not affected.
    assert attempt(client_from(app, "203.0.113.1"), emails[0], PASSWORD).status_code == 302


def test_an_attacker_locked_out_does_not_lock_out_the_real_person(app, factory):
    victim = factory.user()
    attacker = client_from(app, "203.0.113.50")
    for _ in range(10):
        attempt(attacker, victim)
    assert attempt(attacker, victim, PASSWORD).status_code == 429
    assert attempt(client_from(app, "192.0.2.77"), victim, PASSWORD).status_code == 302


def test_a_distributed_attack_slows_the_account_but_not_a_browser_that_signed_in_before(app, factory):
    app.config.update(SIGN_IN_ACCOUNT_MAX_FAILURES=20)
    victim = factory.user()
    own_browser = client_from(app, "192.0.2.80")
    assert attempt(own_browser, victim, PASSWORD).status_code == 302
    own_browser.post("/logout")
    for bot in range(3):  # three addresses, seven tries each: no pair or address limit is reached
        client = client_from(app, f"203.0.113.{100 + bot}")
        for _ in range(7):
            attempt(client, victim)
    new_browser = client_from(app, "192.0.2.81")
    response = attempt(new_browser, victim, PASSWORD)
    assert response.status_code == 429 and response.headers["Retry-After"] == "3600"
    assert attempt(own_browser, victim, PASSWORD).status_code == 302, "the person's own browser still works"


def test_the_whole_service_has_a_limit_too(app, factory):
    app.config.update(SIGN_IN_GLOBAL_MAX_ATTEMPTS=5)
    for number in range(5):
        assert attempt(client_from(app, f"203.0.113.{number}"), f"a{number}@example.ac.uk").status_code == 400
    assert attempt(client_from(app, "192.0.2.1"), factory.user(), PASSWORD).status_code == 429


def test_a_correct_sign_in_starts_the_count_again(app, factory):
    email = factory.user()
    client = client_from(app, "192.0.2.30")
    for _ in range(9):
        attempt(client, email)
    assert attempt(client, email, PASSWORD).status_code == 302
    client.post("/logout")
    assert [attempt(client, email).status_code for _ in range(10)] == [400] * 10


def test_a_flood_does_not_grow_the_audit_trail_or_the_counters_without_bound(app, factory):
    known = factory.user()
    flood = client_from(app, "203.0.113.200")
    for number in range(120):
        attempt(flood, known if number % 2 else f"random{number}@example.ac.uk")
    with app.app_context():
        events = db.session.query(AuditEvent).filter(AuditEvent.action.like("sign_in%")).count()
        counters = db.session.query(SignInCounter).count()
    # Ten failures at the real account are audited one by one; then one event when that account-and-address
    # limit is reached, one when the address limit is; unknown emails and refused tries add nothing.
    assert events == 10 + 1 + 1
    assert counters <= 3 + 30 * 2  # global, address, prune; a pair and an account per email let through

    with app.app_context():  # a day later, an hour after the last prune, the old rows go
        old = utcnow() - timedelta(days=31)
        db.session.query(AuditEvent).update({"at": old})
        db.session.query(SignInCounter).update({"window_start": utcnow() - timedelta(hours=2)})
        db.session.commit()
    attempt(client_from(app, "192.0.2.40"), known, PASSWORD)
    with app.app_context():
        remaining = db.session.query(AuditEvent).filter(AuditEvent.action.in_(
            ["sign_in_failed", "sign_in_limited"])).count()
        counters = db.session.query(SignInCounter).count()
    assert remaining == 0
    assert counters <= 4
