"""The /summary slash command, over signed HTTP, as Slack sends it."""

from __future__ import annotations

import pytest
from e2e_harness import Conversation
from e2e_support import NATO_TITLE, assert_answer, assert_summary, is_summary
from fakes.articles import ArticleServer
from fakes.slack import FakeSlack

pytestmark = pytest.mark.e2e


def _output_after(convo: Conversation, channel: str, since: str, ephemerals_before: int,
                  timeout: float = 30.0) -> str:
    """Whatever the bot shows next in `channel`: a new message (anywhere in the
    channel, threads included) or an ephemeral one. Exactly one of them."""
    slack = convo.slack

    def new_outputs() -> list[str]:
        msgs = [m.all_text for m in slack.bot_messages(channel) if float(m.ts) > float(since)]
        ephs = [e.all_text for e in slack.ephemerals_for(channel)[ephemerals_before:]]
        return msgs + ephs

    slack.wait_for(new_outputs, timeout, f"output of /summary in {channel}")
    if not slack.holds_for(lambda: len(new_outputs()) > 1, 1.5):
        pytest.fail(f"/summary answered more than once: {[t[:150] for t in new_outputs()]}")
    return new_outputs()[0]


def test_summary_url_posts_in_channel_and_its_thread_takes_questions(
        convo: Conversation, web: ArticleServer, slack: FakeSlack, new_channel) -> None:
    channel = new_channel()
    since = slack.next_ts()
    res = convo.command(channel, web.url("/nato"))
    assert res.status == 200
    post = convo.expect_one_reply(channel, since=since)
    assert_summary(post.all_text, source=web.url("/nato"))
    assert post.thread_ts is None, "the summary should be a top-level post whose thread is Q&A"
    convo.send_message(channel, "What did Austin say?", thread_ts=post.ts)
    answer = convo.expect_one_reply(channel, post.ts)
    assert_answer(answer.all_text, "Austin")


def test_summary_url_with_sentence_count(convo: Conversation, web: ArticleServer,
                                         slack: FakeSlack, new_channel) -> None:
    channel = new_channel()
    since = slack.next_ts()
    convo.command(channel, f"{web.url('/nato')} 2")
    post = convo.expect_one_reply(channel, since=since)
    # fallback text and blocks may both list the bullets: count distinct ones
    bullets = {line.strip() for line in post.all_text.splitlines()
               if line.lstrip().startswith(("•", "- "))}
    assert len(bullets) == 2, post.all_text


def test_summary_alone_resummarizes_the_latest_article(convo: Conversation, web: ArticleServer,
                                                       slack: FakeSlack, new_channel) -> None:
    channel = new_channel()
    ts = convo.send_message(channel, web.url("/nato"))
    convo.expect_one_reply(channel, ts)
    since = slack.next_ts()
    eph = len(slack.ephemerals_for(channel))
    convo.command(channel, "")
    text = _output_after(convo, channel, since, eph)
    assert is_summary(text), text


def test_summary_alone_without_any_article_says_so_privately(
        convo: Conversation, slack: FakeSlack, new_channel) -> None:
    channel = new_channel()
    since = slack.next_ts()
    convo.command(channel, "")
    eph = convo.expect_ephemeral(channel)
    assert not is_summary(eph.all_text)
    convo.expect_no_reply(channel, since=since, within=1.0)


@pytest.mark.parametrize("args", ["help", "banana split", "https://example.com/a 0 extra"])
def test_help_and_bad_arguments_get_ephemeral_usage(args: str, convo: Conversation,
                                                    slack: FakeSlack, new_channel) -> None:
    channel = new_channel()
    since = slack.next_ts()
    res = convo.command(channel, args)
    assert res.status == 200
    eph = convo.expect_ephemeral(channel)
    assert "/summary" in eph.all_text, eph.all_text
    convo.expect_no_reply(channel, since=since, within=1.0)


def test_summary_in_a_channel_without_the_bot_uses_response_url(
        convo: Conversation, web: ArticleServer, slack: FakeSlack, new_channel) -> None:
    channel = new_channel()
    slack.add_channel(channel, member=False)
    res = convo.command(channel, web.url("/nato"))
    assert res.status == 200
    slack.wait_for(lambda: [p for p in slack.response_posts if p.channel == channel
                            and not p.ephemeral], 30, "an in_channel response_url post")
    posts = [p for p in slack.response_posts if p.channel == channel and not p.ephemeral]
    assert NATO_TITLE.split(",")[0] in posts[0].all_text
    assert "invite" in " ".join(p.all_text for p in slack.response_posts
                                if p.channel == channel).lower() or \
        "invite" in " ".join(e.all_text for e in slack.ephemerals_for(channel)).lower()
    assert convo.bot.healthz().status_code == 200
