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
    USER_ID,
    FakeSlack,
    Message,
    event_callback,
    interactive_body,
    retry_headers,
    sign,
    slack_markup,
    verify,
)
from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.webhook import WebhookClient
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


# --------------------------------------------------------------------------- interactivity


def _bolt_app(slack: FakeSlack) -> tuple[App, list[dict]]:
    """A bare Bolt app on the fake: what bolt-python itself makes of the payloads."""
    app = App(signing_secret=SIGNING_SECRET, process_before_response=True,
              client=WebClient(token=BOT_TOKEN, base_url=slack.api_url))
    seen: list[dict] = []

    @app.action("summary_shorter")
    def shorter(ack, body, action, context) -> None:  # noqa: ANN001
        ack()
        seen.append({"body": body, "action": action, "channel": context.channel_id,
                     "user": context.user_id, "team": context.team_id})

    @app.shortcut("summarize_message")
    def shortcut(ack, body, shortcut, context) -> None:  # noqa: ANN001
        ack()
        seen.append({"body": body, "channel": context.channel_id, "user": context.user_id})

    @app.event("app_home_opened")
    def home(event, context) -> None:  # noqa: ANN001
        seen.append({"event": event, "user": context.user_id})

    return app, seen


def _dispatch(app: App, body: bytes, content_type: str) -> BoltResponse:
    headers = {**sign(body), "Content-Type": content_type}
    return app.dispatch(BoltRequest(body=body.decode(), headers=headers))


BUTTONS = [
    {"type": "section", "text": {"type": "mrkdwn", "text": "*Summary* one two three"}},
    {"type": "actions", "elements": [
        {"type": "button", "action_id": "summary_shorter", "value": "job-7",
         "text": {"type": "plain_text", "text": "Shorter"}},
        {"type": "button", "action_id": "summary_longer", "value": "job-7",
         "text": {"type": "plain_text", "text": "Longer"}},
    ]},
]


def test_button_blocks_are_validated_and_given_ids(slack: FakeSlack, client: WebClient) -> None:
    slack.channel("CSELF0010")
    res = client.chat_postMessage(channel="CSELF0010", text="summary", blocks=BUTTONS)
    stored = slack.message("CSELF0010", res["ts"])
    assert stored is not None and stored.blocks is not None
    # Slack makes up the block_ids the app left out; the app's action_ids stay
    assert all(b.get("block_id") for b in stored.blocks)
    assert [e["action_id"] for e in stored.blocks[1]["elements"]] == \
        ["summary_shorter", "summary_longer"]
    bad = {
        "long label": [{"type": "actions", "elements": [
            {"type": "button", "action_id": "a", "text": {"type": "plain_text", "text": "x" * 76}}]}],
        "mrkdwn label": [{"type": "actions", "elements": [
            {"type": "button", "action_id": "a", "text": {"type": "mrkdwn", "text": "x"}}]}],
        "same action_id": [{"type": "actions", "elements": [
            {"type": "button", "action_id": "a", "text": {"type": "plain_text", "text": "x"}},
            {"type": "button", "action_id": "a", "text": {"type": "plain_text", "text": "y"}}]}],
        "same block_id": [{"type": "divider", "block_id": "b"}, {"type": "divider", "block_id": "b"}],
        "26 elements": [{"type": "actions", "elements": [
            {"type": "button", "action_id": f"a{i}", "text": {"type": "plain_text", "text": "x"}}
            for i in range(26)]}],
        "empty actions": [{"type": "actions", "elements": []}],
        "long value": [{"type": "actions", "elements": [
            {"type": "button", "action_id": "a", "value": "v" * 2001,
             "text": {"type": "plain_text", "text": "x"}}]}],
    }
    for name, blocks in bad.items():
        with pytest.raises(SlackApiError) as err:
            client.chat_postMessage(channel="CSELF0010", text="t", blocks=blocks)
        assert err.value.response["error"] == "invalid_blocks", name
        assert "json-pointer:/blocks/" in err.value.response["errors"][0], name


