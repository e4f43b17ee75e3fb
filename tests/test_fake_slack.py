"""Self-tests of the fake Slack, driven by Slack's own client library where it
exists (so the fake is checked against what the real bot sends) and by raw
HTTP/websocket clients elsewhere."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from fakes.articles import NATO_TITLE, ArticleServer
from fakes.slack import (
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    event_callback,
    retry_headers,
    sign,
    slack_markup,
    verify,
)
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from websockets.sync.client import connect


@pytest.fixture(scope="module")
def slack():
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def client(slack: FakeSlack) -> WebClient:
    return WebClient(token=BOT_TOKEN, base_url=slack.api_url, timeout=5)


def test_signature_is_accepted_by_slack_sdk_verifier() -> None:
    body = json.dumps(event_callback({"type": "message", "text": "hi"})).encode()
    headers = sign(body)
    verifier = SignatureVerifier(SIGNING_SECRET)
    assert verifier.is_valid(body, headers["X-Slack-Request-Timestamp"],
                             headers["X-Slack-Signature"])
    assert verify(body, headers)
    assert not verifier.is_valid(body + b" ", headers["X-Slack-Request-Timestamp"],
                                 headers["X-Slack-Signature"])
    stale = sign(body, timestamp=int(time.time()) - 301)
    assert not verifier.is_valid(body, stale["X-Slack-Request-Timestamp"],
                                 stale["X-Slack-Signature"])
    assert retry_headers(2) == {"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_timeout"}


def test_slack_markup_wraps_links_and_escapes() -> None:
    assert slack_markup("see http://a.b/c?x=1&y=2 & more <3") == \
        "see <http://a.b/c?x=1&y=2> &amp; more &lt;3"
    assert slack_markup("<@U1> hi <https://x.y|x>") == "<@U1> hi <https://x.y|x>"


def test_auth_and_token_types(slack: FakeSlack, client: WebClient) -> None:
    me = client.auth_test()
    assert me["user_id"] and me["bot_id"] and me["team_id"] == slack.team_id
    with pytest.raises(SlackApiError) as err:
        WebClient(token="xoxb-wrong", base_url=slack.api_url).auth_test()
    assert err.value.response["error"] == "invalid_auth"
    with pytest.raises(SlackApiError) as err:
        WebClient(token=BOT_TOKEN, base_url=slack.api_url).apps_connections_open(
            app_token=BOT_TOKEN)
    assert err.value.response["error"] == "not_allowed_token_type"
    assert slack.calls_to("auth.test")[-1].token == "xoxb-wrong"


def test_post_thread_metadata_and_replies(slack: FakeSlack, client: WebClient) -> None:
    slack.channel("CSELF0001")
    parent = client.chat_postMessage(channel="CSELF0001", text="parent")
    meta = {"event_type": "summarybot_reply", "event_payload": {"job_id": 7, "step": "summary"}}
    reply = client.chat_postMessage(channel="CSELF0001", text="reply", thread_ts=parent["ts"],
                                    metadata=meta)
    assert float(reply["ts"]) > float(parent["ts"])
    with_meta = client.conversations_replies(channel="CSELF0001", ts=parent["ts"],
                                             include_all_metadata=True)
    assert [m["text"] for m in with_meta["messages"]] == ["parent", "reply"]
    assert with_meta["messages"][1]["metadata"] == meta
    plain = client.conversations_replies(channel="CSELF0001", ts=parent["ts"])
    assert "metadata" not in plain["messages"][1]
    history = client.conversations_history(channel="CSELF0001")
    assert [m["text"] for m in history["messages"]] == ["parent"]
    assert history["messages"][0]["reply_count"] == 1
    assert [m.text for m in slack.bot_messages("CSELF0001", parent["ts"])] == ["reply"]
    client.reactions_add(channel="CSELF0001", timestamp=parent["ts"], name="eyes")
    with pytest.raises(SlackApiError) as err:
        client.reactions_add(channel="CSELF0001", timestamp=parent["ts"], name="eyes")
    assert err.value.response["error"] == "already_reacted"
    client.reactions_remove(channel="CSELF0001", timestamp=parent["ts"], name="eyes")
    assert slack.reactions[-2:] == [("add", "CSELF0001", parent["ts"], "eyes"),
                                    ("remove", "CSELF0001", parent["ts"], "eyes")]


def test_block_limits_and_membership(slack: FakeSlack, client: WebClient) -> None:
    slack.channel("CSELF0002")
    too_many = [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}] * 51
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="CSELF0002", text="t", blocks=too_many)
    assert err.value.response["error"] == "invalid_blocks"
    too_long = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="CSELF0002", text="t", blocks=too_long)
    assert err.value.response["error"] == "invalid_blocks"
    slack.add_channel("CSELF0003", member=False)
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="CSELF0003", text="t")
    assert err.value.response["error"] == "not_in_channel"
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="CNOSUCH01", text="t")
    assert err.value.response["error"] == "channel_not_found"


def test_rate_limit_is_honoured_by_slack_sdk_retry_handler(slack: FakeSlack) -> None:
    slack.channel("CSELF0004")
    slack.fail_next("chat.postMessage", status=429, retry_after=1)
    client = WebClient(token=BOT_TOKEN, base_url=slack.api_url,
                       retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)])
    res = client.chat_postMessage(channel="CSELF0004", text="after the wait")
    assert res["ok"]
    calls = slack.posts("CSELF0004")
    assert [c.status for c in calls] == [429, 200]
    assert calls[1].time - calls[0].time >= 0.9
    assert len(slack.bot_messages("CSELF0004")) == 1
    slack.channel("CSELF0006")
    slack.fail_next("chat.postMessage", error="not_in_channel", channel="CSELF0006")
    assert client.chat_postMessage(channel="CSELF0004", text="elsewhere")["ok"]
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="CSELF0006", text="refused")
    assert err.value.response["error"] == "not_in_channel"


def test_private_files_need_the_bot_token(slack: FakeSlack, client: WebClient) -> None:
    f = slack.add_file("notes.txt", b"hello file", "text/plain")
    url = f["url_private_download"]
    anonymous = httpx.get(url)
    assert anonymous.status_code == 302 and "/signin" in anonymous.headers["location"]
    followed = httpx.get(url, follow_redirects=True)
    assert "Sign in" in followed.text
    good = httpx.get(url, headers={"Authorization": f"Bearer {BOT_TOKEN}"})
    assert good.status_code == 200 and good.content == b"hello file"
    assert slack.downloads[-3:] == [(f["id"], False), (f["id"], False), (f["id"], True)]
    info = client.files_info(file=f["id"])
    assert info["file"]["size"] == len(b"hello file")


def test_response_url_ephemeral_and_in_channel(slack: FakeSlack) -> None:
    slack.channel("CSELF0005")
    url = slack.new_response_url(channel="CSELF0005")
    assert httpx.post(url, json={"text": "only you"}).status_code == 200
    assert httpx.post(url, json={"text": "everyone", "response_type": "in_channel"}
                      ).status_code == 200
    assert [e.text for e in slack.ephemerals_for("CSELF0005")] == ["only you"]
    assert [m.text for m in slack.bot_messages("CSELF0005")] == ["everyone"]
    for _ in range(3):
        httpx.post(url, json={"text": "again"})
    assert httpx.post(url, json={"text": "sixth"}).status_code == 404


def test_socket_mode_hello_and_ack_with_raw_websocket(slack: FakeSlack) -> None:
    opened = httpx.post(slack.api_url + "apps.connections.open",
                        headers={"Authorization": f"Bearer {APP_TOKEN}"}).json()
    assert opened["ok"] and opened["url"].startswith("ws://")
    with connect(opened["url"]) as ws:
        hello = json.loads(ws.recv(timeout=5))
        assert hello["type"] == "hello"
        eid = slack.socket.push("events_api", event_callback({"type": "app_mention"}))
        envelope = json.loads(ws.recv(timeout=5))
        assert envelope["envelope_id"] == eid and envelope["type"] == "events_api"
        assert envelope["payload"]["event"]["type"] == "app_mention"
        ws.send(json.dumps({"envelope_id": eid}))
        assert slack.socket.wait_ack(eid).payload is None
    # a URL is good for one connection only
    with connect(opened["url"]) as ws, pytest.raises(Exception):  # noqa: B017
        ws.recv(timeout=5)


def test_socket_mode_with_slack_sdk_client(slack: FakeSlack) -> None:
    got: list[SocketModeRequest] = []

    def listener(client: SocketModeClient, req: SocketModeRequest) -> None:
        got.append(req)
        client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))

    client = SocketModeClient(app_token=APP_TOKEN,
                              web_client=WebClient(base_url=slack.api_url))
    client.socket_mode_request_listeners.append(listener)
    hellos = slack.socket.hellos
    client.connect()
    try:
        slack.wait_for(lambda: slack.socket.hellos > hellos, 10, "hello")
        slack.socket.wait_connected()
        eid = slack.socket.push("slash_commands", {"command": "/summary", "text": "help"})
        slack.socket.wait_ack(eid, timeout=10)
        assert got and got[0].type == "slash_commands"
    finally:
        client.close()


def test_article_server_serves_the_nato_page() -> None:
    with ArticleServer() as web:
        page = httpx.get(web.url("/nato"))
        assert page.status_code == 200 and NATO_TITLE in page.text
        assert "Austin told reporters" in page.text and "<article>" in page.text
        assert httpx.get(web.url("/image.png")).content.startswith(b"\x89PNG")
        assert httpx.get(web.url("/missing")).status_code == 404
