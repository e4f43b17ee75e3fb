"""HTML to blocks: trafilatura finds the article body; the page is the check.

trafilatura's Markdown output keeps the structure we need (paragraphs apart,
headings marked, list items as items), so it goes through the Markdown block
parser. Its text is then checked against the page (bot.reading.readers.html_rescue): when
it covers too little of the page's prose or of the page's own JSON-LD articleBody,
the blocks are rebuilt from the page, and the log says so with numbers. When
trafilatura finds nothing at all, the visible text of the page's block elements is
used instead.

Dates and authors come only from what the page states (bot.reading.readers.html_meta).

Deeply nested markup makes parsers recurse until the stack or memory gives out, so
the nesting depth is measured with a cheap scan first; a page the scan finds too
deep is parsed (libxml2 parses without recursion and stops at 255 levels) and
refused (TooLarge) only when the parsed tree really is that deep: unclosed inline
tags make the scan overcount on ordinary pages.
"""

from __future__ import annotations

import logging
import re

import lxml.etree
import lxml.html
import trafilatura

from bot.document import BULLET, RawArticle
from bot.errors import CorruptFile, TooLarge
from bot.reading.readers import html_rescue
from bot.reading.readers.html_meta import DATE_PARAMS, choose_title, clean_author, clean_date
from bot.reading.readers.text import markdown_blocks

log = logging.getLogger(__name__)

MAX_DEPTH = 400  # real pages stay under ~60; parsers recurse per level
_LIBXML2_MAX_DEPTH = 255  # libxml2's HTML parser stops nesting here
_WALL_WORDS = 200
# "far less than the page shows": worth a line in the log
_LITTLE_SHARE = 0.15
_LITTLE_MIN_WORDS = 600

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
            include_links=True,  # to tell link lists from prose; markdown_blocks drops the URLs
            with_metadata=True,
            favor_precision=False,
            date_extraction_params=DATE_PARAMS,
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


_MD_ITEM = re.compile(r"^\s{0,6}(?:[-*+]|\d{1,3}[.)])\s+")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_MIN_LINK_RUN = 3  # fewer linked items can be an article's own list of sources


def _link_share(line: str) -> float:
    body = _MD_ITEM.sub("", line, count=1)
    text = _MD_LINK.sub(lambda m: m.group(1), body)
    letters = len(re.sub(r"[\W_]+", "", text))
    linked = sum(len(re.sub(r"[\W_]+", "", m.group(1))) for m in _MD_LINK.finditer(body))
    return linked / letters if letters else 1.0


def _without(markdown: str, lines: list[str], drop: set[int]) -> str:
    """``markdown`` (split into ``lines``) without the lines numbered in ``drop``."""
    if not drop:
        return markdown
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)


def drop_link_lists(markdown: str) -> str:
    """Remove runs of list items that are nothing but links (related stories, "more
    from", tag and share lists), and the heading that introduces such a run. A
    list of places or ingredients has no links and stays."""
    lines = markdown.split("\n")
    drop: set[int] = set()
    run: list[int] = []

    def close() -> None:
        if len(run) >= _MIN_LINK_RUN:
            drop.update(run)
            k = run[0] - 1
            while k >= 0 and not lines[k].strip():
                k -= 1
            if k >= 0 and _MD_HEADING.match(lines[k]):
                drop.add(k)
        run.clear()

    for i, line in enumerate(lines):
        if _MD_ITEM.match(line) and _link_share(line) >= 0.8:
            run.append(i)
        elif line.strip() or not run:
            close()
    close()
    return _without(markdown, lines, drop)


_MD_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
_MD_TABLE = re.compile(r"^\s*\|")
# a paragraph this long that is all link is a teaser ("More: ...", a related story's
# headline set as a paragraph); a short one can be a linked name or title the article needs
_TEASER_WORDS = 10
_TEASER_LINK_SHARE = 0.9
_MD_LABEL = re.compile(r"^\s*[*_]{0,2}[^\W\d][\w ’']{0,24}:[*_]{0,2}\s*(?=[*_]{0,2}\[)")


def drop_link_paragraphs(markdown: str) -> str:
    """Remove paragraphs (not list items, headings, tables or code) that are nothing
    but a link of at least _TEASER_WORDS words: related-story teasers set as
    paragraphs ("**Related:** [...]", a card's headline). An article's own links sit
    inside its sentences, so its paragraphs are mostly plain text."""
    lines = markdown.split("\n")
    drop: set[int] = set()
    para: list[int] = []
    fenced = False

    def close() -> None:
        if para:
            joined = " ".join(lines[k] for k in para)
            words = len(_MD_LINK.sub(lambda m: m.group(1), joined).split())
            # a label before the link ("**Related:**", "MORE:") is part of the teaser
            link = _MD_LABEL.sub("", joined, count=1)
            if words >= _TEASER_WORDS and _link_share(link) >= _TEASER_LINK_SHARE:
                drop.update(para)
        para.clear()

    for i, line in enumerate(lines):
        if _MD_FENCE.match(line):
            close()
            fenced = not fenced
        elif fenced or not line.strip() or _MD_ITEM.match(line) or _MD_HEADING.match(line) \
                or _MD_TABLE.match(line):
            close()
        else:
            para.append(i)
    close()
    return _without(markdown, lines, drop)


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


def _tree_depth(root: lxml.html.HtmlElement) -> int:
    deepest = 0
    stack = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in el)
    return deepest


