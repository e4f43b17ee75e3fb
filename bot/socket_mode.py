"""``summarybot socket``: receive events over Socket Mode (no public URL needed).

Bolt's SocketModeHandler (slack_sdk's built-in websocket client) acknowledges
each envelope after the listener has enqueued its job, as over HTTP. The job
worker runs in this process; SIGTERM closes the connection and drains it.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from typing import Any

from bot.slack.app import build_runtime, connect_socket, socket_handler
from bot.slack.logs import configure_logging

log = logging.getLogger(__name__)


def run_socket(settings: Any, *, stop: threading.Event | None = None) -> int:
    """Run until SIGTERM/SIGINT (or until ``stop`` is set); the process exit status."""
    configure_logging(
        settings.log_level,
        secrets=(settings.slack_app_token, settings.slack_bot_token, settings.slack_client_secret),
    )
    runtime = build_runtime(settings, socket_mode=True)
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    handler = socket_handler(runtime)
    runtime.start()
    try:
        connect_socket(handler)
        log.info("connected to Slack over Socket Mode")
        stop.wait()
    finally:
        started = time.monotonic()
        # stop taking new envelopes first, then let running jobs finish
        handler.close()
        drained = runtime.stop(timeout=settings.shutdown_timeout)
        log.info("stopped in %.1fs (%s)", time.monotonic() - started,
                 "drained" if drained else "unfinished jobs released")
    return 0
