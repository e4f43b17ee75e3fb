"""Clicks on a summary's buttons: Shorter and Longer replace the summary in place with
fewer or more sentences; Who said what posts the article's quotes, grouped by speaker,
in the thread."""

from __future__ import annotations

from bot.answering.attribution import quotes_by_speaker
from bot.jobs.payloads import ActionJob
from bot.slack.blocks import LONGER, QUOTES, SHORTER, quotes_message
from bot.slack.handlers.summarize import summary, summary_length
from bot.slack.handlers.turn import Turn

STEP = 2  # sentences a click takes away or adds
GONE = "That article is no longer stored here, so I can't change its summary."


def run(turn: Turn, p: ActionJob) -> None:
    article = turn.store.article_for_thread(p.team_id, p.channel, p.thread_ts)
    if article is None:
        turn.respond(p.response_url, "ephemeral", GONE)
        return
    if p.action_id == QUOTES:
        groups = quotes_by_speaker([para.text for para in article.document.paragraphs])
        turn.post_all("quotes", p.channel, p.thread_ts, quotes_message(groups, article.title))
        return
    if p.action_id not in (SHORTER, LONGER):
        return
    current = p.sentences or summary_length(turn, p.team_id, p.channel)
    # summary() keeps the length between 1 and the most a summary may have
    made = summary(turn, article.document, current - STEP if p.action_id == SHORTER else current + STEP)
    # the clicked message becomes the new summary; a click that is redelivered finds its
    # job already done (dedupe), and re-running an update is harmless
    first = made.messages[0]
    turn.web.update_message(p.channel, p.message_ts, text=first.text, blocks=first.blocks)
