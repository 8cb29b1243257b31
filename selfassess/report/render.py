"""HTML to PDF with WeasyPrint 70, safely: a fetcher that serves only our static files, and a child process
with a time limit and a memory limit, so no answer can read a server file, reach the network, hang the web
worker or exhaust its memory.

    render_html(context, *, preview=False, stylesheet_url=...) -> str   the report's HTML (Jinja, app context)
    html_to_pdf(html, *, static_folder, title, author, ...) -> bytes    in a forked child, with limits
    bare_pdf(html, static_folder, ...) -> bytes                         the same render in this process
    StaticOnlyFetcher                                                   the only fetcher WeasyPrint is given

WeasyPrint is imported here, at import time, so a process that renders reports has it loaded before it
forks: the child starts with the library, its fonts and its stylesheets already in memory.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import mimetypes
import multiprocessing
import os
import re
import resource
import signal
import threading
import time
import traceback
import zlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint
from weasyprint import html as weasyprint_html
from weasyprint.css.counters import CounterStyle
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .errors import RenderBusy, RenderFailed, RenderTimeout, ReportUnavailable  # noqa: F401 - re-exported

LOGGER = logging.getLogger(__name__)
PDF_ORIGIN = "http://pdf.invalid/"  # a fake origin: nothing with this host is ever fetched from the network
STATIC_PREFIX = PDF_ORIGIN + "static/"
PDF_VARIANT = "pdf/ua-1"
DEFAULT_TIMEOUT_SECONDS = 30.0
DEFAULT_MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024  # RLIMIT_AS of the child
MAX_STATIC_BYTES = 5 * 1024 * 1024
MAX_PAGES = 200  # the demo report has 25; anything past this is a runaway, not a report

# One render at a time in a worker: each child can take a second or two of CPU and a few hundred MB, so
# concurrent requests wait their turn (up to the render timeout) instead of forking side by side.
_RENDER_SLOT = threading.BoundedSemaphore(1)
DEFAULT_NICE = 5  # render children run at this niceness: page views get the CPU first
BUSY_MESSAGE = ("Another report is being prepared and is taking a long time. Try again in a few minutes.")
FAILED_MESSAGE = ("The report could not be prepared. Try again in a few minutes; if it happens again, tell "
                  "the service team.")


class TooManyPages(Exception):
    """The document ran past MAX_PAGES."""


class BlockedURL(ValueError):
    """A URL the report may not fetch. WeasyPrint logs it and carries on without the resource."""


class StaticOnlyFetcher(URLFetcher):
    """Serves files under the app's static folder from http://pdf.invalid/static/… and refuses everything
    else: file:, data:, http and https to any host, other paths on the fake origin and path traversal.

    It never calls the parent class's fetch, so no urllib handler (file, ftp, http, redirects) is reachable.
    """

    def __init__(self, static_folder: str | os.PathLike, **kwargs):
        super().__init__(**kwargs)
        self.static_root = Path(static_folder).resolve()
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        path = self.static_path(url)
        if path is None:
            self.refused.append(str(url)[:200])
            raise BlockedURL(f"blocked URL in the report: {str(url)[:200]}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})

    def static_path(self, url: str) -> Path | None:
        """The file a URL names under the static folder, or None when it may not be served."""
        if not isinstance(url, str) or not url.startswith(STATIC_PREFIX):
            return None
        parts = urlsplit(url)
        if parts.scheme != "http" or parts.netloc != "pdf.invalid" or parts.username or parts.port:
            return None
        relative = unquote(parts.path[len("/static/"):])
        if not relative or "\\" in relative or "\x00" in relative:
            return None
        candidate = (self.static_root / relative).resolve()
        if not candidate.is_relative_to(self.static_root) or not candidate.is_file():
            return None
        if candidate.stat().st_size > MAX_STATIC_BYTES:
            return None
        return candidate


# ---- HTML -----------------------------------------------------------------------------------------------

def render_html(context, *, preview: bool = False, stylesheet_url: str | None = None,
                download_url: str = "") -> str:
    """The report's HTML from its context. Needs a Flask app context (the app's Jinja environment, with
    autoescaping and strict undefined names). The PDF layout by default; `preview` wraps the same body in
    the site's layout."""
    from flask import render_template

    return render_template(
        "report/report.html",
        report=context,
        layout="report/preview.html" if preview else "report/base.html",
        stylesheet_url=stylesheet_url or STATIC_PREFIX + "report/report.css",
        download_url=download_url,
    )


# ---- PDF -----------------------------------------------------------------------------------------------

