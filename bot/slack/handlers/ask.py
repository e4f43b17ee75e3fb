"""Questions: in an article's thread about that article; in a mention or a DM outside
one, about the channel's latest article."""

from __future__ import annotations

from bot.jobs.payloads import AskJob
from bot.slack.blocks import note_message, reply_messages
from bot.slack.handlers.summarize import summary
from bot.slack.handlers.turn import Turn

SUMMARY_REQUESTS = frozenset({"", "summary", "summarize", "summarise", "tldr", "tl;dr", "sum up"})
NO_ARTICLE = (
    "I don't have an article here yet. Post a link (or use `/summary URL`) "
    "and ask me in its thread."
)


def run(turn: Turn, p: AskJob) -> None:
    explicit = p.mention or p.is_dm
    store = turn.store
    article = None
    if p.in_thread:
        article = store.article_for_thread(p.team_id, p.channel, p.thread_ts)
    if article is None and explicit:
        # asked directly, outside an article's thread: the channel's latest article
        article = store.latest_article(p.team_id, p.channel)
    if article is None:
        if explicit:
            turn.post_all("answer", p.channel, p.thread_ts, [note_message(NO_ARTICLE)])
        return
    document = article.document
    if article.thread_ts != p.thread_ts:
        # follow-up questions in this new thread should find the same article (and what
        # was computed for answering it)
        moved = store.save_article(
            team_id=p.team_id, channel_id=p.channel, thread_ts=p.thread_ts, document=document
        )
        vectors = store.vectors_for(article.id)
        if vectors is not None:
            store.save_vectors(moved, vectors)
    question = p.question.strip()
    if question.lower().rstrip("?!. ") in SUMMARY_REQUESTS:
        messages = summary(turn, document, None)
    else:
        index = turn.indexes.get(article, lambda: turn.store.vectors_for(article.id))
        reply = index.reply(question, top=turn.settings.top_answers)
        messages = reply_messages(document, reply)
    turn.post_all("answer", p.channel, p.thread_ts, messages)
