"""Read any source (file path, "-" for stdin, http(s) URL, or bytes) into a Document.

This is the one entry point for turning input into a Document: the CLI, the Slack
listeners and the worker all come through here.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from bot.document import Document
from bot.errors import BlockedURL, SourceNotFound, TooLarge, UsageError
from bot.fetching.client import fetch
from bot.fetching.policy import FetchPolicy
from bot.reading.build import build_document
from bot.reading.extract import extract

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]{1,15}://", re.IGNORECASE)


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def _read_capped(stream: BinaryIO, limit: int, what: str) -> bytes:
    data = stream.read(limit + 1)
    if not isinstance(data, bytes | bytearray):
        raise UsageError(f"{what} must be opened in binary mode")
    if len(data) > limit:
        raise TooLarge(f"{what} is larger than the limit of {limit:,} bytes")
    return bytes(data)


def read_bytes(
    data: bytes,
    *,
    name: str = "",
    content_type: str | None = None,
    source: str = "",
    language: str | None = None,
    max_pages: int = 2000,
) -> Document:
    """Bytes (an uploaded file, a download) to a cleaned Document.

    ``name`` and ``content_type`` are hints (the bytes decide the type); ``source``
    is recorded on the Document (defaults to ``name``).
    """
    raw = extract(data, name=name, content_type=content_type, max_pages=max_pages)
    return build_document(raw, source=source or name, language=language)


def read_source(
    source: str,
    *,
    policy: FetchPolicy | None = None,
    language: str | None = None,
    stdin: BinaryIO | None = None,
    max_pages: int = 2000,
) -> Document:
    """A file path, "-" (standard input) or an http(s) URL to a Document.

    Files and stdin are held to ``policy.max_bytes`` like downloads. Raises
    SourceNotFound for a missing file, FetchError subclasses for URLs, and the
    InputError subclasses of extraction.
    """
    if not isinstance(source, str) or not source.strip():
        raise UsageError("a source is required: a file path, '-' for standard input, or a URL")
    policy = policy or FetchPolicy()
    if not _is_url(source) and _SCHEME.match(source):
        scheme = source.split(":", 1)[0]
        raise BlockedURL(f"only http and https links can be read, not {scheme}")
    if _is_url(source):
        fetched = fetch(source, policy=policy)
        name = fetched.filename or unquote(urlsplit(fetched.final_url).path)
        content_type = fetched.content_type
        if fetched.charset:
            content_type = f"{content_type}; charset={fetched.charset}"
        return read_bytes(
            fetched.body, name=name, content_type=content_type, source=fetched.final_url,
            language=language, max_pages=max_pages,
        )
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = _read_capped(stream, policy.max_bytes, "standard input")
        return read_bytes(data, source="-", language=language, max_pages=max_pages)
    path = Path(source).expanduser()
    if not path.is_file():
        if path.exists():
            raise SourceNotFound(f"{path.name or source} is not a file")
        raise SourceNotFound(f"no such file: {source}")
    try:
        size = path.stat().st_size
        if size > policy.max_bytes:
            raise TooLarge(f"{path.name} is larger than the limit of {policy.max_bytes:,} bytes")
        with path.open("rb") as fh:
            data = _read_capped(fh, policy.max_bytes, path.name)
    except PermissionError as exc:
        raise SourceNotFound(f"cannot read {path.name}: permission denied") from exc
    except FileNotFoundError as exc:
        raise SourceNotFound(f"no such file: {source}") from exc
    except IsADirectoryError as exc:
        raise SourceNotFound(f"{path.name or source} is not a file") from exc
    return read_bytes(data, name=path.name, source=str(source), language=language, max_pages=max_pages)
