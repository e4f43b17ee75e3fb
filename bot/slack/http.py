"""The HTTP side of the Slack bot: one WSGI application per worker process.

Routes: ``POST /slack/events`` (events, slash commands and interactivity),
``GET /slack/install`` and ``GET /slack/oauth_redirect`` (multi-workspace installs),
``GET /healthz``. Bodies over MAX_BODY get 413 unread; bodies Bolt could not parse get
400 (Bolt would answer them with a 500).
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from bot.errors import StoreError
from bot.slack.app import EVENTS_PATH, INSTALL_PATH, REDIRECT_PATH, Runtime, wsgi_handler

log = logging.getLogger(__name__)

MAX_BODY = 1_000_000  # Slack's payloads are far smaller; anything bigger is refused unread

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
