"""/summary: summarize a URL or the channel's latest article again (in the channel),
search the channel's articles, or show and change the channel's settings (answered
through the command's response_url, seen only by whoever typed it)."""

from __future__ import annotations

import logging

from bot.errors import FetchError, InputError
from bot.jobs.payloads import CommandJob
from bot.slack.blocks import escape, note_message, search_message, settings_message
from bot.slack.handlers.reading import read_link
from bot.slack.handlers.summarize import keep_article, prepare_answers, summary, summary_length
from bot.slack.handlers.turn import Turn
from bot.slack.parse import USAGE
from bot.slack.web import SlackCallError

log = logging.getLogger(__name__)

INVITE_NOTE = (
    "Questions need me in the channel: invite me with `/invite @summarybot`, "
    "then ask in the summary's thread."
)
SEARCH_RESULTS = 10


def run(turn: Turn, p: CommandJob) -> SlackCallError | None:
    """Do what the command asks; when the bot is not in the channel, answer through
    the command's response_url instead and return Slack's refusal (for the log)."""
    if p.action == "search":
        _search(turn, p)
        return None
    if p.action == "settings":
        _settings(turn, p)
        return None
    if p.action == "summarize":
        try:
            document = read_link(str(p.url), turn.policy)
        except (InputError, FetchError) as err:
            turn.respond(
                p.response_url, "ephemeral",
                f"I couldn't summarize <{escape(str(p.url))}>: {escape(str(err))}",
            )
            return None
    else:
        article = turn.store.latest_article(p.team_id, p.channel)
        if article is None:
            turn.respond(
                p.response_url, "ephemeral", "There is no article in this channel yet.\n" + USAGE
            )
            return None
        document = article.document
    made = summary(turn, document, summary_length(turn, p.team_id, p.channel, p.sentences))
    try:
        ts = turn.post_all("summary", p.channel, None, made.messages)
    except SlackCallError as err:
        if err.code not in {"not_in_channel", "channel_not_found"}:
            raise
        # not a member: answer through the command's response_url instead
        first = made.messages[0]
        # no buttons: without a message of its own the bot keeps no article to resize,
        # and it could not post in the thread anyway
        kept = [b for b in first.blocks if b.get("type") != "actions"]
        blocks = [*kept[:49], *note_message(INVITE_NOTE).blocks][:50]
        turn.respond(p.response_url, "in_channel", first.text, blocks)
        return err
    keep_article(
        turn, team=p.team_id, channel=p.channel, thread=ts, document=document,
        summary_line=made.line, channel_type=p.channel_type, user=p.user,
    )
    prepare_answers(turn, p.team_id, p.channel, ts)
    return None


def _search(turn: Turn, p: CommandJob) -> None:
    found = turn.store.search_articles(p.team_id, p.channel, p.words, limit=SEARCH_RESULTS)
    message = search_message(p.words, found)
    turn.respond(p.response_url, "ephemeral", message.text, list(message.blocks))


def _settings(turn: Turn, p: CommandJob) -> None:
    store = turn.store
    changed = ""
    if p.auto_summarize is not None:
        store.set_channel_settings(p.team_id, p.channel, auto_summarize=p.auto_summarize)
        changed = f"Automatic summaries are now *{'on' if p.auto_summarize else 'off'}* here."
    elif p.sentences is not None:
        store.set_channel_settings(p.team_id, p.channel, sentences=p.sentences)
        changed = f"Summaries here now have *{p.sentences} sentences*."
    current = store.channel_settings(p.team_id, p.channel)
    auto = turn.settings.auto_summarize if current.auto_summarize is None else current.auto_summarize
    message = settings_message(auto, current.sentences or turn.settings.sentences, changed=changed)
    turn.respond(p.response_url, "ephemeral", message.text, list(message.blocks))
