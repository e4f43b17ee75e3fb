"""Fetch links and Slack files without letting a pasted URL reach inside the network.

Every hop of a fetch is checked against the address policy (bot.fetching.addresses), and
the connection goes to the very address that was checked: the request URL
carries the IP, the Host header and TLS SNI carry the name. A DNS answer that
changes between check and connect (rebinding) therefore cannot redirect us.

The body is streamed under a byte cap counted on *decoded* bytes, so a gzip
bomb stops after the cap, and the whole fetch, redirects and slow bodies
included, runs under one total deadline.

httpx (and its httpcore) is imported here and nowhere else.
"""

from __future__ import annotations

import codecs
import functools
import math
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from typing import TYPE_CHECKING, Any

import httpcore
import httpx

from bot.errors import (
    BlockedURL,
    CorruptFile,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    TooLarge,
)
from bot.fetching.addresses import (
    Target,
    check_addresses,
    is_localhost_name,
    is_public_address,
    parse_url,
)

if TYPE_CHECKING:
    from bot.settings import Settings

__all__ = [
    "DEFAULT_USER_AGENT",
    "FetchPolicy",
    "Fetched",
    "check_url",
    "fetch",
    "is_public_address",
]

Resolver = Callable[[str], list[str]]

DEFAULT_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36 summarybot/0.1"
)
ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,"
    "application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.7"
)
ACCEPT_LANGUAGE = "en-US,en;q=0.9,*;q=0.5"
# br is not offered: no brotli decoder is installed, and we decode ourselves.
ACCEPT_ENCODING = "gzip, deflate"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


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


@dataclass(frozen=True)
class Fetched:
    url: str  # as given
    final_url: str  # after redirects, normalized, without fragment
    status: int
    content_type: str  # media type, lower-case, no parameters; "" when absent or invalid
    charset: str | None  # a charset Python knows, lower-case, or None
    filename: str | None  # from Content-Disposition, reduced to a base name
    body: bytes

    def __repr__(self) -> str:  # the body can be megabytes; keep logs readable
        return (
            f"Fetched(url={self.url!r}, final_url={self.final_url!r}, status={self.status}, "
            f"content_type={self.content_type!r}, charset={self.charset!r}, "
            f"filename={self.filename!r}, body=<{len(self.body)} bytes>)"
        )


# --------------------------------------------------------------------------- policy


def check_url(
    url: str, *, policy: FetchPolicy = DEFAULT_POLICY, resolver: Resolver | None = None
) -> list[str]:
    """Validate ``url`` against ``policy`` and return the addresses it may be fetched from.

    Raises BlockedURL when the scheme, the form or any resolved address is refused,
    and FetchError when the name cannot be resolved.
    """
    _check_policy_args(policy, resolver)
    return _allowed_ips(parse_url(url), policy, resolver, deadline=None)


def _check_policy_args(policy: object, resolver: object) -> None:
    if not isinstance(policy, FetchPolicy):
        raise ValueError(f"policy must be a FetchPolicy, got {type(policy).__name__}")
    if resolver is not None and not callable(resolver):
        raise ValueError("resolver must be a callable taking a host name and returning IP strings")


def _allowed_ips(
    target: Target, policy: FetchPolicy, resolver: Resolver | None, deadline: float | None
) -> list[str]:
    if target.ip is not None:
        return check_addresses(target.host, [target.host], allow_private=policy.allow_private)
    if is_localhost_name(target.host) and not policy.allow_private:
        raise BlockedURL(f"{target.host} is this machine, which is not fetched")
    ips = _resolve(target.host, resolver, deadline)
    return check_addresses(target.host, ips, allow_private=policy.allow_private)


def system_resolver(host: str) -> list[str]:
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


# --------------------------------------------------------------------------- fetching