# WeasyPrint's HTML5 user-agent stylesheet has rules for ::marker, ::footnote-call, ::footnote-marker and
# three ::note-* pseudo-elements that match every element, so it computed six pseudo-element styles for each
# of the report's elements (8,157 styles for 1,230 elements in the demo). The report has no list markers
# (its lists carry their numbers as text), no footnotes and no notes, so its renders use the stylesheet
# without those six rules. Everything else in it - display, margins, tables, headings - is unchanged.
_UNUSED_UA_RULES = re.compile(
    r"^::(?:marker|footnote-call|footnote-marker|note-call|note-marker|note-callback) \{[^}]*\}[ \t]*$",
    re.MULTILINE)
# Its @counter-style rules register into a store of their own: WeasyPrint's shared one already holds them
# (from its own parse), and registering them twice logs "Invalid counter style name" at every start. The
# render's counter styles come from HTML._ua_counter_style, unchanged.
_REPORT_UA_STYLESHEET = weasyprint.CSS(string=_UNUSED_UA_RULES.sub("", weasyprint_html.UA),
                                       counter_style=CounterStyle())


class ReportHTML(weasyprint.HTML):
    """weasyprint.HTML with the report's user-agent stylesheet (above)."""

    def _ua_stylesheets(self, forms=False):
        return [_REPORT_UA_STYLESHEET]


def _write_pdf(html: str, static_folder: str, title: str, author: str, lang: str) -> bytes:
    fetcher = StaticOnlyFetcher(static_folder, allow_redirects=False, timeout=1)
    document = ReportHTML(string=html, base_url=PDF_ORIGIN, url_fetcher=fetcher).render()
    if len(document.pages) > MAX_PAGES:
        raise TooManyPages(f"The report would run to {len(document.pages)} pages, more than the {MAX_PAGES} "
                           "allowed. Shorten the longest answers and evidence notes, then try again.")
    metadata = document.metadata
    metadata.title, metadata.authors, metadata.lang = title, [author], lang
    metadata.attachments = []  # nothing may ride along inside the PDF
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def bare_pdf(html: str, static_folder: str, *, title: str = "", author: str = "",
             lang: str = "en-GB") -> bytes:
    """The same render in this process, without limits: for benchmarks and comparisons only."""
    return _write_pdf(html, static_folder, title, author, lang)


def _mapped_bytes() -> int:
    """This process's current virtual size (what RLIMIT_AS counts)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


STREAM_COMPRESSION_LEVEL = 6


class _ZlibAtLevel:
    """zlib as pydyf sees it in the render child: every stream compressed at level 6, not pydyf's fixed 9.
    Measured on the demo report: 50 ms less (a thirtieth of the render) for a file 3.5% larger."""

    def __init__(self, level: int):
        self.level = level

    def compressobj(self, level=-1, *args, **kwargs):
        return zlib.compressobj(self.level, *args, **kwargs)

    def compress(self, data, level=-1):
        return zlib.compress(data, self.level)

    def __getattr__(self, name):
        return getattr(zlib, name)


_uncached_page_references = pydyf.PDF.page_references


def _page_references(pdf) -> tuple[bytes, ...]:
    """pydyf.PDF.page_references, worked out once per number of pages. pydyf's property formats every page's
    reference on each call, and WeasyPrint's tagging calls it for each structure element (about 3,000 in the
    demo report, so 73,000 references formatted): 1.7% of the render's instructions, measured with
    cachegrind. Pages are only ever appended (`add_page`), so their number says when to work it out again."""
    count = len(pdf.pages["Kids"])
    cached = pdf.__dict__.get("_selfassess_page_references")
    if cached is None or cached[0] != count:
        cached = (count, _uncached_page_references.fget(pdf))
        pdf.__dict__["_selfassess_page_references"] = cached
    return cached[1]


def speed_up_pydyf() -> None:
    """In the render child only (it ends after one render): streams compressed at level 6, page references
    worked out once."""
    pydyf.zlib = _ZlibAtLevel(STREAM_COMPRESSION_LEVEL)
    pydyf.PDF.page_references = property(_page_references)


# ---- The render child ------------------------------------------------------------------------------------

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCHDOG_SECONDS = 0.5
# Signals a web server's worker may have handlers for (gunicorn: QUIT, TERM, INT, USR1, USR2, WINCH, HUP,
# CHLD, ABRT): the child takes the default action instead of running the worker's handlers.
_RESET_SIGNALS = ("SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH", "SIGCHLD",
                  "SIGABRT")


def _load_prctl():
    """libc's prctl, loaded once in the worker so the child does not have to; None off Linux."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _load_prctl()


