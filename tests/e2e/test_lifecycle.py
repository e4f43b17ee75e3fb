"""Processes coming and going: a restart between summary and question, SIGTERM,
and `summarybot socket` against the fake Socket Mode server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from e2e_harness import BotProcess, Conversation
from e2e_support import assert_answer, assert_summary
from fakes.articles import ArticleServer
from fakes.slack import FakeSlack

pytestmark = pytest.mark.e2e


def test_question_after_a_restart_is_answered_from_the_database(
        slack: FakeSlack, web: ArticleServer, bot_factory: Callable[..., BotProcess],
        tmp_path: Path, new_channel) -> None:
    data = tmp_path / "shared-db"
    channel = new_channel()
    first = bot_factory(data_dir=data)
    convo = Conversation(slack, first)
    try:
        thread = convo.send_message(channel, web.url("/nato"))
        assert_summary(convo.expect_one_reply(channel, thread).all_text)
        assert first.stop() == 0, first.logs()
        second = bot_factory(data_dir=data)
        convo.bot = second
        convo.send_message(channel, "What did Austin say?", thread_ts=thread)
        replies = slack.wait_for(lambda: convo.replies(channel, thread)[1:], 30,
                                 "an answer after the restart")
        assert slack.holds_for(lambda: len(convo.replies(channel, thread)) > 2, 1.5), \
            [m.all_text[:100] for m in convo.replies(channel, thread)]
        assert_answer(replies[0].all_text, "Austin")
    finally:
        convo.close()


def test_socket_mode_link_gets_a_summary_and_envelopes_are_acked(
        slack: FakeSlack, web: ArticleServer, bot_factory: Callable[..., BotProcess],
        new_channel) -> None:
    proc = bot_factory(mode="socket")
    convo = Conversation(slack, proc, transport="socket")
    try:
        acks_before = len(slack.socket.acks)
        channel = new_channel()
        thread = convo.send_message(channel, f"have a look {web.url('/nato')}")
        assert len(slack.socket.acks) > acks_before, "the envelope was not acked"
        assert_summary(convo.expect_one_reply(channel, thread).all_text,
                       source=web.url("/nato"))
        convo.send_message(channel, "What did Austin say?", thread_ts=thread)
        replies = slack.wait_for(lambda: convo.replies(channel, thread)[1:], 30, "an answer")
        assert_answer(replies[0].all_text, "Austin")
        # a slash command over the socket: acked (possibly with a payload) in time
        res = convo.command(channel, "help")
        assert res.status == 200
        convo.expect_ephemeral(channel)
        # a button click over the socket: an interactive envelope, acked, edited once
        summary = convo.replies(channel, thread)[0]
        before = summary.all_text.count("• ")
        convo.click_twice(summary, "summary_longer")
        edit = convo.expect_one_edit(summary)
        assert edit.all_text.count("• ") > before
    finally:
        convo.close()
    assert proc.stop() == 0, proc.logs()
    assert "xapp-" not in proc.logs(1000) and "xoxb-" not in proc.logs(1000), \
        "a token appears in the logs"
