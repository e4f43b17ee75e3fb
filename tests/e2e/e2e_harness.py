"""End-to-end harness: the real bot process, driven the way Slack drives it.

- `BotProcess` starts ``python -m bot serve`` (or ``socket``) with its own data
  dir and port, waits for ``GET /healthz`` (or the Socket Mode hello), keeps its
  log, and stops it with SIGTERM (it must exit within 30 s); anything wrong with
  it fails the test. The process handling itself is harness_core's, which
  benchmarks/load.py shares.
- `Conversation` plays Slack's side: people's messages become Events API
  deliveries (signed HTTP, or Socket Mode envelopes), only for the events the
  app's manifest subscribes to; the bot's own posts are echoed back to it as
  Slack does (and its edits, as ``message_changed``). `expect_one_reply` fails on
  zero replies and on two.
- Interactivity: `click` (a button of a bot message: ``block_actions``),
  `shortcut` (a message shortcut: ``message_action``), `open_home`
  (``app_home_opened``) go to ``/slack/events`` signed like Slack's requests, and
  only if the manifest declares what Slack would need to send them.

The fixtures that use these live in conftest.py.
"""

from __future__ import annotations

import json
import queue
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import httpx
import pytest
from fakes.slack import (
    BOT_USER_ID,
    SIGNING_SECRET,
    TEAM_ID,
    USER_ID,
    Edit,
    Ephemeral,
    FakeSlack,
    Message,
    ViewPublish,
    bot_environment,
    event_callback,
    form_body,
    interactive_body,
    message_changed_event,
    retry_headers,
    sign,
    slash_command_form,
)
from harness_core import (
    ROOT,
    STOP_TIMEOUT,
    BotProcessBase,
    bot_echo_event,
    message_fields,
    person_posts,
)

__all__ = ["ACK_DEADLINE", "REPLY_TIMEOUT", "SETTLE", "STOP_TIMEOUT",
           "BotProcess", "CommandResult", "Conversation", "bot_env", "subscribed_events"]

MANIFEST = ROOT / "config" / "manifest.yml"
ACK_DEADLINE = 3.0  # Slack retries a delivery not acked within 3 s
REPLY_TIMEOUT = 30.0
SETTLE = 1.0  # how long a second reply has to show up before we call it "one"

DEFAULT_EVENTS = ("app_mention", "message.channels", "message.groups", "message.im",
                  "message.mpim")


def subscribed_events() -> frozenset[str]:
    """The bot events the app's manifest subscribes to: Slack delivers no others."""
    if not MANIFEST.is_file():
        return frozenset(DEFAULT_EVENTS)
    text = MANIFEST.read_text(encoding="utf-8")
    try:
        import yaml

        data = yaml.safe_load(text)
        events = data["settings"]["event_subscriptions"]["bot_events"]
        return frozenset(str(e) for e in events)
    except (ImportError, KeyError, TypeError):
        block = re.search(r"^\s*bot_events:[ \t]*\n((?:[ \t]+-[ \t]*\S+[ \t]*(?:#.*)?\n)+)",
                          text, flags=re.M)
        if not block:
            return frozenset(DEFAULT_EVENTS)
        return frozenset(re.findall(r"-[ \t]*(\S+)", block.group(1)))


def manifest() -> dict[str, Any]:
    """The app's manifest (config/manifest.yml), {} if there is none or no YAML parser."""
    if not MANIFEST.is_file():
        return {}
    try:
        import yaml
    except ImportError:
        return {}
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def interactivity_enabled() -> bool:
    """Slack sends block_actions and shortcuts only to an app with interactivity on."""
    return bool(_get(manifest(), "settings", "interactivity", "is_enabled"))


def message_shortcuts() -> frozenset[str]:
    """The callback_ids of the message shortcuts the manifest declares."""
    found = _get(manifest(), "features", "shortcuts") or []
    return frozenset(str(s.get("callback_id")) for s in found
                     if isinstance(s, dict) and s.get("type") == "message")


def home_tab_enabled() -> bool:
    return bool(_get(manifest(), "features", "app_home", "home_tab_enabled"))


