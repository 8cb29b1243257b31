"""How often a provider's reports may be rendered: a sliding window per provider, kept per worker process.

A cached or stored PDF never counts; only a render does. With several workers each keeps its own window, so
the real ceiling is the limit times the number of workers: this stops a runaway script or a stuck browser
from tying up the renderers, not a determined attacker (the sign-in limits and the tenancy rules do that).
"""

from __future__ import annotations

import threading
import time
from collections import deque

from .errors import RenderRateLimited

WINDOW_SECONDS = 60.0


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
