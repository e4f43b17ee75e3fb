"""A fake Slack: the Web API, private file hosting, response_url webhooks and a
Socket Mode websocket server, on real sockets on 127.0.0.1 with OS-picked ports.

It follows Slack's documented contract closely enough that the real bot, built on
slack_sdk/slack_bolt, cannot tell the difference:

- Web API: ``POST {api_url}<method>`` with a form-encoded or JSON body; the token
  comes from ``Authorization: Bearer`` or a ``token`` parameter. Responses are
  ``{"ok": true, ...}`` or ``{"ok": false, "error": "<code>"}`` with HTTP 200;
  rate limits are HTTP 429 with ``Retry-After``.
- Private files: ``url_private_download`` is served only with the bot token as a
  bearer token; without it Slack redirects to its sign-in page.
- response_url: accepts JSON posts (``response_type`` ephemeral/in_channel), at
  most 5 uses, like Slack. A response_url handed out with a click on a message
  (``block_actions``) also takes ``replace_original`` / ``delete_original``.
- Views: ``views.publish`` keeps one Home tab view per (team, user).
- Interactivity: builders for the ``block_actions`` (a click on a button of a
  stored message) and ``message_action`` (a message shortcut) payloads Slack posts
  form-encoded as ``payload=<json>``, and for the ``app_home_opened`` event.
- Conversations have members: a private channel (``group``) or a DM (``im``) is
  visible only to its members, and a person can click or shortcut only what they see.
- Socket Mode: ``apps.connections.open`` (app-level ``xapp-`` token) returns a
  ``ws://`` URL; on connect the server sends ``hello``; tests push ``events_api``
  and ``slash_commands`` envelopes and the client acks with ``{"envelope_id"}``.

Also here: Slack's request signing (v0) and builders for the payloads Slack
sends to an app (Events API envelopes, slash command forms, interactivity
payloads, retry headers).

Payload shapes follow Slack's reference pages (block_actions payload, shortcuts
payloads, the app_home_opened event, views.publish) and the payloads in
bolt-python's own tests (tests/scenario_tests/test_block_actions.py, the
message_action payload in test_app_using_methods_in_class.py).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import re
import secrets
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve

BOT_TOKEN = "xoxb-1111-2222-fakebottoken"
APP_TOKEN = "xapp-1-A0APP0001-3333-fakeapptoken"
SIGNING_SECRET = "fake-signing-secret-0123456789abcdef"
CLIENT_ID = "1111.2222"
CLIENT_SECRET = "fake-client-secret"
TEAM_ID = "T0TEAM001"
TEAM_NAME = "Test Team"
ENTERPRISE_ID = None
BOT_USER_ID = "U0BOTUSER"
BOT_ID = "B0BOT0001"
APP_ID = "A0APP0001"
USER_ID = "U0ALICE01"

# Block Kit and message limits Slack enforces (documented on the Block Kit and
# chat.postMessage pages); a bot that breaks them gets invalid_blocks / msg_too_long.
MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_TEXT = 40000
RESPONSE_URL_USES = 5
# Views and interactive elements (Block Kit reference: views allow 100 blocks, an
# actions block 25 elements, a button's text 75 characters and its value 2000;
# block_id and action_id at most 255 characters, unique within their message/block).
MAX_VIEW_BLOCKS = 100
MAX_VIEW_BYTES = 250_000
MAX_PRIVATE_METADATA = 3000
MAX_ACTION_ELEMENTS = 25
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_ID = 255


# --------------------------------------------------------------------------- signing


def signature(body: bytes, secret: str, timestamp: int | str) -> str:
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def sign(body: bytes, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """The two headers Slack adds to every request it sends to an app."""
    if not isinstance(body, bytes):
        raise TypeError("body must be bytes, exactly as sent")
    ts = int(time.time()) if timestamp is None else int(timestamp)
    return {
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": signature(body, secret, ts),
    }


def verify(body: bytes, headers: dict[str, str], secret: str = SIGNING_SECRET,
           max_age: int = 300) -> bool:
    """Slack's check, for self-tests of `sign`."""
    ts = headers.get("X-Slack-Request-Timestamp", "")
    if not ts.isdigit() or abs(time.time() - int(ts)) > max_age:
        return False
    return hmac.compare_digest(signature(body, secret, ts), headers.get("X-Slack-Signature", ""))


def retry_headers(num: int, reason: str = "http_timeout") -> dict[str, str]:
    """Headers of the n-th redelivery of an event (Slack retries 3 times)."""
    if num < 1:
        raise ValueError("retry numbers start at 1")
    return {"X-Slack-Retry-Num": str(num), "X-Slack-Retry-Reason": reason}


# --------------------------------------------------------------------------- payload builders

_counter = itertools.count(1)


def new_event_id() -> str:
    return f"Ev{next(_counter):04d}{secrets.token_hex(4).upper()}"


def new_trigger_id() -> str:
    return f"{int(time.time())}.{next(_counter)}.{secrets.token_hex(8)}"


def event_callback(event: dict[str, Any], *, team_id: str = TEAM_ID, api_app_id: str = APP_ID,
                   event_id: str | None = None, event_time: int | None = None,
                   bot_user_id: str = BOT_USER_ID) -> dict[str, Any]:
    """The Events API outer envelope Slack POSTs to the request URL."""
    return {
        "token": "verification-token-deprecated",
        "team_id": team_id,
        "context_team_id": team_id,
        "context_enterprise_id": None,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or new_event_id(),
        "event_time": int(time.time()) if event_time is None else event_time,
        "authorizations": [{
            "enterprise_id": None, "team_id": team_id, "user_id": bot_user_id,
            "is_bot": True, "is_enterprise_install": False,
        }],
        "is_ext_shared_channel": False,
        "event_context": "4-" + secrets.token_hex(12),
    }


def slack_markup(text: str) -> str:
    """What Slack's client does to typed text: links become <url>, and &, <, >
    that are not part of markup are escaped."""
    pieces: list[str] = []
    pos = 0
    for m in re.finditer(r"<[@#!][^>]*>|<https?://[^>]*>|https?://[^\s<>]+", text):
        pieces.append(_escape(text[pos:m.start()]))
        token = m.group(0)
        pieces.append(token if token.startswith("<") else f"<{token}>")
        pos = m.end()
    pieces.append(_escape(text[pos:]))
    return "".join(pieces)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slash_command_form(command: str, text: str, *, team_id: str = TEAM_ID, channel_id: str,
                       user_id: str = USER_ID, response_url: str, trigger_id: str | None = None,
                       channel_name: str = "general", api_app_id: str = APP_ID) -> dict[str, str]:
    """The fields Slack sends for a slash command (form-encoded over HTTP, a dict
    in a Socket Mode envelope)."""
    return {
        "token": "verification-token-deprecated",
        "team_id": team_id,
        "team_domain": "testteam",
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": "alice",
        "command": command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id or new_trigger_id(),
    }


def new_action_ts() -> str:
    return f"{time.time():.6f}"


def interactive_body(payload: dict[str, Any]) -> bytes:
    """The body of an interaction request exactly as Slack posts it:
    ``application/x-www-form-urlencoded`` with one field, ``payload``, holding JSON."""
    return urlencode({"payload": json.dumps(payload)}).encode()


def _user_ref(user_id: str, team_id: str, name: str) -> dict[str, Any]:
    return {"id": user_id, "username": name, "name": name, "team_id": team_id}


def _team_ref(team_id: str) -> dict[str, Any]:
    return {"id": team_id, "domain": "testteam" if team_id == TEAM_ID else team_id.lower()}


def block_actions_payload(*, message: dict[str, Any], channel_id: str, channel_name: str,
                          user_id: str, team_id: str, action: dict[str, Any], response_url: str,
                          trigger_id: str | None = None, user_name: str = "alice",
                          api_app_id: str = APP_ID) -> dict[str, Any]:
    """A ``block_actions`` payload: a person clicked ``action`` (as it appears in the
    payload's ``actions``) in ``message`` (as Slack shows the message: ts, text, blocks
    with their block_ids, bot_id...)."""
    container: dict[str, Any] = {"type": "message", "message_ts": message["ts"],
                                 "channel_id": channel_id, "is_ephemeral": False}
    if message.get("thread_ts"):
        container["thread_ts"] = message["thread_ts"]
    return {
        "type": "block_actions",
        "user": _user_ref(user_id, team_id, user_name),
        "api_app_id": api_app_id,
        "token": "verification-token-deprecated",
        "container": container,
        "trigger_id": trigger_id or new_trigger_id(),
        "team": _team_ref(team_id),
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": channel_name},
        "message": message,
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [action],
    }


def message_action_payload(*, message: dict[str, Any], channel_id: str, channel_name: str,
                           user_id: str, team_id: str, callback_id: str, response_url: str,
                           trigger_id: str | None = None, user_name: str = "alice",
                           api_app_id: str = APP_ID) -> dict[str, Any]:
    """A ``message_action`` payload: a person ran the message shortcut ``callback_id``
    on ``message`` (as Slack shows it: text, ts, thread_ts, files, blocks...)."""
    return {
        "type": "message_action",
        "token": "verification-token-deprecated",
        "action_ts": new_action_ts(),
        "team": _team_ref(team_id),
        "user": _user_ref(user_id, team_id, user_name),
        "channel": {"id": channel_id, "name": channel_name},
        "is_enterprise_install": False,
        "enterprise": None,
        "api_app_id": api_app_id,
        "callback_id": callback_id,
        "trigger_id": trigger_id or new_trigger_id(),
        "message_ts": message["ts"],
        "message": message,
        "response_url": response_url,
    }


