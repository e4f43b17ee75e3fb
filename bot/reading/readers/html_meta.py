"""Author and date of an HTML page: only what the page itself states.

A wrong date or author shown under a summary is worse than none. trafilatura's
date search, left to its defaults, reads free text and turns a bare year on the
page ("in 2023") into 1 January of that year; its author search can pick up a
commenter ("Art Edwards says") or a byline with the date glued on ("CBS News
February"). So dates come from htmldate without its extensive search (meta tags,
JSON-LD, <time> elements, dateline elements), and authors are checked here.
"""

from __future__ import annotations

import re

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


def clean_date(date: str | None) -> str | None:
    """An ISO date string, or None."""
    if not date or not re.match(r"^\d{4}-\d{2}-\d{2}", date):
        return None
    return date
