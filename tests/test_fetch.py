"""Fetching against real local HTTP servers: pages, redirects, caps, deadlines,
compression, headers and the Slack bearer token."""

from __future__ import annotations

import gzip
import socket
import ssl
import threading
import time
import tracemalloc
from collections.abc import Iterator

import pytest
from fakes.webserver import PinningTransport, Reply, WebServer, dribble

from bot.errors import (
    BlockedURL,
    CorruptFile,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    TooLarge,
)
from bot.fetching.client import Fetched, fetch
from bot.fetching.policy import FetchPolicy
from bot.settings import DEFAULT_USER_AGENT, Settings

LOCAL = FetchPolicy(allow_private=True, timeout=5)
TOKEN = "xoxb-1234-secret-token"
PUBLIC_IP = "93.184.216.34"


@pytest.fixture
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        yield server


@pytest.fixture
def other_web() -> Iterator[WebServer]:
    with WebServer() as server:
        yield server


def counting_stream(chunk: bytes, count: int, sent: list[int], done: threading.Event, stop: threading.Event):
    """Yield ``chunk`` up to ``count`` times, recording how many went out."""
    try:
        for _ in range(count):
            if stop.is_set():
                return
            yield chunk
            sent[0] += len(chunk)
    finally:
        done.set()


# --------------------------------------------------------------------------- plain pages


def test_fetches_a_page_with_browser_like_headers(web: WebServer) -> None:
    web.route("/article", Reply.html("<h1>Hello</h1>"))
    got = fetch(web.url("/article"), policy=LOCAL)

    assert isinstance(got, Fetched)
    assert (got.status, got.content_type, got.charset, got.body) == (200, "text/html", "utf-8", b"<h1>Hello</h1>")
    assert got.url == got.final_url == web.url("/article")
    [req] = web.requests
    assert req.headers["User-Agent"] == DEFAULT_USER_AGENT
    assert req.headers["Accept"].startswith("text/html")
    assert "gzip" in req.headers["Accept-Encoding"]
    assert req.headers["Accept-Language"]
    assert req.headers["Authorization"] is None
    assert "bytes" in repr(got) and "Hello" not in repr(got)


def test_custom_user_agent_is_sent(web: WebServer) -> None:
    web.route("/p", Reply.text("x"))
    fetch(web.url("/p"), policy=FetchPolicy(allow_private=True, user_agent="Custom/1.0"))
    assert web.requests[0].headers["User-Agent"] == "Custom/1.0"


def test_query_and_unicode_path_are_sent_encoded(web: WebServer) -> None:
    web.route("/wiki/Bücher", Reply.text("never matched: the path arrives percent-encoded"))
    web.route("/wiki/B%C3%BCcher", Reply.text("books"))
    got = fetch(web.url("/wiki/Bücher?q=a b&x=1#frag").replace(" ", "%20"), policy=LOCAL)
    assert got.body == b"books"
    assert web.requests[0].path == "/wiki/B%C3%BCcher?q=a%20b&x=1"


@pytest.mark.parametrize(
    ("header", "media", "charset"),
    [
        ('text/HTML; Charset="ISO-8859-1"', "text/html", "iso-8859-1"),
        ("application/pdf", "application/pdf", None),
        ("text/plain; charset=no-such-charset", "text/plain", None),
        ("text/html;charset=UTF-8;foo=bar", "text/html", "utf-8"),
        ("garbage", "", None),
        (None, "", None),
    ],
)
def test_content_type_is_parsed(web: WebServer, header: str | None, media: str, charset: str | None) -> None:
    web.route("/t", Reply(200, [("Content-Type", header)] if header else [], b"body"))
    got = fetch(web.url("/t"), policy=LOCAL)
    assert (got.content_type, got.charset) == (media, charset)


