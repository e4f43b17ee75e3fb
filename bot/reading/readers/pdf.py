"""PDF to blocks with pypdf: the text layer, lines rejoined into paragraphs.

pypdf gives one line of text per printed line. Paragraphs are rebuilt the way a
reader sees them: a short line that ends a sentence closes its paragraph, as do
blank lines and list items; a word hyphenated at a line end is joined again. Lines
that repeat at the top or bottom of most pages (running heads, page numbers) are
dropped.

Long PDFs are read up to ``max_pages`` pages (and ``MAX_CHARS`` characters); the
RawArticle's meta then says ``truncated``. The start of a long report is still
worth summarizing, so this is not an error.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

from bot.document import BULLET, RawArticle
from bot.errors import CorruptFile, NoTextLayer

MAX_CHARS = 3_000_000

_LIST_ITEM = re.compile(r"^(?:[-*•▪◦‣●]|\d{1,3}[.)])\s+(?=\S)")
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,5}(?:\s*(?:of|/)\s*\d{1,5})?$|^[-–—]\s*\d{1,5}\s*[-–—]$", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.!?:…][\"'”’»)\]]*$")


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except (DependencyError, NotImplementedError) as exc:
                raise CorruptFile("this PDF is encrypted in a way I cannot open") from exc
            if not ok:
                raise CorruptFile("this PDF is password-protected; send an unprotected copy")
        reader.pages  # noqa: B018 - builds the page tree now, so damage shows up here
        return reader
    except CorruptFile:
        raise
    except FileNotDecryptedError as exc:
        raise CorruptFile("this PDF is password-protected; send an unprotected copy") from exc
    except (PdfReadError, PyPdfError) as exc:
        raise CorruptFile("this PDF is damaged and cannot be read") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises arbitrary errors on malformed files
        raise CorruptFile("this PDF is damaged and cannot be read") from exc


@dataclass
class _Line:
    text: str
    x: float = 0.0
    y: float = 0.0
    size: float = 0.0


def _extract_lines(page: object) -> list[_Line]:
    """The page's lines with the position and font size of each line's first text."""
    lines: list[_Line] = []
    current = _Line("")
    started = False

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        nonlocal current, started
        for k, part in enumerate(text.split("\n")):
            if k:
                lines.append(current)
                current = _Line("")
                started = False
            if part.strip() and not started:
                current.x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                current.y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                current.size = abs(size * tm[3] * cm[3]) or abs(size)
                started = True
            current.text += part

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    lines.append(current)
    for line in lines:
        line.text = " ".join(line.text.split())
    return lines


def _page_lines(reader: PdfReader, max_pages: int) -> tuple[list[list[_Line]], int, bool]:
    """Lines of each page read, the page count, and whether reading stopped early."""
    try:
        total = len(reader.pages)
    except Exception as exc:  # noqa: BLE001 - same boundary as _open
        raise CorruptFile("this PDF is damaged and cannot be read") from exc
    pages: list[list[_Line]] = []
    chars = 0
    truncated = total > max_pages
    for index in range(min(total, max_pages)):
        try:
            lines = _extract_lines(reader.pages[index])
        except (RecursionError, MemoryError):
            raise CorruptFile("this PDF is too complex to read") from None
        except Exception as exc:  # noqa: BLE001 - a broken page stream is a broken file
            raise CorruptFile(f"page {index + 1} of this PDF is damaged") from exc
        pages.append(lines)
        chars += sum(len(ln.text) for ln in lines)
        if chars > MAX_CHARS:
            truncated = True
            break
    return pages, total, truncated


def _running_lines(pages: list[list[_Line]]) -> set[str]:
    """Lines at the top or bottom of most pages: running heads and feet."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        content = [ln.text for ln in lines if ln.text]
        edge = set(content[:2] + content[-2:])
        counts.update(re.sub(r"\d+", "#", ln) for ln in edge)
    return {ln for ln, n in counts.items() if n >= max(3, len(pages) // 2)}


def _mode(values: list[float]) -> float:
    counts = Counter(round(v, 1) for v in values if v > 0)
    return counts.most_common(1)[0][0] if counts else 0.0


def _paragraphs(pages: list[list[_Line]]) -> tuple[list[str], list[int]]:
    """Blocks and the indices of those set in a larger font (headings)."""
    running = _running_lines(pages)
    kept: list[list[_Line]] = []
    for page in pages:
        kept.append([
            ln for ln in page
            if ln.text and not _PAGE_NUMBER.match(ln.text)
            and re.sub(r"\d+", "#", ln.text) not in running
        ])
    body = [ln for page in kept for ln in page]
    if not body:
        return [], []
    widths = sorted(len(ln.text) for ln in body)
    full = widths[int(len(widths) * 0.8)] if len(widths) >= 5 else widths[-1]
    size = _mode([ln.size for ln in body])
    margin = _mode([ln.x for ln in body])
    gaps = [a.y - b.y for page in kept for a, b in zip(page, page[1:], strict=False) if 0 < a.y - b.y]
    leading = _mode([g for g in gaps if size == 0 or g < 3 * size])

    blocks: list[str] = []
    headings: list[int] = []
    current = ""
    current_big = False
    prev: _Line | None = None

    def close() -> None:
        nonlocal current
        if current:
            if current_big:
                headings.append(len(blocks))
            blocks.append(current)
        current = ""

    for page in kept:
        for i, ln in enumerate(page):
            big = size > 0 and ln.size > 1.15 * size
            item = _LIST_ITEM.match(ln.text)
            if prev is None or not current:
                brk = True
            elif i == 0:
                # a new page continues the paragraph when the last line ran full width
                brk = len(prev.text) < 0.85 * full or bool(_ENDS_SENTENCE.search(prev.text))
            else:
                gap = prev.y - ln.y
                brk = (
                    bool(item)
                    or big != current_big
                    or (leading > 0 and (gap > 1.3 * leading or gap < -0.5 * leading))
                    or (size > 0 and ln.x > margin + size and prev.x <= margin + 1)
                    or (len(prev.text) < 0.7 * full and bool(_ENDS_SENTENCE.search(prev.text)))
                )
            if brk:
                close()
                current_big = big
                current = BULLET + ln.text[item.end():] if item else ln.text
            elif re.search(r"[^\W\d_]-$", current) and ln.text[:1].islower():
                current = current[:-1] + ln.text
            else:
                current = f"{current} {ln.text}"
            prev = ln
    close()
    return blocks, headings


def _metadata(reader: PdfReader) -> tuple[str, str | None, str | None]:
    try:
        info = reader.metadata
        if info is None:
            return "", None, None
        title = str(info.title or "")
        author = str(info.author) if info.author else None
        date = info.creation_date.date().isoformat() if info.creation_date else None
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError):
        # metadata is optional: a malformed info dictionary or date must not fail the read
        return "", None, None
    return " ".join(title.split()), (" ".join(author.split()) or None) if author else None, date


def read_pdf(data: bytes, *, max_pages: int = 2000) -> RawArticle:
    reader = _open(data)
    pages, total, truncated = _page_lines(reader, max_pages)
    if not any(ln.text for page in pages for ln in page):
        raise NoTextLayer("this PDF has no text layer (scanned?); I can only read PDFs with text")
    title, author, date = _metadata(reader)
    blocks, headings = _paragraphs(pages)
    if headings[:1] == [0] and len(blocks) > 1:
        # a first line in a larger font is the title as printed; metadata titles are
        # often a file name or the authoring tool's placeholder
        title, blocks, headings = blocks[0], blocks[1:], [h - 1 for h in headings[1:]]
    meta = [("pages", str(total)), ("pages_read", str(len(pages)))]
    if truncated:
        meta.append(("truncated", f"read the first {len(pages)} of {total} pages"))
    return RawArticle(
        title=title, author=author, date=date, blocks=tuple(blocks), kind="pdf",
        headings=tuple(headings), meta=tuple(meta),
    )
