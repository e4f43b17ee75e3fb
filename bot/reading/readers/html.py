"""HTML to blocks: trafilatura finds the article body; lxml is the fallback.

trafilatura's Markdown output keeps the structure we need (paragraphs apart,
headings marked, list items as items), so it goes through the Markdown block
parser. When trafilatura finds nothing (short pages, odd markup), the visible text
of the page's block elements is used instead.

Deeply nested markup makes parsers recurse until the stack or memory gives out, so
the nesting depth is measured with a cheap scan first and pages beyond any real
page's depth are refused (TooLarge).
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
import trafilatura

from bot.document import BULLET, RawArticle
from bot.errors import CorruptFile, TooLarge
from bot.reading.readers.text import markdown_blocks

MAX_DEPTH = 400  # real pages stay under ~60; parsers recurse per level

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")
# elements whose end tag may be left out or that never have content: they do not nest
_NON_NESTING = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd tr td th option optgroup thead tbody tfoot colgroup rb rt rtc rp "
    "html head body".split()
)
_BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
               "td", "th", "dd", "dt", "figcaption", "caption", "div", "section", "article")
_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
              "form", "button", "select", "svg", "iframe", "object", "head")


def nesting_depth(html: str, limit: int = MAX_DEPTH) -> int:
    """The deepest element nesting, counted up to ``limit`` + 1 (then it stops)."""
    depth = 0
    deepest = 0
    for m in _TAG.finditer(html):
        closing, tag, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if tag in _NON_NESTING or selfclosing:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
    return deepest


def _trafilatura(html: str) -> tuple[str, str, str | None, str | None]:
    """(markdown text, title, author, date); empty text when nothing was found."""
    try:
        doc = trafilatura.bare_extraction(
            html,
            include_formatting=True,  # text comes as Markdown: headings and lists marked
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            with_metadata=True,
            favor_precision=False,
        )
    except (RecursionError, MemoryError):
        raise TooLarge("this web page is too complex to read") from None
    except Exception as exc:  # noqa: BLE001 - trafilatura raises arbitrary errors on odd markup
        raise CorruptFile("this web page could not be parsed") from exc
    if doc is None:
        return "", "", None, None
    text = getattr(doc, "text", None) or ""
    title = getattr(doc, "title", None) or ""
    return text, title, getattr(doc, "author", None), getattr(doc, "date", None)


def _fallback(html: str) -> tuple[list[str], str]:
    """Visible text of block elements, innermost first, and the <title>."""
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        if "empty" in str(exc).lower():
            return [], ""
        raise CorruptFile("this web page could not be parsed") from exc
    except RecursionError:
        raise TooLarge("this web page is too complex to read") from None
    title_el = root.find(".//title")
    title = " ".join((title_el.text_content() if title_el is not None else "").split())
    for el in list(root.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    blocks: list[str] = []
    for el in root.iter(*_BLOCK_TAGS):
        if any(True for _ in el.iterdescendants(*_BLOCK_TAGS)):
            # a container: its own loose text (outside child blocks) still counts
            loose = " ".join(" ".join([el.text or ""] + [c.tail or "" for c in el]).split())
            if loose:
                blocks.append(loose)
            continue
        text = " ".join(el.text_content().split())
        if text:
            blocks.append(BULLET + text if el.tag == "li" else text)
    if not blocks:
        body = root.find("body")
        text = " ".join((body if body is not None else root).text_content().split())
        if text:
            blocks.append(text)
    return blocks, title


def read_html(html: str) -> RawArticle:
    if nesting_depth(html) > MAX_DEPTH:
        raise TooLarge(f"this web page is nested too deeply to read (over {MAX_DEPTH} levels)")
    text, title, author, date = _trafilatura(html)
    headings: set[int] = set()
    if text.strip():
        blocks, headings = markdown_blocks(text)
        meta = (("extractor", "trafilatura"),)
    else:
        blocks, page_title = _fallback(html)
        title = title or page_title
        meta = (("extractor", "lxml"),)
    return RawArticle(
        title=" ".join(title.split()),
        author=" ".join(author.split()) if author else None,
        date=date or None,
        blocks=tuple(blocks),
        kind="html",
        headings=tuple(sorted(headings)),
        meta=meta,
    )
