"""A local web server with article pages for the bot to fetch.

It stands in for the public web in end-to-end tests: a real HTTP server on
127.0.0.1 and an OS-picked port, serving a realistic news page built from the
NATO fixture (title, nav, figure captions, byline, footer clutter around the
<article>), a PNG image, and a 404. Tests may add their own pages.
"""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NATO_TXT = FIXTURES / "nato_offensive.txt"
NATO_TITLE = "NATO Musters More Arms for Ukraine, Says New Russian Offensive Has Started"

# 1x1 transparent PNG: a real image, so a content sniffer sees image bytes.
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082"
)


@dataclass(frozen=True)
class Page:
    body: bytes
    content_type: str
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()


def _is_heading(line: str) -> bool:
    return len(line) < 60 and not line.rstrip().endswith((".", "”", '"', ":", "?"))


def nato_html(text: str | None = None) -> str:
    """The fixture as a news page: the text is kept, the layout is invented."""
    raw = text if text is not None else NATO_TXT.read_text(encoding="utf-8")
    blocks = [b.strip().splitlines() for b in raw.split("\n\n") if b.strip()]
    title = blocks[0][0].strip()
    head_block, body_blocks = blocks[1], blocks[2:]
    tail = body_blocks.pop() if body_blocks else []
    caption = head_block[1] if len(head_block) > 1 else ""
    author = head_block[2] if len(head_block) > 2 else ""
    parts: list[str] = []
    for lines in body_blocks:
        if len(lines) == 2 and lines[0] == lines[1]:
            # photo captions appear twice in the copied text: image alt + caption
            parts.append(
                f'<figure><img src="/photo.jpg" alt="{html.escape(lines[0])}">'
                f"<figcaption>{html.escape(lines[1])}</figcaption></figure>"
            )
        elif len(lines) == 1 and _is_heading(lines[0]):
            parts.append(f"<h2>{html.escape(lines[0])}</h2>")
        else:
            parts.extend(f"<p>{html.escape(line)}</p>" for line in lines)
    closing = tail[0] if tail else ""
    bio = " ".join(tail[1:])
    nav = "".join(
        f'<li><a href="/section/{s.lower()}">{s}</a></li>'
        for s in ("World", "US", "Politics", "Business", "Opinion", "Sports", "Subscribe")
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)} | The Daily Example</title>
<meta property="og:title" content="{html.escape(title)}">
<meta name="author" content="{html.escape(author)}">
<meta property="article:published_time" content="2023-02-14T12:00:00Z">
<script>window.analytics = {{track: function() {{}}}};</script>
</head>
<body>
<header><div class="logo">The Daily Example</div><nav><ul>{nav}</ul></nav>
<div class="promo">Subscribe now and get 50% off your first year!</div></header>
<main>
<article>
<h1>{html.escape(title)}</h1>
<figure><img src="/lead.jpg" alt=""><figcaption>{html.escape(caption)}</figcaption></figure>
<div class="byline">By <a href="/author/tom-ozimek">{html.escape(author)}</a>
<time datetime="2023-02-14">Feb. 14, 2023</time></div>
{chr(10).join(parts)}
<p>{html.escape(closing)}</p>
</article>
<aside class="related"><h3>Related Topics</h3><ul><li><a href="/t/nato">NATO</a></li>
<li><a href="/t/ukraine">Ukraine</a></li></ul></aside>
</main>
<footer><div class="author-bio">{html.escape(bio)}</div>
<p>Share on twitter | facebook | email</p>
<p>&copy; 2023 The Daily Example. All rights reserved. Privacy Policy. Terms of Use.</p>
</footer>
</body>
</html>
"""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # keep test output clean; requests are recorded instead

    def _serve(self, with_body: bool) -> None:
        path = self.path.split("?", 1)[0]
        with self.server.lock:
            self.server.requests.append((self.command, self.path, dict(self.headers.items())))
        page = self.server.pages.get(path)
        if page is None:
            page = Page(b"<html><body><h1>404 Not Found</h1></body></html>", "text/html", 404)
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        for name, value in page.headers:
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(page.body)

    def do_GET(self) -> None:
        self._serve(True)

    def do_HEAD(self) -> None:
        self._serve(False)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages: dict[str, Page] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.lock = threading.Lock()


class ArticleServer:
    """`with ArticleServer() as web: web.url("/nato")`."""

    def __init__(self) -> None:
        self._server = _Server()
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="article-server", daemon=True
        )
        self.add("/nato", nato_html().encode("utf-8"), "text/html; charset=utf-8")
        self.add("/image.png", PNG_1X1, "image/png")

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        if not path.startswith("/"):
            raise ValueError(f"path must start with '/': {path!r}")
        return self.base_url + path

    def add(self, path: str, body: bytes | str, content_type: str, *, status: int = 200,
            headers: dict[str, str] | None = None) -> str:
        """Serve `body` at `path`; returns the page's URL."""
        if not path.startswith("/"):
            raise ValueError(f"path must start with '/': {path!r}")
        data = body.encode("utf-8") if isinstance(body, str) else body
        self._server.pages[path] = Page(data, content_type, status, tuple((headers or {}).items()))
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        return self.add(path, b"", "text/html", status=status, headers={"Location": to})

    @property
    def requests(self) -> list[tuple[str, str, dict[str, str]]]:
        with self._server.lock:
            return list(self._server.requests)

    def start(self) -> ArticleServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ArticleServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
