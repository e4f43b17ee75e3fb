"""Sentence vectors from all-MiniLM-L6-v2, run with numpy.

all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) is a six-layer BERT trained on a
billion sentence pairs (questions and their answers among them) so that the mean of its
output token vectors embeds a sentence's meaning. bot.answering.index uses it to tell which
sentence a question asks about when the two share few words ("Kublai's government
faced financial difficulties" for "When was Kublai's administration running out of
money?").

No package on PyPI made for the job ships these weights without downloading them at
run time (sentence-transformers, fastembed and model2vec all fetch from Hugging Face),
so summarybot ships them itself, in bot/vectors/minilm: the weights as float16
(``model.safetensors``, 45 MB, made once from upstream's by benchmarks/convert_minilm.py;
on 532 real sentences no vector entry moves by more than 1.2e-4 from the float32
model's, cosine >= 0.9999997) and the WordPiece vocabulary (``vocab.txt``), with the
model's LICENSE and NOTICE. Both files are checked against
their pinned SHA-256 before use: a changed or truncated file (a swapped vocabulary entry
as much as a changed weight) is refused (bot.errors.ModelError), never run. The
weights are read with numpy (bot.vectors.tensors: safetensors holds only arrays, so
loading it runs no code) and texts are tokenized in pure Python (bot.vectors.wordpiece).

The forward pass is the standard BERT encoder written out with numpy (about 20 MFLOP
per token), batched by length so that little padding is computed.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from bot.errors import ModelError, UsageError
from bot.vectors import tensors
from bot.vectors.wordpiece import WordPiece

MODEL_DIR = Path(__file__).resolve().parent / "minilm"
# the SHA-256 of every file the model reads (written by benchmarks/convert_minilm.py)
SHA256 = {
    "model.safetensors": "b8be9e291dbc07f5769ee8a4dd39adaeabe74a759b2f3d04d50c4d197078dd8f",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
}
DIMENSIONS = 384
MAX_TOKENS = 256  # the model's max_seq_length: longer texts are cut, as upstream does
_LAYERS = 6
_HEADS = 12
_EPS = 1e-12
# padded tokens per forward pass: the transient memory of a pass grows with it (about 50
# MB at 1,024 tokens of long paragraphs, 190 MB at 4,096), and on 2 cores smaller passes
# were faster too (400 BBC paragraphs: 11.4 s at 1,024, 14.8 s at 4,096)
_BATCH_TOKENS = 1024
RECENT_TEXTS = 4096  # texts whose vectors an encoder keeps (1.5 KB each)
_SQRT_HALF = math.sqrt(0.5)
_SCALE = 1 / math.sqrt(DIMENSIONS // _HEADS)  # attention logits over sqrt(head size)


def _gelu(h: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, h * Phi(h), in place. numpy has no erf: Phi comes from
    Abramowitz & Stegun 7.1.26 (error < 1.5e-7), and the tanh approximation would
    drift from the trained model."""
    a = np.abs(h)
    a *= _SQRT_HALF
    t = a * 0.3275911
    t += 1.0
    np.reciprocal(t, out=t)
    tail = t * 1.061405429
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        tail += coefficient
        tail *= t
    a *= a
    np.negative(a, out=a)
    np.exp(a, out=a)
    tail *= a
    tail *= 0.5  # the normal tail beyond |h|: Phi(h) is 1 - tail above 0, tail below
    np.subtract(1.0, tail, out=tail, where=h >= 0)
    h *= tail
    return h


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _EPS) * weight + bias


class _Layer(NamedTuple):
    """One transformer layer's weights, dense matrices transposed for ``x @ w``."""

    qkv: np.ndarray  # query, key and value side by side: one product instead of three
    qkv_bias: np.ndarray
    attention_out: np.ndarray
    attention_out_bias: np.ndarray
    attention_norm: tuple[np.ndarray, np.ndarray]
    intermediate: np.ndarray
    intermediate_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    out_norm: tuple[np.ndarray, np.ndarray]

    @classmethod
    def read(cls, w: Mapping[str, np.ndarray], prefix: str) -> _Layer:
        own = f"{prefix}attention.self."
        parts = ("query", "key", "value")
        return cls(
            np.concatenate([w[f"{own}{name}.weight"].T for name in parts], 1, dtype=np.float32),
            np.concatenate([w[f"{own}{name}.bias"] for name in parts], dtype=np.float32),
            _matrix(w[f"{prefix}attention.output.dense.weight"]),
            _vector(w[f"{prefix}attention.output.dense.bias"]),
            _norm(w, f"{prefix}attention.output.LayerNorm."),
            _matrix(w[f"{prefix}intermediate.dense.weight"]),
            _vector(w[f"{prefix}intermediate.dense.bias"]),
            _matrix(w[f"{prefix}output.dense.weight"]),
            _vector(w[f"{prefix}output.dense.bias"]),
            _norm(w, f"{prefix}output.LayerNorm."),
        )


def _matrix(stored: np.ndarray) -> np.ndarray:
    """A stored (out, in) weight matrix as float32 (in, out), for ``x @ w``."""
    return np.ascontiguousarray(stored.T, dtype=np.float32)


def _vector(stored: np.ndarray) -> np.ndarray:
    return np.array(stored, dtype=np.float32)  # a copy: never a view of the file's bytes


def _norm(w: Mapping[str, np.ndarray], prefix: str) -> tuple[np.ndarray, np.ndarray]:
    return _vector(w[prefix + "weight"]), _vector(w[prefix + "bias"])


