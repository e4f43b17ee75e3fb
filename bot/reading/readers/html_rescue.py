"""Second opinions on an HTML page, for when trafilatura's article looks too short.

trafilatura picks one container of the page and keeps what it finds there. Two
kinds of pages defeat it:

- the article body is split over several containers of the same kind (a long
  read cut into chunks with ads or teasers between them, each chunk its own grid
  row): it keeps the first chunk and silently drops the rest;
- the body is not in the markup at all but in the page's own structured data
  (``articleBody`` in JSON-LD; the page is rendered by script): it keeps a caption.

So the page is measured independently: its *prose* (paragraphs of real sentences,
few links, outside navigation and footers) and its JSON-LD ``articleBody``. When
trafilatura's text covers too little of either, the blocks are rebuilt from the
page: every prose container of the same kind as the ones trafilatura used, or the
visible paragraphs that make up ``articleBody``, or, when the page has no such
paragraphs, ``articleBody`` itself. The caller logs what happened, with numbers.

Thresholds were set on the tuning half of the evaluation pages only (see
benchmarks/bench_extract.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import lxml.etree
import lxml.html

from bot.document import BULLET
from bot.text import furniture

# trafilatura's text covering less than this share of the page's prose is suspicious
MIN_PROSE_COVERAGE = 0.5
# ... of articleBody (pages often put a teaser there: only trust a long one)
MIN_BODY_COVERAGE = 0.6
MIN_BODY_WORDS = 150
MIN_PROSE_WORDS = 250  # pages with less prose than this are not worth a second opinion
# a rebuilt candidate must add at least this share to what trafilatura found
MIN_GAIN = 1.3

_SKIP = frozenset("script style noscript template nav header footer aside form button select "
                  "svg iframe object head figcaption".split())
_BLOCKS = frozenset("p li h1 h2 h3 h4 h5 h6 blockquote pre dd dt td".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_LD_JSON = re.compile(r"application/ld\+json", re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    """A visible text block of the page, where it sits, and how link-heavy it is."""

    text: str
    tag: str
    container: str  # the tag and class of the element holding it: "div.article__body"
    link_share: float

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def prose(self) -> bool:
        """Sentences a person reads, not a label, a link list or a teaser."""
        if self.tag in _HEADINGS or self.link_share > 0.5:
            return False
        return self.words >= 12 and bool(_SENTENCE_END.search(self.text))


def _signature(el: lxml.html.HtmlElement) -> str:
    cls = " ".join(sorted((el.get("class") or "").split()))
    return f"{el.tag}.{cls}" if cls else str(el.tag)


def page_blocks(root: lxml.html.HtmlElement) -> list[Block]:
    """The page's innermost text blocks in reading order, outside page furniture."""
    out: list[Block] = []
    stack: list[tuple[lxml.html.HtmlElement, bool]] = [(root, False)]
    # iterative: a recursive walk would hit Python's recursion limit on deep pages
    while stack:
        el, _ = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP:
            continue
        if tag in _BLOCKS and not any(
            isinstance(d.tag, str) and d.tag in _BLOCKS for d in el.iterdescendants()
        ):
            text = " ".join(el.text_content().split())
            if text:
                linked = sum(len(a.text_content()) for a in el.iter("a"))
                parent = el.getparent()
                holder = parent.getparent() if tag == "li" and parent is not None else parent
                container = _signature(holder) if holder is not None else ""
                out.append(Block(text, tag, container, min(1.0, linked / max(1, len(text)))))
            continue
        children = [c for c in el if isinstance(c.tag, str)]
        stack.extend((c, False) for c in reversed(children))
    return out


def _ld_objects(value: object) -> Iterator[dict[str, object]]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(item)


def json_ld(root: lxml.html.HtmlElement) -> list[dict[str, object]]:
    """Every JSON-LD object of the page (nested ones and @graph members included)."""
    found: list[dict[str, object]] = []
    for script in root.iter("script"):
        if not _LD_JSON.search(script.get("type") or ""):
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue  # broken structured data is common; the page itself still counts
        found.extend(_ld_objects(data))
    return found


def article_body(objects: Iterable[dict[str, object]]) -> str:
    """The longest ``articleBody`` of the page's JSON-LD ('' when there is none)."""
    bodies = [o.get("articleBody") for o in objects]
    texts = [b for b in bodies if isinstance(b, str)]
    return max(texts, key=len, default="").strip()


