"""The job worker's handler for the Slack bot: read a job's typed payload and run the
handler of its kind (bot.slack.handlers).

Nothing here knows about Bolt or HTTP requests. The Web API is injected
(``web_for(team_id, enterprise_id)`` returns a ``SlackWeb``). Slack's refusals
(``not_in_channel``, a revoked token) are logged once per team and channel and end the
job; temporary failures become RetryableError so the queue runs the job again later.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from bot.answering.index import AnswerIndex
from bot.errors import UsageError
from bot.fetching.policy import FetchPolicy
from bot.jobs.payloads import (
    ActionJob,
    AskJob,
    CommandJob,
    HomeJob,
    ShortcutJob,
    SummarizeJob,
    payload_from,
)
from bot.jobs.queue import RetryableError
from bot.settings import Settings
from bot.slack.handlers import actions, ask, command, home, shortcut, summarize
from bot.slack.handlers.indexes import INDEX_CACHE_SIZE, IndexCache
from bot.slack.handlers.turn import Turn
from bot.slack.web import SlackCallError, SlackWeb
from bot.storage.store import Job, Store, StoredArticle

log = logging.getLogger(__name__)


class Service:
    """Runs every kind of job of bot.jobs.payloads with the handler of its kind."""

    def __init__(
        self,
        *,
        store: Store,
        settings: Settings,
        web_for: Callable[[str, str | None], SlackWeb],
        policy: FetchPolicy | None = None,
        index_cache_size: int = INDEX_CACHE_SIZE,
    ) -> None:
        if not isinstance(store, Store):
            raise UsageError("Service needs a Store.")
        if not callable(web_for):
            raise UsageError("web_for must be callable.")
        self.store = store
        self.settings = settings
        self.web_for = web_for
        self.policy = policy or FetchPolicy.from_settings(settings)
        self.indexes = IndexCache(index_cache_size)
        self._reported: set[tuple[str, str, str]] = set()
        self._lock = threading.Lock()

    @property
    def index_builds(self) -> int:
        """AnswerIndex objects built so far in this process (the cache's misses)."""
        return self.indexes.builds

    def answer_index(self, article: StoredArticle) -> AnswerIndex:
        """The article's answer index, from this process's cache or built from what the
        summarizing job stored."""
        return self.indexes.get(article, lambda: self.store.vectors_for(article.id))

    def handle(self, job: Job) -> None:
        """The worker's handler. Slack refusals are logged once and end the job."""
        try:
            payload = payload_from(job.kind, job.payload)
        except (UsageError, TypeError) as err:
            log.error("job %s cannot run: %s; dropped", job.id, err)
            return
        web = self.web_for(payload.team_id or job.team_id, payload.enterprise_id)
        turn = Turn(job, web, self.store, self.settings, self.policy, self.indexes)
        try:
            refused = None
            if isinstance(payload, SummarizeJob):
                summarize.run(turn, payload)
            elif isinstance(payload, AskJob):
                ask.run(turn, payload)
            elif isinstance(payload, CommandJob):
                refused = command.run(turn, payload)
            elif isinstance(payload, ActionJob):
                actions.run(turn, payload)
            elif isinstance(payload, HomeJob):
                home.run(turn, payload)
            elif isinstance(payload, ShortcutJob):
                shortcut.run(turn, payload)
            if refused is not None:
                self._report_once(payload.team_id, payload.channel, refused)
        except SlackCallError as err:
            if err.retryable:
                raise RetryableError(str(err)) from None
            self._report_once(payload.team_id or job.team_id, payload.channel, err)

    def _report_once(self, team: str, channel: str, err: SlackCallError) -> None:
        key = (team, "" if err.auth_problem else channel, err.code)
        with self._lock:
            first = key not in self._reported
            self._reported.add(key)
        level = logging.WARNING if first else logging.DEBUG
        log.log(level, "gave up on team %s channel %s: %s", team, channel or "-", err)
