"""Soft word matches from word vectors (bot.vectors.words): each question word counts by
how close the nearest word of a sentence or paragraph is, so "difficult" answers "hard"."""

from __future__ import annotations

import numpy as np

from bot.vectors import words as embeddings


class SoftMatch:
    """How closely each word of a question is matched in each sentence and each
    paragraph: the cosine of its word vector with the nearest word's there (1 for the
    word itself, 0 for nothing alike). Words are compared as vectors once per distinct
    word of the document; per question this is one small matrix product."""

    def __init__(self, sentence_words: list[list[str]], owner: np.ndarray, n: int) -> None:
        self._embed = embeddings.embedder()
        vocab: dict[str, int] = {}
        flat = [vocab.setdefault(w, len(vocab)) for words in sentence_words for w in words]
        self._vocab = vocab
        self._vocab_list: list[str] | None = None
        self._vectors = self._embed.vectors(list(vocab))
        sizes = np.asarray([len(words) for words in sentence_words], dtype=np.int64)
        self._sentences = Runs(np.asarray(flat, dtype=np.int64), sizes)
        # each paragraph's distinct words, for the paragraph-level match
        word_owner = np.repeat(owner, sizes)
        pairs = np.unique(np.stack([word_owner, self._sentences.ids]), axis=1)
        self._paragraphs = Runs(pairs[1], np.bincount(pairs[0], minlength=n))
        self.df = np.bincount(pairs[1], minlength=len(vocab)).astype(np.float64)

    def df_of(self, word: str) -> float:
        at = self._vocab.get(word)
        return 0.0 if at is None else float(self.df[at])

    def similar(self, words: list[str]) -> np.ndarray:
        """words x vocabulary: cosine of each word with each word of the document,
        clipped at 0 (1 for the word itself)."""
        known = np.asarray([self._vocab.get(w, -1) for w in words], dtype=np.int64)
        found = known >= 0
        asked = np.empty((len(words), self._vectors.shape[1]), dtype=np.float32)
        asked[found] = self._vectors[known[found]]
        asked[~found] = self._embed.vectors([w for w, at in zip(words, known, strict=True) if at < 0])
        similar = np.clip(asked @ self._vectors.T, 0.0, 1.0)
        similar[found, known[found]] = 1.0
        return similar

    def best(
        self, words: list[str], similar: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(words x sentences, words x paragraphs) nearest-word cosines, clipped at 0."""
        similar = self.similar(words) if similar is None else similar
        return self._sentences.best(similar), self._paragraphs.best(similar)

    def neighbours(
        self, words: list[str], similar: np.ndarray, least: float, most: int
    ) -> dict[str, float]:
        """Words of the document close to a question word (cosine >= ``least``, at most
        ``most`` per word, the word itself left out), with their cosine: a query
        expansion limited to what the document can match."""
        out: dict[str, float] = {}
        vocab = self.vocab_list
        for row, word in enumerate(words):
            close = np.flatnonzero(similar[row] >= least)
            close = close[np.argsort(-similar[row][close], kind="stable")][: most + 1]
            for at in close:
                other = vocab[at]
                if other != word and similar[row][at] < 1.0:
                    out[other] = max(out.get(other, 0.0), float(similar[row][at]))
        return out

    @property
    def vocab_list(self) -> list[str]:
        if self._vocab_list is None:
            self._vocab_list = list(self._vocab)
        return self._vocab_list


class Runs:
    """Word ids of consecutive units (sentences or paragraphs) in one flat array."""

    def __init__(self, ids: np.ndarray, sizes: np.ndarray) -> None:
        self.ids = ids
        self._sizes = sizes
        self._starts = np.r_[0, np.cumsum(sizes)[:-1]].astype(np.int64)

    def best(self, similar: np.ndarray) -> np.ndarray:
        """Per row of ``similar`` (a word against the vocabulary) and unit, the largest
        similarity of any word of the unit; 0 for an empty unit."""
        out = np.zeros((similar.shape[0], len(self._sizes)))
        if not len(self.ids) or not similar.shape[0]:
            return out
        filled = self._sizes > 0
        out[:, filled] = np.maximum.reduceat(similar[:, self.ids], self._starts[filled], axis=1)
        return out
