"""The PDF cache and the render limits on their own: entries checked before they are served, pruning that
tolerates another server, one holder per key, a host-wide render limit, and render children that are
reaped."""

from __future__ import annotations

import os
import threading
import time

import pytest

from selfassess.report import render
from selfassess.report.cache import PdfCache, decode_entry, encode_entry
from selfassess.report.errors import RenderBusy
from selfassess.report.limits import HostRenderSlots
from tests.report.conftest import flat
from tests.report.gunicorn_harness import children_of, proc_stat

KEY = "ab" * 32
PDF = b"%PDF-1.7\n" + os.urandom(2000) + b"\n%%EOF\n"


def test_an_entry_is_served_only_when_its_length_and_digest_match(tmp_path):
    cache = PdfCache(tmp_path)
    assert cache.put(KEY, PDF)
    assert cache.get(KEY) == PDF
    data = cache.path_for(KEY).read_bytes()
    assert decode_entry(data) == PDF and data == encode_entry(PDF)
    for bad in (data[:-1], data + b"x", data[:40], b"", PDF):
        cache.path_for(KEY).write_bytes(bad)
        assert cache.get(KEY) is None
        assert not cache.path_for(KEY).exists(), "a bad entry is deleted"


def test_an_unwritable_cache_returns_false_instead_of_raising(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    cache = PdfCache(blocker / "cache")
    assert cache.put(KEY, PDF) is False
    assert cache.get(KEY) is None
    # (the log line is checked under gunicorn, where migrations have not reconfigured logging)
    with cache.single_flight(KEY, timeout=1) as held:
        assert held is False  # no lock file to be had: the caller renders anyway


def test_an_entry_past_its_age_is_not_served(tmp_path):
    cache = PdfCache(tmp_path, max_age=60)
    cache.put(KEY, PDF)
    old = time.time() - 120
    os.utime(cache.path_for(KEY), (old, old))
    assert cache.get(KEY) is None
    assert cache.prune() == 1 and not cache.path_for(KEY).exists()


def test_a_pdf_larger_than_the_whole_cache_is_served_but_not_kept(tmp_path):
    cache = PdfCache(tmp_path, max_bytes=1000)
    assert cache.put(KEY, PDF) is False and not cache.path_for(KEY).exists()


def test_pruning_skips_files_another_server_removed_and_stale_temporaries(tmp_path):
    keys = [f"{n:x}" * 64 for n in range(6)]
    for n, key in enumerate(keys):
        PdfCache(tmp_path).put(key, PDF)
        os.utime(PdfCache(tmp_path).path_for(key), (1000 + n, time.time() - 600 + n))
    stale = tmp_path / ".tmp-dead.pdf"
    stale.write_bytes(b"half")
    os.utime(stale, (0, time.time() - 3600))
    cache = PdfCache(tmp_path, max_bytes=3 * len(encode_entry(PDF)))
    cache.path_for(keys[0]).unlink()  # another server got there first
    cache.prune()
    assert not stale.exists()
    assert [key for key in keys if cache.path_for(key).exists()] == keys[3:]


def test_single_flight_lets_one_holder_at_a_time_and_cleans_up(tmp_path):
    cache = PdfCache(tmp_path)
    inside, overlaps, order = [0], [], []
    guard = threading.Lock()

    def holder(number):
        with cache.single_flight(KEY, timeout=10) as held:
            assert held
            with guard:
                inside[0] += 1
                overlaps.append(inside[0])
            time.sleep(0.05)
            order.append(number)
            with guard:
                inside[0] -= 1

    threads = [threading.Thread(target=holder, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(order) == list(range(5)) and max(overlaps) == 1
    assert not list(tmp_path.glob("*.lock")), "the lock file goes with its last holder"


def test_a_waiter_gives_up_with_the_try_again_message_at_the_timeout(tmp_path):
    cache = PdfCache(tmp_path)
    with cache.single_flight(KEY, timeout=1), pytest.raises(RenderBusy, match="Try again"), \
            cache.single_flight(KEY, timeout=0.2):
        pass


def test_the_host_allows_n_renders_at_once_across_holders(tmp_path):
    slots = HostRenderSlots(tmp_path, 2)
    with slots.slot(1), slots.slot(1), pytest.raises(RenderBusy, match="Try again"), slots.slot(0.2):
        pass
    with slots.slot(0.2):
        pass  # released with their descriptors


def test_a_render_child_is_reaped_and_leaves_nothing_behind(app):
    before = set(children_of(os.getpid(), zombies=True))
    pdf = render.html_to_pdf("<p>x</p>", static_folder=app.static_folder, title="t", author="a")
    assert pdf.startswith(b"%PDF")
    left = set(children_of(os.getpid(), zombies=True)) - before
    assert left == set(), [(pid, proc_stat(pid)) for pid in left]


def test_a_request_waiting_on_someone_elses_render_gets_the_try_again_page_at_the_timeout(
        app, editor_client, provider_ukprn, tmp_path):
    from selfassess.services import reports
    from tests.assessment_data import YEAR, start_with_context

    start_with_context(editor_client, provider_ukprn)
    app.config["REPORT_CACHE_DIR"] = str(tmp_path)
    app.config["REPORT_RENDER_TIMEOUT"] = 0.3
    with app.app_context():
        key = reports.cache_key_for(reports.operator_report_context(provider_ukprn, YEAR))
    url = f"/providers/{provider_ukprn}/years/{YEAR}/report.pdf"
    with PdfCache(tmp_path).single_flight(key, timeout=1):  # another worker is rendering this report
        response = editor_client.get(url)
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "being prepared for someone else" in flat(response.get_data(as_text=True))
    app.config["REPORT_RENDER_TIMEOUT"] = 30
    after = editor_client.get(url)
    assert after.status_code == 200 and after.headers["X-Report-Cache"] == "miss"
