"""``summarybot serve``: the HTTP endpoint Slack posts to, on gunicorn.

Each gunicorn worker process builds its own runtime (database engine, Bolt app,
job worker threads) after the fork, and drains its job worker on exit, within
SUMMARYBOT_SHUTDOWN_TIMEOUT. Routes: ``POST /slack/events`` (events, slash
commands and interactivity), ``GET /slack/install`` and
``GET /slack/oauth_redirect`` (multi-workspace installs), ``GET /healthz``.
"""

from __future__ import annotations

import io
import json
import logging
import math
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from gunicorn.app.base import BaseApplication

from bot.errors import StoreError
from bot.slack.app import (
    EVENTS_PATH,
    INSTALL_PATH,
    REDIRECT_PATH,
    Runtime,
    build_runtime,
    wsgi_handler,
)
from bot.slack.logs import configure_logging
from bot.store import Store

log = logging.getLogger(__name__)

MAX_BODY = 1_000_000  # Slack's payloads are far smaller; anything bigger is refused unread
WORKER_THREADS = 4  # gthread threads per process: listeners only enqueue, so a few suffice

StartResponse = Callable[..., Any]


def _reply(start_response: StartResponse, status: str, body: dict[str, Any]) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def _malformed(body: bytes, content_type: str) -> bool:
    """True when Bolt could not even parse the body (it would raise, giving a 500)."""
    try:
        text = body.decode("utf-8")
        if content_type.startswith("application/json") or text.startswith("{"):
            return not isinstance(json.loads(text), dict)
        if "payload" in text:
            payload = dict(parse_qsl(text, keep_blank_values=True)).get("payload")
            if payload is not None:
                return not isinstance(json.loads(payload), dict)
    except ValueError:  # bad UTF-8 or bad JSON
        return True
    return False


class WebApp:
    """The WSGI application of one worker process."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.slack = wsgi_handler(runtime.app)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in {"GET", "HEAD"}:
            return self.health(start_response)
        if path == EVENTS_PATH:
            if method != "POST":
                return _reply(start_response, "405 Method Not Allowed", {"ok": False, "error": "method_not_allowed"})
            return self.events(environ, start_response)
        if path in {INSTALL_PATH, REDIRECT_PATH} and method == "GET" and self.runtime.app.oauth_flow is not None:
            return self.slack(environ, start_response)
        return _reply(start_response, "404 Not Found", {"ok": False, "error": "not_found"})

    def health(self, start_response: StartResponse) -> list[bytes]:
        try:
            self.runtime.store.ping()
            jobs = self.runtime.queue.counts()
        except StoreError as err:
            log.warning("health check: %s", err)
            return _reply(start_response, "503 Service Unavailable", {"ok": False, "database": "unreachable"})
        return _reply(start_response, "200 OK", {"ok": True, "database": "ok", "jobs": jobs})

    def events(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _reply(start_response, "400 Bad Request", {"ok": False, "error": "bad_content_length"})
        if length > MAX_BODY:
            return _reply(start_response, "413 Payload Too Large", {"ok": False, "error": "too_large"})
        stream = environ.get("wsgi.input")
        body = stream.read(length) if (stream is not None and length) else b""
        if not length and stream is not None:
            # chunked: read at most one byte past the cap
            body = stream.read(MAX_BODY + 1)
            if len(body) > MAX_BODY:
                return _reply(start_response, "413 Payload Too Large", {"ok": False, "error": "too_large"})
        if _malformed(body, str(environ.get("CONTENT_TYPE") or "")):
            return _reply(start_response, "400 Bad Request", {"ok": False, "error": "malformed_body"})
        environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        return self.slack(environ, start_response)


class _Gunicorn(BaseApplication):
    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self.runtime: Runtime | None = None
        super().__init__()

    def load_config(self) -> None:
        s = self.settings
        options = {
            "bind": f"0.0.0.0:{s.port}",
            "workers": s.web_concurrency,
            "worker_class": "gthread",
            "threads": WORKER_THREADS,
            # the arbiter kills workers after graceful_timeout: leave room to drain jobs
            "graceful_timeout": int(math.ceil(s.shutdown_timeout)) + 2,
            "timeout": 30,
            "keepalive": 5,
            "loglevel": s.log_level.lower(),
            "accesslog": "-" if s.log_level == "DEBUG" else None,
            "preload_app": False,
            "proc_name": "summarybot",
            "worker_exit": self._worker_exit,
            "limit_request_line": 8190,
        }
        if "control_socket_disable" in self.cfg.settings:
            # gunicorn >= 24: one fixed control socket path would clash between instances
            options["control_socket_disable"] = True
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self) -> WebApp:
        # runs in each worker process, after the fork: engines and threads are per process
        self.runtime = build_runtime(self.settings)
        self.runtime.start()
        log.info("worker ready: jobs run on %d threads", self.settings.worker_threads)
        return WebApp(self.runtime)

    def _worker_exit(self, _arbiter: Any, _worker: Any) -> None:
        if self.runtime is None:
            return
        started = time.monotonic()
        drained = self.runtime.stop(timeout=self.settings.shutdown_timeout)
        log.info("job worker stopped in %.1fs (%s)", time.monotonic() - started,
                 "drained" if drained else "unfinished jobs released")
        self.runtime = None


def run_server(settings: Any) -> int:
    """Serve Slack's requests until SIGTERM/SIGINT; the process exit status."""
    configure_logging(
        settings.log_level,
        secrets=(settings.slack_signing_secret, settings.slack_client_secret, settings.slack_bot_token),
    )
    # Fail fast on bad settings, and create the tables once before workers race to.
    Store.from_settings(settings).close()
    _check_credentials(settings)
    log.info("serving on port %s with %s worker process(es)", settings.port, settings.web_concurrency)
    try:
        _Gunicorn(settings).run()
    except SystemExit as stop:
        return int(stop.code or 0) if not isinstance(stop.code, str) else 1
    return 0


def _check_credentials(settings: Any) -> None:
    from bot.errors import ConfigError

    if not settings.slack_signing_secret:
        raise ConfigError("SLACK_SIGNING_SECRET is required to verify requests from Slack.")
    if not (settings.slack_bot_token or settings.oauth_enabled):
        raise ConfigError(
            "SLACK_BOT_TOKEN is required (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for multi-workspace installs)."
        )
