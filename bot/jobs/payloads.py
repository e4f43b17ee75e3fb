"""What each kind of job carries: the contract between the Slack listeners that enqueue
jobs and the handlers that run them.

A payload is stored as JSON in the job's row (``to_json`` / ``payload_from``), so a job
survives a restart, and a row written by an older version still reads: unknown keys are
ignored and missing ones take their defaults.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from bot.errors import UsageError

P = TypeVar("P", bound="Payload")


@dataclass(frozen=True)
class SharedFile:
    """The fields of a Slack file object that reading it needs."""

    id: str = ""
    name: str = ""
    title: str = ""
    filetype: str = ""
    mimetype: str = ""
    size: int = 0
    url_private_download: str = ""
    url_private: str = ""
    permalink: str = ""
    file_access: str = ""

    @classmethod
    def from_slack(cls, data: dict[str, Any]) -> SharedFile:
        """From a Slack file object (or a stored one): known fields only, as text."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {}
        for key, spec in known.items():
            value = data.get(key)
            if value is None:
                continue
            values[key] = _as_int(value) if spec.type == "int" else str(value)
        return cls(**values)


FILE_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(SharedFile))


@dataclass(frozen=True)
class Payload:
    """Where a job comes from: the workspace (and Enterprise Grid org) and channel."""

    KIND: ClassVar[str] = ""

    team_id: str = ""
    enterprise_id: str | None = None
    channel: str = ""
    user: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls: type[P], data: dict[str, Any]) -> P:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if "files" in values:
            values["files"] = tuple(SharedFile.from_slack(f) for f in values["files"] or ())
        if "links" in values:
            values["links"] = tuple(str(u) for u in values["links"] or ())
        return cls(**values)


@dataclass(frozen=True)
class MessagePayload(Payload):
    """A person's message: where it is, and how the bot was addressed."""

    ts: str = ""
    thread_ts: str = ""  # the thread it belongs to (its own ts when it starts one)
    in_thread: bool = False  # a reply inside an existing thread
    is_dm: bool = False
    mention: bool = False  # the bot was @-mentioned
    bot_user_id: str | None = None
    channel_type: str = ""  # Slack's: "channel" (public), "group", "im", "mpim"; "" unknown


@dataclass(frozen=True)
class SummarizeJob(MessagePayload):
    """Summarize the links and files of a message, in its thread."""

    KIND: ClassVar[str] = "summarize"

    links: tuple[str, ...] = ()
    files: tuple[SharedFile, ...] = ()
    sentences: int | None = None


@dataclass(frozen=True)
class AskJob(MessagePayload):
    """Answer a question (or a request for the summary) about a thread's article."""

    KIND: ClassVar[str] = "ask"

    question: str = ""


@dataclass(frozen=True)
class CommandJob(Payload):
    """``/summary``: summarize a URL or the channel's latest article again, search the
    channel's articles, or show or change the channel's settings."""

    KIND: ClassVar[str] = "command"

    action: str = "latest"  # "summarize" (a URL), "latest", "search" or "settings"
    url: str | None = None
    sentences: int | None = None
    response_url: str = ""
    channel_type: str = ""  # Slack's: "channel", "group", "im", "mpim"; "" unknown
    words: str = ""  # search
    auto_summarize: bool | None = None  # settings: the new value, None to leave it


@dataclass(frozen=True)
class ActionJob(Payload):
    """A click on a summary's button: shorter, longer, or who said what."""

    KIND: ClassVar[str] = "action"

    action_id: str = ""
    message_ts: str = ""  # the summary message clicked
    thread_ts: str = ""  # the thread (and so the article) it belongs to
    sentences: int = 0  # how long the clicked summary is
    response_url: str = ""


@dataclass(frozen=True)
class HomeJob(Payload):
    """A user opened the App Home tab: show their reading list."""

    KIND: ClassVar[str] = "home"


@dataclass(frozen=True)
class ShortcutJob(MessagePayload):
    """The "Summarize" message shortcut on any message: its link or file, or its own text."""

    KIND: ClassVar[str] = "shortcut"

    links: tuple[str, ...] = ()
    files: tuple[SharedFile, ...] = ()
    text: str = ""  # the message's own text, summarized when it has no link or file
    response_url: str = ""


PAYLOADS: dict[str, type[Payload]] = {
    cls.KIND: cls for cls in (SummarizeJob, AskJob, CommandJob, ActionJob, HomeJob, ShortcutJob)
}

# what a person is waiting on, in seconds: claimed before summaries (bot.jobs.queue)
INTERACTIVE_KINDS: tuple[str, ...] = (AskJob.KIND, ActionJob.KIND, HomeJob.KIND)


def payload_from(kind: str, data: dict[str, Any]) -> Payload:
    """The payload of a stored job of ``kind``; UsageError for a kind no handler knows."""
    cls = PAYLOADS.get(kind)
    if cls is None:
        raise UsageError(f"unknown job kind {kind!r}")
    return cls.from_json(data)


def _as_int(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


__all__ = [
    "FILE_FIELDS",
    "PAYLOADS",
    "ActionJob",
    "AskJob",
    "CommandJob",
    "HomeJob",
    "MessagePayload",
    "Payload",
    "SharedFile",
    "ShortcutJob",
    "SummarizeJob",
    "payload_from",
]
