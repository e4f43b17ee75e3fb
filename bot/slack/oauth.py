"""Multi-workspace installs: slack_sdk's SQLAlchemy installation and OAuth state
stores, on the same database engine as everything else (bot.storage.store)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.errors import UsageError
from bot.storage.store import Store

log = logging.getLogger(__name__)

STATE_EXPIRATION_SECONDS = 600
# What the bot needs: read messages where it is, post replies, react, read shared files.
BOT_SCOPES = (
    "app_mentions:read",
    "channels:history",
    "groups:history",
    "im:history",
    "mpim:history",
    "chat:write",
    "commands",
    "reactions:write",
    "files:read",
    "channels:read",
    "groups:read",
    "im:read",
    "mpim:read",
)


def installation_stores(store: Store, client_id: str) -> tuple[SQLAlchemyInstallationStore, SQLAlchemyOAuthStateStore]:
    if not isinstance(store, Store):
        raise UsageError("installation_stores needs a Store.")
    if not client_id:
        raise UsageError("SLACK_CLIENT_ID is required for multi-workspace installs.")
    installations = SQLAlchemyInstallationStore(client_id=client_id, engine=store.engine, logger=log)
    states = SQLAlchemyOAuthStateStore(expiration_seconds=STATE_EXPIRATION_SECONDS, engine=store.engine, logger=log)
    # Through the store, so that two processes starting together on PostgreSQL do not
    # race on CREATE TABLE; it raises StoreError when the database cannot be used.
    store.create_tables(installations.metadata, states.metadata)
    return installations, states


def bot_token(installations: Any, team_id: str, enterprise_id: str | None = None) -> str | None:
    """The bot token of a workspace install, or None once it was uninstalled."""
    bot = installations.find_bot(enterprise_id=enterprise_id or None, team_id=team_id or None)
    return bot.bot_token if bot is not None else None
