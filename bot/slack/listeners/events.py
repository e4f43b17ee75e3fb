"""Lifecycle events (uninstall, revoked tokens, someone leaving a conversation) and catch-alls that answer 200
to everything else, so Slack never retries an event we simply do not use."""

from __future__ import annotations

import logging
import re
from typing import Any

from bot.slack.deps import Deps, team_of

log = logging.getLogger(__name__)


def register(app: Any, deps: Deps) -> None:
    @app.event("app_uninstalled")
    def on_uninstalled(body: dict, context: Any) -> None:
        team = team_of(context, body)
        if deps.installation_store is not None:
            deps.installation_store.delete_all(enterprise_id=context.enterprise_id, team_id=context.team_id)
        if team:
            deps.store.delete_team(team)
        log.info("uninstalled from team %s: installation and articles deleted", team or "-")

    @app.event("tokens_revoked")
    def on_tokens_revoked(event: dict, context: Any) -> None:
        tokens = event.get("tokens") or {}
        store = deps.installation_store
        if store is not None:
            for user_id in tokens.get("oauth") or []:
                store.delete_installation(enterprise_id=context.enterprise_id, team_id=context.team_id, user_id=user_id)
            if tokens.get("bot"):
                store.delete_bot(enterprise_id=context.enterprise_id, team_id=context.team_id)
        log.info("tokens revoked in team %s", context.team_id or "-")

    @app.event("member_left_channel")
    def on_member_left(event: dict, body: dict, context: Any) -> None:
        # their App Home must stop listing that conversation's articles, unless it is
        # public (public articles are on everyone's list)
        team = team_of(context, body, event)
        channel, user = str(event.get("channel") or ""), str(event.get("user") or "")
        if channel and user:
            deps.store.forget_participant(team, channel, user)

    @app.event(re.compile(".*"))
    def on_other_event(body: dict) -> None:
        log.debug("ignored event %s", (body.get("event") or {}).get("type"))

    @app.action(re.compile(".*"))
    def on_action(ack: Any) -> None:
        ack()

    @app.shortcut(re.compile(".*"))
    def on_shortcut(ack: Any) -> None:
        ack()

    @app.view(re.compile(".*"))
    def on_view(ack: Any) -> None:
        ack()