def _die_with_parent(parent_pid: int) -> None:
    """Ask the kernel to SIGKILL this process when the worker that forked it dies, then make sure that has
    not already happened between the fork and the prctl (the signal would then never come)."""
    if _PRCTL is not None:  # otherwise the watchdog thread below still ends the child
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def _is_listening_socket(fd: int) -> bool:
    import socket
    import stat

    try:
        if not stat.S_ISSOCK(os.fstat(fd).st_mode):
            return False
        with socket.socket(fileno=os.dup(fd)) as sock:
            return bool(sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN))
    except OSError:
        return False


def close_inherited_fds(keep: set[int]) -> None:
    """Close every file descriptor this forked process inherited except `keep` and the standard streams: the
    worker's listening socket, its client's connection, database connections, log files and lock files. A
    standard stream that is a listening socket (inetd style) is pointed at /dev/null instead."""
    for fd in (0, 1, 2):
        if fd not in keep and _is_listening_socket(fd):
            null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, fd)
            os.close(null)
    try:
        open_fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:  # no /proc: every number up to the limit
        open_fds = range(3, os.sysconf("SC_OPEN_MAX"))
    for fd in open_fds:
        if fd > 2 and fd not in keep:
            with contextlib.suppress(OSError):  # the directory listing's own descriptor, already closed
                os.close(fd)


def _watch_parent(fd: int, parent_pid: int) -> None:
    """End the child when its worker is gone: the pipe's read end closed (POLLERR on the write end) or a
    new parent. A second line of defence behind PR_SET_PDEATHSIG, and the only one off Linux."""
    import select

    poller = select.poll()
    poller.register(fd, select.POLLERR | select.POLLHUP)
    while True:
        if poller.poll(WATCHDOG_SECONDS * 1000) or os.getppid() != parent_pid:
            os._exit(1)


def _become_render_child(parent_pid: int, pipe_fd: int, nice: int) -> None:
    """First thing in the forked child: tie its life to the worker, drop the worker's signal handlers and
    every inherited descriptor but its pipe, and step down in CPU priority so page views come first."""
    _die_with_parent(parent_pid)
    for name in _RESET_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    with contextlib.suppress(ValueError):  # not the main thread: there was no wake-up descriptor
        signal.set_wakeup_fd(-1)
    close_inherited_fds({pipe_fd})
    if nice > 0:
        os.nice(nice)
    threading.Thread(target=_watch_parent, args=(pipe_fd, parent_pid), daemon=True).start()


def _child(conn, html, static_folder, title, author, lang, memory_limit, cpu_seconds, delay=0.0):
    """Runs in the forked child: limit memory and CPU, render, and send the bytes (b"\\0" + PDF), an error for
    the log (b"\\1" + line) or one for the user (b"\\2" + message)."""
    try:
        # A short-lived process capped by RLIMIT_AS: skip cyclic garbage collection, which would walk (and
        # copy, page by page) every object inherited from the parent.
        gc.disable()
        speed_up_pydyf()  # this process only: it ends after one render
        if memory_limit:
            # The limit is an allowance on top of what the forked worker already maps: a long-running
            # worker's address space can itself approach a fixed cap, which would starve every render.
            allowance = _mapped_bytes() + memory_limit
            resource.setrlimit(resource.RLIMIT_AS, (allowance, allowance))
        if cpu_seconds:  # SIGXCPU ends the child if it spins past this, even with the parent gone
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        if delay:  # REPORT_RENDER_TEST_DELAY: tests need a render slow enough to interrupt
            time.sleep(delay)
        pdf = _write_pdf(html, static_folder, title, author, lang)
        conn.send_bytes(b"\0" + pdf)
    except TooManyPages as exc:
        conn.send_bytes(b"\2" + str(exc).encode("utf-8", "replace"))
    except MemoryError:
        conn.send_bytes(b"\1the report needed more memory than it is allowed")
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent as one line
        line = traceback.format_exception_only(type(exc), exc)[-1].strip()
        conn.send_bytes(b"\1" + line[:500].encode("utf-8", "replace"))
    finally:
        conn.close()


def html_to_pdf(html: str, *, static_folder: str, title: str, author: str, lang: str = "en-GB",
                timeout: float = DEFAULT_TIMEOUT_SECONDS,
                memory_limit: int | None = DEFAULT_MEMORY_LIMIT_BYTES, nice: int = DEFAULT_NICE,
                host_slot=None, test_delay: float = 0.0) -> bytes:
    """Render in a forked child process with a wall-clock limit, a CPU limit and an address-space limit,
    one render at a time in this process and, when `host_slot` is given (limits.HostRenderSlots.slot), at
    most that many at a time on this host.

    Raises RenderBusy when another render does not finish within `timeout`, RenderTimeout when the limit
    passes (the child is killed) and RenderFailed when the child fails or dies; the calling process is never
    at risk, and the child never outlives it.
    """
    deadline = time.monotonic() + timeout
    if not _RENDER_SLOT.acquire(timeout=timeout):
        raise RenderBusy(BUSY_MESSAGE)
    try:
        if host_slot is None:
            return _render_in_child(html, static_folder, title, author, lang, timeout, memory_limit, nice,
                                    test_delay)
        with host_slot(max(0.0, deadline - time.monotonic())):
            return _render_in_child(html, static_folder, title, author, lang, timeout, memory_limit, nice,
                                    test_delay)
    finally:
        _RENDER_SLOT.release()


