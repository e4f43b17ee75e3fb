"""Links and files posted in a channel: summarize each in the message's thread."""

from __future__ import annotations

import logging

from bot.document import Document
from bot.errors import FetchError, InputError
from bot.jobs.payloads import SharedFile, SummarizeJob
from bot.slack.blocks import Message, escape, note_message, summary_message
from bot.slack.handlers.reading import read_file, read_link
from bot.slack.handlers.turn import DONE, FAILED, WORKING, Turn
from bot.summarizing.summarize import summarize

log = logging.getLogger(__name__)


def summary(turn: Turn, document: Document, sentences: int | None) -> list[Message]:
    """The summary message(s) of ``document`` with the bot's algorithm."""
    refs = summarize(
        document,
        sentences=sentences or turn.settings.sentences,
        algorithm=turn.settings.algorithm,
    )
    return summary_message(document, refs)


def run(turn: Turn, p: SummarizeJob) -> None:
    items: list[str | SharedFile] = [*p.links, *p.files]
    if not items:
        return
    turn.react(p.channel, p.ts, WORKING)
    succeeded = saved = False
    document: Document | None = None
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
                messages = summary(turn, document, p.sentences)
            except (InputError, FetchError) as err:
                log.info("job %s: could not summarize %s: %s", turn.job.id, label, err)
                messages = [note_message(f"I couldn't summarize {label}: {escape(str(err))}")]
            else:
                if not saved:
                    # saved before posting, so a question never beats its article
                    turn.store.save_article(
                        team_id=p.team_id, channel_id=p.channel, thread_ts=p.thread_ts,
                        document=document,
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
