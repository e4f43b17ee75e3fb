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
    """``/summary``: summarize a URL, or the channel's latest article again."""

    KIND: ClassVar[str] = "command"

    action: str = "latest"  # "summarize" (a URL) or "latest"
    url: str | None = None
    sentences: int | None = None
    response_url: str = ""


PAYLOADS: dict[str, type[Payload]] = {
    cls.KIND: cls for cls in (SummarizeJob, AskJob, CommandJob)
}


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
    "AskJob",
    "CommandJob",
    "MessagePayload",
    "Payload",
    "SharedFile",
    "SummarizeJob",
    "payload_from",
]