def test_block_actions_payload_reaches_bolt_signed_and_shaped(slack: FakeSlack,
                                                              client: WebClient) -> None:
    slack.channel("CSELF0011")
    parent = client.chat_postMessage(channel="CSELF0011", text="an article link")
    reply = client.chat_postMessage(channel="CSELF0011", text="summary", blocks=BUTTONS,
                                    thread_ts=parent["ts"])
    msg = slack.message("CSELF0011", reply["ts"])
    assert msg is not None
    payload = slack.block_actions(msg, "summary_shorter")
    assert payload["type"] == "block_actions"
    assert payload["container"] == {"type": "message", "message_ts": msg.ts,
                                    "channel_id": "CSELF0011", "is_ephemeral": False,
                                    "thread_ts": parent["ts"]}
    assert payload["channel"] == {"id": "CSELF0011", "name": "cself0011"}
    assert payload["user"]["id"] == USER_ID and payload["team"]["id"] == slack.team_id
    assert payload["message"]["ts"] == msg.ts and payload["message"]["bot_id"]
    assert payload["message"]["blocks"] == msg.blocks
    action = payload["actions"][0]
    assert action["type"] == "button" and action["action_id"] == "summary_shorter"
    assert action["block_id"] == msg.blocks[1]["block_id"] and action["value"] == "job-7"
    assert action["text"] == {"type": "plain_text", "text": "Shorter"} and action["action_ts"]
    assert payload["trigger_id"] and "/actions/" in payload["response_url"]

    body = interactive_body(payload)
    assert body.startswith(b"payload=")
    headers = sign(body)
    assert SignatureVerifier(SIGNING_SECRET).is_valid(
        body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"])
    app, seen = _bolt_app(slack)
    res = _dispatch(app, body, "application/x-www-form-urlencoded")
    assert res.status == 200
    assert seen[-1]["action"]["action_id"] == "summary_shorter"
    assert (seen[-1]["channel"], seen[-1]["user"], seen[-1]["team"]) == \
        ("CSELF0011", USER_ID, slack.team_id)
    # a doubled delivery: the same bytes twice, Bolt sees the same body twice
    again = _dispatch(app, body, "application/x-www-form-urlencoded")
    assert again.status == 200 and seen[-1]["body"] == seen[-2]["body"] == payload
    # two clicks by a person are two payloads: new trigger, action_ts and response_url
    second = slack.block_actions(msg, "summary_shorter")
    assert second["trigger_id"] != payload["trigger_id"]
    assert second["response_url"] != payload["response_url"]
    assert second["actions"][0]["action_ts"] != action["action_ts"]
    with pytest.raises(AssertionError, match="no button 'summary_quotes'"):
        slack.block_actions(msg, "summary_quotes")


def test_response_url_of_a_click_replaces_deletes_and_posts(slack: FakeSlack,
                                                            client: WebClient) -> None:
    slack.channel("CSELF0012")
    parent = client.chat_postMessage(channel="CSELF0012", text="link")
    meta = {"event_type": "summarybot_reply", "event_payload": {"job_id": 9, "step": "summary"}}
    reply = client.chat_postMessage(channel="CSELF0012", text="long summary", blocks=BUTTONS,
                                    thread_ts=parent["ts"], metadata=meta)
    msg = slack.message("CSELF0012", reply["ts"])
    assert msg is not None
    url = slack.block_actions(msg, "summary_shorter")["response_url"]
    hook = WebhookClient(url)  # what the bot uses for response_urls
    shorter = [{"type": "section", "text": {"type": "mrkdwn", "text": "short summary"}}]
    assert hook.send(text="short summary", blocks=shorter, replace_original=True).status_code == 200
    assert msg.ts == reply["ts"] and msg.thread_ts == parent["ts"] and msg.metadata == meta
    assert msg.text == "short summary" and msg.all_text.count("short summary") == 2
    [edit] = slack.edits_of("CSELF0012", msg.ts)
    assert edit.via == "response_url" and edit.previous_text == "long summary"
    assert [m.ts for m in slack.bot_messages("CSELF0012", parent["ts"])] == [msg.ts]
    # without replace_original: a new message (ephemeral unless in_channel), in the thread asked
    assert hook.send_dict({"text": "quotes", "response_type": "in_channel",
                           "thread_ts": msg.ts}).status_code == 200
    assert hook.send(text="only you").status_code == 200
    assert [m.text for m in slack.bot_messages("CSELF0012", parent["ts"])] == \
        ["short summary", "quotes"]
    assert slack.ephemerals_for("CSELF0012")[-1].text == "only you"
    assert [p.outcome for p in slack.responses_to(url)] == ["replaced", "in_channel", "ephemeral"]
    assert hook.send(delete_original=True).status_code == 200
    assert slack.message("CSELF0012", msg.ts).deleted_via == "response_url"  # type: ignore[union-attr]
    gone = hook.send(text="too late", replace_original=True)
    assert gone.status_code == 404
    # a slash command's response_url has no message to replace: the app mixed up its URLs
    cmd = WebhookClient(slack.new_response_url(channel="CSELF0012"))
    assert cmd.send(text="x", replace_original=True).status_code == 400


def test_chat_update_keeps_thread_and_metadata_and_counts_edits(slack: FakeSlack,
                                                                client: WebClient) -> None:
    slack.channel("CSELF0013")
    parent = client.chat_postMessage(channel="CSELF0013", text="link")
    meta = {"event_type": "summarybot_reply", "event_payload": {"job_id": 3, "step": "summary"}}
    reply = client.chat_postMessage(channel="CSELF0013", text="v1", blocks=BUTTONS,
                                    thread_ts=parent["ts"], metadata=meta)
    heard: list[tuple[str, str]] = []
    slack.edit_listeners.append(lambda m, e: heard.append((m.ts, e.text)))
    try:
        client.chat_update(channel="CSELF0013", ts=reply["ts"], text="v2", blocks=BUTTONS)
    finally:
        slack.edit_listeners.clear()
    edits = slack.edits_of("CSELF0013", reply["ts"])
    assert [(e.via, e.previous_text, e.text) for e in edits] == [("chat.update", "v1", "v2")]
    assert heard == [(reply["ts"], "v2")]
    thread = client.conversations_replies(channel="CSELF0013", ts=parent["ts"],
                                          include_all_metadata=True)["messages"]
    assert [(m["text"], m.get("metadata")) for m in thread] == [("link", None), ("v2", meta)]
    assert thread[1]["thread_ts"] == parent["ts"] and "edited" in thread[1]


def test_shortcut_payload_reaches_bolt(slack: FakeSlack) -> None:
    slack.channel("CSELF0014")
    f = slack.add_file("notes.txt", b"some notes", "text/plain")
    person = slack.add_message(Message("CSELF0014", slack.next_ts(), text="have a look",
                                       user=USER_ID, files=[f], subtype="file_share"))
    payload = slack.message_action(person, "summarize_message")
    assert payload["type"] == "message_action" and payload["callback_id"] == "summarize_message"
    assert payload["message_ts"] == person.ts == payload["message"]["ts"]
    assert payload["message"]["text"] == "have a look"
    assert payload["message"]["files"][0]["id"] == f["id"]
    assert payload["channel"]["id"] == "CSELF0014" and "/app/" in payload["response_url"]
    app, seen = _bolt_app(slack)
    assert _dispatch(app, interactive_body(payload), "application/x-www-form-urlencoded"
                     ).status == 200
    assert (seen[-1]["channel"], seen[-1]["user"]) == ("CSELF0014", USER_ID)


def test_views_publish_keeps_the_home_view_and_refuses_what_slack_refuses(
        slack: FakeSlack, client: WebClient) -> None:
    home = {"type": "home", "blocks": [
        {"type": "header", "text": {"type": "plain_text", "text": "Your articles"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "Nothing yet"}}]}
    first = client.views_publish(user_id=USER_ID, view=home)["view"]
    assert first["type"] == "home" and first["id"].startswith("V") and first["hash"]
    assert all(b["block_id"] for b in first["blocks"])
    assert slack.home_view(USER_ID) == first
    second = client.views_publish(user_id=USER_ID, view=home, hash=first["hash"])["view"]
    assert second["id"] == first["id"] and second["hash"] != first["hash"]
    assert [p.view["hash"] for p in slack.home_publishes(USER_ID)][-2:] == \
        [first["hash"], second["hash"]]
    assert "Nothing yet" in slack.home_publishes(USER_ID)[-1].all_text

    def refused(**kw: object) -> dict:
        with pytest.raises(SlackApiError) as err:
            client.views_publish(**kw)
        return err.value.response.data

    stale = refused(user_id=USER_ID, view=home, hash=first["hash"])
    assert stale["error"] == "hash_conflict"
    modal = refused(user_id=USER_ID, view={**home, "type": "modal",
                                           "title": {"type": "plain_text", "text": "t"}})
    assert modal["error"] == "invalid_arguments"
    assert "[json-pointer:/view]" in modal["response_metadata"]["messages"][0]
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "x"}}
    assert client.views_publish(user_id=USER_ID, view={"type": "home", "blocks": [section] * 100})
    many = refused(user_id=USER_ID, view={"type": "home", "blocks": [section] * 101})
    assert many["error"] == "invalid_arguments"
    assert many["response_metadata"]["messages"] == [
        "[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]"]
    empty = refused(user_id=USER_ID, view={"type": "home", "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": ""}}]})
    assert "/view/blocks/0/text/text" in empty["response_metadata"]["messages"][0]
    assert refused(user_id="U0NOBODY1", view=home)["error"] == "user_not_found"
    slack.home_tab_enabled = False
    try:
        assert refused(user_id=USER_ID, view=home)["error"] == "not_enabled"
    finally:
        slack.home_tab_enabled = True
    assert slack.home_view(USER_ID)["hash"] != second["hash"]  # the 100-block one stands


