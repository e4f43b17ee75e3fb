"""Drive the whole bot in process, as Slack would: signed requests into the Bolt app,
jobs run by the real queue and service when the test says so, replies read back from
the fake Web API (fakes.slack). Shared by the listener and service tests; the
``slack``, ``web`` and ``bot`` fixtures that build it are in conftest.py."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fakes.slack import (
    BOT_TOKEN,
    SIGNING_SECRET,
    USER_ID,
    FakeSlack,
    Message,
    event_callback,
    interactive_body,
    sign,
    slack_markup,
    slash_command_form,
)

from bot.jobs.queue import RetryableError
from bot.settings import Settings
from bot.slack.app import BoltRequest, Runtime, build_runtime
from bot.storage.store import Store


@dataclass
class Acked:
    """The app's answer to one delivery (Slack wants 200 within 3 s) and what was sent."""
    status: int
    body: str
    headers: dict[str, Any]
    elapsed: float  # seconds from the request to the app's response
    payload: dict[str, Any]


class Bot:
    """One bot process, minus the threads: jobs run when the test says so."""

    def __init__(self, slack: FakeSlack, tmp: Path, *, store: Store | None = None, **env: str) -> None:
        self.slack = slack
        base = {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.api_url,
            "DATABASE_URL": f"sqlite:///{tmp / 'bot.db'}",
            "SUMMARYBOT_ALLOW_PRIVATE_URLS": "true",
            "SUMMARYBOT_SENTENCES": "3",
        }
        self.settings = Settings.from_env({**base, **env}, dotenv=False)
        self.rt: Runtime = build_runtime(self.settings, store=store)

    def close(self) -> None:
        self.rt.store.close()

    # -- what Slack sends

    def post(self, body: str, content_type: str, headers: dict[str, str] | None = None) -> Any:
        signed = {**sign(body.encode(), SIGNING_SECRET), "content-type": content_type, **(headers or {})}
        return self.rt.app.dispatch(BoltRequest(body=body, headers=signed))

    def event(self, event: dict, *, event_id: str | None = None, team: str | None = None,
              headers: dict[str, str] | None = None) -> Any:
        envelope = event_callback(event, event_id=event_id, **({"team_id": team} if team else {}))
        return self.post(json.dumps(envelope), "application/json", headers)

    def say(self, channel: str, text: str, *, thread_ts: str | None = None, user: str = USER_ID,
            files: list[dict] | None = None, mention: bool = False, event_id: str | None = None,
            channel_type: str | None = None, team: str | None = None) -> str:
        """A person posts; Slack stores it and sends message (and app_mention) events."""
        markup = slack_markup(text)
        if channel.startswith("D") and channel not in self.slack.channels:
            self.slack.add_channel(channel, im=True, user=user)  # the app's DM with the poster
        ch = self.slack.channel(channel)
        if not ch.visible_to(user):
            raise AssertionError(f"{user} cannot post in {channel}: not a member")
        ts = self.slack.next_ts()
        self.slack.add_message(Message(channel, ts, markup, user=user, thread_ts=thread_ts, files=files))
        event: dict[str, Any] = {
            "type": "message", "channel": channel, "user": user, "text": markup, "ts": ts,
            "event_ts": ts, "channel_type": channel_type or ch.channel_type,
        }
        if thread_ts:
            event["thread_ts"] = thread_ts
        if files:
            event["subtype"] = "file_share"
            event["files"] = files
        assert self.event(event, event_id=event_id, team=team).status == 200
        if mention:
            mention_event = {k: v for k, v in event.items() if k != "channel_type"}
            assert self.event({**mention_event, "type": "app_mention"}, team=team).status == 200
        return ts

    def command(self, channel: str, text: str, *, team: str | None = None) -> Any:
        response_url = self.slack.new_response_url(channel=channel, team=team)
        form = slash_command_form("/summary", text, channel_id=channel, response_url=response_url,
                                  **({"team_id": team} if team else {}))
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    # -- interactivity: Slack posts these to /slack/events too, form-encoded payload=<json>

    def _timed(self, body: str, content_type: str, payload: dict[str, Any]) -> Acked:
        started = time.monotonic()
        res = self.post(body, content_type)
        return Acked(res.status, res.body, dict(res.headers), time.monotonic() - started, payload)

    def interact(self, payload: dict[str, Any]) -> Acked:
        """Deliver an interaction payload (block_actions, message_action...) as Slack does:
        signed, ``application/x-www-form-urlencoded``, ``payload=<json>``."""
        return self._timed(interactive_body(payload).decode(), "application/x-www-form-urlencoded",
                           payload)

    def click(self, message: Message, action_id: str, *, user: str = USER_ID) -> Acked:
        """``user`` clicks the button ``action_id`` on ``message`` (as stored now)."""
        return self.interact(self.slack.block_actions(message, action_id, user=user))

    def click_twice(self, message: Message, action_id: str, *, user: str = USER_ID
                    ) -> tuple[Acked, Acked]:
        """One click that Slack delivers twice: the same payload, byte for byte."""
        payload = self.slack.block_actions(message, action_id, user=user)
        return self.interact(payload), self.interact(payload)

    def shortcut(self, message: Message, callback_id: str = "summarize_message", *,
                 user: str = USER_ID) -> Acked:
        """``user`` runs the message shortcut ``callback_id`` on ``message``."""
        return self.interact(self.slack.message_action(message, callback_id, user=user))

    def open_home(self, user: str = USER_ID, *, team: str | None = None) -> Acked:
        """``user`` opens the app's Home tab: an ``app_home_opened`` event."""
        envelope = self.slack.app_home_opened(user, team=team)
        return self._timed(json.dumps(envelope), "application/json", envelope)

    # -- the worker, one job at a time

    def run_jobs(self) -> int:
        ran = 0
        while (job := self.rt.queue.claim("test")) is not None:
            try:
                self.rt.service.handle(job)
            except RetryableError as err:
                self.rt.queue.fail(job, "test", str(err), retry=True)
            else:
                self.rt.queue.complete(job, "test")
            ran += 1
        return ran

    def replies(self, channel: str, thread_ts: str | None) -> list[Message]:
        return self.slack.bot_messages(channel, thread_ts) if thread_ts else self.slack.bot_messages(
            channel, top_level=True)

    def one_reply(self, channel: str, thread_ts: str | None) -> Message:
        self.run_jobs()
        got = self.replies(channel, thread_ts)
        assert len(got) == 1, f"expected one reply, got {len(got)}:\n{self.slack.describe()}"
        return got[0]

    def no_reply(self, channel: str, thread_ts: str | None) -> None:
        self.run_jobs()
        assert self.replies(channel, thread_ts) == [], self.slack.describe()


_channels = iter(range(1, 10_000))


def new_channel(slack: FakeSlack, kind: str = "C", **kw: Any) -> str:
    cid = f"{kind}{next(_channels):08d}"
    slack.add_channel(cid, im=kind == "D", private=kind == "G", **kw)
    return cid
