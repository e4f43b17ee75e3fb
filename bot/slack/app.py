"""Building the Bolt app and everything a serving process runs: store, queue,
job worker, the service that does the work. The one module importing slack_bolt.

HTTP (``summarybot serve``) and Socket Mode (``summarybot socket``) share it:
listeners run before the response (``process_before_response``) and only
enqueue, so Slack's acknowledgement always follows a durable record of the work.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.oauth.oauth_settings import OAuthSettings

from bot.errors import ConfigError, UsageError
from bot.jobs.payloads import INTERACTIVE_KINDS
from bot.jobs.queue import Queue
from bot.jobs.worker import Worker
from bot.settings import Settings
from bot.slack.deps import Deps
from bot.slack.listeners import register_all
from bot.slack.service import Service
from bot.slack.web import SlackApiError, SlackCallError, SlackWeb, make_client
from bot.storage.store import Store

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"

__all__ = ["BoltRequest", "BoltResponse", "Runtime", "build_runtime", "connect_socket", "socket_handler",
           "wsgi_handler"]


@dataclass
class Runtime:
    settings: Settings
    store: Store
    queue: Queue
    app: App
    service: Service
    worker: Worker
    installation_store: Any = None

    def start(self) -> None:
        self.worker.start()

    def stop(self, timeout: float) -> bool:
        """Stop claiming jobs, let running ones finish within ``timeout``; True if drained."""
        drained = self.worker.stop(timeout=timeout)
        self.store.close()
        return drained


class _Clients:
    """One SlackWeb per bot token (per workspace with OAuth), made on first use."""

    def __init__(self, settings: Settings, installations: Any) -> None:
        self.settings = settings
        self.installations = installations
        self._by_token: dict[str, SlackWeb] = {}
        self._lock = threading.Lock()

    def __call__(self, team_id: str, enterprise_id: str | None = None) -> SlackWeb:
        if self.installations is None:
            token = self.settings.slack_bot_token
        else:
            from bot.slack.oauth import bot_token

            found = bot_token(self.installations, team_id, enterprise_id)
            if not found:
                # uninstalled since the job was queued: nothing may be posted
                raise SlackCallError("installation", "invalid_auth", retryable=False)
            token = found
        with self._lock:
            web = self._by_token.get(token)
            if web is None:
                web = self._by_token[token] = SlackWeb(make_client(self.settings.slack_api_url, token))
            return web


def check_credentials(settings: Settings, *, socket_mode: bool) -> None:
    """ConfigError naming the first credential the bot cannot run without."""
    if socket_mode and not settings.slack_app_token:
        raise ConfigError("SLACK_APP_TOKEN (xapp-...) is required for Socket Mode.")
    if not socket_mode and not settings.slack_signing_secret:
        raise ConfigError("SLACK_SIGNING_SECRET is required to verify requests from Slack.")
    if not settings.oauth_enabled and not settings.slack_bot_token:
        raise ConfigError(
            "SLACK_BOT_TOKEN is required (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for "
            "multi-workspace installs)."
        )


def build_runtime(
    settings: Settings,
    *,
    socket_mode: bool = False,
    store: Store | None = None,
    wake: Callable[[], None] | None = None,
) -> Runtime:
    """Everything one process needs. Raises ConfigError for missing credentials.

    ``wake`` is called after each new job is enqueued; by default it wakes this
    process's own job worker (pass another when the jobs run elsewhere)."""
    if wake is not None and not callable(wake):
        raise UsageError("wake must be callable.")
    check_credentials(settings, socket_mode=socket_mode)
    oauth = settings.oauth_enabled
    store = store if store is not None else Store.from_settings(settings)
    # answers, clicks and the Home tab never wait behind summaries being made
    queue = Queue(store, lease_seconds=settings.job_lease, first=INTERACTIVE_KINDS)
    installations = None
    common: dict[str, Any] = {
        "signing_secret": settings.slack_signing_secret or None,
        "process_before_response": True,
        "request_verification_enabled": not socket_mode,
        "logger": logging.getLogger("bot.slack.bolt"),
        "name": "summarybot",
    }
    if oauth:
        # slack_sdk's SQLAlchemy stores need greenlet; single-workspace installs never load them
        from bot.slack.oauth import BOT_SCOPES, installation_stores

        installations, states = installation_stores(store, settings.slack_client_id)
        with _settings_only():
            app = App(
                client=make_client(settings.slack_api_url),
                oauth_settings=OAuthSettings(
                    client_id=settings.slack_client_id,
                    client_secret=settings.slack_client_secret,
                    scopes=list(BOT_SCOPES),
                    installation_store=installations,
                    state_store=states,
                    install_path=INSTALL_PATH,
                    redirect_uri_path=REDIRECT_PATH,
                ),
                **common,
            )
    else:
        with _settings_only():
            app = App(
                client=make_client(settings.slack_api_url, settings.slack_bot_token),
                # auth.test runs on the first request instead: a slow Slack must not block startup
                token_verification_enabled=False,
                **common,
            )
    service = Service(store=store, settings=settings, web_for=_Clients(settings, installations))
    worker = Worker(queue, service.handle, threads=settings.worker_threads)
    register_all(app, Deps(settings=settings, store=store, queue=queue, wake=wake or worker.wake,
                           installation_store=installations))
    return Runtime(settings, store, queue, app, service, worker, installations)


# What Bolt reads from the environment by itself. Everything it needs is passed from our
# Settings (which also read .env files); seeing SLACK_BOT_TOKEN as well, Bolt warned at
# every start that it would ignore it.
_BOLT_ENVIRONMENT = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CLIENT_ID",
                     "SLACK_CLIENT_SECRET", "SLACK_VERIFICATION_TOKEN")


@contextmanager
def _settings_only() -> Iterator[None]:
    """Build Bolt's App from our Settings alone: its own environment look-ups see nothing."""
    saved = {name: os.environ.pop(name) for name in _BOLT_ENVIRONMENT if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


def wsgi_handler(app: App) -> SlackRequestHandler:
    return SlackRequestHandler(app, path=EVENTS_PATH)


def socket_handler(runtime: Runtime) -> SocketModeHandler:
    token = runtime.settings.slack_app_token
    if not token:
        raise UsageError("SLACK_APP_TOKEN is required for Socket Mode.")
    # apps.connections.open goes through this client, hence to SLACK_API_URL as well
    return SocketModeHandler(runtime.app, app_token=token, web_client=make_client(runtime.settings.slack_api_url))


def connect_socket(handler: SocketModeHandler) -> None:
    """Open the Socket Mode connection; a refused app token is a configuration error."""
    try:
        handler.connect()
    except SlackApiError as err:
        code = err.response.get("error") or f"HTTP {err.response.status_code}"
        raise ConfigError(f"Slack refused the Socket Mode connection ({code}): check SLACK_APP_TOKEN.") from None
