"""The "Summarize" message shortcut: the message's link or file, or its own text when it
is long enough to summarize, summarized in that message's thread."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.errors import FetchError, InputError
from bot.jobs.payloads import ShortcutJob, SummarizeJob
from bot.reading.sources import read_bytes
from bot.slack.blocks import escape, note_message
from bot.slack.handlers import summarize
from bot.slack.handlers.summarize import keep_article, prepare_answers, summary, summary_length
from bot.slack.handlers.turn import Turn
from bot.slack.parse import strip_links, strip_mentions

log = logging.getLogger(__name__)

MIN_WORDS = 60  # a message shorter than this (and without a link or file) has no point to find
MESSAGE_TITLE = "The message, summarized"
NOTHING = ("There's nothing to summarize in that message: it has no link or file, and it "
           f"is shorter than {MIN_WORDS} words.")


def run(turn: Turn, p: ShortcutJob) -> None:
    if p.links or p.files:
        # the same work as a link posted in the channel, in that message's thread
        summarize.run(turn, SummarizeJob(
            team_id=p.team_id, enterprise_id=p.enterprise_id, channel=p.channel, user=p.user,
            ts=p.ts, thread_ts=p.thread_ts, in_thread=p.in_thread, links=p.links, files=p.files,
        ))
        return
    text = strip_links(strip_mentions(p.text)).strip()
    if len(text.split()) < MIN_WORDS:
        turn.respond(p.response_url, "ephemeral", NOTHING)
        return
    try:
        document = read_bytes(text.encode("utf-8"), name="message.txt", source="a Slack message")
        if not document.title:
            document = replace(document, title=MESSAGE_TITLE)
    except (InputError, FetchError) as err:
        turn.respond(p.response_url, "ephemeral", f"I couldn't summarize that message: {escape(str(err))}")
        return
    made = summary(turn, document, summary_length(turn, p.team_id, p.channel))
    keep_article(turn, team=p.team_id, channel=p.channel, thread=p.thread_ts, document=document,
                 summary_line=made.line, channel_type=p.channel_type, user=p.user)
    turn.post_all("summary", p.channel, p.thread_ts, made.messages or [note_message(NOTHING)])
    prepare_answers(turn, p.team_id, p.channel, p.thread_ts)
