"""The channel's reading list: every article summarized in a channel, searchable with the
database's own full-text search, and what a user may see of the workspace's articles.

- Indexing. Each saved article is indexed paragraph by paragraph (plus one row for its
  title and one-line summary) in the save's own transaction: a replaced article (same
  thread) is re-indexed, a deleted team de-indexed. PostgreSQL keeps each paragraph's
  ``tsvector`` (english configuration) under a GIN index, with one extra lexeme naming
  its channel (a hash of team and channel) so that the index walks only that channel's
  rows; the team and channel columns are checked again. SQLite keeps an FTS5 table
  (porter stemmer) whose rowids put each channel in its own range (channel number,
  article id, paragraph), so a query reads only its channel's range.
- Queries are a reader's words, never the engine's syntax: ``query_terms`` keeps the
  runs of letters and digits of a question, lower-cased, without stop words, and each
  term reaches the engine as a plain word (a quoted FTS5 string; a bare alphanumeric
  tsquery lexeme), so quotes, parentheses, NEAR, ``*``, ``-``, ``:``, ``|`` or ``!`` are
  only characters. Any term matches (OR).
- Ranking. SQLite: FTS5's ``bm25()``. PostgreSQL has no idf: each term's match weighs
  its idf (document frequencies from the planner's statistics of the index, or how rare
  the word is in English before the table was analyzed), saturated by how often it
  occurs (``ts_rank_cd`` of the term alone).
- Bounded work. Ranking every paragraph that has a common word ("year", or "ukraine" in a
  channel about Ukraine) costs time in proportion to the channel. So when a question's
  words together match more than CANDIDATE_BUDGET rows (SQLite counts them in the
  channel; PostgreSQL estimates them from its statistics of the index), the candidates
  are the rows with one of its rarer words (the rarest first, as many as the budget
  holds; at least one), ranked on all its words; when that yields fewer than ``limit``
  paragraphs, the rarer words within WIDER_BUDGET rows. A paragraph that has only the
  question's commonest words is thus a candidate only when too few paragraphs have a
  rarer one, and words on more than WIDER_BUDGET rows of the channel never choose
  candidates alone (they act as the channel's stop words), unless the question has no
  other word.
- The reading list: the latest articles of the workspace's public channels (channel
  type "channel") and of the conversations the user took part in (``record_participant``).
  An article of any other type, "" (unknown) included, is private to its conversation's
  participants. Saving an article with a private type makes the channel's earlier
  articles private too (a channel can be made private; never the other way round).
- Channel settings: a row per channel, read with one primary-key probe.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import threading
import time
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

import sqlalchemy as sa

from bot.document import Document
from bot.errors import UsageError
from bot.storage.articles import SavedArticle, StoredArticle, _article
from bot.storage.database import Database
from bot.storage.schema import (
    article_cards,
    articles,
    channel_participants,
    channel_settings,
    overwrite_on_conflict,
    paragraph_search,
    param,
    require_str,
    search_channels,
    search_metadata,
    sqlite_search_metadata,
)
from bot.text.rarity import rarity
from bot.text.stemming import stemmer, stop_words

log = logging.getLogger(__name__)

# Slack's channel_type of a public channel; every other ("group", "im", "mpim", "") is private
PUBLIC = "channel"

MAX_TERMS = 16  # a question's rarest content words, at most
MAX_QUERY_CHARS = 4_000
MAX_TERM_CHARS = 64
MAX_INDEXED_CHARS = 50_000  # of one paragraph (a tsvector holds at most 1 MB)
MAX_SENTENCES = 100
# Rows a question's words may match before only its rarer words choose the candidates;
# when those give too few paragraphs, the rarer words that match up to WIDER_BUDGET rows.
CANDIDATE_BUDGET = 5_000
WIDER_BUDGET = 20_000
# PostgreSQL's statistics of the index list this many times 10 lexemes (default 100)
_PG_STATISTICS = 400
# search_articles ranks articles on the best rows of the channel, at most this many.
ARTICLE_ROWS = 400
CARD_ROW = -1  # the paragraph number of the title-and-summary row
_CARD_WEIGHT = 2.0  # a match in the title or summary counts double in search_articles
_EXTRA_WEIGHT = 0.3  # search_articles: what each further matching paragraph adds

# SQLite's FTS5 rowids: channel number (20 bits) | article id (27 bits) | paragraph + 1
# (16 bits; 0 is the card row). A channel's rows are one rowid range.
_PARAGRAPH_BITS = 16
_ARTICLE_BITS = 27
_CHANNEL_SHIFT = _PARAGRAPH_BITS + _ARTICLE_BITS
_PARAGRAPH_MASK = (1 << _PARAGRAPH_BITS) - 1
_ARTICLE_MASK = (1 << _ARTICLE_BITS) - 1
_CHANNEL_SPAN = (1 << _CHANNEL_SHIFT) - 1
MAX_CHANNELS = (1 << 20) - 1
MAX_INDEXED_PARAGRAPHS = _PARAGRAPH_MASK - 1

_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS paragraph_search USING fts5("
    "body, tokenize = 'porter unicode61 remove_diacritics 2')"
)
_STATS_SECONDS = 300.0  # how long PostgreSQL's statistics of the index are reused
# ts_rank_cd (0-1, normalized) reorders the best rows on idf, this many times the limit,
# with this weight: ties and near-ties (each term's idf weighs 1.5 or more)
_PG_POOL = 4
_PG_DENSITY = 0.5

_WORD = re.compile(r"[^\W_]+")
# pieces of contractions once the apostrophe splits them ("don't" -> "don", "t")
_CONTRACTIONS = frozenset(
    "don doesn didn isn aren wasn weren won wouldn couldn shouldn hasn haven hadn mustn "
    "ll ve re".split()
)


@dataclass(frozen=True)
class ParagraphHit:
    """A paragraph that matches a query: the article, the paragraph's index in its
    document, and the engine's score (higher is better; comparable within one call)."""

    article_id: int
    paragraph: int
    score: float


