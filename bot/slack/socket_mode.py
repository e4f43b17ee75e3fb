"""``summarybot socket``: receive events over Socket Mode (no public URL needed).

Bolt's SocketModeHandler (slack_sdk's built-in websocket client) acknowledges
each envelope after the listener has enqueued its job, as over HTTP. The job
worker runs in this process; SIGTERM closes the connection and drains it.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from typing import Any

from bot.settings import Settings
from bot.slack.app import build_runtime, connect_socket, socket_handler
from bot.slack.logs import configure_logging

log = logging.getLogger(__name__)


def run_socket(settings: Settings, *, stop: threading.Event | None = None) -> int:
    """Run until SIGTERM/SIGINT (or until ``stop`` is set); the process exit status."""
    configure_logging(settings.log_level, secrets=settings.secrets())
    runtime = build_runtime(settings, socket_mode=True)
    # Only a run that owns the process (the CLI) may install signal handlers and exit hard.
    owns_process = stop is None and threading.current_thread() is threading.main_thread()
    stop = stop or threading.Event()
    if owns_process:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    handler = socket_handler(runtime)
    runtime.start()
    try:
        connect_socket(handler)
        log.info("connected to Slack over Socket Mode")
        while not stop.wait(1.0):
            pass
    finally:
        started = time.monotonic()
        # stop taking new envelopes first, then let running jobs finish
        _close_within(handler, CLOSE_TIMEOUT)
        drained = runtime.stop(timeout=settings.shutdown_timeout)
        log.info("stopped in %.1fs (%s)", time.monotonic() - started,
                 "drained" if drained else "unfinished jobs released")
    if owns_process:
        _exit_if_stuck()
    return 0


CLOSE_TIMEOUT = 5.0


def _close_within(handler: Any, timeout: float) -> None:
    """Close the websocket, but never let a stuck close hold up the drain: the
    platform kills us 30 s after SIGTERM, and the jobs matter more."""
    closer = threading.Thread(target=handler.close, name="socket-close", daemon=True)
    closer.start()
    closer.join(timeout)
    if closer.is_alive():
        log.warning("the Socket Mode connection did not close within %.0fs", timeout)


def _exit_if_stuck() -> None:
    """The websocket client's own non-daemon threads can outlive close(); the
    interpreter would then wait on them forever at exit. Our work is drained and
    committed by now, so leave without waiting for them."""
    lingering = [
        t.name for t in threading.enumerate()
        if t is not threading.current_thread() and not t.daemon and t.is_alive()
    ]
    if lingering:
        log.info("exiting past lingering client threads: %s", ", ".join(lingering))
        logging.shutdown()
        os._exit(0)
