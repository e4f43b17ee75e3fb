"""Classifying addresses and URLs: which IPs are public, and what a URL names.

Anyone in a workspace can paste a link, so a link is untrusted input that could
point the bot at the cloud metadata service, a database on the private network
or the bot's own admin port. This module reads URL text and IP addresses only:
parse_url turns an http(s) URL into a Target (reading the loose numeric IPv4
forms browsers accept, and refusing what is never fetched under any policy:
other schemes, user names in links, IPv6 zones), and is_public_address says
whether an address is globally routable. It does no I/O; bot.fetching.policy
resolves names and decides, from these answers, what a fetch may reach.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.errors import BlockedURL

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

DEFAULT_PORTS = {"http": 80, "https": 443}

_V4_NOT_PUBLIC = tuple(
    ipaddress.IPv4Network(n)
    for n in (
        "0.0.0.0/8",  # "this network"; 0.0.0.0 reaches the local host on Linux
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, incl. cloud metadata 169.254.169.254
        "172.16.0.0/12",
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation
        "192.88.99.0/24",  # deprecated 6to4 relay anycast
        "192.168.0.0/16",
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation
        "203.0.113.0/24",  # documentation
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, incl. broadcast
    )
)

# Only 2000::/3 is allocated global unicast; inside it these are not public.
_V6_GLOBAL = ipaddress.IPv6Network("2000::/3")
_V6_NOT_PUBLIC = tuple(
    ipaddress.IPv6Network(n)
    for n in (
        "2001::/23",  # IETF protocol assignments, incl. Teredo 2001::/32
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation (RFC 9637)
    )
)
# Prefixes that carry an IPv4 address: public only when the embedded one is.
_V6_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")
_V6_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_V6_6TO4 = ipaddress.IPv6Network("2002::/16")

_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
_NUMERIC_LABEL = re.compile(r"^(?:[0-9]+|0x[0-9a-f]*)$")
_BAD_URL_CHARS = re.compile(r"[\x00-\x20\x7f\\]")


@dataclass(frozen=True)
class Target:
    """A parsed, normalized http(s) URL whose host is either a DNS name or an IP."""

    scheme: str
    host: str  # lower-case ASCII name (IDNA) or the canonical IP text
    ip: IPAddress | None  # set when the URL names an address instead of a host
    port: int
    path: str  # path and query as given, never empty; the fragment is dropped

    @property
    def netloc(self) -> str:
        host = f"[{self.host}]" if isinstance(self.ip, ipaddress.IPv6Address) else self.host
        if self.port == DEFAULT_PORTS[self.scheme]:
            return host
        return f"{host}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.netloc}{self.path}"

    @property
    def origin(self) -> tuple[str, str, int]:
        return (self.scheme, self.host, self.port)


def is_public_address(ip: str) -> bool:
    """True when ``ip`` is a globally routable unicast address.

    Anything that does not parse as an address is not public.
    """
    if not isinstance(ip, str):
        raise ValueError(f"is_public_address expects an IP address string, got {type(ip).__name__}")
    try:
        addr = ipaddress.ip_address(ip.strip())
    except ValueError:
        return False
    return is_public_ip(addr)


def is_public_ip(addr: IPAddress) -> bool:
    """is_public_address for an address already parsed."""
    if isinstance(addr, ipaddress.IPv4Address):
        if any(addr in net for net in _V4_NOT_PUBLIC):
            return False
        return addr.is_global  # second opinion from the standard library
    if addr.scope_id:
        return False
    if addr in _V6_MAPPED or addr in _V6_NAT64:
        return is_public_ip(ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF))
    if addr in _V6_6TO4:
        return is_public_ip(ipaddress.IPv4Address((int(addr) >> 80) & 0xFFFFFFFF))
    if addr not in _V6_GLOBAL or any(addr in net for net in _V6_NOT_PUBLIC):
        return False
    return True


def is_connectable(addr: IPAddress) -> bool:
    """Private addresses are fine for intranet installs, but these never name one host."""
    return not (addr.is_unspecified or addr.is_multicast or addr == ipaddress.IPv4Address("255.255.255.255"))


def parse_ipv4_number(host: str) -> ipaddress.IPv4Address | None:
    """Parse the loose numeric forms that inet_aton and browsers accept.

    ``2130706433``, ``0x7f.1``, ``0177.0.0.1`` and ``127.1`` are all 127.0.0.1.
    Returns None when the host is not numeric; raises BlockedURL when it looks
    numeric but is not a valid address (browsers refuse those too).
    """
    labels = host.split(".")
    if labels and labels[-1] == "":
        labels.pop()
    if not labels or not _NUMERIC_LABEL.match(labels[-1]):
        return None
    if len(labels) > 4:
        raise BlockedURL(f"{host} is not a valid address")
    numbers = []
    for label in labels:
        try:
            if label.startswith("0x"):
                numbers.append(int(label[2:] or "0", 16))
            elif len(label) > 1 and label.startswith("0"):
                numbers.append(int(label[1:], 8))
            else:
                numbers.append(int(label, 10))
        except ValueError:
            raise BlockedURL(f"{host} is not a valid address") from None
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        raise BlockedURL(f"{host} is not a valid address")
    value = last
    for i, n in enumerate(head):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def _normalize_name(raw: str) -> str:
    name = raw.rstrip(".") if raw.endswith(".") and not raw.endswith("..") else raw
    if not name.isascii():
        try:
            name = name.encode("idna").decode("ascii")
        except UnicodeError:
            raise BlockedURL("the link's host name is not valid") from None
    name = name.lower()
    labels = name.split(".")
    if len(name) > 253 or not all(_LABEL.match(label) for label in labels):
        raise BlockedURL("the link's host name is not valid")
    return name


def parse_url(url: str) -> Target:
    """Split and normalize an http(s) URL, refusing what policy never allows."""
    if not isinstance(url, str):
        raise ValueError(f"url must be a string, got {type(url).__name__}")
    url = url.strip()
    if not url:
        raise BlockedURL("the link is empty")
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in DEFAULT_PORTS:
        shown = scheme[:20] if scheme.isalnum() else "this kind of"
        raise BlockedURL(f"only http and https links can be fetched, not {shown} links")
    if _BAD_URL_CHARS.search(url):
        raise BlockedURL("the link contains spaces or control characters")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise BlockedURL("the link is not a valid web address") from None
    if "@" in parts.netloc:
        raise BlockedURL("links with a user name or password in them are not fetched")
    bracketed = parts.netloc.startswith("[")
    if not bracketed and parts.netloc.count(":") > 1:
        raise BlockedURL("the link's host name is not valid")
    try:
        port = parts.port
    except ValueError:
        raise BlockedURL("the link has an invalid port") from None
    if port == 0:
        raise BlockedURL("the link has an invalid port")
    port = port or DEFAULT_PORTS[scheme]
    host = parts.hostname or ""
    if not host:
        raise BlockedURL("the link has no host name")

    ip: IPAddress | None
    if bracketed:
        try:
            ip = ipaddress.IPv6Address(host)
        except ValueError:
            raise BlockedURL("the link's IPv6 address is not valid") from None
        if ip.scope_id:
            raise BlockedURL("links with an IPv6 zone are not fetched")
        host = str(ip)
    else:
        ip = parse_ipv4_number(host.lower())
        if ip is not None:
            host = str(ip)
        else:
            host = _normalize_name(host)

    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(scheme=scheme, host=host, ip=ip, port=port, path=path)


def is_localhost_name(host: str) -> bool:
    """RFC 6761: localhost and everything under it is the local machine."""
    return host == "localhost" or host.endswith(".localhost")
