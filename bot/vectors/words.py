"""Static word and text vectors that work offline, from WordLlama's shipped table.

WordLlama ("l2_supercat", 256 dimensions) is a table of token embeddings taken from
Llama 2 and trained so that the mean of a text's token vectors embeds the text. Its
wheel ships the table (16 MB of float16) and the tokenizer, so nothing is downloaded.
bot.answering.index uses the vectors to match a question word with a different word of the
same meaning ("difficult" for "hard", "established" for "founded"), which BM25, stems
and character n-grams cannot.

Both files are read straight from the installed distribution (bot.vectors.files) and
pooled here with numpy, without importing the ``wordllama`` package: its import
configures the root logger, and its loader falls back to downloading from Hugging Face.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from bot.errors import ModelError, UsageError
from bot.vectors import files as model_files
from bot.vectors.files import Tokenizer

_WEIGHTS = "wordllama/weights/l2_supercat_256.safetensors"
_TOKENIZER = "wordllama/tokenizers/l2_supercat_tokenizer_config.json"
DIMENSIONS = 256
_BATCH_CHARS = 200_000  # texts tokenized at once, by their total length
_TOKENS = 16_384  # token rows (16 MB as float32) summed at once


class Embedder:
    """Unit-length mean-of-token vectors for texts (a word, a sentence, a paragraph)."""

    def __init__(self, table: np.ndarray, tokenizer: Tokenizer) -> None:
        if table.ndim != 2 or table.shape[0] < tokenizer.get_vocab_size():
            raise UsageError("The embedding table does not fit the tokenizer.")
        self._table = table
        self._tokenizer = tokenizer

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
        encoded = self._tokenizer.encode_batch(texts, add_special_tokens=False)
        lengths = np.asarray([len(e.ids) for e in encoded], dtype=np.int64)
        if not lengths.any():
            return out
        ids = np.fromiter((i for e in encoded for i in e.ids), dtype=np.int64)
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


@cache
def embedder() -> Embedder:
    """The shared embedder, loaded on first use (about 0.1 s, 16 MB)."""
    table = model_files.arrays(model_files.locate("wordllama", _WEIGHTS)).get("embedding.weight")
    if table is None:
        raise ModelError("The WordLlama table lacks its embedding weights.")
    return Embedder(table, model_files.tokenizer(model_files.locate("wordllama", _TOKENIZER)))