class Encoder:
    """Unit-length sentence vectors (mean-pooled, as sentence-transformers does)."""

    def __init__(self, weights: Mapping[str, np.ndarray], tokenizer: WordPiece) -> None:
        """``weights`` as stored (float16 or float32), converted here to float32 but for
        the token table, kept as stored: its rows are converted as texts use them."""
        try:
            self._words = np.array(weights["embeddings.word_embeddings.weight"])  # a copy
            # every text is one segment: the first token-type row is added to all tokens
            segment = _vector(weights["embeddings.token_type_embeddings.weight"][0])
            self._positions = _vector(weights["embeddings.position_embeddings.weight"]) + segment
            self._embedding_norm = _norm(weights, "embeddings.LayerNorm.")
            self._layers = [_Layer.read(weights, f"encoder.layer.{i}.") for i in range(_LAYERS)]
        except KeyError as missing:
            raise ModelError(f"The sentence model lacks the weight {missing}.") from None
        if (
            self._words.shape != (len(tokenizer), DIMENSIONS)
            or self._positions.shape[0] < MAX_TOKENS
        ):
            raise ModelError("The sentence model does not fit its vocabulary or length.")
        self._tokenizer = tokenizer
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._recent_lock = threading.Lock()

    @property
    def tokenizer(self) -> WordPiece:
        return self._tokenizer

    @lru_cache(maxsize=256)  # noqa: B019 - one shared encoder per process, never freed
    def vector(self, text: str) -> np.ndarray:
        """The vector of one text (a question), cached: the same question is often
        asked of a document more than once (retried, or evaluated)."""
        if not isinstance(text, str):
            raise UsageError("vector needs a text.")
        out = self.vectors([text])[0]
        out.flags.writeable = False  # shared by every caller
        return out

    def vectors(self, texts: list[str]) -> np.ndarray:
        """One unit-length float32 row per text (all zeros for an empty text).

        The last RECENT_TEXTS texts' rows are kept: the job that summarizes an article
        encodes its best sentences, then the same job encodes all of them for answering,
        and a thread's later questions meet the same sentences again."""
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise UsageError("vectors needs a list of texts.")
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        missing: list[int] = []
        with self._recent_lock:
            for at, text in enumerate(texts):
                row = self._recent.get(text)
                if row is None:
                    missing.append(at)
                else:
                    self._recent.move_to_end(text)
                    out[at] = row
        if missing:
            fresh = self._encode([texts[at] for at in missing])
            out[missing] = fresh
            with self._recent_lock:
                for at, row in zip(missing, fresh, strict=True):
                    self._recent[texts[at]] = row
                while len(self._recent) > RECENT_TEXTS:
                    self._recent.popitem(last=False)
        return out

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        # upstream cuts a long text to its first MAX_TOKENS tokens, [SEP] kept last
        ids = [self._tokenizer.ids(t, MAX_TOKENS) for t in texts]
        lengths = np.asarray([len(i) for i in ids])
        order = np.argsort(lengths, kind="stable")
        start = 0
        while start < len(order):
            # texts of similar length together, as many as fit the token budget
            stop = start + 1
            while stop < len(order) and (stop - start + 1) * lengths[order[stop]] <= _BATCH_TOKENS:
                stop += 1
            batch = order[start:stop]
            out[batch] = self._forward([ids[i] for i in batch])
            start = stop
        out[np.asarray([not t.strip() for t in texts])] = 0.0
        return out

    def _forward(self, ids: list[list[int]]) -> np.ndarray:
        batch, width = len(ids), max(len(i) for i in ids)
        tokens = np.zeros((batch, width), dtype=np.int64)
        mask = np.zeros((batch, width), dtype=np.float32)
        for row, seq in enumerate(ids):
            tokens[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1.0
        # tokens as rows of one matrix: every dense layer is a single BLAS product
        words = self._words[tokens].astype(np.float32)
        x = _layer_norm(words + self._positions[:width], *self._embedding_norm)
        x = x.reshape(batch * width, DIMENSIONS)
        padding = ((1.0 - mask) * -1e4)[:, None, None, :]  # never attended to
        size = DIMENSIONS // _HEADS
        for layer in self._layers:
            # (batch, head, token, 32) blocks, contiguous so each product is one BLAS call
            q, k, v = np.ascontiguousarray(
                (x @ layer.qkv + layer.qkv_bias)
                .reshape(batch, width, 3, _HEADS, size)
                .transpose(2, 0, 3, 1, 4)
            )
            scores = q @ np.ascontiguousarray(k.transpose(0, 1, 3, 2)) * _SCALE + padding
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * width, DIMENSIONS)
            x = _layer_norm(
                context @ layer.attention_out + layer.attention_out_bias + x, *layer.attention_norm
            )
            hidden = _gelu(x @ layer.intermediate + layer.intermediate_bias)
            x = _layer_norm(hidden @ layer.out + layer.out_bias + x, *layer.out_norm)
        x = x.reshape(batch, width, DIMENSIONS)
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def load(directory: Path = MODEL_DIR, sha256: Mapping[str, str] = SHA256) -> Encoder:
    """The encoder from ``directory``'s ``model.safetensors`` and ``vocab.txt``, each
    refused (bot.errors.ModelError) unless its SHA-256 is the one ``sha256`` pins."""
    data = {name: tensors.checked(directory / name, sha256[name]) for name in SHA256}
    weights = tensors.read(data.pop("model.safetensors"), "sentence model's weights")
    try:
        vocabulary = data.pop("vocab.txt").decode("utf-8").split("\n")
    except UnicodeDecodeError:
        raise ModelError("The sentence model's vocab.txt is not UTF-8.") from None
    if vocabulary[-1] == "":
        vocabulary.pop()  # the last line's end
    return Encoder(weights, WordPiece(vocabulary))


@cache
def encoder() -> Encoder:
    """The shared encoder, loaded on first use (about 0.2 s and 70 MB)."""
    return load()
