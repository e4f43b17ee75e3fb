"""The bot as Slack drives it, in process: signed requests into the Bolt app,
jobs run by the real queue and service, replies observed on a fake Web API.

Each test is a small conversation: send this, expect exactly this reply."""

from __future__ import annotations

import io
import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
from fakes.articles import NATO_TITLE, ArticleServer
from fakes.slack import (
    BOT_ID,
    BOT_TOKEN,
    BOT_USER_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    SIGNING_SECRET,
    USER_ID,
    FakeSlack,
    Message,
    block_texts,
    event_callback,
    new_event_id,
    retry_headers,
    sign,
)
from slack_harness import Bot, new_channel

from bot.errors import ConfigError, UsageError
from bot.slack.app import BoltRequest
from bot.slack.http import MAX_BODY, WebApp
from bot.slack.parse import extract_links, is_question, parse_summary_command, thread_of


def _bullets(message: Message) -> int:
    return "\n".join(block_texts(message.blocks or [])).count("• ")


# --------------------------------------------------------------------------- links


def test_link_gets_one_summary_in_its_thread(bot: Bot, web: ArticleServer) -> None:
    ch = new_channel(bot.slack)
    ts = bot.say(ch, f"worth a read {web.url('/nato')}")
    reply = bot.one_reply(ch, ts)
    text = reply.all_text
    assert NATO_TITLE in text
    assert _bullets(reply) == 3
    assert "min read" in text and "Source:" in text
    assert "reply in this thread" in text
    assert reply.metadata["event_type"] == "summarybot_reply"
    assert bot.slack.reactions_on(ch, ts) == {"white_check_mark"}


def test_the_check_mark_is_added_even_when_removing_the_hourglass_fails(
    bot: Bot, web: ArticleServer
) -> None:
    ch = new_channel(bot.slack)
    bot.slack.fail_next("reactions.remove", error="no_reaction")
    ts = bot.say(ch, f"worth a read {web.url('/nato')}")
    assert NATO_TITLE in bot.one_reply(ch, ts).all_text
    assert "white_check_mark" in bot.slack.reactions_on(ch, ts)