def _check_depth(html: str) -> lxml.html.HtmlElement | None:
    """Refuse pages nested deeper than any real page; returns the parsed tree when
    the cheap scan was not enough to decide."""
    if nesting_depth(html) <= MAX_DEPTH:
        return None
    root = html_rescue.parse(html)
    if root is None or _tree_depth(root) >= _LIBXML2_MAX_DEPTH:
        raise TooLarge(f"this web page is nested too deeply to read (over {MAX_DEPTH} levels)")
    return root


# the rest of a word whose first letter the page set apart: lost ("urkey, Poland"), or
# kept as a word of its own ("T urkey, Poland")
_LOWER_START = re.compile(r"(?:(?P<cap>[A-Z])\s+)?(?P<rest>[a-z][a-z’']*)")
# one capital letter closing its own element, then (past a few tags) the rest of the word
_DROP_CAP = re.compile(
    r">\s*([A-Z])\s*</[a-zA-Z][\w-]*>(?:\s*<[^<>]*>){0,6}([a-z][a-z’']*)"
)


def restore_drop_caps(blocks: list[str], html: str) -> list[str]:
    """Blocks with their first letter put back where the page sets it apart as a drop
    cap (``<span class="dropcap">T</span><p><a>urkey</a>, Poland ...``): trafilatura
    keeps the paragraph and loses the letter, and "urkey, Poland" opens the summary."""
    if not any(_LOWER_START.match(b) for b in blocks):
        return blocks
    caps = {m.group(2): m.group(1) for m in _DROP_CAP.finditer(html)}
    out = []
    for block in blocks:
        start = _LOWER_START.match(block)
        if start:
            cap, kept = caps.get(start.group("rest")), start.group("cap")
            # "A" and "I" kept apart from the next word are words of their own ("A cat sat")
            if cap and (kept is None or (kept == cap and cap not in ("A", "I"))):
                block = cap + block[start.start("rest") :]
        out.append(block)
    return out


# trafilatura's Markdown loses the space after an inline element that opens a block of
# text held directly in a <div>: "<div><strong>NOW Grenada</strong> is not ..." comes out
# "**NOW Grenada**is not", "<em>Reuters</em> reported" as "*Reuters*reported". Mid-line
# emphasis keeps its spaces, so only an opening span followed by a letter is mended.
_GLUED_LEAD = re.compile(
    r"^(\s*)(\*{1,3}|_{1,3})(?=\S)((?:\\.|[^*_\\\n])+?)(?<=\S)\2(?=[^\W_])", re.MULTILINE
)


def unglue_leading_emphasis(markdown: str) -> str:
    """``markdown`` with the space restored after a block's opening bold or italic span."""
    return _GLUED_LEAD.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}{m.group(2)} ", markdown)


def read_html(html: str) -> RawArticle:
    root = _check_depth(html)
    text, title, author, date = _trafilatura(html)
    text = unglue_leading_emphasis(text)
    headings: set[int] = set()
    text = drop_link_paragraphs(drop_link_lists(text))
    root = root if root is not None else html_rescue.parse(html)
    objects = html_rescue.json_ld(root) if root is not None else []
    if text.strip():
        blocks, headings = markdown_blocks(text, keep_code=True)
        meta: tuple[tuple[str, str], ...] = (("extractor", "trafilatura"),)
        found_text = "\n".join(blocks)
        found_words = len(found_text.split())
        if root is not None:
            title = choose_title(title, html_rescue.shown_titles(root))
        rescued = html_rescue.rescue(root, found_text, objects) if root is not None else None
        if rescued is not None:
            log.warning(
                "trafilatura kept %d words of this page's article; rebuilt from the page (%s): %d words",
                found_words, rescued.how, rescued.words,
            )
            blocks, headings = rescued.blocks, rescued.headings
            meta = (("extractor", f"trafilatura+{rescued.how}"),)
        elif root is not None and (dek := html_rescue.standfirst(root, found_text)):
            blocks, headings = [dek, *blocks], {i + 1 for i in headings}
        if rescued is None and root is not None:
            shown = html_rescue.visible_words(root)
            if shown >= _LITTLE_MIN_WORDS and found_words < _LITTLE_SHARE * shown:
                log.warning("trafilatura kept %d words of the %d this page shows; "
                            "the rest looked like page furniture", found_words, shown)
    else:
        body = html_rescue.article_body(objects)
        blocks, page_title = _fallback(html)
        title = title or page_title
        meta = (("extractor", "lxml"),)
        if len(body.split()) > sum(len(b.split()) for b in blocks):
            blocks = html_rescue.body_paragraphs(body)
            meta = (("extractor", "articleBody"),)
        log.warning("trafilatura found no article text on this page; %s gave %d words",
                    meta[0][1], sum(len(b.split()) for b in blocks))
    if recipe := html_rescue.with_ingredients(objects, blocks, headings):
        blocks, headings = recipe
    blocks = restore_drop_caps(blocks, html)
    if len(blocks) == 1 and len(blocks[0].split()) > _WALL_WORDS:
        # one wall of text (a page's articleBody, a <div> of <br>s): answers quote
        # paragraphs, so give it some
        blocks = html_rescue.body_paragraphs(blocks[0])
        headings = set()
    return RawArticle(
        title=" ".join(title.split()),
        author=clean_author(author),
        date=clean_date(date),
        blocks=tuple(blocks),
        kind="html",
        headings=tuple(sorted(headings)),
        meta=meta,
    )
