"""Questions: in an article's thread about that article; in a mention or a DM outside
one, across every article the channel has read."""

from __future__ import annotations

from dataclasses import dataclass

from bot.answering.index import ANSWERED
from bot.answering.library import LibraryReply, Source, ask_library
from bot.answering.qtypes import asks_gist
from bot.jobs.payloads import AskJob
from bot.slack.blocks import Message, Quoted, library_messages, note_message, reply_messages
from bot.slack.handlers.summarize import summary, summary_length
from bot.slack.handlers.turn import Turn
from bot.storage.articles import StoredArticle
from bot.storage.store import Store

SUMMARY_REQUESTS = frozenset({"", "summary", "summarize", "summarise", "tldr", "tl;dr", "sum up"})
NO_ARTICLE = (
    "I don't have an article here yet. Post a link (or use `/summary URL`) "
    "and ask me in its thread."
)
CANDIDATE_PARAGRAPHS = 40  # search hits handed to the answer ranking
CANDIDATE_ARTICLES = 10  # at most this many articles' documents are read for them


def run(turn: Turn, p: AskJob) -> None:
    explicit = p.mention or p.is_dm
    store = turn.store
    if p.user:
        store.record_participant(p.team_id, p.channel, p.user)
    question = p.question.strip()
    # "summary", or a question about the whole article ("what's this about?", "tl;dr")
    wants_summary = question.lower().rstrip("?!. ") in SUMMARY_REQUESTS or asks_gist(question)
    article = store.article_for_thread(p.team_id, p.channel, p.thread_ts) if p.in_thread else None
    if article is None and explicit and not wants_summary:
        # asked directly, outside an article's thread: everything the channel has read
        _answer_from_library(turn, p, question)
        return
    if article is None and explicit:
        article = store.latest_article(p.team_id, p.channel)
    if article is None:
        if explicit:
            turn.post_all("answer", p.channel, p.thread_ts, [note_message(NO_ARTICLE)])
        return
    _keep_for_thread(turn, p, article)
    if wants_summary:
        messages = summary(turn, article.document, summary_length(turn, p.team_id, p.channel)).messages
    else:
        messages = _answer_from_article(turn, article, question)
    turn.post_all("answer", p.channel, p.thread_ts, messages)


def _keep_for_thread(turn: Turn, p: AskJob, article: StoredArticle) -> None:
    """Make ``article`` the article of the question's thread, with what was computed for
    answering it, so follow-up questions there find it."""
    if article.thread_ts == p.thread_ts:
        return
    store = turn.store
    moved = store.save_article(
        team_id=p.team_id, channel_id=p.channel, thread_ts=p.thread_ts, document=article.document,
    )
    vectors = store.vectors_for(article.id)
    if vectors is not None:
        store.save_vectors(moved, vectors)


def _answer_from_article(turn: Turn, article: StoredArticle, question: str) -> list[Message]:
    index = turn.indexes.get(article, lambda: turn.store.vectors_for(article.id))
    return reply_messages(article.document, index.reply(question, top=turn.settings.top_answers))


@dataclass(frozen=True)
class LibraryAnswer:
    """A question across a channel's articles: the ranking's reply, and the stored
    articles its answers come from (by id). ``searched`` is False when no paragraph of
    the channel shares a word with the question."""

    found: LibraryReply
    articles: dict[int, StoredArticle]
    searched: bool = True


def library_answer(store: Store, team_id: str, channel: str, question: str, *, top: int) -> LibraryAnswer:
    """The database finds candidate paragraphs among the channel's articles; the answer
    ranking (with each article's stored sentence vectors) picks and quotes the best."""
    hits = store.search_paragraphs(team_id, channel, question, limit=CANDIDATE_PARAGRAPHS)
    if not hits:
        return LibraryAnswer(ask_library(question, [], []), {}, searched=False)
    wanted: list[int] = []
    for hit in hits:
        if hit.article_id not in wanted:
            wanted.append(hit.article_id)
    articles = store.articles_by_id(wanted[:CANDIDATE_ARTICLES])
    vectors = store.vectors_by_id(articles)
    sources = [Source(a.id, a.document, vectors.get(a.id)) for a in articles.values()]
    candidates = [(h.article_id, h.paragraph) for h in hits if h.article_id in articles]
    return LibraryAnswer(ask_library(question, sources, candidates, top=top), articles)


def _answer_from_library(turn: Turn, p: AskJob, question: str) -> None:
    """The channel's articles, each quote named with its article."""
    store = turn.store
    answer = library_answer(store, p.team_id, p.channel, question, top=turn.settings.top_answers)
    if not answer.searched:
        latest = store.latest_article(p.team_id, p.channel)
        if latest is None:
            turn.post_all("answer", p.channel, p.thread_ts, [note_message(NO_ARTICLE)])
            return
        # nothing shares a word with the question: the latest article may still say it
        turn.post_all("answer", p.channel, p.thread_ts, _answer_from_article(turn, latest, question))
        return
    found, articles = answer.found, answer.articles
    if found.kind != ANSWERED:
        messages = [note_message("I couldn't find that in the articles shared in this channel.")]
    else:
        quoted = []
        for f in found.found:
            article = articles[f.key]
            shared = article.updated_at or article.created_at
            quoted.append(Quoted(f.paragraph, f.sentence, article.title, article.source, shared))
        messages = library_messages(question, quoted)
        # follow-up questions in this thread are about the article the answer came from
        _keep_for_thread(turn, p, articles[found.found[0].key])
    turn.post_all("answer", p.channel, p.thread_ts, messages)
