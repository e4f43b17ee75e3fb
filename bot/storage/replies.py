"""The job_replies table: which Slack message each job posted for each step, so a
job that runs again (after a lost lease) does not post twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from bot.errors import UsageError
from bot.storage.database import Database
from bot.storage.schema import job_replies, param, require_str


class ReplyStatements:
    """The reply statements, built once per Store."""

    def __init__(self, insert: Callable[[sa.Table], Any]) -> None:
        self.record_reply = (
            insert(job_replies)
            .values(job_id=param("job"), step=param("step"), ts=param("ts"), created_at=param("now"))
            .on_conflict_do_nothing(index_elements=["job_id", "step"])
        )
        self.reply_for = sa.select(job_replies.c.ts).where(
            job_replies.c.job_id == param("job"), job_replies.c.step == param("step")
        )


class ReplyRows(Database):
    """Store methods for posted replies (a mixin of Store, which sets ``_reply_sql``)."""

    _reply_sql: ReplyStatements

    def record_reply(self, job_id: int, step: str, ts: str) -> None:
        """Remember that ``job_id`` posted message ``ts`` for ``step``. The first record wins."""
        if not isinstance(job_id, int) or isinstance(job_id, bool):
            raise UsageError("job_id must be an integer.")
        require_str("step", step)
        require_str("ts", ts)
        params = {"p_job": job_id, "p_step": step, "p_ts": ts, "p_now": self.clock.now()}
        stmt = self._reply_sql.record_reply
        self._run(lambda c: c.execute(stmt, params), write=True)

    def reply_for(self, job_id: int, step: str) -> str | None:
        params = {"p_job": job_id, "p_step": step}
        stmt = self._reply_sql.reply_for
        return self._run(lambda c: c.execute(stmt, params).scalar_one_or_none(), write=False)
