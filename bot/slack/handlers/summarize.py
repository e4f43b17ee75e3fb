"""Links and files posted in a channel: summarize each in the message's thread."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.document import Document
from bot.errors import FetchError, InputError
from bot.jobs.payloads import SharedFile, SummarizeJob
from bot.slack.blocks import (
    Message,
    escape,
    note_message,
    summary_actions,
    summary_message,
)
from bot.slack.handlers.reading import read_file, read_link
from bot.slack.handlers.turn import DONE, FAILED, WORKING, Turn
from bot.slack.parse import MAX_SENTENCES
from bot.summarizing.summarize import summarize

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Summary:
    messages: list[Message]
    line: str  # its first sentence: what lists of articles show


def summary_length(turn: Turn, team: str, channel: str, asked: int | None = None) -> int:
    """How many sentences: as asked, else the channel's setting, else the global one."""
    if asked:
        return asked
    chosen = turn.store.channel_settings(team, channel).sentences if channel else None
    return chosen or turn.settings.sentences


def summary(turn: Turn, document: Document, count: int) -> Summary:
    """The summary message(s) of ``document`` with the bot's algorithm, and its buttons."""
    count = max(1, min(count, MAX_SENTENCES))
    refs = summarize(document, sentences=count, algorithm=turn.settings.algorithm)
    # "Longer" only while there is more to show
    actions = summary_actions(count, longer=len(refs) >= count)
    line = refs[0].text if refs else ""
    return Summary(summary_message(document, refs, actions=actions), line)


def keep_article(
    turn: Turn, *, team: str, channel: str, thread: str, document: Document, summary_line: str,
    channel_type: str = "", user: str | None = None,
) -> int:
    """Save the thread's article (and what lists show of it) before its summary is
    posted, so a question never beats its article."""
    kind = channel_type or turn.web.channel_type(channel)
    article_id = turn.store.save_article(
        team_id=team, channel_id=channel, thread_ts=thread, document=document,
        channel_type=kind, summary=summary_line,
    )
    if user:
        turn.store.record_participant(team, channel, user)
    return article_id


def run(turn: Turn, p: SummarizeJob) -> None:
    items: list[str | SharedFile] = [*p.links, *p.files]
    if not items:
        return
    turn.react(p.channel, p.ts, WORKING)
    succeeded = saved = False
    count = summary_length(turn, p.team_id, p.channel, p.sentences)
    try:
        for i, item in enumerate(items):
            step = f"item{i}"
            if turn.posted(f"{step}:0"):
                succeeded = True  # posted by an earlier run of this job
                continue
            label = f"<{escape(item)}>" if isinstance(item, str) else escape(item.name or "the file")
            try:
                if isinstance(item, str):
                    document = read_link(item, turn.policy)
                else:
                    document = read_file(turn.web, item, turn.policy)
                made = summary(turn, document, count)
                messages = made.messages
            except (InputError, FetchError) as err:
                log.info("job %s: could not summarize %s: %s", turn.job.id, label, err)
                messages = [note_message(f"I couldn't summarize {label}: {escape(str(err))}")]
            else:
                if not saved:
                    keep_article(
                        turn, team=p.team_id, channel=p.channel, thread=p.thread_ts,
                        document=document, summary_line=made.line,
                        channel_type=p.channel_type, user=p.user,
                    )
                    saved = True
                succeeded = True
            turn.post_all(step, p.channel, p.thread_ts, messages)
    finally:
        turn.react(p.channel, p.ts, DONE if succeeded else FAILED, remove=WORKING)
    if saved:
        prepare_answers(turn, p.team_id, p.channel, p.thread_ts)


def prepare_answers(turn: Turn, team: str, channel: str, thread: str) -> None:
    """Build what answering the thread's article needs, now that its summary is out, and
    store it with the article: the first question (in whichever process gets it) then
    starts from it instead of running the sentence model over the whole article."""
    article = turn.store.article_for_thread(team, channel, thread)
    if article is None:
        return
    stored = turn.store.vectors_for(article.id)
    index = turn.indexes.get(article, lambda: stored)
    data = index.vectors_bytes()
    if data is not None and stored is None and index.vectors is not None and index.vectors.complete:
        turn.store.save_vectors(article.id, data)
