"""The default summarizer: TF-IDF centroid and title similarity, a position prior
that fades on long documents, a length prior, and MMR against redundancy.

Everything is linear in the document's length: each sentence is compared with
one centroid and one title vector, never with every other sentence; only the
few best-scored sentences are compared with each other while picking.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.document import Document
from bot.summarizing.candidates import Candidate, is_boilerplate
from bot.summarizing.registry import Summarizer
from bot.text.language import any_analyzer


@dataclass(frozen=True)
class Weights:
    """Chosen by search on REALSumm, SummEval and 600 BBC articles, for the best
    worst-case gain over Lead-3 across the three (bot.evaluation.summaries); each
    value is a plateau, not a knife edge."""

    centroid: float = 1.0
    title: float = 0.8
    position: float = 0.4
    # time constant, in sentences, of the position prior's decay
    position_decay: float = 8.0
    # documents with up to this many sentences get the full position prior; longer
    # ones (reports, papers) less, because their opening is rarely their summary
    position_full_until: int = 60
    paragraph_start: float = 0.0
    short_words: int = 8
    long_words: int = 50
    length: float = 0.3
    redundancy: float = 0.4
    boilerplate: float = 0.5
    centroid_terms: int = 300
    pool_factor: int = 6

DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Item:
    """A candidate sentence as the scorer sees it."""

    order: int  # rank among the candidates, in document order
    terms: Sequence[str]
    words: int
    paragraph_start: bool
    boilerplate: bool = False


class _Matrix:
    """Unit TF-IDF vectors of all sentences as one sparse matrix, sorted by
    sentence then term, so that whole-document sums are single numpy calls."""

    def __init__(self, items: Sequence[Item]) -> None:
        vocabulary: dict[str, int] = {}
        ids: list[int] = []
        lengths: list[int] = []
        for item in items:
            ids.extend(vocabulary.setdefault(t, len(vocabulary)) for t in item.terms)
            lengths.append(len(item.terms))
        n, size = len(items), max(len(vocabulary), 1)
        self.n, self.vocabulary = n, vocabulary
        owner = np.repeat(np.arange(n, dtype=np.int64), lengths)
        keys, counts = np.unique(owner * size + np.asarray(ids, dtype=np.int64), return_counts=True)
        self.sentence = keys // size
        self.term = keys % size
        df = np.bincount(self.term, minlength=size)
        self.idf = np.log((n + 1) / (df + 0.5))
        weight = (1.0 + np.log(counts)) * self.idf[self.term]
        norm = np.sqrt(np.bincount(self.sentence, weights=weight * weight, minlength=n))
        self.value = weight / np.where(norm > 0, norm, 1.0)[self.sentence]
        self.starts = np.searchsorted(self.sentence, np.arange(n + 1))

    def column_sums(self) -> np.ndarray:
        return np.bincount(self.term, weights=self.value, minlength=len(self.idf))

    def dots(self, vector: np.ndarray) -> np.ndarray:
        """Each sentence's dot product with a dense term vector."""
        return np.bincount(self.sentence, weights=self.value * vector[self.term], minlength=self.n)

    def row(self, i: int) -> dict[int, float]:
        lo, hi = self.starts[i], self.starts[i + 1]
        return dict(zip(self.term[lo:hi].tolist(), self.value[lo:hi].tolist(), strict=True))


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.sqrt(vector @ vector))
    return vector / norm if norm > 0 else vector


