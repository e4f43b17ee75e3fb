"""Any input bytes to a RawArticle: sniff the type, then hand the bytes to its reader.

A RawArticle is what the file says, before cleaning: a title, maybe an author and a
date, and the text blocks in reading order. bot.clean decides what of it is the
article; bot.document turns the rest into a Document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.errors import UsageError
from bot.formats import decode_text, html_charset, sniff, split_content_type

KINDS = ("text", "markdown", "html", "pdf", "docx")
# readers mark list items with this prefix; cleaning merges a run of them into one paragraph
BULLET = "• "


@dataclass(frozen=True)
class RawArticle:
    title: str
    author: str | None
    date: str | None
    blocks: tuple[str, ...]  # text blocks in order (paragraphs, headings, captions...), before cleaning
    kind: str  # "text" | "markdown" | "html" | "pdf" | "docx"
    # indices of blocks the source marks as headings (Markdown #, Word heading styles)
    headings: tuple[int, ...] = field(default=())
    # informational (page count, truncation...); copied into Document.meta
    meta: tuple[tuple[str, str], ...] = field(default=())

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if not isinstance(self.blocks, tuple):
            raise ValueError("blocks must be a tuple of strings")


def extract(
    data: bytes,
    *,
    name: str = "",
    content_type: str | None = None,
    max_pages: int = 2000,
) -> RawArticle:
    """Read ``data`` (the bytes of a file or download) into a RawArticle.

    ``name`` (a file name or URL path) and ``content_type`` are hints; the bytes decide.
    PDFs longer than ``max_pages`` are read up to that page, and the document's meta
    says so (``truncated``), rather than refused: the start of a long report is still
    worth summarizing.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise UsageError("extract() needs the input as bytes")
    if isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1:
        raise UsageError(f"max_pages must be a positive whole number, not {max_pages!r}")
    data = bytes(data)
    kind = sniff(data, name=name, content_type=content_type)
    _, charset = split_content_type(content_type)
    if kind == "pdf":
        from bot.readers.pdf import read_pdf

        return read_pdf(data, max_pages=max_pages)
    if kind == "docx":
        from bot.readers.docx import read_docx

        return read_docx(data)
    if kind == "html":
        from bot.readers.html import read_html

        text = decode_text(data, charset or html_charset(data))
        return read_html(text)
    from bot.readers.text import read_markdown, read_text

    text = decode_text(data, charset)
    return read_markdown(text) if kind == "markdown" else read_text(text)
