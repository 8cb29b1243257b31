"""The report under real gunicorn: a worker killed mid-render leaves no render child and no held port, a
cache that is read-only, full, truncated, empty or over its size never fails a download, and concurrent
requests for the same report share one render."""

from __future__ import annotations

import ctypes
import os
import signal
import threading
import time

import pytest

from selfassess.report.cache import decode_entry
from tests.report.gunicorn_harness import (
    PDF_URL,
    Client,
    Gunicorn,
    can_mount,
    children_of,
    demo_database,
    open_fds,
    proc_stat,
    wait_for,
)

PR_SET_CHILD_SUBREAPER = 36


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    return demo_database(tmp_path_factory.mktemp("gunicorn-db"))


@pytest.fixture
def servers(tmp_path):
    started: list[Gunicorn] = []

    def start(name="server", **kwargs) -> Gunicorn:
        server = Gunicorn(tmp_path / name, kwargs.pop("database_url"), **kwargs)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def subreaper():
    """Make this test process the subreaper of its descendants, so an orphaned render child comes back to
    it: the test can then wait for it to die and reap it, instead of relying on PID 1."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        pytest.skip("prctl(PR_SET_CHILD_SUBREAPER) is not available")
    yield
    libc.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)


def is_pdf(body: bytes) -> bool:
    return body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")


def entries(server: Gunicorn) -> list:
    return sorted(server.cache_dir.glob("*.pdf"))


def test_a_worker_killed_mid_render_leaves_no_render_child_and_a_new_gunicorn_can_bind_its_port(
        demo_url, servers, subreaper):
    server = servers(database_url=demo_url, settings={"REPORT_RENDER_TEST_DELAY": 30})
    client = Client(server)
    (worker,) = server.worker_pids()
    outcome = {}

    def download():  # its connection dies with the worker: kept here, not raised in a thread
        try:
            outcome["status"] = client.get(PDF_URL, timeout=60)[0]
        except OSError as exc:  # RemoteDisconnected and URLError are both OSErrors
            outcome["error"] = exc

    request = threading.Thread(target=download, daemon=True)
    request.start()

    # The render child is the worker's child that has stepped down in CPU priority (REPORT_RENDER_NICE, 5 by
    # default), which it does a few milliseconds after the fork, after closing what it inherited.
    def niceness(pid):
        fields = proc_stat(pid)
        return int(fields[16]) if fields else None

    def render_children():
        return [pid for pid in children_of(worker) if niceness(pid) == niceness(worker) + 5]

    children = wait_for(render_children, timeout=60)
    assert children, "the download started a render child, at a lower priority than the worker"
    (child,) = children
    # It holds no socket (not the listening socket, not the client's) and no file but its pipe and the
    # standard streams.
    fds = open_fds(child)
    assert not [target for target in fds.values() if target.startswith("socket:")], fds
    assert [target for fd, target in fds.items() if fd > 2 and not target.startswith("pipe:")] == [], fds

    os.kill(worker, signal.SIGKILL)
    killed = time.monotonic()

    def reaped() -> bool:
        try:
            return os.waitpid(child, os.WNOHANG)[0] == child  # it came back to this subreaper, dead
        except ChildProcessError:
            return proc_stat(child) is None  # reaped by someone else: gone all the same
    assert wait_for(reaped, timeout=2.0), f"render child {child} still there: {proc_stat(child)}"
    assert time.monotonic() - killed < 2.0
    request.join(timeout=10)
    assert "error" in outcome, outcome  # the download ended with its worker; it did not hang

    # gunicorn replaces the worker; stopping it and starting a new server on the same port works, because
    # no orphan holds the listening socket.
    port = server.port
    server.stop()
    again = servers("again", database_url=demo_url, port=port)
    status, _, _ = Client(again).get("/healthz")
    assert status == 200


@pytest.fixture(scope="module")
def shared_server(demo_url, tmp_path_factory):
    """One server for the faults that need no special file system; the cache is bounded to 4 MB. These tests
    render the same provider's report eight times in well under a minute, so the per-provider render limit
    (its own tests are in test_cache_and_limits.py) is lifted: at 6 a minute, whenever one worker took seven
    of the eight, the download was refused (503) and the cache fault under test was never reached."""
    server = Gunicorn(tmp_path_factory.mktemp("gunicorn-cache"), demo_url, workers=2,
                      settings={"REPORT_CACHE_MAX_BYTES": 4 * 1024 * 1024,
                                "REPORT_RENDERS_PER_MINUTE": 0}).start()
    yield server
    server.stop()


@pytest.fixture
def cached(shared_server):
    """A signed-in client and the demo report's entry in the cache, freshly rendered."""
    for path in entries(shared_server):
        path.unlink()
    client = Client(shared_server)
    status, headers, body = client.get(PDF_URL)
    assert status == 200 and headers["X-Report-Cache"] == "miss" and is_pdf(body)
    (entry,) = entries(shared_server)
    return client, entry, body