def with_ingredients(
    objects: Iterable[dict[str, object]], blocks: list[str], headings: set[int]
) -> tuple[list[str], set[int]] | None:
    """A recipe's ingredients put back when the text found lost them: the page's JSON-LD
    Recipe lists them (``recipeIngredient``), and fewer than half of them are in
    ``blocks`` (Nestlé's recipe card, drawn by script, gave the method and no
    ingredients). They go in as an "Ingredients" heading and a list, before the first
    step of the method (its ``recipeInstructions``) or, failing that, at the end. None
    when nothing is missing."""
    for recipe in objects:
        listed = recipe.get("recipeIngredient")
        if "Recipe" not in str(recipe.get("@type")) or not isinstance(listed, list):
            continue
        items = [" ".join(str(x).split()) for x in listed if isinstance(x, str) and x.strip()]
        found = furniture.key("\n".join(blocks))
        if not items or sum(furniture.key(x) in found for x in items) * 2 >= len(items):
            return None
        steps = recipe.get("recipeInstructions")
        first = steps[0] if isinstance(steps, list) and steps else steps
        step = first.get("text") if isinstance(first, dict) else first
        key = furniture.key(step)[:60] if isinstance(step, str) else ""
        at = len(blocks)
        if key:
            at = next((i for i, b in enumerate(blocks) if furniture.key(b).startswith(key)), at)
        added = ["Ingredients", *(BULLET + x for x in items)]
        moved = {i + len(added) if i >= at else i for i in headings} | {at}
        return blocks[:at] + added + blocks[at:], moved
    return None


def shingle_set(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def coverage(part: set[tuple[str, ...]], whole: set[tuple[str, ...]]) -> float:
    """The share of ``whole``'s shingles found in ``part``."""
    return len(part & whole) / len(whole) if whole else 1.0


@dataclass(frozen=True)
class Rescue:
    blocks: list[str]
    headings: set[int]
    how: str  # "chunks" | "articleBody-blocks" | "articleBody"
    words: int


def _as_blocks(chosen: list[Block]) -> tuple[list[str], set[int]]:
    blocks: list[str] = []
    headings: set[int] = set()
    for b in chosen:
        if b.tag in _HEADINGS:
            headings.add(len(blocks))
        blocks.append(BULLET + b.text if b.tag == "li" else b.text)
    return blocks, headings


def body_paragraphs(body: str) -> list[str]:
    """articleBody split into paragraphs: its own line breaks, else runs of sentences."""
    parts = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", body) if p.strip()]
    if len(parts) > 1:
        return parts
    sentences = re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘A-Z0-9])", " ".join(body.split()))
    paragraphs: list[str] = []
    current: list[str] = []
    for s in sentences:
        current.append(s)
        if sum(len(c.split()) for c in current) >= 60:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def visible_words(root: lxml.html.HtmlElement) -> int:
    """Words a browser would show: the body's text outside scripts and styles."""
    texts = root.xpath("//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript"
                       " or ancestor::template)]")
    return sum(len(str(t).split()) for t in texts)


def prose_words(blocks: list[Block]) -> int:
    return sum(b.words for b in blocks if b.prose)


