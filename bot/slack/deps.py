"""What the listeners need, built once per process in bot.slack.app."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.jobs.payloads import Payload
from bot.jobs.queue import Queue
from bot.settings import Settings
from bot.storage.store import Store

log = logging.getLogger(__name__)


def team_of(context: Any, body: dict, event: dict | None = None) -> str:
    """The workspace a request comes from: Bolt's context, else the payload's own field
    (``team_id`` in events and commands, ``team.id`` in interactions, ``team`` in an
    event)."""
    return str(
        context.team_id
        or body.get("team_id")
        or (body.get("team") or {}).get("id")
        or (event or {}).get("team")
        or ""
    )


@dataclass(frozen=True)
class Deps:
    settings: Settings
    store: Store
    queue: Queue
    wake: Callable[[], None] = lambda: None
    installation_store: Any = None  # slack_sdk's InstallationStore when OAuth is on

    def enqueue(self, payload: Payload, *, dedupe_key: str) -> bool:
        """Record the job durably (before Slack gets its acknowledgement); False for a
        duplicate delivery, which adds nothing."""
        fresh = self.queue.enqueue(
            payload.KIND, payload.to_json(), dedupe_key=dedupe_key, team_id=payload.team_id
        )
        if fresh:
            self.wake()
        else:
            log.info("duplicate delivery %s ignored", dedupe_key)
        return fresh