def bot_env(slack: FakeSlack, data_dir: Path, port: int, **extra: str) -> dict[str, str]:
    """A bot process's environment with the settings these tests expect (``extra`` last)."""
    return bot_environment(slack, data_dir, port, **{
        "WEB_CONCURRENCY": "1",
        "SUMMARYBOT_AUTO_SUMMARIZE": "true",
        "SUMMARYBOT_SENTENCES": "3",
        "SUMMARYBOT_WORKER_THREADS": "2",
        "SUMMARYBOT_JOB_LEASE": "15",
        "SUMMARYBOT_SHUTDOWN_TIMEOUT": "10",
        "SUMMARYBOT_LOG_LEVEL": "INFO",
        **extra,
    })


class BotProcess(BotProcessBase):
    """One real bot process (``python -m bot serve|socket``) with the settings
    these tests expect; whatever goes wrong with it fails the test."""

    def environment(self, extra: dict[str, str]) -> dict[str, str]:
        return bot_env(self.slack, self.data_dir, self.port, **extra)

    def fail(self, message: str) -> NoReturn:
        pytest.fail(message)

    def start(self) -> BotProcess:
        super().start()
        return self


@dataclass
class CommandResult:
    status: int
    body: bytes
    content_type: str
    response_url: str
    trigger_id: str
    elapsed: float