@dataclass(frozen=True)
class ArticleCard:
    """What a list shows of an article."""

    article_id: int
    team_id: str
    channel_id: str
    thread_ts: str
    title: str
    source: str
    summary: str  # the one-line summary ("" when none was given)
    shared_at: datetime  # when the thread's current article was saved
    channel_type: str  # Slack's, as given when it was saved ("" unknown: private)


@dataclass(frozen=True)
class ChannelSettings:
    """A channel's own settings; None means the global default (bot.settings)."""

    auto_summarize: bool | None = None
    sentences: int | None = None


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()  # set_channel_settings: leave this setting as it is


def query_terms(text: str, *, limit: int = MAX_TERMS) -> list[str]:
    """The content words of a reader's question, lower-cased, in order, each once: runs of
    letters and digits (so no character of the engines' query syntax survives), without
    stop words or single letters. Past ``limit`` words, the rarest ``limit`` are kept."""
    if not isinstance(text, str):
        raise UsageError("The query must be text.")
    stops = stop_words("english")
    seen: dict[str, None] = {}
    for match in _WORD.finditer(text[:MAX_QUERY_CHARS].lower()):
        word = match.group()
        if len(word) > MAX_TERM_CHARS or word in stops or word in _CONTRACTIONS:
            continue
        if len(word) == 1 and not word.isdigit():
            continue
        seen.setdefault(word, None)
    terms = list(seen)
    if len(terms) > limit:
        keep = set(sorted(terms, key=lambda w: -rarity(w, "english"))[:limit])
        terms = [t for t in terms if t in keep]
    return terms


def scope_token(team_id: str, channel_id: str) -> str:
    """The PostgreSQL lexeme that names a channel in the search index: digits only (no
    parser or stemmer changes it), 128 bits of a hash of team and channel."""
    digest = hashlib.sha256(f"{team_id}\0{channel_id}".encode()).digest()[:16]
    return "s" + str(int.from_bytes(digest, "big")).zfill(39)


def _index_text(text: str) -> str:
    return text[:MAX_INDEXED_CHARS].replace("\x00", " ")


def _card_text(document: Document, summary: str) -> str:
    return _index_text(f"{document.title}\n{summary}")


def choose_candidates(
    terms: Sequence[str], dfs: Sequence[float | None], budget: float
) -> list[str]:
    """The terms whose rows are the candidates: all of them when together they match at
    most ``budget`` rows; else the terms of unknown frequency (rarer than the engine's
    statistics list) and then the rarest, as many as the budget holds, at least one."""
    known = [d for d in dfs if d is not None]
    if sum(known) <= budget:
        return list(terms)
    keep = {t for t, d in zip(terms, dfs, strict=True) if d is None}
    total = 0.0
    for df, term in sorted((d, t) for t, d in zip(terms, dfs, strict=True) if d is not None):
        if keep and total + df > budget:
            break
        keep.add(term)
        total += df
    return [t for t in terms if t in keep]


def _fts_query(candidates: Sequence[str], terms: Sequence[str]) -> str:
    """An FTS5 query: rows with a candidate term, ranked by bm25() on all the terms (a
    phrase only counts where it matches). Each term is letters and digits; quoted, it is
    an FTS5 string whatever it says (OR, NEAR, ...)."""
    either = " OR ".join(f'"{t}"' for t in candidates)
    if len(candidates) == len(terms):
        return either
    return f"({either}) AND (" + " OR ".join(f'"{t}"' for t in terms) + ")"


