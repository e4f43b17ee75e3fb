"""What a fetch may reach: the FetchPolicy, and the checks that apply it to a URL.

A URL is parsed (bot.fetching.addresses), its host name resolved, under the
fetch's deadline when there is one, and every address it resolves to checked
against the policy. The client then connects only to an address returned here,
so each rule (localhost names, private and reserved networks, addresses that
never name one host) lives in this module once and is applied at every hop.
"""

from __future__ import annotations

import ipaddress
import math
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.errors import BlockedURL, FetchError, FetchTimeout
from bot.fetching.addresses import (
    Target,
    is_connectable,
    is_localhost_name,
    is_public_ip,
    parse_url,
)
from bot.settings import DEFAULT_USER_AGENT, Settings

__all__ = [
    "DEFAULT_POLICY",
    "FetchPolicy",
    "Resolver",
    "allowed_addresses",
    "check_policy_arguments",
    "check_url",
    "system_resolver",
]

Resolver = Callable[[str], list[str]]



@dataclass(frozen=True)
class FetchPolicy:
    max_bytes: int = 15_000_000
    timeout: float = 20.0  # total deadline for the whole fetch, redirects included
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
    allow_private: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.max_bytes, bool) or not isinstance(self.max_bytes, int) or self.max_bytes <= 0:
            raise ValueError(f"max_bytes must be a positive whole number, got {self.max_bytes!r}")
        if (
            isinstance(self.timeout, bool)
            or not isinstance(self.timeout, int | float)
            or not math.isfinite(self.timeout)
            or self.timeout <= 0
        ):
            raise ValueError(f"timeout must be a positive number of seconds, got {self.timeout!r}")
        if (
            isinstance(self.max_redirects, bool)
            or not isinstance(self.max_redirects, int)
            or self.max_redirects < 0
        ):
            raise ValueError(f"max_redirects must be a whole number >= 0, got {self.max_redirects!r}")
        if (
            not isinstance(self.user_agent, str)
            or not self.user_agent.strip()
            or any(c in self.user_agent for c in "\r\n\0")
        ):
            raise ValueError("user_agent must be a non-empty single line")
        if not isinstance(self.allow_private, bool):
            raise ValueError(f"allow_private must be True or False, got {self.allow_private!r}")

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchPolicy:
        return cls(
            max_bytes=settings.max_bytes,
            timeout=settings.fetch_timeout,
            max_redirects=settings.max_redirects,
            user_agent=settings.user_agent,
            allow_private=settings.allow_private_urls,
        )


DEFAULT_POLICY = FetchPolicy()


def check_url(
    url: str, *, policy: FetchPolicy = DEFAULT_POLICY, resolver: Resolver | None = None
) -> list[str]:
    """Validate ``url`` against ``policy`` and return the addresses it may be fetched from.

    Raises BlockedURL when the scheme, the form or any resolved address is refused,
    and FetchError when the name cannot be resolved.
    """
    check_policy_arguments(policy, resolver)
    return allowed_addresses(parse_url(url), policy, resolver, deadline=None)


def check_policy_arguments(policy: object, resolver: object) -> None:
    """Raise ValueError unless ``policy`` is a FetchPolicy and ``resolver`` None or callable."""
    if not isinstance(policy, FetchPolicy):
        raise ValueError(f"policy must be a FetchPolicy, got {type(policy).__name__}")
    if resolver is not None and not callable(resolver):
        raise ValueError("resolver must be a callable taking a host name and returning IP strings")


def allowed_addresses(
    target: Target, policy: FetchPolicy, resolver: Resolver | None, deadline: float | None
) -> list[str]:
    """The canonical addresses ``target`` may be reached at under ``policy``, else raise.

    A name is resolved with ``resolver`` (the system's when None); with a
    ``deadline`` (a time.monotonic() value) the system lookup gives up then with
    FetchTimeout. Raises BlockedURL when an address is refused and FetchError when
    the name cannot be resolved.
    """
    if target.ip is not None:
        return _check_addresses(target.host, [target.host], allow_private=policy.allow_private)
    if is_localhost_name(target.host) and not policy.allow_private:
        raise BlockedURL(f"{target.host} is this machine, which is not fetched")
    ips = _resolve(target.host, resolver, deadline)
    return _check_addresses(target.host, ips, allow_private=policy.allow_private)


def _check_addresses(host: str, ips: list[str], *, allow_private: bool) -> list[str]:
    """Return the canonical addresses when all of them may be reached, else raise.

    One bad address taints the whole name: the resolver (or an attacker's DNS)
    picks which one a later connection would use, so a mix is refused.
    """
    if not ips:
        raise BlockedURL(f"{host} has no address")
    checked = []
    for raw in ips:
        try:
            addr = ipaddress.ip_address(str(raw).strip())
        except ValueError:
            raise BlockedURL(f"{host} resolved to something that is not an address") from None
        if not is_connectable(addr) or not (allow_private or is_public_ip(addr)):
            verb = "is" if host == str(addr) else "points to"
            raise BlockedURL(f"{host} {verb} a private or reserved network address, which is not fetched")
        text = str(addr)
        if text not in checked:
            checked.append(text)
    return checked


def system_resolver(host: str) -> list[str]:
    """The addresses the operating system's resolver gives for ``host`` (no timeout)."""
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _resolve(host: str, resolver: Resolver | None, deadline: float | None) -> list[str]:
    try:
        if resolver is not None:
            ips = resolver(host)
        elif deadline is None:
            ips = system_resolver(host)
        else:
            ips = _resolve_before(host, deadline)
    except OSError:
        raise FetchError(f"could not find {host}") from None
    if isinstance(ips, str) or not isinstance(ips, list | tuple):
        raise TypeError("the resolver must return a list of IP address strings")
    if not ips:
        raise FetchError(f"could not find {host}")
    return list(ips)


def _resolve_before(host: str, deadline: float) -> list[str]:
    """getaddrinfo has no timeout; run it aside so the deadline still holds."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["ips"] = system_resolver(host)
        except OSError as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=run, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise FetchTimeout(f"looking up {host} took too long")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["ips"]
