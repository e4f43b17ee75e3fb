"""The "Summarize" message shortcut (callback_id ``summarize_message``) on any message."""

from __future__ import annotations

from typing import Any

from bot.jobs.payloads import SharedFile, ShortcutJob
from bot.slack.deps import Deps, team_of
from bot.slack.parse import extract_links

CALLBACK_ID = "summarize_message"


def shortcut_job(body: dict, team: str, enterprise_id: str | None, max_links: int) -> ShortcutJob | None:
    message = body.get("message") or {}
    channel = str((body.get("channel") or {}).get("id") or "")
    ts = str(message.get("ts") or "")
    if not channel or not ts:
        return None
    text = str(message.get("text") or "")
    files = tuple(SharedFile.from_slack(f) for f in message.get("files") or [])
    return ShortcutJob(
        team_id=team,
        enterprise_id=enterprise_id,
        channel=channel,
        user=(body.get("user") or {}).get("id"),
        ts=ts,
        # the reply goes in the message's thread: its parent's, or a new one under it
        thread_ts=str(message.get("thread_ts") or ts),
        in_thread=bool(message.get("thread_ts")) and message.get("thread_ts") != ts,
        links=tuple(extract_links(text, limit=max_links)),
        files=files[:max_links],
        text=text,
        response_url=str(body.get("response_url") or ""),
    )


def register(app: Any, deps: Deps) -> None:
    @app.shortcut(CALLBACK_ID)
    def on_summarize_message(ack: Any, body: dict, context: Any) -> None:
        team = team_of(context, body)
        job = shortcut_job(body, team, context.enterprise_id, deps.settings.max_links)
        if job is not None:
            trigger = body.get("action_ts") or body.get("trigger_id") or job.ts
            deps.enqueue(job, dedupe_key=f"shortcut:{team}:{job.channel}:{job.ts}:{trigger}")
        ack()
