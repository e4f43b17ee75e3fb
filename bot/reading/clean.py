"""Boilerplate removal on text blocks: keep what a person would call the article.

Generic rules, for blocks from any reader (text, Markdown, HTML, PDF, DOCX):

- the title's own line repeated at the top is dropped (the title is kept as the title);
- photo captions: a caption ends in a credit ("Name/Agency", "(AP Photo)",
  "via Reuters", "Getty Images", "(NATO)") or starts with "Photo:"; pages copied
  from the web repeat each caption, so adjacent near-duplicate blocks are captions
  too (both copies go when either carries a credit; otherwise one copy stays);
- page furniture: timestamps ("Updated:", "0:00"), share/subscribe/follow labels,
  "Related Topics", "Advertisement", a lone job title ("Reporter");
- other stories: related-story cards, "More from ..." blocks, and the excerpts of other
  posts a blog lists under a post (two or more blocks ending "[…]");
- pull quotes: a block the article says again inside a longer one (a quotation set
  large beside the paragraph it comes from); and a run of blocks printed a second time;
- bylines ("By Jane Doe", a name alone on its line, a closing "– Jane Doe" sign-off,
  which names the author when the page's metadata does not) and author bios at the end
  ("Jane Doe is a senior reporter for ...", whose name is the author when nothing else
  names one);
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
from bot.text import furniture

_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_END_PUNCT = re.compile(r"[.!?…:;,]$")
_NAME = furniture.NAME
_CAP_WORD = furniture.CAP_WORD
# "1. Spiaggia dei Conigli": a numbered entry of a list article, set as a heading
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+\S")
# a list item that is a heading: a teaser card of a related-stories block
_TEASER_ITEM = re.compile(rf"^{re.escape(BULLET)}#{{1,6}}\s")
_NAME_ONLY = re.compile(rf"^{_NAME}$")
_SIGN_OFF = re.compile(rf"^[–—-]{{1,2}}\s*({_NAME})$")
_BIO_ROLES = (
    r"(?:senior |staff |chief |deputy |managing |contributing |freelance |political |foreign |"
    r"national |investigative |business |technology |science |sports |health |)"
    r"(?:reporter|writer|journalist|correspondent|editor|columnist|contributor|author|"
    r"producer|analyst|photographer|critic|blogger|anchor)"
)
# a capitalized name of two to four words: case-blind, "It was written by a staff
# writer" and "The mayor has been a journalist" were bios; the role follows within a few
# words ("Clark Boyd is technology correspondent for ..."): "Black Friday is based upon the
# novel of the same name written by journalist S Hussain Zaidi" is the story
_BIO = re.compile(
    rf"^(?P<name>{_CAP_WORD}(?:\s+{_CAP_WORD}){{1,3}})\s+(?i:is|was|has been|covers|writes|reports)\b"
    rf"(?i:(?:\s+[^\s.!?]+){{0,6}}?\s+(?:{_BIO_ROLES}|covers|writes about|reports on))\b",
)

_MAX_HEADING_WORDS = 14
_TAIL_BLOCKS = 8  # bios and end furniture live in the last few blocks


def _normalize(block: str) -> str:
    lines = [_WS.sub(" ", ln).strip() for ln in block.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _near_duplicate(a: str, b: str) -> bool:
    ka, kb = furniture.key(a), furniture.key(b)
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
    # words first: character counts of any two paragraphs of one language look alike
    # (quick_ratio passed nearly every pair, and ratio() is quadratic: 15 s of a
    # 150,000-word page went here)
    wa, wb = ka.split(), kb.split()
    sa, sb = set(wa), set(wb)
    if len(sa & sb) < 0.8 * max(len(sa), len(sb)):
        return False
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio() > 0.9 and (
        SequenceMatcher(None, ka, kb, autojunk=False).ratio() > 0.92
    )


def _is_caption(block: str) -> bool:
    if furniture.PHOTO_PREFIX.match(block):
        return True
    if not furniture.has_credit(block):
        return False
    text = block.strip()
    if text.endswith(")") and furniture.PAREN_CREDIT.search(text) and "/" not in text[text.rfind("("):]:
        if len(text.split()) > 35:
            return False  # a long paragraph ending in the author's initials, "(NM)"
        # "(NATO)" after a sentence is a credit; a sentence ending "(see below)." is not
        # caught here because it ends in a period. Require the paren to follow a
        # sentence end or a date, as captions do.
        before = text[: text.rfind("(")].rstrip()
        return bool(re.search(r"[.!?”’\"]$|\d{4}$", before))
    return True


def _numbered_entries(items: list[tuple[str, bool]]) -> set[int]:
    """Indices of heading-like blocks that are the numbered entries of a list
    article ("1. ...", "2. ...", in order): content, not section headings."""
    numbered = [
        (i, int(m.group(1))) for i, (b, marked) in enumerate(items)
        if (marked or is_heading(b)) and (m := _NUMBERED.match(b))
    ]
    entries: set[int] = set()
    for (i, n), (j, k) in zip(numbered, numbered[1:], strict=False):
        if k == n + 1:
            entries.update((i, j))
    return entries


def _teasers(items: list[tuple[str, bool]]) -> set[int]:
    """Related-story cards: list items that are headings, and the heading that
    introduces a run of them ("More from CBS Sports")."""
    out: set[int] = set()
    for i, (b, _) in enumerate(items):
        if _TEASER_ITEM.match(b):
            out.add(i)
            if i > 0 and i - 1 not in out and (items[i - 1][1] or is_heading(items[i - 1][0])):
                out.add(i - 1)
    return out


# the excerpt of another post, cut where a blog cuts it ("... it would probably be […]")
_EXCERPT_END = re.compile(r"\[(?:…|\.\.\.)\]\s*$")
_EXCERPT_GAP = 2  # blocks between two excerpts that are excerpts too (a short one, a title)


def _excerpts(items: list[tuple[str, bool]]) -> set[int]:
    """Other posts' excerpts under a blog post: two or more blocks ending in "[…]", and
    the few blocks between them (an excerpt too short to be cut)."""
    ends = [i for i, (b, _) in enumerate(items) if _EXCERPT_END.search(b)]
    if len(ends) < 2:
        return set()
    out = set(ends)
    for i, j in zip(ends, ends[1:], strict=False):
        if j - i - 1 <= _EXCERPT_GAP:
            out.update(range(i + 1, j))
    return out


_PULL_QUOTE_WORDS = (8, 80)  # a repeated block this long is a pull quote, not a phrase


def _pull_quotes(items: list[tuple[str, bool]], keys: list[str]) -> set[int]:
    """Blocks the article says again inside a longer one: a pull quote set in large type
    beside the paragraph it comes from (The Intercept), a standfirst repeating the first
    sentence. Their words stay where the article says them. Headings and list items are
    never taken, nor a block printed twice: which copy stands where it belongs is not
    known (a lead-in to a list repeated by a page's table of contents)."""
    words = [k.split() for k in keys]
    lo, hi = _PULL_QUOTE_WORDS
    eligible = [
        i for i, (b, marked) in enumerate(items)
        if not marked and not b.startswith(BULLET) and lo <= len(words[i]) <= hi
        and not is_heading(b)
    ]
    # where each eligible block's opening four words occur: only those blocks are compared
    wanted = {tuple(words[i][:4]) for i in eligible}
    found: dict[tuple[str, ...], set[int]] = {}
    for j, w in enumerate(words):
        for at in range(len(w) - 3):
            if (gram := tuple(w[at : at + 4])) in wanted:
                found.setdefault(gram, set()).add(j)
    out: set[int] = set()
    for i in eligible:
        w = words[i]
        inner = f" {' '.join(w)} "
        for j in found.get(tuple(w[:4]), set()) - {i}:
            other = f" {' '.join(words[j])} "
            if len(other) > len(inner) and inner in other:
                out.add(i)
                break
    return out


_COPY_MIN_WORDS = 5  # shorter blocks ("Details", "2", "• home page") repeat by nature


def _second_copies(items: list[tuple[str, bool]], keys: list[str]) -> set[int]:
    """Two or more paragraphs the page already showed, one after the other in the same
    order: the same section printed twice (a recipe's method for phones and again for
    desktops). Short blocks, headings and list items between them are passed over; a
    single paragraph repeated is left, as which copy belongs where is not known."""
    kept = [
        (i, keys[i]) for i, (b, marked) in enumerate(items)
        if not marked and not b.startswith(BULLET) and len(b.split()) >= _COPY_MIN_WORDS
    ]
    first_at: dict[tuple[str, str], int] = {}
    out: set[int] = set()
    for n in range(len(kept) - 1):
        pair = (kept[n][1], kept[n + 1][1])
        m = first_at.setdefault(pair, n)
        if m + 1 < n:  # an earlier copy that ends before this one starts
            out.update((kept[n][0], kept[n + 1][0]))
    return out


# a block longer than this under an other-stories heading is the article again
_OTHER_STORY_MAX_WORDS = 100


def _other_stories(items: list[tuple[str, bool]]) -> set[int]:
    """A block of other stories: a heading such as "Most Popular" or "More from CBS
    Sports" and the headlines under it (short blocks without closing punctuation, list
    items), up to the first block that reads as a sentence."""
    out: set[int] = set()
    for i, (b, marked) in enumerate(items):
        if not ((marked or is_heading(b)) and furniture.is_section_label(b)):
            continue
        out.add(i)
        j = i + 1
        while j < len(items):
            nb, nmarked = items[j]
            headline = (nmarked or is_heading(nb)) and not furniture.is_section_label(nb)
            if not (headline or nb.startswith(BULLET)) or len(nb.split()) > _OTHER_STORY_MAX_WORDS:
                break
            out.add(j)
            j += 1
    return out


def is_heading(block: str) -> bool:
    """A short block without closing punctuation: a heading, kicker or label."""
    if "\n" in block or block.startswith(BULLET):
        return False
    words = block.split()
    if not words or len(words) > _MAX_HEADING_WORDS:
        return False
    return not _END_PUNCT.search(block.rstrip(furniture.CLOSING + " "))


def _is_byline(block: str, author: str | None) -> bool:
    text = block.strip()
    if author and furniture.key(text) in {furniture.key(author), furniture.key(f"by {author}")}:
        return True
    return furniture.is_byline(text)


def _is_bio(block: str, author: str | None) -> bool:
    if author and furniture.key(block).startswith(furniture.key(author) + " ") and len(block) < 600:
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
        tkey = furniture.key(title)
        head = 0
        while head < min(3, len(items)) and (furniture.key(items[head][0]) == tkey):
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
            if furniture.has_credit(a) or furniture.has_credit(b) or _is_caption(a) or _is_caption(b):
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
    # a sign-off closing the article ("– David Dunkley") names who wrote it
    sign_off = _SIGN_OFF.match(items[-1][0]) if items and not candidate_author else None
    if sign_off and 2 <= len(sign_off.group(1).split()) <= 4:
        candidate_author = sign_off.group(1)

    entries = _numbered_entries(items)
    keys = [furniture.key(b) for b, _ in items]  # each block's words, for finding repeats
    teasers = (
        _teasers(items) | _other_stories(items) | _excerpts(items) | _pull_quotes(items, keys)
        # (a web page's layouts; a text that repeats itself, as the Daily Mail's highlights
        # do, means to)
        | (_second_copies(items, keys) if raw.kind == "html" else set())
    )
    kept: list[str] = []
    bio_authors: set[str] = set()
    headings: list[str] = []
    layout: list[str] = []  # reading order: "p" a kept block, "h" a heading
    # (and in the second half: a short story's lead, "Director Quentin Tarantino is in talks
    # to write and direct ...", reads like a bio)
    tail_start = max(len(items) // 2, len(items) - _TAIL_BLOCKS)
    for i, (block, marked_heading) in enumerate(items):
        if drop[i] or i in teasers:
            continue
        if furniture.is_furniture_line(block) or _is_caption(block) or _is_byline(block, candidate_author):
            continue
        if i >= tail_start and _is_bio(block, candidate_author):
            # the bio that ends the article names its author when nothing else did
            named = _BIO.match(block)
            if named:
                bio_authors.add(named.group("name"))
            continue
        if title and furniture.key(block) == furniture.key(title):
            continue
        if (marked_heading or is_heading(block)) and i not in entries:
            headings.append(block)
            layout.append("h")
            continue
        # consecutive list items are one paragraph, one item per line; a heading between
        # two lists ("## fasd", "## z") keeps each list under its own
        if block.startswith(BULLET) and kept and kept[-1].startswith(BULLET) and layout[-1] == "p":
            kept[-1] = f"{kept[-1]}\n{block}"
            continue
        layout.append("p")
        kept.append(block)

    paragraphs = kept
    meta = list(raw.meta)
    if headings:
        meta.append(("headings", "\n".join(headings)))
        meta.append(("layout", "".join(layout)))
    return RawArticle(
        title=title,
        author=author
        or candidate_author
        or (next(iter(bio_authors)) if len(bio_authors) == 1 else None),
        date=raw.date,
        blocks=tuple(paragraphs),
        kind=raw.kind,
        headings=(),
        meta=tuple(meta),
    )

