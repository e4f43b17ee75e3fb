"""The Store: articles, job rows and replies in one database, composed from the
table modules of this package. Thread-safe; share one per process.

Other modules may keep importing from here (``from bot.storage.store import
Store, StoredArticle, Job, ...``); ``from bot.storage import ...`` is the
package-level spelling of the same names.
"""

from __future__ import annotations

import sqlalchemy as sa

from bot.storage.articles import ArticleRows, ArticleStatements, StoredArticle
from bot.storage.clock import Clock, SystemClock
from bot.storage.database import normalize_url
from bot.storage.jobrows import Job, JobRows, JobStatements
from bot.storage.library import (
    ArticleCard,
    ChannelSettings,
    LibraryRows,
    LibraryStatements,
    ParagraphHit,
)
from bot.storage.notify import NOTIFY_CHANNEL, Notifications
from bot.storage.replies import ReplyRows, ReplyStatements
from bot.storage.schema import (
    DONE,
    FAILED,
    QUEUED,
    RUNNING,
    STATUSES,
    article_vectors,
    articles,
    job_replies,
    jobs,
    metadata,
    require_str,
)

__all__ = [
    "DONE",
    "FAILED",
    "NOTIFY_CHANNEL",
    "QUEUED",
    "RUNNING",
    "STATUSES",
    "ArticleCard",
    "ChannelSettings",
    "Clock",
    "Job",
    "ParagraphHit",
    "Store",
    "StoredArticle",
    "SystemClock",
    "normalize_url",
]


class Store(LibraryRows, ArticleRows, ReplyRows, JobRows, Notifications):
    """Articles (searchable, on reading lists), jobs, replies and channel settings in one
    database. Thread-safe; share one per process.

    ``clock`` is where every stored time comes from (default: the system clock);
    the Queue reads its store's clock too.
    """

    def __init__(self, url: str, *, schema: str | None = None, clock: Clock | None = None) -> None:
        super().__init__(url, schema=schema, clock=clock)
        self._article_sql = ArticleStatements(self._insert)
        self._reply_sql = ReplyStatements(self._insert)
        self._job_sql = JobStatements(self._insert)
        self._library_sql = LibraryStatements(self._insert)
        self.create_tables(metadata)
        self._create_search_tables()

    def delete_team(self, team_id: str) -> None:
        """Forget a workspace (app uninstalled): its articles (their search index and
        cards), jobs and their replies, its channels' participants and settings."""
        require_str("team_id", team_id)

        def delete(conn: sa.Connection) -> None:
            team_jobs = sa.select(jobs.c.id).where(jobs.c.team_id == team_id)
            conn.execute(sa.delete(job_replies).where(job_replies.c.job_id.in_(team_jobs)))
            conn.execute(sa.delete(jobs).where(jobs.c.team_id == team_id))
            self._forget_team_library(conn, team_id)
            team_articles = sa.select(articles.c.id).where(articles.c.team_id == team_id)
            conn.execute(sa.delete(article_vectors).where(article_vectors.c.article_id.in_(team_articles)))
            conn.execute(sa.delete(articles).where(articles.c.team_id == team_id))

        self._run(delete, write=True)