class Conversation:
    """Slack's side of a conversation with one bot process."""

    def __init__(self, slack: FakeSlack, bot: BotProcess, *, transport: str = "http",
                 echo: bool = True) -> None:
        if transport not in {"http", "socket"}:
            raise ValueError("transport must be http or socket")
        self.slack = slack
        self.bot = bot
        self.transport = transport
        self.events = subscribed_events()
        self.deliveries: list[tuple[dict[str, Any], int, bytes]] = []
        self._channels: set[str] = set()
        self._echo_q: queue.Queue[Message | dict[str, Any] | None] = queue.Queue()
        self._echo_thread: threading.Thread | None = None
        self.echo_errors: list[str] = []
        if echo:
            self._echo_thread = threading.Thread(target=self._echo_loop, daemon=True,
                                                 name="echo-bot-messages")
            self._echo_thread.start()
            slack.message_listeners.append(self._on_message)
            slack.edit_listeners.append(self._on_edit)

    def close(self) -> None:
        if self._on_message in self.slack.message_listeners:
            self.slack.message_listeners.remove(self._on_message)
        if self._on_edit in self.slack.edit_listeners:
            self.slack.edit_listeners.remove(self._on_edit)
        self._echo_q.put(None)
        if self._echo_thread is not None:
            self._echo_thread.join(timeout=10)

    # -- echo of the bot's own messages (Slack sends them to the app too)

    def _on_message(self, msg: Message) -> None:
        if msg.from_bot and msg.channel in self._channels:
            self._echo_q.put(msg)

    def _on_edit(self, msg: Message, edit: Edit) -> None:
        """Slack tells the app about an edit of a message in a conversation it
        follows: a ``message_changed`` event."""
        if msg.channel not in self._channels:
            return
        ch = self.slack.channel(msg.channel)
        if f"message.{_plural(ch.channel_type)}" not in self.events:
            return
        now = msg.to_api(with_metadata=False)
        before = {**now, "text": edit.previous_text}
        before.pop("edited", None)
        if edit.previous_blocks is not None:
            before["blocks"] = edit.previous_blocks
        else:
            before.pop("blocks", None)
        self._echo_q.put(event_callback(
            message_changed_event(msg.channel, now, before, channel_type=ch.channel_type),
            team_id=msg.team))

    def _echo_loop(self) -> None:
        while True:
            msg = self._echo_q.get()
            if msg is None:
                return
            if isinstance(msg, dict):  # a ready envelope (message_changed)
                try:
                    self.deliver(msg, check=False)
                except (httpx.HTTPError, AssertionError, OSError) as err:
                    self.echo_errors.append(repr(err))
                continue
            ch = self.slack.channel(msg.channel)
            if f"message.{_plural(ch.channel_type)}" not in self.events:
                continue
            event = bot_echo_event(msg.channel, msg.ts, msg.text, channel_type=ch.channel_type,
                                   team=msg.team, blocks=msg.blocks, thread_ts=msg.thread_ts)
            try:
                self.deliver(event_callback(event, team_id=msg.team), check=False)
            except (httpx.HTTPError, AssertionError, OSError) as err:
                # the bot may be restarting; Slack would retry, we just note it
                self.echo_errors.append(repr(err))

    # -- raw delivery

    def deliver(self, payload: dict[str, Any], *, retry: int = 0, reason: str = "http_timeout",
                secret: str = SIGNING_SECRET, timestamp: int | None = None,
                check: bool = True) -> httpx.Response | None:
        """POST an Events API payload, signed, as Slack does (or push it over
        Socket Mode). With `check`, the bot must ack 200 within 3 s."""
        if self.transport == "socket":
            eid = self.slack.socket.push("events_api", payload, retry_attempt=retry,
                                         retry_reason=reason if retry else "")
            if check:
                self.slack.socket.wait_ack(eid, timeout=ACK_DEADLINE + 2)
            return None
        body = json.dumps(payload).encode()
        return self.post_raw(body, "application/json", retry=retry, reason=reason,
                             secret=secret, timestamp=timestamp, check=check)

    def post_raw(self, body: bytes, content_type: str, *, retry: int = 0,
                 reason: str = "http_timeout", secret: str = SIGNING_SECRET,
                 timestamp: int | None = None, check: bool = True,
                 extra_headers: dict[str, str] | None = None) -> httpx.Response:
        headers = {"Content-Type": content_type, "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
                   **sign(body, secret, timestamp)}
        if retry:
            headers.update(retry_headers(retry, reason))
        headers.update(extra_headers or {})
        started = time.monotonic()
        res = httpx.post(self.bot.url + "/slack/events", content=body, headers=headers,
                         timeout=10)
        elapsed = time.monotonic() - started
        self.deliveries.append(({"content_type": content_type}, res.status_code, res.content))
        if check:
            assert res.status_code == 200, (
                f"bot answered {res.status_code} {res.text[:300]!r} to a valid delivery\n"
                f"{self.bot.logs()}")
            assert elapsed < ACK_DEADLINE, f"ack took {elapsed:.2f}s (Slack retries after 3 s)"
        return res

    # -- people do things

    def send_message(self, channel: str, text: str, *, user: str = USER_ID,
                     thread_ts: str | None = None, team: str = TEAM_ID,
                     files: list[dict[str, Any]] | None = None,
                     deliver: bool = True) -> str:
        """A person posts `text` (typed as in the Slack client) in `channel`;
        Slack delivers the subscribed events. Returns the message ts."""
        self.slack.channel(channel)
        self._channels.add(channel)
        ts, markup = person_posts(self.slack, channel, text, user=user, team=team,
                                  thread_ts=thread_ts, files=files)
        if not deliver:
            return ts
        for payload in self.events_for(channel, ts, markup, user=user, thread_ts=thread_ts,
                                       team=team, files=files):
            self.deliver(payload)
        return ts

    def events_for(self, channel: str, ts: str, text: str, *, user: str = USER_ID,
                   thread_ts: str | None = None, team: str = TEAM_ID,
                   files: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        """The Events API payloads Slack sends for one posted message."""
        ch = self.slack.channel(channel)
        base = message_fields(channel, ts, text, user=user, team=team, thread_ts=thread_ts)
        out: list[dict[str, Any]] = []
        if f"message.{_plural(ch.channel_type)}" in self.events:
            message = {"type": "message", **base, "channel_type": ch.channel_type}
            if files:
                message.update(subtype="file_share", files=files, upload=False,
                               display_as_bot=False)
            out.append(event_callback(message, team_id=team))
        if f"<@{BOT_USER_ID}>" in text and not ch.is_im and "app_mention" in self.events:
            mention = {"type": "app_mention", **base}
            if files:
                mention["files"] = files
            out.append(event_callback(mention, team_id=team))
        if files and "file_shared" in self.events:
            for f in files:
                out.append(event_callback({
                    "type": "file_shared", "channel_id": channel, "file_id": f["id"],
                    "user_id": user, "file": {"id": f["id"]}, "event_ts": ts}, team_id=team))
        return out

    def mention(self, channel: str, text: str, **kw: Any) -> str:
        return self.send_message(channel, f"<@{BOT_USER_ID}> {text}", **kw)

    def share_file(self, channel: str, name: str, data: bytes, mimetype: str, *,
                   text: str = "", user: str = USER_ID, team: str = TEAM_ID,
                   thread_ts: str | None = None) -> str:
        f = self.slack.add_file(name, data, mimetype, team=team, user=user)
        return self.send_message(channel, text, user=user, team=team, files=[f],
                                 thread_ts=thread_ts)

    def command(self, channel: str, text: str, *, command: str = "/summary",
                user: str = USER_ID, team: str = TEAM_ID, check: bool = True) -> CommandResult:
        """A person runs a slash command in `channel`."""
        self.slack.channel(channel)
        self._channels.add(channel)
        response_url = self.slack.new_response_url(channel=channel, user=user, team=team)
        fields = slash_command_form(command, text, team_id=team, channel_id=channel,
                                    user_id=user, response_url=response_url)
        started = time.monotonic()
        if self.transport == "socket":
            eid = self.slack.socket.push("slash_commands", fields)
            ack = self.slack.socket.wait_ack(eid, timeout=ACK_DEADLINE + 2)
            body = json.dumps(ack.payload or {}).encode() if ack.payload else b""
            result = CommandResult(200, body, "application/json", response_url,
                                   fields["trigger_id"], time.monotonic() - started)
        else:
            res = self.post_raw(form_body(fields), "application/x-www-form-urlencoded",
                                check=check)
            result = CommandResult(res.status_code, res.content,
                                   res.headers.get("content-type", ""), response_url,
                                   fields["trigger_id"], time.monotonic() - started)
        self.slack.record_command_response(channel, user, result.status, result.body,
                                           result.content_type)
        return result

    # -- interactivity (Slack posts it to the same request URL, /slack/events)

    def interact(self, payload: dict[str, Any], *, check: bool = True) -> httpx.Response | None:
        """Deliver an interaction payload as Slack does: signed, form-encoded
        ``payload=<json>`` over HTTP (or an ``interactive`` Socket Mode envelope).
        With `check`, the bot must ack 200 within 3 s. Returns the HTTP response
        (None over Socket Mode)."""
        if self.transport == "socket":
            eid = self.slack.socket.push("interactive", payload)
            if check:
                self.slack.socket.wait_ack(eid, timeout=ACK_DEADLINE + 2)
            return None
        return self.post_raw(interactive_body(payload), "application/x-www-form-urlencoded",
                             check=check)

    def _require(self, ok: bool, what: str) -> None:
        if not ok:
            self._fail(f"Slack would not send this: {what} (config/manifest.yml)")

    def click_payload(self, message: Message, action_id: str, *, user: str = USER_ID
                      ) -> dict[str, Any]:
        """The block_actions payload of ``user`` clicking ``action_id`` on ``message``."""
        self._require(interactivity_enabled(), "interactivity is not enabled")
        self._channels.add(message.channel)
        return self.slack.block_actions(message, action_id, user=user)

    def click(self, message: Message, action_id: str, *, user: str = USER_ID,
              check: bool = True) -> httpx.Response | None:
        """``user`` clicks the button ``action_id`` of ``message`` (as stored now)."""
        return self.interact(self.click_payload(message, action_id, user=user), check=check)

    def click_twice(self, message: Message, action_id: str, *, user: str = USER_ID,
                    check: bool = True) -> tuple[httpx.Response | None, httpx.Response | None]:
        """One click Slack delivers twice: the same payload, byte for byte, in a row."""
        payload = self.click_payload(message, action_id, user=user)
        return self.interact(payload, check=check), self.interact(payload, check=check)

    def shortcut(self, message: Message, callback_id: str = "summarize_message", *,
                 user: str = USER_ID, check: bool = True) -> httpx.Response | None:
        """``user`` runs the message shortcut ``callback_id`` on ``message``."""
        self._require(interactivity_enabled(), "interactivity is not enabled")
        self._require(callback_id in message_shortcuts(),
                      f"no message shortcut with callback_id {callback_id!r} under "
                      "features.shortcuts")
        self._channels.add(message.channel)
        return self.interact(self.slack.message_action(message, callback_id, user=user),
                             check=check)

    def open_home(self, user: str = USER_ID, *, team: str = TEAM_ID,
                  check: bool = True) -> httpx.Response | None:
        """``user`` opens the app's Home tab: an ``app_home_opened`` event."""
        self._require("app_home_opened" in self.events,
                      "app_home_opened is not among settings.event_subscriptions.bot_events")
        self._require(home_tab_enabled(), "features.app_home.home_tab_enabled is not true")
        envelope = self.slack.app_home_opened(user, team=team)
        self._channels.add(envelope["event"]["channel"])
        return self.deliver(envelope, check=check)

    def expect_home_view(self, user: str = USER_ID, *, count_before: int = 0,
                         timeout: float = REPLY_TIMEOUT) -> ViewPublish:
        """The next views.publish for ``user`` (after ``count_before`` of them)."""
        try:
            self.slack.wait_for(lambda: len(self.slack.home_publishes(user)) > count_before,
                                timeout, f"views.publish for {user}")
        except AssertionError as err:
            self._fail(str(err))
        return self.slack.home_publishes(user)[count_before]

    def expect_one_edit(self, message: Message, *, count_before: int = 0,
                        timeout: float = REPLY_TIMEOUT, settle: float = SETTLE) -> Edit:
        """Exactly one more change of ``message`` (chat.update or replace_original)
        after ``count_before``: fails on none within `timeout`, or a second within
        `settle`."""
        def edits() -> list[Edit]:
            return self.slack.edits_of(message.channel, message.ts)[count_before:]

        try:
            self.slack.wait_for(edits, timeout, f"an edit of {message.ts} in {message.channel}")
        except AssertionError as err:
            self._fail(str(err))
        if not self.slack.holds_for(lambda: len(edits()) > 1, settle):
            self._fail(f"expected one edit of {message.ts}, got "
                       f"{[e.all_text[:200] for e in edits()]}")
        return edits()[0]

    def expect_no_edit(self, message: Message, *, count_before: int = 0,
                       within: float = 4.0) -> None:
        if not self.slack.holds_for(
                lambda: len(self.slack.edits_of(message.channel, message.ts)) > count_before,
                within):
            self._fail(f"expected no edit of {message.ts} in {message.channel}")

    # -- expectations

    def _fail(self, message: str) -> None:
        pytest.fail(f"{message}\n--- Web API calls ---\n{self.slack.describe()}\n"
                    f"{self.bot.logs(80)}")

    def replies(self, channel: str, thread_ts: str | None = None, *,
                since: str | None = None) -> list[Message]:
        """Bot messages in a thread, or top-level ones posted after `since`."""
        if thread_ts is not None:
            return self.slack.bot_messages(channel, thread_ts)
        msgs = self.slack.bot_messages(channel, top_level=True)
        return [m for m in msgs if since is None or float(m.ts) > float(since)]

    def expect_one_reply(self, channel: str, thread_ts: str | None = None, *,
                         since: str | None = None, timeout: float = REPLY_TIMEOUT,
                         settle: float = SETTLE) -> Message:
        """Exactly one bot reply in the thread (or top-level after `since`):
        fails if none comes within `timeout`, or a second within `settle`."""
        where = f"thread {thread_ts}" if thread_ts else f"channel after {since}"
        try:
            self.slack.wait_for(lambda: self.replies(channel, thread_ts, since=since), timeout,
                                f"a bot reply in {channel} {where}")
        except AssertionError as err:
            self._fail(str(err))
        if not self.slack.holds_for(lambda: len(self.replies(channel, thread_ts, since=since))
                                    > 1, settle):
            texts = [m.all_text[:200] for m in self.replies(channel, thread_ts, since=since)]
            self._fail(f"expected one reply in {channel} {where}, got {len(texts)}: {texts}")
        return self.replies(channel, thread_ts, since=since)[0]

    def expect_no_reply(self, channel: str, thread_ts: str | None = None, *,
                        since: str | None = None, within: float = 4.0) -> None:
        if not self.slack.holds_for(lambda: self.replies(channel, thread_ts, since=since),
                                    within):
            texts = [m.all_text[:200] for m in self.replies(channel, thread_ts, since=since)]
            self._fail(f"expected no reply in {channel} {thread_ts or ''}, got {texts}")

    def expect_ephemeral(self, channel: str, *, user: str = USER_ID, count_before: int = 0,
                         timeout: float = 15.0) -> Ephemeral:
        """A message only `user` sees: the command's HTTP response, a response_url
        post, or chat.postEphemeral — all Slack-legal."""
        try:
            self.slack.wait_for(lambda: len(self.slack.ephemerals_for(channel, user))
                                > count_before, timeout, f"an ephemeral message in {channel}")
        except AssertionError as err:
            self._fail(str(err))
        return self.slack.ephemerals_for(channel, user)[count_before]


def _plural(channel_type: str) -> str:
    return {"channel": "channels", "group": "groups", "im": "im", "mpim": "mpim"}[channel_type]