@pytest.mark.parametrize(
    ("header", "filename"),
    [
        ('attachment; filename="report.pdf"', "report.pdf"),
        ("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.docx", "résumé.docx"),
        ('attachment; filename="../../etc/passwd"', "passwd"),
        ('attachment; filename="C:\\\\Users\\\\x\\\\notes.txt"', "notes.txt"),
        ('attachment; filename=".hidden"', "hidden"),
        ("inline", None),
    ],
)
def test_content_disposition_filename(web: WebServer, header: str, filename: str | None) -> None:
    web.route("/f", Reply(200, [("Content-Type", "application/octet-stream"), ("Content-Disposition", header)], b"x"))
    assert fetch(web.url("/f"), policy=LOCAL).filename == filename


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(("status", "message"), [(404, "404 Not Found"), (500, "500 Internal Server Error"), (418, "418")])
def test_error_statuses_raise_http_status_error(web: WebServer, status: int, message: str) -> None:
    web.route("/e", Reply.text("oops", status=status))
    with pytest.raises(HTTPStatusError, match=message) as err:
        fetch(web.url("/e"), policy=LOCAL)
    assert err.value.status == status
    assert "127.0.0.1" in str(err.value)


def test_connection_refused_is_a_fetch_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed at once: nothing listens there
    with pytest.raises(FetchError, match="could not connect to 127.0.0.1") as err:
        fetch(f"http://127.0.0.1:{port}/", policy=LOCAL)
    assert type(err.value) is FetchError


def test_argument_validation() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        FetchPolicy(max_bytes=0)
    with pytest.raises(ValueError, match="timeout"):
        FetchPolicy(timeout=float("inf"))
    with pytest.raises(ValueError, match="max_redirects"):
        FetchPolicy(max_redirects=-1)
    with pytest.raises(ValueError, match="user_agent"):
        FetchPolicy(user_agent="a\r\nX-Injected: 1")
    with pytest.raises(ValueError, match="allow_private"):
        FetchPolicy(allow_private="yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="bearer_token"):
        fetch("http://example.com/", bearer_token="a\nb")
    with pytest.raises(ValueError, match="transport"):
        fetch("http://example.com/", transport=object())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="policy"):
        fetch("http://example.com/", policy={})  # type: ignore[arg-type]


def test_policy_from_settings() -> None:
    settings = Settings.from_env(
        {
            "SUMMARYBOT_MAX_BYTES": "1234",
            "SUMMARYBOT_FETCH_TIMEOUT": "2.5",
            "SUMMARYBOT_MAX_REDIRECTS": "2",
            "SUMMARYBOT_USER_AGENT": "Bot/2",
            "SUMMARYBOT_ALLOW_PRIVATE_URLS": "true",
        },
        dotenv=False,
    )
    assert FetchPolicy.from_settings(settings) == FetchPolicy(1234, 2.5, 2, "Bot/2", True)
    assert FetchPolicy.from_settings(Settings.from_env({}, dotenv=False)) == FetchPolicy()


# --------------------------------------------------------------------------- redirects


def test_same_host_redirects_are_followed(web: WebServer) -> None:
    web.route("/a", Reply.redirect("/b", 301))
    web.route("/b", Reply.redirect(web.url("/c"), 307))
    web.route("/c", Reply.redirect("d?x=1", 308))
    web.route("/d", Reply.text("landed"))
    got = fetch(web.url("/a"), policy=LOCAL)
    assert (got.body, got.final_url, got.url) == (b"landed", web.url("/d?x=1"), web.url("/a"))
    assert [r.path for r in web.requests] == ["/a", "/b", "/c", "/d?x=1"]


@pytest.mark.parametrize(("cap", "ok"), [(3, True), (2, False), (0, False)])
def test_redirect_cap(web: WebServer, cap: int, ok: bool) -> None:
    for i in range(3):
        web.route(f"/r{i}", Reply.redirect(f"/r{i + 1}"))
    web.route("/r3", Reply.text("end"))
    policy = FetchPolicy(allow_private=True, max_redirects=cap)
    if ok:
        assert fetch(web.url("/r0"), policy=policy).body == b"end"
    else:
        with pytest.raises(BlockedURL, match="too many redirects"):
            fetch(web.url("/r0"), policy=policy)
        assert len(web.requests) == cap + 1  # the hop beyond the cap is never requested


def test_redirect_loop_stops(web: WebServer) -> None:
    web.route("/loop", Reply.redirect("/loop"))
    with pytest.raises(BlockedURL, match="too many redirects"):
        fetch(web.url("/loop"), policy=LOCAL)
    assert len(web.requests) == LOCAL.max_redirects + 1


