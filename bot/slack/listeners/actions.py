"""Clicks on a summary's buttons (Shorter, Longer, Who said what). Acknowledged at once;
the worker does the work. Slack may deliver one click twice: the click's own
``action_ts`` is the job's dedupe key, so a second delivery adds nothing."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from bot.jobs.payloads import ActionJob
from bot.slack.blocks import LONGER, QUOTES, SHORTER
from bot.slack.deps import Deps, team_of

log = logging.getLogger(__name__)

BUTTONS = re.compile(rf"^(?:{SHORTER}|{LONGER}|{QUOTES})$")


def action_job(body: dict, action: dict, team: str, enterprise_id: str | None) -> ActionJob | None:
    """The job a click asks for, or None when the payload is not a click on our summary."""
    message = body.get("message") or {}
    container = body.get("container") or {}
    channel = str((body.get("channel") or {}).get("id") or container.get("channel_id") or "")
    ts = str(container.get("message_ts") or message.get("ts") or "")
    if not channel or not ts:
        return None
    try:
        count = int(json.loads(str(action.get("value") or "{}")).get("n") or 0)
    except (ValueError, TypeError, AttributeError):
        count = 0
    return ActionJob(
        team_id=team,
        enterprise_id=enterprise_id,
        channel=channel,
        user=(body.get("user") or {}).get("id"),
        action_id=str(action.get("action_id") or ""),
        message_ts=ts,
        # the summary's thread is its article's: a reply's parent, or the message itself
        thread_ts=str(message.get("thread_ts") or ts),
        sentences=count,
        response_url=str(body.get("response_url") or ""),
    )


def register(app: Any, deps: Deps) -> None:
    @app.action(BUTTONS)
    def on_summary_button(ack: Any, body: dict, action: dict, context: Any) -> None:
        team = team_of(context, body)
        job = action_job(body, action, team, context.enterprise_id)
        if job is not None:
            click = action.get("action_ts") or body.get("trigger_id") or ""
            # recorded before the acknowledgement: once Slack has its 200 the click must
            # not be lost, and a redelivered click finds its key taken
            deps.enqueue(job, dedupe_key=f"action:{team}:{job.channel}:{job.message_ts}:{job.action_id}:{click}")
        ack()
