"""A small threaded HTTP server for tests: routes to handlers, records requests.

    with WebServer() as web:
        web.route("/page", lambda req: Reply.html("<p>hi</p>"))
        web.route("/old", lambda req: Reply.redirect("/page"))
        fetch(web.url("/page"), ...)
        assert web.requests[0].headers["user-agent"]

It listens on 127.0.0.1 (or ``::1``) with an OS-picked port, over plain HTTP or,
given a server-side ``ssl.SSLContext``, over HTTPS. A reply body may
be bytes or an iterable of chunks, which are sent one by one as they are
produced, so handlers can dribble, stream huge bodies or stall. Handlers that
loop should watch ``web.stopping`` so the server shuts down promptly.

``PinningTransport`` is the companion for SSRF tests: the fetcher connects to a
public-looking checked IP, and the transport routes that IP to the local server
while recording which address it was asked to reach.
"""

from __future__ import annotations

import gzip
import ssl
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # path and query, as sent
    headers: Message  # case-insensitive: headers["user-agent"]
    server_port: int


@dataclass
class Reply:
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes | Iterable[bytes] = b""
    # Send Content-Length for bytes bodies; iterable bodies end when the connection closes.
    content_length: bool = True

    @classmethod
    def html(cls, text: str, status: int = 200, charset: str = "utf-8") -> Reply:
        return cls(status, [("Content-Type", f"text/html; charset={charset}")], text.encode(charset))

    @classmethod
    def text(cls, text: str, status: int = 200) -> Reply:
        return cls(status, [("Content-Type", "text/plain; charset=utf-8")], text.encode())

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Reply:
        return cls(status, [("Location", location)])

    @classmethod
    def gzipped(cls, data: bytes, content_type: str = "text/plain") -> Reply:
        return cls(200, [("Content-Type", content_type), ("Content-Encoding", "gzip")], gzip.compress(data))

    @classmethod
    def deflated(cls, data: bytes, raw: bool = False, content_type: str = "text/plain") -> Reply:
        obj = zlib.compressobj(wbits=-15 if raw else 15)
        body = obj.compress(data) + obj.flush()
        return cls(200, [("Content-Type", content_type), ("Content-Encoding", "deflate")], body)


Handler = Callable[[Request], Reply]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    tls: ssl.SSLContext | None = None

    def finish_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        if self.tls is not None:
            # the handshake runs here, in the connection's own thread, not in the accept loop
            request = self.tls.wrap_socket(request, server_side=True)
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass  # failed handshakes and dropped clients are what several tests provoke


class WebServer:
    """A local HTTP server. Use as a context manager; it stops on exit."""

    def __init__(self, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> None:
        self.host = host
        self.tls = tls
        self.routes: dict[str, Handler] = {}
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        self._changed = threading.Condition()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- routes

    def route(self, path: str, handler: Handler | Reply) -> None:
        """Serve ``path`` (without query) with a handler, or always the same Reply."""
        if not path.startswith("/"):
            raise ValueError("route paths start with /")
        if isinstance(handler, Reply):
            reply = handler
            self.routes[path] = lambda _req: reply
        else:
            self.routes[path] = handler

    def url(self, path: str = "/", host: str | None = None) -> str:
        name = host or (f"[{self.host}]" if ":" in self.host else self.host)
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{name}:{self.port}{path}"

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the server is not running")
        return int(self._server.server_address[1])

    # --- recorded traffic

    def requests_to(self, path: str) -> list[Request]:
        with self._changed:
            return [r for r in self.requests if r.path.split("?", 1)[0] == path]

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> list[Request]:
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.requests) >= count, timeout):
                raise AssertionError(f"expected {count} requests, got {len(self.requests)}")
            return list(self.requests)

    def _record(self, request: Request) -> None:
        with self._changed:
            self.requests.append(request)
            self._changed.notify_all()

    # --- lifecycle

    def start(self) -> WebServer:
        server_class = _Server
        if ":" in self.host:
            import socket

            server_class = type("_Server6", (_Server,), {"address_family": socket.AF_INET6})
        self._server = server_class((self.host, 0), _make_handler(self))
        self._server.tls = self.tls
        # a short poll interval keeps stop() (which waits for the next poll) fast
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self) -> WebServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _make_handler(web: WebServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            request = Request(self.command, self.path, self.headers, web.port)
            web._record(request)
            handler = web.routes.get(self.path.split("?", 1)[0])
            reply = handler(request) if handler else Reply.text("not found", 404)
            try:
                self._send(reply)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (cap reached, deadline passed): expected in tests

        do_HEAD = do_GET

        def _send(self, reply: Reply) -> None:
            self.send_response(reply.status)
            for name, value in reply.headers:
                self.send_header(name, value)
            self.send_header("Connection", "close")
            if isinstance(reply.body, bytes | bytearray):
                if reply.content_length:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            else:
                self.end_headers()
                for chunk in reply.body:
                    if web.stopping.is_set():
                        break
                    self.wfile.write(chunk)
                    self.wfile.flush()
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            pass

    return _Handler


def dribble(data: bytes, interval: float, stop: threading.Event) -> Iterator[bytes]:
    """Yield one byte per ``interval`` seconds; waits on ``stop`` so shutdown is prompt."""
    for i in range(len(data)):
        if i and stop.wait(interval):
            return
        yield data[i : i + 1]


@dataclass(frozen=True)
class Connection:
    """One request as the transport saw it: the address asked for, and what was sent."""

    scheme: str
    ip: str
    port: int
    host_header: str
    sni_hostname: str | None
    authorization: str | None
    path: str


class PinningTransport(httpx.BaseTransport):
    """Routes requests for given IPs to local addresses, recording each one.

    ``routes`` maps an IP the fetcher checked (say 93.184.216.34) to a local one
    (127.0.0.1); the port is kept. Requests to unmapped IPs fail to connect, so
    no test can reach the real network. The local servers speak plain HTTP, so
    https requests are forwarded as http (the recorded scheme stays https).
    """

    def __init__(self, routes: dict[str, str]) -> None:
        self.routes = dict(routes)
        self.connections: list[Connection] = []
        self._inner = httpx.HTTPTransport(verify=False, trust_env=False)  # plain http to localhost only

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        ip = request.url.host
        self.connections.append(
            Connection(
                scheme=request.url.scheme,
                ip=ip,
                port=request.url.port or (443 if request.url.scheme == "https" else 80),
                host_header=request.headers.get("host", ""),
                sni_hostname=request.extensions.get("sni_hostname"),
                authorization=request.headers.get("authorization"),
                path=request.url.raw_path.decode("ascii"),
            )
        )
        if ip not in self.routes:
            raise httpx.ConnectError(f"no route to {ip} in this test", request=request)
        local = request.url.copy_with(scheme="http", host=self.routes[ip], port=request.url.port)
        forwarded = httpx.Request(
            request.method,
            local,
            headers=request.headers,
            extensions=request.extensions,
        )
        return self._inner.handle_request(forwarded)

    def close(self) -> None:
        self._inner.close()
