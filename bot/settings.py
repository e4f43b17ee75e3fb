"""Settings are data: each has a name, a default, a parser and help text.

They come from the environment, with a ``.env`` file read through python-dotenv
(real environment variables win). ``config/example.env`` documents every one of
them, and a test fails when it does not.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import ConfigError

SLACK_DEFAULT_API_URL = "https://slack.com/api/"


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true or false, got {raw!r}")


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError("must be a positive whole number")
    return value


def _positive_float(raw: str) -> float:
    value = float(raw)
    if value <= 0:
        raise ValueError("must be a positive number")
    return value


def _str(raw: str) -> str:
    return raw.strip()


def _log_level(raw: str) -> str:
    value = raw.strip().upper()
    if value not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
    return value


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    parse: Callable[[str], Any] = _str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("SLACK_BOT_TOKEN", "", "Bot token (xoxb-...) of a single-workspace install.", secret=True),
    Setting("SLACK_SIGNING_SECRET", "", "Signing secret used to verify requests from Slack.", secret=True),
    Setting("SLACK_APP_TOKEN", "", "App-level token (xapp-...) with connections:write, for Socket Mode.", secret=True),
    Setting("SLACK_CLIENT_ID", "", "OAuth client id. With SLACK_CLIENT_SECRET, enables multi-workspace installs."),
    Setting("SLACK_CLIENT_SECRET", "", "OAuth client secret.", secret=True),
    Setting("SLACK_API_URL", SLACK_DEFAULT_API_URL, "Web API base URL. Every Web API call, Socket Mode's apps.connections.open included, goes here (GovSlack, tests)."),
    Setting("SUMMARYBOT_DATA_DIR", "data", "Directory for the default SQLite database."),
    Setting("DATABASE_URL", "", "Database URL. Empty means sqlite:///<SUMMARYBOT_DATA_DIR>/summarybot.db. Use postgresql://... when several processes share the work."),
    Setting("PORT", "3000", "HTTP port of `summarybot serve`.", _positive_int),
    Setting("WEB_CONCURRENCY", "1", "Number of HTTP worker processes of `summarybot serve`.", _positive_int),
    Setting("SUMMARYBOT_WORKER_THREADS", "4", "Background job threads per process.", _positive_int),
    Setting("SUMMARYBOT_ALLOW_PRIVATE_URLS", "false", "Allow fetching links to loopback or private addresses (tests, intranet installs).", _bool),
    Setting("SUMMARYBOT_AUTO_SUMMARIZE", "true", "Summarize links posted in channels automatically. When false, only mentions, DMs and /summary summarize.", _bool),
    Setting("SUMMARYBOT_SENTENCES", "5", "Default number of summary sentences.", _positive_int),
    Setting("SUMMARYBOT_ALGORITHM", "default", "Default summary algorithm: default, lead, lexrank, lsa, textrank, luhn, edmundson, kl, sumbasic, reduction."),
    Setting("SUMMARYBOT_TOP_ANSWERS", "2", "How many paragraphs an answer quotes at most.", _positive_int),
    Setting("SUMMARYBOT_MAX_LINKS", "3", "How many links of one message are summarized.", _positive_int),
    Setting("SUMMARYBOT_MAX_BYTES", "15000000", "Largest download or file accepted, in bytes; a download is stopped while streaming once past it.", _positive_int),
    Setting("SUMMARYBOT_FETCH_TIMEOUT", "20", "Total deadline in seconds for fetching one link or file, redirects included.", _positive_float),
    Setting("SUMMARYBOT_MAX_REDIRECTS", "5", "Most redirects followed for one link.", _positive_int),
    Setting("SUMMARYBOT_MAX_PAGES", "2000", "Most PDF pages read.", _positive_int),
    Setting("SUMMARYBOT_USER_AGENT", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 summarybot/0.1", "User-Agent sent when fetching links."),
    Setting("SUMMARYBOT_JOB_LEASE", "60", "Seconds a worker holds a job before another process may take it over.", _positive_float),
    Setting("SUMMARYBOT_SHUTDOWN_TIMEOUT", "25", "Seconds to drain work on SIGTERM before exiting.", _positive_float),
    Setting("SUMMARYBOT_LOG_LEVEL", "INFO", "Log level: DEBUG, INFO, WARNING, ERROR.", _log_level),
)

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


class Settings:
    """Parsed settings. Attribute names are the lower-cased setting names
    without the ``SUMMARYBOT_`` prefix: ``settings.max_bytes``, ``settings.slack_bot_token``."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = dict(values)

    @staticmethod
    def attr(name: str) -> str:
        return name.removeprefix("SUMMARYBOT_").lower()

    def __getattr__(self, item: str) -> Any:
        for s in SETTINGS:
            if self.attr(s.name) == item:
                return self._values[s.name]
        raise AttributeError(item)

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def replace(self, **env: str) -> Settings:
        """A copy with some settings overridden, given as raw strings by name."""
        raw = {k: v for k, v in self._raw.items()}
        raw.update(env)
        return Settings.from_env(raw, dotenv=False)

    @property
    def database_url(self) -> str:
        url = self._values["DATABASE_URL"]
        if url:
            return str(url)
        return f"sqlite:///{Path(self._values['SUMMARYBOT_DATA_DIR']).resolve() / 'summarybot.db'}"

    @property
    def oauth_enabled(self) -> bool:
        return bool(self._values["SLACK_CLIENT_ID"] and self._values["SLACK_CLIENT_SECRET"])

    def redacted(self) -> dict[str, str]:
        """For logs: secrets are never printed."""
        out = {}
        for s in SETTINGS:
            value = self._values[s.name]
            out[s.name] = "***" if (s.secret and value) else str(value)
        return out

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, dotenv: bool = True
    ) -> Settings:
        env = dict(os.environ if environ is None else environ)
        if dotenv and environ is None:
            env = {**_read_dotenv(), **env}
        values: dict[str, Any] = {}
        for s in SETTINGS:
            raw = env.get(s.name, s.default)
            try:
                values[s.name] = s.parse(raw)
            except ValueError as exc:
                raise ConfigError(f"{s.name}: {exc}") from None
        settings = cls(values)
        settings._raw = {s.name: env.get(s.name, s.default) for s in SETTINGS}
        return settings


def _read_dotenv() -> dict[str, str]:
    from dotenv import dotenv_values  # the one module that reads .env files

    path = os.environ.get("SUMMARYBOT_ENV_FILE", ".env")
    if not Path(path).is_file():
        return {}
    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def markdown_table() -> str:
    """The README's settings table, generated from the data above."""
    rows = ["| setting | default | meaning |", "|---|---|---|"]
    for s in SETTINGS:
        default = f"`{s.default}`" if s.default else "(empty)"
        rows.append(f"| `{s.name}` | {default} | {s.help.replace('|', '/')} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
