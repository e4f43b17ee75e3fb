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
# sites that refuse unknown clients accept a browser's; the suffix says who we are
DEFAULT_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36 summarybot/0.1"
)


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
    Setting("SUMMARYBOT_ALGORITHM", "default", "Default summary algorithm: default, lead, centroid, lexrank, lsa, textrank, luhn, edmundson, kl, sumbasic, reduction."),
    Setting("SUMMARYBOT_TOP_ANSWERS", "2", "How many paragraphs an answer quotes at most.", _positive_int),
    Setting("SUMMARYBOT_MAX_LINKS", "3", "How many links of one message are summarized.", _positive_int),
    Setting("SUMMARYBOT_MAX_BYTES", "15000000", "Largest download or file accepted, in bytes; a download is stopped while streaming once past it.", _positive_int),
    Setting("SUMMARYBOT_FETCH_TIMEOUT", "20", "Total deadline in seconds for fetching one link or file, redirects included.", _positive_float),
    Setting("SUMMARYBOT_MAX_REDIRECTS", "5", "Most redirects followed for one link.", _positive_int),
    Setting("SUMMARYBOT_MAX_PAGES", "2000", "Most PDF pages read.", _positive_int),
    Setting("SUMMARYBOT_USER_AGENT", DEFAULT_USER_AGENT, "User-Agent sent when fetching links."),
    Setting("SUMMARYBOT_JOB_LEASE", "60", "Seconds a worker holds a job before another process may take it over.", _positive_float),
    Setting("SUMMARYBOT_SHUTDOWN_TIMEOUT", "25", "Seconds to drain work on SIGTERM before exiting.", _positive_float),
    Setting("SUMMARYBOT_LOG_LEVEL", "INFO", "Log level: DEBUG, INFO, WARNING, ERROR.", _log_level),
)

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def attribute_name(name: str) -> str:
    """The Settings field of a setting: lower case, without the ``SUMMARYBOT_`` prefix."""
    return name.removeprefix("SUMMARYBOT_").lower()


@dataclass(frozen=True)
class Settings:
    """Parsed settings, one typed field per row of SETTINGS (a test checks they agree).

    Build them with ``Settings.from_env``; ``settings.max_bytes``, ``settings.slack_bot_token``.
    """

    slack_bot_token: str
    slack_signing_secret: str
    slack_app_token: str
    slack_client_id: str
    slack_client_secret: str
    slack_api_url: str
    data_dir: str
    database_url_setting: str
    port: int
    web_concurrency: int
    worker_threads: int
    allow_private_urls: bool
    auto_summarize: bool
    sentences: int
    algorithm: str
    top_answers: int
    max_links: int
    max_bytes: int
    fetch_timeout: float
    max_redirects: int
    max_pages: int
    user_agent: str
    job_lease: float
    shutdown_timeout: float
    log_level: str

    @property
    def database_url(self) -> str:
        """DATABASE_URL, or the SQLite file under SUMMARYBOT_DATA_DIR when it is empty."""
        if self.database_url_setting:
            return self.database_url_setting
        return f"sqlite:///{Path(self.data_dir).resolve() / 'summarybot.db'}"

    @property
    def oauth_enabled(self) -> bool:
        return bool(self.slack_client_id and self.slack_client_secret)

    def raw(self) -> dict[str, str]:
        """Every setting as the string it was given (or its default), by name: what a
        child process needs to build the same Settings."""
        return {s.name: _unparse(getattr(self, _field(s.name))) for s in SETTINGS}

    def secrets(self) -> tuple[str, ...]:
        """The values of the settings marked secret that are set, for log redaction."""
        values = (getattr(self, _field(s.name)) for s in SETTINGS if s.secret)
        return tuple(v for v in values if v)

    def redacted(self) -> dict[str, str]:
        """For logs: secrets are never printed."""
        out = {}
        for name, value in self.raw().items():
            out[name] = "***" if (BY_NAME[name].secret and value) else value
        return out

    def replace(self, **env: str) -> Settings:
        """A copy with some settings overridden, given as raw strings by name."""
        return Settings.from_env({**self.raw(), **env}, dotenv=False)

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, dotenv: bool = True
    ) -> Settings:
        """Settings from ``environ`` (the process environment by default, with a ``.env``
        file under it). Raises ConfigError naming the first setting with a bad value."""
        env = dict(os.environ if environ is None else environ)
        if dotenv and environ is None:
            env = {**_read_dotenv(), **env}
        values: dict[str, Any] = {}
        for s in SETTINGS:
            raw = env.get(s.name, s.default)
            try:
                values[_field(s.name)] = s.parse(raw)
            except ValueError as exc:
                raise ConfigError(f"{s.name}: {exc}") from None
        return cls(**values)


def _field(name: str) -> str:
    # DATABASE_URL's field keeps the raw setting; ``database_url`` is the resolved URL
    return "database_url_setting" if name == "DATABASE_URL" else attribute_name(name)


def _unparse(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


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
