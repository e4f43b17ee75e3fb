"""People talk to the real `summarybot serve` process through (fake) Slack:
links, questions, files, mentions, DMs, retries, rate limits and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_harness import Conversation
from e2e_support import (
    NATO_TITLE,
    NOT_FOUND_RE,
    assert_answer,
    assert_not_found,
    assert_summary,
    is_summary,
    make_docx,
    make_pdf,
    nato_paragraphs,
)
from fakes.articles import ArticleServer
from fakes.slack import BOT_TOKEN, FakeSlack

pytestmark = pytest.mark.e2e


def summarized_thread(convo: Conversation, web: ArticleServer, channel: str,
                      text: str = "Worth a read: {url}") -> str:
    """Post the NATO link in `channel`; returns the thread ts once it is summarized."""
    ts = convo.send_message(channel, text.format(url=web.url("/nato")))
    reply = convo.expect_one_reply(channel, ts)
    assert_summary(reply.all_text, source=web.url("/nato"))
    return ts


def test_link_gets_a_summary_in_its_thread(convo: Conversation, web: ArticleServer,
                                           slack: FakeSlack, new_channel) -> None:
    channel = new_channel()
    ts = convo.send_message(channel, f"Worth a read: {web.url('/nato')}")
    reply = convo.expect_one_reply(channel, ts)
    assert_summary(reply.all_text, source=web.url("/nato"))
    assert reply.thread_ts == ts
    assert any(path == "/nato" for _, path, _ in web.requests)
    # feedback on the triggering message: working, then done
    slack.wait_for(lambda: "white_check_mark" in slack.reactions_on(channel, ts), 10,
                   "the done reaction")
    assert ("add", channel, ts, "hourglass_flowing_sand") in slack.reactions
    assert "hourglass_flowing_sand" not in slack.reactions_on(channel, ts)
    # every post carries the metadata that makes replies exactly-once across crashes
    post = next(c for c in slack.posts(channel) if c.ok)
    meta = post.response["message"].get("metadata") or {}
    assert meta.get("event_type") == "summarybot_reply", post.params
    # the bot's own summary (echoed back as Slack does) must not trigger anything
    convo.expect_no_reply(channel, since=ts, within=1.0)


def test_austin_question_gets_the_quoted_paragraph(convo: Conversation, web: ArticleServer,
                                                   new_channel) -> None:
    channel = new_channel()
    thread = summarized_thread(convo, web, channel)
    before = {m.ts for m in convo.replies(channel, thread)}
    asked = convo.send_message(channel, "What did Austin say?", thread_ts=thread)
    reply = _next_reply(convo, channel, thread, before)
    assert_answer(reply.all_text, "Austin")
    assert "Austin told reporters" in reply.all_text or "shared resolve" in reply.all_text, \
        reply.all_text
    assert float(reply.ts) > float(asked)


def test_asking_what_the_article_is_about_gets_its_summary(
    convo: Conversation, web: ArticleServer, new_channel
) -> None:
    # a question about the whole article: one paragraph would not answer it
    channel = new_channel()
    thread = summarized_thread(convo, web, channel)
    before = {m.ts for m in convo.replies(channel, thread)}
    convo.send_message(channel, "so what's this about?", thread_ts=thread)
    reply = _next_reply(convo, channel, thread, before)
    assert_summary(reply.all_text, source=web.url("/nato"))


def test_a_question_naming_a_section_gets_that_section(
    convo: Conversation, web: ArticleServer, new_channel
) -> None:
    # the headings survive the store: the thread's question is answered from the stored article
    recipe = Path(__file__).parents[1] / "fixtures" / "recipe.html"
    web.add("/bhindi", recipe.read_bytes(), "text/html; charset=utf-8")
    channel = new_channel()
    thread = convo.send_message(channel, f"Dinner tonight: {web.url('/bhindi')}")
    assert_summary(convo.expect_one_reply(channel, thread).all_text, title="Bhindi masala recipe",
                   source=web.url("/bhindi"))
    before = {m.ts for m in convo.replies(channel, thread)}
    convo.send_message(channel, "What ingredients do I need?", thread_ts=thread)
    text = _next_reply(convo, channel, thread, before).all_text
    assert text.startswith("From the section “Ingredients”:"), text
    assert "200 g okra" in text and "2 medium tomatoes" in text, text
    assert not NOT_FOUND_RE.search(text), text


def _next_reply(convo: Conversation, channel: str, thread: str, before: set[str]):
    """Exactly one new reply in a thread that already has some."""
    convo.slack.wait_for(lambda: [m for m in convo.replies(channel, thread) if m.ts not in before],
                         30, f"a new reply in {thread}")
    if not convo.slack.holds_for(
            lambda: len([m for m in convo.replies(channel, thread) if m.ts not in before]) > 1,
            1.0):
        texts = [m.all_text[:200] for m in convo.replies(channel, thread) if m.ts not in before]
        pytest.fail(f"expected one new reply, got {texts}\n{convo.slack.describe()}")
    return next(m for m in convo.replies(channel, thread) if m.ts not in before)


def test_question_without_answer_says_so(convo: Conversation, web: ArticleServer,
                                         new_channel) -> None:
    channel = new_channel()
    thread = summarized_thread(convo, web, channel)
    before = {m.ts for m in convo.replies(channel, thread)}
    convo.send_message(channel, "What is the boiling point of mercury?", thread_ts=thread)
    reply = _next_reply(convo, channel, thread, before)
    assert_not_found(reply.all_text)


def test_chatter_in_the_thread_gets_no_reply(convo: Conversation, web: ArticleServer,
                                             new_channel) -> None:
    channel = new_channel()
    thread = summarized_thread(convo, web, channel)
    count = len(convo.replies(channel, thread))
    convo.send_message(channel, "thanks, nice article", thread_ts=thread)
    convo.send_message(channel, "lol agreed", thread_ts=thread)
    assert convo.slack.holds_for(lambda: len(convo.replies(channel, thread)) > count, 3.0), \
        [m.all_text[:100] for m in convo.replies(channel, thread)]
    # and a top-level message without a link or a mention is left alone too
    ts = convo.send_message(channel, "good morning everyone")
    convo.expect_no_reply(channel, ts, within=1.5)


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_shared_file_is_summarized_and_questionable(kind: str, convo: Conversation,
                                                    slack: FakeSlack, new_channel) -> None:
    channel = new_channel()
    paragraphs = nato_paragraphs()
    if kind == "pdf":
        data, mime, name = make_pdf(NATO_TITLE, paragraphs), "application/pdf", "nato.pdf"
    else:
        data = make_docx(NATO_TITLE, paragraphs)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        name = "nato.docx"
    ts = convo.share_file(channel, name, data, mime, text="the briefing")
    reply = convo.expect_one_reply(channel, ts)
    assert_summary(reply.all_text)
    file_id = next(f for f in slack.files.values() if f.name == name and f.data == data).id
    downloads = [ok for fid, ok in slack.downloads if fid == file_id]
    assert downloads and all(downloads), \
        f"the file was fetched without the bot token: {slack.downloads}"
    before = {m.ts for m in convo.replies(channel, ts)}
    convo.send_message(channel, "What did Austin say?", thread_ts=ts)
    assert_answer(_next_reply(convo, channel, ts, before).all_text, "Austin")


def test_image_link_and_missing_page_get_a_short_note(convo: Conversation, web: ArticleServer,
                                                      new_channel) -> None:
    channel = new_channel()
    for path in ("/image.png", "/no-such-page"):
        ts = convo.send_message(channel, f"look {web.url(path)}")
        reply = convo.expect_one_reply(channel, ts)
        assert not is_summary(reply.all_text), reply.all_text
        assert "Traceback" not in reply.all_text and BOT_TOKEN not in reply.all_text


def test_mention_in_channel_answers_from_the_channels_articles(
        convo: Conversation, web: ArticleServer, new_channel) -> None:
    channel = new_channel()
    summarized_thread(convo, web, channel)
    ts = convo.mention(channel, "what did Austin say?")
    reply = convo.expect_one_reply(channel, ts).all_text
    quoted = [line for line in reply.splitlines() if line.startswith(">")]
    assert any("Austin" in line and "*" in line for line in quoted), reply
    assert f"|{NATO_TITLE}>" in reply  # each quote names the article it is from


def test_mention_with_a_link_summarizes_it(convo: Conversation, web: ArticleServer,
                                           new_channel) -> None:
    channel = new_channel()
    ts = convo.mention(channel, f"summarize {web.url('/nato')} please")
    reply = convo.expect_one_reply(channel, ts)
    assert_summary(reply.all_text, source=web.url("/nato"))


def test_direct_message_link_then_question(convo: Conversation, web: ArticleServer,
                                           new_channel) -> None:
    dm = new_channel("D")
    ts = convo.send_message(dm, web.url("/nato"))
    assert_summary(convo.expect_one_reply(dm, ts).all_text)
    # a question in the DM, not in the thread: across the DM's articles, each named
    q = convo.send_message(dm, "What did Austin say?")
    answer = convo.expect_one_reply(dm, q).all_text
    assert any(line.startswith(">") and "Austin" in line for line in answer.splitlines())
    assert answer.count(f"|{NATO_TITLE}>") == 1, answer  # quotes of one article: named once


def test_event_delivered_three_times_gets_one_reply(convo: Conversation, web: ArticleServer,
                                                    new_channel) -> None:
    channel = new_channel()
    text = f"<{web.url('/nato')}>"
    ts = convo.send_message(channel, web.url("/nato"), deliver=False)
    payloads = convo.events_for(channel, ts, text)
    for payload in payloads:
        convo.deliver(payload)
    for retry in (1, 2):
        for payload in payloads:
            convo.deliver(payload, retry=retry)
    reply = convo.expect_one_reply(channel, ts, settle=3.0)
    assert NATO_TITLE.split(",")[0] in reply.all_text


def test_rate_limited_post_still_gives_one_reply(convo: Conversation, web: ArticleServer,
                                                 slack: FakeSlack, new_channel) -> None:
    channel = new_channel()
    slack.fail_next("chat.postMessage", status=429, retry_after=1, channel=channel)
    ts = convo.send_message(channel, web.url("/nato"))
    reply = convo.expect_one_reply(channel, ts, settle=2.0)
    assert_summary(reply.all_text)
    statuses = [c.status for c in slack.posts(channel)]
    assert statuses[:2] == [429, 200], statuses
    limited, ok = slack.posts(channel)[:2]
    assert ok.time - limited.time >= 0.9, "the bot did not wait for Retry-After"


def test_not_in_channel_is_logged_and_the_bot_stays_up(convo: Conversation, web: ArticleServer,
                                                       slack: FakeSlack, new_channel) -> None:
    channel = new_channel()
    slack.add_channel(channel, member=False)
    ts = convo.send_message(channel, web.url("/nato"))
    slack.wait_for(lambda: any(c.response.get("error") == "not_in_channel"
                               for c in slack.posts(channel)), 30, "a refused post")
    # no loop of retries against a channel the bot is not in
    assert slack.holds_for(lambda: len(slack.posts(channel)) > 2, 3.0), \
        f"{len(slack.posts(channel))} posts to a channel the bot is not in"
    assert convo.bot.healthz().status_code == 200
    assert not convo.replies(channel, ts)
    assert "not_in_channel" in convo.bot.logs(400) or channel in convo.bot.logs(400)
