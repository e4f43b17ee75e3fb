"""The time base of every stored timestamp: a clock object instead of ``time.time()`` calls.

A Store reads the time from its clock (``Store(url, clock=...)``) and the Queue
reads it from its store, so tests can move time forward instead of waiting for
a lease or a backoff to run out. Times are UNIX epoch seconds (floats).
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """Anything with ``now() -> float``, epoch seconds. Must be thread-safe."""

    def now(self) -> float: ...


class SystemClock:
    """The real time: ``time.time()``."""

    def now(self) -> float:
        return time.time()
