"""What a response's headers claim: the media type, the charset and a file name.

The one Content-Type parser of the bot: fetching builds Fetched.content_type and
Fetched.charset with it, and reading (bot.reading.formats, bot.reading.extract)
uses it for the content types it is handed. Headers are claims from a server we
do not trust; garbage parses to "nothing known" rather than raising.
"""

from __future__ import annotations

import codecs
from email.message import Message

__all__ = ["parse_content_disposition", "parse_content_type"]


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """Media type (lower-case, no parameters) and a known charset from a Content-Type header.

    ("text/html; charset=UTF-8") -> ("text/html", "utf-8"). The media type is ""
    when the value holds none or garbage, so callers can fall back to what they
    know (Slack's mimetype, the file name, sniffing); the charset is None unless
    Python has a codec of that name.
    """
    if not value or not value.strip():
        return "", None
    msg = Message()
    msg["content-type"] = value
    media = value.split(";", 1)[0].strip().lower()
    if media.count("/") != 1 or not all(media.split("/")) or any(c.isspace() for c in media):
        media = ""
    charset = msg.get_param("charset")
    if isinstance(charset, tuple):  # RFC 2231 form
        charset = charset[2]
    return media, _known_charset(charset)


def _known_charset(name: object) -> str | None:
    if not isinstance(name, str) or not name.strip():
        return None
    name = name.strip().strip("'\"").lower()
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def parse_content_disposition(value: str | None) -> str | None:
    """The file name a server suggests, reduced to a safe base name."""
    if not value or not value.strip():
        return None
    msg = Message()
    msg["content-disposition"] = value
    try:
        name = msg.get_filename()
    except (LookupError, ValueError):
        return None
    if not name:
        return None
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip().lstrip(".")
    return name[:255] or None
