"""The app manifest declares what the bot's features need, and nothing the code does not
ask for: the scopes OAuth installs request are the manifest's, event subscriptions cover
every event listener, and the surfaces (Home tab, Messages tab, the shortcut,
interactivity) are switched on."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.slack.listeners.shortcuts import CALLBACK_ID
from bot.slack.oauth import BOT_SCOPES

MANIFEST = yaml.safe_load((Path(__file__).resolve().parents[1] / "config" / "manifest.yml").read_text())


def test_oauth_requests_exactly_the_manifest_scopes() -> None:
    assert sorted(MANIFEST["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)


def test_the_home_and_messages_tabs_are_on() -> None:
    home = MANIFEST["features"]["app_home"]
    assert home["home_tab_enabled"] is True
    # without the Messages tab people cannot DM the bot at all
    assert home["messages_tab_enabled"] is True
    assert home["messages_tab_read_only_enabled"] is False
    assert "app_home_opened" in MANIFEST["settings"]["event_subscriptions"]["bot_events"]


def test_the_summarize_shortcut_and_interactivity_are_declared() -> None:
    shortcuts = MANIFEST["features"]["shortcuts"]
    assert [s["callback_id"] for s in shortcuts if s["type"] == "message"] == [CALLBACK_ID]
    interactivity = MANIFEST["settings"]["interactivity"]
    assert interactivity["is_enabled"] is True
    assert interactivity["request_url"].endswith("/slack/events")


def test_every_message_kind_the_bot_reads_is_subscribed() -> None:
    events = set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.channels", "message.groups", "message.im", "message.mpim",
            "app_uninstalled", "tokens_revoked"} <= events
