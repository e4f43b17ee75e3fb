"""The database connection: engines for SQLite and PostgreSQL, SQLite's pragmas and
transaction handling, transactions with retries, and table creation.

SQLite (one process, several threads) is the default; PostgreSQL lets several
processes share the work.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import zlib
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Self, TypeVar

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

from bot.errors import ConfigError, StoreError, UsageError
from bot.storage.clock import Clock, SystemClock

log = logging.getLogger(__name__)

T = TypeVar("T")

_SCHEMA_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# Disconnects and "database is locked" are worth retrying; the budget stays
# short because enqueue runs inside Slack's 3-second acknowledgement window.
_RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8)


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


class Database:
    """An engine, the clock stored times come from, and transactions that retry
    disconnects and lock timeouts. The base of Store; thread-safe."""

    def __init__(self, url: str, *, schema: str | None = None, clock: Clock | None = None) -> None:
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
        if clock is not None and not callable(getattr(clock, "now", None)):
            raise UsageError("clock must have a now() method.")
        self.schema = schema
        # Every stored time comes from here (the Queue reads it too).
        self.clock: Clock = clock if clock is not None else SystemClock()
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

    @classmethod
    def from_settings(cls, settings: Any) -> Self:
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

    # ------------------------------------------------- for the table modules

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

    def _transaction(self, write: bool) -> Any:
        conn = self.engine.connect()
        if not self.is_postgres and write:
            # Take SQLite's write lock up front: a deferred transaction that later
            # writes can fail with "database is locked" without waiting.
            conn = conn.execution_options(sqlite_immediate=True)
        return conn

    def _insert(self, table: sa.Table) -> Any:
        """INSERT with this dialect's ON CONFLICT support."""
        return (postgresql.insert if self.is_postgres else sqlite.insert)(table)


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
