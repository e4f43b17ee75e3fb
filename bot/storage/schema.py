"""The tables (articles, article_vectors, jobs, job_replies, and the reading list's
article_cards, channel_participants, channel_settings and paragraph search), the job
statuses, and the conventions every statement on them follows (bound-parameter names,
argument checks).

Times are stored as UNIX epoch seconds (floats) taken from the store's clock
(bot.storage.clock): comparisons are trivial on both databases, and leases are
tens of seconds, far above the skew of NTP-synchronized hosts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSVECTOR

from bot.errors import UsageError

# Job statuses. 'running' rows carry a lease; an expired lease means the worker died.
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATUSES = (QUEUED, RUNNING, DONE, FAILED)

metadata = sa.MetaData()

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("team_id", sa.String(32), nullable=False),
    sa.Column("channel_id", sa.String(32), nullable=False),
    sa.Column("thread_ts", sa.String(32), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.UniqueConstraint("team_id", "channel_id", "thread_ts", name="uq_articles_thread"),
    sa.Index("ix_articles_channel_recent", "team_id", "channel_id", "updated_at"),
)

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("team_id", sa.String(32), nullable=False, default=""),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("dedupe_key", sa.String(255), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("available_at", sa.Float, nullable=False),
    sa.Column("lease_until", sa.Float, nullable=True),
    sa.Column("worker_id", sa.String(128), nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.UniqueConstraint("dedupe_key", name="uq_jobs_dedupe_key"),
    sa.Index("ix_jobs_ready", "status", "available_at"),
    sa.Index("ix_jobs_team", "team_id"),
)

# What answering needs of an article that is costly to compute (the sentence model's
# vectors), stored by the job that summarized it so a question in any process starts
# from it. Replaced or dropped with its article.
article_vectors = sa.Table(
    "article_vectors",
    metadata,
    sa.Column("article_id", sa.Integer, primary_key=True),
    sa.Column("vectors", sa.LargeBinary, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
)

# The reading list (bot.storage.library). One card per article: what a list shows of it
# (its one-line summary, when it was shared) and who may see it (the channel's type:
# "channel" is public, anything else, "" included, private). Replaced or dropped with
# its article.
article_cards = sa.Table(
    "article_cards",
    metadata,
    sa.Column("article_id", sa.Integer, primary_key=True),
    sa.Column("team_id", sa.String(32), nullable=False),
    sa.Column("channel_id", sa.String(32), nullable=False),
    sa.Column("channel_type", sa.String(16), nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("shared_at", sa.Float, nullable=False),
    sa.Index("ix_article_cards_team_recent", "team_id", "shared_at"),
    sa.Index("ix_article_cards_channel", "team_id", "channel_id", "channel_type"),
)

# Who took part in which conversation (posted a link, asked in a thread): a private
# channel's or a DM's articles are on the reading lists of its participants only.
channel_participants = sa.Table(
    "channel_participants",
    metadata,
    sa.Column("team_id", sa.String(32), primary_key=True),
    sa.Column("user_id", sa.String(32), primary_key=True),
    sa.Column("channel_id", sa.String(32), primary_key=True),
    sa.Column("created_at", sa.Float, nullable=False),
)

# Per-channel settings; NULL means the global default (bot.settings).
channel_settings = sa.Table(
    "channel_settings",
    metadata,
    sa.Column("team_id", sa.String(32), primary_key=True),
    sa.Column("channel_id", sa.String(32), primary_key=True),
    sa.Column("auto_summarize", sa.Boolean, nullable=True),
    sa.Column("sentences", sa.Integer, nullable=True),
    sa.Column("updated_at", sa.Float, nullable=False),
)

# Full-text search over paragraphs, PostgreSQL's half: one row per paragraph (paragraph -1:
# the article's title and summary), its tsvector (english) plus one lexeme naming its
# channel, under a GIN index. Created on PostgreSQL only.
search_metadata = sa.MetaData()

paragraph_search = sa.Table(
    "paragraph_search",
    search_metadata,
    sa.Column("article_id", sa.Integer, primary_key=True),
    sa.Column("paragraph", sa.Integer, primary_key=True),
    sa.Column("team_id", sa.String(32), nullable=False),
    sa.Column("channel_id", sa.String(32), nullable=False),
    sa.Column("tsv", TSVECTOR, nullable=False),
    sa.Index("ix_paragraph_search_tsv", "tsv", postgresql_using="gin"),
)

# SQLite's half is an FTS5 virtual table (created by bot.storage.library) whose rowids
# number channels in ranges: a channel's number, then the article id, then the paragraph.
# Created on SQLite only.
sqlite_search_metadata = sa.MetaData()

search_channels = sa.Table(
    "search_channels",
    sqlite_search_metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("team_id", sa.String(32), nullable=False),
    sa.Column("channel_id", sa.String(32), nullable=False),
    sa.UniqueConstraint("team_id", "channel_id", name="uq_search_channels"),
)

job_replies = sa.Table(
    "job_replies",
    metadata,
    sa.Column("job_id", sa.Integer, primary_key=True),
    sa.Column("step", sa.String(64), primary_key=True),
    sa.Column("ts", sa.String(32), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
)


def param(name: str) -> sa.BindParameter[Any]:
    """The bound parameter ``p_<name>`` of a prepared statement."""
    # "p_" keeps bound names apart from column names, which INSERT/UPDATE reserve
    return sa.bindparam(f"p_{name}")


def overwrite_on_conflict(statement: Any, keys: Sequence[str], columns: Sequence[str]) -> Any:
    """``statement`` (a dialect's INSERT) that, when a row with the same ``keys`` exists,
    overwrites that row's ``columns`` with the new row's values instead."""
    return statement.on_conflict_do_update(
        index_elements=list(keys), set_={c: statement.excluded[c] for c in columns}
    )


def require_str(name: str, value: object, *, allow_empty: bool = False) -> str:
    """``value`` if it is a string (non-empty unless ``allow_empty``), else UsageError."""
    if not isinstance(value, str):
        raise UsageError(f"{name} must be a string, got {type(value).__name__}.")
    if not allow_empty and not value:
        raise UsageError(f"{name} must not be empty.")
    return value
