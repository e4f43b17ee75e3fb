"""The /summary slash command. Acknowledged at once; the summary is posted by the worker."""

from __future__ import annotations

import logging
from typing import Any

from bot.errors import UsageError
from bot.jobs.payloads import CommandJob
from bot.slack.deps import Deps, team_of
from bot.slack.parse import USAGE, parse_summary_command

log = logging.getLogger(__name__)
COMMAND = "/summary"


def register(app: Any, deps: Deps) -> None:
    @app.command(COMMAND)
    def on_summary(ack: Any, command: dict, context: Any) -> None:
        try:
            parsed = parse_summary_command(str(command.get("text") or ""))
        except UsageError as err:
            ack(response_type="ephemeral", text=f"{err}\n{USAGE}")
            return
        if parsed.action == "help":
            ack(response_type="ephemeral", text=USAGE)
            return
        team = team_of(context, command)
        job = CommandJob(
            team_id=team,
            enterprise_id=context.enterprise_id,
            channel=str(command.get("channel_id") or ""),
            user=command.get("user_id"),
            action=parsed.action,
            url=parsed.url,
            sentences=parsed.sentences,
            response_url=str(command.get("response_url") or ""),
            channel_type=command_channel_type(command),
            words=parsed.words,
            auto_summarize=parsed.auto_summarize,
        )
        trigger = command.get("trigger_id") or f"{team}:{command.get('channel_id')}:{command.get('user_id')}"
        # enqueue before ack: once Slack has its 200 the work must not be lost
        deps.enqueue(job, dedupe_key=f"command:{trigger}")
        ack()


def command_channel_type(command: dict) -> str:
    """Slack's channel type of a slash command's channel, from its ``channel_name``
    ("directmessage", "privategroup", "mpdm-..."): "im", "group", "mpim" or "" (a public
    channel's name is just its name, so it stays unknown until the worker asks)."""
    name = str(command.get("channel_name") or "")
    if name == "directmessage":
        return "im"
    if name == "privategroup":
        return "group"
    if name.startswith("mpdm-"):
        return "mpim"
    return ""
