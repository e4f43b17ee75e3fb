"""Requests Slack did not sign (or signed long ago), malformed deliveries, and
tenant isolation between workspaces and between channels."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from e2e_harness import Conversation
from e2e_support import NATO_TITLE, is_summary
from fakes.articles import ArticleServer
from fakes.slack import BOT_USER_ID, FakeSlack, event_callback, sign

pytestmark = pytest.mark.e2e

OTHER_TEAM = "T0OTHER02"


def _message_payload(convo: Conversation, channel: str, text: str, team: str = "T0TEAM001"
                     ) -> tuple[str, dict]:
    ts = convo.send_message(channel, text, team=team, deliver=False)
    stored = next(m for m in convo.slack.messages[channel] if m.ts == ts)
    return ts, convo.events_for(channel, ts, stored.text, team=team)[0]


def _calls_about(slack: FakeSlack, channel: str) -> list[str]:
    return [c.method for c in slack.calls if c.params.get("channel") == channel]


def test_bad_signature_is_refused_and_nothing_happens(convo: Conversation, web: ArticleServer,
                                                      slack: FakeSlack, new_channel) -> None:
    channel = new_channel()
    ts, payload = _message_payload(convo, channel, web.url("/nato"))
    res = convo.deliver(payload, secret="not-the-signing-secret", check=False)
    assert res is not None and res.status_code == 401
    convo.expect_no_reply(channel, ts, within=3.0)
    assert _calls_about(slack, channel) == []
    assert not any(path == "/nato" and ts in str(h) for _, path, h in web.requests)
    # nothing was stored: a question about "the latest article" finds none here
    q = convo.mention(channel, "what did Austin say?")
    reply = convo.expect_one_reply(channel, q)
    assert "Austin told reporters" not in reply.all_text


def test_stale_timestamp_is_refused(convo: Conversation, web: ArticleServer, slack: FakeSlack,
                                    new_channel) -> None:
    channel = new_channel()
    ts, payload = _message_payload(convo, channel, web.url("/nato"))
    res = convo.deliver(payload, timestamp=int(time.time()) - 6 * 60, check=False)
    assert res is not None and res.status_code == 401
    convo.expect_no_reply(channel, ts, within=2.0)
    assert _calls_about(slack, channel) == []


def test_url_verification_challenge(convo: Conversation) -> None:
    payload = {"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
               "type": "url_verification"}
    res = convo.post_raw(json.dumps(payload).encode(), "application/json")
    assert payload["challenge"] in res.text


def test_malformed_unknown_and_oversized_deliveries(convo: Conversation, slack: FakeSlack,
                                                    new_channel) -> None:
    bot = convo.bot
    res = convo.post_raw(b"{not json", "application/json", check=False)
    assert 400 <= res.status_code < 500, (res.status_code, res.text)
    # an event type the bot does not handle is acked and ignored
    channel = new_channel()
    unknown = event_callback({"type": "reaction_added", "user": "U0ALICE01", "reaction": "tada",
                              "item": {"type": "message", "channel": channel, "ts": "1.000001"},
                              "event_ts": "1.000002"})
    assert convo.post_raw(json.dumps(unknown).encode(), "application/json").status_code == 200
    big = json.dumps(event_callback({"type": "message", "channel": channel, "user": "U0ALICE01",
                                     "text": "x" * 1_100_000, "ts": "1.000003"})).encode()
    res = httpx.post(bot.url + "/slack/events", content=big,
                     headers={"Content-Type": "application/json", **sign(big)}, timeout=20)
    assert res.status_code == 413, (res.status_code, res.text[:200])
    assert bot.healthz().status_code == 200
    assert _calls_about(slack, channel) == []


def _no_leak(convo: Conversation, channel: str, thread_ts: str | None = None, *,
             since: str | None = None, within: float = 8.0) -> None:
    """Whatever the bot says there (possibly nothing), it is not the other article."""
    slack = convo.slack

    def leaked() -> list[str]:
        texts = [m.all_text for m in convo.replies(channel, thread_ts, since=since)]
        texts += [e.all_text for e in slack.ephemerals_for(channel)]
        return [t for t in texts if "Austin told" in t or "shared resolve" in t or is_summary(t)]

    def answered() -> bool:
        return bool(convo.replies(channel, thread_ts, since=since)
                    or slack.ephemerals_for(channel)) or bool(leaked())

    try:
        slack.wait_for(answered, within, "some answer")
    except AssertionError:
        pass  # saying nothing is fine
    slack.holds_for(leaked, 1.0)
    assert not leaked(), f"another tenant's article leaked into {channel}: {leaked()}"


def test_other_workspace_never_sees_the_article(convo: Conversation, web: ArticleServer,
                                                slack: FakeSlack, new_channel) -> None:
    channel = new_channel()
    thread = convo.send_message(channel, web.url("/nato"))
    assert NATO_TITLE.split(",")[0] in convo.expect_one_reply(channel, thread).all_text
    # the same channel and thread ids, seen from another workspace
    before = {m.ts for m in convo.replies(channel, thread)}
    convo.send_message(channel, f"<@{BOT_USER_ID}> What did Austin say?", team=OTHER_TEAM,
                       thread_ts=thread)
    slack.holds_for(lambda: [m for m in convo.replies(channel, thread) if m.ts not in before],
                    6.0)
    new = [m.all_text for m in convo.replies(channel, thread) if m.ts not in before]
    assert not any("Austin told" in t or "shared resolve" in t for t in new), new
    other = new_channel()
    since = slack.next_ts()
    q = convo.mention(other, "What did Austin say?", team=OTHER_TEAM)
    _no_leak(convo, other, q)
    convo.command(other, "", team=OTHER_TEAM)
    _no_leak(convo, other, since=since)


def test_private_channel_article_stays_private(convo: Conversation, web: ArticleServer,
                                               slack: FakeSlack, new_channel) -> None:
    private = new_channel("G")
    thread = convo.send_message(private, web.url("/nato"))
    assert NATO_TITLE.split(",")[0] in convo.expect_one_reply(private, thread).all_text
    public = new_channel()
    since = slack.next_ts()
    q = convo.mention(public, "What did Austin say?")
    _no_leak(convo, public, q)
    convo.command(public, "")
    _no_leak(convo, public, since=since)
    # a question quoting the private thread's ts from the public channel
    convo.send_message(public, "What did Austin say?", thread_ts=thread)
    _no_leak(convo, public, thread)
