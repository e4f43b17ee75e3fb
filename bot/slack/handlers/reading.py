"""Links and Slack files to Documents, with the bot's fetch policy."""

from __future__ import annotations

from bot.document import Document
from bot.errors import TooLarge, UnsupportedType
from bot.fetching.client import fetch
from bot.fetching.policy import FetchPolicy
from bot.jobs.payloads import SharedFile
from bot.reading.formats import READABLE_NAMES
from bot.reading.sources import read_bytes, read_source
from bot.slack.blocks import escape
from bot.slack.parse import not_article_reason
from bot.slack.web import SlackWeb

READABLE = "I read text, Markdown, HTML, PDF and Word (.docx) files"


def read_link(url: str, policy: FetchPolicy) -> Document:
    reason = not_article_reason(url)
    if reason:
        raise UnsupportedType(reason)
    return read_source(url, policy=policy)


def read_file(web: SlackWeb, file: SharedFile, policy: FetchPolicy) -> Document:
    """Download a file shared in Slack with the bot's token and read it."""
    if file.file_access == "check_file_info" or not file.url_private_download:
        if not file.id:
            raise UnsupportedType("I can't open that file.")
        file = SharedFile.from_slack({**_as_dict(file), **web.file_info(file.id)})
    name = file.name or file.title or "file"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in READABLE_NAMES and file.filetype.lower() not in READABLE_NAMES:
        raise UnsupportedType(f"{READABLE}, and this is not one of them.")
    if file.size > policy.max_bytes:
        raise TooLarge(
            f"it is {file.size / 1e6:.1f} MB; the limit is {policy.max_bytes / 1e6:.1f} MB."
        )
    url = file.url_private_download or file.url_private
    if not url:
        raise UnsupportedType(f"I can't download {escape(name)}.")
    fetched = fetch(url, policy=policy, bearer_token=web.token)
    return read_bytes(
        fetched.body,
        name=name,
        content_type=fetched.content_type or file.mimetype or None,
        source=file.permalink or name,
    )


def _as_dict(file: SharedFile) -> dict[str, object]:
    return {k: v for k, v in vars(file).items() if v not in ("", 0)}
