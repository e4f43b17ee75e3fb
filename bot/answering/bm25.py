"""BM25 over token lists, scored with numpy over postings, on rank-bm25's statistics.

rank-bm25 supplies the corpus statistics and idf (and the stock ``BM25Okapi`` that
evaluation reports as the baseline); scoring is vectorised over postings, so one question
costs milliseconds even on a book-length document. The one module importing rank_bm25.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

import numpy as np
from rank_bm25 import BM25Okapi

from bot.errors import UsageError

K = TypeVar("K", bound=Hashable)


class Inverted(Generic[K]):
    """term -> (document ids, counts) as numpy slices of one sorted array, built
    without a Python object per posting."""

    def __init__(self, docs: list[dict[K, int]]) -> None:
        vocab: dict[K, int] = {}
        term_ids: list[int] = []
        counts: list[int] = []
        lengths: list[int] = []
        for freqs in docs:
            lengths.append(len(freqs))
            for term, tf in freqs.items():
                term_ids.append(vocab.setdefault(term, len(vocab)))
                counts.append(tf)
        terms = np.asarray(term_ids, dtype=np.int64)
        order = np.argsort(terms, kind="stable")  # stable: ids stay ascending per term
        self._ids = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)[order]
        self._counts = np.asarray(counts, dtype=np.float64)[order]
        self._starts = np.r_[0, np.cumsum(np.bincount(terms, minlength=len(vocab)))]
        self._vocab = vocab

    def terms(self) -> list[K]:
        return list(self._vocab)

    def get(self, term: K) -> tuple[np.ndarray, np.ndarray] | None:
        at = self._vocab.get(term)
        if at is None:
            return None
        lo, hi = self._starts[at], self._starts[at + 1]
        return self._ids[lo:hi], self._counts[lo:hi]


class Postings:
    """A BM25 index over a list of token lists, scored with numpy over postings."""

    def __init__(self, corpus: list[list[str]], k1: float, b: float) -> None:
        # rank-bm25 cannot take an empty corpus or all-empty documents (avgdl = 0)
        safe = corpus if any(corpus) else [["\0"]]
        self.bm25 = BM25Okapi(safe, k1=k1, b=b)
        self.size = len(corpus)
        doc_len = np.asarray(self.bm25.doc_len, dtype=np.float64)
        self.norm = k1 * (1.0 - b + b * doc_len / max(self.bm25.avgdl, 1e-9))
        self.postings: Inverted[str] = Inverted(self.bm25.doc_freqs if any(corpus) else [{}] * len(corpus))
        self.k1 = k1
        self.lengths = np.asarray([len(d) for d in corpus], dtype=np.float64)
        self.total = max(float(self.lengths.sum()), 1.0)

    def df(self, term: str) -> int:
        hit = self.postings.get(term)
        return 0 if hit is None else len(hit[0])

    def scores(self, query: list[str], weights: dict[str, float] | None = None) -> np.ndarray:
        """rank-bm25's ``get_scores`` (each term optionally scaled by ``weights``), in time
        proportional to the postings rather than to the corpus."""
        out = np.zeros(self.size)
        for term in query:
            hit = self.postings.get(term)
            if hit is None:
                continue
            ids, tf = hit
            scale = weights.get(term, 1.0) if weights else 1.0
            out[ids] += scale * self.bm25.idf[term] * tf * (self.k1 + 1) / (tf + self.norm[ids])
        return out

    def likelihood(self, query: list[str], mu: float, background: Postings) -> np.ndarray:
        """Per document, the log-likelihood of ``query`` under its unigram language model,
        Dirichlet-smoothed with ``background``'s term frequencies (terms ``background``
        lacks are left out: they cost every document the same)."""
        out = np.zeros(self.size)
        for term in query:
            p_background = background.frequency(term) / background.total
            if p_background <= 0:
                continue
            out += np.log(mu * p_background / (self.lengths + mu))
            hit = self.postings.get(term)
            if hit is not None:
                out[hit[0]] += np.log1p(hit[1] / (mu * p_background))
        return out

    def frequency(self, term: str) -> float:
        """How often ``term`` occurs in the whole corpus."""
        hit = self.postings.get(term)
        return 0.0 if hit is None else float(hit[1].sum())

    def coverage(self, weights: dict[str, float]) -> np.ndarray:
        """Per document, the summed weight of the distinct terms it contains."""
        out = np.zeros(self.size)
        for term, weight in weights.items():
            hit = self.postings.get(term)
            if hit is not None:
                out[hit[0]] += weight
        return out


class BaselineIndex:
    """Stock rank-bm25 ``BM25Okapi`` over a tokenizer of your choice: the yardstick that
    bot.evaluation.answers reports next to ``AnswerIndex``."""

    def __init__(self, texts: list[str], tokenize: Callable[[str], list[str]]) -> None:
        if not texts:
            raise UsageError("BaselineIndex needs at least one paragraph.")
        self._tokenize = tokenize
        corpus = [tokenize(t) for t in texts]
        self._bm25 = BM25Okapi(corpus if any(corpus) else [["\0"]])

    def rank(self, question: str) -> list[int]:
        """Paragraph indices, best first (stable on ties)."""
        scores = self._bm25.get_scores(self._tokenize(question))
        return [int(i) for i in np.argsort(-scores, kind="stable")]