@pytest.mark.parametrize("damage", ["truncated", "empty", "corrupted"])
def test_a_damaged_cache_entry_is_deleted_and_rendered_again_never_served(shared_server, cached, damage):
    client, entry, body = cached
    data = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        entry.write_bytes(b"")
    else:  # same length, one byte changed
        middle = len(data) // 2
        entry.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:])
    renders = shared_server.renders()

    status, headers, again = client.get(PDF_URL)
    assert status == 200 and headers["X-Report-Cache"] == "miss"
    assert again == body and is_pdf(again)
    assert shared_server.renders() == renders + 1
    assert decode_entry(entry.read_bytes()) == body, "the entry was rewritten whole"
    assert "is not a whole entry" in shared_server.log_text()

    status, headers, third = client.get(PDF_URL)
    assert status == 200 and headers["X-Report-Cache"] == "hit" and third == body


def test_the_cache_is_pruned_to_its_size_and_age_as_it_writes(shared_server, cached):
    client, entry, body = cached
    entry.unlink()
    now = time.time()
    filler = b"%PDF-1.7 filler" + b"\0" * (1024 * 1024)
    old = shared_server.cache_dir / ("a" * 64 + ".pdf")
    old.write_bytes(filler)
    os.utime(old, (now - 3 * 24 * 3600, now - 3 * 24 * 3600))  # older than REPORT_CACHE_MAX_AGE (2 days)
    fillers = []
    for number in range(5):  # 5 MB of recent entries: over the 4 MB bound with the new PDF
        path = shared_server.cache_dir / (f"{number:x}" * 64 + ".pdf")
        path.write_bytes(filler)
        os.utime(path, (now - 3600 + number, now - 3600 + number))
        fillers.append(path)

    status, headers, again = client.get(PDF_URL)
    assert status == 200 and headers["X-Report-Cache"] == "miss" and again == body

    assert not old.exists(), "past its age"
    remaining = entries(shared_server)
    assert sum(path.stat().st_size for path in remaining) <= 4 * 1024 * 1024
    assert entry in remaining, "the entry just written is kept"
    assert not fillers[0].exists() and fillers[-1].exists(), "the oldest go first"


@pytest.mark.skipif(not can_mount(), reason="needs a private mount namespace (root) for a read-only or "
                                            "full file system")
@pytest.mark.parametrize("mount, fault", [("ro,size=1m", "Read-only file system"),
                                          ("size=64k", "No space left on device")])
def test_a_read_only_or_full_cache_still_serves_the_freshly_rendered_pdf(demo_url, servers, mount, fault):
    server = servers(database_url=demo_url, tmpfs_cache=mount)
    client = Client(server)
    for _ in range(2):
        status, headers, body = client.get(PDF_URL)
        assert status == 200, body[:300]
        assert headers["X-Report-Cache"] == "miss" and is_pdf(body)
    assert server.renders() == 2
    log = server.log_text()
    assert "could not store" in log and fault in log


def test_five_concurrent_requests_for_the_same_uncached_report_cause_one_render(demo_url, servers):
    # Two workers of three threads each: the requests meet across processes and within one.
    server = servers(database_url=demo_url, workers=2, threads=3,
                     settings={"REPORT_RENDER_TEST_DELAY": 1.5})
    clients = [Client(server) for _ in range(5)]
    results = [None] * 5
    barrier = threading.Barrier(5)

    def download(number):
        barrier.wait()
        results[number] = clients[number].get(PDF_URL)

    threads = [threading.Thread(target=download, args=(number,)) for number in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)

    assert all(result is not None and result[0] == 200 for result in results), [r and r[0] for r in results]
    bodies = {result[2] for result in results}
    assert len(bodies) == 1 and is_pdf(bodies.pop())
    assert server.renders() == 1, server.log_text()
    assert sorted(result[1]["X-Report-Cache"] for result in results) == ["hit"] * 4 + ["miss"]