def _dot(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def scores(
    items: Sequence[Item], title_terms: Sequence[str], weights: Weights = DEFAULT_WEIGHTS
) -> tuple[np.ndarray, _Matrix]:
    """Each item's salience, and the TF-IDF matrix (reused for redundancy)."""
    part, matrix = parts(items, title_terms, weights)
    return weights.centroid * part["centroid"] + weights.title * part["title"] + part["prior"], matrix


def parts(
    items: Sequence[Item], title_terms: Sequence[str], weights: Weights = DEFAULT_WEIGHTS
) -> tuple[dict[str, np.ndarray], _Matrix]:
    """The parts of the salience, unweighted: cosine to the centroid ("centroid"), to
    the title ("title"), and the weighted position, length and boilerplate priors
    ("prior"), and the position prior alone, unweighted ("position"); one pass over the
    document for callers that weigh them otherwise."""
    n = len(items)
    matrix = _Matrix(items)
    centroid = matrix.column_sums()
    if len(centroid) > weights.centroid_terms:
        # only the most central terms: the rest is noise that favours long sentences
        cut = np.partition(centroid, -weights.centroid_terms)[-weights.centroid_terms]
        centroid = np.where(centroid >= cut, centroid, 0.0)
    to_centroid = matrix.dots(_unit(centroid))

    to_title = np.zeros(n)
    title = set(title_terms)
    if title:
        # the title's own norm counts words the text lacks: a title the text
        # barely echoes should count for less
        title_vector = np.zeros(len(matrix.idf))
        missing = 0.0
        for t in title:
            j = matrix.vocabulary.get(t)
            if j is None:
                missing += math.log(n + 1) ** 2
            else:
                title_vector[j] = matrix.idf[j]
        norm = math.sqrt(float(title_vector @ title_vector) + missing)
        if norm > 0:
            to_title = matrix.dots(title_vector / norm)

    order = np.fromiter((item.order for item in items), dtype=float, count=n)
    words = np.fromiter((item.words for item in items), dtype=float, count=n)
    position_scale = min(1.0, weights.position_full_until / max(n, 1))
    position = position_scale * np.exp(-order / weights.position_decay)
    prior = weights.position * position
    starts = np.fromiter((item.paragraph_start for item in items), dtype=bool, count=n)
    prior += weights.paragraph_start * starts
    boiler = np.fromiter((item.boilerplate for item in items), dtype=bool, count=n)
    prior -= weights.boilerplate * boiler
    short = np.clip(weights.short_words - words, 0, None) / weights.short_words
    long = np.clip((words - weights.long_words) / weights.long_words, 0, 1.0)
    prior -= weights.length * np.where(words < weights.short_words, short, long)
    return {"centroid": to_centroid, "title": to_title, "prior": prior, "position": position}, matrix


def rank(
    items: Sequence[Item],
    title_terms: Sequence[str],
    count: int,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[int]:
    """Positions in ``items`` of the ``count`` sentences chosen, in document order."""
    if count <= 0 or not items:
        return []
    salience, matrix = scores(items, title_terms, weights)
    size = min(len(items), max(count * weights.pool_factor, count))
    # stable: among equal scores the earlier sentence wins
    pool = [int(i) for i in np.argsort(-salience, kind="stable")[:size]]
    rows = {i: matrix.row(i) for i in pool}
    chosen: list[int] = []
    while pool and len(chosen) < count:
        best, best_value = pool[0], -math.inf
        for i in pool:
            overlap = max((_dot(rows[i], rows[j]) for j in chosen), default=0.0)
            value = float(salience[i]) - weights.redundancy * overlap
            if value > best_value:
                best, best_value = i, value
        chosen.append(best)
        pool.remove(best)
    return sorted(chosen)


def centroid(document: Document, pool: Sequence[Candidate], count: int) -> list[int]:
    """The default summarizer: positions in ``pool`` of the ``count`` sentences chosen."""
    terms = any_analyzer(document.language).terms
    items = []
    previous_paragraph = None
    for order, cand in enumerate(pool):
        items.append(
            Item(
                order=order,
                terms=terms(cand.ref.text),
                words=cand.words,
                paragraph_start=cand.ref.paragraph != previous_paragraph,
                boilerplate=is_boilerplate(cand.ref.text),
            )
        )
        previous_paragraph = cand.ref.paragraph
    return rank(items, terms(document.title), count)


def summarizer(name: str) -> Summarizer:
    return centroid