def _reap(pid: int) -> None:
    """Kill the child if it is still there and collect its exit status, so no zombie is left."""
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass


def _render_in_child(html, static_folder, title, author, lang, timeout, memory_limit, nice=0,
                     test_delay=0.0) -> bytes:
    receiver, sender = multiprocessing.Pipe(duplex=False)
    cpu_seconds = int(timeout + test_delay) + 1 if timeout else 0
    parent_pid = os.getpid()
    started = time.monotonic()
    gc.freeze()  # keep the parent's objects out of the child's collector: fewer copy-on-write pages
    try:
        pid = os.fork()
        if pid == 0:  # the child: it never returns from this block
            code = 1
            try:
                _become_render_child(parent_pid, sender.fileno(), nice)
                _child(sender, html, str(static_folder), title, author, lang, memory_limit, cpu_seconds,
                       test_delay)
                code = 0
            finally:
                os._exit(code)
    except OSError as exc:
        receiver.close()
        sender.close()
        LOGGER.warning("report render: could not start the child: %s", exc)
        raise RenderFailed(FAILED_MESSAGE) from None
    finally:
        if os.getpid() == parent_pid:
            gc.unfreeze()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise RenderTimeout(f"The report took longer than {timeout:g} seconds to prepare and was "
                                "stopped. Try again in a few minutes; if it happens again, tell the "
                                "service team.")
        try:
            message = receiver.recv_bytes()
        except EOFError:
            raise RenderFailed("The report could not be prepared: the renderer stopped unexpectedly.") \
                from None
    finally:
        receiver.close()
        _reap(pid)
    if message[:1] == b"\2":
        raise RenderFailed(message[1:].decode("utf-8", "replace"))
    if message[:1] != b"\0":
        LOGGER.warning("report render failed: %s", message[1:].decode("utf-8", "replace"))
        raise RenderFailed(FAILED_MESSAGE)
    LOGGER.info("report rendered: child %d, %.2f s, %d bytes", pid, time.monotonic() - started,
                len(message) - 1)
    return message[1:]


_warmed = False
# One of everything the report uses - its stylesheet, bold and regular text, margin boxes, the DRAFT page
# name, a contents link with target-counter, an SVG with text, a table, both kinds of list - so that fonts,
# code paths and caches are loaded in the worker once, not in every child (35 ms a render, measured).
WARM_UP_HTML = f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Warm-up</title>
<link rel="stylesheet" href="{STATIC_PREFIX}report/report.css"></head>
<body class="app-report app-report--print app-report--draft">
<section class="app-report__cover"><p class="app-report__running-header">Warm-up</p><h1>Warm-up</h1></section>
<nav class="app-report__contents"><h2>Contents</h2>
<ol class="app-report__toc"><li><a href="#a">A</a></li></ol></nav>
<section class="app-report__chapter" id="a"><h2>A</h2><h3>B</h3><p class="app-report__muted">C</p>
<svg role="img" viewBox="0 0 100 20" width="100%" xmlns="http://www.w3.org/2000/svg"
font-family="DejaVu Sans, sans-serif"><title>D</title><line x1="0" y1="0" x2="9" y2="9" stroke="#b1b4b6"/>
<rect x="0" y="0" width="5" height="5" fill="#00703c"/><text x="1" y="10" font-size="11">E</text></svg>
<table class="app-report__table"><caption>F</caption><thead><tr><th scope="col">G</th>
<th scope="col" class="app-report__numeric">H</th></tr></thead><tbody><tr><th scope="row">I</th>
<td class="app-report__numeric">1</td></tr></tbody></table>
<ul class="app-report__list app-report__list--plain"><li>J</li></ul>
<ol class="app-report__list app-report__list--numbered"><li><p>1. K</p></li></ol>
<blockquote class="app-report__declaration">L</blockquote></section></body></html>"""


def warm_up(static_folder: str) -> None:
    """Render a small document with every kind of box the report has, once in this process, so fonts,
    stylesheets and WeasyPrint's code paths are loaded before the first fork and every child inherits them."""
    global _warmed
    if not _warmed:
        _write_pdf(WARM_UP_HTML, static_folder, "", "", "en-GB")
        _warmed = True
