"""Summarizers by name.

A summarizer is a callable ``(document, pool, count) -> positions``: given the
document, its candidate sentences in document order (bot.summarizing.candidates) and how
many to pick, it returns the positions in ``pool`` of the sentences it chose. Each lives
in its own module, which exposes ``summarizer(name)``; the module is imported on first
use, so listing the names (``summarybot --help``) loads no algorithm, and sumy loads
only when one of its algorithms is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module

from bot.document import Document
from bot.errors import UsageError
from bot.summarizing.candidates import Candidate

Summarizer = Callable[[Document, Sequence[Candidate], int], list[int]]


@dataclass(frozen=True)
class Algorithm:
    name: str
    module: str  # the module whose ``summarizer(name)`` makes it
    about: str
    # Quadratic (or worse) algorithms take tens of seconds to minutes past this many
    # candidate sentences, so a long document gets a clear refusal instead of a hung
    # reply. Measured at 442 sentences: KL 146 s, LSA 14 s, LexRank 3.7 s, Reduction
    # 2.8 s, TextRank 1.7 s; Luhn, Edmundson, SumBasic < 0.5 s.
    max_sentences: int | None = None


_SUMY = "bot.summarizing.sumy"
ALGORITHMS: tuple[Algorithm, ...] = (
    Algorithm("default", "bot.summarizing.gist",
              "ours: a lexical pass, then the sentence model on a shortlist; nothing dangles"),
    Algorithm("lead", "bot.summarizing.lead", "the opening sentences"),
    Algorithm("centroid", "bot.summarizing.centroid",
              "the earlier default: TF-IDF centroid, title, position, length, MMR"),
    Algorithm("lexrank", _SUMY, "sumy's LexRank", 800),
    Algorithm("lsa", _SUMY, "sumy's LSA", 400),
    Algorithm("textrank", _SUMY, "sumy's TextRank", 1200),
    Algorithm("luhn", _SUMY, "sumy's Luhn"),
    Algorithm("edmundson", _SUMY, "sumy's Edmundson"),
    Algorithm("kl", _SUMY, "sumy's KL-Sum", 150),
    Algorithm("sumbasic", _SUMY, "sumy's SumBasic"),
    Algorithm("reduction", _SUMY, "sumy's Reduction", 800),
)
NAMES: tuple[str, ...] = tuple(a.name for a in ALGORITHMS)
_BY_NAME = {a.name: a for a in ALGORITHMS}


def algorithm(name: str) -> Algorithm:
    """The registered algorithm ``name``; UsageError for an unknown name."""
    found = _BY_NAME.get(name) if isinstance(name, str) else None
    if found is None:
        raise UsageError(f"Unknown summary algorithm {name!r}; choose one of: {', '.join(NAMES)}.")
    return found


def summarizer(name: str) -> Summarizer:
    """The summarizer registered as ``name``."""
    entry = algorithm(name)
    made: Summarizer = import_module(entry.module).summarizer(name)
    return made
