"""Durable storage: articles per Slack thread, the job table and posted replies.

This is the only module that imports SQLAlchemy. SQLite (one process, several
threads) is the default; PostgreSQL lets several processes share the work.
The queue *policy* (backoff, attempts, leases) lives in bot/jobs.py; this
module only knows how to read and write rows atomically.

Times are stored as UNIX epoch seconds (floats) taken from the application
clock: comparisons are trivial on both databases, and leases are tens of
seconds, far above the skew of NTP-synchronized hosts.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

from bot.document import Document
from bot.errors import ConfigError, StoreError, UsageError

log = logging.getLogger(__name__)

T = TypeVar("T")

# Job statuses. 'running' rows carry a lease; an expired lease means the worker died.
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATUSES = (QUEUED, RUNNING, DONE, FAILED)

NOTIFY_CHANNEL = "summarybot_jobs"

_SCHEMA_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# Disconnects and "database is locked" are worth retrying; the budget stays
# short because enqueue runs inside Slack's 3-second acknowledgement window.
_RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8)

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

job_replies = sa.Table(
    "job_replies",
    metadata,
    sa.Column("job_id", sa.Integer, primary_key=True),
    sa.Column("step", sa.String(64), primary_key=True),
    sa.Column("ts", sa.String(32), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
)


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
class Job:
    id: int
    kind: str
    team_id: str
    payload: dict
    attempts: int
    dedupe_key: str


def normalize_url(url: str) -> str:
    """Map the usual ``postgres://`` / ``postgresql://`` spellings to psycopg 3."""
    if not isinstance(url, str) or not url.strip():
        raise UsageError("The database URL is empty.")
    url = url.strip()
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if url.startswith(("postgresql+psycopg://", "sqlite:")):
        return url
    raise UsageError("The database URL must start with sqlite:/// or postgresql://.")


def epoch_now() -> float:
    """Seconds since the epoch; the time base of every stored timestamp."""
    return time.time()


