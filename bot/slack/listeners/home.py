"""The App Home tab: when a user opens it, the worker publishes their reading list."""

from __future__ import annotations

from typing import Any

from bot.jobs.payloads import HomeJob
from bot.slack.deps import Deps, team_of


def register(app: Any, deps: Deps) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict, body: dict, context: Any) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return  # the Messages tab: nothing to publish
        team = team_of(context, body)
        job = HomeJob(team_id=team, enterprise_id=context.enterprise_id,
                      channel=str(event.get("channel") or ""), user=str(event["user"]))
        key = str(body.get("event_id") or f"home:{team}:{event['user']}:{event.get('event_ts')}")
        deps.enqueue(job, dedupe_key=key)
