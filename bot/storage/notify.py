"""LISTEN/NOTIFY on PostgreSQL: enqueueing a job wakes the workers of every process
at once instead of at their next poll."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy import exc

from bot.errors import StoreError, UsageError
from bot.storage.database import Database

NOTIFY_CHANNEL = "summarybot_jobs"


def notify_new_job(conn: sa.Connection) -> None:
    """Inside an enqueue's transaction: delivered at commit, so listeners wake at once."""
    conn.execute(sa.text(f"NOTIFY {NOTIFY_CHANNEL}"))


class Notifications(Database):
    """The Store's ``notifications`` (a mixin of Store)."""

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
            if driver is None:
                raise StoreError("The database could not be reached.")
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