def test_bolt_takes_its_settings_from_ours_without_a_warning(
    slack: FakeSlack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # a token in the process environment too (as on Heroku): Bolt used to warn at every
    # start that it would not use it
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-the-environment")
    with caplog.at_level("WARNING"):
        Bot(slack, tmp_path)
    assert "unused" not in caplog.text and "skipped" not in caplog.text
    assert os.environ["SLACK_BOT_TOKEN"] == "xoxb-from-the-environment"  # left as it was


def test_link_inside_a_thread_is_answered_in_that_thread(bot: Bot, web: ArticleServer) -> None:
    ch = new_channel(bot.slack)
    parent = bot.say(ch, "anyone following the news?")
    bot.say(ch, f"this {web.url('/nato')}", thread_ts=parent)
    reply = bot.one_reply(ch, parent)
    assert NATO_TITLE in reply.all_text


def test_image_and_slack_links_get_a_short_note(bot: Bot, web: ArticleServer) -> None:
    ch = new_channel(bot.slack)
    ts = bot.say(ch, f"{web.url('/image.png')}")
    assert "not an article" in bot.one_reply(ch, ts).all_text
    ts = bot.say(ch, "https://acme.slack.com/archives/C1/p123")
    assert "Slack link" in bot.one_reply(ch, ts).all_text
    assert bot.slack.reactions_on(ch, ts) == {"x"}


def test_several_links_each_summarized_up_to_the_cap(slack: FakeSlack, tmp_path: Path, web: ArticleServer) -> None:
    bot = Bot(slack, tmp_path, SUMMARYBOT_MAX_LINKS="2")
    ch = new_channel(slack)
    ts = bot.say(ch, f"{web.url('/nato')} and {web.url('/missing')} and {web.url('/nato?again')}")
    bot.run_jobs()
    replies = bot.replies(ch, ts)
    assert len(replies) == 2, slack.describe()
    assert NATO_TITLE in replies[0].all_text
    assert "couldn't summarize" in replies[1].all_text
    bot.close()


def test_auto_summarize_off_only_mentions_summarize(slack: FakeSlack, tmp_path: Path, web: ArticleServer) -> None:
    bot = Bot(slack, tmp_path, SUMMARYBOT_AUTO_SUMMARIZE="false")
    ch = new_channel(slack)
    ts = bot.say(ch, web.url("/nato"))
    bot.no_reply(ch, ts)
    ts = bot.say(ch, f"<@{BOT_USER_ID}> {web.url('/nato')}", mention=True)
    assert NATO_TITLE in bot.one_reply(ch, ts).all_text
    bot.close()


# --------------------------------------------------------------------------- questions


@pytest.fixture
def summarized(bot: Bot, web: ArticleServer) -> tuple[str, str]:
    ch = new_channel(bot.slack)
    ts = bot.say(ch, web.url("/nato"))
    bot.one_reply(ch, ts)
    return ch, ts


def _new_replies(bot: Bot, ch: str, thread: str, before: int) -> list[Message]:
    bot.run_jobs()
    return bot.replies(ch, thread)[before:]


def test_question_in_thread_gets_quoted_answer(bot: Bot, summarized: tuple[str, str]) -> None:
    ch, thread = summarized
    bot.say(ch, "What did Austin say?", thread_ts=thread)
    new = _new_replies(bot, ch, thread, 1)
    assert len(new) == 1, bot.slack.describe()
    text = new[0].all_text
    assert "> " in text and "Austin" in text
    assert "*" in text  # the answering sentence is bold
    assert "Paragraph " in text and " of " in text


def test_question_without_answer(bot: Bot, summarized: tuple[str, str]) -> None:
    ch, thread = summarized
    bot.say(ch, "What is the recipe for lemon meringue pie?", thread_ts=thread)
    new = _new_replies(bot, ch, thread, 1)
    assert [m.all_text.splitlines()[0] for m in new] == ["I couldn't find that in the article."]


def test_chatter_in_thread_is_ignored(bot: Bot, summarized: tuple[str, str]) -> None:
    ch, thread = summarized
    bot.say(ch, "nice, thanks for sharing", thread_ts=thread)
    assert bot.rt.queue.counts().get("queued", 0) == 0
    assert _new_replies(bot, ch, thread, 1) == []


def test_who_wrote_this_is_answered_from_the_byline(bot: Bot, summarized: tuple[str, str]) -> None:
    ch, thread = summarized
    bot.say(ch, "who wrote this?", thread_ts=thread)
    new = _new_replies(bot, ch, thread, 1)
    assert len(new) == 1, bot.slack.describe()
    assert new[0].text == "The article is by Tom Ozimek, published 2023-02-14."
    bot.say(ch, "when was this published?", thread_ts=thread)
    (when,) = _new_replies(bot, ch, thread, 2)
    assert "published 2023-02-14" in when.all_text


def test_question_in_thread_without_article_is_ignored(bot: Bot) -> None:
    ch = new_channel(bot.slack)
    parent = bot.say(ch, "lunch?")
    bot.say(ch, "where shall we go?", thread_ts=parent)
    bot.no_reply(ch, parent)


def test_mention_in_channel_searches_the_channels_articles(bot: Bot, summarized: tuple[str, str]) -> None:
    ch, _ = summarized
    ts = bot.say(ch, f"<@{BOT_USER_ID}> what did Austin say?", mention=True)
    reply = bot.one_reply(ch, ts)  # one: the message event with the mention is not answered too
    assert "Austin" in reply.all_text
    assert "From <" in reply.all_text and NATO_TITLE in reply.all_text  # names its article
    # the mention's thread now has the article for follow-ups
    bot.say(ch, "who is Stoltenberg?", thread_ts=ts)
    assert len(_new_replies(bot, ch, ts, 1)) == 1


def test_mention_with_no_article_says_so(bot: Bot) -> None:
    ch = new_channel(bot.slack)
    ts = bot.say(ch, f"<@{BOT_USER_ID}> what did Austin say?", mention=True)
    assert "don't have an article" in bot.one_reply(ch, ts).all_text


def test_dm_link_then_question_outside_thread(bot: Bot, web: ArticleServer) -> None:
    dm = new_channel(bot.slack, "D", user=USER_ID)
    ts = bot.say(dm, web.url("/nato"))
    assert NATO_TITLE in bot.one_reply(dm, ts).all_text
    q = bot.say(dm, "what did Austin say")
    assert "Austin" in bot.one_reply(dm, q).all_text


def test_articles_do_not_cross_channels_or_teams(bot: Bot, summarized: tuple[str, str]) -> None:
    ch, thread = summarized
    other = new_channel(bot.slack)
    ts = bot.say(other, f"<@{BOT_USER_ID}> what did Austin say?", mention=True)
    assert "don't have an article" in bot.one_reply(other, ts).all_text
    # the same channel id and thread in another workspace
    bot.slack.add_team("T0OTHER01", BOT_TOKEN + "-x")
    bot.event({"type": "message", "channel": ch, "user": "U0EVE", "text": "what did Austin say?",
               "ts": bot.slack.next_ts(), "thread_ts": thread, "channel_type": "channel"}, team="T0OTHER01")
    assert bot.rt.queue.counts().get("queued", 0) == 0


# --------------------------------------------------------------------------- not for us


def test_own_and_edited_messages_are_ignored(bot: Bot, web: ArticleServer) -> None:
    ch = new_channel(bot.slack)
    url = f"<{web.url('/nato')}>"
    for event in (
        {"type": "message", "channel": ch, "bot_id": BOT_ID, "text": url, "ts": bot.slack.next_ts()},
        {"type": "message", "subtype": "bot_message", "channel": ch, "text": url, "ts": bot.slack.next_ts()},
        {"type": "message", "channel": ch, "user": BOT_USER_ID, "text": url, "ts": bot.slack.next_ts()},
        {"type": "message", "subtype": "message_changed", "channel": ch, "ts": bot.slack.next_ts(),
         "message": {"user": USER_ID, "text": url, "ts": "1.0"}},
        {"type": "reaction_added", "user": USER_ID, "reaction": "eyes",
         "item": {"type": "message", "channel": ch, "ts": "1.0"}},
    ):
        assert bot.event(event).status == 200
    assert bot.rt.queue.counts().get("queued", 0) == 0
    assert bot.run_jobs() == 0


def test_retried_delivery_gives_one_reply(bot: Bot, web: ArticleServer) -> None:
    ch = new_channel(bot.slack)
    eid = new_event_id()
    ts = bot.say(ch, web.url("/nato"), event_id=eid)
    event = {"type": "message", "channel": ch, "user": USER_ID, "text": f"<{web.url('/nato')}>",
             "ts": ts, "channel_type": "channel"}
    for n in (1, 2):
        assert bot.event(event, event_id=eid, headers=retry_headers(n)).status == 200
    bot.one_reply(ch, ts)


def test_bad_signature_is_refused_and_nothing_stored(bot: Bot, web: ArticleServer) -> None:
    ch = new_channel(bot.slack)
    body = json.dumps(event_callback({"type": "message", "channel": ch, "user": USER_ID,
                                      "text": f"<{web.url('/nato')}>", "ts": bot.slack.next_ts()}))
    headers = {**sign(body.encode(), "not-the-secret"), "content-type": "application/json"}
    assert bot.rt.app.dispatch(BoltRequest(body=body, headers=headers)).status == 401
    stale = {**sign(body.encode(), SIGNING_SECRET, int(time.time()) - 6 * 60), "content-type": "application/json"}
    assert bot.rt.app.dispatch(BoltRequest(body=body, headers=stale)).status == 401
    assert bot.rt.queue.counts() == {} or sum(bot.rt.queue.counts().values()) == 0


def test_file_share_is_downloaded_with_the_bot_token(bot: Bot, fixtures: Path) -> None:
    ch = new_channel(bot.slack)
    f = bot.slack.add_file("nato.txt", (fixtures / "nato_offensive.txt").read_bytes(), "text/plain")
    ts = bot.say(ch, "", files=[f])
    reply = bot.one_reply(ch, ts)
    assert "• " in reply.all_text and "nato.txt" in reply.all_text
    assert bot.slack.downloads and all(ok for _, ok in bot.slack.downloads)


def test_unsupported_or_huge_file_gets_a_note(bot: Bot) -> None:
    ch = new_channel(bot.slack)
    f = bot.slack.add_file("clip.mp4", b"\x00\x00\x00\x18ftypmp42", "video/mp4")
    ts = bot.say(ch, "", files=[f])
    reply = bot.one_reply(ch, ts)
    # one line, the file named once: not "I couldn't summarize x: I can't summarize x: ..."
    assert reply.text == (
        "I couldn't summarize clip.mp4: I read text, Markdown, HTML, PDF and Word (.docx) "
        "files, and this is not one of them."
    )
    big = {**bot.slack.add_file("big.pdf", b"%PDF-1.4", "application/pdf"), "size": 10**9}
    ts = bot.say(ch, "", files=[big])
    assert bot.one_reply(ch, ts).text == (
        "I couldn't summarize big.pdf: it is 1000.0 MB; the limit is 15.0 MB."
    )


# --------------------------------------------------------------------------- /summary


def _ack_text(response: Any) -> str:
    body = response.body
    return json.loads(body).get("text", "") if body.startswith("{") else body


@pytest.mark.parametrize("text", ["help", "http://x.test/a 0", "http://x.test/a two", "one two"])
def test_summary_help_and_bad_arguments_are_ephemeral(bot: Bot, text: str) -> None:
    ch = new_channel(bot.slack)
    response = bot.command(ch, text)
    assert response.status == 200
    assert json.loads(response.body)["response_type"] == "ephemeral"
    assert "/summary URL [N]" in _ack_text(response)
    assert bot.run_jobs() == 0


def test_summary_url_posts_top_level_then_thread_answers(bot: Bot, web: ArticleServer) -> None:
    ch = new_channel(bot.slack)
    response = bot.command(ch, f"{web.url('/nato')} 2")
    assert response.status == 200
    reply = bot.one_reply(ch, None)
    assert _bullets(reply) == 2
    bot.say(ch, "What did Austin say?", thread_ts=reply.ts)
    assert len(_new_replies(bot, ch, reply.ts, 0)) == 1


def test_summary_alone_resummarizes_latest(bot: Bot, summarized: tuple[str, str]) -> None:
    ch, _ = summarized
    bot.command(ch, "")
    assert NATO_TITLE in bot.one_reply(ch, None).all_text


def test_summary_alone_without_article_explains(bot: Bot) -> None:
    ch = new_channel(bot.slack)
    bot.command(ch, "")
    bot.run_jobs()
    posts = [p for p in bot.slack.response_posts if p.channel == ch]
    assert len(posts) == 1 and posts[0].ephemeral and "no article" in posts[0].all_text


def test_summary_where_bot_is_not_member_uses_response_url(bot: Bot, web: ArticleServer) -> None:
    ch = new_channel(bot.slack, member=False)
    bot.command(ch, web.url("/nato"))
    bot.run_jobs()
    posts = [p for p in bot.slack.response_posts if p.channel == ch]
    assert len(posts) == 1 and not posts[0].ephemeral
    assert NATO_TITLE in posts[0].all_text and "invite" in posts[0].all_text
    # no buttons: no thread of the bot's and no stored article, so a click could only fail
    assert not [b for b in posts[0].body.get("blocks") or [] if b.get("type") == "actions"]


# --------------------------------------------------------------------------- HTTP edge


def _wsgi(app: WebApp, method: str, path: str, body: bytes = b"", **headers: str) -> tuple[str, bytes]:
    seen: dict[str, str] = {}
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "SERVER_PROTOCOL": "HTTP/1.1",
               "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "QUERY_STRING": "",
               **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}}
    if "HTTP_CONTENT_TYPE" in environ:
        environ["CONTENT_TYPE"] = environ.pop("HTTP_CONTENT_TYPE")
    out = b"".join(app(environ, lambda status, _h: seen.setdefault("status", status)))
    return seen["status"], out


