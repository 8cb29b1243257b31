"""Limits on rendering, so that renders cannot crowd out page views.

- RenderLimiter: how often a provider's reports may be rendered, a sliding window per provider kept per
  worker process. A cached or stored PDF never counts; only a render does. With several workers each keeps
  its own window, so the real ceiling is the limit times the number of workers: this stops a runaway script
  or a stuck browser from tying up the renderers, not a determined attacker (the sign-in limits and the
  tenancy rules do that).
- HostRenderSlots: how many renders may run at once on this host, whatever the number of workers: N lock
  files in a folder the workers share, a render holding one with a non-blocking flock. A worker that dies
  releases its slot with its descriptors (the kernel drops the lock), so a slot is never lost.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
import time
from collections import deque
from pathlib import Path

from .errors import RenderBusy, RenderRateLimited

LOGGER = logging.getLogger(__name__)
WINDOW_SECONDS = 60.0
SLOT_POLL_SECONDS = 0.05


class RenderLimiter:
    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._renders: dict[str, deque[float]] = {}

    def admit(self, provider_key: str, per_minute: int) -> None:
        """Count a render for the provider, or raise RenderRateLimited if it has had `per_minute` already.
        A limit of 0 or less means no limit."""
        if per_minute <= 0:
            return
        now = self._clock()
        with self._lock:
            recent = self._renders.setdefault(provider_key, deque())
            while recent and now - recent[0] >= WINDOW_SECONDS:
                recent.popleft()
            if len(recent) >= per_minute:
                times = "once" if len(recent) == 1 else f"{len(recent)} times"
                raise RenderRateLimited(
                    f"This provider's report has been prepared {times} in the last minute, which is the most "
                    "allowed. Wait a minute and try again.")
            recent.append(now)


class HostRenderSlots:
    def __init__(self, folder: str | os.PathLike, slots: int):
        self.folder = Path(folder)
        self.slots = int(slots)

    @contextlib.contextmanager
    def slot(self, timeout: float):
        """Hold one of the host's render slots for the block; wait up to `timeout` for one (then RenderBusy).
        With no slot files to be had (an unwritable folder) the render goes ahead: the per-worker limit still
        holds, and a download is never refused for a disk problem. 0 slots means no host limit."""
        if self.slots <= 0:
            yield
            return
        try:
            fd = self._acquire(time.monotonic() + timeout)
        except OSError as exc:
            LOGGER.warning("report render: no host render slot (%s); rendering without the host limit", exc)
            fd = None
        if fd is None:
            yield
            return
        try:
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    def _acquire(self, deadline: float) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        while True:
            for number in range(self.slots):
                path = self.folder / f"slot-{number}.lock"
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return fd
                except BlockingIOError:
                    os.close(fd)
            if time.monotonic() >= deadline:
                raise RenderBusy("Reports are being prepared for other people and it is taking a long time. "
                                 "Try again in a few minutes.")
            time.sleep(SLOT_POLL_SECONDS)
