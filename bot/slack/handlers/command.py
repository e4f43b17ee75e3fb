"""/summary: summarize a URL, or the channel's latest article again, in the channel."""

from __future__ import annotations

import logging

from bot.errors import FetchError, InputError
from bot.jobs.payloads import CommandJob
from bot.slack.blocks import escape, note_message
from bot.slack.handlers.reading import read_link
from bot.slack.handlers.summarize import prepare_answers, summary
from bot.slack.handlers.turn import Turn
from bot.slack.parse import USAGE
from bot.slack.web import SlackCallError

log = logging.getLogger(__name__)

INVITE_NOTE = (
    "Questions need me in the channel: invite me with `/invite @summarybot`, "
    "then ask in the summary's thread."
)


def run(turn: Turn, p: CommandJob) -> SlackCallError | None:
    """Post the summary; when the bot is not in the channel, answer through the
    command's response_url instead and return Slack's refusal (for the log)."""
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
    messages = summary(turn, document, p.sentences)
    try:
        ts = turn.post_all("summary", p.channel, None, messages)
    except SlackCallError as err:
        if err.code not in {"not_in_channel", "channel_not_found"}:
            raise
        # not a member: answer through the command's response_url instead
        first = messages[0]
        blocks = [*first.blocks[:49], *note_message(INVITE_NOTE).blocks][:50]
        turn.respond(p.response_url, "in_channel", first.text, blocks)
        return err
    turn.store.save_article(team_id=p.team_id, channel_id=p.channel, thread_ts=ts, document=document)
    prepare_answers(turn, p.team_id, p.channel, ts)
    return None