def test_http_edges(bot: Bot) -> None:
    app = WebApp(bot.rt)
    status, body = _wsgi(app, "GET", "/healthz")
    assert status.startswith("200") and json.loads(body)["ok"] is True
    big = b"{" + b" " * MAX_BODY + b"}"
    assert _wsgi(app, "POST", "/slack/events", big, **sign(big))[0].startswith("413")
    bad = b'{"type": "event_callback", '
    assert _wsgi(app, "POST", "/slack/events", bad, **{**sign(bad), "content-type": "application/json"})[0].startswith("400")
    challenge = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"}).encode()
    status, body = _wsgi(app, "POST", "/slack/events", challenge, **{**sign(challenge), "content-type": "application/json"})
    assert status.startswith("200") and b"abc123" in body
    unknown = json.dumps(event_callback({"type": "brand_new_event", "x": 1})).encode()
    assert _wsgi(app, "POST", "/slack/events", unknown, **{**sign(unknown), "content-type": "application/json"})[0].startswith("200")
    assert _wsgi(app, "GET", "/slack/install")[0].startswith("404")  # single workspace: no OAuth
    assert sum(bot.rt.queue.counts().values()) == 0


# --------------------------------------------------------------------------- multi-workspace


def test_oauth_install_then_uninstall(slack: FakeSlack, tmp_path: Path, web: ArticleServer) -> None:
    bot = Bot(slack, tmp_path, SLACK_BOT_TOKEN="", SLACK_CLIENT_ID=CLIENT_ID, SLACK_CLIENT_SECRET=CLIENT_SECRET)
    app = WebApp(bot.rt)
    status, page = _wsgi(app, "GET", "/slack/install")
    assert status.startswith("200") and b"slack.com/oauth/v2/authorize" in page
    state = re.search(rb"state=([\w-]+)", page).group(1).decode()
    team = "T0OAUTH01"
    token = slack.add_oauth_code("code-1", team)
    environ_cookie = {"cookie": f"slack-app-oauth-state={state}"}
    seen: dict[str, str] = {}
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/slack/oauth_redirect", "SERVER_PROTOCOL": "HTTP/1.1",
               "QUERY_STRING": f"code=code-1&state={state}", "wsgi.input": io.BytesIO(b""),
               "HTTP_COOKIE": environ_cookie["cookie"]}
    b"".join(app(environ, lambda st, _h: seen.setdefault("status", st)))
    assert seen["status"].startswith("200"), seen
    assert bot.rt.installation_store.find_bot(enterprise_id=None, team_id=team).bot_token == token
    # the new workspace's messages are answered with its own token
    ch = new_channel(slack, team=team)
    ts = bot.say(ch, web.url("/nato"), team=team)
    reply = bot.one_reply(ch, ts)
    assert NATO_TITLE in reply.all_text
    assert {c.token for c in slack.posts(ch)} == {token}
    assert bot.rt.store.latest_article(team, ch) is not None
    # uninstall: the installation and the team's articles are gone
    assert bot.event({"type": "app_uninstalled"}, team=team).status == 200
    assert bot.rt.installation_store.find_bot(enterprise_id=None, team_id=team) is None
    assert bot.rt.store.latest_article(team, ch) is None
    bot.close()


