"""Sentence-model vectors of a document's sentences: computed once, stored, reused.

The sentence model (bot.vectors.sentences) costs 12 to 20 ms per sentence, so its vectors are
the expensive part of an answer index. They are kept apart from the rest so that

- the job that summarizes an article can compute them once (``encode_all``) and
  store them with the article (``to_bytes``: a numpy ``.npz`` archive of float16
  rows, no pickle), and a question in another process starts from the store;
- a document too long to encode whole gets its vectors on demand (``ensure``): a
  question encodes only the sentences of the paragraphs its first stage keeps, at
  most ``max_new`` of them, and what was encoded stays for the next question.

Vectors are tied to the exact sentence list and model by a fingerprint: stored
vectors that do not match the document are refused, never silently misaligned.
"""

from __future__ import annotations

import hashlib
import io
import zipfile

import numpy as np

from bot.errors import InputError, UsageError
from bot.vectors import sentences as encoder

DIMENSIONS = encoder.DIMENSIONS
_FORMAT = 1


def fingerprint(sentences: list[str]) -> str:
    """What the vectors were computed from: the model's weights and every sentence."""
    digest = hashlib.sha256(f"{encoder.SHA256['model.safetensors']}:{len(sentences)}".encode())
    for s in sentences:
        digest.update(s.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


class SentenceVectors:
    """One unit-length row per sentence, or a row not computed yet (``filled`` False)."""

    def __init__(self, sentences: list[str]) -> None:
        self.sentences = sentences
        # float16 halves the stored size; cosines move by about 1e-3
        self.rows = np.zeros((len(sentences), DIMENSIONS), dtype=np.float16)
        self.filled = np.zeros(len(sentences), dtype=bool)
        self.encoded_here = 0  # sentences this object encoded itself (for tests and stats)

    @property
    def complete(self) -> bool:
        return bool(self.filled.all())

    def encode_all(self) -> SentenceVectors:
        """Encode every sentence not encoded yet (what the summarizing job does)."""
        self.ensure(np.arange(len(self.sentences)), max_new=None)
        return self

    def ensure(self, rows: np.ndarray, *, max_new: int | None) -> np.ndarray:
        """Encode the sentences ``rows`` lacking a vector, in the given order, at most
        ``max_new`` of them; returns the rows that have a vector now."""
        rows = np.asarray(rows, dtype=np.int64)
        missing = rows[~self.filled[rows]]
        if max_new is not None:
            missing = missing[:max_new]
        if len(missing):
            texts = [self.sentences[i] for i in missing]
            self.rows[missing] = encoder.encoder().vectors(texts).astype(np.float16)
            self.filled[missing] = True
            self.encoded_here += len(missing)
        return rows[self.filled[rows]]

    def cosines(self, asked: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """Cosine of ``asked`` with the sentences ``rows`` (default: all), 0 for the
        others and where no vector was computed."""
        out = np.zeros(len(self.sentences))
        picked = np.arange(len(self.sentences)) if rows is None else np.asarray(rows, dtype=np.int64)
        picked = picked[self.filled[picked]]
        # numpy has no fast float16 product: the picked rows are widened first
        out[picked] = self.rows[picked].astype(np.float32) @ asked.astype(np.float32)
        return out

    def to_bytes(self) -> bytes:
        """The vectors as an ``.npz`` archive (float16 rows, no pickled objects)."""
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            format=np.asarray([_FORMAT]),
            fingerprint=np.asarray([fingerprint(self.sentences)]),
            rows=self.rows,
            filled=self.filled,
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, sentences: list[str], data: bytes) -> SentenceVectors:
        """Vectors stored by ``to_bytes`` for exactly these ``sentences``; InputError if
        the archive is damaged or was made for other sentences or another model."""
        if not isinstance(data, bytes | bytearray | memoryview):
            raise UsageError("Stored sentence vectors must be bytes.")
        try:
            with np.load(io.BytesIO(bytes(data)), allow_pickle=False) as archive:
                fmt = int(archive["format"][0])
                stored = str(archive["fingerprint"][0])
                rows = archive["rows"]
                filled = archive["filled"]
        except (OSError, ValueError, KeyError, IndexError, zipfile.BadZipFile):
            raise InputError("The stored sentence vectors cannot be read.") from None
        if fmt != _FORMAT or stored != fingerprint(sentences):
            raise InputError("The stored sentence vectors belong to another text or model.")
        if rows.shape != (len(sentences), DIMENSIONS) or filled.shape != (len(sentences),):
            raise InputError("The stored sentence vectors have the wrong shape.")
        out = cls(sentences)
        out.rows[:] = rows
        out.filled[:] = filled.astype(bool)
        return out
