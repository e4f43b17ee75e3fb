"""The App Home tab: the user's reading list."""

from __future__ import annotations

from bot.jobs.payloads import HomeJob
from bot.slack.blocks import home_view
from bot.slack.handlers.turn import Turn

READING_LIST = 20


def run(turn: Turn, p: HomeJob) -> None:
    if not p.user:
        return
    found = turn.store.reading_list(p.team_id, p.user, limit=READING_LIST)
    turn.web.publish_home(p.user, home_view(found))
