"""The App Home tab: the user's reading list."""

from __future__ import annotations

from bot.jobs.payloads import HomeJob
from bot.slack.blocks import Card, home_view
from bot.slack.handlers.turn import Turn

READING_LIST = 20


def run(turn: Turn, p: HomeJob) -> None:
    if not p.user:
        return
    found = turn.store.reading_list(p.team_id, p.user, limit=READING_LIST)
    cards = [Card(c.title, c.source, c.summary, c.shared_at, c.channel_id) for c in found]
    turn.web.publish_home(p.user, home_view(cards))