def test_missing_credentials_are_config_errors(slack: FakeSlack, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
        Bot(slack, tmp_path, SLACK_BOT_TOKEN="")
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        Bot(slack, tmp_path, SLACK_SIGNING_SECRET="")


# --------------------------------------------------------------------------- reading messages


@pytest.mark.parametrize("text, expected", [
    ("What did Austin say", True),
    ("who is Stoltenberg", True),
    ("tell me about the tanks", True),
    ("summarize", True),
    ("the tanks arrive in May?", True),
    (f"<@{BOT_USER_ID}> how many tanks", True),
    ("nice article, thanks", False),
    ("lol", False),
    ("", False),
    ("Whatever.", False),
])
def test_question_detection(text: str, expected: bool) -> None:
    assert is_question(text) is expected


def test_links_in_slack_markup_and_bare() -> None:
    text = "see <https://a.test/x?a=1&amp;b=2|label> and https://b.test/y. also <https://a.test/x?a=1&amp;b=2>"
    assert extract_links(text) == ["https://a.test/x?a=1&b=2", "https://b.test/y"]
    assert extract_links("<mailto:x@y.z> <#C123|general> <@U1>") == []
    assert extract_links(" ".join(f"https://s{i}.test/" for i in range(9)), limit=3) == [
        "https://s0.test/", "https://s1.test/", "https://s2.test/"]


def test_thread_choice() -> None:
    assert thread_of({"ts": "1.1"}) == "1.1"
    assert thread_of({"ts": "2.2", "thread_ts": "1.1"}) == "1.1"


@pytest.mark.parametrize("text, action, url, n", [
    ("", "latest", None, None),
    ("   ", "latest", None, None),
    ("help", "help", None, None),
    ("https://x.test/a", "summarize", "https://x.test/a", None),
    ("<https://x.test/a> 7", "summarize", "https://x.test/a", 7),
    ("4 https://x.test/a", "summarize", "https://x.test/a", 4),
    ("3", "latest", None, 3),
])
def test_summary_arguments(text: str, action: str, url: str | None, n: int | None) -> None:
    parsed = parse_summary_command(text)
    assert (parsed.action, parsed.url, parsed.sentences) == (action, url, n)


@pytest.mark.parametrize("text", ["0", "21", "https://x.test/a 5 6", "please", "https://a.test https://b.test"])
def test_summary_bad_arguments(text: str) -> None:
    with pytest.raises(UsageError):
        parse_summary_command(text)
