"""Fetching links and Slack files without letting a URL reach inside the network.

    client     fetch(): the redirect loop, pinned connections, the capped body
    policy     FetchPolicy; which addresses a URL may be fetched from (DNS under a deadline)
    addresses  IP classification (public or not) and http(s) URL parsing; no I/O
    headers    the one Content-Type parser; Content-Disposition file names
    decoding   gzip/deflate decoding that never inflates past the byte cap
    transport  the httpcore transport under one total deadline (its only importer)

The public API is importable from here. It is loaded on first use, so importing
one submodule (reading uses bot.fetching.headers) does not load httpx.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.fetching.addresses import is_public_address
    from bot.fetching.client import Fetched, fetch
    from bot.fetching.policy import DEFAULT_USER_AGENT, FetchPolicy, check_url

__all__ = [
    "DEFAULT_USER_AGENT",
    "FetchPolicy",
    "Fetched",
    "check_url",
    "fetch",
    "is_public_address",
]

_HOME = {
    "DEFAULT_USER_AGENT": "bot.fetching.policy",
    "FetchPolicy": "bot.fetching.policy",
    "Fetched": "bot.fetching.client",
    "check_url": "bot.fetching.policy",
    "fetch": "bot.fetching.client",
    "is_public_address": "bot.fetching.addresses",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
