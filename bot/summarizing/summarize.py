"""Extractive summaries: pick a document's most telling sentences.

Every algorithm chooses among the same candidates (bot.summarizing.candidates), so
captions, bylines and headings never become summary sentences whatever the algorithm;
the algorithms themselves are registered by name in bot.summarizing.registry.
``default`` is our own linear-time method (bot.summarizing.centroid), chosen by ROUGE
against Lead-3 on news (see bot.evaluation.summaries) and built to stay sensible on long
reports; ``lead`` takes the opening sentences; the others are sumy's.
"""

from __future__ import annotations

import math

from bot.document import Document, SentenceRef
from bot.errors import UsageError
from bot.summarizing import registry
from bot.summarizing.candidates import select_candidates

ALGORITHMS: tuple[str, ...] = registry.NAMES
DEFAULT_SENTENCES = 5


def summarize(
    document: Document,
    *,
    sentences: int | None = None,
    ratio: float | None = None,
    algorithm: str = "default",
) -> tuple[SentenceRef, ...]:
    """The summary sentences of ``document``, in document order.

    Give the length either as a number of ``sentences`` or as a ``ratio`` of the
    document's sentences (0 < ratio <= 1, at least one sentence); neither means
    five sentences.
    """
    if not isinstance(document, Document):
        raise UsageError("summarize needs a Document.")
    chosen_algorithm = registry.algorithm(algorithm)
    count = _requested_count(len(document.sentences), sentences, ratio)

    refs = document.sentences
    good, weak = select_candidates(document)
    if len(refs) <= count:
        # all of it, less any furniture (unless nothing else is left)
        kept = sorted(c.index for c in (*good, *weak))
        return tuple(refs[i] for i in kept) or refs

    pool = good if len(good) >= count else good + weak
    pool.sort(key=lambda c: c.index)
    if len(pool) <= count:
        return tuple(c.ref for c in pool) or refs[:count]

    limit = chosen_algorithm.max_sentences
    if limit is not None and len(pool) > limit:
        raise UsageError(
            f"The {algorithm} algorithm is too slow for a document this long ({len(pool):,} "
            f"sentences; it handles up to {limit:,}). The default algorithm handles any length."
        )
    chosen = registry.summarizer(algorithm)(document, pool, count)
    return tuple(pool[i].ref for i in sorted(set(chosen)))


def _requested_count(total: int, sentences: int | None, ratio: float | None) -> int:
    if sentences is not None and ratio is not None:
        raise UsageError("Give either a number of sentences or a ratio, not both.")
    if sentences is not None:
        if isinstance(sentences, bool) or not isinstance(sentences, int) or sentences < 1:
            raise UsageError("The number of summary sentences must be a whole number of at least 1.")
        return sentences
    if ratio is not None:
        if isinstance(ratio, bool) or not isinstance(ratio, int | float) or not 0 < ratio <= 1:
            raise UsageError("The summary ratio must be a number above 0 and at most 1.")
        return max(1, math.ceil(total * ratio - 1e-9))
    return DEFAULT_SENTENCES
