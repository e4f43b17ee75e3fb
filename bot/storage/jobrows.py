"""The jobs table: low-level, policy-free row operations for bot.jobs.queue.Queue
(insert with dedupe, claim with a lease, fenced updates, counts, purge).

The queue *policy* (backoff, attempts, lease lengths) lives in bot.jobs.queue;
this module only reads and writes rows atomically. Every change to a claimed
job is fenced on (id, worker_id, attempts, status='running') so a worker whose
lease was taken over cannot overwrite the new owner's state.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from bot.storage.database import Database
from bot.storage.notify import notify_new_job
from bot.storage.schema import DONE, FAILED, QUEUED, RUNNING, STATUSES, job_replies, jobs, param


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    team_id: str
    payload: dict
    attempts: int
    dedupe_key: str


def _ready(now: sa.BindParameter[Any]) -> sa.ColumnElement[bool]:
    """A job that may be claimed: queued and due, or running with an expired lease."""
    return sa.or_(
        sa.and_(jobs.c.status == QUEUED, jobs.c.available_at <= now),
        sa.and_(jobs.c.status == RUNNING, jobs.c.lease_until < now),
    )


class JobStatements:
    """The job statements of the hot paths, built once per Store: building a
    statement and its cache key costs more than running it on an indexed row."""

    def __init__(self, insert: Callable[[sa.Table], Any]) -> None:
        self.insert_job = (
            insert(jobs)
            .values(
                kind=param("kind"),
                team_id=param("team"),
                payload=param("payload"),
                dedupe_key=param("key"),
                status=QUEUED,
                attempts=0,
                available_at=param("now"),
                created_at=param("now"),
                updated_at=param("now"),
            )
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(jobs.c.id)
        )
        now = param("now")
        # Idle polls stay read-only: no write lock on SQLite, no row locks on PostgreSQL.
        self.claim_probe = sa.select(sa.literal(1)).where(_ready(now)).limit(1)
        # A job whose worker died max_attempts times (a poison job that kills
        # the process) is given up here, since no handler ever reports it.
        poisoned = (
            sa.select(jobs.c.id)
            .where(
                jobs.c.status == RUNNING,
                jobs.c.lease_until < now,
                jobs.c.attempts >= param("max_attempts"),
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
            # the kinds a person waits on (p_first) before the rest, then oldest first
            .order_by(
                sa.case((jobs.c.kind.in_(sa.bindparam("p_first", expanding=True)), 0), else_=1),
                jobs.c.available_at,
                jobs.c.id,
            )
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        self.claim = (
            sa.update(jobs)
            .where(jobs.c.id == ready.scalar_subquery())
            .values(
                status=RUNNING,
                worker_id=param("worker"),
                attempts=jobs.c.attempts + 1,
                lease_until=param("lease_until"),
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
                    jobs.c.id == param("job"),
                    jobs.c.worker_id == param("worker"),
                    jobs.c.attempts == param("attempts"),
                    jobs.c.status == RUNNING,
                )
                # "v_": the new attempts must not share a name with the fenced one
                .values({c: sa.bindparam(f"v_{c}") for c in columns})
            )
            with self._lock:
                stmt = self._claimed_updates.setdefault(columns, stmt)
        return stmt


class JobRows(Database):
    """Store methods for job rows (a mixin of Store, which sets ``_job_sql``)."""

    _job_sql: JobStatements

    def insert_job(self, *, kind: str, team_id: str, payload_json: str, dedupe_key: str) -> bool:
        params = {
            "p_kind": kind,
            "p_team": team_id,
            "p_payload": payload_json,
            "p_key": dedupe_key,
            "p_now": self.clock.now(),
        }
        stmt = self._job_sql.insert_job

        def insert(conn: sa.Connection) -> bool:
            inserted = conn.execute(stmt, params).first() is not None
            if inserted and self.is_postgres:
                notify_new_job(conn)
            return inserted

        return self._run(insert, write=True)

    def claim_job(
        self, worker_id: str, *, lease_seconds: float, max_attempts: int, first: Sequence[str] = ()
    ) -> Job | None:
        """Lease the oldest ready job (queued and due, or running with an expired lease),
        one of the kinds ``first`` if any is ready."""
        sql = self._job_sql
        probe_params = {"p_now": self.clock.now()}
        if self._run(lambda c: c.execute(sql.claim_probe, probe_params).first(), write=False) is None:
            return None

        def claim(conn: sa.Connection) -> Job | None:
            self._relaxed_commit(conn)
            now = self.clock.now()
            conn.execute(sql.give_up_poisoned, {"p_now": now, "p_max_attempts": max_attempts})
            row = conn.execute(
                sql.claim,
                {"p_now": now, "p_worker": worker_id, "p_lease_until": now + lease_seconds,
                 "p_first": list(first)},
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
        values["updated_at"] = self.clock.now()
        stmt = self._job_sql.update_claimed(tuple(sorted(values)))
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
        stmt = self._job_sql.job_counts

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
