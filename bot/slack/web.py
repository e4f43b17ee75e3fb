"""Slack Web API access: the one module that talks to slack_sdk's WebClient.

Clients retry on 429 (honouring Retry-After), 5xx and dropped connections, and
go to ``settings.slack_api_url`` (GovSlack, tests). ``SlackWeb`` is the narrow
surface the job code uses; every Slack failure comes out as ``SlackCallError``
whose message is safe to log (the error code, never a token).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient

from bot.errors import SummarybotError, UsageError

log = logging.getLogger(__name__)

__all__ = ["SlackApiError", "SlackCallError", "SlackWeb", "make_client", "reply_metadata", "retry_handlers"]

TIMEOUT = 30
# Codes after which trying again can only give the same answer: log, give up, do not loop.
FATAL_CODES = frozenset(
    {
        "not_in_channel", "channel_not_found", "is_archived", "invalid_auth", "token_revoked",
        "account_inactive", "not_authed", "missing_scope", "team_access_not_granted",
        "restricted_action", "ekm_access_denied", "org_login_required", "no_permission",
        "user_not_in_channel", "cannot_reply_to_message",
    }
)
RETRYABLE_CODES = frozenset({"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"})
REPLY_EVENT_TYPE = "summarybot_reply"


class SlackCallError(SummarybotError):
    """A Web API call failed; ``code`` is Slack's error string (or an HTTP/connection note)."""

    def __init__(self, method: str, code: str, *, retryable: bool) -> None:
        super().__init__(f"Slack {method} failed: {code}")
        self.method = method
        self.code = code
        self.retryable = retryable

    @property
    def auth_problem(self) -> bool:
        return self.code in {"invalid_auth", "token_revoked", "account_inactive", "not_authed"}


def retry_handlers(max_retries: int = 3) -> list:
    return [
        RateLimitErrorRetryHandler(max_retry_count=max_retries),
        ServerErrorRetryHandler(max_retry_count=max_retries),
        ConnectionErrorRetryHandler(max_retry_count=max_retries),
    ]


def make_client(base_url: str, token: str | None = None) -> WebClient:
    if not base_url or not base_url.startswith(("http://", "https://")):
        raise UsageError("SLACK_API_URL must be an http(s) URL.")
    if not base_url.endswith("/"):
        base_url += "/"
    return WebClient(token=token or None, base_url=base_url, timeout=TIMEOUT, retry_handlers=retry_handlers())


def reply_metadata(job_id: int, step: str) -> dict[str, Any]:
    return {"event_type": REPLY_EVENT_TYPE, "event_payload": {"job_id": job_id, "step": step}}