def app_home_opened_event(user: str, channel: str, *, tab: str = "home",
                          view: dict[str, Any] | None = None,
                          event_ts: str | None = None) -> dict[str, Any]:
    """The ``app_home_opened`` event (the inner event: wrap it with `event_callback`).
    ``channel`` is the app's DM with ``user``; ``view`` is there only once a Home view
    has been published for that user."""
    event: dict[str, Any] = {"type": "app_home_opened", "user": user, "channel": channel,
                             "tab": tab, "event_ts": event_ts or new_action_ts()}
    if view is not None:
        event["view"] = view
    return event


def message_changed_event(channel: str, message: dict[str, Any],
                          previous_message: dict[str, Any], *,
                          channel_type: str = "channel") -> dict[str, Any]:
    """The ``message`` event, subtype ``message_changed``, Slack sends when a message is
    edited (chat.update included): ``message`` is the message now, with ``edited``."""
    ts = new_action_ts()
    return {"type": "message", "subtype": "message_changed", "hidden": True,
            "channel": channel, "ts": ts, "event_ts": ts, "channel_type": channel_type,
            "message": message, "previous_message": previous_message}


# --------------------------------------------------------------------------- records


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    time: float
    token: str | None
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.response.get("ok"))


@dataclass
class Edit:
    """One change of a stored message: chat.update or a response_url replace_original."""
    via: str  # "chat.update" or "response_url"
    time: float
    text: str
    blocks: list[dict[str, Any]] | None
    previous_text: str
    previous_blocks: list[dict[str, Any]] | None

    @property
    def all_text(self) -> str:
        parts = [self.text or ""]
        parts.extend(block_texts(self.blocks or []))
        return "\n".join(p for p in parts if p)


@dataclass
class Message:
    channel: str
    ts: str
    text: str = ""
    user: str | None = None
    bot_id: str | None = None
    team: str = TEAM_ID
    thread_ts: str | None = None
    blocks: list[dict[str, Any]] | None = None
    metadata: dict[str, Any] | None = None
    subtype: str | None = None
    files: list[dict[str, Any]] | None = None
    via: str = "chat.postMessage"  # or "event", "response_url"
    edited: bool = False
    deleted: bool = False
    unfurl_links: Any = None
    edits: list[Edit] = field(default_factory=list)  # every chat.update / replace_original
    deleted_via: str | None = None  # "chat.delete" or "response_url"

    @property
    def from_bot(self) -> bool:
        return self.bot_id is not None

    @property
    def all_text(self) -> str:
        """Fallback text and every text inside the blocks, one string, for asserts."""
        parts = [self.text or ""]
        parts.extend(block_texts(self.blocks or []))
        return "\n".join(p for p in parts if p)

    def to_api(self, *, with_metadata: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "message", "ts": self.ts, "text": self.text}
        if self.user:
            out["user"] = self.user
        if self.bot_id:
            out["bot_id"] = self.bot_id
            out["app_id"] = APP_ID
        if self.subtype:
            out["subtype"] = self.subtype
        if self.thread_ts:
            out["thread_ts"] = self.thread_ts
        if self.blocks is not None:
            out["blocks"] = self.blocks
        if self.files:
            out["files"] = self.files
        if self.edited:
            out["edited"] = {"user": self.user, "ts": self.ts}
        out["team"] = self.team
        if with_metadata and self.metadata is not None:
            out["metadata"] = self.metadata
        return out


def block_texts(blocks: Iterable[dict[str, Any]]) -> list[str]:
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                out.append(node["text"])
            for key, value in node.items():
                if key != "text" or not isinstance(value, str):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(list(blocks))
    return out


@dataclass
class Channel:
    id: str
    team: str
    name: str
    is_private: bool = False
    is_im: bool = False
    is_mpim: bool = False
    member: bool = True  # is the bot in it
    user: str | None = None  # the human of a DM
    members: set[str] = field(default_factory=set)  # the people in it (the bot: `member`)

    @property
    def channel_type(self) -> str:
        if self.is_im:
            return "im"
        if self.is_mpim:
            return "mpim"
        return "group" if self.is_private else "channel"

    @property
    def payload_name(self) -> str:
        """The channel's name as interaction payloads carry it."""
        return "directmessage" if self.is_im else self.name

    def visible_to(self, user: str) -> bool:
        """Whether ``user`` can see the conversation: anyone in the workspace sees a
        public channel; a private channel, a DM or a group DM only its members."""
        return not self.is_private or user in self.members


@dataclass
class SlackFile:
    id: str
    team: str
    name: str
    data: bytes
    mimetype: str
    filetype: str
    user: str
    title: str

    def to_api(self, base: str) -> dict[str, Any]:
        path = f"/files-pri/{self.team}-{self.id}"
        return {
            "id": self.id,
            "created": int(time.time()),
            "timestamp": int(time.time()),
            "name": self.name,
            "title": self.title,
            "mimetype": self.mimetype,
            "filetype": self.filetype,
            "pretty_type": self.filetype.upper(),
            "user": self.user,
            "user_team": self.team,
            "editable": False,
            "size": len(self.data),
            "mode": "hosted",
            "is_external": False,
            "external_type": "",
            "is_public": True,
            "public_url_shared": False,
            "display_as_bot": False,
            "username": "",
            "url_private": f"{base}{path}/{quote(self.name)}",
            "url_private_download": f"{base}{path}/download/{quote(self.name)}",
            "permalink": f"{base}/files/{self.user}/{self.id}/{quote(self.name)}",
        }


@dataclass
class ResponseUrlPost:
    key: str
    team: str
    channel: str
    user: str
    body: dict[str, Any]
    time: float
    # what Slack did with it: "ephemeral", "in_channel", "replaced", "deleted"
    outcome: str = ""
    message_ts: str | None = None  # the message replaced/deleted/posted (not ephemerals)

    @property
    def ephemeral(self) -> bool:
        if self.outcome:
            return self.outcome == "ephemeral"
        return self.body.get("response_type", "ephemeral") != "in_channel"

    @property
    def all_text(self) -> str:
        parts = [str(self.body.get("text") or "")]
        parts.extend(block_texts(self.body.get("blocks") or []))
        return "\n".join(p for p in parts if p)


@dataclass
class Ephemeral:
    channel: str
    user: str
    text: str
    blocks: list[dict[str, Any]] | None
    via: str  # chat.postEphemeral, response_url, command_response
    thread_ts: str | None = None

    @property
    def all_text(self) -> str:
        parts = [self.text or ""]
        parts.extend(block_texts(self.blocks or []))
        return "\n".join(p for p in parts if p)


@dataclass
class ViewPublish:
    """One successful views.publish: the view as Slack stored it (id, hash, blocks...)."""
    team: str
    user: str
    view: dict[str, Any]
    time: float

    @property
    def blocks(self) -> list[dict[str, Any]]:
        return list(self.view.get("blocks") or [])

    @property
    def all_text(self) -> str:
        return "\n".join(block_texts(self.blocks))


@dataclass
class Forced:
    status: int = 200
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    match: dict[str, str] = field(default_factory=dict)  # only calls with these params

    def applies(self, params: dict[str, Any]) -> bool:
        return all(str(params.get(k)) == v for k, v in self.match.items())


class SlackError(Exception):
    """A Web API method answers ``{"ok": false, "error": code}``."""

    def __init__(self, code: str, **extra: Any) -> None:
        super().__init__(code)
        self.code = code
        self.extra = extra


# --------------------------------------------------------------------------- the fake