def test_app_home_opened_event_reaches_bolt(slack: FakeSlack, client: WebClient) -> None:
    envelope = slack.app_home_opened("U0NEWUSER")  # no view published for them yet
    event = envelope["event"]
    assert envelope["type"] == "event_callback" and envelope["team_id"] == slack.team_id
    assert event["type"] == "app_home_opened" and event["tab"] == "home"
    assert event["user"] == "U0NEWUSER" and "view" not in event
    assert event["channel"] == slack.dm_channel("U0NEWUSER")
    assert slack.channel(event["channel"]).channel_type == "im"
    client.views_publish(user_id=USER_ID, view={"type": "home", "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": "Welcome"}}]})
    published = slack.app_home_opened(USER_ID)["event"]
    assert published["view"] == slack.home_view(USER_ID)
    app, seen = _bolt_app(slack)
    body = json.dumps(slack.app_home_opened(USER_ID)).encode()
    assert _dispatch(app, body, "application/json").status == 200
    assert seen[-1]["event"]["type"] == "app_home_opened" and seen[-1]["user"] == USER_ID


def test_private_channels_dms_and_who_sees_what(slack: FakeSlack, client: WebClient) -> None:
    slack.add_user("U0BOB0001", "bob", "Bob Example")
    slack.add_user("U0CAROL01", "carol", "Carol Example")
    ch = slack.private_channel("GSELF0001", members=[USER_ID, "U0BOB0001"])
    assert ch.channel_type == "group" and not ch.visible_to("U0CAROL01")
    info = client.conversations_info(channel="GSELF0001")["channel"]
    assert info["is_private"] and info["is_group"] and not info["is_channel"]
    assert client.conversations_members(channel="GSELF0001")["members"] == \
        sorted([USER_ID, "U0BOB0001"]) + ["U0BOTUSER"]
    bots = client.chat_postMessage(channel="GSELF0001", text="summary", blocks=BUTTONS)
    msg = slack.message("GSELF0001", bots["ts"])
    assert msg is not None
    assert slack.block_actions(msg, "summary_shorter", user="U0BOB0001")["channel"]["id"] == \
        "GSELF0001"
    with pytest.raises(AssertionError, match="not a member"):
        slack.block_actions(msg, "summary_shorter", user="U0CAROL01")
    with pytest.raises(AssertionError, match="not a member"):
        slack.message_action(msg, "summarize_message", user="U0CAROL01")
    slack.add_member("GSELF0001", "U0CAROL01")
    assert slack.message_action(msg, "summarize_message", user="U0CAROL01")
    # a private conversation the bot is not in does not exist for it
    slack.private_channel("GSELF0002", members=[USER_ID], member=False)
    for call in (lambda: client.chat_postMessage(channel="GSELF0002", text="t"),
                 lambda: client.conversations_history(channel="GSELF0002"),
                 lambda: client.conversations_members(channel="GSELF0002")):
        with pytest.raises(SlackApiError) as err:
            call()
        assert err.value.response["error"] == "channel_not_found"
    # the app's DM with a person: one per person, what conversations.open gives too
    dm = slack.dm_channel("U0BOB0001")
    assert dm == slack.dm_channel("U0BOB0001") != slack.dm_channel(USER_ID)
    assert client.conversations_open(users="U0BOB0001")["channel"]["id"] == dm
    assert client.conversations_info(channel=dm)["channel"]["user"] == "U0BOB0001"
    assert slack.channel(dm).visible_to("U0BOB0001") and not slack.channel(dm).visible_to(USER_ID)
    with pytest.raises(SlackApiError) as err:
        client.chat_postEphemeral(channel="GSELF0001", user="U0DAVE001", text="psst")
    assert err.value.response["error"] == "user_not_in_channel"
