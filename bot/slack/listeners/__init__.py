"""Bolt listeners, grouped by kind, each group with its ``register(app, deps)``.

    messages   links and files to summarize, questions in threads, mentions, DMs
    commands   the /summary slash command
    actions    the summary's buttons: shorter, longer, who said what
    home       the App Home tab
    shortcuts  the "Summarize" message shortcut
    events     app lifecycle, and catch-alls that answer 200

A listener only validates and enqueues durably, then returns so Bolt acknowledges Slack
(``process_before_response``); the job worker does the work (bot.slack.handlers).
"""

from __future__ import annotations

from typing import Any

from bot.slack.deps import Deps
from bot.slack.listeners import actions, commands, events, home, messages, shortcuts


def register_all(app: Any, deps: Deps) -> None:
    messages.register(app, deps)
    commands.register(app, deps)
    actions.register(app, deps)
    home.register(app, deps)
    shortcuts.register(app, deps)
    # last: its catch-alls must not shadow the listeners above
    events.register(app, deps)
