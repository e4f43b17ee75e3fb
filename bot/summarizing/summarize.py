"""Extractive summaries: pick a document's most telling sentences.

``default`` is our own linear-time method (bot.summarizing.centroid), chosen by
ROUGE against Lead-3 on news (see bot.evaluation.summaries) and built to stay sensible
on long reports. ``lead`` takes the opening sentences. The other names run
sumy's classic summarizers over our own sentence split and tokenization.
"""

from __future__ import annotations

import math
from collections import Counter

from bot.document import Document, SentenceRef
from bot.errors import UsageError
from bot.summarizing import centroid
from bot.summarizing.candidates import Candidate, is_boilerplate, select_candidates
from bot.summarizing.sumy import SUMY_ALGORITHMS, sumy_rank
from bot.text.language import Analyzer, analyzer

ALGORITHMS: tuple[str, ...] = ("default", "lead", *SUMY_ALGORITHMS)
DEFAULT_SENTENCES = 5
# sumy's algorithms are quadratic (or worse) in the number of sentences: past these
# sizes they take tens of seconds to minutes, so a long document gets a clear
# refusal instead of a hung reply. Measured at 442 sentences: KL 146 s, LSA 14 s,
# LexRank 3.7 s, Reduction 2.8 s, TextRank 1.7 s; Luhn, Edmundson, SumBasic < 0.5 s.
MAX_SENTENCES: dict[str, int] = {
    "kl": 150,
    "lsa": 400,
    "reduction": 800,
    "lexrank": 800,
    "textrank": 1200,
}
# How many of the most frequent terms stand in for a title as Edmundson's bonus words.
_KEYWORDS_WITHOUT_TITLE = 10


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
    if algorithm not in ALGORITHMS:
        raise UsageError(f"Unknown summary algorithm {algorithm!r}; choose one of: {', '.join(ALGORITHMS)}.")
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

    limit = MAX_SENTENCES.get(algorithm)
    if limit is not None and len(pool) > limit:
        raise UsageError(
            f"The {algorithm} algorithm is too slow for a document this long ({len(pool):,} "
            f"sentences; it handles up to {limit:,}). The default algorithm handles any length."
        )
    chosen = _choose(document, pool, count, algorithm)
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


def _choose(document: Document, pool: list[Candidate], count: int, algorithm: str) -> list[int]:
    """Positions in ``pool`` of the chosen sentences."""
    if algorithm == "lead":
        return list(range(count))
    text = _analyzer(document.language)
    terms, words = text.terms, text.words
    if algorithm == "default":
        items = []
        previous_paragraph = None
        for order, cand in enumerate(pool):
            items.append(
                centroid.Item(
                    order=order,
                    terms=terms(cand.ref.text),
                    words=cand.words,
                    paragraph_start=cand.ref.paragraph != previous_paragraph,
                    boilerplate=is_boilerplate(cand.ref.text),
                )
            )
            previous_paragraph = cand.ref.paragraph
        return centroid.rank(items, terms(document.title), count)
    groups: dict[int, list[tuple[int, str]]] = {}
    for i, cand in enumerate(pool):
        groups.setdefault(cand.ref.paragraph, []).append((i, cand.ref.text))
    # Edmundson's bonus words: the title's content words, else the most frequent ones.
    bonus = frozenset(w for w in words(document.title) if terms(w))
    if not bonus:
        counts: Counter[str] = Counter(w for c in pool for w in words(c.ref.text) if terms(w))
        bonus = frozenset(w for w, _ in counts.most_common(_KEYWORDS_WITHOUT_TITLE))
    chosen = sumy_rank(
        algorithm,
        list(groups.values()),
        count,
        language=text.language,
        words=words,
        title=document.title,
        bonus_words=bonus,
    )
    return chosen


def _analyzer(language: str) -> Analyzer:
    try:
        return analyzer(language)
    except UsageError:
        # A language we have no stop words or stemmer for still splits into words;
        # English rules leave such words nearly untouched.
        return analyzer("english")