def test_redirect_without_location_is_returned_as_is(web: WebServer) -> None:
    web.route("/odd", Reply(302, [("Content-Type", "text/plain")], b"no location"))
    got = fetch(web.url("/odd"), policy=LOCAL)
    assert (got.status, got.body) == (302, b"no location")


# --------------------------------------------------------------------------- bearer token


def test_token_goes_to_the_original_host_only(web: WebServer, other_web: WebServer) -> None:
    web.route("/files/1", Reply.redirect("/files/1/download"))
    web.route("/files/1/download", Reply.redirect(other_web.url("/cdn/1")))
    other_web.route("/cdn/1", Reply.redirect(web.url("/files/1/final")))
    web.route("/files/1/final", Reply.text("file bytes"))

    got = fetch(web.url("/files/1"), policy=LOCAL, bearer_token=TOKEN)

    assert got.body == b"file bytes"
    auth = {r.path: r.headers["Authorization"] for r in web.requests + other_web.requests}
    assert auth["/files/1"] == f"Bearer {TOKEN}"
    assert auth["/files/1/download"] == f"Bearer {TOKEN}"  # same host: kept
    assert auth["/cdn/1"] is None  # another host (port): dropped
    assert auth["/files/1/final"] is None  # and never restored


def test_token_is_dropped_on_another_host_name_at_the_same_address(web: WebServer) -> None:
    web.route("/f", Reply.redirect(f"http://other.test:{web.port}/g"))
    web.route("/g", Reply.text("ok"))
    transport = PinningTransport({PUBLIC_IP: "127.0.0.1"})
    resolver = {"files.test": [PUBLIC_IP], "other.test": [PUBLIC_IP]}.__getitem__
    fetch(f"http://files.test:{web.port}/f", bearer_token=TOKEN, resolver=resolver, transport=transport)
    assert [c.authorization for c in transport.connections] == [f"Bearer {TOKEN}", None]


def test_token_is_dropped_on_https_to_http_downgrade(web: WebServer) -> None:
    web.route("/f", Reply.redirect(f"http://files.test:{web.port}/g"))
    web.route("/g", Reply.text("ok"))
    transport = PinningTransport({PUBLIC_IP: "127.0.0.1"})
    fetch(
        f"https://files.test:{web.port}/f",
        bearer_token=TOKEN,
        resolver=lambda host: [PUBLIC_IP],
        transport=transport,
    )
    assert [(c.scheme, c.authorization) for c in transport.connections] == [
        ("https", f"Bearer {TOKEN}"),
        ("http", None),
    ]


def test_errors_never_show_the_token(web: WebServer) -> None:
    web.route("/gone", Reply.text("no", status=403))
    with pytest.raises(HTTPStatusError) as err:
        fetch(web.url("/gone"), policy=LOCAL, bearer_token=TOKEN)
    assert TOKEN not in str(err.value)
    with pytest.raises(ValueError) as bad:
        fetch(web.url("/gone"), policy=LOCAL, bearer_token=TOKEN + "\n")
    assert TOKEN not in str(bad.value)


# --------------------------------------------------------------------------- size caps


def test_body_at_the_cap_is_accepted_and_one_byte_more_is_not(web: WebServer) -> None:
    web.route("/exact", Reply.text("x" * 1000))
    web.route("/over", Reply.text("x" * 1001))
    policy = FetchPolicy(allow_private=True, max_bytes=1000)
    assert len(fetch(web.url("/exact"), policy=policy).body) == 1000
    with pytest.raises(TooLarge, match="1 kB"):
        fetch(web.url("/over"), policy=policy)


def test_huge_streamed_body_stops_early(web: WebServer) -> None:
    sent, done = [0], threading.Event()
    chunk = b"y" * 65536
    web.route(
        "/huge",
        lambda req: Reply(
            200,
            [("Content-Type", "text/plain")],
            counting_stream(chunk, 3200, sent, done, web.stopping),  # 200 MB, no Content-Length
        ),
    )
    with pytest.raises(TooLarge, match="127.0.0.1 sent more than 1 MB"):
        fetch(web.url("/huge"), policy=FetchPolicy(allow_private=True, max_bytes=1_000_000))
    assert done.wait(10), "the server kept streaming after the client left"
    assert sent[0] < 50_000_000  # socket buffers hold a few MB at most; far from 200 MB


