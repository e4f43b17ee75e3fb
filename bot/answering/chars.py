"""Character 4-gram TF-IDF cosines between a question and sentences or paragraphs.

SQuAD-style questions paraphrase one sentence closely, and character n-grams catch what
stemming misses: "Normans"/"Normandy", "1990s"/"1990". The grams are hashed in numpy, so
indexing a book-length document stays fast.
"""

from __future__ import annotations

import math

import numpy as np

from bot.text.language import fold

CHAR_N = 4


def char_text(text: str) -> str:
    return " " + " ".join(fold(text).lower().split()) + " "


def gram_keys(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The character 4-grams of each text (lower-cased, spaces collapsed and padded) as
    64-bit hashes, with the index of the text each comes from. Character n-grams match
    across inflections, compounds and spellings the stemmer does not join; hashing them
    in numpy keeps indexing a book-length document fast."""
    padded = [char_text(t) for t in texts]
    lengths = np.asarray([len(t) for t in padded], dtype=np.int64)
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    if len(codes) < CHAR_N:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keys = codes[: len(codes) - CHAR_N + 1].copy()
    for shift in range(1, CHAR_N):
        # int64 arithmetic wraps: a polynomial hash, collisions vanishingly rare
        keys = keys * 1_000_003 + codes[shift : len(codes) - CHAR_N + 1 + shift]
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)[: len(keys)]
    starts = np.r_[0, np.cumsum(lengths)[:-1]]
    # grams that run past the end of their text into the next one are dropped
    inside = np.arange(len(keys)) - starts[owner] <= lengths[owner] - CHAR_N
    return keys[inside], owner[inside]


class CharCosine:
    """TF-IDF cosine of character 4-grams between a question and every unit (sentence or
    paragraph), scored over postings."""

    def __init__(self, texts: list[str]) -> None:
        self.size = len(texts)
        keys, owner = gram_keys(texts)
        order = np.lexsort((owner, keys))
        keys, owner = keys[order], owner[order]
        new_pair = (
            np.r_[True, (keys[1:] != keys[:-1]) | (owner[1:] != owner[:-1])]
            if len(keys)
            else np.zeros(0, bool)
        )
        pair_at = np.flatnonzero(new_pair)
        counts = np.diff(np.r_[pair_at, len(keys)]).astype(np.float64)
        pair_keys, self._ids = keys[pair_at], owner[pair_at]
        key_at = (
            np.flatnonzero(np.r_[True, pair_keys[1:] != pair_keys[:-1]])
            if len(pair_keys)
            else pair_at[:0]
        )
        self._vocab = pair_keys[key_at]
        self._starts = np.r_[key_at, len(pair_keys)]
        df = np.diff(self._starts).astype(np.float64)
        self.idf = np.log(max(self.size, 1) / np.maximum(df, 1.0)) + 1.0
        self._weights = counts * np.repeat(self.idf, df.astype(np.int64))
        norm = np.sqrt(np.bincount(self._ids, weights=self._weights**2, minlength=self.size))
        self.norm = np.where(norm > 0, norm, 1.0)

    def scores(self, question: str) -> np.ndarray:
        out = np.zeros(self.size)
        keys, _ = gram_keys([question])
        grams, counts = np.unique(keys, return_counts=True)
        at = np.searchsorted(self._vocab, grams)
        found = (
            (at < len(self._vocab)) & (self._vocab[np.minimum(at, len(self._vocab) - 1)] == grams)
            if len(self._vocab)
            else at < 0
        )
        q_norm = 0.0
        # grams the document lacks have no idf here, as in training
        for where, count in zip(at[found], counts[found], strict=True):
            weight = count * self.idf[where]
            q_norm += weight * weight
            lo, hi = self._starts[where], self._starts[where + 1]
            out[self._ids[lo:hi]] += weight * self._weights[lo:hi]
        return out / (self.norm * math.sqrt(q_norm)) if q_norm > 0 else out