def _require_str(name: str, value: object, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise UsageError(f"{name} must be a string, got {type(value).__name__}.")
    if not allow_empty and not value:
        raise UsageError(f"{name} must not be empty.")
    return value


def _document_json(document: Document) -> str:
    data = document.to_dict()
    data["meta"] = [list(kv) for kv in document.meta]
    return json.dumps(data, ensure_ascii=False)


def _document_from_json(raw: str) -> Document:
    data = json.loads(raw)
    meta = tuple((str(k), str(v)) for k, v in data.get("meta") or ())
    return replace(Document.from_dict(data), meta=meta)


def _p(name: str) -> sa.BindParameter[Any]:
    # "p_" keeps bound names apart from column names, which INSERT/UPDATE reserve
    return sa.bindparam(f"p_{name}")


def _ready(now: sa.BindParameter[Any]) -> sa.ColumnElement[bool]:
    """A job that may be claimed: queued and due, or running with an expired lease."""
    return sa.or_(
        sa.and_(jobs.c.status == QUEUED, jobs.c.available_at <= now),
        sa.and_(jobs.c.status == RUNNING, jobs.c.lease_until < now),
    )


class _Statements:
    """Every statement of the hot paths, built once per Store: building a statement
    and its cache key costs more than running it on an indexed row."""

    def __init__(self, insert: Callable[[sa.Table], Any]) -> None:
        thread = (
            articles.c.team_id == _p("team"),
            articles.c.channel_id == _p("channel"),
            articles.c.thread_ts == _p("thread"),
        )
        self.has_article = sa.select(sa.literal(1)).select_from(articles).where(*thread).limit(1)
        self.article_for_thread = sa.select(articles).where(*thread)
        self.latest_article = (
            sa.select(articles)
            .where(articles.c.team_id == _p("team"), articles.c.channel_id == _p("channel"))
            .order_by(articles.c.updated_at.desc(), articles.c.id.desc())
            .limit(1)
        )
        save = insert(articles).values(
            team_id=_p("team"),
            channel_id=_p("channel"),
            thread_ts=_p("thread"),
            source=_p("source"),
            title=_p("title"),
            document=_p("document"),
            created_at=_p("now"),
            updated_at=_p("now"),
        )
        self.save_article = save.on_conflict_do_update(
            index_elements=["team_id", "channel_id", "thread_ts"],
            set_={
                "source": save.excluded.source,
                "title": save.excluded.title,
                "document": save.excluded.document,
                "updated_at": save.excluded.updated_at,
            },
        ).returning(articles.c.id)
        self.record_reply = (
            insert(job_replies)
            .values(job_id=_p("job"), step=_p("step"), ts=_p("ts"), created_at=_p("now"))
            .on_conflict_do_nothing(index_elements=["job_id", "step"])
        )
        self.reply_for = sa.select(job_replies.c.ts).where(
            job_replies.c.job_id == _p("job"), job_replies.c.step == _p("step")
        )
        self.insert_job = (
            insert(jobs)
            .values(
                kind=_p("kind"),
                team_id=_p("team"),
                payload=_p("payload"),
                dedupe_key=_p("key"),
                status=QUEUED,
                attempts=0,
                available_at=_p("now"),
                created_at=_p("now"),
                updated_at=_p("now"),
            )
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(jobs.c.id)
        )
        now = _p("now")
        # Idle polls stay read-only: no write lock on SQLite, no row locks on PostgreSQL.
        self.claim_probe = sa.select(sa.literal(1)).where(_ready(now)).limit(1)
        # A job whose worker died max_attempts times (a poison job that kills
        # the process) is given up here, since no handler ever reports it.
        poisoned = (
            sa.select(jobs.c.id)
            .where(
                jobs.c.status == RUNNING,
                jobs.c.lease_until < now,
                jobs.c.attempts >= _p("max_attempts"),
            )
            .with_for_update(skip_locked=True)
        )
        self.give_up_poisoned = (
            sa.update(jobs)
            .where(jobs.c.id.in_(poisoned))
            .values(
                status=FAILED,
                lease_until=None,
                last_error="The worker stopped responding too many times.",
                updated_at=now,
            )
        )
        ready = (
            sa.select(jobs.c.id)
            .where(_ready(now))
            .order_by(jobs.c.available_at, jobs.c.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        self.claim = (
            sa.update(jobs)
            .where(jobs.c.id == ready.scalar_subquery())
            .values(
                status=RUNNING,
                worker_id=_p("worker"),
                attempts=jobs.c.attempts + 1,
                lease_until=_p("lease_until"),
                updated_at=now,
            )
            .returning(
                jobs.c.id,
                jobs.c.kind,
                jobs.c.team_id,
                jobs.c.payload,
                jobs.c.attempts,
                jobs.c.dedupe_key,
            )
        )
        self.job_counts = sa.select(jobs.c.status, sa.func.count()).group_by(jobs.c.status)
        self._claimed_updates: dict[tuple[str, ...], Any] = {}
        self._lock = threading.Lock()

    def update_claimed(self, columns: tuple[str, ...]) -> Any:
        """UPDATE of a claimed job setting ``columns`` (bound as ``v_<column>``)."""
        stmt = self._claimed_updates.get(columns)
        if stmt is None:
            stmt = (
                sa.update(jobs)
                .where(
                    jobs.c.id == _p("job"),
                    jobs.c.worker_id == _p("worker"),
                    jobs.c.attempts == _p("attempts"),
                    jobs.c.status == RUNNING,
                )
                # "v_": the new attempts must not share a name with the fenced one
                .values({c: sa.bindparam(f"v_{c}") for c in columns})
            )
            with self._lock:
                stmt = self._claimed_updates.setdefault(columns, stmt)
        return stmt


class Store:
    """Articles, jobs and replies in one database. Thread-safe; share one per process."""

    def __init__(self, url: str, *, schema: str | None = None) -> None:
        url = normalize_url(url)
        parsed = make_url(url)
        self.is_postgres = parsed.get_backend_name() == "postgresql"
        if schema is not None:
            if not self.is_postgres:
                raise UsageError("The schema option is only supported on PostgreSQL.")
            if not _SCHEMA_RE.match(schema):
                raise UsageError(
                    "The schema name must be lower-case letters, digits and underscores."
                )
        self.schema = schema
        # Lets operators (and tests) find this store's sessions in pg_stat_activity.
        self.application_name = f"summarybot.{schema}" if schema else "summarybot"
        self._memory_lock: threading.RLock | None = None
        if self.is_postgres:
            connect_args: dict[str, Any] = {
                "application_name": self.application_name,
                "connect_timeout": 10,
            }
            if schema:
                connect_args["options"] = f"-csearch_path={schema}"
            self.engine: sa.Engine = sa.create_engine(
                url, pool_pre_ping=True, pool_size=10, max_overflow=10, connect_args=connect_args
            )
        else:
            database = parsed.database or ""
            if database in ("", ":memory:"):
                # One shared connection, serialized: an in-memory database exists
                # only inside its connection.
                self._memory_lock = threading.RLock()
                self.engine = sa.create_engine(
                    url, poolclass=StaticPool, connect_args={"check_same_thread": False}
                )
            else:
                self.engine = sa.create_engine(
                    url, connect_args={"check_same_thread": False, "timeout": 30}
                )
            _configure_sqlite(self.engine)
        self._sql = _Statements(self._insert)
        self._create_tables()

    @classmethod
    def from_settings(cls, settings: Any) -> Store:
        try:
            url = normalize_url(settings.database_url)
        except UsageError as err:
            raise ConfigError(f"DATABASE_URL: {err}") from None
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            try:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError(
                    f"Cannot create the data directory {Path(parsed.database).parent}: "
                    f"{err.strerror}."
                ) from None
        return cls(url)

    # ---------------------------------------------------------------- plumbing

    def _create_tables(self) -> None:
        self.create_tables(metadata)

    def create_tables(self, *metadatas: sa.MetaData) -> None:
        """Create the tables of ``metadatas`` if missing, safely when several processes
        start at once (e.g. slack_sdk's installation and OAuth state stores)."""

        def create(conn: sa.Connection) -> None:
            if self.is_postgres:
                # CREATE ... IF NOT EXISTS still races in PostgreSQL (unique violation
                # in pg_type) when two processes start together; serialize them.
                lock_key = zlib.crc32(f"summarybot:{self.schema or ''}".encode())
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key})
                if self.schema:
                    conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"'))
                    # search_path was fixed at connect time, maybe before the schema existed.
                    conn.execute(
                        sa.text("SELECT set_config('search_path', :p, true)"),
                        {"p": self.schema},
                    )
            for md in metadatas:
                md.create_all(conn)

        self._run(create, write=True)

    def _transaction(self, write: bool) -> Any:
        conn = self.engine.connect()
        if not self.is_postgres and write:
            # Take SQLite's write lock up front: a deferred transaction that later
            # writes can fail with "database is locked" without waiting.
            conn = conn.execution_options(sqlite_immediate=True)
        return conn

    def _run(self, fn: Callable[[sa.Connection], T], *, write: bool) -> T:
        """Run ``fn`` in one transaction, retrying disconnects and lock timeouts."""
        lock = self._memory_lock if self._memory_lock is not None else nullcontext()
        for attempt, delay in enumerate((*_RETRY_DELAYS, None)):
            try:
                with lock, self._transaction(write) as conn, conn.begin():
                    return fn(conn)
            except exc.OperationalError as err:
                # err.orig: the driver's message, without SQL parameters (documents are big).
                if delay is None:
                    log.warning("database unavailable after %d attempts: %s", attempt + 1, err.orig)
                    raise StoreError("The database could not be reached.") from err
                log.info("database error (retrying in %.2fs): %s", delay, err.orig)
                time.sleep(delay)
            except exc.SQLAlchemyError as err:
                log.error("database error: %s: %s", type(err).__name__, getattr(err, "orig", err))
                raise StoreError("The database could not be used.") from err
        raise AssertionError("unreachable")

    def ping(self) -> None:
        """Raises StoreError when the database cannot be reached."""
        try:
            with self.engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
        except exc.SQLAlchemyError as err:
            raise StoreError("The database could not be reached.") from err

    def close(self) -> None:
        self.engine.dispose()

    def after_fork(self) -> None:
        """Call in a forked child (e.g. gunicorn post_fork) before using the store:
        pooled connections inherited from the parent must not be shared."""
        self.engine.dispose(close=False)

    def _insert(self, table: sa.Table) -> Any:
        return (postgresql.insert if self.is_postgres else sqlite.insert)(table)

    # ---------------------------------------------------------------- articles

    def save_article(
        self, *, team_id: str, channel_id: str, thread_ts: str, document: Document
    ) -> int:
        """Store the article of a thread, replacing an earlier one. Returns its id."""
        _require_str("team_id", team_id, allow_empty=True)
        _require_str("channel_id", channel_id)
        _require_str("thread_ts", thread_ts)
        if not isinstance(document, Document):
            raise UsageError("document must be a Document.")
        params = {
            "p_team": team_id,
            "p_channel": channel_id,
            "p_thread": thread_ts,
            "p_source": document.source,
            "p_title": document.title,
            "p_document": _document_json(document),
            "p_now": epoch_now(),
        }
        stmt = self._sql.save_article
        return self._run(lambda c: int(c.execute(stmt, params).scalar_one()), write=True)

    def has_article(self, team_id: str, channel_id: str, thread_ts: str) -> bool:
        """Whether the thread has an article: one index probe, the document unread
        (it runs before Slack's acknowledgement)."""
        _require_str("team_id", team_id, allow_empty=True)
        _require_str("channel_id", channel_id)
        _require_str("thread_ts", thread_ts)
        params = {"p_team": team_id, "p_channel": channel_id, "p_thread": thread_ts}
        stmt = self._sql.has_article
        return self._run(lambda c: c.execute(stmt, params).first() is not None, write=False)

    def article_for_thread(
        self, team_id: str, channel_id: str, thread_ts: str
    ) -> StoredArticle | None:
        _require_str("team_id", team_id, allow_empty=True)
        _require_str("channel_id", channel_id)
        _require_str("thread_ts", thread_ts)
        params = {"p_team": team_id, "p_channel": channel_id, "p_thread": thread_ts}
        stmt = self._sql.article_for_thread
        return self._run(lambda c: _article(c.execute(stmt, params).first()), write=False)

    def latest_article(self, team_id: str, channel_id: str) -> StoredArticle | None:
        """The most recently saved article of one channel of one workspace."""
        _require_str("team_id", team_id, allow_empty=True)
        _require_str("channel_id", channel_id)
        params = {"p_team": team_id, "p_channel": channel_id}
        stmt = self._sql.latest_article
        return self._run(lambda c: _article(c.execute(stmt, params).first()), write=False)

    def delete_team(self, team_id: str) -> None:
        """Forget a workspace (app uninstalled): its articles, jobs and their replies."""
        _require_str("team_id", team_id)

        def delete(conn: sa.Connection) -> None:
            team_jobs = sa.select(jobs.c.id).where(jobs.c.team_id == team_id)
            conn.execute(sa.delete(job_replies).where(job_replies.c.job_id.in_(team_jobs)))
            conn.execute(sa.delete(jobs).where(jobs.c.team_id == team_id))
            conn.execute(sa.delete(articles).where(articles.c.team_id == team_id))

        self._run(delete, write=True)

    # ---------------------------------------------------------------- replies

    def record_reply(self, job_id: int, step: str, ts: str) -> None:
        """Remember that ``job_id`` posted message ``ts`` for ``step``. The first record wins."""
        if not isinstance(job_id, int) or isinstance(job_id, bool):
            raise UsageError("job_id must be an integer.")
        _require_str("step", step)
        _require_str("ts", ts)
        params = {"p_job": job_id, "p_step": step, "p_ts": ts, "p_now": epoch_now()}
        stmt = self._sql.record_reply
        self._run(lambda c: c.execute(stmt, params), write=True)

    def reply_for(self, job_id: int, step: str) -> str | None:
        params = {"p_job": job_id, "p_step": step}
        stmt = self._sql.reply_for
        return self._run(lambda c: c.execute(stmt, params).scalar_one_or_none(), write=False)

    # ---------------------------------------------------------------- job rows
    # Low-level, policy-free operations used by bot.jobs.queue.Queue. Every change to a
    # claimed job is fenced on (id, worker_id, attempts, status='running') so a
    # worker whose lease was taken over cannot overwrite the new owner's state.

    def insert_job(self, *, kind: str, team_id: str, payload_json: str, dedupe_key: str) -> bool:
        params = {
            "p_kind": kind,
            "p_team": team_id,
            "p_payload": payload_json,
            "p_key": dedupe_key,
            "p_now": epoch_now(),
        }
        stmt = self._sql.insert_job

        def insert(conn: sa.Connection) -> bool:
            inserted = conn.execute(stmt, params).first() is not None
            if inserted and self.is_postgres:
                # Delivered at commit; workers LISTENing wake at once.
                conn.execute(sa.text(f"NOTIFY {NOTIFY_CHANNEL}"))
            return inserted

        return self._run(insert, write=True)

    def claim_job(self, worker_id: str, *, lease_seconds: float, max_attempts: int) -> Job | None:
        """Lease the oldest ready job: queued and due, or running with an expired lease."""
        sql = self._sql
        probe_params = {"p_now": epoch_now()}
        if self._run(lambda c: c.execute(sql.claim_probe, probe_params).first(), write=False) is None:
            return None

        def claim(conn: sa.Connection) -> Job | None:
            self._relaxed_commit(conn)
            now = epoch_now()
            conn.execute(sql.give_up_poisoned, {"p_now": now, "p_max_attempts": max_attempts})
            row = conn.execute(
                sql.claim,
                {"p_now": now, "p_worker": worker_id, "p_lease_until": now + lease_seconds},
            ).first()
            if row is None:
                return None
            return Job(
                id=row.id,
                kind=row.kind,
                team_id=row.team_id,
                payload=json.loads(row.payload),
                attempts=row.attempts,
                dedupe_key=row.dedupe_key,
            )

        return self._run(claim, write=True)

    def update_claimed_job(self, job: Job, worker_id: str, **values: Any) -> bool:
        """Change a job this worker holds; False when the lease was lost."""
        values["updated_at"] = epoch_now()
        stmt = self._sql.update_claimed(tuple(sorted(values)))
        params = {f"v_{k}": v for k, v in values.items()}
        params.update({"p_job": job.id, "p_worker": worker_id, "p_attempts": job.attempts})

        def update(conn: sa.Connection) -> bool:
            self._relaxed_commit(conn)
            return conn.execute(stmt, params).rowcount == 1

        return self._run(update, write=True)

    def _relaxed_commit(self, conn: sa.Connection) -> None:
        # Claims, heartbeats and outcomes may skip the WAL flush wait: losing one in a
        # server crash only makes a job run again, which handlers already tolerate
        # (record_reply stays fully durable). Enqueue is never relaxed.
        if self.is_postgres:
            conn.execute(sa.text("SET LOCAL synchronous_commit TO OFF"))

    def job_counts(self) -> dict[str, int]:
        stmt = self._sql.job_counts

        def count(conn: sa.Connection) -> dict[str, int]:
            out = dict.fromkeys(STATUSES, 0)
            out.update({status: int(n) for status, n in conn.execute(stmt)})
            return out

        return self._run(count, write=False)

    def job_row(self, job_id: int) -> dict[str, Any] | None:
        """One job as a dict (status, attempts, last_error, ...), for tests and diagnostics."""
        stmt = sa.select(jobs).where(jobs.c.id == job_id)

        def read(conn: sa.Connection) -> dict[str, Any] | None:
            row = conn.execute(stmt).first()
            return None if row is None else dict(row._mapping)

        return self._run(read, write=False)

    def purge_jobs(self, before: float) -> int:
        """Delete finished jobs (and their dedupe keys and replies) last touched before ``before``."""

        def purge(conn: sa.Connection) -> int:
            old = sa.select(jobs.c.id).where(
                jobs.c.status.in_((DONE, FAILED)), jobs.c.updated_at < before
            )
            conn.execute(sa.delete(job_replies).where(job_replies.c.job_id.in_(old)))
            return int(
                conn.execute(
                    sa.delete(jobs).where(
                        jobs.c.status.in_((DONE, FAILED)), jobs.c.updated_at < before
                    )
                ).rowcount
            )

        return self._run(purge, write=True)

    @contextmanager
    def notifications(self) -> Iterator[Callable[[float], bool]]:
        """PostgreSQL only: yields ``wait(timeout) -> bool``, True when a job was enqueued.

        Holds one connection for as long as the block lasts and discards it after;
        a dropped connection raises StoreError from ``wait`` and the caller reopens.
        """
        if not self.is_postgres:
            raise UsageError("Notifications need PostgreSQL.")
        # The driver's own exception base, without importing the driver here.
        driver_error = self.engine.dialect.loaded_dbapi.Error
        try:
            raw = self.engine.raw_connection()
        except exc.SQLAlchemyError as err:
            raise StoreError("The database could not be reached.") from err
        try:
            driver = raw.driver_connection
            try:
                driver.autocommit = True
                driver.execute(f"LISTEN {NOTIFY_CHANNEL}")
            except driver_error as err:
                raise StoreError("The database could not be reached.") from err

            def wait(timeout: float) -> bool:
                try:
                    return any(True for _ in driver.notifies(timeout=timeout, stop_after=1))
                except driver_error as err:
                    raise StoreError("Lost the database notification connection.") from err

            yield wait
        finally:
            # Never return a LISTENing session to the pool.
            raw.invalidate()


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


def _configure_sqlite(engine: sa.Engine) -> None:
    # pysqlite's own transaction handling issues BEGIN lazily and never
    # IMMEDIATE; take it over (the recipe from the SQLAlchemy docs).
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: sa.Connection) -> None:
        immediate = conn.get_execution_options().get("sqlite_immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
