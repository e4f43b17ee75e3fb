"""A clock that moves only when a test moves it: lease and backoff tests advance it
instead of sleeping until a lease or a backoff runs out."""

from __future__ import annotations

import threading
import time


class ManualClock:
    """Satisfies bot.storage.Clock. Starts at the real time (so rows written by other
    processes on the system clock compare sensibly) and is thread-safe."""

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else float(start)
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move time forward by ``seconds``; returns the new time."""
        if seconds < 0:
            raise ValueError("a clock does not go back")
        with self._lock:
            self._now += seconds
            return self._now

    def advance_to(self, when: float) -> float:
        """Move time forward to ``when`` (never back); returns the new time."""
        with self._lock:
            self._now = max(self._now, float(when))
            return self._now
