"""Which sentences may appear in a summary at all.

Cleaning upstream removes most page furniture, but what slips through (photo
captions, credits, bylines, headings that became one-line paragraphs) reads
badly as a summary sentence, so every algorithm chooses from these candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.document import Document, SentenceRef
from bot.text import furniture

MIN_WORDS = 5
# Short unpunctuated lines are headings, bylines or labels, not statements.
HEADING_MAX_WORDS = 14

_WORD = re.compile(r"\w+", re.UNICODE)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
# a statement ends like one, perhaps inside a closing quote or bracket; a line
# ending in ":" or ")" alone is a label or a credit
_TERMINAL = re.compile(r"[.!?…。！？؟।۔;\u037e][\"'”’»)\]]{0,3}$")
# Sentences about the document rather than its subject: preambles, thanks,
# disclaimers, road maps. Reports open with them, so without this the position
# prior would pick them. (English only; other languages just lack the penalty.)
_BOILERPLATE = re.compile(
    r"""\b(?:this|the\s+present|our)\s+(?:report|paper|study|document|article|thesis|book|chapter|review)
          \s+(?:was|is|has\s+been|were)\s+(?:prepared|written|commissioned|funded|produced|
          organi[sz]ed|structured|divided|published|supported|compiled)
      | \bwe\s+(?:would\s+like\s+to\s+|wish\s+to\s+)?(?:thank|acknowledge|are\s+grateful)
      | \backnowledge?ments?\b | \bgrateful\s+to\b | \bthanks\s+(?:are\s+due\s+)?to\b
      | \bviews\s+expressed\b | \bdo(?:es)?\s+not\s+necessarily\s+(?:reflect|represent)
      | \bcorrespondence\b | \bcontact\s+the\s+authors?\b
      | \b(?:section|chapter|part|appendix)\s+\w+\s+(?:describes|presents|discusses|introduces|
          covers|outlines|reviews|lists|contains)\b
      | \b(?:is|are)\s+organi[sz]ed\s+as\s+follows\b | \bthe\s+rest\s+of\s+this\s+(?:paper|report|chapter)
      | \bfunded\s+by\b | \bgrant\s+(?:no\.?|number)\s
      | \b(?:this|the\s+(?:below|following))\s+(?:letter|article|piece|essay|post|story|interview)
          \s+(?:will\s+be\s+appearing|will\s+appear|appears|appeared|first\s+appeared|originally\s+appeared|
          was\s+originally|is\s+adapted|was\s+adapted|is\s+excerpted)\b""",
    re.IGNORECASE | re.VERBOSE,
)


# Substring checks run in C; the regex above only sees sentences that pass them.
_BOILERPLATE_HINTS = (
    "report", "paper", "study", "document", "article", "thesis", "book", "chapter", "review",
    "thank", "acknowledg", "grateful", "views expressed", "necessarily", "correspondence",
    "contact the author", "section", "part ", "appendix", "organised", "organized",
    "rest of this", "funded by", "grant", "letter", "article", "piece", "essay", "post", "story",
    "interview",
)


def is_boilerplate(text: str) -> bool:
    """True for sentences about the document itself (thanks, disclaimers, road maps)."""
    low = text.lower()
    if not any(hint in low for hint in _BOILERPLATE_HINTS):
        return False
    return _BOILERPLATE.search(text) is not None


@dataclass(frozen=True)
class Candidate:
    """A sentence worth considering, with its place in the document."""

    index: int  # position among all the document's sentences
    ref: SentenceRef
    words: int


def _alnum_key(text: str) -> tuple[str, ...]:
    # ten words fit in the first 200 characters of any sane sentence
    return tuple(_WORD.findall(text.lower(), 0, 200)[:10])


def is_furniture(text: str) -> bool:
    """True for captions, credits, bylines and heading-like fragments."""
    stripped = text.strip()
    if not stripped or not _LETTER.search(stripped):
        return True
    if (
        furniture.is_furniture_line(stripped)
        or furniture.is_byline(stripped)
        or furniture.ends_in_credit(stripped)
    ):
        return True
    if not _TERMINAL.search(stripped[-5:]) and len(_WORD.findall(stripped)) <= HEADING_MAX_WORDS:
        return True
    # a run of names with no lower-case word at all: signatories, credits, a masthead
    words = _WORD.findall(stripped)
    if len(words) >= 5 and not any(w[0].islower() for w in words):
        return True
    # SHOUTED lines are section labels or banners.
    return len(stripped) >= 12 and stripped.isupper()


def select_candidates(document: Document) -> tuple[list[Candidate], list[Candidate]]:
    """Split the document's sentences into good candidates and a weaker fallback pool.

    The fallback holds short but otherwise ordinary sentences; furniture is in neither.
    Captions often appear twice (image alt text and caption), so a sentence whose
    opening repeats elsewhere is treated as furniture.
    """
    refs = document.sentences
    sentence_keys = [_alnum_key(ref.text) for ref in refs]
    keys: dict[tuple[str, ...], int] = {}
    for key in sentence_keys:
        if len(key) >= 6:
            keys[key] = keys.get(key, 0) + 1
    good: list[Candidate] = []
    weak: list[Candidate] = []
    seen: set[str] = set()
    for i, ref in enumerate(refs):
        text = ref.text.strip()
        norm = " ".join(text.lower().split())
        if norm in seen or is_furniture(text):
            continue
        seen.add(norm)
        key = sentence_keys[i]
        if len(key) >= 6 and keys.get(key, 0) > 1:
            continue
        n_words = len(_WORD.findall(text))
        cand = Candidate(i, ref, n_words)
        (good if n_words >= MIN_WORDS else weak).append(cand)
    return good, weak
