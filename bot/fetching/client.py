"""Fetch links and Slack files without letting a pasted URL reach inside the network.

fetch() runs the redirect loop: every hop is checked against the policy
(bot.fetching.policy), and the connection goes to the very address that was
checked: the request URL carries the IP, the Host header and TLS SNI carry the
name. A DNS answer that changes between check and connect (rebinding) therefore
cannot redirect us.

The body is streamed under a byte cap counted on *decoded* bytes
(bot.fetching.decoding), so a gzip bomb stops after the cap, and the whole fetch,
redirects and slow bodies included, runs under one total deadline
(bot.fetching.transport).

httpx is imported here and in bot.fetching.transport, nowhere else.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from typing import Any

import httpx

from bot.errors import (
    BlockedURL,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    TooLarge,
)
from bot.fetching.addresses import Target, parse_url
from bot.fetching.decoding import decoder_for
from bot.fetching.headers import parse_content_disposition, parse_content_type
from bot.fetching.policy import (
    DEFAULT_POLICY,
    FetchPolicy,
    Resolver,
    allowed_addresses,
    check_policy_arguments,
)
from bot.fetching.transport import DeadlineTransport

__all__ = ["Fetched", "fetch"]

ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,"
    "application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.7"
)
ACCEPT_LANGUAGE = "en-US,en;q=0.9,*;q=0.5"
# br is not offered: no brotli decoder is installed, and we decode ourselves.
ACCEPT_ENCODING = "gzip, deflate"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Fetched:
    """What fetch() returns: the decoded body and what the server said about it."""

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
    check_policy_arguments(policy, resolver)
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
    with DeadlineTransport(deadline) as own:
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
            ips = allowed_addresses(target, self.policy, self.resolver, self.deadline)
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
        raise AssertionError("unreachable: allowed_addresses never returns an empty list")

    def _read_body(self, target: Target, response: httpx.Response) -> bytes:
        cap = self.policy.max_bytes
        length = response.headers.get("content-length", "").strip()
        if length.isdigit() and int(length) > cap:
            raise TooLarge(_too_large_message(target.host, cap))
        decoder = decoder_for(target.host, response.headers.get("content-encoding", ""))
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