def fetch(
    url: str,
    *,
    policy: FetchPolicy = DEFAULT_POLICY,
    bearer_token: str | None = None,
    resolver: Resolver | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Fetched:
    """GET ``url`` safely and return its decoded body.

    ``bearer_token`` (a Slack token for file downloads) is sent only to the exact
    scheme, host and port of ``url``; it is dropped for good at the first redirect
    elsewhere. ``resolver`` and ``transport`` replace DNS and the network in tests;
    an injected transport is used but not closed.
    """
    if not isinstance(url, str):
        raise ValueError(f"url must be a string, got {type(url).__name__}")
    _check_policy_args(policy, resolver)
    if bearer_token is not None and (
        not isinstance(bearer_token, str)
        or not bearer_token
        or any(c in bearer_token for c in "\r\n\0 ")
    ):
        raise ValueError("bearer_token must be a non-empty string without spaces or line breaks")
    if transport is not None and not isinstance(transport, httpx.BaseTransport):
        raise ValueError(f"transport must be an httpx.BaseTransport, got {type(transport).__name__}")

    deadline = time.monotonic() + policy.timeout
    target = parse_url(url)
    if transport is not None:
        return _Fetcher(policy, bearer_token, resolver, transport, deadline).run(url, target)
    with _DeadlineTransport(deadline) as own:
        return _Fetcher(policy, bearer_token, resolver, own, deadline).run(url, target)


class _Fetcher:
    def __init__(
        self,
        policy: FetchPolicy,
        bearer_token: str | None,
        resolver: Resolver | None,
        transport: httpx.BaseTransport,
        deadline: float,
    ) -> None:
        self.policy = policy
        self.token = bearer_token
        self.resolver = resolver
        self.transport = transport
        self.deadline = deadline
        # Some sites set a cookie and redirect to themselves until it comes back.
        # Cookies are kept for this one fetch and only for the exact origin (scheme, host, port) that set them.
        self.cookies: dict[tuple[str, str, int], dict[str, str]] = {}

    def run(self, url: str, target: Target) -> Fetched:
        origin = target.origin
        redirects = 0
        while True:
            ips = _allowed_ips(target, self.policy, self.resolver, self.deadline)
            response = self._send(target, ips)
            try:
                self._keep_cookies(target, response)
                location = response.headers.get("location")
                if response.status_code in REDIRECT_STATUSES and location:
                    if redirects >= self.policy.max_redirects:
                        raise BlockedURL(
                            f"too many redirects: {target.host} redirected more than "
                            f"{self.policy.max_redirects} times"
                        )
                    redirects += 1
                    target = self._follow(target, location)
                    if self.token is not None and target.origin != origin:
                        self.token = None  # never hand a Slack token to another host
                    continue
                if response.status_code >= 400:
                    raise HTTPStatusError(_status_message(target.host, response), response.status_code)
                body = self._read_body(target, response)
                return _build_fetched(url, target, response, body)
            finally:
                response.close()

    def _remaining(self, host: str) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise FetchTimeout(self._timeout_message(host))
        return remaining

    def _timeout_message(self, host: str) -> str:
        seconds = self.policy.timeout
        unit = "second" if seconds == 1 else "seconds"
        return f"gave up on {host}: no complete answer within {seconds:g} {unit}"

    def _follow(self, current: Target, location: str) -> Target:
        try:
            joined = httpx.URL(current.url).join(location.strip())
        except (httpx.InvalidURL, ValueError):
            raise BlockedURL(f"{current.host} redirected to an invalid address") from None
        return parse_url(str(joined))

    def _headers(self, target: Target) -> dict[str, str]:
        headers = {
            "Host": target.netloc,
            "User-Agent": self.policy.user_agent,
            "Accept": ACCEPT,
            "Accept-Language": ACCEPT_LANGUAGE,
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        if self.token is not None:
            headers["Authorization"] = f"Bearer {self.token}"
        jar = self.cookies.get(target.origin)
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        return headers

    def _keep_cookies(self, target: Target, response: httpx.Response) -> None:
        for line in response.headers.get_list("set-cookie"):
            cookie = SimpleCookie()
            try:
                cookie.load(line)
            except CookieError:
                continue
            jar = self.cookies.setdefault(target.origin, {})
            for name, morsel in cookie.items():
                if len(jar) < 50 and not any(c in morsel.coded_value for c in "\r\n;"):
                    jar[name] = morsel.coded_value

    def _send(self, target: Target, ips: list[str]) -> httpx.Response:
        """Connect to a checked address, trying the next one when a connect fails."""
        headers = self._headers(target)
        for i, ip in enumerate(ips):
            remaining = self._remaining(target.host)
            host = f"[{ip}]" if ":" in ip else ip
            try:
                pinned = httpx.URL(f"{target.scheme}://{host}:{target.port}{target.path}")
            except httpx.InvalidURL:
                raise BlockedURL(f"the link to {target.host} is not valid") from None
            if pinned.host != ip:  # the URL must name exactly the address we checked
                raise BlockedURL(f"the link to {target.host} is not valid")
            extensions: dict[str, Any] = {"timeout": httpx.Timeout(remaining).as_dict()}
            if target.ip is None and target.scheme == "https":
                extensions["sni_hostname"] = target.host
            request = httpx.Request("GET", pinned, headers=headers, extensions=extensions)
            try:
                response = self.transport.handle_request(request)
            except httpx.ConnectError as exc:
                if "CERTIFICATE_VERIFY_FAILED" in str(exc):
                    # another address would present the same certificate: stop here
                    raise FetchError(
                        f"could not connect securely to {target.host}: its certificate is not trusted"
                    ) from None
                if i + 1 < len(ips) and time.monotonic() < self.deadline:
                    continue
                self._remaining(target.host)
                raise FetchError(f"could not connect to {target.host}") from None
            except httpx.TimeoutException:
                raise FetchTimeout(self._timeout_message(target.host)) from None
            except httpx.HTTPError:
                self._remaining(target.host)
                raise FetchError(f"the connection to {target.host} failed") from None
            response.request = request
            return response
        raise AssertionError("unreachable: check_addresses never returns an empty list")

    def _read_body(self, target: Target, response: httpx.Response) -> bytes:
        cap = self.policy.max_bytes
        length = response.headers.get("content-length", "").strip()
        if length.isdigit() and int(length) > cap:
            raise TooLarge(_too_large_message(target.host, cap))
        decoder = _decoder_for(target.host, response.headers.get("content-encoding", ""))
        parts: list[bytes] = []
        size = 0
        raw_size = 0
        try:
            for chunk in response.iter_raw():
                raw_size += len(chunk)
                if raw_size > cap:
                    raise TooLarge(_too_large_message(target.host, cap))
                data = decoder.decode(chunk, cap - size + 1)
                size += len(data)
                if size > cap:
                    raise TooLarge(_too_large_message(target.host, cap))
                parts.append(data)
                self._remaining(target.host)  # a dribbling server must not outlive the deadline
            data = decoder.flush(cap - size + 1)
        except httpx.TimeoutException:
            raise FetchTimeout(self._timeout_message(target.host)) from None
        except httpx.HTTPError:
            self._remaining(target.host)
            raise FetchError(f"the download from {target.host} broke off") from None
        size += len(data)
        if size > cap:
            raise TooLarge(_too_large_message(target.host, cap))
        parts.append(data)
        return b"".join(parts)


def _status_message(host: str, response: httpx.Response) -> str:
    try:
        phrase = HTTPStatus(response.status_code).phrase
    except ValueError:
        phrase = "an error"
    return f"{host} answered {response.status_code} {phrase}"


def _too_large_message(host: str, cap: int) -> str:
    if cap >= 1_000_000:
        limit = f"{cap / 1_000_000:g} MB"
    elif cap >= 1000:
        limit = f"{cap / 1000:g} kB"
    else:
        limit = f"{cap} bytes"
    return f"{host} sent more than {limit}, the most summarybot downloads"


# --------------------------------------------------------------------------- headers


def _build_fetched(url: str, target: Target, response: httpx.Response, body: bytes) -> Fetched:
    content_type, charset = parse_content_type(response.headers.get("content-type"))
    return Fetched(
        url=url,
        final_url=target.url,
        status=response.status_code,
        content_type=content_type,
        charset=charset,
        filename=parse_content_disposition(response.headers.get("content-disposition")),
        body=body,
    )


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """Media type (lower-case, no parameters) and a known charset from a Content-Type header.

    The media type is "" when the server sent none or garbage, so callers can fall
    back to what they know (Slack's mimetype, the file name, sniffing)."""
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


# --------------------------------------------------------------------------- decoding


class _Identity:
    def decode(self, data: bytes, limit: int) -> bytes:
        return data

    def flush(self, limit: int) -> bytes:
        return b""


class _Inflate:
    """zlib-based decoding that never produces more than ``limit`` bytes per call.

    Output beyond the limit is not needed: the caller stops with TooLarge.
    """

    def __init__(self, host: str, encoding: str) -> None:
        self.host = host
        self.gzip = encoding in {"gzip", "x-gzip"}
        self.started = False
        self.done = False
        self.between_members = False
        self._obj = zlib.decompressobj(zlib.MAX_WBITS | 16 if self.gzip else zlib.MAX_WBITS)

    def decode(self, data: bytes, limit: int) -> bytes:
        out = bytearray()
        while data and not self.done and len(out) < limit:
            if self.between_members:
                if data[:1] != b"\x1f":
                    self.done = True  # trailing bytes after the last member are ignored
                    break
                self._obj = zlib.decompressobj(zlib.MAX_WBITS | 16)
                self.between_members = False
            try:
                out += self._obj.decompress(data, limit - len(out))
            except zlib.error:
                if not self.gzip and not self.started:
                    # "deflate" is often sent raw, without the zlib wrapper
                    self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    self.started = True
                    continue
                raise CorruptFile(f"{self.host} sent a damaged compressed response") from None
            self.started = True
            if self._obj.unconsumed_tail:
                break  # the limit was reached
            data = b""
            if self._obj.eof:
                if self.gzip:  # a gzip body may hold several members, one after another
                    self.between_members = True
                    data = self._obj.unused_data
                else:
                    self.done = True
        return bytes(out)

    def flush(self, limit: int) -> bytes:
        if self.done or self.between_members:
            return b""
        return self._obj.flush()[:limit]


def _decoder_for(host: str, content_encoding: str) -> _Identity | _Inflate:
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return _Identity()
    if len(codings) == 1 and codings[0] in {"gzip", "x-gzip", "deflate"}:
        return _Inflate(host, codings[0])
    shown = ", ".join(c[:20] for c in codings[:3])
    raise FetchError(f"{host} sent its answer compressed as {shown}, which summarybot cannot read")


# --------------------------------------------------------------------------- transport


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every wait ends at the fetch's deadline at the latest."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: float) -> None:
        self._inner = inner
        self._deadline = deadline

    def _clamp(self, timeout: float | None, error: type[Exception]) -> float:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise error("the total deadline has passed")
        return remaining if timeout is None else min(timeout, remaining)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(
            ssl_context, server_hostname, self._clamp(timeout, httpcore.ConnectTimeout)
        )
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, deadline: float) -> None:
        self._inner = httpcore.SyncBackend()
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise httpcore.ConnectTimeout("the total deadline has passed")
        timeout = remaining if timeout is None else min(timeout, remaining)
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used for fetching")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


_HTTPCORE_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.TimeoutException, httpx.TimeoutException),
)


