"""Bolt listeners. Each only validates and enqueues durably, then returns so
Bolt acknowledges Slack (``process_before_response``); the job worker does the work."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.jobs.queue import Queue
from bot.storage.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Deps:
    """What the listeners need; built once per process in bot.slack.app."""

    settings: Any
    store: Store
    queue: Queue
    wake: Callable[[], None] = lambda: None
    installation_store: Any = None  # slack_sdk InstallationStore when OAuth is on

    def enqueue(self, kind: str, payload: dict, *, dedupe_key: str, team_id: str) -> bool:
        fresh = self.queue.enqueue(kind, payload, dedupe_key=dedupe_key, team_id=team_id)
        if fresh:
            self.wake()
        else:
            log.info("duplicate delivery %s ignored", dedupe_key)
        return fresh


def register_all(app: Any, deps: Deps) -> None:
    from bot.slack.listeners import commands, events, messages

    messages.register(app, deps)
    commands.register(app, deps)
    # last: its catch-alls must not shadow the listeners above
    events.register(app, deps)
