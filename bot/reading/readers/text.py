"""Plain text and Markdown to blocks.

Plain text: blank lines separate blocks; inside a block, lines are joined when they
look hard-wrapped (similar widths, none very long) and kept apart otherwise, because
text copied from a web page puts a caption, a byline and a timestamp on adjacent
lines that must stay separable for cleaning.

Markdown: markup is stripped (emphasis, links to their text, images and code
blocks dropped), headings are marked as headings, list items stay one per block.
"""

from __future__ import annotations

import re

from bot.document import BULLET, RawArticle

_LIST_ITEM = re.compile(r"^\s{0,6}(?:[-*+•▪◦‣]|\d{1,3}[.)])\s+(?=\S)")
_SENTENCE_END = re.compile(r"[.!?;:,…]\s*[\"'”’»)\]]*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s{0,3}(```+|~~~+)")
_HRULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")

# link text may hold escaped brackets ("[\\[2\\]](#cite)"), a URL balanced parentheses
# ("/wiki/Mercury_(planet)") and a title
_LABEL = r"(?:\\.|[^\]\\])"
_URL = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"
_IMAGE = re.compile(rf"!\[{_LABEL}*\]{_URL}|!\[{_LABEL}*\]\[[^\]]*\]")
_LINK = re.compile(rf"\[({_LABEL}+)\]{_URL}|\[({_LABEL}+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>\n]{0,200}>")
_CODE_SPAN = re.compile(r"`+([^`\n]+)`+")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n\n")


def _groups(lines: list[str]) -> list[list[str]]:
    """Blank-line separated groups of stripped lines."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def _join(a: str, b: str) -> str:
    # a word hyphenated across the line end ("negoti-\nated") is one word again
    if re.search(r"[^\W\d_]-$", a) and b[:1].islower():
        return a[:-1] + b
    return f"{a} {b}"


def _bullet(line: str) -> str:
    m = _LIST_ITEM.match(line)
    return BULLET + line[m.end():].strip() if m else line


def _plain_blocks(lines: list[str]) -> list[str]:
    blocks: list[str] = []
    for group in _groups(lines):
        blocks.extend(_wrap_group(group))
    return blocks


def _wrap_group(group: list[str]) -> list[str]:
    lines = [ln.strip() for ln in group]
    if len(lines) == 1:
        return [_bullet(lines[0])]
    widest = max(len(ln) for ln in lines[:-1])
    wrapped = 30 <= widest <= 100
    blocks: list[str] = []
    previous_line = ""
    for line in lines:
        is_item = bool(_LIST_ITEM.match(line))
        if blocks and wrapped and not is_item and len(previous_line) >= 0.6 * widest:
            blocks[-1] = _join(blocks[-1], line)
        else:
            blocks.append(_bullet(line))
        previous_line = line
    return blocks


def _title_from_top(lines: list[str]) -> tuple[str, int]:
    """A title on the first line: short, unpunctuated, then a blank line or underline.

    Returns (title, index of the first line after it) or ("", 0)."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines):
        return "", 0
    first = lines[i].strip()
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    short = len(first) <= 150 and len(first.split()) <= 25
    if not short or _ends_sentence(first) or _LIST_ITEM.match(first):
        return "", 0
    if _SETEXT.match(nxt) and nxt.strip()[0] == "=":
        return first, i + 2
    if not nxt.strip():
        return first, i + 1
    return "", 0


def read_text(text: str) -> RawArticle:
    lines = _normalize_newlines(text).split("\n")
    title, start = _title_from_top(lines)
    blocks = _plain_blocks(lines[start:])
    return RawArticle(title=title, author=None, date=None, blocks=tuple(blocks), kind="text")


_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?])(?=\s|$)")


def strip_inline_markdown(text: str) -> str:
    # a dropped image leaves a gap before the punctuation that followed it
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", _IMAGE.sub("", text)) if _IMAGE.search(text) else text
    text = _LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _CODE_SPAN.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    for _ in range(2):  # nested emphasis (***bold italic***)
        text = _STRONG.sub(r"\2", text)
        text = _EM.sub(r"\2", text)
    text = _STRIKE.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def markdown_blocks(text: str, *, keep_code: bool = False) -> tuple[list[str], set[int]]:
    """Markdown to (blocks, indices of heading blocks).

    Fenced code is dropped unless ``keep_code``: a web page's code sample (the
    command a how-to is about) is part of its article, one block, lines kept."""
    lines = _normalize_newlines(text).split("\n")
    blocks: list[str] = []
    headings: set[int] = set()
    para: list[str] = []

    def flush() -> None:
        if para:
            joined = strip_inline_markdown(" ".join(para))
            if joined:
                blocks.append(joined)
            para.clear()

    def add(block: str, heading: bool = False) -> None:
        flush()
        block = strip_inline_markdown(block)
        if block:
            if heading:
                headings.add(len(blocks))
            blocks.append(block)

    fence: str | None = None
    code: list[str] = []
    item_open = False  # the line above was a list item's text
    for idx, raw in enumerate(lines):
        line = raw.rstrip()
        in_item, item_open = item_open, False
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
                if keep_code and any(c.strip() for c in code):
                    blocks.append("\n".join(c for c in code if c.strip()))
                code.clear()
            elif keep_code:
                code.append(line)
            continue
        m = _FENCE.match(line)
        if m:
            flush()
            fence = m.group(1)[:3]
            continue
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        nxt = lines[idx + 1] if idx + 1 < len(lines) else ""
        if _SETEXT.match(stripped) and not para:
            # an underline whose heading text was already flushed, or a rule
            continue
        if _SETEXT.match(nxt) and nxt.strip() and not _LIST_ITEM.match(stripped) and not para:
            add(stripped, heading=True)
            continue
        if _HRULE.match(stripped) or _REF_DEF.match(stripped) or _TABLE_SEP.match(stripped):
            flush()
            continue
        h = _ATX.match(line)
        if h:
            add(h.group(2), heading=True)
            continue
        while stripped.startswith(">"):
            stripped = stripped[1:].lstrip()
        if not stripped:
            flush()
            continue
        if _LIST_ITEM.match(stripped):
            flush()
            item = strip_inline_markdown(_bullet(stripped)[len(BULLET):])
            if item:
                blocks.append(BULLET + item)
                item_open = True
            continue
        if stripped.startswith("|") and stripped.endswith("|"):
            add(" | ".join(c.strip() for c in stripped.strip("|").split("|") if c.strip()))
            continue
        if raw.startswith(("    ", "\t")) and not para:
            continue  # indented code block
        if blocks and blocks[-1].startswith(BULLET) and not para and (
            raw[:1] in (" ", "\t") or in_item
        ):
            # a list item's continuation line, indented or (CommonMark's lazy
            # continuation) right under the item's text
            blocks[-1] = f"{blocks[-1]} {strip_inline_markdown(stripped)}"
            item_open = True
            continue
        para.append(stripped)
    flush()
    return blocks, headings


def read_markdown(text: str) -> RawArticle:
    blocks, headings = markdown_blocks(text)
    title = ""
    if 0 in headings:
        title = blocks[0]
        blocks = blocks[1:]
        headings = {i - 1 for i in headings if i > 0}
    return RawArticle(
        title=title, author=None, date=None, blocks=tuple(blocks), kind="markdown",
        headings=tuple(sorted(headings)),
    )