def _as_httpx_error(exc: Exception) -> Exception:
    for core, mapped in _HTTPCORE_ERRORS:
        if isinstance(exc, core):
            return mapped(str(exc))
    return exc


class _CoreStream(httpx.SyncByteStream):
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._inner
        except httpcore.TimeoutException as exc:
            raise _as_httpx_error(exc) from exc
        except (httpcore.NetworkError, httpcore.ProtocolError) as exc:
            raise _as_httpx_error(exc) from exc

    def close(self) -> None:
        if hasattr(self._inner, "close"):
            self._inner.close()


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """Loading the CA bundle takes a noticeable fraction of a second; do it once.
    An SSLContext is safe to share between threads."""
    return httpx.create_ssl_context(trust_env=False)


class _DeadlineTransport(httpx.BaseTransport):
    """The real network transport: no proxies from the environment, no connection
    reuse (a TLS connection checked for one name must not serve another), and
    every connect, read and write bounded by the fetch's total deadline."""

    def __init__(self, deadline: float) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(),
            max_connections=4,
            max_keepalive_connections=0,
            network_backend=_DeadlineBackend(deadline),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            core_response = self._pool.handle_request(core_request)
        except httpcore.TimeoutException as exc:
            raise _as_httpx_error(exc) from exc
        except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol) as exc:
            raise _as_httpx_error(exc) from exc
        return httpx.Response(
            status_code=core_response.status,
            headers=core_response.headers,
            stream=_CoreStream(core_response.stream),
            extensions=core_response.extensions,
        )

    def close(self) -> None:
        self._pool.close()