def _require_id(name: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise UsageError(f"{name} must be an integer.")
    return value


def _search_args(team_id: str, channel_id: str, text: str, limit: object) -> tuple[int, list[str]]:
    """A search's arguments checked: the limit, and the text's query terms."""
    require_str("team_id", team_id, allow_empty=True)
    require_str("channel_id", channel_id)
    return _require_limit(limit), query_terms(text)


def _require_limit(limit: object) -> int:
    value = _require_id("limit", limit)
    if not 1 <= value <= 1000:
        raise UsageError("limit must be between 1 and 1000.")
    return value


@dataclass(frozen=True)
class _TermStats:
    """PostgreSQL's statistics of the search index: how many rows, the share of rows
    with each of its most common lexemes, and the share below which lexemes are not
    listed."""

    fetched: float
    rows: float
    shares: dict[str, float]
    cutoff: float


class LibraryStatements:
    """The reading list's fixed statements, built once per Store."""

    def __init__(self, insert: Any) -> None:
        self.channel_settings = sa.select(
            channel_settings.c.auto_summarize, channel_settings.c.sentences
        ).where(
            channel_settings.c.team_id == param("team"),
            channel_settings.c.channel_id == param("channel"),
        )
        self.record_participant = (
            insert(channel_participants)
            .values(
                team_id=param("team"),
                channel_id=param("channel"),
                user_id=param("user"),
                created_at=param("now"),
            )
            .on_conflict_do_nothing(index_elements=["team_id", "user_id", "channel_id"])
        )
        self.has_participant = sa.select(sa.literal(1)).where(
            channel_participants.c.team_id == param("team"),
            channel_participants.c.user_id == param("user"),
            channel_participants.c.channel_id == param("channel"),
        )
        card_columns = (
            article_cards.c.article_id,
            article_cards.c.team_id,
            article_cards.c.channel_id,
            article_cards.c.channel_type,
            article_cards.c.summary,
            article_cards.c.shared_at,
            articles.c.thread_ts,
            articles.c.title,
            articles.c.source,
        )
        self.card_columns = card_columns
        joined = article_cards.join(articles, articles.c.id == article_cards.c.article_id)
        self.cards_from = joined
        their_channels = sa.select(channel_participants.c.channel_id).where(
            channel_participants.c.team_id == param("team"),
            channel_participants.c.user_id == param("user"),
        )
        self.reading_list = (
            sa.select(*card_columns)
            .select_from(joined)
            .where(
                article_cards.c.team_id == param("team"),
                sa.or_(
                    article_cards.c.channel_type == PUBLIC,
                    article_cards.c.channel_id.in_(their_channels),
                ),
            )
            .order_by(article_cards.c.shared_at.desc(), article_cards.c.article_id.desc())
            .limit(param("limit"))
        )
        self.articles_by_id = sa.select(articles).where(
            articles.c.id.in_(sa.bindparam("p_ids", expanding=True))
        )
        save_card = insert(article_cards).values(
            article_id=param("article"),
            team_id=param("team"),
            channel_id=param("channel"),
            channel_type=param("type"),
            summary=param("summary"),
            shared_at=param("now"),
        )
        self.save_card = overwrite_on_conflict(
            save_card, ("article_id",), ("team_id", "channel_id", "channel_type", "summary", "shared_at")
        )
        # SQLite: the number of a channel's rowid range
        self.channel_number = sa.select(search_channels.c.id).where(
            search_channels.c.team_id == param("team"),
            search_channels.c.channel_id == param("channel"),
        )
        self.add_channel_number = (
            insert(search_channels)
            .values(team_id=param("team"), channel_id=param("channel"))
            .on_conflict_do_nothing(index_elements=["team_id", "channel_id"])
        )
        # PostgreSQL: the planner's statistics of the indexed lexemes, reused a while
        self.stats_lock = threading.Lock()
        self.term_stats: _TermStats | None = None
        # A channel made private: its earlier articles are not public any more.
        self.make_channel_private = (
            sa.update(article_cards)
            .where(
                article_cards.c.team_id == param("team"),
                article_cards.c.channel_id == param("channel"),
                article_cards.c.channel_type == PUBLIC,
            )
            .values(channel_type=param("type"))
        )


class LibraryRows(Database):
    """Store methods for the reading list (a mixin of Store, which sets ``_library_sql``
    and calls ``_create_search_tables``)."""

    _library_sql: LibraryStatements
    # (CANDIDATE_BUDGET, WIDER_BUDGET) of this store's searches: a store may be given
    # smaller ones (tests exercise the budgets on a handful of rows)
    search_budgets: tuple[int, int] = (CANDIDATE_BUDGET, WIDER_BUDGET)

    # ------------------------------------------------------------ setup

    def _create_search_tables(self) -> None:
        """The full-text index (PostgreSQL: a GIN-indexed tsvector table; SQLite: FTS5),
        then the index rows of articles saved before it existed."""
        if self.is_postgres:
            self.create_tables(search_metadata)
            self._run(_finer_statistics, write=True)
        else:
            self.create_tables(sqlite_search_metadata)
            self._run(lambda c: c.exec_driver_sql(_SQLITE_FTS), write=True)
        self._index_unindexed()

    def _index_unindexed(self, batch: int = 100) -> int:
        """Index the articles that have no card yet (saved by an earlier version): their
        channel type is unknown, so they stay private. Returns how many were indexed."""
        missing = (
            sa.select(articles)
            .outerjoin(article_cards, article_cards.c.article_id == articles.c.id)
            .where(article_cards.c.article_id.is_(None))
            .order_by(articles.c.id)
            .limit(batch)
        )

        def index_some(conn: sa.Connection) -> int:
            if self.is_postgres:
                # two processes starting at once: one indexes, the other then finds nothing
                key = zlib.crc32(f"summarybot.index:{self.schema or ''}".encode())
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
            rows = conn.execute(missing).all()
            for row in rows:
                stored = _article(row)
                assert stored is not None
                self._index_article(conn, SavedArticle(
                    stored.id, stored.team_id, stored.channel_id, stored.document, "", "", row.updated_at,
                ))
            return len(rows)

        total = 0
        while True:
            done = self._run(index_some, write=True)
            total += done
            if done < batch:
                break
        if total:
            log.info("indexed %d articles saved before the search index existed", total)
        return total

    # ------------------------------------------------------------ indexing

    def _index_article(self, conn: sa.Connection, saved: SavedArticle) -> None:
        """Inside save_article's transaction: the article's card and search rows, replacing
        those of the thread's earlier article."""
        sql = self._library_sql
        if saved.channel_type not in ("", PUBLIC):
            conn.execute(
                sql.make_channel_private,
                {"p_team": saved.team_id, "p_channel": saved.channel_id, "p_type": saved.channel_type},
            )
        conn.execute(
            sql.save_card,
            {
                "p_article": saved.id,
                "p_team": saved.team_id,
                "p_channel": saved.channel_id,
                "p_type": saved.channel_type,
                "p_summary": saved.summary,
                "p_now": saved.now,
            },
        )
        texts = [_card_text(saved.document, saved.summary)]
        texts += [_index_text(p.text) for p in saved.document.paragraphs[:MAX_INDEXED_PARAGRAPHS]]
        if self.is_postgres:
            conn.execute(
                sa.delete(paragraph_search).where(paragraph_search.c.article_id == saved.id)
            )
            conn.execute(
                sa.text(
                    "INSERT INTO paragraph_search (article_id, paragraph, team_id, channel_id, tsv) "
                    "SELECT :article, u.n - 2, :team, :channel, "
                    "to_tsvector('english', u.body) || array_to_tsvector(ARRAY[:scope]) "
                    "FROM unnest(CAST(:texts AS text[])) WITH ORDINALITY AS u(body, n)"
                ),
                {
                    "article": saved.id,
                    "team": saved.team_id,
                    "channel": saved.channel_id,
                    "scope": scope_token(saved.team_id, saved.channel_id),
                    "texts": texts,
                },
            )
            return
        params = {"p_team": saved.team_id, "p_channel": saved.channel_id}
        conn.execute(sql.add_channel_number, params)
        number = int(conn.execute(sql.channel_number, params).scalar_one())
        if number > MAX_CHANNELS or saved.id > _ARTICLE_MASK:
            log.error("article %d is not searchable: past the search index's numbering", saved.id)
            return
        base = (number << _CHANNEL_SHIFT) | (saved.id << _PARAGRAPH_BITS)
        conn.exec_driver_sql(
            "DELETE FROM paragraph_search WHERE rowid BETWEEN ? AND ?",
            (base, base | _PARAGRAPH_MASK),
        )
        conn.exec_driver_sql(
            "INSERT INTO paragraph_search (rowid, body) VALUES (?, ?)",
            [(base + i, text) for i, text in enumerate(texts)],
        )

    def _forget_team_library(self, conn: sa.Connection, team_id: str) -> None:
        """Inside delete_team's transaction, before its articles go."""
        if self.is_postgres:
            team_articles = sa.select(articles.c.id).where(articles.c.team_id == team_id)
            conn.execute(
                sa.delete(paragraph_search).where(paragraph_search.c.article_id.in_(team_articles))
            )
        else:
            numbers = conn.execute(
                sa.select(search_channels.c.id).where(search_channels.c.team_id == team_id)
            ).scalars()
            ranges = [(n << _CHANNEL_SHIFT, (n << _CHANNEL_SHIFT) | _CHANNEL_SPAN) for n in numbers]
            if ranges:
                conn.exec_driver_sql(
                    "DELETE FROM paragraph_search WHERE rowid BETWEEN ? AND ?", ranges
                )
            conn.execute(sa.delete(search_channels).where(search_channels.c.team_id == team_id))
        conn.execute(sa.delete(article_cards).where(article_cards.c.team_id == team_id))
        conn.execute(
            sa.delete(channel_participants).where(channel_participants.c.team_id == team_id)
        )
        conn.execute(sa.delete(channel_settings).where(channel_settings.c.team_id == team_id))

    # ------------------------------------------------------------ search

    def search_paragraphs(
        self, team_id: str, channel_id: str, query: str, limit: int = 40
    ) -> list[ParagraphHit]:
        """The paragraphs of the channel's articles that match content words of ``query``
        (a reader's question), best first, at most ``limit``: only articles of this
        channel of this workspace; [] when the query has no content word. Any word
        matches (see the module's notes on how candidates are bounded)."""
        limit, terms = _search_args(team_id, channel_id, query, limit)
        if not terms:
            return []

        def read(conn: sa.Connection) -> list[ParagraphHit]:
            rows = self._ranked_rows(conn, team_id, channel_id, terms, limit, cards=False)
            return [ParagraphHit(a, p, score) for a, p, score in rows]

        return self._run(read, write=False)

    def search_articles(
        self, team_id: str, channel_id: str, words: str, limit: int = 10
    ) -> list[ArticleCard]:
        """The channel's articles whose title, summary or text match ``words``, best first:
        an article scores its best row (a title or summary match counts double) plus a
        little for each further matching paragraph, over the channel's best rows."""
        limit, terms = _search_args(team_id, channel_id, words, limit)
        if not terms:
            return []
        sql = self._library_sql

        def read(conn: sa.Connection) -> list[ArticleCard]:
            rows = self._ranked_rows(conn, team_id, channel_id, terms, ARTICLE_ROWS, cards=True)
            scores: dict[int, list[float]] = {}
            for article_id, paragraph, score in rows:
                weight = _CARD_WEIGHT if paragraph == CARD_ROW else 1.0
                scores.setdefault(article_id, []).append(weight * score)
            ranked = {
                a: max(ss) + _EXTRA_WEIGHT * (sum(ss) - max(ss)) for a, ss in scores.items()
            }
            best = sorted(ranked, key=lambda a: (-ranked[a], -a))[:limit]
            if not best:
                return []
            stmt = (
                sa.select(*sql.card_columns)
                .select_from(sql.cards_from)
                .where(
                    article_cards.c.article_id.in_(best),
                    article_cards.c.team_id == team_id,
                    article_cards.c.channel_id == channel_id,
                )
            )
            cards = {c.article_id: c for c in (_card(r) for r in conn.execute(stmt))}
            return [cards[a] for a in best if a in cards]

        return self._run(read, write=False)

    def _ranked_rows(
        self,
        conn: sa.Connection,
        team_id: str,
        channel_id: str,
        terms: list[str],
        limit: int,
        *,
        cards: bool,
    ) -> list[tuple[int, int, float]]:
        """(article id, paragraph, score) of the channel's best matching rows, best first:
        the candidates of the rarer terms first, all the terms when those are too few.
        Card rows (paragraph CARD_ROW) only when ``cards``."""
        if self.is_postgres:
            search: _Search = _PostgresSearch(conn, self._library_sql, team_id, channel_id, terms)
        else:
            number = conn.execute(
                self._library_sql.channel_number, {"p_team": team_id, "p_channel": channel_id}
            ).scalar_one_or_none()
            if number is None:
                return []  # nothing was ever indexed in this channel
            search = _SqliteSearch(conn, int(number), terms)
        if len(terms) == 1:
            return search.rows(terms, limit, cards=cards)
        dfs = search.document_frequencies()
        budget, wider_budget = self.search_budgets
        candidates = choose_candidates(terms, dfs, budget)
        rows = search.rows(candidates, limit, cards=cards)
        if len(rows) < limit:
            wider = choose_candidates(terms, dfs, wider_budget)
            if len(wider) > len(candidates):
                rows = search.rows(wider, limit, cards=cards)
        return rows

    def refresh_search_statistics(self) -> None:
        """PostgreSQL: read the statistics of the search index anew at the next search
        (they are otherwise reused for a few minutes); after a bulk load and ANALYZE."""
        with self._library_sql.stats_lock:
            self._library_sql.term_stats = None

    def articles_by_id(self, ids: Iterable[int]) -> dict[int, StoredArticle]:
        """The stored articles of ``ids`` (those that exist), in one query."""
        wanted = sorted({_require_id("article id", i) for i in ids})
        if not wanted:
            return {}
        stmt = self._library_sql.articles_by_id

        def read(conn: sa.Connection) -> dict[int, StoredArticle]:
            found = (_article(r) for r in conn.execute(stmt, {"p_ids": wanted}))
            return {a.id: a for a in found if a is not None}

        return self._run(read, write=False)

    # ------------------------------------------------------------ reading list

    def record_participant(self, team_id: str, channel_id: str, user_id: str) -> None:
        """Remember that ``user_id`` took part in the conversation ``channel_id`` (posted a
        link, asked in a thread): its articles join the user's reading list. Cheap when
        already known (one read), an insert the first time."""
        require_str("team_id", team_id, allow_empty=True)
        require_str("channel_id", channel_id)
        require_str("user_id", user_id)
        params: dict[str, Any] = {"p_team": team_id, "p_channel": channel_id, "p_user": user_id}
        sql = self._library_sql
        if self._run(lambda c: c.execute(sql.has_participant, params).first(), write=False):
            return
        params["p_now"] = self.clock.now()
        self._run(lambda c: c.execute(sql.record_participant, params), write=True)

    def forget_participant(self, team_id: str, channel_id: str, user_id: str) -> None:
        """The user left the conversation: its private articles leave their reading list."""
        require_str("team_id", team_id, allow_empty=True)
        require_str("channel_id", channel_id)
        require_str("user_id", user_id)
        stmt = sa.delete(channel_participants).where(
            channel_participants.c.team_id == team_id,
            channel_participants.c.user_id == user_id,
            channel_participants.c.channel_id == channel_id,
        )
        self._run(lambda c: c.execute(stmt), write=True)

    def reading_list(self, team_id: str, user_id: str, limit: int = 20) -> list[ArticleCard]:
        """The latest articles (newest first) ``user_id`` may see in the workspace: those of
        public channels and of the conversations they took part in. Never an article of a
        private channel, DM or unknown kind of conversation the user took no part in."""
        require_str("team_id", team_id, allow_empty=True)
        require_str("user_id", user_id)
        params = {"p_team": team_id, "p_user": user_id, "p_limit": _require_limit(limit)}
        stmt = self._library_sql.reading_list
        return self._run(lambda c: [_card(r) for r in c.execute(stmt, params)], write=False)

    # ------------------------------------------------------------ channel settings

    def channel_settings(self, team_id: str, channel_id: str) -> ChannelSettings:
        """The channel's own settings (one primary-key probe; runs before Slack's
        acknowledgement). Settings never set are None: the global default."""
        require_str("team_id", team_id, allow_empty=True)
        require_str("channel_id", channel_id)
        params = {"p_team": team_id, "p_channel": channel_id}
        stmt = self._library_sql.channel_settings

        def read(conn: sa.Connection) -> ChannelSettings:
            row = conn.execute(stmt, params).first()
            if row is None:
                return ChannelSettings()
            auto = None if row.auto_summarize is None else bool(row.auto_summarize)
            return ChannelSettings(auto_summarize=auto, sentences=row.sentences)

        return self._run(read, write=False)

    def set_channel_settings(
        self,
        team_id: str,
        channel_id: str,
        *,
        auto_summarize: bool | None | _Unset = UNSET,
        sentences: int | None | _Unset = UNSET,
    ) -> ChannelSettings:
        """Change the settings given (None: back to the global default), keep the others.
        Returns the channel's settings after the change."""
        require_str("team_id", team_id, allow_empty=True)
        require_str("channel_id", channel_id)
        changes: dict[str, Any] = {}
        if not isinstance(auto_summarize, _Unset):
            if auto_summarize is not None and not isinstance(auto_summarize, bool):
                raise UsageError("auto_summarize must be True, False or None.")
            changes["auto_summarize"] = auto_summarize
        if not isinstance(sentences, _Unset):
            if sentences is not None and (
                not isinstance(sentences, int)
                or isinstance(sentences, bool)
                or not 1 <= sentences <= MAX_SENTENCES
            ):
                raise UsageError(f"sentences must be None or between 1 and {MAX_SENTENCES}.")
            changes["sentences"] = sentences
        now = self.clock.now()
        stmt = self._insert(channel_settings).values(
            team_id=team_id,
            channel_id=channel_id,
            auto_summarize=changes.get("auto_summarize"),
            sentences=changes.get("sentences"),
            updated_at=now,
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["team_id", "channel_id"],
            set_={**changes, "updated_at": now},
        )
        self._run(lambda c: c.execute(stmt), write=True)
        return self.channel_settings(team_id, channel_id)


# ---------------------------------------------------------------- engine queries


class _Search:
    """One question's search in one channel, on one engine."""

    def document_frequencies(self) -> list[float | None]:
        """Per term, about how many rows have it; None: rarer than the engine can say."""
        raise NotImplementedError

    def rows(
        self, candidates: Sequence[str], limit: int, *, cards: bool
    ) -> list[tuple[int, int, float]]:
        """The best ``limit`` rows with a candidate term, ranked on all the terms."""
        raise NotImplementedError


class _SqliteSearch(_Search):
    """FTS5: the channel is the rowid range of its number; bm25() ranks."""

    def __init__(self, conn: sa.Connection, number: int, terms: Sequence[str]) -> None:
        self.conn = conn
        self.terms = terms
        self.low = number << _CHANNEL_SHIFT
        self.high = self.low | _CHANNEL_SPAN

    def document_frequencies(self) -> list[float | None]:
        count = (
            "(SELECT count(*) FROM paragraph_search WHERE paragraph_search MATCH ? "
            "AND rowid BETWEEN ? AND ?)"
        )
        sql = "SELECT " + ", ".join([count] * len(self.terms))
        args: list[object] = []
        for term in self.terms:
            args += [f'"{term}"', self.low, self.high]
        row = self.conn.exec_driver_sql(sql, tuple(args)).one()
        return [float(n) for n in row]

    def rows(
        self, candidates: Sequence[str], limit: int, *, cards: bool
    ) -> list[tuple[int, int, float]]:
        no_cards = "" if cards else f" AND (rowid & {_PARAGRAPH_MASK}) != 0"
        sql = (
            "SELECT rowid, -bm25(paragraph_search) FROM paragraph_search "
            f"WHERE paragraph_search MATCH ? AND rowid BETWEEN ? AND ?{no_cards} "
            "ORDER BY bm25(paragraph_search), rowid DESC LIMIT ?"
        )
        query = _fts_query(candidates, self.terms)
        found = self.conn.exec_driver_sql(sql, (query, self.low, self.high, limit))
        return [
            ((rid >> _PARAGRAPH_BITS) & _ARTICLE_MASK, (rid & _PARAGRAPH_MASK) - 1, float(score))
            for rid, score in found
        ]


class _PostgresSearch(_Search):
    """tsvector + GIN: the channel's lexeme and any candidate term find the rows; each
    term's idf, saturated by its ts_rank_cd, ranks them."""

    def __init__(
        self,
        conn: sa.Connection,
        sql: LibraryStatements,
        team_id: str,
        channel_id: str,
        terms: Sequence[str],
    ) -> None:
        self.conn = conn
        self.terms = terms
        self.team_id = team_id
        self.channel_id = channel_id
        self.stats = _term_stats(conn, sql)
        stem = stemmer("english")
        self.lexemes = [stem(t) for t in terms]

    def document_frequencies(self) -> list[float | None]:
        stats = self.stats
        if stats is None:
            return [None] * len(self.terms)
        found = (stats.shares.get(lexeme) for lexeme in self.lexemes)
        return [None if share is None else share * stats.rows for share in found]

    def _weights(self) -> list[float]:
        stats = self.stats
        if stats is None:  # not analyzed yet: how rare each word is in English
            return [0.5 + 10 * rarity(t, "english") for t in self.terms]
        weights = []
        for df in self.document_frequencies():
            rows = df if df is not None else stats.cutoff * stats.rows / 2
            weights.append(math.log(1 + (stats.rows - rows + 0.5) / (rows + 0.5)))
        return weights

    def rows(
        self, candidates: Sequence[str], limit: int, *, cards: bool
    ) -> list[tuple[int, int, float]]:
        params: dict[str, Any] = {
            "team": self.team_id,
            "channel": self.channel_id,
            "scope": scope_token(self.team_id, self.channel_id),
            "candidates": " | ".join(candidates),
            "limit": limit,
        }
        # Each term is letters and digits only: to_tsquery reads it as one word. The
        # queries are made once, in q (in the select list they would be made per row);
        # numnode > 0: were every candidate one of PostgreSQL's stop words, the channel's
        # lexeme alone would match every row of the channel.
        queries = [
            "to_tsquery('english', :candidates) AS q_any",
            "to_tsquery('english', :terms) AS q_all",
        ]
        params["terms"] = " | ".join(self.terms)
        params["pool"] = min(limit * _PG_POOL, limit + 200)
        parts = []
        for i, (term, weight) in enumerate(zip(self.terms, self._weights(), strict=True)):
            params[f"t{i}"] = term
            params[f"w{i}"] = weight
            queries.append(f"to_tsquery('english', :t{i}) AS q{i}")
            parts.append(f"CASE WHEN s.tsv @@ q.q{i} THEN CAST(:w{i} AS float8) ELSE 0 END")
        no_cards = "" if cards else " AND s.paragraph >= 0"
        # Every candidate row is scored on idf (cheap); ts_rank_cd, costly, then reorders
        # the best few (how often and how close together the words occur).
        best = (
            f"SELECT s.article_id, s.paragraph, s.tsv, q.q_all, {' + '.join(parts)} AS idf "
            f"FROM (SELECT {', '.join(queries)} OFFSET 0) AS q "
            "JOIN paragraph_search AS s ON s.tsv @@ (CAST(:scope AS tsquery) && q.q_any) "
            f"WHERE numnode(q.q_any) > 0 AND s.team_id = :team AND s.channel_id = :channel{no_cards} "
            "ORDER BY idf DESC, s.article_id DESC, s.paragraph LIMIT :pool"
        )
        sql = (
            f"SELECT b.article_id, b.paragraph, b.idf + {_PG_DENSITY} * ts_rank_cd(b.tsv, b.q_all, 32) "
            f"AS score FROM ({best}) AS b "
            "ORDER BY score DESC, b.article_id DESC, b.paragraph LIMIT :limit"
        )
        found = self.conn.execute(sa.text(sql), params)
        return [(int(a), int(p), float(score)) for a, p, score in found]


def _finer_statistics(conn: sa.Connection) -> None:
    """Statistics on 4,000 lexemes instead of 1,000: the rarest listed is then about 0.1 %
    of rows, so fewer words are of unknown frequency. Changed once (it locks the table)."""
    found = conn.execute(
        sa.text(
            "SELECT attstattarget FROM pg_attribute "
            "WHERE attrelid = to_regclass('paragraph_search') AND attname = 'tsv'"
        )
    ).first()
    if found is not None and found[0] != _PG_STATISTICS:
        conn.execute(
            sa.text(f"ALTER TABLE paragraph_search ALTER COLUMN tsv SET STATISTICS {_PG_STATISTICS}")
        )


def _term_stats(conn: sa.Connection, sql: LibraryStatements) -> _TermStats | None:
    """PostgreSQL's statistics of the search index (most common lexemes and their share
    of rows), read at most every _STATS_SECONDS; None before the table is analyzed."""
    now = time.monotonic()
    cached = sql.term_stats
    if cached is not None and now - cached.fetched < _STATS_SECONDS:
        return cached if cached.rows > 0 else None
    row = conn.execute(
        sa.text(
            "SELECT c.reltuples, CAST(CAST(s.most_common_elems AS text) AS text[]), "
            "s.most_common_elem_freqs FROM pg_class AS c "
            "LEFT JOIN pg_stats AS s ON s.schemaname = current_schema() "
            "AND s.tablename = 'paragraph_search' AND s.attname = 'tsv' "
            "WHERE c.oid = to_regclass('paragraph_search')"
        )
    ).first()
    stats = _TermStats(fetched=now, rows=0.0, shares={}, cutoff=0.0)
    if row is not None and row[1] and row[2] and row[0] > 0:
        lexemes, shares = list(row[1]), [float(f) for f in row[2]]
        # the shares of the lexemes, then the lowest and highest share, then nulls
        stats = _TermStats(
            fetched=now,
            rows=float(row[0]),
            shares=dict(zip(lexemes, shares, strict=False)),
            cutoff=shares[len(lexemes)] if len(shares) > len(lexemes) else min(shares),
        )
    with sql.stats_lock:
        sql.term_stats = stats
    return stats if stats.rows > 0 else None


def _card(row: sa.Row) -> ArticleCard:
    return ArticleCard(
        article_id=int(row.article_id),
        team_id=row.team_id,
        channel_id=row.channel_id,
        thread_ts=row.thread_ts,
        title=row.title,
        source=row.source,
        summary=row.summary,
        shared_at=datetime.fromtimestamp(row.shared_at, tz=UTC),
        channel_type=row.channel_type,
    )