class SlackWeb:
    """The Web API calls summarybot makes, with one error type."""

    def __init__(self, client: WebClient) -> None:
        if not isinstance(client, WebClient):
            raise UsageError("SlackWeb needs a slack_sdk WebClient.")
        self.client = client

    @property
    def token(self) -> str | None:
        return self.client.token

    def _call(self, method: str, **kwargs: Any) -> dict[str, Any]:
        try:
            # the typed methods encode each argument the way Slack expects (JSON for chat.*)
            response = getattr(self.client, method.replace(".", "_"))(**kwargs)
        except SlackApiError as err:
            code = str(err.response.get("error") or f"HTTP {err.response.status_code}")
            retryable = code in RETRYABLE_CODES or err.response.status_code >= 500
            raise SlackCallError(method, code, retryable=retryable) from None
        except (SlackClientError, URLError, TimeoutError, ConnectionError, OSError) as err:
            raise SlackCallError(method, type(err).__name__, retryable=True) from None
        return dict(response.data) if isinstance(response.data, dict) else {}

    def post_message(
        self,
        channel: str,
        *,
        text: str,
        blocks: list[dict] | tuple[dict, ...] | None = None,
        thread_ts: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> str:
        args: dict[str, Any] = {"channel": channel, "text": text, "unfurl_links": False, "unfurl_media": False}
        if blocks:
            args["blocks"] = list(blocks)
        if thread_ts:
            args["thread_ts"] = thread_ts
        if metadata:
            args["metadata"] = metadata
        return str(self._call("chat.postMessage", **args).get("ts") or "")

    def update_message(
        self, channel: str, ts: str, *, text: str, blocks: list[dict] | tuple[dict, ...]
    ) -> None:
        """Replace a message the bot posted (its text and blocks; its thread stays)."""
        self._call("chat.update", channel=channel, ts=ts, text=text, blocks=list(blocks))

    def channel_type(self, channel: str) -> str:
        """"channel" (public), "group" (private), "im" or "mpim"; "" when Slack won't say."""
        try:
            info = self._call("conversations.info", channel=channel).get("channel") or {}
        except SlackCallError as err:
            if err.retryable:
                raise
            return ""
        if info.get("is_im"):
            return "im"
        if info.get("is_mpim"):
            return "mpim"
        if info.get("is_private") or info.get("is_group"):
            return "group"
        return "channel" if info.get("is_channel") else ""

    def publish_home(self, user: str, view: dict[str, Any]) -> None:
        """Show ``view`` (type "home") as ``user``'s App Home tab."""
        self._call("views.publish", user_id=user, view=view)

    def post_ephemeral(self, channel: str, user: str, *, text: str, blocks: list[dict] | None = None) -> None:
        args: dict[str, Any] = {"channel": channel, "user": user, "text": text}
        if blocks:
            args["blocks"] = blocks
        self._call("chat.postEphemeral", **args)

    def add_reaction(self, channel: str, ts: str, name: str) -> None:
        try:
            self._call("reactions.add", channel=channel, timestamp=ts, name=name)
        except SlackCallError as err:
            if err.code != "already_reacted":
                raise

    def remove_reaction(self, channel: str, ts: str, name: str) -> None:
        try:
            self._call("reactions.remove", channel=channel, timestamp=ts, name=name)
        except SlackCallError as err:
            if err.code != "no_reaction":
                raise

    def _messages(self, method: str, **args: Any) -> Iterator[dict[str, Any]]:
        cursor = None
        for _page in range(20):  # a bounded walk: replies of one job are near the start
            data = self._call(method, include_all_metadata=True, limit=200, **args, **({"cursor": cursor} if cursor else {}))
            yield from data.get("messages") or []
            cursor = (data.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return

    def find_reply(self, channel: str, thread_ts: str | None, job_id: int, step: str) -> str | None:
        """The ts of a message this job already posted for ``step`` (found by its metadata)."""
        if thread_ts:
            messages = self._messages("conversations.replies", channel=channel, ts=thread_ts)
        else:
            messages = self._messages("conversations.history", channel=channel)
        for message in messages:
            meta = message.get("metadata") or {}
            payload = meta.get("event_payload") or {}
            if (
                meta.get("event_type") == REPLY_EVENT_TYPE
                and str(payload.get("job_id")) == str(job_id)
                and payload.get("step") == step
            ):
                return str(message.get("ts"))
        return None

    def file_info(self, file_id: str) -> dict[str, Any]:
        return dict(self._call("files.info", file=file_id).get("file") or {})

    def respond(self, response_url: str, payload: dict[str, Any]) -> None:
        """Post to a slash command's response_url (no token: the URL is the credential)."""
        if not response_url.startswith(("https://", "http://")):
            raise UsageError("response_url must be an http(s) URL.")
        hook = WebhookClient(response_url, timeout=TIMEOUT, retry_handlers=retry_handlers())
        try:
            response = hook.send_dict(payload)
        except (SlackClientError, URLError, TimeoutError, ConnectionError, OSError) as err:
            raise SlackCallError("response_url", type(err).__name__, retryable=True) from None
        if response.status_code >= 500:
            raise SlackCallError("response_url", f"HTTP {response.status_code}", retryable=True)
        if response.status_code >= 400:
            raise SlackCallError("response_url", f"HTTP {response.status_code}: {response.body[:100]}", retryable=False)