def rescue(
    root: lxml.html.HtmlElement, found_text: str, objects: Iterable[dict[str, object]]
) -> Rescue | None:
    """Blocks to use instead of trafilatura's ``found_text``, or None to keep it;
    ``objects`` are the page's JSON-LD objects (``json_ld``).

    Word counts gate the work: a rescue must add MIN_GAIN, so when trafilatura
    already holds most of the page's words no shingle is built (on a
    150,000-word page the check then costs one text_content() call).
    """
    found_words = len(found_text.split())
    body = article_body(objects)
    body_words = len(body.split())
    blocks: list[Block] | None = None
    found: set[tuple[str, ...]] | None = None

    if body_words >= MIN_BODY_WORDS and MIN_GAIN * found_words <= body_words:
        found = shingle_set(found_text)
        whole = shingle_set(body)
        if coverage(found, whole) < MIN_BODY_COVERAGE:
            blocks = page_blocks(root)
            # the visible paragraphs that make up articleBody, in page order
            chosen = [b for b in blocks if coverage(whole, shingle_set(b.text)) >= 0.8]
            got = shingle_set(" ".join(b.text for b in chosen))
            if chosen and coverage(got, whole) >= MIN_BODY_COVERAGE:
                texts, heads = _as_blocks(chosen)
                how = "articleBody-blocks"
            else:
                texts, heads, how = body_paragraphs(body), set(), "articleBody"
            words = sum(len(t.split()) for t in texts)
            if words >= MIN_GAIN * found_words:
                return Rescue(texts, heads, how, words)

    if found_words >= MIN_PROSE_COVERAGE * len(root.text_content().split()):
        return None  # the page's prose cannot be much more than what was found
    blocks = blocks if blocks is not None else page_blocks(root)
    total_prose = prose_words(blocks)
    if total_prose < MIN_PROSE_WORDS or found_words >= MIN_PROSE_COVERAGE * total_prose:
        return None
    found = found if found is not None else shingle_set(found_text)
    prose_text = shingle_set(" ".join(b.text for b in blocks if b.prose))
    if coverage(found, prose_text) >= MIN_PROSE_COVERAGE:
        return None
    # containers trafilatura drew its prose from; chunks of the same kind elsewhere
    # on the page are the rest of the article
    used = {b.container for b in blocks if b.prose and coverage(found, shingle_set(b.text)) >= 0.8}
    if not used:
        return None
    chosen = [b for b in blocks if b.container in used and (b.prose or b.tag in _HEADINGS or b.tag == "li")
              and b.link_share <= 0.5]
    words = sum(b.words for b in chosen)
    if words < MIN_GAIN * found_words:
        return None
    texts, heads = _as_blocks(chosen)
    return Rescue(texts, heads, "chunks", words)


def shown_titles(root: lxml.html.HtmlElement) -> list[str]:
    """The headline as the page shows it, most trusted first: its <h1> (when the page
    has just one: many give the site's logo one too), og:title, its first <title>."""
    found: list[str] = []
    h1s = list(root.iter("h1"))
    if len(h1s) == 1:
        found.append(" ".join(h1s[0].text_content().split()))
    found.append(_meta_content(root, "og:title"))
    title = root.find(".//title")
    if title is not None:
        found.append(" ".join(title.text_content().split()))
    return [t for t in found if t]


_DESCRIPTIONS = ("og:description", "description", "twitter:description")
_STANDFIRST_MIN_WORDS = 10
_TRUNCATED = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])[\"'”’]?$")


def standfirst(root: lxml.html.HtmlElement, found_text: str) -> str | None:
    """The article's standfirst when the page shows it but the body left it out: the
    page's own description (og:description, then description), a whole sentence or two,
    written out visibly in the page's body ("Whether you're for or against Sweden's
    softer approach ..., there is no denying ... Anders Tegnell has become a household
    name", set as an excerpt heading above The Local's article), and not already in the
    text found. A teaser cut short ("...") or one the page only declares is no standfirst."""
    described = next(filter(None, (_meta_content(root, n) for n in _DESCRIPTIONS)), "")
    words = _WORD.findall(described)
    if len(words) < _STANDFIRST_MIN_WORDS or not _SENTENCE_END.search(described):
        return None
    if _TRUNCATED.search(described):
        return None
    wanted = shingle_set(described)
    if coverage(shingle_set(found_text), wanted) >= 0.5:
        return None  # the body says it already (often as its first paragraph)
    key = furniture.key(described)
    opening = " ".join(key.split()[:_STANDFIRST_MIN_WORDS // 2])
    # the element holding the description's opening words must hold the description and
    # nothing more (not a teaser card nor the whole page); a browser must show it
    for text in root.xpath("//body//text()[not(ancestor::script or ancestor::style or "
                           "ancestor::noscript or ancestor::template)]"):
        own = furniture.key(str(text))
        if opening not in own:
            continue
        if own == key:
            return described  # (an unclosed <h2> may hold the rest of the page too)
        el = text.getparent()
        while el is not None and el.tag not in _BLOCKS and el.tag != "div":
            el = el.getparent()
        if el is not None and furniture.key(el.text_content()) == key:
            return described
    return None


def _meta_content(root: lxml.html.HtmlElement, name: str) -> str:
    """The first <meta> named ``name`` (by property or name): its content, spaces tidied."""
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == name:
            return " ".join((meta.get("content") or "").split())
    return ""


def parse(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None
