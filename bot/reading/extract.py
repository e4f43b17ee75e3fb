"""Any input bytes to a RawArticle: sniff the type, then hand the bytes to its reader.

A RawArticle is what the file says, before cleaning: a title, maybe an author and a
date, and the text blocks in reading order. bot.reading.clean decides what of it is the
article; bot.reading.build turns the rest into a Document.
"""

from __future__ import annotations

from bot.document import RawArticle
from bot.errors import UsageError
from bot.fetching.headers import parse_content_type
from bot.reading.formats import decode_text, html_charset, sniff


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
    _, charset = parse_content_type(content_type)
    if kind == "pdf":
        from bot.reading.readers.pdf import read_pdf

        return read_pdf(data, max_pages=max_pages)
    if kind == "docx":
        from bot.reading.readers.docx import read_docx

        return read_docx(data)
    if kind == "html":
        from bot.reading.readers.html import read_html

        text = decode_text(data, charset or html_charset(data))
        return read_html(text)
    from bot.reading.readers.text import read_markdown, read_text

    text = decode_text(data, charset)
    return read_markdown(text) if kind == "markdown" else read_text(text)
