"""Boilerplate removal on text blocks: keep what a person would call the article.

Generic rules, for blocks from any reader (text, Markdown, HTML, PDF, DOCX):

- the title's own line repeated at the top is dropped (the title is kept as the title);
- photo captions: a caption ends in a credit ("Name/Agency", "(AP Photo)",
  "via Reuters", "Getty Images", "(NATO)") or starts with "Photo:"; pages copied
  from the web repeat each caption, so adjacent near-duplicate blocks are captions
  too (both copies go when either carries a credit; otherwise one copy stays);
- page furniture: timestamps ("Updated:", "0:00"), share/subscribe/follow labels,
  "Related Topics", "Advertisement", a lone job title ("Reporter");
- bylines ("By Jane Doe", a name alone on its line) and author bios at the end
  ("Jane Doe is a senior reporter for ...");
- headings: short blocks without closing punctuation, and blocks a reader marks as
  headings, are not paragraphs. They are taken out of the body (so they never
  become summary sentences) and kept in ``meta["headings"]``, one per line.
- consecutive list items become one paragraph, one item per line.

What is kept is kept verbatim apart from whitespace normalization.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from bot.document import BULLET, RawArticle

_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CLOSING = "\"'”’»)]*"
_END_PUNCT = re.compile(r"[.!?…:;,]$")

_CAP_WORD = r"[A-Z][\w.'’\-]*"
_NAME = rf"{_CAP_WORD}(?:\s+(?:{_CAP_WORD}|de|van|von|der|da|di|la|le|bin|al))*"
# "Johanna Geron/Reuters", "Sputnik/Sergey Guneev/Kremlin via Reuters" at the very end
_SLASH_CREDIT = re.compile(rf"(?:^|[\s.(])(?:{_NAME})(?:\s*/\s*{_NAME})+(?:\s+via\s+{_NAME})?\)?\s*$")
# "(NATO)", "(AP Photo)", "(Photo by X)", "(Reuters)" closing a caption, with no final period
_PAREN_CREDIT = re.compile(r"\((?:[^()]{0,80}/[^()]{0,80}|(?:AP|AFP|Reuters|Getty)[^()]{0,60}|Photo[^()]{0,80}|[A-Z][\w.&'’ -]{0,40})\)\s*$")
_VIA_CREDIT = re.compile(
    r"(?:\bvia\s+(?:Reuters|AP|AFP|Getty Images|Bloomberg|EPA|Shutterstock|[A-Z][\w]+)"
    r"|\bGetty Images|\bShutterstock|\bAP Photo\b[^.]{0,60}|\bEPA-EFE\b[^.]{0,40}"
    r"|\b(?:Photo|Image|Picture|Photograph)\s+(?:credit|courtesy)\b[^.]{0,80})\)?\s*$",
    re.IGNORECASE,
)
_PHOTO_PREFIX = re.compile(r"^(?:Photo|Photograph|Image|Picture|Credit|Caption|Pictured|Foto)\s*(?:credit)?\s*[:|]", re.IGNORECASE)
_CREDIT_TAIL = re.compile(r"\b(?:Photo|Photograph|Image|Picture|Credit)s?\s*:\s*[^.]{1,80}$", re.IGNORECASE)

_FURNITURE = {
    "updated", "published", "posted", "reporter", "staff reporter", "senior reporter",
    "correspondent", "editor", "contributor", "columnist", "writer", "staff writer",
    "twitter", "facebook", "linkedin", "instagram", "email", "e-mail", "whatsapp", "reddit",
    "pinterest", "telegram", "copy link", "print", "share", "share this", "share this article",
    "share on facebook", "share on twitter", "tweet", "related topics", "related", "related articles",
    "related stories", "read more", "more", "see more", "show more", "advertisement",
    "advertisements", "sponsored", "sponsored content", "subscribe", "subscribe now", "sign up",
    "sign in", "log in", "login", "register", "newsletter", "follow us", "follow", "comments",
    "comment", "leave a comment", "show comments", "view comments", "listen", "listen to this article",
    "play", "pause", "menu", "home", "skip to content", "skip to main content", "back to top",
    "top", "next", "previous", "loading", "close", "toggle navigation", "cookie settings",
    "accept cookies", "all rights reserved", "image", "photo", "video", "audio", "gallery",
    "enlarge this image", "hide caption", "toggle caption", "most read", "most popular",
    "trending", "tags", "topics", "you may also like", "recommended", "watch", "watch live",
    "live", "breaking news", "opinion", "analysis",
}
_FURNITURE_RE = re.compile(
    r"^(?:"
    r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*/\s*\d{1,2}:\d{2}(?::\d{2})?)?"  # media player times
    r"|(?:updated|published|posted|last updated|first published|modified)\b[^.!?]{0,80}"
    r"|\d+\s*(?:min(?:ute)?s?|hours?|hrs?|days?|seconds?)\s*(?:read|ago)"
    r"|(?:share|follow|subscribe|sign up|join)\b[^.!?]{0,60}[.!]?"
    r"|[^.!?]{0,80}\b(?:download|get) (?:the|our) [^.!?]{0,40}\bapps?\b[^.!?]{0,60}[.!]?"
    r"|[^.!?]{0,60}\b(?:subscribe|sign up|log in|register)\b[^.!?]{0,60}\b(?:full story|continue reading|read more|newsletter)[^.!?]{0,30}[.!]?"
    r"|(?:copyright|©)[^.!?]{0,120}\.?"
    r"|[\w.+-]+@[\w-]+\.[\w.]+"
    r"|https?://\S+"
    r"|page \d+(?: of \d+)?|\d{1,4}"
    r"|[^\w]*"
    r")$",
    re.IGNORECASE,
)
_CONTRIBUTED = re.compile(
    r"^(?:[\w.'’ ,&-]{1,80}\s)?contributed (?:to )?(?:this )?(?:report|story|article)(?:ing)?[^.]{0,40}\.?$",
    re.IGNORECASE,
)
_BYLINE = re.compile(rf"^(?:by|von|par|por|door|di)\s+{_NAME}(?:\s*(?:,|and|&|und|et|y)\s*{_NAME})*(?:\s*[,|–—-]\s*[^.]{{0,60}})?$", re.IGNORECASE)
_NAME_ONLY = re.compile(rf"^{_NAME}$")
_BIO_ROLES = (
    r"(?:senior |staff |chief |deputy |managing |contributing |freelance |political |foreign |"
    r"national |investigative |business |technology |science |sports |health |)"
    r"(?:reporter|writer|journalist|correspondent|editor|columnist|contributor|author|"
    r"producer|analyst|photographer|critic|blogger|anchor)"
)
_BIO = re.compile(
    rf"^{_NAME}\s+(?:is|was|has been|covers|writes|reports)\b.{{0,120}}?\b(?:{_BIO_ROLES}|covers|writes about|reports on)\b",
    re.IGNORECASE,
)

_MAX_HEADING_WORDS = 14
_TAIL_BLOCKS = 8  # bios and end furniture live in the last few blocks


def _normalize(block: str) -> str:
    lines = [_WS.sub(" ", ln).strip() for ln in block.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def _near_duplicate(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    if len(short) < 20:
        return False
    if long_.startswith(short) and len(short) >= 0.75 * len(long_):
        return True
    if len(long_) > 2000 or len(short) < 0.75 * len(long_):
        return False
    return SequenceMatcher(None, ka, kb, autojunk=False).quick_ratio() > 0.92 and (
        SequenceMatcher(None, ka, kb, autojunk=False).ratio() > 0.92
    )


def has_credit(block: str) -> bool:
    """Does the block end in (or start with) a photo credit?"""
    text = block.strip()
    if _END_PUNCT.search(text.rstrip(_CLOSING)) and not text.endswith(")"):
        # a finished sentence is prose, unless a credit is glued after its period
        return bool(_CREDIT_TAIL.search(text))
    return bool(
        _SLASH_CREDIT.search(text)
        or _PAREN_CREDIT.search(text)
        or _VIA_CREDIT.search(text)
        or _PHOTO_PREFIX.match(text)
        or _CREDIT_TAIL.search(text)
    )


def _is_caption(block: str) -> bool:
    if _PHOTO_PREFIX.match(block):
        return True
    if not has_credit(block):
        return False
    text = block.strip()
    if text.endswith(")") and _PAREN_CREDIT.search(text) and "/" not in text[text.rfind("("):]:
        if len(text.split()) > 35:
            return False  # a long paragraph ending in the author's initials, "(NM)"
        # "(NATO)" after a sentence is a credit; a sentence ending "(see below)." is not
        # caught here because it ends in a period. Require the paren to follow a
        # sentence end or a date, as captions do.
        before = text[: text.rfind("(")].rstrip()
        return bool(re.search(r"[.!?”’\"]$|\d{4}$", before))
    return True


def _is_furniture(block: str) -> bool:
    key = _key(block)
    if key in _FURNITURE:
        return True
    flat = block.strip().rstrip(":").strip()
    return bool(_FURNITURE_RE.match(flat) or _CONTRIBUTED.match(flat))


def is_heading(block: str) -> bool:
    """A short block without closing punctuation: a heading, kicker or label."""
    if "\n" in block or block.startswith(BULLET):
        return False
    words = block.split()
    if not words or len(words) > _MAX_HEADING_WORDS:
        return False
    return not _END_PUNCT.search(block.rstrip(_CLOSING + " "))


def _is_byline(block: str, author: str | None) -> bool:
    text = block.strip()
    if author and _key(text) in {_key(author), _key(f"by {author}")}:
        return True
    if len(text.split()) <= 10 and _BYLINE.match(text):
        return True
    return False


def _is_bio(block: str, author: str | None) -> bool:
    if author and _key(block).startswith(_key(author) + " ") and len(block) < 600:
        return bool(re.match(rf"^{re.escape(author)}\s+(?:is|was|has|covers|writes|reports)\b", block, re.IGNORECASE))
    return len(block) < 600 and bool(_BIO.match(block))


def clean(raw: RawArticle) -> RawArticle:
    """Drop what a person would not call the article; see the module docstring."""
    title = _normalize(raw.title).replace("\n", " ")
    author = raw.author
    blocks = [_normalize(b) for b in raw.blocks]
    marked = set(raw.headings)
    items = [(b, i in marked) for i, b in enumerate(blocks) if b]

    # the title repeated as the first lines of the body
    if title:
        tkey = _key(title)
        head = 0
        while head < min(3, len(items)) and (_key(items[head][0]) == tkey):
            head += 1
        if head:
            items = items[head:]
    elif items and (items[0][1] or is_heading(items[0][0])):
        title = items[0][0]
        items = items[1:]

    # adjacent near-duplicates: captions repeated by the page (or duplicated lines)
    drop = [False] * len(items)
    for i in range(len(items) - 1):
        a, b = items[i][0], items[i + 1][0]
        if _near_duplicate(a, b):
            if has_credit(a) or has_credit(b) or _is_caption(a) or _is_caption(b):
                drop[i] = drop[i + 1] = True
            else:
                drop[i + 1] = True

    # a name alone on a line repeated within the last blocks is the byline/author box
    candidate_author = author
    if not candidate_author:
        names = [b for b, _ in items if _NAME_ONLY.match(b) and 2 <= len(b.split()) <= 4]
        repeated = {n for n in names if names.count(n) >= 2}
        bio_names = {n for n in names for b, _ in items if b.startswith(n + " ") and _is_bio(b, n)}
        found = repeated | bio_names
        if len(found) == 1:
            candidate_author = found.pop()

    kept: list[str] = []
    headings: list[str] = []
    tail_start = max(0, len(items) - _TAIL_BLOCKS)
    for i, (block, marked_heading) in enumerate(items):
        if drop[i]:
            continue
        if _is_furniture(block) or _is_caption(block) or _is_byline(block, candidate_author):
            continue
        if i >= tail_start and _is_bio(block, candidate_author):
            continue
        if title and _key(block) == _key(title):
            continue
        if marked_heading or is_heading(block):
            headings.append(block)
            continue
        kept.append(block)

    paragraphs = _merge_list_items(kept)
    meta = list(raw.meta)
    if headings:
        meta.append(("headings", "\n".join(headings)))
    return RawArticle(
        title=title,
        author=author or (candidate_author if candidate_author else None),
        date=raw.date,
        blocks=tuple(paragraphs),
        kind=raw.kind,
        headings=(),
        meta=tuple(meta),
    )


def _merge_list_items(blocks: list[str]) -> list[str]:
    out: list[str] = []
    previous_item = False
    for block in blocks:
        item = block.startswith(BULLET)
        if item and previous_item:
            out[-1] = f"{out[-1]}\n{block}"
        else:
            out.append(block)
        previous_item = item
    return out
