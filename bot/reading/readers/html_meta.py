"""Title, author and date of an HTML page: only what the page itself states.

A wrong date or author shown under a summary is worse than none. trafilatura's
date search, left to its defaults, reads free text and turns a bare year on the
page ("in 2023") into 1 January of that year; its author search can pick up a
commenter ("Art Edwards says") or a byline with the date glued on ("CBS News
February"). So dates come from htmldate without its extensive search (meta tags,
JSON-LD, <time> elements, dateline elements), and authors are checked here.

Titles are checked against the headline the page shows: a content system can fill
JSON-LD's headline with its own name (the Telegraph's "escenic"), and a <title> often
ends in the site's name ("... | NOW Grenada").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# htmldate without free-text search: metadata and dateline elements only
DATE_PARAMS = {"extensive_search": False, "original_date": True}

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# a date or time glued to the end of a byline: "CBS News February", "Jane Doe 5 March 2020"
_DATE_TAIL = re.compile(rf"(?:\s+(?:{_MONTHS}|\d[\d:,./-]*|am|pm|updated|published|on))+\s*$", re.IGNORECASE)
# a commenter or quote, not a byline
_SPEECH = re.compile(r"\b(?:says|said|writes|wrote|replies|replied|commented)\s*:?$", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
_LEAD = re.compile(r"^(?:view all posts by|all posts by|posted by|written by|words by|by)\s+", re.IGNORECASE)
_PLACEHOLDER = {"no author", "unknown", "admin", "administrator", "staff", "staff writer", "editor",
                "author", "anonymous", "guest"}
_MAX_NAME_WORDS = 5  # "Linksc Creating Search Engine Api Message" is markup, not a name


def clean_author(author: str | None) -> str | None:
    """The author as the page names it, or None when what was found is not a name."""
    if not author:
        return None
    text = " ".join(author.split())
    if _SPEECH.search(text):
        return None
    text = _DATE_TAIL.sub("", text).strip(" ,;|-–—")
    text = _LEAD.sub("", text)
    if not text or not _LETTER.search(text) or len(text) > 120 or text.casefold() in _PLACEHOLDER:
        return None
    # several authors come joined with ";": each must look like a name, not a bio
    if any(len(part.split()) > _MAX_NAME_WORDS or re.search(r"\b(?:is|was|has)\b", part)
           for part in text.split(";")):
        return None
    return text


_TITLE_WORD = re.compile(r"[^\W_]+")
_SITE_SEPARATOR = re.compile(r"\s[|·•–—:-]\s")
_MAX_SITE_WORDS = 5


def _title_words(text: str) -> list[str]:
    return _TITLE_WORD.findall(text.casefold())


def choose_title(found: str, shown: Sequence[str]) -> str:
    """``found`` (the extractor's title), unless the page's shown headlines (most
    trusted first) say otherwise: a title sharing no word with any of them is not
    this page's, and one that is a shown headline plus a separator and a few more
    words ("Python 3 - simple HTTP Request ... | HackLAB") carries the site's name."""
    words = _title_words(found)
    if not shown:
        return found
    if not words or not any(set(words) & set(_title_words(s)) for s in shown):
        return shown[0]
    for headline in shown:
        head = _title_words(headline)
        for cut in _SITE_SEPARATOR.finditer(found):
            site = _title_words(found[cut.end():])
            if head and _title_words(found[: cut.start()]) == head and len(site) <= _MAX_SITE_WORDS:
                return headline
    return found


def clean_date(date: str | None) -> str | None:
    """An ISO date string, or None."""
    if not date or not re.match(r"^\d{4}-\d{2}-\d{2}", date):
        return None
    return date