class FakeSlack:
    """Slack, as seen by one app installed in one or more workspaces.

    Thread-safe: the HTTP and websocket servers run in background threads; every
    state change notifies a condition that `wait_for` waits on.
    """

    def __init__(self, *, bot_token: str = BOT_TOKEN, app_token: str = APP_TOKEN,
                 team_id: str = TEAM_ID, strict_teams: bool = False) -> None:
        self.app_token = app_token
        # token -> team; several teams model multi-workspace installs
        self.tokens: dict[str, str] = {bot_token: team_id}
        self.bot_token = bot_token
        self.team_id = team_id
        self.strict_teams = strict_teams
        self.lock = threading.RLock()
        self.cond = threading.Condition(self.lock)
        self.calls: list[Call] = []
        self.channels: dict[str, Channel] = {}
        self.messages: dict[str, list[Message]] = {}
        self.reactions_by_msg: dict[tuple[str, str], dict[str, set[str]]] = {}
        self.reaction_log: list[tuple[str, str, str, str]] = []  # (op, channel, ts, name)
        self.files: dict[str, SlackFile] = {}
        self.downloads: list[tuple[str, bool]] = []  # (file id, authorized)
        self.response_urls: dict[str, tuple[str, str, str]] = {}
        self.response_url_uses: dict[str, int] = {}
        self.response_posts: list[ResponseUrlPost] = []
        self.ephemerals: list[Ephemeral] = []
        self.oauth_codes: dict[str, tuple[str, str]] = {}  # code -> (team, bot token)
        self.users: dict[str, dict[str, Any]] = {}
        # response_url key -> (channel, ts) of the message it can replace/delete
        self.response_url_originals: dict[str, tuple[str, str]] = {}
        # Home tab: the current view per (team, user), and every publish in order
        self.home_tab_enabled = True
        self.home_views: dict[tuple[str, str], dict[str, Any]] = {}
        self.view_publishes: list[ViewPublish] = []
        self._dms: dict[tuple[str, str], str] = {}  # (team, user) -> the app's DM with them
        self._forced: dict[str, list[Forced]] = {}
        self._ts_clock = time.time()
        self._ids = itertools.count(1)
        self.message_listeners: list[Callable[[Message], None]] = []
        # called after every chat.update / replace_original, outside the lock
        self.edit_listeners: list[Callable[[Message, Edit], None]] = []
        self._http = _HTTPServer(self)
        self._http_thread = threading.Thread(
            target=self._http.serve_forever, name="fake-slack-http", daemon=True)
        self.socket = FakeSocketMode(self)
        self.add_user(USER_ID, "alice", "Alice Example")

    # -- lifecycle

    def start(self) -> FakeSlack:
        self._http_thread.start()
        self.socket.start()
        return self

    def close(self) -> None:
        self.socket.close()
        self._http.shutdown()
        self._http.server_close()
        self._http_thread.join(timeout=5)

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def base_url(self) -> str:
        host, port = self._http.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/"

    # -- state setup

    def add_team(self, team_id: str, bot_token: str | None = None) -> str:
        """Another workspace; returns its bot token (an install of the same app)."""
        token = bot_token or f"xoxb-{team_id}-{secrets.token_hex(6)}"
        with self.lock:
            self.tokens[token] = team_id
        return token

    def add_user(self, user_id: str, name: str, real_name: str, team: str | None = None) -> None:
        with self.lock:
            self.users[user_id] = {
                "id": user_id, "team_id": team or self.team_id, "name": name,
                "real_name": real_name, "deleted": False, "is_bot": False,
                "tz": "Europe/Brussels", "tz_offset": 3600,
                "profile": {"real_name": real_name, "display_name": name},
            }

    def add_channel(self, channel_id: str, *, team: str | None = None, name: str | None = None,
                    private: bool = False, im: bool = False, member: bool = True,
                    user: str | None = None, members: Iterable[str] | None = None,
                    mpim: bool = False) -> Channel:
        """A conversation. ``members`` are the people in it (default: the DM's user, or
        alice); the bot is in it if ``member``. A private channel (``private``), a DM
        (``im``) or a group DM (``mpim``) is visible only to its members."""
        if not channel_id or channel_id[0] not in "CGD":
            raise ValueError(f"channel ids start with C, G or D: {channel_id!r}")
        if im and mpim:
            raise ValueError("a conversation is a DM or a group DM, not both")
        if im and user is None:
            user = USER_ID
        people = set(members) if members is not None else {user if im else USER_ID}
        if im and people != {user}:
            raise ValueError("the app's DM has exactly one person in it: its user")
        with self.lock:
            ch = Channel(channel_id, team or self.team_id, name or channel_id.lower(),
                         is_private=private or im or mpim, is_im=im, is_mpim=mpim,
                         member=member, user=user, members=people)
            self.channels[channel_id] = ch
            self.messages.setdefault(channel_id, [])
            if im:
                self._dms[(ch.team, str(user))] = channel_id
            return ch

    def private_channel(self, channel_id: str, members: Iterable[str], *,
                        team: str | None = None, member: bool = True,
                        name: str | None = None) -> Channel:
        """A private channel (``channel_type`` "group") with these people in it."""
        return self.add_channel(channel_id, team=team, name=name, private=True,
                                member=member, members=members)

    def dm_channel(self, user: str = USER_ID, *, team: str | None = None) -> str:
        """The id of the app's DM with ``user`` (its App Home "Messages" tab), made on
        first use; ``app_home_opened`` carries it."""
        team = team or self.team_id
        with self.lock:
            found = self._dms.get((team, user))
            if found is not None:
                return found
            cid = f"DAPP{next(self._ids):06d}"
            self.add_channel(cid, team=team, im=True, user=user, name=f"dm-{user.lower()}")
            return cid

    def add_member(self, channel_id: str, *users: str) -> None:
        with self.cond:
            ch = self.channel(channel_id)
            if ch.is_im:
                raise ValueError("no one joins a DM")
            ch.members.update(users)
            self.cond.notify_all()

    def remove_member(self, channel_id: str, *users: str) -> None:
        with self.cond:
            self.channel(channel_id).members.difference_update(users)
            self.cond.notify_all()

    def ensure_user(self, user_id: str, team: str | None = None) -> dict[str, Any]:
        """The user's record, made up (name from the id) if the test never added it."""
        with self.lock:
            if user_id not in self.users:
                name = user_id.lower()
                self.add_user(user_id, name, name.title(), team=team)
            return self.users[user_id]

    def channel(self, channel_id: str) -> Channel:
        """The channel, created as a public channel with the bot in it if new."""
        with self.lock:
            if channel_id not in self.channels:
                return self.add_channel(channel_id, im=channel_id.startswith("D"),
                                        private=channel_id.startswith("G"))
            return self.channels[channel_id]

    def add_file(self, name: str, data: bytes, mimetype: str, *, filetype: str | None = None,
                 team: str | None = None, user: str = USER_ID) -> dict[str, Any]:
        """A file uploaded by a user; returns the file object as events carry it."""
        fid = f"F{next(self._ids):08d}"
        ft = filetype or (name.rsplit(".", 1)[-1].lower() if "." in name else "binary")
        f = SlackFile(fid, team or self.team_id, name, data, mimetype, ft, user, name)
        with self.lock:
            self.files[fid] = f
        return f.to_api(self.base_url)

    def add_oauth_code(self, code: str, team_id: str) -> str:
        """A code oauth.v2.access will exchange for a new bot token of `team_id`."""
        token = self.add_team(team_id)
        with self.lock:
            self.oauth_codes[code] = (team_id, token)
        return token

    def new_response_url(self, *, channel: str, user: str = USER_ID, team: str | None = None,
                         kind: str = "commands", original: tuple[str, str] | None = None) -> str:
        """A fresh response_url. ``kind`` is the path Slack uses: "commands" (slash
        commands), "actions" (block_actions), "app" (shortcuts). With ``original``
        (channel, ts), posts may replace or delete that message."""
        if kind not in {"commands", "actions", "app"}:
            raise ValueError(f"unknown response_url kind {kind!r}")
        key = f"{next(self._ids)}/{secrets.token_hex(8)}"
        with self.lock:
            self.response_urls[key] = (team or self.team_id, channel, user)
            self.response_url_uses[key] = 0
            if original is not None:
                self.response_url_originals[key] = original
        return f"{self.base_url}/{kind}/{team or self.team_id}/{key}"

    def next_ts(self) -> str:
        with self.lock:
            # strictly increasing, Slack-formatted: seconds.microseconds (6 digits)
            self._ts_clock = max(self._ts_clock + 0.000001, time.time())
            return f"{self._ts_clock:.6f}"

    def add_message(self, msg: Message) -> Message:
        """Store a message (users' messages come in through the harness)."""
        with self.cond:
            self.channel(msg.channel)
            self.messages[msg.channel].append(msg)
            self.cond.notify_all()
            listeners = list(self.message_listeners)
        for listener in listeners:
            listener(msg)
        return msg

    # -- what people do in Slack's client: the payloads Slack then sends the app

    def _stored(self, message: Message | tuple[str, str]) -> tuple[Channel, Message]:
        channel, ts = (message.channel, message.ts) if isinstance(message, Message) else message
        with self.lock:
            ch = self.channels.get(channel)
            found = self._find(channel, ts) if ch is not None else None
        if ch is None or found is None:
            raise AssertionError(f"no message {ts} in {channel} (deleted, or never posted)")
        return ch, found

    def _message_as_shown(self, msg: Message) -> dict[str, Any]:
        """A message as Slack shows it inside interaction payloads."""
        out = msg.to_api(with_metadata=False)
        if msg.from_bot:
            out["bot_profile"] = {"id": BOT_ID, "app_id": APP_ID, "name": "summarybot",
                                  "team_id": msg.team, "deleted": False}
        with self.lock:
            replies = [m for m in self.messages.get(msg.channel, [])
                       if m.thread_ts == msg.ts and m.ts != msg.ts and not m.deleted]
        if replies and not msg.thread_ts:
            out.update(thread_ts=msg.ts, reply_count=len(replies), latest_reply=replies[-1].ts)
        return json.loads(json.dumps(out))  # a snapshot: later edits do not change it

    def _person(self, user: str, ch: Channel, what: str) -> str:
        if not ch.visible_to(user):
            raise AssertionError(f"{user} cannot {what} in {ch.id}: not a member of that "
                                 f"{ch.channel_type}")
        return str(self.ensure_user(user, ch.team)["name"])

    def block_actions(self, message: Message | tuple[str, str], action_id: str, *,
                      user: str = USER_ID) -> dict[str, Any]:
        """The ``block_actions`` payload of ``user`` clicking the button ``action_id`` of a
        stored message (its current version), with a fresh response_url that can
        replace or delete that message. Fails if the message has no such button, is
        gone, or ``user`` cannot see it. Deliver it as many times as the test wants
        (the same payload twice is a doubled delivery)."""
        ch, msg = self._stored(message)
        name = self._person(user, ch, "click")
        shown = self._message_as_shown(msg)
        found = _find_button(shown.get("blocks") or [], action_id)
        if found is None:
            buttons = [e.get("action_id") for _, e in _buttons(shown.get("blocks") or [])]
            raise AssertionError(f"message {msg.ts} in {ch.id} has no button {action_id!r} "
                                 f"(its buttons: {buttons})")
        block_id, element = found
        action: dict[str, Any] = {"action_id": action_id, "block_id": block_id,
                                  "text": element.get("text"), "type": "button",
                                  "action_ts": new_action_ts()}
        for key in ("value", "style", "url"):
            if key in element:
                action[key] = element[key]
        url = self.new_response_url(channel=ch.id, user=user, team=ch.team, kind="actions",
                                    original=(ch.id, msg.ts))
        return block_actions_payload(message=shown, channel_id=ch.id,
                                     channel_name=ch.payload_name, user_id=user,
                                     team_id=ch.team, action=action, response_url=url,
                                     user_name=name)

    def message_action(self, message: Message | tuple[str, str], callback_id: str, *,
                       user: str = USER_ID) -> dict[str, Any]:
        """The ``message_action`` payload of ``user`` running the message shortcut
        ``callback_id`` on a stored message (anyone's, in any conversation ``user``
        can see, the bot a member or not), with a fresh response_url."""
        ch, msg = self._stored(message)
        name = self._person(user, ch, "use a shortcut")
        url = self.new_response_url(channel=ch.id, user=user, team=ch.team, kind="app")
        return message_action_payload(message=self._message_as_shown(msg), channel_id=ch.id,
                                      channel_name=ch.payload_name, user_id=user,
                                      team_id=ch.team, callback_id=callback_id,
                                      response_url=url, user_name=name)

    def app_home_opened(self, user: str = USER_ID, *, team: str | None = None,
                        tab: str = "home") -> dict[str, Any]:
        """The Events API envelope of ``user`` opening the app's Home tab (or its
        Messages tab): the app's DM with them as ``channel``, the current Home view
        once one was published."""
        team = team or self.team_id
        self.ensure_user(user, team)
        channel = self.dm_channel(user, team=team)
        with self.lock:
            view = self.home_views.get((team, user))
            view = json.loads(json.dumps(view)) if view is not None else None
        event = app_home_opened_event(user, channel, tab=tab,
                                      view=view if tab == "home" else None)
        return event_callback(event, team_id=team)

    # -- fault injection

    def fail_next(self, method: str, *, status: int = 200, error: str | None = None,
                  retry_after: int | None = None, times: int = 1,
                  body: dict[str, Any] | None = None, channel: str | None = None) -> None:
        """The next `times` calls of `method` (in `channel`, if given) get this
        answer instead of the real one.

        ``fail_next("chat.postMessage", status=429, retry_after=1)`` is a rate limit;
        ``fail_next("chat.postMessage", error="not_in_channel")`` a refusal;
        ``status=500`` a server error.
        """
        if times < 1:
            raise ValueError("times must be at least 1")
        headers: dict[str, str] = {}
        if status == 429:
            headers["Retry-After"] = str(retry_after if retry_after is not None else 1)
            body = body or {"ok": False, "error": "ratelimited"}
        elif retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        if body is None:
            if error is not None:
                body = {"ok": False, "error": error}
            elif status >= 500:
                body = {"ok": False, "error": "internal_error"}
            else:
                raise ValueError("give an error code, a status >= 429 or a body")
        match = {"channel": channel} if channel is not None else {}
        with self.lock:
            self._forced.setdefault(method, []).extend(
                Forced(status, dict(body), dict(headers), match) for _ in range(times))

    # -- queries for tests

    def calls_to(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def posts(self, channel: str | None = None) -> list[Call]:
        """chat.postMessage calls (successful or not), optionally in one channel."""
        return [c for c in self.calls_to("chat.postMessage")
                if channel is None or c.params.get("channel") == channel]

    def bot_messages(self, channel: str, thread_ts: str | None = None, *,
                     top_level: bool = False) -> list[Message]:
        """Messages the bot made visible in a channel (or one thread of it)."""
        with self.lock:
            msgs = [m for m in self.messages.get(channel, []) if m.from_bot and not m.deleted]
        if thread_ts is not None:
            msgs = [m for m in msgs if m.thread_ts == thread_ts]
        elif top_level:
            msgs = [m for m in msgs if m.thread_ts is None]
        return msgs

    def message(self, channel: str, ts: str) -> Message | None:
        """The stored message (deleted ones too: see ``deleted``), None if never posted."""
        with self.lock:
            for m in self.messages.get(channel, []):
                if m.ts == ts:
                    return m
        return None

    def edits_of(self, channel: str, ts: str) -> list[Edit]:
        """Every change of a message (chat.update, response_url replace_original), oldest
        first: ``len(slack.edits_of(ch, ts)) == 1`` is "updated exactly once"."""
        msg = self.message(channel, ts)
        with self.lock:
            return list(msg.edits) if msg is not None else []

    def home_view(self, user: str = USER_ID, team: str | None = None) -> dict[str, Any] | None:
        """The Home tab view ``user`` currently sees (as views.publish returned it)."""
        with self.lock:
            view = self.home_views.get((team or self.team_id, user))
            return json.loads(json.dumps(view)) if view is not None else None

    def home_publishes(self, user: str | None = None, team: str | None = None
                       ) -> list[ViewPublish]:
        """Successful views.publish calls, oldest first (for one user, if given)."""
        with self.lock:
            return [v for v in self.view_publishes
                    if (user is None or v.user == user) and (team is None or v.team == team)]

    def responses_to(self, response_url: str) -> list[ResponseUrlPost]:
        """What the app posted to one response_url, in order."""
        key = urlsplit(response_url).path.split("/", 3)[-1]
        with self.lock:
            return [p for p in self.response_posts if p.key == key]

    def ephemerals_for(self, channel: str, user: str | None = None) -> list[Ephemeral]:
        with self.lock:
            return [e for e in self.ephemerals
                    if e.channel == channel and (user is None or e.user == user)]

    @property
    def reactions(self) -> list[tuple[str, str, str, str]]:
        """Every reactions.add/remove that succeeded: (op, channel, ts, name)."""
        with self.lock:
            return list(self.reaction_log)

    def reactions_on(self, channel: str, ts: str) -> set[str]:
        with self.lock:
            return {n for n, users in self.reactions_by_msg.get((channel, ts), {}).items() if users}

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0,
                 message: str = "condition") -> Any:
        """Wait until predicate() is truthy (re-checked on every change); returns its
        value, or raises AssertionError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                value = predicate()
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out after {timeout:.1f}s waiting for {message}")
                # bounded so predicates that depend on the clock are re-checked too
                self.cond.wait(min(left, 0.25))

    def holds_for(self, predicate: Callable[[], Any], duration: float) -> bool:
        """True if predicate() stays falsy for `duration` seconds (woken on changes)."""
        try:
            self.wait_for(predicate, timeout=duration)
        except AssertionError:
            return True
        return False

    def describe(self, last: int = 40) -> str:
        """Recent calls, for failure messages."""
        with self.lock:
            calls = self.calls[-last:]
        lines = []
        for c in calls:
            params = {k: (v if len(str(v)) < 200 else str(v)[:200] + "…")
                      for k, v in c.params.items() if k != "token"}
            lines.append(f"{c.method} {c.status} {json.dumps(params, default=str)} -> "
                         f"{json.dumps(c.response, default=str)[:300]}")
        return "\n".join(lines) or "(no Web API calls)"

    # -- Web API dispatch

    def _record(self, call: Call) -> None:
        with self.cond:
            self.calls.append(call)
            self.cond.notify_all()

    def handle_api(self, method: str, params: dict[str, Any], headers: dict[str, str]
                   ) -> tuple[int, dict[str, Any], dict[str, str]]:
        token = None
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            token = auth[7:].strip()
        elif params.get("token"):
            token = str(params["token"])
        call = Call(method, dict(params), dict(headers), time.time(), token)
        force = None
        with self.lock:
            forced = self._forced.get(method, [])
            for i, candidate in enumerate(forced):
                if candidate.applies(params):
                    force = forced.pop(i)
                    break
        if force is not None:
            call.status, call.response = force.status, dict(force.body or {})
            self._record(call)
            return force.status, dict(force.body or {}), force.headers
        handler = getattr(self, "api_" + method.replace(".", "_"), None)
        try:
            if handler is None:
                raise SlackError("unknown_method")
            if method == "oauth.v2.access":
                result = handler(params, headers)
            else:
                team = self._auth(method, token)
                result = handler(params, team, token)
            response = {"ok": True, **result}
        except SlackError as err:
            response = {"ok": False, "error": err.code, **err.extra}
        call.response = response
        self._record(call)
        return 200, response, {}

    def _auth(self, method: str, token: str | None) -> str:
        if not token:
            raise SlackError("not_authed")
        if method == "apps.connections.open":
            if token == self.app_token:
                return self.team_id
            if token in self.tokens:
                raise SlackError("not_allowed_token_type")
            raise SlackError("invalid_auth")
        if token == self.app_token:
            raise SlackError("not_allowed_token_type")
        with self.lock:
            team = self.tokens.get(token)
        if team is None:
            raise SlackError("invalid_auth")
        return team

    def _channel_for(self, params: dict[str, Any], team: str, key: str = "channel") -> Channel:
        cid = str(params.get(key) or "")
        with self.lock:
            ch = self.channels.get(cid)
        if ch is None or (self.strict_teams and ch.team != team):
            raise SlackError("channel_not_found")
        return ch

    def _readable(self, params: dict[str, Any], team: str) -> Channel:
        """A conversation the bot is in: a public channel it is not in answers
        not_in_channel; a private one (private channel, DM, group DM) does not exist
        for it, so channel_not_found, as Slack answers."""
        ch = self._channel_for(params, team)
        if not ch.member:
            raise SlackError("channel_not_found" if ch.is_private else "not_in_channel")
        return ch

    def _find(self, channel: str, ts: str) -> Message | None:
        with self.lock:
            for m in self.messages.get(channel, []):
                if m.ts == ts and not m.deleted:
                    return m
        return None

    def _own_message(self, params: dict[str, Any], team: str, not_ours: str
                     ) -> tuple[Channel, Message]:
        """The bot's own message at params' channel and ts; Slack's error otherwise."""
        ch = self._channel_for(params, team)
        msg = self._find(ch.id, str(params.get("ts") or ""))
        if msg is None:
            raise SlackError("message_not_found")
        if not msg.from_bot:
            raise SlackError(not_ours)
        return ch, msg

    # Each api_* returns the fields after "ok": true, or raises SlackError.

    def api_api_test(self, params: dict[str, Any], team: str, token: str | None) -> dict[str, Any]:
        return {"args": {k: v for k, v in params.items() if k != "token"}}

    def api_auth_test(self, params: dict[str, Any], team: str, token: str | None) -> dict[str, Any]:
        return {
            "url": f"https://{team.lower()}.slack.com/", "team": TEAM_NAME, "user": "summarybot",
            "team_id": team, "user_id": BOT_USER_ID, "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _validate_content(self, params: dict[str, Any]) -> tuple[str, list[dict[str, Any]] | None]:
        text = params.get("text")
        blocks = _maybe_json(params.get("blocks"))
        attachments = _maybe_json(params.get("attachments"))
        if not text and not blocks and not attachments:
            raise SlackError("no_text")
        if text is not None and not isinstance(text, str):
            raise SlackError("invalid_arguments")
        if text and len(text) > MAX_TEXT:
            raise SlackError("msg_too_long")
        if blocks is not None:
            _validate_blocks(blocks)
        return text or "", blocks

    def api_chat_postMessage(self, params: dict[str, Any], team: str, token: str | None
                             ) -> dict[str, Any]:
        ch = self._readable(params, team)
        text, blocks = self._validate_content(params)
        metadata = _maybe_json(params.get("metadata"))
        if metadata is not None:
            if not isinstance(metadata, dict) or not isinstance(metadata.get("event_type"), str) \
                    or not isinstance(metadata.get("event_payload", {}), dict):
                raise SlackError("invalid_metadata_format")
        thread_ts = params.get("thread_ts") or None
        if thread_ts is not None:
            thread_ts = str(thread_ts)
            parent = self._find(ch.id, thread_ts)
            # Slack threads a reply under the root: a reply's ts is not a thread
            if parent is not None and parent.thread_ts and parent.thread_ts != parent.ts:
                thread_ts = parent.thread_ts
        msg = Message(ch.id, self.next_ts(), text=text, user=BOT_USER_ID, bot_id=BOT_ID,
                      team=ch.team, thread_ts=thread_ts, blocks=_with_ids(blocks),
                      metadata=metadata, unfurl_links=params.get("unfurl_links"))
        self.add_message(msg)
        return {"channel": ch.id, "ts": msg.ts,
                "message": msg.to_api(with_metadata=True) | {"bot_id": BOT_ID}}

    def api_chat_postEphemeral(self, params: dict[str, Any], team: str, token: str | None
                               ) -> dict[str, Any]:
        ch = self._readable(params, team)
        user = str(params.get("user") or "")
        if not user:
            raise SlackError("user_not_found")
        if not ch.visible_to(user):
            raise SlackError("user_not_in_channel")
        text, blocks = self._validate_content(params)
        with self.cond:
            self.ephemerals.append(Ephemeral(ch.id, user, text, blocks, "chat.postEphemeral",
                                             params.get("thread_ts")))
            self.cond.notify_all()
        return {"message_ts": self.next_ts()}

    def api_chat_update(self, params: dict[str, Any], team: str, token: str | None
                        ) -> dict[str, Any]:
        ch, msg = self._own_message(params, team, "cant_update_message")
        text, blocks = self._validate_content(params)
        metadata = _maybe_json(params.get("metadata")) if params.get("metadata") is not None \
            else None
        # the thread, the ts and (unless given) the metadata stay
        edit = self._edit(msg, text, _with_ids(blocks), "chat.update", metadata=metadata)
        return {"channel": ch.id, "ts": msg.ts, "text": edit.text,
                "message": msg.to_api(with_metadata=False)}

    def _edit(self, msg: Message, text: str, blocks: list[dict[str, Any]] | None, via: str, *,
              metadata: dict[str, Any] | None = None) -> Edit:
        with self.cond:
            edit = Edit(via, time.time(), text, blocks, msg.text, msg.blocks)
            msg.text = text
            msg.blocks = blocks
            if metadata is not None:
                msg.metadata = metadata
            if via == "chat.update":
                msg.edited = True
            msg.edits.append(edit)
            self.cond.notify_all()
            listeners = list(self.edit_listeners)
        for listener in listeners:
            listener(msg, edit)
        return edit

    def api_chat_delete(self, params: dict[str, Any], team: str, token: str | None
                        ) -> dict[str, Any]:
        ch, msg = self._own_message(params, team, "cant_delete_message")
        with self.cond:
            msg.deleted = True
            msg.deleted_via = "chat.delete"
            self.cond.notify_all()
        return {"channel": ch.id, "ts": msg.ts}

    def api_reactions_add(self, params: dict[str, Any], team: str, token: str | None
                          ) -> dict[str, Any]:
        ch = self._channel_for(params, team)
        ts, name = str(params.get("timestamp") or ""), str(params.get("name") or "")
        if not name:
            raise SlackError("invalid_name")
        if self._find(ch.id, ts) is None:
            raise SlackError("message_not_found")
        with self.cond:
            users = self.reactions_by_msg.setdefault((ch.id, ts), {}).setdefault(name, set())
            if BOT_USER_ID in users:
                raise SlackError("already_reacted")
            users.add(BOT_USER_ID)
            self.reaction_log.append(("add", ch.id, ts, name))
            self.cond.notify_all()
        return {}

    def api_reactions_remove(self, params: dict[str, Any], team: str, token: str | None
                             ) -> dict[str, Any]:
        ch = self._channel_for(params, team)
        ts, name = str(params.get("timestamp") or ""), str(params.get("name") or "")
        if self._find(ch.id, ts) is None:
            raise SlackError("message_not_found")
        with self.cond:
            users = self.reactions_by_msg.get((ch.id, ts), {}).get(name, set())
            if BOT_USER_ID not in users:
                raise SlackError("no_reaction")
            users.discard(BOT_USER_ID)
            self.reaction_log.append(("remove", ch.id, ts, name))
            self.cond.notify_all()
        return {}

    def _page(self, items: list[dict[str, Any]], params: dict[str, Any], default_limit: int
              ) -> dict[str, Any]:
        try:
            limit = int(params.get("limit") or default_limit)
            start = int(params.get("cursor") or 0)
        except ValueError:
            raise SlackError("invalid_cursor") from None
        limit = max(1, min(limit, 1000))
        page = items[start:start + limit]
        more = start + limit < len(items)
        return {"messages": page, "has_more": more,
                "response_metadata": {"next_cursor": str(start + limit) if more else ""}}

    def api_conversations_replies(self, params: dict[str, Any], team: str, token: str | None
                                  ) -> dict[str, Any]:
        ch = self._readable(params, team)
        ts = str(params.get("ts") or "")
        parent = self._find(ch.id, ts)
        if parent is None:
            raise SlackError("thread_not_found")
        root = parent.thread_ts or parent.ts
        with_meta = _truthy(params.get("include_all_metadata"))
        with self.lock:
            msgs = [m for m in self.messages[ch.id]
                    if not m.deleted and (m.ts == root or m.thread_ts == root)]
        msgs.sort(key=lambda m: float(m.ts))
        return self._page([m.to_api(with_metadata=with_meta) for m in msgs], params, 1000)

    def api_conversations_history(self, params: dict[str, Any], team: str, token: str | None
                                  ) -> dict[str, Any]:
        ch = self._readable(params, team)
        with_meta = _truthy(params.get("include_all_metadata"))
        latest = float(params.get("latest") or "inf")
        oldest = float(params.get("oldest") or 0)
        with self.lock:
            msgs = [m for m in self.messages[ch.id] if not m.deleted
                    and (m.thread_ts is None or m.thread_ts == m.ts)
                    and oldest <= float(m.ts) <= latest]
            replies = {m.ts: [r for r in self.messages[ch.id]
                              if r.thread_ts == m.ts and r.ts != m.ts] for m in msgs}
        msgs.sort(key=lambda m: float(m.ts), reverse=True)
        items = []
        for m in msgs:
            item = m.to_api(with_metadata=with_meta)
            if replies[m.ts]:
                item["thread_ts"] = m.ts
                item["reply_count"] = len(replies[m.ts])
                item["latest_reply"] = replies[m.ts][-1].ts
            items.append(item)
        return self._page(items, params, 100)

    def api_conversations_info(self, params: dict[str, Any], team: str, token: str | None
                               ) -> dict[str, Any]:
        ch = self._channel_for(params, team)
        if ch.is_private and not ch.member:
            raise SlackError("channel_not_found")
        info: dict[str, Any] = {
            "id": ch.id, "created": 1600000000, "context_team_id": ch.team,
            "is_im": ch.is_im, "is_mpim": ch.is_mpim,
            "is_channel": not ch.is_im and not ch.is_private,
            "is_group": ch.is_private and not ch.is_im, "is_private": ch.is_private,
            "is_archived": False, "is_general": False, "is_shared": False,
            "is_ext_shared": False, "is_org_shared": False,
        }
        if ch.is_im:
            info["user"] = ch.user
        else:
            info["name"] = ch.name
            info["is_member"] = ch.member
        return {"channel": info}

    def api_conversations_join(self, params: dict[str, Any], team: str, token: str | None
                               ) -> dict[str, Any]:
        ch = self._channel_for(params, team)
        if ch.is_private or ch.is_im:
            raise SlackError("method_not_supported_for_channel_type")
        with self.cond:
            ch.member = True
            self.cond.notify_all()
        return {"channel": {"id": ch.id, "name": ch.name, "is_member": True}}

    def api_conversations_members(self, params: dict[str, Any], team: str, token: str | None
                                  ) -> dict[str, Any]:
        ch = self._channel_for(params, team)
        if ch.is_private and not ch.member:
            raise SlackError("channel_not_found")
        with self.lock:
            people = sorted(ch.members) + ([BOT_USER_ID] if ch.member else [])
        try:
            limit = max(1, min(int(params.get("limit") or 100), 1000))
            start = int(params.get("cursor") or 0)
        except ValueError:
            raise SlackError("invalid_cursor") from None
        page = people[start:start + limit]
        more = start + limit < len(people)
        return {"members": page,
                "response_metadata": {"next_cursor": str(start + limit) if more else ""}}

    def api_conversations_open(self, params: dict[str, Any], team: str, token: str | None
                               ) -> dict[str, Any]:
        users = [u for u in str(params.get("users") or "").split(",") if u]
        if params.get("channel"):
            ch = self._channel_for(params, team)
            return {"channel": {"id": ch.id}, "no_op": True, "already_open": True}
        if len(users) != 1:
            # group DMs are not modelled: fail loudly rather than pretend
            raise SlackError("users_list_not_supplied" if not users
                             else "fake_slack_models_no_group_dm")
        with self.lock:
            known = users[0] in self.users
        if not known:
            raise SlackError("user_not_found")
        cid = self.dm_channel(users[0], team=team)
        return {"channel": {"id": cid}, "no_op": True, "already_open": True}

    def api_views_publish(self, params: dict[str, Any], team: str, token: str | None
                          ) -> dict[str, Any]:
        """Slack's checks: a known user_id; a view of type home (the Home tab enabled),
        at most 100 valid blocks (the same block rules as messages), private_metadata
        up to 3000 characters, 250 kB in all; ``hash``, if given, must be the current
        view's (else hash_conflict). Schema problems answer invalid_arguments with
        Slack's ``[ERROR] ... [json-pointer:/view/...]`` messages."""
        user = str(params.get("user_id") or "")
        raw = params.get("view")
        if not user or raw in (None, ""):
            raise SlackError("invalid_arguments", response_metadata={"messages": [
                "[ERROR] missing required field: " + ("user_id" if not user else "view")]})
        view = _maybe_json(raw)
        with self.lock:
            known = user in self.users and (not self.strict_teams
                                             or self.users[user].get("team_id") == team)
        if not known:
            raise SlackError("user_not_found")
        problems: list[str] = []
        if not isinstance(view, dict):
            problems.append("must be an object [json-pointer:/view]")
        else:
            if len(json.dumps(view)) > MAX_VIEW_BYTES:
                raise SlackError("view_too_large")
            if view.get("type") != "home":
                problems.append("failed to match all allowed schemas [json-pointer:/view]")
                problems.append("must be one of: home [json-pointer:/view/type]")
            elif not self.home_tab_enabled:
                raise SlackError("not_enabled")
            problems.extend(_block_problems(view.get("blocks"), limit=MAX_VIEW_BLOCKS,
                                            pointer="/view/blocks"))
            for key, limit in (("private_metadata", MAX_PRIVATE_METADATA),
                               ("callback_id", MAX_ID), ("external_id", MAX_ID)):
                if key in view and (not isinstance(view[key], str) or len(view[key]) > limit):
                    problems.append(f"must be a string of at most {limit} characters "
                                    f"[json-pointer:/view/{key}]")
        if problems:
            raise SlackError("invalid_arguments", response_metadata={
                "messages": [f"[ERROR] {m}" for m in problems]})
        assert isinstance(view, dict)
        with self.cond:
            current = self.home_views.get((team, user))
            given_hash = params.get("hash")
            if given_hash and (current is None or current["hash"] != str(given_hash)):
                raise SlackError("hash_conflict")
            view_id = current["id"] if current else f"V{next(self._ids):010d}"
            stored = {
                "id": view_id, "team_id": team, "type": "home",
                "blocks": _with_ids(view.get("blocks")) or [],
                "private_metadata": view.get("private_metadata", ""),
                "callback_id": view.get("callback_id", ""),
                "state": {"values": {}},
                "hash": f"{int(time.time())}.{secrets.token_hex(4)}",
                "title": {"type": "plain_text", "text": "View Title", "emoji": True},
                "clear_on_close": False, "notify_on_close": False,
                "close": None, "submit": None,
                "previous_view_id": None, "root_view_id": view_id,
                "app_id": APP_ID, "external_id": view.get("external_id", ""),
                "app_installed_team_id": team, "bot_id": BOT_ID,
            }
            self.home_views[(team, user)] = stored
            self.view_publishes.append(ViewPublish(team, user, json.loads(json.dumps(stored)),
                                                   time.time()))
            self.cond.notify_all()
        return {"view": stored}

    def api_users_info(self, params: dict[str, Any], team: str, token: str | None
                       ) -> dict[str, Any]:
        uid = str(params.get("user") or "")
        with self.lock:
            user = self.users.get(uid)
        if uid == BOT_USER_ID:
            user = {"id": BOT_USER_ID, "team_id": team, "name": "summarybot",
                    "real_name": "summarybot", "is_bot": True, "deleted": False,
                    "profile": {"bot_id": BOT_ID, "real_name": "summarybot"}}
        if user is None:
            raise SlackError("user_not_found")
        return {"user": user}

    def api_files_info(self, params: dict[str, Any], team: str, token: str | None
                       ) -> dict[str, Any]:
        fid = str(params.get("file") or "")
        with self.lock:
            f = self.files.get(fid)
        if f is None or (self.strict_teams and f.team != team):
            raise SlackError("file_not_found")
        return {"file": f.to_api(self.base_url), "comments": [],
                "response_metadata": {"next_cursor": ""}}

    def api_apps_connections_open(self, params: dict[str, Any], team: str, token: str | None
                                  ) -> dict[str, Any]:
        return {"url": self.socket.new_url()}

    def api_oauth_v2_access(self, params: dict[str, Any], headers: dict[str, str]
                            ) -> dict[str, Any]:
        client_id, client_secret = params.get("client_id"), params.get("client_secret")
        auth = headers.get("authorization", "")
        if auth.lower().startswith("basic "):
            import base64

            raw = base64.b64decode(auth[6:]).decode()
            client_id, _, client_secret = raw.partition(":")
        if client_id != CLIENT_ID or client_secret != CLIENT_SECRET:
            raise SlackError("invalid_client_id" if client_id != CLIENT_ID else "bad_client_secret")
        with self.lock:
            grant = self.oauth_codes.pop(str(params.get("code") or ""), None)
        if grant is None:
            raise SlackError("invalid_code")
        team, token = grant
        return {
            "access_token": token, "token_type": "bot",
            "scope": "app_mentions:read,channels:history,chat:write,commands,files:read,"
                     "groups:history,im:history,reactions:write",
            "bot_user_id": BOT_USER_ID, "app_id": APP_ID,
            "team": {"id": team, "name": f"Team {team}"}, "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": USER_ID, "scope": "", "access_token": None,
                            "token_type": None},
        }

    # -- files and response_url (non-API endpoints)

    def handle_file(self, path: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        m = re.fullmatch(r"/files-pri/([A-Z0-9]+)-(F[0-9]+)(?:/download)?/([^/]+)", path)
        if m is None:
            return 404, b"Not found", {"Content-Type": "text/plain"}
        with self.lock:
            f = self.files.get(m.group(2))
        auth = headers.get("authorization", "")
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        with self.lock:
            authorized = f is not None and token is not None and (
                self.tokens.get(token) == f.team or (not self.strict_teams and token in self.tokens))
        with self.cond:
            self.downloads.append((m.group(2), authorized))
            self.cond.notify_all()
        if f is None:
            return 404, b"Not found", {"Content-Type": "text/plain"}
        if not authorized:
            # what Slack does to a browser without a session: off to the sign-in page
            return 302, b"", {"Location": f"{self.base_url}/signin?redir={quote(path)}"}
        return 200, f.data, {"Content-Type": f.mimetype,
                             "Content-Disposition": f'attachment; filename="{f.name}"'}

    def handle_response_url(self, key: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """A post to a response_url: at most 5 per URL. ``delete_original`` deletes and
        ``replace_original`` replaces (text and blocks; ts, thread and metadata stay)
        the message the URL came with (a click's); otherwise the post is a new message,
        ephemeral unless ``response_type`` is in_channel, in the thread given by
        ``thread_ts``. Every accepted post is recorded in ``response_posts``."""
        with self.lock:
            target = self.response_urls.get(key)
            if target is None:
                return 404, {"ok": False, "error": "expired_url"}
            self.response_url_uses[key] += 1
            if self.response_url_uses[key] > RESPONSE_URL_USES:
                return 404, {"ok": False, "error": "used_url"}
            original = self.response_url_originals.get(key)
        team, channel, user = target
        if not isinstance(body, dict):
            return 400, {"ok": False, "error": "invalid_payload"}
        replace, delete = _truthy(body.get("replace_original")), _truthy(body.get("delete_original"))
        if (replace or delete) and original is None:
            # the fake's own code: this response_url came with no message to change
            # (a slash command's, a shortcut's): the app mixed up its URLs
            return 400, {"ok": False, "error": "no_original_message"}
        text = body.get("text") or ""
        blocks = body.get("blocks")
        if delete:
            msg = self._find(*original) if original else None
            if msg is None:
                return 404, {"ok": False, "error": "message_not_found"}
            with self.cond:
                msg.deleted = True
                msg.deleted_via = "response_url"
                self.response_posts.append(ResponseUrlPost(key, team, channel, user, dict(body),
                                                           time.time(), "deleted", msg.ts))
                self.cond.notify_all()
            return 200, {"ok": True}
        if not text and not blocks:
            return 400, {"ok": False, "error": "no_text"}
        if not isinstance(text, str) or len(text) > MAX_TEXT:
            return 400, {"ok": False, "error": "msg_too_long" if isinstance(text, str)
                         else "invalid_payload"}
        if blocks is not None:
            try:
                _validate_blocks(blocks)
            except SlackError as err:
                return 400, {"ok": False, "error": err.code, **err.extra}
        if replace:
            msg = self._find(*original) if original else None
            if msg is None:
                return 404, {"ok": False, "error": "message_not_found"}
            self._edit(msg, text, _with_ids(blocks), "response_url")
            with self.cond:
                self.response_posts.append(ResponseUrlPost(key, team, channel, user, dict(body),
                                                           time.time(), "replaced", msg.ts))
                self.cond.notify_all()
            return 200, {"ok": True}
        post = ResponseUrlPost(key, team, channel, user, dict(body), time.time())
        if post.ephemeral:
            with self.cond:
                post.outcome = "ephemeral"
                self.response_posts.append(post)
                self.ephemerals.append(Ephemeral(channel, user, text, blocks, "response_url",
                                                 body.get("thread_ts")))
                self.cond.notify_all()
        else:
            # in_channel responses become real messages, posted by the app
            thread_ts = body.get("thread_ts")
            if thread_ts:
                parent = self._find(channel, str(thread_ts))
                if parent is not None and parent.thread_ts and parent.thread_ts != parent.ts:
                    thread_ts = parent.thread_ts
            msg = Message(channel, self.next_ts(), text=text, user=BOT_USER_ID, bot_id=BOT_ID,
                          team=team, thread_ts=thread_ts, blocks=_with_ids(blocks),
                          via="response_url")
            post.outcome, post.message_ts = "in_channel", msg.ts
            with self.cond:
                self.response_posts.append(post)
                self.cond.notify_all()
            self.add_message(msg)
        return 200, {"ok": True}

    def record_command_response(self, channel: str, user: str, status: int, body: bytes,
                                content_type: str) -> None:
        """A slash command's immediate HTTP/ack response is shown to the user
        (ephemeral unless response_type is in_channel)."""
        if status != 200 or not body.strip():
            return
        data: dict[str, Any]
        if "json" in content_type:
            try:
                data = json.loads(body)
            except ValueError:
                return
        else:
            data = {"text": body.decode("utf-8", "replace")}
        if not (data.get("text") or data.get("blocks")):
            return
        if data.get("response_type") == "in_channel":
            self.add_message(Message(channel, self.next_ts(), text=data.get("text") or "",
                                     user=BOT_USER_ID, bot_id=BOT_ID, blocks=data.get("blocks"),
                                     via="command_response"))
        else:
            with self.cond:
                self.ephemerals.append(Ephemeral(channel, user, data.get("text") or "",
                                                 data.get("blocks"), "command_response"))
                self.cond.notify_all()


def _truthy(value: Any) -> bool:
    return str(value).lower() in {"1", "true"}


def _maybe_json(value: Any) -> Any:
    # form-encoded calls carry blocks/metadata as JSON strings; JSON calls as objects
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise SlackError("invalid_json") from None
    return value


_BLOCK_KINDS = {"section", "header", "context", "divider", "actions", "image", "rich_text",
                "input", "file", "video", "markdown"}
_INTERACTIVE = {"button", "checkboxes", "datepicker", "datetimepicker", "timepicker",
                "overflow", "radio_buttons", "static_select", "external_select",
                "users_select", "conversations_select", "channels_select",
                "multi_static_select", "multi_external_select", "multi_users_select",
                "multi_conversations_select", "multi_channels_select", "plain_text_input",
                "email_text_input", "url_text_input", "number_input", "rich_text_input",
                "workflow_button"}


def _text_problem(t: Any, where: str, *, limit: int, kinds: set[str]) -> str | None:
    if not isinstance(t, dict) or t.get("type") not in kinds:
        return f"must be a text object of type {' or '.join(sorted(kinds))} [json-pointer:{where}]"
    if not isinstance(t.get("text"), str) or not t["text"]:
        return f"must be more than 0 characters [json-pointer:{where}/text]"
    if len(t["text"]) > limit:
        return f"must be less than {limit + 1} characters [json-pointer:{where}/text]"
    return None


def _element_problems(el: Any, where: str) -> list[str]:
    """An interactive element (a button in full; the others by type only)."""
    if not isinstance(el, dict) or el.get("type") not in _INTERACTIVE:
        return [f"must be a valid interactive element [json-pointer:{where}]"]
    out: list[str] = []
    action_id = el.get("action_id")
    if action_id is not None and (not isinstance(action_id, str) or not action_id
                                  or len(action_id) > MAX_ID):
        out.append(f"must be 1 to {MAX_ID} characters [json-pointer:{where}/action_id]")
    if el["type"] == "button":
        problem = _text_problem(el.get("text"), f"{where}/text", limit=MAX_BUTTON_TEXT,
                                kinds={"plain_text"})
        if problem:
            out.append(problem)
        value = el.get("value")
        if value is not None and (not isinstance(value, str) or len(value) > MAX_BUTTON_VALUE):
            out.append(f"must be a string of at most {MAX_BUTTON_VALUE} characters "
                       f"[json-pointer:{where}/value]")
        if "style" in el and el["style"] not in {"primary", "danger"}:
            out.append(f"must be primary or danger [json-pointer:{where}/style]")
        if "url" in el and (not isinstance(el["url"], str) or len(el["url"]) > 3000):
            out.append(f"must be a URL of at most 3000 characters [json-pointer:{where}/url]")
    return out


def _block_problems(blocks: Any, *, limit: int = MAX_BLOCKS, pointer: str = "/blocks"
                    ) -> list[str]:
    """What Slack would say is wrong with ``blocks`` (its messages, json-pointers
    included); empty if they are fine."""
    if not isinstance(blocks, list):
        return [f"must be an array [json-pointer:{pointer}]"]
    if len(blocks) > limit:
        return [f"no more than {limit} items allowed [json-pointer:{pointer}]"]
    out: list[str] = []
    block_ids: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"{pointer}/{i}"
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            out.append(f"must provide an object with a type [json-pointer:{where}]")
            continue
        kind = block["type"]
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not block_id or len(block_id) > MAX_ID:
                out.append(f"must be 1 to {MAX_ID} characters [json-pointer:{where}/block_id]")
            elif block_id in block_ids:
                out.append(f"duplicate block_id {block_id!r}, block_ids must be unique "
                           f"[json-pointer:{where}/block_id]")
            else:
                block_ids.add(block_id)
        text = block.get("text")
        if kind == "section":
            fields = block.get("fields") or []
            if text is None and not fields:
                out.append(f"must provide text or fields [json-pointer:{where}]")
            if text is not None:
                problem = _text_problem(text, f"{where}/text", limit=MAX_SECTION_TEXT,
                                        kinds={"mrkdwn", "plain_text"})
                if problem:
                    out.append(problem)
            if not isinstance(fields, list) or len(fields) > 10:
                out.append(f"no more than 10 items allowed [json-pointer:{where}/fields]")
            else:
                for j, f in enumerate(fields):
                    problem = _text_problem(f, f"{where}/fields/{j}", limit=2000,
                                            kinds={"mrkdwn", "plain_text"})
                    if problem:
                        out.append(problem)
            if "accessory" in block and isinstance(block["accessory"], dict) \
                    and block["accessory"].get("type") != "image":
                out.extend(_element_problems(block["accessory"], f"{where}/accessory"))
        elif kind == "header":
            problem = _text_problem(text, f"{where}/text", limit=MAX_HEADER_TEXT,
                                    kinds={"plain_text"})
            if problem:
                out.append(problem)
        elif kind == "context":
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements \
                    or len(elements) > MAX_CONTEXT_ELEMENTS:
                out.append(f"must have 1 to {MAX_CONTEXT_ELEMENTS} items "
                           f"[json-pointer:{where}/elements]")
                continue
            for j, el in enumerate(elements):
                if not isinstance(el, dict):
                    out.append(f"must be an object [json-pointer:{where}/elements/{j}]")
                elif el.get("type") in {"mrkdwn", "plain_text"}:
                    problem = _text_problem(el, f"{where}/elements/{j}",
                                            limit=MAX_SECTION_TEXT, kinds={el["type"]})
                    if problem:
                        out.append(problem)
        elif kind == "actions":
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements \
                    or len(elements) > MAX_ACTION_ELEMENTS:
                out.append(f"must have 1 to {MAX_ACTION_ELEMENTS} items "
                           f"[json-pointer:{where}/elements]")
                continue
            action_ids: set[str] = set()
            for j, el in enumerate(elements):
                out.extend(_element_problems(el, f"{where}/elements/{j}"))
                aid = el.get("action_id") if isinstance(el, dict) else None
                if isinstance(aid, str) and aid:
                    if aid in action_ids:
                        out.append(f"duplicate action_id {aid!r} in one block "
                                   f"[json-pointer:{where}/elements/{j}/action_id]")
                    action_ids.add(aid)
        elif kind not in _BLOCK_KINDS:
            out.append(f"unknown block type {kind!r} [json-pointer:{where}/type]")
    return out


def _validate_blocks(blocks: Any, limit: int = MAX_BLOCKS) -> None:
    """A message's blocks, as chat.postMessage / chat.update / response_url check them:
    ``invalid_blocks`` with Slack's ``errors`` list."""
    problems = _block_problems(blocks, limit=limit)
    if problems:
        raise SlackError("invalid_blocks", errors=problems,
                         response_metadata={"messages": [f"[ERROR] {m}" for m in problems]})


def _new_block_id() -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(secrets.choice(alphabet) for _ in range(5))


def _with_ids(blocks: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    """The blocks as Slack stores them: a copy where every block has a block_id and
    every interactive element an action_id (Slack makes them up when the app did not)."""
    if blocks is None:
        return None
    out = json.loads(json.dumps(blocks))
    for block in out:
        block.setdefault("block_id", _new_block_id())
        elements = list(block.get("elements") or []) if block.get("type") == "actions" else []
        if isinstance(block.get("accessory"), dict) and block["accessory"].get("type") != "image":
            elements.append(block["accessory"])
        for el in elements:
            if isinstance(el, dict):
                el.setdefault("action_id", _new_block_id())
    return out


def _buttons(blocks: list[dict[str, Any]]) -> Iterable[tuple[str, dict[str, Any]]]:
    """(block_id, button) for every button: in actions blocks and section accessories."""
    for block in blocks:
        elements = list(block.get("elements") or []) if block.get("type") == "actions" else []
        if block.get("type") == "section" and isinstance(block.get("accessory"), dict):
            elements.append(block["accessory"])
        for el in elements:
            if isinstance(el, dict) and el.get("type") == "button":
                yield str(block.get("block_id", "")), el


def _find_button(blocks: list[dict[str, Any]], action_id: str
                 ) -> tuple[str, dict[str, Any]] | None:
    return next(((b, e) for b, e in _buttons(blocks) if e.get("action_id") == action_id), None)


# --------------------------------------------------------------------------- HTTP server


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, fake: FakeSlack) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass  # a client killed mid-request (the SIGKILL tests) drops its connection


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _headers(self) -> dict[str, str]:
        return {k.lower(): v for k, v in self.headers.items()}

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_json(self, status: int, data: dict[str, Any], headers: dict[str, str] | None = None
                   ) -> None:
        self._send(status, json.dumps(data).encode(),
                   {"Content-Type": "application/json; charset=utf-8", **(headers or {})})

    def _api(self, params: dict[str, Any]) -> None:
        method = self.path.split("?", 1)[0][len("/api/"):]
        status, data, headers = self.server.fake.handle_api(method, params, self._headers())
        self._send_json(status, data, headers)

    def do_GET(self) -> None:
        split = urlsplit(self.path)
        fake = self.server.fake
        if split.path.startswith("/api/"):
            self._api(dict(parse_qsl(split.query)))
        elif split.path.startswith("/files-pri/"):
            status, body, headers = fake.handle_file(split.path, self._headers())
            self._send(status, body, headers)
        elif split.path == "/signin":
            self._send(200, b"<html><head><title>Sign in | Slack</title></head><body>"
                       b"<h1>Sign in to your workspace</h1><p>Enter your email.</p></body></html>",
                       {"Content-Type": "text/html; charset=utf-8"})
        else:
            self._send(404, b"not found", {"Content-Type": "text/plain"})

    do_HEAD = do_GET

    def do_POST(self) -> None:
        split = urlsplit(self.path)
        raw = self._read_body()
        ctype = (self.headers.get("Content-Type") or "").lower()
        if split.path.startswith("/api/"):
            params: dict[str, Any] = dict(parse_qsl(split.query))
            if "json" in ctype:
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    self._send_json(200, {"ok": False, "error": "invalid_json"})
                    return
                if not isinstance(body, dict):
                    self._send_json(200, {"ok": False, "error": "invalid_json"})
                    return
                params.update(body)
            elif raw:
                params.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
            self._api(params)
        elif split.path.startswith(("/commands/", "/actions/", "/app/")):
            # /{commands|actions|app}/{team}/{key}
            key = split.path.split("/", 3)[-1]
            try:
                body = json.loads(raw) if "json" in ctype else dict(parse_qsl(raw.decode()))
                if "payload" in body and isinstance(body["payload"], str):
                    body = json.loads(body["payload"])
            except ValueError:
                self._send(400, b"invalid_payload", {"Content-Type": "text/plain"})
                return
            status, data = self.server.fake.handle_response_url(key, body)
            self._send_json(status, data)
        else:
            self._send(404, b"not found", {"Content-Type": "text/plain"})


# --------------------------------------------------------------------------- Socket Mode


@dataclass
class Ack:
    envelope_id: str
    payload: dict[str, Any] | None
    time: float


class FakeSocketMode:
    """The websocket end of Socket Mode.

    ``apps.connections.open`` hands out one-use ``ws://`` URLs; on connect the
    server sends ``hello``; `push` sends an envelope to the newest connection and
    the client acks with ``{"envelope_id": ..., "payload": ...}``.
    """

    def __init__(self, fake: FakeSlack) -> None:
        self.fake = fake
        self._tickets: set[str] = set()
        self.connections: list[ServerConnection] = []
        self.hellos = 0
        self.acks: dict[str, Ack] = {}
        self.received: list[Any] = []
        self.rejected = 0
        self._server = serve(self._handle, "127.0.0.1", 0, ping_interval=None)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="fake-socket-mode", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        for conn in list(self.connections):
            try:
                conn.close()
            except ConnectionClosed:
                pass
        self._server.shutdown()
        self._thread.join(timeout=5)

    @property
    def port(self) -> int:
        return self._server.socket.getsockname()[1]

    def new_url(self) -> str:
        ticket = str(uuid.uuid4())
        with self.fake.lock:
            self._tickets.add(ticket)
        return f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={APP_ID}"

    def _handle(self, conn: ServerConnection) -> None:
        query = dict(parse_qsl(urlsplit(conn.request.path).query)) if conn.request else {}
        ticket = query.get("ticket", "")
        with self.fake.cond:
            valid = ticket in self._tickets
            self._tickets.discard(ticket)
            if not valid:
                self.rejected += 1
                self.fake.cond.notify_all()
        if not valid:
            conn.close(code=1008, reason="invalid ticket")
            return
        with self.fake.cond:
            self.connections.append(conn)
            num = len(self.connections)
        conn.send(json.dumps({
            "type": "hello", "num_connections": num,
            "debug_info": {"host": "applink-fake-1", "build_number": 1,
                           "approximate_connection_time": 18060},
            "connection_info": {"app_id": APP_ID},
        }))
        with self.fake.cond:
            self.hellos += 1
            self.fake.cond.notify_all()
        try:
            for raw in conn:
                try:
                    data = json.loads(raw)
                except ValueError:
                    data = {"unparsable": raw}
                with self.fake.cond:
                    self.received.append(data)
                    if isinstance(data, dict) and "envelope_id" in data:
                        eid = str(data["envelope_id"])
                        if eid not in self.acks:
                            self.acks[eid] = Ack(eid, data.get("payload"), time.time())
                    self.fake.cond.notify_all()
        except ConnectionClosed:
            pass
        finally:
            with self.fake.cond:
                if conn in self.connections:
                    self.connections.remove(conn)
                self.fake.cond.notify_all()

    def wait_connected(self, timeout: float = 15.0) -> None:
        self.fake.wait_for(lambda: self.connections and self.hellos, timeout,
                           "a Socket Mode connection")

    def push(self, kind: str, payload: dict[str, Any], *, retry_attempt: int = 0,
             retry_reason: str = "", envelope_id: str | None = None) -> str:
        """Send an envelope (``events_api``, ``slash_commands``, ``interactive``)
        to the newest connection; returns its envelope_id."""
        if kind not in {"events_api", "slash_commands", "interactive"}:
            raise ValueError(f"unknown envelope type {kind!r}")
        eid = envelope_id or str(uuid.uuid4())
        envelope: dict[str, Any] = {
            "envelope_id": eid, "payload": payload, "type": kind,
            "accepts_response_payload": kind != "events_api",
        }
        if kind == "events_api":
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = retry_reason
        with self.fake.lock:
            if not self.connections:
                raise AssertionError("no Socket Mode client is connected")
            conn = self.connections[-1]
        conn.send(json.dumps(envelope))
        return eid

    def wait_ack(self, envelope_id: str, timeout: float = 5.0) -> Ack:
        return self.fake.wait_for(lambda: self.acks.get(envelope_id), timeout,
                                  f"ack of envelope {envelope_id}")

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Slack's warning before it closes a connection (clients reconnect)."""
        with self.fake.lock:
            conns = list(self.connections)
        for conn in conns:
            conn.send(json.dumps({"type": "disconnect", "reason": reason,
                                  "debug_info": {"host": "applink-fake-1"}}))


def form_body(fields: dict[str, str]) -> bytes:
    return urlencode(fields).encode()


# --------------------------------------------------------------------------- bot processes


def is_bot_setting(name: str) -> bool:
    """Whether an environment variable configures the bot (and so must not leak into a
    test or a bot process from the developer's shell)."""
    return name.startswith(("SLACK_", "SUMMARYBOT_")) or name in {"DATABASE_URL", "PORT"}


def free_port() -> int:
    """A port the OS says is free on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bot_environment(slack: FakeSlack, data_dir: Path, port: int, **extra: str) -> dict[str, str]:
    """The environment of a real bot process that talks to ``slack``: the caller's own
    without its bot settings, the fake's tokens and URL, ``data_dir`` and ``port``, then
    ``extra``."""
    env = {k: v for k, v in os.environ.items() if not is_bot_setting(k)}
    env.update({
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": slack.api_url,
        "SUMMARYBOT_DATA_DIR": str(data_dir),
        "PORT": str(port),
        # the fake article servers listen on 127.0.0.1
        "SUMMARYBOT_ALLOW_PRIVATE_URLS": "true",
        "SUMMARYBOT_ENV_FILE": os.devnull,
        "PYTHONUNBUFFERED": "1",
    })
    env.update(extra)
    return env