def test_too_large_content_length_fails_before_the_body(web: WebServer) -> None:
    def stalls(req):
        web.stopping.wait(30)  # a body that would never arrive
        yield b""

    web.route("/big", lambda req: Reply(200, [("Content-Length", str(10**12))], stalls(req), content_length=False))
    start = time.monotonic()
    with pytest.raises(TooLarge):
        fetch(web.url("/big"), policy=FetchPolicy(allow_private=True, timeout=10))
    assert time.monotonic() - start < 5  # decided on the header, not by the deadline


def test_gzip_bomb_stops_at_the_cap_with_bounded_memory(web: WebServer) -> None:
    bomb = gzip.compress(b"\0" * 10_000_000, 9)
    assert len(bomb) < 20_000
    web.route("/bomb", Reply(200, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], bomb))
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge, match="1 MB"):
            fetch(web.url("/bomb"), policy=FetchPolicy(allow_private=True, max_bytes=1_000_000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4_000_000  # ~cap plus a chunk, never the 10 MB the bomb expands to


@pytest.mark.parametrize(
    "reply",
    [
        Reply.gzipped(b"hello " * 1000),
        Reply.deflated(b"hello " * 1000),
        Reply.deflated(b"hello " * 1000, raw=True),
        Reply(200, [("Content-Encoding", "gzip")], gzip.compress(b"hello " * 500) + gzip.compress(b"hello " * 500)),
        Reply(200, [("Content-Encoding", "gzip")], [gzip.compress(b"hello " * 500), gzip.compress(b"hello " * 500)]),
        Reply(200, [("Content-Encoding", "identity")], b"hello " * 1000),
    ],
    ids=["gzip", "deflate-zlib", "deflate-raw", "gzip-two-members", "gzip-members-streamed", "identity"],
)
def test_compressed_bodies_are_decoded(web: WebServer, reply: Reply) -> None:
    web.route("/z", reply)
    assert fetch(web.url("/z"), policy=LOCAL).body == b"hello " * 1000


def test_compressed_body_is_capped_on_decoded_size(web: WebServer) -> None:
    web.route("/z", Reply.deflated(b"a" * 5000))
    with pytest.raises(TooLarge):
        fetch(web.url("/z"), policy=FetchPolicy(allow_private=True, max_bytes=4999))
    assert len(fetch(web.url("/z"), policy=FetchPolicy(allow_private=True, max_bytes=5000)).body) == 5000


def test_damaged_or_unknown_compression(web: WebServer) -> None:
    web.route("/bad", Reply(200, [("Content-Encoding", "gzip")], b"\x1f\x8b not really gzip at all"))
    web.route("/br", Reply(200, [("Content-Encoding", "br")], b"\x0b\x02\x80hello\x03"))
    with pytest.raises(CorruptFile, match="damaged"):
        fetch(web.url("/bad"), policy=LOCAL)
    with pytest.raises(FetchError, match="br"):
        fetch(web.url("/br"), policy=LOCAL)


# --------------------------------------------------------------------------- deadline


def test_dribbling_server_hits_the_total_deadline(web: WebServer) -> None:
    web.route("/slow", lambda req: Reply(200, [("Content-Type", "text/plain")], dribble(b"x" * 100, 0.25, web.stopping)))
    start = time.monotonic()
    with pytest.raises(FetchTimeout, match="1 second"):
        fetch(web.url("/slow"), policy=FetchPolicy(allow_private=True, timeout=1))
    elapsed = time.monotonic() - start
    assert 0.9 < elapsed < 1.5  # every read is bounded by what is left of the deadline
    assert web.requests_to("/slow")


def test_deadline_covers_redirect_chains(web: WebServer) -> None:
    def slow_redirect(req):
        n = int(req.path.rsplit("/", 1)[1])
        web.stopping.wait(0.3)
        return Reply.redirect(f"/hop/{n + 1}")

    web.route("/hop/0", slow_redirect)
    for n in range(1, 6):
        web.route(f"/hop/{n}", slow_redirect)
    start = time.monotonic()
    with pytest.raises(FetchTimeout):
        fetch(web.url("/hop/0"), policy=FetchPolicy(allow_private=True, timeout=1, max_redirects=5))
    assert time.monotonic() - start < 1.5
    assert 2 <= len(web.requests) <= 4


def test_silent_server_hits_the_deadline() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()  # accepts connections (kernel backlog) but never answers
        port = listener.getsockname()[1]
        start = time.monotonic()
        with pytest.raises(FetchTimeout):
            fetch(f"http://127.0.0.1:{port}/", policy=FetchPolicy(allow_private=True, timeout=0.5))
        assert time.monotonic() - start < 1.0


def test_deadline_holds_with_an_injected_transport(web: WebServer) -> None:
    web.route("/slow", lambda req: Reply(200, [], dribble(b"x" * 100, 0.2, web.stopping)))
    transport = PinningTransport({PUBLIC_IP: "127.0.0.1"})
    start = time.monotonic()
    with pytest.raises(FetchTimeout):
        fetch(
            f"http://slow.test:{web.port}/slow",
            policy=FetchPolicy(timeout=1),
            resolver=lambda host: [PUBLIC_IP],
            transport=transport,
        )
    assert time.monotonic() - start < 1.6  # checked between chunks: at most one chunk late


def test_ipv6_loopback_server_with_allow_private() -> None:
    try:
        server = WebServer("::1").start()
    except OSError:
        pytest.skip("this machine has no IPv6 loopback")
    try:
        server.route("/six", Reply.text("over IPv6"))
        got = fetch(server.url("/six"), policy=LOCAL)
        assert got.body == b"over IPv6"
        assert server.requests[0].headers["Host"] == f"[::1]:{server.port}"
        with pytest.raises(BlockedURL):
            fetch(server.url("/six"))
    finally:
        server.stop()


def test_redirect_location_with_spaces_and_unicode_is_encoded(web: WebServer) -> None:
    web.route("/from", Reply(302, [("Location", "/to%20here?q=%C3%BC")], b""))
    web.route("/to%20here", Reply.text("arrived"))
    got = fetch(web.url("/from"), policy=LOCAL)
    assert got.body == b"arrived"
    assert got.final_url == web.url("/to%20here?q=%C3%BC")


def test_cookies_set_during_redirects_return_to_the_same_host_only(web: WebServer, other_web: WebServer) -> None:
    web.route("/gate", Reply(302, [("Set-Cookie", "consent=yes; Path=/; HttpOnly"), ("Location", "/article")], b""))

    def article(req):
        if req.headers["Cookie"] != "consent=yes":
            return Reply.redirect("/gate")  # the loop a cookie-less client would spin in
        return Reply.redirect(other_web.url("/elsewhere"))

    web.route("/article", article)
    other_web.route("/elsewhere", Reply.text("done"))
    assert fetch(web.url("/gate"), policy=LOCAL).body == b"done"
    assert [r.path for r in web.requests] == ["/gate", "/article"]
    assert other_web.requests[0].headers["Cookie"] is None


def test_https_connects_to_the_checked_ip_with_sni_and_verifies_the_name(fixtures) -> None:
    server_names: list[str | None] = []
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(fixtures / "tls" / "secure.test.crt", fixtures / "tls" / "secure.test.key")
    tls.sni_callback = lambda sock, name, ctx: server_names.append(name)
    with WebServer(tls=tls) as server:
        server.route("/", Reply.text("secret"))
        # the real transport: the self-signed certificate is not trusted, so the fetch
        # fails, but only after a TLS handshake that named secure.test, at 127.0.0.1
        with pytest.raises(FetchError, match="secure.test") as err:
            fetch(f"https://secure.test:{server.port}/", policy=LOCAL, resolver=lambda host: ["127.0.0.1"])
    assert server_names == ["secure.test"]
    assert "certificate" in str(err.value)
    assert server.requests == []
