"""The job queue: durable units of work with leases, retries and dedupe.

The Slack side enqueues each event before acknowledging it (so a crash after
the acknowledgement loses nothing) and a Worker claims jobs through the
database. A job is leased: if its worker dies, the lease runs out and another
worker takes it over, so a job may run more than once; handlers make their
side effects idempotent with ``Store.record_reply`` / ``Store.reply_for``.

Times (leases, backoff, purge ages) come from the store's clock, so a test can
move time forward instead of waiting for a lease to run out.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta

from bot.errors import SummarybotError, UsageError
from bot.storage.jobrows import Job
from bot.storage.schema import DONE, FAILED, QUEUED
from bot.storage.store import Store

log = logging.getLogger(__name__)

__all__ = ["Job", "Queue", "RetryableError"]

MAX_ERROR_CHARS = 2000


class RetryableError(SummarybotError):
    """A temporary failure (Slack 5xx, timeouts): run the job again later."""


class Queue:
    """Queue semantics on top of a Store. Thread-safe; one per process is enough."""

    def __init__(
        self,
        store: Store,
        *,
        lease_seconds: float = 60,
        max_attempts: int = 5,
        backoff_seconds: float = 5.0,
        max_backoff_seconds: float = 600.0,
        first: tuple[str, ...] = (),
    ) -> None:
        """``first``: job kinds claimed before any other ready job (what a person is
        waiting on: an answer, a click), so they never queue behind long work."""
        if not isinstance(store, Store):
            raise UsageError("Queue needs a Store.")
        if not lease_seconds > 0:
            raise UsageError("lease_seconds must be positive.")
        if not isinstance(max_attempts, int) or max_attempts < 1:
            raise UsageError("max_attempts must be a whole number of at least 1.")
        if backoff_seconds < 0 or max_backoff_seconds < backoff_seconds:
            raise UsageError("backoff_seconds must be >= 0 and <= max_backoff_seconds.")
        self.store = store
        self.clock = store.clock
        self.lease_seconds = float(lease_seconds)
        self.max_attempts = max_attempts
        self.backoff_seconds = float(backoff_seconds)
        self.max_backoff_seconds = float(max_backoff_seconds)
        if not isinstance(first, tuple) or not all(isinstance(k, str) and k for k in first):
            raise UsageError("first must be a tuple of job kinds.")
        self.first = first

    def enqueue(self, kind: str, payload: dict, *, dedupe_key: str, team_id: str = "") -> bool:
        """Record a job durably. False when ``dedupe_key`` was already seen (a retry
        or a duplicate delivery): then nothing is added."""
        if not isinstance(kind, str) or not kind or len(kind) > 64:
            raise UsageError("kind must be a non-empty string of at most 64 characters.")
        if not isinstance(dedupe_key, str) or not dedupe_key or len(dedupe_key) > 255:
            raise UsageError("dedupe_key must be a non-empty string of at most 255 characters.")
        if not isinstance(team_id, str):
            raise UsageError("team_id must be a string.")
        if not isinstance(payload, dict):
            raise UsageError("payload must be a dict.")
        try:
            payload_json = json.dumps(payload, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as err:
            raise UsageError(f"payload must be JSON-serializable: {err}") from None
        return self.store.insert_job(
            kind=kind, team_id=team_id, payload_json=payload_json, dedupe_key=dedupe_key
        )

    def claim(self, worker_id: str) -> Job | None:
        """Lease the next ready job, or None. Takes over jobs whose lease expired."""
        _check_worker(worker_id)
        return self.store.claim_job(
            worker_id, lease_seconds=self.lease_seconds, max_attempts=self.max_attempts,
            first=self.first,
        )

    def heartbeat(self, job: Job, worker_id: str) -> bool:
        """Extend the lease. False when the job is no longer ours (lease lost)."""
        return self.store.update_claimed_job(
            job, worker_id, lease_until=self.clock.now() + self.lease_seconds
        )

    def complete(self, job: Job, worker_id: str) -> None:
        if not self.store.update_claimed_job(
            job, worker_id, status=DONE, lease_until=None, last_error=None
        ):
            log.warning("job %s: completed after its lease was taken over", job.id)

    def fail(self, job: Job, worker_id: str, error: str, *, retry: bool) -> None:
        """Record a failure; retry later with exponential backoff, or give up for good
        (status 'failed') when ``retry`` is False or attempts are exhausted."""
        error = str(error)[:MAX_ERROR_CHARS]
        if retry and job.attempts < self.max_attempts:
            delay = self.backoff(job.attempts)
            ok = self.store.update_claimed_job(
                job,
                worker_id,
                status=QUEUED,
                lease_until=None,
                available_at=self.clock.now() + delay,
                last_error=error,
            )
            if ok:
                log.info(
                    "job %s: attempt %d failed, retrying in %.1fs", job.id, job.attempts, delay
                )
        else:
            ok = self.store.update_claimed_job(
                job, worker_id, status=FAILED, lease_until=None, last_error=error
            )
            if ok:
                log.warning("job %s: gave up after %d attempts: %s", job.id, job.attempts, error)
        if not ok:
            log.warning("job %s: failed after its lease was taken over", job.id)

    def release(self, job: Job, worker_id: str) -> None:
        """Give a job back (graceful shutdown) without counting the attempt."""
        self.store.update_claimed_job(
            job,
            worker_id,
            status=QUEUED,
            lease_until=None,
            available_at=self.clock.now(),
            attempts=job.attempts - 1,
        )

    def backoff(self, attempts: int) -> float:
        """Delay before the next try after ``attempts`` tries: exponential, capped, jittered
        so jobs failed together by one outage do not all come back at once."""
        base = min(self.max_backoff_seconds, self.backoff_seconds * 2 ** max(0, attempts - 1))
        return base * random.uniform(1.0, 1.25)  # noqa: S311 - jitter, not security

    def counts(self) -> dict[str, int]:
        """Jobs by status: queued, running, done, failed."""
        return self.store.job_counts()

    def purge(self, older_than: timedelta) -> int:
        """Delete done and failed jobs (with their dedupe keys) untouched for ``older_than``."""
        if not isinstance(older_than, timedelta) or older_than < timedelta(0):
            raise UsageError("older_than must be a non-negative timedelta.")
        return self.store.purge_jobs(self.clock.now() - older_than.total_seconds())

    def notifications(self) -> AbstractContextManager[Callable[[float], bool]] | None:
        """A LISTEN channel for new jobs on PostgreSQL; None on SQLite."""
        return self.store.notifications() if self.store.is_postgres else None


def _check_worker(worker_id: str) -> None:
    if not isinstance(worker_id, str) or not worker_id or len(worker_id) > 128:
        raise UsageError("worker_id must be a non-empty string of at most 128 characters.")
