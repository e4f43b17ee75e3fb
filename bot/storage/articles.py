"""The articles table: one article per Slack thread (team, channel, thread_ts),
its statements, and the Store methods that read and write it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from bot.document import Document
from bot.errors import UsageError
from bot.storage.database import Database
from bot.storage.schema import article_vectors, articles, overwrite_on_conflict, param, require_str


@dataclass(frozen=True)
class StoredArticle:
    id: int
    team_id: str
    channel_id: str
    thread_ts: str
    source: str
    title: str
    document: Document
    created_at: datetime
    # changes whenever the thread's article is replaced: with ``id``, a cache key
    updated_at: datetime | None = None


@dataclass(frozen=True)
class SavedArticle:
    """An article just saved, as save_article hands it to what it derives from it."""

    id: int
    team_id: str
    channel_id: str
    document: Document
    channel_type: str  # Slack's ("channel", "group", "im", "mpim"), "" unknown
    summary: str  # its one-line summary
    now: float  # when it was saved


class ArticleStatements:
    """The article statements of the hot paths, built once per Store: building a
    statement and its cache key costs more than running it on an indexed row."""

    def __init__(self, insert: Callable[[sa.Table], Any]) -> None:
        thread = (
            articles.c.team_id == param("team"),
            articles.c.channel_id == param("channel"),
            articles.c.thread_ts == param("thread"),
        )
        self.has_article = sa.select(sa.literal(1)).select_from(articles).where(*thread).limit(1)
        self.article_for_thread = sa.select(articles).where(*thread)
        self.latest_article = (
            sa.select(articles)
            .where(articles.c.team_id == param("team"), articles.c.channel_id == param("channel"))
            .order_by(articles.c.updated_at.desc(), articles.c.id.desc())
            .limit(1)
        )
        save = insert(articles).values(
            team_id=param("team"),
            channel_id=param("channel"),
            thread_ts=param("thread"),
            source=param("source"),
            title=param("title"),
            document=param("document"),
            created_at=param("now"),
            updated_at=param("now"),
        )
        self.save_article = overwrite_on_conflict(
            save, ("team_id", "channel_id", "thread_ts"), ("source", "title", "document", "updated_at")
        ).returning(articles.c.id)


class ArticleRows(Database):
    """Store methods for articles (a mixin of Store, which sets ``_article_sql``)."""

    _article_sql: ArticleStatements

    def save_article(
        self,
        *,
        team_id: str,
        channel_id: str,
        thread_ts: str,
        document: Document,
        channel_type: str = "",
        summary: str = "",
    ) -> int:
        """Store the article of a thread, replacing an earlier one. Returns its id.

        In the same transaction the article is indexed for the channel's search and reading
        list (bot.storage.library): ``channel_type`` is Slack's ("channel" public, "group"
        private, "im", "mpim"; "" unknown, treated as private), ``summary`` its one-line
        summary (the first summary sentence).
        """
        require_str("team_id", team_id, allow_empty=True)
        require_str("channel_id", channel_id)
        require_str("thread_ts", thread_ts)
        require_str("channel_type", channel_type, allow_empty=True)
        require_str("summary", summary, allow_empty=True)
        if len(channel_type) > 16:
            raise UsageError("channel_type is at most 16 characters.")
        if not isinstance(document, Document):
            raise UsageError("document must be a Document.")
        now = self.clock.now()
        params = {
            "p_team": team_id,
            "p_channel": channel_id,
            "p_thread": thread_ts,
            "p_source": document.source,
            "p_title": document.title,
            "p_document": _document_json(document),
            "p_now": now,
        }
        stmt = self._article_sql.save_article

        def save(conn: sa.Connection) -> int:
            article_id = int(conn.execute(stmt, params).scalar_one())
            # vectors of the thread's earlier article describe other sentences
            conn.execute(sa.delete(article_vectors).where(article_vectors.c.article_id == article_id))
            self._index_article(conn, SavedArticle(
                article_id, team_id, channel_id, document, channel_type, summary, now,
            ))
            return article_id

        return self._run(save, write=True)

    def _index_article(self, conn: sa.Connection, saved: SavedArticle) -> None:
        """Inside save_article's transaction: keep what is derived from the article (the
        search index) in step with it. Store's LibraryRows (bot.storage.library) does."""

    def save_vectors(self, article_id: int, data: bytes) -> None:
        """Keep what answering computed of an article (bot.answering's vectors_bytes)."""
        if not isinstance(article_id, int) or isinstance(article_id, bool):
            raise UsageError("article_id must be an integer.")
        if not isinstance(data, bytes):
            raise UsageError("vectors must be bytes.")
        now = self.clock.now()

        def save(conn: sa.Connection) -> None:
            if conn.execute(sa.select(articles.c.id).where(articles.c.id == article_id)).first() is None:
                return  # the article went meanwhile (uninstalled): nothing to keep
            conn.execute(sa.delete(article_vectors).where(article_vectors.c.article_id == article_id))
            conn.execute(sa.insert(article_vectors).values(article_id=article_id, vectors=data, created_at=now))

        self._run(save, write=True)

    def vectors_for(self, article_id: int) -> bytes | None:
        """The stored vectors of an article, or None."""
        return self.vectors_by_id([article_id]).get(article_id)

    def vectors_by_id(self, ids: Iterable[int]) -> dict[int, bytes]:
        """The stored vectors of each of these articles that has some, in one query."""
        wanted = list(ids)
        if not wanted:
            return {}
        stmt = sa.select(article_vectors.c.article_id, article_vectors.c.vectors).where(
            article_vectors.c.article_id.in_(wanted)
        )

        def read(conn: sa.Connection) -> dict[int, bytes]:
            return {int(row.article_id): bytes(row.vectors) for row in conn.execute(stmt)}

        return self._run(read, write=False)

    def has_article(self, team_id: str, channel_id: str, thread_ts: str) -> bool:
        """Whether the thread has an article: one index probe, the document unread
        (it runs before Slack's acknowledgement)."""
        require_str("team_id", team_id, allow_empty=True)
        require_str("channel_id", channel_id)
        require_str("thread_ts", thread_ts)
        params = {"p_team": team_id, "p_channel": channel_id, "p_thread": thread_ts}
        stmt = self._article_sql.has_article
        return self._run(lambda c: c.execute(stmt, params).first() is not None, write=False)

    def article_for_thread(
        self, team_id: str, channel_id: str, thread_ts: str
    ) -> StoredArticle | None:
        require_str("team_id", team_id, allow_empty=True)
        require_str("channel_id", channel_id)
        require_str("thread_ts", thread_ts)
        params = {"p_team": team_id, "p_channel": channel_id, "p_thread": thread_ts}
        stmt = self._article_sql.article_for_thread
        return self._run(lambda c: _article(c.execute(stmt, params).first()), write=False)

    def latest_article(self, team_id: str, channel_id: str) -> StoredArticle | None:
        """The most recently saved article of one channel of one workspace."""
        require_str("team_id", team_id, allow_empty=True)
        require_str("channel_id", channel_id)
        params = {"p_team": team_id, "p_channel": channel_id}
        stmt = self._article_sql.latest_article
        return self._run(lambda c: _article(c.execute(stmt, params).first()), write=False)


def _document_json(document: Document) -> str:
    data = document.to_dict()
    data["meta"] = [list(kv) for kv in document.meta]
    return json.dumps(data, ensure_ascii=False)


def _document_from_json(raw: str) -> Document:
    data = json.loads(raw)
    meta = tuple((str(k), str(v)) for k, v in data.get("meta") or ())
    return replace(Document.from_dict(data), meta=meta)


def _article(row: sa.Row | None) -> StoredArticle | None:
    if row is None:
        return None
    return StoredArticle(
        id=row.id,
        team_id=row.team_id,
        channel_id=row.channel_id,
        thread_ts=row.thread_ts,
        source=row.source,
        title=row.title,
        document=_document_from_json(row.document),
        created_at=datetime.fromtimestamp(row.created_at, tz=UTC),
        updated_at=datetime.fromtimestamp(row.updated_at, tz=UTC),
    )
