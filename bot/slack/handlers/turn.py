"""One run of one job, and how it posts: every message exactly once.

Each post is a named *step* of its job, recorded in the store after posting and tagged
with message metadata, so a job that runs again after a crash finds what it already
posted (in the store, or in the thread) and never posts it twice.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from bot.fetching.policy import FetchPolicy
from bot.settings import Settings
from bot.slack.blocks import Message, note_message
from bot.slack.handlers.indexes import IndexCache
from bot.slack.web import SlackCallError, SlackWeb, reply_metadata
from bot.storage.store import Job, Store

log = logging.getLogger(__name__)

WORKING, DONE, FAILED = "hourglass_flowing_sand", "white_check_mark", "x"


@dataclass(frozen=True)
class Turn:
    """What a handler works with: its job, the workspace's Web API, the store, the
    settings, the fetch policy and this process's answer indexes."""

    job: Job
    web: SlackWeb
    store: Store
    settings: Settings
    policy: FetchPolicy
    indexes: IndexCache

    def post(self, step: str, channel: str, thread_ts: str | None, message: Message) -> str:
        """Post ``message`` once for ``step`` of this job; its ts (the earlier one when it
        was already posted)."""
        done = self.store.reply_for(self.job.id, step)
        if done:
            return done
        ts = None
        if self.job.attempts > 1:
            # a previous run may have posted and died before recording it
            ts = self.web.find_reply(channel, thread_ts, self.job.id, step)
        if not ts:
            ts = self.web.post_message(
                channel,
                text=message.text,
                blocks=message.blocks,
                thread_ts=thread_ts,
                metadata=reply_metadata(self.job.id, step),
            )
        self.store.record_reply(self.job.id, step, ts)
        return ts

    def post_all(
        self, step: str, channel: str, thread_ts: str | None, messages: Sequence[Message]
    ) -> str:
        """Post each message once (steps ``step:0``, ``step:1``, ...); the first one's ts."""
        first = ""
        for k, message in enumerate(messages):
            ts = self.post(f"{step}:{k}", channel, thread_ts, message)
            first = first or ts
        return first

    def posted(self, step: str) -> bool:
        return self.store.reply_for(self.job.id, step) is not None

    def respond(
        self,
        response_url: str,
        response_type: str,
        text: str,
        blocks: Sequence[dict] | None = None,
    ) -> None:
        """Answer through a command's ``response_url``, once."""
        step = f"respond:{response_type}"
        if not response_url or self.store.reply_for(self.job.id, step):
            return
        message = note_message(text) if blocks is None else Message(text, tuple(blocks))
        self.web.respond(
            response_url,
            {"response_type": response_type, "text": message.text, "blocks": list(message.blocks)},
        )
        self.store.record_reply(self.job.id, step, "response_url")

    def react(self, channel: str, ts: str, add: str | None, remove: str | None = None) -> None:
        """Swap reactions on the triggering message. A courtesy: a missing scope or a race
        must not fail the work, and a failed removal must not stop the new reaction."""
        if remove:
            try:
                self.web.remove_reaction(channel, ts, remove)
            except SlackCallError as err:
                log.debug("removing :%s: on %s %s failed: %s", remove, channel, ts, err)
        if add:
            try:
                self.web.add_reaction(channel, ts, add)
            except SlackCallError as err:
                log.debug("adding :%s: on %s %s failed: %s", add, channel, ts, err)
