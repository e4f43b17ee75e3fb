"""Static word and text vectors that work offline, from WordLlama's "l2_supercat" table.

WordLlama ("l2_supercat", 256 dimensions, MIT) is a table of token embeddings derived
from Llama 2's and trained so that the mean of a text's token vectors embeds the text.
bot.answering.index uses the vectors to match a question word with a different word of the
same meaning ("difficult" for "hard", "established" for "founded"), which BM25, stems
and character n-grams cannot.

summarybot ships the table and its tokenizer in bot/vectors/wordllama, taken once from
the wordllama 0.4.0.post1 wheel by benchmarks/convert_wordllama.py: the table unchanged
(``l2_supercat_256.safetensors``, 16 MB of float16) and the tokenizer's vocabulary and
merges (``tokenizer.json``), with WordLlama's LICENSE and a NOTICE (Llama 2's among
them). Both files are checked against their pinned SHA-256 before use: a changed or
truncated file is refused (bot.errors.ModelError), never used. The table is read with
numpy (bot.vectors.tensors), texts are tokenized in pure Python (bot.vectors.llama_bpe,
the ids of the Hugging Face library's, checked by benchmarks/check_llama_bpe.py), and the
token vectors are pooled here with numpy.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from itertools import chain
from pathlib import Path

import numpy as np

from bot.errors import ModelError, UsageError
from bot.vectors import tensors
from bot.vectors.llama_bpe import LlamaBPE

MODEL_DIR = Path(__file__).resolve().parent / "wordllama"
TABLE, TOKENIZER = "l2_supercat_256.safetensors", "tokenizer.json"
# the SHA-256 of every file the vectors read (written by benchmarks/convert_wordllama.py)
SHA256 = {
    TABLE: "64b47a2dc493cb8e85944076601189739852d7b64e0e1eedcb1937a251cd9fd5",
    TOKENIZER: "b303072f0699ab19f5285f5bac4234684b32869f802dab4680a3a7d55f9b1efd",
}
DIMENSIONS = 256
_BATCH_CHARS = 200_000  # texts tokenized at once, by their total length
_TOKENS = 16_384  # token rows (16 MB as float32) summed at once


class Embedder:
    """Unit-length mean-of-token vectors for texts (a word, a sentence, a paragraph)."""

    def __init__(self, table: np.ndarray, tokenizer: LlamaBPE) -> None:
        if table.ndim != 2 or table.shape[0] < len(tokenizer):
            raise UsageError("The embedding table does not fit the tokenizer.")
        self._table = table
        self._tokenizer = tokenizer

    @property
    def tokenizer(self) -> LlamaBPE:
        return self._tokenizer

    def vectors(self, texts: list[str]) -> np.ndarray:
        """One row per text, float32, unit length; all zeros for a text with no tokens."""
        return unit(self.sums(texts))

    def sums(self, texts: list[str]) -> np.ndarray:
        """The summed token vectors of each text: summing rows gives the vector of the
        texts joined (a paragraph's from its sentences' without tokenizing it again)."""
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise UsageError("vectors needs a list of texts.")
        out = np.zeros((len(texts), self._table.shape[1]), dtype=np.float32)
        start = 0
        while start < len(texts):
            # a bounded amount of text at a time: the tokenizer's output for a whole
            # book would take hundreds of MB
            stop, size = start, 0
            while stop < len(texts) and (stop == start or size + len(texts[stop]) <= _BATCH_CHARS):
                size += len(texts[stop])
                stop += 1
            out[start:stop] = self._pooled(texts[start:stop])
            start = stop
        return out

    def _pooled(self, texts: list[str]) -> np.ndarray:
        """The summed token vectors of each text."""
        out = np.zeros((len(texts), self._table.shape[1]), dtype=np.float32)
        encoded = [self._tokenizer.ids(t) for t in texts]
        lengths = np.asarray([len(e) for e in encoded], dtype=np.int64)
        if not lengths.any():
            return out
        ids = np.fromiter(chain.from_iterable(encoded), dtype=np.int64, count=int(lengths.sum()))
        owner = np.repeat(np.arange(len(texts)), lengths)
        # summed a bounded run of tokens at a time, never a padded batch: one huge text
        # costs no more memory than many small ones (the mean's divisor cancels out in
        # the unit length)
        for at in range(0, len(ids), _TOKENS):
            owners = owner[at : at + _TOKENS]
            firsts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
            rows = self._table[ids[at : at + _TOKENS]].astype(np.float32)  # fast to sum
            out[owners[firsts]] += np.add.reduceat(rows, firsts, axis=0)
        return out


def unit(rows: np.ndarray) -> np.ndarray:
    """``rows`` scaled to unit length (all-zero rows stay zero), in place."""
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.divide(rows, norms, out=rows, where=norms > 0)


def load(directory: Path = MODEL_DIR, sha256: Mapping[str, str] = SHA256) -> Embedder:
    """The embedder from ``directory``'s table and tokenizer, each refused
    (bot.errors.ModelError) unless its SHA-256 is the one ``sha256`` pins."""
    data = {name: tensors.checked(directory / name, sha256[name]) for name in SHA256}
    table = tensors.read(data[TABLE], "WordLlama table").get("embedding.weight")
    if table is None or table.shape != (table.shape[0], DIMENSIONS):
        raise ModelError(f"The WordLlama table {TABLE} lacks its {DIMENSIONS}-wide embedding.weight.")
    try:
        tokenizer = json.loads(data[TOKENIZER].decode("utf-8"))
        vocabulary, merges = tokenizer["vocab"], [(a, b) for a, b in tokenizer["merges"]]
        if not all(isinstance(t, str) for t in vocabulary) or not all(
            isinstance(a, str) and isinstance(b, str) for a, b in merges
        ):
            raise TypeError("tokens are not strings")
    except (UnicodeDecodeError, ValueError, TypeError, KeyError) as exc:
        raise ModelError(f"The word tokenizer {TOKENIZER} cannot be read: {exc!r}.") from None
    bpe = LlamaBPE(vocabulary, merges)
    if table.shape[0] != len(bpe):
        raise ModelError(f"The WordLlama table {TABLE} does not fit the tokenizer's vocabulary.")
    return Embedder(table, bpe)


@cache
def embedder() -> Embedder:
    """The shared embedder, loaded on first use (about 0.3 s, 16 MB for the table)."""
    return load()
